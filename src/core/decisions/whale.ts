/**
 * The whale curve of customer profitability (Kaplan & Narayanan 2001, "Measuring and Managing Customer
 * Profitability", J. Cost Management 15(5), Fig. 2; Kaplan & Cooper 1998, "Cost & Effect", ch. 10):
 * customers ranked from most to least profitable, the cumulative share of customers on the x axis and
 * the cumulative profit as a share of total profit on the y axis. The curve rises above 100 % (the
 * profitable customers earn more than the total), peaks where the loss-making customers start, and
 * falls back to 100 % at the last customer.
 *
 *   x_k = k / n,   y_k = (Σ_{j≤k} π_(j)) / Σ_j π_j,   π_(1) ≥ π_(2) ≥ … ≥ π_(n)
 *
 * The peak is max_k y_k (reached at the last customer with a positive profit); the value-destroying
 * share is the share of customers with a negative profit.
 */
import { notAvailable } from "../errors";

export interface WhaleCurve {
  /** n + 1 points, starting at (0, 0) */
  readonly customerShare: Float64Array;
  readonly profit: Float64Array;
  readonly cumulativeProfit: Float64Array;
  readonly profitShare: Float64Array;
  readonly totalProfit: number;
  /** highest cumulative profit share, and the customer share where it is reached */
  readonly peak: number;
  readonly peakCustomerShare: number;
  /** share of customers with profit < 0 */
  readonly destroyingShare: number;
  /** profit lost on them (a negative number) */
  readonly destroyedProfit: number;
}

export function whaleCurve(profits: ArrayLike<number>): WhaleCurve {
  const n = profits.length;
  if (n === 0) throw notAvailable("profits is empty: the whale curve needs at least one customer");
  const sorted = Float64Array.from(profits).sort().reverse();
  let total = 0;
  for (let i = 0; i < n; i++) total += sorted[i];
  if (!(total > 0)) {
    throw notAvailable(`The customers' profits add up to ${total}, not above 0: the whale curve shows shares of a positive total profit`);
  }
  const customerShare = new Float64Array(n + 1);
  const profit = new Float64Array(n + 1);
  const cumulative = new Float64Array(n + 1);
  const share = new Float64Array(n + 1);
  let peak = 0;
  let peakAt = 0;
  let destroying = 0;
  let destroyed = 0;
  for (let k = 1; k <= n; k++) {
    const p = sorted[k - 1];
    customerShare[k] = k / n;
    profit[k] = p;
    cumulative[k] = cumulative[k - 1] + p;
    share[k] = cumulative[k] / total;
    if (share[k] > peak) {
      peak = share[k];
      peakAt = k / n;
    }
    if (p < 0) {
      destroying++;
      destroyed += p;
    }
  }
  return {
    customerShare,
    profit,
    cumulativeProfit: cumulative,
    profitShare: share,
    totalProfit: total,
    peak,
    peakCustomerShare: peakAt,
    destroyingShare: destroying / n,
    destroyedProfit: destroyed,
  };
}
