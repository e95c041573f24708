/**
 * Quantile scores for RFM analysis (Hughes 1994, "Strategic Database Marketing": customers are ranked
 * on recency, frequency and monetary value and each ranking is cut into quintiles, 5 = best).
 *
 * Rule: the score of a value v among n values, with `bins` scores, is
 *
 *     score(v) = 1 + floor(bins × (number of values strictly below v) / n)
 *
 * so that
 * - equal values always get the same score (ties are never split between bins),
 * - without ties the bins are balanced (their sizes differ by at most one),
 * - the lowest value always scores 1; when many customers share one value (e.g. a single purchase),
 *   the bins above that block are as balanced as the block allows, and some scores may be unused.
 * Recency is scored reversed (recent = high): the score counts the values strictly *above* instead,
 * i.e. customers who bought longer ago than this one.
 * Non-finite values (NaN: a blank row) get score 0, meaning "no score", and do not count in n.
 */
import { invalidArgument } from "../errors";

export const DEFAULT_BINS = 5;
/** Scores are single digits so that an RFM code like "545" reads unambiguously. */
export const MAX_BINS = 9;

export function checkBins(bins: number | undefined, name = "bins"): number {
  if (bins === undefined) return DEFAULT_BINS;
  if (!Number.isInteger(bins) || bins < 2 || bins > MAX_BINS) {
    throw invalidArgument(`${name} is ${bins}; use a whole number from 2 to ${MAX_BINS}`);
  }
  return bins;
}

/**
 * Quantile scores 1..bins of `values` (see the module comment); `descending` scores small values high
 * (recency in days). NaN values score 0.
 */
export function quantileScores(values: ArrayLike<number>, bins: number = DEFAULT_BINS, descending = false): Uint8Array {
  checkBins(bins);
  const n = values.length;
  const finite: number[] = [];
  for (let i = 0; i < n; i++) if (Number.isFinite(values[i])) finite.push(descending ? -values[i] : values[i]);
  const sorted = Float64Array.from(finite).sort();
  const m = sorted.length;
  const scores = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    const below = countBelow(sorted, descending ? -v : v);
    // below * bins and m are integers far below 2^53: the quotient's floor is exact.
    scores[i] = Math.min(bins, 1 + Math.floor((below * bins) / m));
  }
  return scores;
}

/** Number of entries of the ascending array strictly below `v` (binary search). */
export function countBelow(sorted: Float64Array, v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** R, F and M scores of each customer and the code "RFM" (e.g. "545"); blank rows get "" codes. */
export interface RfmScores {
  r: Uint8Array;
  f: Uint8Array;
  m: Uint8Array;
  code: string[];
  bins: number;
}

/**
 * Score recency (days since the last purchase: fewer days = higher score), frequency and monetary value.
 * The three columns must have the same length; a NaN in any of them marks a row without scores.
 */
export function rfmScores(recencyDays: ArrayLike<number>, frequency: ArrayLike<number>, monetary: ArrayLike<number>, bins: number = DEFAULT_BINS): RfmScores {
  const b = checkBins(bins);
  const n = recencyDays.length;
  if (frequency.length !== n || monetary.length !== n) {
    throw invalidArgument(`recency_days, frequency and monetary must have the same number of rows (got ${n}, ${frequency.length} and ${monetary.length})`);
  }
  // A row with any missing value is left out of all three rankings.
  const rv = new Float64Array(n);
  const fv = new Float64Array(n);
  const mv = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const ok = Number.isFinite(recencyDays[i]) && Number.isFinite(frequency[i]) && Number.isFinite(monetary[i]);
    rv[i] = ok ? recencyDays[i] : NaN;
    fv[i] = ok ? frequency[i] : NaN;
    mv[i] = ok ? monetary[i] : NaN;
  }
  const r = quantileScores(rv, b, true);
  const f = quantileScores(fv, b);
  const m = quantileScores(mv, b);
  const code = new Array<string>(n);
  for (let i = 0; i < n; i++) code[i] = r[i] === 0 ? "" : `${r[i]}${f[i]}${m[i]}`;
  return { r, f, m, code, bins: b };
}
