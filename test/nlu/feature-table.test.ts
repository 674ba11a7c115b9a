import { describe, expect, it } from 'vitest';
import { encodeVocabulary, FeatureTable } from '../../src/nlu/feature-table.ts';

describe('the feature table of a model', () => {
  const names = Array.from({ length: 20_000 }, (_, i) => `c:${String.fromCharCode(0x4e00 + (i % 2000))}${String.fromCharCode(0x4e00 + Math.floor(i / 2000))}`);
  const table = new FeatureTable(encodeVocabulary(names));

  it('finds every known feature at its row', () => {
    expect(table.size).toBe(names.length);
    expect(names.every((name, row) => table.rowOf(name) === row)).toBe(true);
  });

  it('knows no other feature, however close its name', () => {
    const others = names.map((name) => `${name}x`).concat(names.map((name) => name.replace('c:', 'w:')), ['', 'c:']);
    expect(others.filter((name) => table.rowOf(name) !== -1)).toEqual([]);
  });

  it('refuses a vocabulary that names a feature twice', () => {
    expect(() => encodeVocabulary(['c:低保', 'c:低保'])).toThrow(/one hash/);
  });

  it('refuses hashes that are not whole 64-bit values', () => {
    expect(() => new FeatureTable(Buffer.alloc(12).toString('base64'))).toThrow(/64-bit/);
  });
});
