/**
 * Blattberg & Deighton's customer equity test (1996, "Manage Marketing by the Customer Equity Test",
 * Harvard Business Review 74(4), 136–144; the formulation as restated by Villanueva & Hanssens 2007,
 * "Customer Equity: Measurement, Management and Research Opportunities", Foundations and Trends in
 * Marketing 1(1), §4). Per prospect:
 *
 *   acquisition rate   a(A) = a_max · (1 − e^(−k_a A))     A: acquisition spend per prospect
 *   retention rate     r(R) = r_max · (1 − e^(−k_r R))     R: retention spend per customer per period
 *   customer equity    CE(A, R) = a·m − A + a·(m − R/r)·Σ_{t=1..H} r'^t,   r' = r/(1 + d)
 *
 * (the first margin m is earned at acquisition, undiscounted; in each later period the customers
 * still active earn m and cost R per customer active at the start of the period, i.e. R/r per
 * survivor; with an unlimited horizon Σ r'^t = r'/(1 − r')).
 *
 * CE = a(A)·V(R) − A with V(R) = m + (m − R/r(R))·Σ r'^t, so the two decisions separate: R* maximises
 * V (one variable, on [0, m·r_max], beyond which the retained margin is negative and R = 0 is better),
 * and then A* solves a'(A)·V = 1: A* = ln(a_max k_a V)/k_a when a_max k_a V > 1, else A* = 0 (acquiring
 * does not pay). R* is found by a grid over [0, m·r_max] refined by golden-section search.
 */
import { invalidArgument } from "../errors";
import { checkAmount, checkFraction } from "./rates";

export interface EquityTestInputs {
  /** margin per customer per period (an amount) */
  readonly margin: number;
  /** discount rate per period (a fraction) */
  readonly discount: number;
  readonly acquisitionCeiling: number;
  /** k_a, per unit of money spent per prospect */
  readonly acquisitionRate: number;
  readonly retentionCeiling: number;
  /** k_r, per unit of money spent per customer per period */
  readonly retentionRate: number;
  /** retention periods counted after acquisition (Infinity: unlimited) */
  readonly horizon?: number;
}

export interface EquityTestResult {
  readonly acquisitionSpend: number;
  readonly acquisitionRate: number;
  readonly retentionSpend: number;
  readonly retentionRate: number;
  /** V(R*): value of an acquired customer at acquisition, net of retention spend */
  readonly customerValue: number;
  /** CE(A*, R*) per prospect */
  readonly equity: number;
}

/** Σ_{t=1..H} q^t (q < 1 when H is unlimited). */
function survivalSum(q: number, horizon: number): number {
  if (!Number.isFinite(horizon)) return q / (1 - q);
  return q === 1 ? horizon : (q * (1 - Math.pow(q, horizon))) / (1 - q);
}

export function checkEquityTest(p: EquityTestInputs): void {
  checkAmount("margin", p.margin);
  checkFraction("discount", p.discount);
  checkFraction("acquisition_ceiling", p.acquisitionCeiling);
  checkAmount("acquisition_rate", p.acquisitionRate, 0, true);
  checkFraction("retention_ceiling", p.retentionCeiling);
  checkAmount("retention_rate", p.retentionRate, 0, true);
  const h = p.horizon ?? Infinity;
  if (!(h >= 1) || (Number.isFinite(h) && !Number.isInteger(h))) throw invalidArgument(`horizon is ${h}; it must be a whole number of periods of at least 1`);
  if (!Number.isFinite(h) && p.retentionCeiling >= 1 + p.discount) {
    throw invalidArgument("An unlimited horizon needs retention_ceiling below 1 + discount: give a horizon or a discount above 0");
  }
}

/** CE(A, R) per prospect (the formula above). */
export function customerEquityPerProspect(p: EquityTestInputs, A: number, R: number): number {
  const a = p.acquisitionCeiling * -Math.expm1(-p.acquisitionRate * A);
  return a * retainedValue(p, R) - A;
}

/** V(R) = m + (m − R/r)·Σ r'^t; with r = 0 (R = 0 gives r = 0) only the first margin counts. */
export function retainedValue(p: EquityTestInputs, R: number): number {
  const r = p.retentionCeiling * -Math.expm1(-p.retentionRate * R);
  if (r === 0) return p.margin;
  return p.margin + (p.margin - R / r) * survivalSum(r / (1 + p.discount), p.horizon ?? Infinity);
}

export function equityTest(p: EquityTestInputs): EquityTestResult {
  checkEquityTest(p);
  const V = (R: number) => retainedValue(p, R);
  let best = 0;
  let bestV = V(0);
  const upper = Math.max(0, p.margin * p.retentionCeiling);
  if (upper > 0) {
    // V is smooth but need not be unimodal everywhere: scan, then refine around the best grid point.
    const N = 400;
    const h = upper / N;
    for (let j = 1; j <= N; j++) {
      const v = V(j * h);
      if (v > bestV) {
        bestV = v;
        best = j * h;
      }
    }
    let lo = Math.max(0, best - h);
    let hi = Math.min(upper, best + h);
    const g = (Math.sqrt(5) - 1) / 2;
    let x1 = hi - g * (hi - lo);
    let x2 = lo + g * (hi - lo);
    let f1 = V(x1);
    let f2 = V(x2);
    for (let k = 0; k < 200 && hi - lo > 1e-13 * Math.max(1, upper); k++) {
      if (f1 < f2) {
        lo = x1;
        x1 = x2;
        f1 = f2;
        x2 = lo + g * (hi - lo);
        f2 = V(x2);
      } else {
        hi = x2;
        x2 = x1;
        f2 = f1;
        x1 = hi - g * (hi - lo);
        f1 = V(x1);
      }
    }
    const x = 0.5 * (lo + hi);
    if (V(x) > bestV) {
      best = x;
      bestV = V(x);
    }
  }
  const R = best;
  const value = bestV;
  const slope = p.acquisitionCeiling * p.acquisitionRate * value;
  const A = slope > 1 ? Math.log(slope) / p.acquisitionRate : 0;
  const a = p.acquisitionCeiling * -Math.expm1(-p.acquisitionRate * A);
  return {
    acquisitionSpend: A,
    acquisitionRate: a,
    retentionSpend: R,
    retentionRate: p.retentionCeiling * -Math.expm1(-p.retentionRate * R),
    customerValue: value,
    equity: a * value - A,
  };
}
