/**
 * Customer equity projected period by period (Gupta, Lehmann & Stuart 2004, "Valuing Customers", JMR
 * 41(1), eqs. 2–4): the value of a customer base is the discounted margin of today's customers plus,
 * for every future cohort, the discounted margin of its survivors net of what it cost to acquire:
 *
 *   CE = Σ_t m·N₀·S(t)/(1+d)^t + Σ_k Σ_{t≥k} m·n_k·S(t−k)/(1+d)^t − Σ_k c·n_k/(1+d)^k
 *
 * with S(t) the share of a cohort still active t periods after it was acquired (r^t for a constant
 * retention rate, or the survival curve of a fitted sBG model, Fader & Hardie 2007), n_k = n·(1+g)^(k−1)
 * new customers in period k (GLS model the number of new customers; g is its growth per period) and
 * margins at the end of each period. Today's customers earn from period 1 on (their current margin is
 * not counted: the retention CLV m·r/(1+d−r) of each); a new cohort earns its first margin in the
 * period it is acquired and pays its acquisition cost then.
 */
import { invalidArgument } from "../errors";
import { checkAmount, checkFraction } from "./rates";

export interface EquityProjectionInputs {
  readonly customers: number;
  /** S(t) for t ≥ 0 (S(0) = 1) */
  readonly survival: (t: number) => number;
  readonly margin: number;
  readonly discount: number;
  readonly newCustomers: number;
  readonly growth?: number;
  readonly cac?: number;
  readonly periods: number;
}

export interface EquityProjectionRow {
  readonly period: number;
  readonly activeCurrent: number;
  readonly newCustomers: number;
  readonly activeFuture: number;
  readonly activeTotal: number;
  readonly margin: number;
  readonly acquisitionSpend: number;
  readonly net: number;
  readonly discountedNet: number;
  readonly equityCurrent: number;
  readonly equityFuture: number;
  readonly equity: number;
}

export const EQUITY_PROJECTION_HEADERS = [
  "period",
  "active_current",
  "new_customers",
  "active_new",
  "active_total",
  "margin",
  "acquisition_spend",
  "net_margin",
  "discounted_net",
  "equity_current",
  "equity_new",
  "equity_total",
] as const;

/** Longest projection: a spill per period, and decades of months are plenty. */
export const MAX_PROJECTION_PERIODS = 1200;

export function projectEquity(p: EquityProjectionInputs): EquityProjectionRow[] {
  checkAmount("customers", p.customers, 0);
  checkAmount("margin", p.margin);
  checkFraction("discount", p.discount);
  checkAmount("new_customers", p.newCustomers, 0);
  const g = p.growth ?? 0;
  if (!(g > -1) || g > 1) throw invalidArgument(`growth is ${g}: enter the growth of new customers per period as a fraction between -1 and 1, e.g. 0.05 for 5%`);
  const c = checkAmount("cac", p.cac ?? 0, 0);
  if (!(p.periods >= 1 && p.periods <= MAX_PROJECTION_PERIODS && Number.isInteger(p.periods))) {
    throw invalidArgument(`periods is ${p.periods}; it must be a whole number from 1 to ${MAX_PROJECTION_PERIODS}`);
  }
  const S = new Float64Array(p.periods + 1);
  for (let t = 0; t <= p.periods; t++) S[t] = t === 0 ? 1 : p.survival(t);
  const cohorts = new Float64Array(p.periods + 1);
  const rows: EquityProjectionRow[] = [];
  let equityCurrent = 0;
  let equityFuture = 0;
  for (let t = 1; t <= p.periods; t++) {
    cohorts[t] = p.newCustomers * Math.pow(1 + g, t - 1);
    let activeFuture = 0;
    for (let k = 1; k <= t; k++) activeFuture += cohorts[k] * S[t - k];
    const activeCurrent = p.customers * S[t];
    const factor = Math.pow(1 + p.discount, -t);
    const acquisition = c * cohorts[t];
    const margin = p.margin * (activeCurrent + activeFuture);
    equityCurrent += p.margin * activeCurrent * factor;
    equityFuture += (p.margin * activeFuture - acquisition) * factor;
    rows.push({
      period: t,
      activeCurrent,
      newCustomers: cohorts[t],
      activeFuture,
      activeTotal: activeCurrent + activeFuture,
      margin,
      acquisitionSpend: acquisition,
      net: margin - acquisition,
      discountedNet: (margin - acquisition) * factor,
      equityCurrent,
      equityFuture,
      equity: equityCurrent + equityFuture,
    });
  }
  return rows;
}
