/**
 * Value levers on fitted models: the total CLV of a customer base (a transaction model for purchases
 * and drop-out, a Gamma-Gamma model for order value, a margin share and an annual discount rate) and
 * how it moves when each driver moves by ±step. The value of one customer is CLV.VALUE's
 *   CLV = margin · E[M | x, m̄] · Σ_{i=1..months} (E[Y(i·f)] − E[Y((i−1)·f)] | x, t_x, T) / (1 + d_month)^i
 * (Fader, Hardie & Lee 2005, "RFM and CLV", JMR 42(4), §2; models/value.ts), summed over customers.
 *
 * What each lever moves, for every customer from now on (the history is kept; futureBehaviour.ts):
 * - purchase rate: each customer's purchase rate λ, times (1 ± step);
 * - drop-out: each customer's drop-out rate (Pareto/NBD μ) or drop-out probability after a purchase
 *   (BG/NBD, MBG/NBD p, capped at 1), times (1 ± step);
 * - order value: the expected spend per transaction, times (1 ± step) (Gamma-Gamma is scale-equivariant:
 *   multiplying every amount by k multiplies E[M | x, m̄] by k);
 * - margin: the margin share, times (1 ± step);
 * - discount: the annual discount rate, times (1 ± step), converted to a monthly rate (1+d)^(1/12) − 1.
 * The level shown for purchase rate and drop-out is the population mean (r/α; s/β or a/(a+b)).
 * Elasticities are arc elasticities (V₊ − V₋)/(2·step·V).
 */
import { ClvError, invalidArgument, notAvailable } from "../errors";
import type { CountModel, Params, SpendModel } from "../models/model";
import { shiftedExpectedPath } from "./futureBehaviour";
import { checkFraction } from "./rates";
import { checkStep, type LeverRow } from "./levers";

export interface CustomerHistories {
  readonly frequency: ArrayLike<number>;
  readonly recency: ArrayLike<number>;
  readonly T: ArrayLike<number>;
  readonly monetary: ArrayLike<number>;
}

export interface ModelLeverInputs {
  readonly countModel: CountModel;
  readonly countParams: Params;
  readonly spendModel: SpendModel;
  readonly spendParams: Params;
  readonly customers: CustomerHistories;
  /** margin as a share of spend (a fraction) */
  readonly margin: number;
  /** annual discount rate (a fraction) */
  readonly annualDiscount: number;
  /** months valued */
  readonly months: number;
  /** the data's time units per month (models/value.ts PERIODS_PER_MONTH) */
  readonly periodsPerMonth: number;
}

/** Monthly rate equivalent to an annual rate: (1 + d)^(1/12) − 1. */
export function monthlyFromAnnual(annual: number): number {
  return Math.pow(1 + annual, 1 / 12) - 1;
}

interface Scenario {
  kRate: number;
  kDrop: number;
  spendFactor: number;
  margin: number;
  annualDiscount: number;
}

/** Unique customer rows with their counts, so a scenario costs one evaluation per distinct history. */
function compress(c: CustomerHistories): { x: number[]; tx: number[]; T: number[]; m: number[]; w: number[] } {
  const seen = new Map<string, number>();
  const out = { x: [] as number[], tx: [] as number[], T: [] as number[], m: [] as number[], w: [] as number[] };
  for (let i = 0; i < c.frequency.length; i++) {
    const x = c.frequency[i];
    const m = x > 0 ? c.monetary[i] : 0;
    if (x > 0 && !(m > 0)) throw invalidArgument(`summary: customer row ${i + 1} has repeat purchases but an average spend of ${m}; it must be above 0`);
    const key = `${x}|${c.recency[i]}|${c.T[i]}|${m}`;
    const j = seen.get(key);
    if (j !== undefined) out.w[j]++;
    else {
      seen.set(key, out.x.length);
      out.x.push(x);
      out.tx.push(c.recency[i]);
      out.T.push(c.T[i]);
      out.m.push(m);
      out.w.push(1);
    }
  }
  return out;
}

/** Total CLV of the customers under the given models (sum of CLV.VALUE over customers, times margin). */
export function totalModelValue(inputs: ModelLeverInputs, scenario?: Partial<Scenario>): number {
  const s: Scenario = {
    kRate: scenario?.kRate ?? 1,
    kDrop: scenario?.kDrop ?? 1,
    spendFactor: scenario?.spendFactor ?? 1,
    margin: scenario?.margin ?? inputs.margin,
    annualDiscount: scenario?.annualDiscount ?? inputs.annualDiscount,
  };
  const d = compress(inputs.customers);
  const monthly = monthlyFromAnnual(s.annualDiscount);
  const times: number[] = [];
  const factors: number[] = [];
  for (let i = 1; i <= inputs.months; i++) {
    times.push(i * inputs.periodsPerMonth);
    factors.push(Math.pow(1 + monthly, -i));
  }
  let total = 0;
  for (let i = 0; i < d.x.length; i++) {
    const spend = inputs.spendModel.expectedSpend(inputs.spendParams, d.x[i], d.m[i]) * s.spendFactor;
    const path = shiftedExpectedPath(inputs.countModel, inputs.countParams, d.x[i], d.tx[i], d.T[i], times, s.kRate, s.kDrop);
    let discounted = 0;
    for (let j = 0; j < times.length; j++) discounted += (path[j] - (j > 0 ? path[j - 1] : 0)) * factors[j];
    total += d.w[i] * spend * discounted;
  }
  return s.margin * total;
}

/** Population mean purchase rate r/α and mean drop-out (Pareto/NBD rate s/β; BG family probability a/(a+b)). */
function meanLevels(p: Params): { rate: number; drop: number } {
  if (!(p.r > 0 && p.alpha > 0)) throw notAvailable("The transaction model has no gamma(r, alpha) purchase rate: use BG/NBD, Pareto/NBD or MBG/NBD");
  if (p.s > 0 && p.beta > 0) return { rate: p.r / p.alpha, drop: p.s / p.beta };
  if (p.a > 0 && p.b > 0) return { rate: p.r / p.alpha, drop: p.a / (p.a + p.b) };
  throw notAvailable("The transaction model has no drop-out parameters (s, beta or a, b)");
}

/** The lever table on fitted models (module comment). */
export function modelLevers(inputs: ModelLeverInputs, step = 0.1): LeverRow[] {
  checkStep(step);
  checkFraction("margin", inputs.margin);
  checkFraction("discount", inputs.annualDiscount);
  if (inputs.countModel.timeDomain !== "continuous") {
    throw notAvailable(`CLV.LEVERS needs a continuous-time transaction model (BG/NBD, Pareto/NBD, MBG/NBD); ${inputs.countModel.name} counts discrete opportunities`);
  }
  const base = totalModelValue(inputs);
  const rows: LeverRow[] = [];
  const lever = (name: string, level: number, value: (k: number) => number, levelOf: (k: number) => number = (k) => level * k): void => {
    const at = (k: number): { v: number; err?: ClvError } => {
      try {
        return { v: value(k) };
      } catch (err) {
        if (err instanceof ClvError) return { v: NaN, err };
        throw err;
      }
    };
    const lo = at(1 - step);
    const hi = at(1 + step);
    const elasticity = base !== 0 && Number.isFinite(lo.v) && Number.isFinite(hi.v) ? (hi.v - lo.v) / (2 * step * base) : NaN;
    rows.push({ lever: name, level, low: levelOf(1 - step), high: levelOf(1 + step), valueLow: lo.v, value: base, valueHigh: hi.v, elasticity, lowError: lo.err, highError: hi.err });
  };
  const levels = meanLevels(inputs.countParams);
  lever("purchase rate", levels.rate, (k) => totalModelValue(inputs, { kRate: k }));
  lever("drop-out", levels.drop, (k) => totalModelValue(inputs, { kDrop: k }));
  const meanSpend = inputs.spendModel.meanSpend(inputs.spendParams);
  lever("order value", meanSpend, (k) => totalModelValue(inputs, { spendFactor: k }));
  lever("margin", inputs.margin, (k) => {
    if (inputs.margin * k > 1) throw notAvailable(`the margin would be ${(inputs.margin * k).toFixed(4)}, above 1: use a smaller step`);
    return totalModelValue(inputs, { margin: inputs.margin * k });
  });
  lever("discount", inputs.annualDiscount, (k) => {
    if (inputs.annualDiscount * k > 1) throw notAvailable(`the discount would be ${(inputs.annualDiscount * k).toFixed(4)}, above 1: use a smaller step`);
    return totalModelValue(inputs, { annualDiscount: inputs.annualDiscount * k });
  });
  return rows;
}
