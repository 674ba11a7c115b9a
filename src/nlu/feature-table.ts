/**
 * A model's feature vocabulary as 64-bit hashes of the feature names, looked up in an
 * open-addressing table of typed arrays. A model file stores the hashes, not the names: start-up
 * then neither parses hundreds of thousands of strings nor builds a Map of them (it did both, about
 * 0.5 s and 60 MB of heap for the two model files), and a lookup costs one hash of the name.
 * Two 32-bit FNV-1a lanes with different offsets make the 64 bits; an unseen feature taken for a
 * known one is a chance of about n/2⁶⁴ per lookup, and the trainer refuses two known features with
 * one hash.
 */

const PRIME = 0x01000193;

/** The two 32-bit halves of a feature name's hash. */
export function featureHash(name: string): [number, number] {
  let high = 0x811c9dc5;
  let low = 0x050c5d1f;
  for (let i = 0; i < name.length; i++) {
    const code = name.charCodeAt(i);
    high = Math.imul(high ^ code, PRIME);
    low = Math.imul(low ^ (code + 0x9e37), PRIME) ^ (low >>> 15);
  }
  return [high >>> 0, low >>> 0];
}

/** The hashes of a vocabulary, as stored: high and low half of each feature in turn (little-endian Uint32, base64). */
export function encodeVocabulary(names: readonly string[]): string {
  const hashes = Buffer.alloc(names.length * 8);
  const seen = new Map<string, string>();
  names.forEach((name, row) => {
    const [high, low] = featureHash(name);
    const key = `${high}:${low}`;
    const other = seen.get(key);
    if (other !== undefined) throw new Error(`feature table: "${name}" and "${other}" have one hash`);
    seen.set(key, name);
    hashes.writeUInt32LE(high, row * 8);
    hashes.writeUInt32LE(low, row * 8 + 4);
  });
  return hashes.toString('base64');
}

/** Finds a feature's row by its name. */
export class FeatureTable {
  readonly size: number;
  private readonly hashes: Uint32Array;
  /** Row + 1 of the feature in each slot, 0 for an empty slot. */
  private readonly slots: Int32Array;
  private readonly mask: number;

  constructor(encoded: string) {
    const raw = Buffer.from(encoded, 'base64');
    if (raw.byteLength % 8 !== 0) throw new Error('feature table: the hashes are not whole 64-bit values');
    this.hashes = new Uint32Array(raw.byteLength / 4);
    for (let i = 0; i < this.hashes.length; i++) this.hashes[i] = raw.readUInt32LE(i * 4);
    this.size = this.hashes.length / 2;
    let capacity = 16;
    while (capacity < this.size * 2) capacity *= 2;
    this.slots = new Int32Array(capacity);
    this.mask = capacity - 1;
    for (let row = 0; row < this.size; row++) {
      let slot = this.hashes[row * 2 + 1]! & this.mask;
      while (this.slots[slot] !== 0) slot = (slot + 1) & this.mask;
      this.slots[slot] = row + 1;
    }
  }

  /** The feature's row, or -1 when the model does not know it. */
  rowOf(name: string): number {
    const [high, low] = featureHash(name);
    for (let slot = low & this.mask; ; slot = (slot + 1) & this.mask) {
      const entry = this.slots[slot]!;
      if (entry === 0) return -1;
      const row = entry - 1;
      if (this.hashes[row * 2 + 1] === low && this.hashes[row * 2] === high) return row;
    }
  }
}
