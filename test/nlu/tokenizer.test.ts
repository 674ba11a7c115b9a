import { beforeAll, describe, expect, it } from 'vitest';
import { normalizeText, Tokenizer } from '../../src/nlu/tokenizer.ts';

describe('the tokenizer', () => {
  let tokenizer: Tokenizer;
  beforeAll(() => {
    tokenizer = new Tokenizer();
  });

  it('segments colloquial Chinese into words and drops question words and particles', () => {
    const terms = tokenizer.terms('低保怎么申请啊，要带啥东西');
    expect(terms).toContain('低保');
    expect(terms).not.toContain('怎么');
    expect(terms).not.toContain('啊');
    expect(terms).not.toContain('，');
  });

  it('keeps words added from the knowledge base whole', () => {
    tokenizer.addWords(['揭不开锅了吧', '老年优待']);
    expect(tokenizer.words('我家揭不开锅了吧怎么办')).toContain('揭不开锅了吧');
  });

  it('normalizes full-width letters, digits and spaces', () => {
    expect(normalizeText('　ＡＢＣ１２３  低保 ')).toBe('abc123 低保');
  });

  it('returns nothing for empty, whitespace-only and punctuation-only text', () => {
    expect(tokenizer.terms('')).toEqual([]);
    expect(tokenizer.terms('   ')).toEqual([]);
    expect(tokenizer.terms('？？！！。。')).toEqual([]);
  });

  it('handles mixed scripts', () => {
    const terms = tokenizer.terms('医保card怎么交，2025年的');
    expect(terms).toContain('医保');
    expect(terms).toContain('card');
  });
});
