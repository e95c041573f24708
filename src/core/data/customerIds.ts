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
  /** Canonical ids in order of first appearance. */
  readonly ids: CustomerId[] = [];
  private readonly byCanonical = new Map<CustomerId, number>();

  /** Index of the customer named by the cell value `raw`, or -1 when `raw` cannot be an id. */
  add(raw: unknown): number {
    const key = canonicalCustomerId(raw);
    if (key === undefined) return -1;
    let index = this.byCanonical.get(key);
    if (index === undefined) {
      index = this.ids.length;
      this.ids.push(key);
      this.byCanonical.set(key, index);
    }
    return index;
  }

  get size(): number {
    return this.ids.length;
  }

  /**
   * The report order: `rank[i]` is the position of interned customer `i` when all customers are sorted
   * with {@link compareCustomerIds}; `sorted` lists the ids in that order.
   */
  reportOrder(): { rank: Int32Array; sorted: CustomerId[] } {
    const k = this.ids.length;
    const numericIdx: number[] = [];
    const textIdx: number[] = [];
    for (let i = 0; i < k; i++) (typeof this.ids[i] === "number" ? numericIdx : textIdx).push(i);
    // Numbers: a typed-array sort of (value, index) pairs is much faster than a comparator sort.
    const numericValues = new Float64Array(numericIdx.length);
    for (let j = 0; j < numericIdx.length; j++) numericValues[j] = this.ids[numericIdx[j]] as number;
    const numericOrder = sortIndexByValue(numericValues);
    const textOrder = textIdx.map((_, j) => j);
    const lower = textIdx.map((i) => (this.ids[i] as string).toLowerCase());
    textOrder.sort((a, b) => {
      if (lower[a] !== lower[b]) return lower[a] < lower[b] ? -1 : 1;
      const ta = this.ids[textIdx[a]] as string;
      const tb = this.ids[textIdx[b]] as string;
      return ta < tb ? -1 : ta > tb ? 1 : 0;
    });
    const rank = new Int32Array(k);
    const sorted: CustomerId[] = new Array(k);
    let pos = 0;
    for (let j = 0; j < numericOrder.length; j++) {
      const i = numericIdx[numericOrder[j]];
      rank[i] = pos;
      sorted[pos++] = this.ids[i];
    }
    for (let j = 0; j < textOrder.length; j++) {
      const i = textIdx[textOrder[j]];
      rank[i] = pos;
      sorted[pos++] = this.ids[i];
    }
    return { rank, sorted };
  }
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
