/**
 * Value levers: how the value of a customer moves when retention, margin, the discount rate or the
 * acquisition cost moves by a given share (the sensitivity analysis of Gupta, Lehmann & Stuart 2004,
 * "Valuing Customers", JMR 41(1), Table 4: the effect of a 1 % improvement in retention, margin,
 * acquisition cost and discount rate on customer value).
 *
 * The value of a newly acquired customer is the textbook retention CLV net of its acquisition cost,
 *   V = m·r/(1+d−r) − c                    (Gupta & Lehmann 2003, "Customers as Assets"),
 * margins from the next period on, constant margin m, retention r and discount d per period. Point
 * elasticities e = (∂V/∂x)·x/V have closed forms; with C = m·r/(1+d−r):
 *   margin     e_m = C / V
 *   retention  e_r = C·(1+d)/(1+d−r) / V    (= (1+d)/(1+d−r) when c = 0)
 *   discount   e_d = −C·d/(1+d−r) / V
 *   acq. cost  e_c = −c / V
 * The table also gives V with each lever at (1 − step) and (1 + step) times its level.
 */
import { ClvError, invalidArgument, notAvailable } from "../errors";
import { checkAmount, checkFraction } from "./rates";

export const LEVER_HEADERS = ["lever", "level", "level_low", "level_high", "value_low", "value", "value_high", "change_low", "change_high", "elasticity"] as const;

export interface LeverRow {
  readonly lever: string;
  readonly level: number;
  readonly low: number;
  readonly high: number;
  /** value with the lever at `low`; NaN with `lowError` when that level is not allowed */
  readonly valueLow: number;
  readonly value: number;
  readonly valueHigh: number;
  readonly elasticity: number;
  readonly lowError?: ClvError;
  readonly highError?: ClvError;
}

export interface RetentionLeverInputs {
  /** margin per customer per period (an amount) */
  readonly margin: number;
  /** retention rate per period, a fraction */
  readonly retention: number;
  /** discount rate per period, a fraction */
  readonly discount: number;
  /** acquisition cost per customer (default 0) */
  readonly cac?: number;
}

/** V = m·r/(1+d−r) − c (Gupta & Lehmann 2003). */
export function retentionValue(margin: number, retention: number, discount: number, cac = 0): number {
  return (margin * retention) / (1 + discount - retention) - cac;
}

export function checkStep(step: number): number {
  if (!(step > 0) || !(step < 1)) throw invalidArgument(`step is ${step}: enter the change as a fraction between 0 and 1, e.g. 0.1 for ±10%`);
  return step;
}

/** The lever table of the retention CLV (closed forms above). */
export function retentionLevers(inputs: RetentionLeverInputs, step = 0.1): LeverRow[] {
  const m = checkAmount("margin", inputs.margin);
  const r = checkFraction("retention", inputs.retention);
  const d = checkFraction("discount", inputs.discount);
  const c = checkAmount("cac", inputs.cac ?? 0, 0);
  checkStep(step);
  if (!(1 + d - r > 0)) throw notAvailable("The value does not exist with retention 1 and discount 0 (margins never shrink): give a discount rate above 0");
  const C = retentionValue(m, r, d);
  const V = C - c;
  const elasticity = (derivativeTimesLevel: number): number => (V === 0 ? NaN : derivativeTimesLevel / V);
  const rows: LeverRow[] = [];
  const lever = (name: string, level: number, value: (x: number) => number, e: number, check?: (x: number) => void): void => {
    const low = level * (1 - step);
    const high = level * (1 + step);
    const at = (x: number): { v: number; err?: ClvError } => {
      try {
        check?.(x);
        return { v: value(x) };
      } catch (err) {
        if (err instanceof ClvError) return { v: NaN, err };
        throw err;
      }
    };
    const lo = at(low);
    const hi = at(high);
    rows.push({ lever: name, level, low, high, valueLow: lo.v, value: V, valueHigh: hi.v, elasticity: e, lowError: lo.err, highError: hi.err });
  };
  lever("retention", r, (x) => retentionValue(m, x, d, c), elasticity((C * (1 + d)) / (1 + d - r)), (x) => {
    if (x > 1) throw notAvailable(`retention would be ${round(x)}, above 1: use a smaller step`);
    if (!(1 + d - x > 0)) throw notAvailable("retention would reach 1 + discount: the value does not exist");
  });
  lever("margin", m, (x) => retentionValue(x, r, d, c), elasticity(C));
  lever("discount", d, (x) => retentionValue(m, r, x, c), elasticity((-C * d) / (1 + d - r)), (x) => {
    if (x > 1) throw notAvailable(`discount would be ${round(x)}, above 1: use a smaller step`);
    if (!(1 + x - r > 0)) throw notAvailable("the discount would be too low for a finite value");
  });
  lever("acquisition cost", c, (x) => retentionValue(m, r, d, x), elasticity(-c));
  return rows;
}

function round(x: number): string {
  return String(Math.round(x * 1e6) / 1e6);
}
