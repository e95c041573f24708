/**
 * Small integer codes for cell values: each distinct value gets the next code, in order of first
 * appearance, and two cells get the same code exactly when they are equal under SameValueZero (the key
 * equality of a JavaScript Map: text by its characters, numbers by value with 0 and -0 equal).
 *
 * Customer id columns are the hot case: a million rows naming a hundred thousand customers, as text,
 * in any order. A Map costs two or three cache misses per look-up at that size (its bucket array, its
 * entry chain and the key's cached hash), and on a 2-core machine that was half of the time of a whole
 * transaction summary. Text is therefore coded through an open-addressing table of typed arrays: the
 * hash is computed from the text's UTF-16 code units (which the reader touches anyway), a probe reads
 * one 32-bit slot (a code and 8 bits of the hash), and a candidate is confirmed by `===` against the
 * stored value, so two texts share a code only when they are the same text. Anything that is not text (numbers, and whatever a
 * caller wants to reject later) goes through a Map.
 */

/** Smallest table (slots); grown by doubling whenever it is over 4/5 full. */
const INITIAL_SLOTS = 1 << 12;
/** A slot holds (code + 1) in its low 24 bits (0: empty) and the top 8 bits of the text's hash. */
const CODE_BITS = 24;
const CODE_MASK = (1 << CODE_BITS) - 1;
const TAG_MASK = ~CODE_MASK;

export class ValueCoder {
  /** The distinct values, by code. */
  readonly values: unknown[] = [];
  /**
   * Open-addressing table of text codes with 8 bits of their hash, one 32-bit slot each, linear probing.
   * Four slots in five may be used, so 100k ids fit in 512 KB (a core's L2 cache on the project machine).
   */
  private table = new Int32Array(INITIAL_SLOTS);
  private mask = INITIAL_SLOTS - 1;
  /** Text values in the table. */
  private textCount = 0;
  /** Hash of each value by code (texts only), so that growing the table never reads the texts again. */
  private hashes = new Int32Array(INITIAL_SLOTS);
  /** Texts coded after 2^24 - 1 values, whose codes do not fit a slot (not reachable from a sheet). */
  private overflowTexts: Map<string, number> | undefined;
  /** Codes of values other than text. */
  private readonly others = new Map<unknown, number>();

  /**
   * `tableCodes`: how many codes the table holds before later texts go to a Map (2^24 - 1, more than
   * a sheet has rows; tests pass a small number to exercise that path).
   */
  constructor(private readonly tableCodes = CODE_MASK) {}

  /** The code of `value`, assigning the next one when it is new. */
  code(value: unknown): number {
    return typeof value === "string" ? this.textCode(value) : this.otherCode(value);
  }

  /** The code of a text. */
  textCode(text: string): number {
    const hash = hashText(text);
    const tag = hash & TAG_MASK;
    const table = this.table;
    const mask = this.mask;
    for (let at = hash & mask; ; at = (at + 1) & mask) {
      const slot = table[at];
      if (slot === 0) return this.overflowTexts === undefined ? this.insertText(text, hash, at) : this.overflowCode(text, hash, at);
      if ((slot & TAG_MASK) === tag) {
        const code = (slot & CODE_MASK) - 1;
        if (this.values[code] === text) return code;
      }
    }
  }

  private insertText(text: string, hash: number, at: number): number {
    const code = this.values.length;
    this.values.push(text);
    if (code >= this.tableCodes) {
      (this.overflowTexts ??= new Map()).set(text, code);
      return code;
    }
    this.table[at] = (hash & TAG_MASK) | (code + 1);
    if (code >= this.hashes.length) {
      const longer = new Int32Array(2 * this.hashes.length);
      longer.set(this.hashes);
      this.hashes = longer;
    }
    this.hashes[code] = hash;
    if (++this.textCount * 5 > this.table.length * 4) this.grow();
    return code;
  }

  private overflowCode(text: string, hash: number, at: number): number {
    const known = this.overflowTexts!.get(text);
    return known !== undefined ? known : this.insertText(text, hash, at);
  }

  /** Double the table and re-place every text by its stored hash. */
  private grow(): void {
    const old = this.table;
    const table = new Int32Array(2 * old.length);
    const mask = table.length - 1;
    for (let p = 0; p < old.length; p++) {
      const slot = old[p];
      if (slot === 0) continue;
      let at = this.hashes[(slot & CODE_MASK) - 1] & mask;
      while (table[at] !== 0) at = (at + 1) & mask;
      table[at] = slot;
    }
    this.table = table;
    this.mask = mask;
  }

  private otherCode(value: unknown): number {
    let code = this.others.get(value);
    if (code === undefined) {
      code = this.values.length;
      this.values.push(value);
      this.others.set(value, code);
    }
    return code;
  }
}

/**
 * 32-bit FNV-1a over the UTF-16 code units, then a multiply-xorshift finaliser so that the low bits
 * used by the table depend on every character (ids often differ only in their last digits).
 */
function hashText(text: string): number {
  let h = 0x811c9dc5 | 0;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  return h ^ (h >>> 15);
}

/** Encode a column of values: row i's value is `values[codes[i]]`. */
export function encodeValues(column: ArrayLike<unknown>): { codes: Int32Array; values: unknown[] } {
  const n = column.length;
  const codes = new Int32Array(n);
  const coder = new ValueCoder();
  for (let i = 0; i < n; i++) codes[i] = coder.code(column[i]);
  return { codes, values: coder.values };
}
