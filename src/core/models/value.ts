/**
 * Customer lifetime value from a transaction model and a spend model (CLV.VALUE), in the
 * spirit of Fader, Hardie & Lee (2005), "RFM and CLV", JMR 42(4), §2: expected future transactions
 * per month from the count model, conditional on the customer's history, times the expected spend per
 * transaction from the spend model, discounted monthly:
 *
 *   CLV = Σ_{i=1..months} E[M] · (E[Y(i·f)] − E[Y((i−1)·f)] | x, t_x, T) / (1 + d)^i,
 *
 * with f the number of the data's time units in a month (DESIGN §2: a month is 365.25/12 days).
 */
import { ClvError, notAvailable } from "../errors";
import type { CountModel, Params, SpendModel } from "./model";

export type TimeUnitCode = "D" | "W" | "M" | "Y";

/** Time units of the data per month: D 30.4375, W 4.348…, M 1, Y 1/12 (DESIGN §2). */
export const PERIODS_PER_MONTH: Readonly<Record<TimeUnitCode, number>> = {
  D: 365.25 / 12,
  W: 365.25 / 12 / 7,
  M: 1,
  Y: 1 / 12,
};

/**
 * E[M | x, m], the expected value per transaction of one customer (CLV.SPEND, CLV.VALUE and the pane's
 * CLV column): the spend model's conditional expectation given x repeat transactions of average value
 * m; a customer without repeat transactions (x = 0) gets the population mean (m is not used). A repeat
 * buyer needs an average spend above 0 (Gamma-Gamma is a model of positive values, Fader & Hardie
 * 2013): #VALUE! naming `label` otherwise.
 */
export function customerSpend(model: SpendModel, params: Params, x: number, m: number, label = "monetary"): number {
  if (x > 0 && !(m > 0)) {
    throw new ClvError("value", `${label} is ${m}; a customer with repeat purchases needs an average spend above 0.`);
  }
  return model.expectedSpend(params, x, x > 0 ? m : 0);
}

/**
 * Discounted expected value of one customer over `months` months. `spend` is the expected value per
 * transaction (e.g. Gamma-Gamma E[M | x, m̄]); `monthlyDiscount` is the discount rate per month.
 */
export function customerValue(
  model: CountModel,
  params: Params,
  spend: number,
  x: number,
  tx: number,
  T: number,
  months: number,
  monthlyDiscount: number,
  periodsPerMonth: number,
): number {
  if (model.timeDomain !== "continuous") {
    throw notAvailable(
      `CLV.VALUE needs a continuous-time transaction model (BG/NBD, Pareto/NBD, MBG/NBD); ${model.name} counts discrete opportunities: use CLV.DERT for it.`,
    );
  }
  let previous = 0;
  let total = 0;
  let factor = 1;
  for (let i = 1; i <= months; i++) {
    const cumulative = model.expected(params, i * periodsPerMonth, x, tx, T);
    factor /= 1 + monthlyDiscount;
    total += (cumulative - previous) * factor;
    previous = cumulative;
  }
  return spend * total;
}
