/**
 * Accuracy of per-customer predictions against what the customers then did.
 *
 * With predictions p_i and actual values a_i of n customers (weights w_i, 1 by default):
 * - MAE  = Σ w|p − a| / Σ w;  RMSE = √(Σ w(p − a)² / Σ w);  bias = Σ w(p − a) / Σ w (positive = the
 *   model predicts too much);
 * - correlation: Pearson's r of p and a (blank when either has no spread);
 * - decile shares (the gains table of direct marketing, e.g. Malthouse & Blattberg 2005, "Can we
 *   predict customer lifetime value?", J. Interactive Marketing 19(1)): customers sorted by p from the
 *   highest down (ties keep input order) fall into ten groups of (nearly) equal size, customer k of n
 *   (0-based) in decile ⌊10k/n⌋ + 1; each decile's share of the total actual value. A model that ranks
 *   well puts most of the actual value in the first deciles. A decile with no customer (n < 10) is NaN.
 */

export const DECILES = 10;

export interface AccuracyMetrics {
  /** customers (sum of weights) */
  readonly n: number;
  readonly mae: number;
  readonly rmse: number;
  readonly bias: number;
  readonly correlation: number;
  readonly totalPredicted: number;
  readonly totalActual: number;
  /** share of the total actual value in each predicted decile, top decile first */
  readonly deciles: readonly number[];
}

/** The metrics above for aligned arrays (weights optional). */
export function accuracyMetrics(predicted: ArrayLike<number>, actual: ArrayLike<number>, weight?: ArrayLike<number>): AccuracyMetrics {
  const n = predicted.length;
  let sw = 0;
  let sp = 0;
  let sa = 0;
  let sAbs = 0;
  let sSq = 0;
  let sDiff = 0;
  for (let i = 0; i < n; i++) {
    const w = weight ? weight[i] : 1;
    const d = predicted[i] - actual[i];
    sw += w;
    sp += w * predicted[i];
    sa += w * actual[i];
    sAbs += w * Math.abs(d);
    sSq += w * d * d;
    sDiff += w * d;
  }
  const mp = sp / sw;
  const ma = sa / sw;
  let cpa = 0;
  let cpp = 0;
  let caa = 0;
  for (let i = 0; i < n; i++) {
    const w = weight ? weight[i] : 1;
    const dp = predicted[i] - mp;
    const da = actual[i] - ma;
    cpa += w * dp * da;
    cpp += w * dp * dp;
    caa += w * da * da;
  }
  const correlation = cpp > 0 && caa > 0 ? cpa / Math.sqrt(cpp * caa) : NaN;
  return {
    n: sw,
    mae: sAbs / sw,
    rmse: Math.sqrt(sSq / sw),
    bias: sDiff / sw,
    correlation,
    totalPredicted: sp,
    totalActual: sa,
    deciles: decileShares(predicted, actual),
  };
}

/** Share of Σ actual captured by each decile of customers ranked by prediction (top first). */
export function decileShares(predicted: ArrayLike<number>, actual: ArrayLike<number>): number[] {
  const n = predicted.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => predicted[b] - predicted[a] || a - b);
  const sums = new Array<number>(DECILES).fill(0);
  const counts = new Array<number>(DECILES).fill(0);
  let total = 0;
  order.forEach((i, k) => {
    const d = Math.floor((DECILES * k) / n);
    sums[d] += actual[i];
    counts[d]++;
    total += actual[i];
  });
  return sums.map((s, d) => (counts[d] === 0 || total === 0 ? NaN : s / total));
}
