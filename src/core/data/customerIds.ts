/**
 * Customer ids: which cells name the same customer, and the order in which customers are reported.
 *
 * Rules (the function reference states them too):
 * - An id is a number or text. Text is trimmed at both ends (spaces around an id are invisible in a
 *   cell and almost always accidental).
 * - A number and the text that Excel would show for it are the same customer: 42 and "42" are one
 *   customer. Text that is not the plain form of a number ("0042", "4.20", "1e3", "C42") stays text, so
 *   ids with leading zeros keep them.
 * - Report order: numeric ids first, in numeric order, then text ids in alphabetical order ignoring
 *   case, comparing character codes (no locale: the order is the same on every machine); ids differing
 *   only in case are different customers and are ordered by their exact text ("A" before "a").
 */

import { ValueCoder } from "./valueCodes";

/** A customer id as it appears in a cell. */
export type CustomerId = string | number;

/**
 * The canonical key of an id: a number for numeric ids, trimmed text otherwise; `undefined` when the
 * value cannot be an id (blank text, non-finite number, or anything that is neither text nor number).
 */
export function canonicalCustomerId(value: unknown): CustomerId | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? normalizeZero(value) : undefined;
  if (typeof value !== "string") return undefined;
  const text = value.trim();
  if (text === "") return undefined;
  const asNumber = Number(text);
  if (Number.isFinite(asNumber) && String(asNumber) === text) return normalizeZero(asNumber);
  return text;
}

/** -0 and 0 are one id (and print as 0). */
function normalizeZero(n: number): number {
  return n === 0 ? 0 : n;
}

/** Compare two canonical ids in report order (numbers first, numerically; then text, case-insensitive). */
export function compareCustomerIds(a: CustomerId, b: CustomerId): number {
  if (typeof a === "number") {
    if (typeof b === "number") return a - b;
    return -1;
  }
  if (typeof b === "number") return 1;
  const la = a.toLowerCase();
  const lb = b.toLowerCase();
  if (la !== lb) return la < lb ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Interns customer ids to small integers (in order of first appearance), merging ids that are equal
 * after canonicalization (42 and "42"; " a" and "a").
 */
export class CustomerInterner {
  /** Codes of the canonical ids (their equality is the canonical ids' equality). */
  private readonly coder = new ValueCoder();

  /** Canonical ids in order of first appearance. */
  get ids(): CustomerId[] {
    return this.coder.values as CustomerId[];
  }

  /** Index of the customer named by the cell value `raw`, or -1 when `raw` cannot be an id. */
  add(raw: unknown): number {
    const key = canonicalCustomerId(raw);
    return key === undefined ? -1 : this.coder.code(key);
  }

  get size(): number {
    return this.coder.values.length;
  }

  /**
   * The report order: `rank[i]` is the position of interned customer `i` when all customers are sorted
   * with {@link compareCustomerIds}; `sorted` lists the ids in that order.
   */
  reportOrder(): { rank: Int32Array; sorted: CustomerId[] } {
    return reportOrder(this.ids);
  }
}

/**
 * The report order of distinct canonical ids (see {@link CustomerInterner.reportOrder}): `rank[i]` is
 * the position of `ids[i]` when sorted with {@link compareCustomerIds}.
 */
export function reportOrder(ids: readonly CustomerId[]): { rank: Int32Array; sorted: CustomerId[] } {
  const k = ids.length;
  let numericCount = 0;
  for (let i = 0; i < k; i++) if (typeof ids[i] === "number") numericCount++;
  const numericIdx = new Int32Array(numericCount);
  const textIdx = new Int32Array(k - numericCount);
  const numericValues = new Float64Array(numericCount);
  const texts: string[] = new Array(k - numericCount);
  for (let i = 0, a = 0, b = 0; i < k; i++) {
    const id = ids[i];
    if (typeof id === "number") {
      numericValues[a] = id;
      numericIdx[a++] = i;
    } else {
      texts[b] = id;
      textIdx[b++] = i;
    }
  }
  const numericOrder = sortDistinctNumbers(numericValues);
  const textOrder = sortTexts(texts);
  const rank = new Int32Array(k);
  const sorted: CustomerId[] = new Array(k);
  let pos = 0;
  for (let j = 0; j < numericOrder.length; j++) {
    const i = numericIdx[numericOrder[j]];
    rank[i] = pos;
    sorted[pos++] = ids[i];
  }
  for (let j = 0; j < textOrder.length; j++) {
    const i = textIdx[textOrder[j]];
    rank[i] = pos;
    sorted[pos++] = ids[i];
  }
  return { rank, sorted };
}

/**
 * Indices of distinct numbers in increasing order. Whole numbers in a span of a few times their count
 * (the usual ids 1..n) are placed by direct addressing in O(n + span); others by a comparison sort.
 */
function sortDistinctNumbers(values: Float64Array): Int32Array {
  const n = values.length;
  let min = Infinity;
  let max = -Infinity;
  let whole = true;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v < min) min = v;
    if (v > max) max = v;
    if (whole && !Number.isInteger(v)) whole = false;
  }
  const span = max - min + 1;
  if (n < 64 || !whole || !(span <= 4 * n + 1024)) return sortIndexByValue(values);
  const slot = new Int32Array(span).fill(-1);
  for (let i = 0; i < n; i++) slot[values[i] - min] = i;
  const order = new Int32Array(n);
  for (let s = 0, j = 0; s < span; s++) if (slot[s] >= 0) order[j++] = slot[s];
  return order;
}

/** Longest text id sorted by the radix path; longer ids take the comparison sort. */
const RADIX_MAX_LENGTH = 48;

/** Compare two text ids as compareCustomerIds does (lower case first, then exact text). */
function compareTexts(a: string, b: string): number {
  const la = a.toLowerCase();
  const lb = b.toLowerCase();
  if (la !== lb) return la < lb ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Indices of distinct text ids in report order (compareCustomerIds). ASCII ids of moderate length
 * (the usual case) are ordered by a least-significant-digit radix sort on their lower-case character
 * codes, one stable counting pass per character position (a position past the end of an id sorts
 * before every character, so a prefix comes first, as with `<`); ids equal ignoring case end up
 * adjacent and are then ordered by their exact text. Anything else takes the comparison sort.
 */
export function sortTexts(texts: readonly string[]): Int32Array {
  const n = texts.length;
  const radix = n >= 64 ? lowerCaseKeys(texts) : undefined;
  if (radix === undefined) {
    const order = new Int32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    order.sort((a, b) => compareTexts(texts[a], texts[b]));
    return order;
  }
  const { keys, longest } = radix;
  let order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let spare = new Int32Array(n);
  const count = new Int32Array(129);
  for (let pos = longest - 1; pos >= 0; pos--) {
    count.fill(0);
    const column = keys.subarray(pos * n, (pos + 1) * n);
    for (let i = 0; i < n; i++) count[column[i]]++;
    // A position where every id has the same character (a common prefix) does not reorder anything.
    if (count[column[0]] === n) continue;
    for (let b = 0, start = 0; b < 129; b++) {
      const c = count[b];
      count[b] = start;
      start += c;
    }
    for (let j = 0; j < n; j++) {
      const i = order[j];
      spare[count[column[i]]++] = i;
    }
    const t = order;
    order = spare;
    spare = t;
  }
  // Ids equal ignoring case ("ab", "AB") are adjacent: order each such run by the exact text.
  for (let j = 0; j < n; ) {
    let end = j + 1;
    while (end < n && sameKey(keys, n, longest, order[j], order[end])) end++;
    if (end - j > 1) order.subarray(j, end).sort((a, b) => (texts[a] < texts[b] ? -1 : texts[a] > texts[b] ? 1 : 0));
    j = end;
  }
  return order;
}

/** Columns (id positions) of the key matrix to start with; more (up to RADIX_MAX_LENGTH) when a longer id comes. */
const INITIAL_KEY_WIDTH = 16;

/**
 * Column-major `width × n` matrix of lower-case character codes + 1 (0 past the end of an id): the
 * codes at position p of every id are `keys[p * n .. p * n + n - 1]`, so that each radix pass reads one
 * column of n bytes (in cache) rather than one byte per id from all over the matrix. Made in one
 * pass over the ids (each is read once: at 100k ids scattered over the heap, every read is a cache
 * miss), with the length of the longest id; undefined when an id is longer than RADIX_MAX_LENGTH or has
 * a character outside ASCII (whose lower case needs the full Unicode rules).
 */
function lowerCaseKeys(texts: readonly string[]): { keys: Uint8Array; longest: number } | undefined {
  const n = texts.length;
  let width = INITIAL_KEY_WIDTH;
  let keys = new Uint8Array(n * width);
  let longest = 0;
  for (let i = 0; i < n; i++) {
    const s = texts[i];
    const length = s.length;
    if (length > width) {
      if (length > RADIX_MAX_LENGTH) return undefined;
      // More columns: the existing ones keep their place.
      width = Math.min(RADIX_MAX_LENGTH, Math.max(length, 2 * width));
      const wider = new Uint8Array(n * width);
      wider.set(keys);
      keys = wider;
    }
    if (length > longest) longest = length;
    for (let p = 0; p < length; p++) {
      let c = s.charCodeAt(p);
      if (c >= 128) return undefined;
      if (c >= 65 && c <= 90) c += 32;
      keys[p * n + i] = c + 1;
    }
  }
  return { keys, longest };
}

/** Whether ids a and b have the same key (positions 0 .. longest - 1 of the column-major matrix of n ids). */
function sameKey(keys: Uint8Array, n: number, longest: number, a: number, b: number): boolean {
  for (let p = 0, at = 0; p < longest; p++, at += n) if (keys[at + a] !== keys[at + b]) return false;
  return true;
}

/** Indices 0..n-1 ordered by increasing `values` (ties in index order). */
export function sortIndexByValue(values: ArrayLike<number>): Int32Array {
  const n = values.length;
  const index = new Int32Array(n);
  for (let i = 0; i < n; i++) index[i] = i;
  // Int32Array.prototype.sort with a comparator is a native, stable sort of plain integers.
  index.sort((a, b) => values[a] - values[b] || a - b);
  return index;
}
