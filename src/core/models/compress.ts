/**
 * Customer histories for the count models: checking, compressing to unique rows with weights, and a
 * content hash for caching fits by input (DESIGN §3 "Limits", §4.2).
 *
 * Compression uses an open-addressing hash table on the bit patterns of (x, t_x, T), which is several
 * times faster than a Map keyed on strings and allocates nothing per row. Rows keep the order of
 * their first appearance, so a fit is deterministic for given input.
 */
import { invalidArgument } from "../errors";

/**
 * The most transaction opportunities a discrete-time history may have. BG/BB's likelihood and
 * predictions sum over the opportunities one by one (Fader, Hardie & Shang 2010, eq. 5), so their cost
 * grows with n; discrete opportunities are years, campaigns or issues, rarely more than a few hundred.
 * At this cap a worst-case fit still finishes in about a second.
 */
export const MAX_OPPORTUNITIES = 1_000;
import type { CompressedCountData, CountData, SpendData } from "./model";

/** How messages name a row: `rowLabel(i)` for the i-th (0-based) row of the data, e.g. "row 17". */
export type RowLabel = (i: number) => string;

const defaultRowLabel: RowLabel = (i) => `row ${i + 1}`;

/** Argument names used in messages (the Excel wrappers' parameter names). */
export interface CountArgNames {
  readonly x: string;
  readonly tx: string;
  readonly T: string;
  readonly weight: string;
}

const DEFAULT_NAMES: CountArgNames = { x: "frequency", tx: "recency", T: "T", weight: "weights" };

export interface CountDataOptions {
  /** BG/BB-style discrete data: t_x and T are whole numbers of opportunities */
  readonly discrete?: boolean;
  readonly rowLabel?: RowLabel;
  readonly names?: Partial<CountArgNames>;
  /** refuse data in which every customer has x = 0 (nothing to fit); default true */
  readonly requireRepeat?: boolean;
}

function toFloat64(v: ArrayLike<number>): Float64Array {
  return v instanceof Float64Array ? v : Float64Array.from(v);
}

/**
 * Builds `CountData` from columns and checks every row: x a whole number >= 0; 0 <= t_x <= T;
 * t_x = 0 when x = 0; weights finite and >= 0 (rows with weight 0 are kept but count for nothing).
 * Discrete data also need whole t_x and T with x <= t_x when x > 0. Throws #VALUE! naming the
 * argument and the row.
 */
export function makeCountData(
  x: ArrayLike<number>,
  tx: ArrayLike<number>,
  T: ArrayLike<number>,
  weight?: ArrayLike<number>,
  options: CountDataOptions = {},
): CountData {
  const names = { ...DEFAULT_NAMES, ...options.names };
  const label = options.rowLabel ?? defaultRowLabel;
  const n = x.length;
  if (tx.length !== n || T.length !== n || (weight && weight.length !== n)) {
    const sizes = [`${names.x} ${n}`, `${names.tx} ${tx.length}`, `${names.T} ${T.length}`];
    if (weight) sizes.push(`${names.weight} ${weight.length}`);
    throw invalidArgument(`${names.x}, ${names.tx} and ${names.T} must have the same number of rows (${sizes.join(", ")}).`);
  }
  if (n === 0) throw invalidArgument(`${names.x}: no customers to fit (the ranges are empty).`);
  const w = weight ? toFloat64(weight) : new Float64Array(n).fill(1);
  let anyRepeat = false;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const xi = x[i];
    const ti = tx[i];
    const Ti = T[i];
    const wi = w[i];
    if (!Number.isFinite(xi) || xi < 0 || !Number.isInteger(xi)) {
      throw invalidArgument(`${names.x}: ${label(i)} is ${xi}; frequency is a whole number of repeat purchases (0 or more).`);
    }
    if (!Number.isFinite(ti) || ti < 0) {
      throw invalidArgument(`${names.tx}: ${label(i)} is ${ti}; recency must be a number of at least 0.`);
    }
    if (!Number.isFinite(Ti) || Ti < 0) {
      throw invalidArgument(`${names.T}: ${label(i)} is ${Ti}; T (the customer's age) must be a number of at least 0.`);
    }
    if (ti > Ti * (1 + 1e-12)) {
      throw invalidArgument(
        `${names.tx}: ${label(i)} is ${ti}, larger than ${names.T} (${Ti}); recency (time of the last purchase) cannot exceed the customer's age.`,
      );
    }
    if (xi === 0 && ti !== 0) {
      throw invalidArgument(
        `${names.tx}: ${label(i)} is ${ti} but ${names.x} is 0; with no repeat purchases recency must be 0.`,
      );
    }
    if (options.discrete) {
      if (!Number.isInteger(ti) || !Number.isInteger(Ti)) {
        throw invalidArgument(
          `${Number.isInteger(ti) ? names.T : names.tx}: ${label(i)} is ${Number.isInteger(ti) ? Ti : ti}; ` +
            `in a discrete-time model it counts transaction opportunities and must be a whole number.`,
        );
      }
      if (xi > ti) {
        throw invalidArgument(`${names.x}: ${label(i)} is ${xi}, more than ${names.tx} (${ti}); at most one transaction per opportunity.`);
      }
      if (Ti > MAX_OPPORTUNITIES) {
        // Discrete-time formulas sum over the opportunities one by one (BG/BB likelihood, Fader, Hardie &
        // Shang 2010 eq. 5): an absurd count would keep Excel busy for no meaningful answer.
        throw invalidArgument(`${names.T}: ${label(i)} is ${Ti}; a discrete-time model takes at most ${MAX_OPPORTUNITIES.toLocaleString("en-US")} opportunities.`);
      }
    }
    if (!Number.isFinite(wi) || wi < 0) {
      throw invalidArgument(`${names.weight}: ${label(i)} is ${wi}; weights must be numbers of at least 0.`);
    }
    total += wi;
    if (xi > 0 && wi > 0) anyRepeat = true;
  }
  if (!(total > 0)) throw invalidArgument(`${names.weight}: all weights are 0; there are no customers to fit.`);
  if ((options.requireRepeat ?? true) && !anyRepeat) {
    throw invalidArgument(
      `${names.x}: every customer has 0 repeat purchases, so purchase rates cannot be estimated; the data need some repeat buyers.`,
    );
  }
  return { x: toFloat64(x), tx: toFloat64(tx), T: toFloat64(T), weight: w, length: n };
}

const scratch = new Float64Array(1);
const scratchBits = new Uint32Array(scratch.buffer);

/** A 32-bit hash step on the bit pattern of a double (-0 and 0 hash alike). */
function mixDouble(h: number, v: number): number {
  scratch[0] = v === 0 ? 0 : v;
  h = Math.imul(h ^ scratchBits[0], 0x9e3779b1);
  h = (h << 13) | (h >>> 19);
  h = Math.imul(h ^ scratchBits[1], 0x85ebca77);
  return (h ^ (h >>> 16)) >>> 0;
}

function isCompressed(d: CountData): d is CompressedCountData {
  return (d as CompressedCountData).xIndex !== undefined;
}

/**
 * Unique (x, t_x, T) rows with summed weights and the distinct-x index (DESIGN §4.2). Rows of weight
 * 0 are dropped. Already-compressed data are returned as they are.
 */
export function compressCountData(d: CountData): CompressedCountData {
  if (isCompressed(d)) return d;
  const n = d.length;
  let size = 16;
  while (size < 2 * n) size *= 2;
  const mask = size - 1;
  const slots = new Int32Array(size).fill(-1);
  const ux = new Float64Array(n);
  const utx = new Float64Array(n);
  const uT = new Float64Array(n);
  const uw = new Float64Array(n);
  let m = 0;
  let totalWeight = 0;
  let maxX = 0;
  for (let i = 0; i < n; i++) {
    const wi = d.weight[i];
    if (!(wi > 0)) continue;
    const xi = d.x[i];
    const ti = d.tx[i];
    const Ti = d.T[i];
    let h = mixDouble(mixDouble(mixDouble(0x811c9dc5, xi), ti), Ti) & mask;
    for (;;) {
      const s = slots[h];
      if (s < 0) {
        slots[h] = m;
        ux[m] = xi;
        utx[m] = ti;
        uT[m] = Ti;
        uw[m] = wi;
        m++;
        if (xi > maxX) maxX = xi;
        break;
      }
      if (ux[s] === xi && utx[s] === ti && uT[s] === Ti) {
        uw[s] += wi;
        break;
      }
      h = (h + 1) & mask;
    }
    totalWeight += wi;
  }
  const x = ux.slice(0, m);
  const { xValues, xIndex, xWeight } = distinctValues(x, uw.subarray(0, m), maxX);
  return { x, tx: utx.slice(0, m), T: uT.slice(0, m), weight: uw.slice(0, m), length: m, totalWeight, xValues, xIndex, xWeight };
}

/** Distinct whole numbers of `x` ascending, each row's index among them, and weight per value. */
export function distinctValues(
  x: Float64Array,
  weight: Float64Array,
  maxX?: number,
): { xValues: Float64Array; xIndex: Int32Array; xWeight: Float64Array } {
  const m = x.length;
  let hi = maxX ?? 0;
  if (maxX === undefined) for (let i = 0; i < m; i++) if (x[i] > hi) hi = x[i];
  const xIndex = new Int32Array(m);
  if (hi <= 4 * m + 1024) {
    // Frequencies are whole numbers: a direct lookup table beats a Map.
    const slot = new Int32Array(hi + 1).fill(-1);
    for (let i = 0; i < m; i++) slot[x[i]] = 0;
    let k = 0;
    for (let v = 0; v <= hi; v++) if (slot[v] === 0) slot[v] = k++;
    const xValues = new Float64Array(k);
    const xWeight = new Float64Array(k);
    for (let v = 0; v <= hi; v++) if (slot[v] >= 0) xValues[slot[v]] = v;
    for (let i = 0; i < m; i++) {
      const j = slot[x[i]];
      xIndex[i] = j;
      xWeight[j] += weight[i];
    }
    return { xValues, xIndex, xWeight };
  }
  const values = Array.from(new Set(x)).sort((a, b) => a - b);
  const pos = new Map(values.map((v, i) => [v, i]));
  const xWeight = new Float64Array(values.length);
  for (let i = 0; i < m; i++) {
    const j = pos.get(x[i])!;
    xIndex[i] = j;
    xWeight[j] += weight[i];
  }
  return { xValues: Float64Array.from(values), xIndex, xWeight };
}

/**
 * A hash of the data's content that does not depend on row order (rows are hashed one by one and the
 * hashes added), for caching fits by input. Two independent 32-bit lanes plus the row count and the
 * total weight make accidental collisions negligible for this use.
 */
export function contentHash(columns: readonly Float64Array[], weight: Float64Array): string {
  const n = weight.length;
  let lane1 = 0;
  let lane2 = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    let h1 = 0x243f6a88;
    let h2 = 0x13198a2e;
    for (const c of columns) {
      h1 = mixDouble(h1, c[i]);
      h2 = mixDouble(h2 ^ 0x5bd1e995, c[i]);
    }
    h1 = mixDouble(h1, weight[i]);
    h2 = mixDouble(h2, weight[i]);
    lane1 = (lane1 + h1) >>> 0;
    lane2 = (lane2 + h2) >>> 0;
    total += weight[i];
  }
  return `${n}:${total}:${lane1.toString(36)}:${lane2.toString(36)}`;
}

/** The content hash of compressed count data (the key of the fit cache). */
export function countDataHash(d: CompressedCountData): string {
  return contentHash([d.x, d.tx, d.T], d.weight);
}

/* ----------------------------------------------------------------------------------------------
 * Spend data (Gamma-Gamma)
 * -------------------------------------------------------------------------------------------- */

export interface SpendArgNames {
  readonly x: string;
  readonly m: string;
  readonly weight: string;
}

/** Builds and checks `SpendData`: x a whole number >= 0, m finite, weights finite and >= 0. */
export function makeSpendData(
  x: ArrayLike<number>,
  m: ArrayLike<number>,
  weight?: ArrayLike<number>,
  options: { rowLabel?: RowLabel; names?: Partial<SpendArgNames> } = {},
): SpendData {
  const names: SpendArgNames = { x: "frequency", m: "monetary", weight: "weights", ...options.names };
  const label = options.rowLabel ?? defaultRowLabel;
  const n = x.length;
  if (m.length !== n || (weight && weight.length !== n)) {
    throw invalidArgument(`${names.x} and ${names.m} must have the same number of rows (${n} and ${m.length}).`);
  }
  if (n === 0) throw invalidArgument(`${names.x}: no customers to fit (the ranges are empty).`);
  const w = weight ? toFloat64(weight) : new Float64Array(n).fill(1);
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(x[i]) || x[i] < 0 || !Number.isInteger(x[i])) {
      throw invalidArgument(`${names.x}: ${label(i)} is ${x[i]}; frequency is a whole number of repeat purchases (0 or more).`);
    }
    if (!Number.isFinite(m[i])) throw invalidArgument(`${names.m}: ${label(i)} is not a finite number.`);
    if (!Number.isFinite(w[i]) || w[i] < 0) {
      throw invalidArgument(`${names.weight}: ${label(i)} is ${w[i]}; weights must be numbers of at least 0.`);
    }
  }
  return { x: toFloat64(x), m: toFloat64(m), weight: w, length: n };
}

/* ----------------------------------------------------------------------------------------------
 * Distinct times
 * -------------------------------------------------------------------------------------------- */

/** The distinct values of t_x and T together, and each row's index into them. */
export interface TimeIndex {
  readonly values: Float64Array;
  readonly txIndex: Int32Array;
  readonly TIndex: Int32Array;
}

const timeIndexCache = new WeakMap<CountData, TimeIndex | null>();

/**
 * The overall purchase rate λ̂ = Σ w·x / Σ w·T (1 when there are no repeat purchases or no time), and
 * the total observed time Σ w·T: what the count models' starting points are built from.
 */
export function purchaseRate(d: CountData): { rate: number; totalTime: number } {
  let sx = 0;
  let sT = 0;
  for (let i = 0; i < d.length; i++) {
    sx += d.weight[i] * d.x[i];
    sT += d.weight[i] * d.T[i];
  }
  return { rate: sx > 0 && sT > 0 ? sx / sT : 1, totalTime: sT };
}

/**
 * When t_x and T take few distinct values (data summarised from dates take one value per day), the
 * likelihoods compute ln(α + t) once per distinct time instead of twice per row. Returns null when
 * the times are nearly all distinct (simulated continuous data), where the index would not pay.
 * Cached per data object.
 */
export function timeIndex(d: CountData): TimeIndex | null {
  const cached = timeIndexCache.get(d);
  if (cached !== undefined) return cached;
  const n = d.length;
  let size = 16;
  while (size < 4 * n) size *= 2;
  const mask = size - 1;
  const slots = new Int32Array(size).fill(-1);
  const values = new Float64Array(2 * n);
  const txIndex = new Int32Array(n);
  const TIndex = new Int32Array(n);
  let m = 0;
  const limit = Math.max(64, n / 4); // give up when more than a quarter of the rows' times are distinct
  const lookup = (v: number): number => {
    let h = mixDouble(0x2545f491, v) & mask;
    for (;;) {
      const s = slots[h];
      if (s < 0) {
        slots[h] = m;
        values[m] = v;
        return m++;
      }
      if (values[s] === v) return s;
      h = (h + 1) & mask;
    }
  };
  for (let i = 0; i < n; i++) {
    txIndex[i] = lookup(d.tx[i]);
    TIndex[i] = lookup(d.T[i]);
    if (m > limit) {
      timeIndexCache.set(d, null);
      return null;
    }
  }
  const out: TimeIndex = { values: values.slice(0, m), txIndex, TIndex };
  timeIndexCache.set(d, out);
  return out;
}

/**
 * A weighted subsample of compressed data for the multi-start phase of a fit (see fitting.ts):
 * `target` systematic draws proportional to weight; total weight is preserved.
 */
export function subsampleCountData(d: CompressedCountData, target: number): CompressedCountData {
  const { rows, weight } = systematicSubsample(d.weight, target);
  const m = rows.length;
  const x = new Float64Array(m);
  const tx = new Float64Array(m);
  const T = new Float64Array(m);
  for (let k = 0; k < m; k++) {
    x[k] = d.x[rows[k]];
    tx[k] = d.tx[rows[k]];
    T[k] = d.T[rows[k]];
  }
  const { xValues, xIndex, xWeight } = distinctValues(x, weight);
  let totalWeight = 0;
  for (let k = 0; k < m; k++) totalWeight += weight[k];
  return { x, tx, T, weight, length: m, totalWeight, xValues, xIndex, xWeight };
}

/**
 * The time scale fits divide times by: the customers' mean age Σ w·T / Σ w (1 when every T is 0).
 * Whether the data are in weeks or milliseconds, the scaled times are then the same numbers, of order
 * 1, so the optimiser's steps, limits and tolerances on ln α do not depend on the unit.
 */
export function timeScale(d: CountData): number {
  let sT = 0;
  let sw = 0;
  for (let i = 0; i < d.length; i++) {
    sT += d.weight[i] * d.T[i];
    sw += d.weight[i];
  }
  const c = sT / sw;
  return c > 0 && Number.isFinite(c) ? c : 1;
}

/** The same customers with t_x and T divided by `c` (frequencies, weights and the x index shared). */
export function scaleCountTimes(d: CompressedCountData, c: number): CompressedCountData {
  if (c === 1) return d;
  const tx = new Float64Array(d.length);
  const T = new Float64Array(d.length);
  for (let i = 0; i < d.length; i++) {
    tx[i] = d.tx[i] / c;
    T[i] = d.T[i] / c;
  }
  return { ...d, tx, T };
}

/** Σ w·x: the number of repeat purchases, each a purchase-time density in continuous-time likelihoods. */
export function repeatPurchases(d: CountData): number {
  let s = 0;
  for (let i = 0; i < d.length; i++) s += d.weight[i] * d.x[i];
  return s;
}

/**
 * Systematic sampling proportional to weight: `target` equally spaced points on the cumulative
 * weight; a row hit k times gets weight k·step, so the subsample's weights sum to the total and heavy
 * rows are kept with (almost) their full weight. Returns the chosen row indices and their weights.
 */
export function systematicSubsample(weight: Float64Array, target: number): { rows: Int32Array; weight: Float64Array } {
  const n = weight.length;
  let total = 0;
  for (let i = 0; i < n; i++) total += weight[i];
  const step = total / target;
  const rows: number[] = [];
  const w: number[] = [];
  let cum = 0;
  let next = step / 2;
  for (let i = 0; i < n; i++) {
    cum += weight[i];
    let hits = 0;
    while (next <= cum) {
      hits++;
      next += step;
    }
    if (hits > 0) {
      rows.push(i);
      w.push(hits * step);
    }
  }
  return { rows: Int32Array.from(rows), weight: Float64Array.from(w) };
}
