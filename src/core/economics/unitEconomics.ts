/**
 * Unit economics of acquisition: customer acquisition cost, LTV:CAC, contribution margin and the CAC
 * payback period. Definitions follow common SaaS and marketing-metrics usage (Farris et al.,
 * "Marketing Metrics", ch. 5; see published.json `formulas.saas`):
 *   CAC = sales and marketing spend / new customers; payback = CAC / (margin per period).
 */
import { invalidArgument, notAvailable } from "../errors";

/** Customer acquisition cost: spend per new customer. */
export function customerAcquisitionCost(spend: number, newCustomers: number): number {
  if (!Number.isFinite(spend) || spend < 0) throw invalidArgument(`spend is ${spend}; it must be an amount ≥ 0`);
  if (!(newCustomers > 0)) {
    throw invalidArgument(`new_customers is ${newCustomers}; CAC needs at least one new customer (it divides spend by the number acquired)`);
  }
  return spend / newCustomers;
}

/** LTV:CAC ratio (a common rule of thumb asks for at least 3). */
export function ltvToCac(ltv: number, cac: number): number {
  if (!Number.isFinite(ltv)) throw invalidArgument("ltv must be a finite number");
  if (!(cac > 0)) throw invalidArgument(`cac is ${cac}; the ratio needs an acquisition cost greater than 0`);
  return ltv / cac;
}

/** Contribution margin: revenue − variable cost, or as a share of revenue. */
export function contributionMargin(revenue: number, variableCost: number, asRatio: boolean): number {
  if (!Number.isFinite(revenue) || !Number.isFinite(variableCost)) throw invalidArgument("revenue and variable_cost must be finite numbers");
  const margin = revenue - variableCost;
  if (!asRatio) return margin;
  if (revenue === 0) throw invalidArgument("revenue is 0; a margin ratio needs revenue different from 0");
  return margin / revenue;
}

/**
 * Periods until the margin of an acquired customer pays back its acquisition cost.
 *
 * Timing convention (the same as CLV.SIMPLE, so that LTV:CAC ≤ 1 exactly when the cost is never paid
 * back): the acquisition cost is paid at time 0; the customer stays from one period to the next with
 * probability `retention` (r) and cash at time t is discounted by (1 + discount)^t (d); q = r/(1+d).
 * With `firstPayment` (Fader & Hardie 2012, note 024):
 *   "none"  (default) margin m at the end of each period t ≥ 1 the customer is still there (r^t):
 *           C(n) = Σ_{t=1..n} m q^t, C(∞) = m r/(1+d−r)           (Gupta & Lehmann 2003)
 *   "end"   the first margin at the end of period 1 for sure, then r^(t−1): C(∞) = m/(1+d−r)
 *   "start" the first margin now, undiscounted, then one each period start: C(∞) = m(1+d)/(1+d−r)
 * Payback is the time of the first payment with C ≥ CAC, made fractional by linear interpolation
 * between payments (as one would read it off a cumulative cash-flow column). With r = 1 and d = 0 it is
 * CAC / m ("none", "end") or CAC / m − 1 ("start": the first payment arrives at time 0).
 * When C(∞) ≤ CAC the cost is never recovered: #N/A with the amount that is recovered.
 */
export function paybackPeriods(cac: number, margin: number, retention = 1, discount = 0, firstPayment: "none" | "start" | "end" = "none"): number {
  if (!(cac >= 0) || !Number.isFinite(cac)) throw invalidArgument(`cac is ${cac}; it must be an amount ≥ 0`);
  if (!Number.isFinite(margin)) throw invalidArgument("margin_per_period must be a finite number");
  if (!(retention >= 0 && retention <= 1)) throw invalidArgument(`retention is ${retention}; it must be a probability between 0 and 1`);
  if (!(discount >= 0) || !Number.isFinite(discount)) throw invalidArgument(`discount is ${discount}; it must be a rate per period of 0 or more`);
  if (cac === 0) return 0;
  if (!(margin > 0)) throw notAvailable(`The acquisition cost is never paid back: margin_per_period is ${margin}, not positive`);
  const q = retention / (1 + discount);
  // The first payment of the stream and the time it arrives; later payments follow at steps of 1, × q.
  const firstCash = firstPayment === "none" ? margin * q : firstPayment === "end" ? margin / (1 + discount) : margin;
  const shift = firstPayment === "start" ? 1 : 0;
  if (!(firstCash > 0)) throw notAvailable("The acquisition cost is never paid back: with retention 0 no margin is ever received");
  if (q < 1) {
    const limit = firstCash / (1 - q);
    if (limit <= cac) {
      throw notAvailable(
        `The acquisition cost is never paid back: retained, discounted margins add up to at most ${limit.toPrecision(6)} (the LTV), not more than the CAC of ${cac}`,
      );
    }
  }
  // Without churn or discounting the cumulative margin is linear.
  if (q === 1) return Math.max(0, cac / firstCash - shift);
  const cumulative = (n: number): number => (firstCash * (1 - q ** n)) / (1 - q);
  // First payment n with C(n) ≥ CAC, from the closed form, then nudged for rounding (a step or two at
  // most; bounded so that a period count beyond double precision cannot loop).
  let n = Math.max(1, Math.ceil(Math.log(1 - (cac * (1 - q)) / firstCash) / Math.log(q)));
  if (!Number.isFinite(n) || n > 2 ** 52) throw notAvailable("The acquisition cost is paid back only after more periods than can be counted");
  for (let step = 0; step < 64 && n > 1 && cumulative(n - 1) >= cac; step++) n--;
  for (let step = 0; step < 64 && cumulative(n) < cac; step++) n++;
  const before = cumulative(n - 1);
  return Math.max(0, n - 1 + (cac - before) / (cumulative(n) - before) - shift);
}
