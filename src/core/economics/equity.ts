/**
 * Customer equity: the value of today's customers plus the value of the customers the firm will
 * acquire, net of what it costs to acquire them (Gupta, Lehmann & Stuart 2004, "Valuing Customers",
 * JMR 41(1), eq. 3: the value of the customer base is Σ_k n_k/(1+i)^k · (CLV − c) over cohorts k).
 *
 * Here cohorts of `newPerPeriod` customers arrive at the end of periods 1..horizon, each worth
 * `clvNew − cac` at its arrival, discounted at `discount` per period. An infinite horizon (the
 * default when a positive discount is given) is the perpetuity n(CLV − c)/i.
 */
import { invalidArgument } from "../errors";

export interface FutureCohorts {
  newPerPeriod: number;
  clvNew: number;
  cac: number;
  discount: number;
  horizon: number;
}

export function customerEquity(currentClvs: readonly number[], future?: FutureCohorts): number {
  let total = 0;
  for (const v of currentClvs) total += v;
  if (!future) return total;
  const { newPerPeriod, clvNew, cac, discount, horizon } = future;
  if (!(newPerPeriod >= 0)) throw invalidArgument(`new_customers_per_period is ${newPerPeriod}; it must be ≥ 0`);
  if (!(discount > -1)) throw invalidArgument(`discount is ${discount}; it must be a rate per period greater than -1`);
  if (!(horizon >= 0) || (Number.isFinite(horizon) && !Number.isInteger(horizon))) {
    throw invalidArgument(`horizon is ${horizon}; it must be a whole number of periods ≥ 0`);
  }
  const cohortValue = newPerPeriod * (clvNew - cac);
  if (!Number.isFinite(horizon)) {
    if (!(discount > 0)) throw invalidArgument("An unlimited horizon needs a discount rate greater than 0: give a discount or a horizon");
    return total + cohortValue / discount;
  }
  const v = 1 / (1 + discount);
  // Σ_{k=1..H} v^k
  const annuity = v === 1 ? horizon : (v * (1 - v ** horizon)) / (1 - v);
  return total + cohortValue * annuity;
}
