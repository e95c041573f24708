/**
 * Period counting: purchases counted per calendar week or month instead of per day, as peer
 * libraries do when asked for a frequency (lifetimes' `summary_data_from_transaction_data(freq="W")`
 * converts dates to calendar periods before counting), so their tables can be reproduced.
 *
 * Rules (on top of the daily ledger's, transactions.ts):
 * - a date belongs to its calendar period: ISO weeks Monday to Sunday ("W") or calendar months ("M")
 *   (calendarPeriods.ts);
 * - a period is a purchase period when it holds at least one purchase day; its amount is the net sum
 *   of all the customer's days in it up to the end date (returns included);
 * - frequency = purchase periods after the first; recency = last − first purchase period; T = the end
 *   date's period − the first purchase period; all in whole periods; monetary = mean amount of the
 *   repeat purchase periods (0 when frequency is 0);
 * - holdout (split): purchase periods among the days after the calibration end up to the observation
 *   end, and duration = the observation end's period − the calibration end's period. A period that
 *   straddles the calibration end counts in both parts (choose a calibration end at the end of a week
 *   or month to avoid it).
 * Dates after the end, and customers without a purchase by then, are left out as in summary.ts.
 */
import { periodIndex, type CohortUnit } from "./calendarPeriods";
import { summarizeTransactions, type CustomerSummary, type SummaryOptions } from "./summary";
import { splitCalibrationHoldout, type CalibrationHoldout, type SplitOptions } from "./split";
import { DEFAULT_COLUMN_NAMES, ledgerOf, type DailyLedger, type TransactionSource } from "./transactions";
import type { CustomerId } from "./customerIds";

export type CountingPeriod = Extract<CohortUnit, "W" | "M">;

interface PeriodHistory {
  first: number;
  last: number;
  x: number;
  repeatSum: number;
}

/** Purchase periods of one customer's entries [from, to) with day in (after, end]. */
function periodsOf(ledger: DailyLedger, from: number, to: number, after: number, end: number, unit: CountingPeriod): { periods: number[]; amounts: number[] } {
  const periods: number[] = [];
  const amounts: number[] = [];
  const purchased: boolean[] = [];
  for (let e = from; e < to; e++) {
    const d = ledger.day[e];
    if (d <= after || d > end) continue;
    const p = periodIndex(d, unit);
    const k = periods.length - 1;
    if (k >= 0 && periods[k] === p) {
      amounts[k] += ledger.net[e];
      purchased[k] = purchased[k] || ledger.purchase[e] === 1;
    } else {
      periods.push(p);
      amounts.push(ledger.net[e]);
      purchased.push(ledger.purchase[e] === 1);
    }
  }
  const keep = periods.map((_, i) => i).filter((i) => purchased[i]);
  return { periods: keep.map((i) => periods[i]), amounts: keep.map((i) => amounts[i]) };
}

/**
 * The customer summary counted in calendar periods. `daily` is the day-counted summary at the same
 * end (summarizeLedger): customers, dates, totals and exclusions are the same; frequency, recency, T
 * and monetary are recounted per period.
 */
function summarizeByPeriod(ledger: DailyLedger, daily: CustomerSummary, unit: CountingPeriod): CustomerSummary {
  const n = daily.customer.length;
  const frequency = new Int32Array(n);
  const recency = new Float64Array(n);
  const T = new Float64Array(n);
  const monetary = new Float64Array(n);
  const endPeriod = periodIndex(daily.periodEnd, unit);
  let out = 0;
  for (let c = 0; c < ledger.customers.length && out < n; c++) {
    if (ledger.customers[c] !== daily.customer[out]) continue;
    const { periods, amounts } = periodsOf(ledger, ledger.dayStart[c], ledger.dayStart[c + 1], -Infinity, daily.periodEnd, unit);
    const h: PeriodHistory = { first: periods[0], last: periods[periods.length - 1], x: periods.length - 1, repeatSum: 0 };
    for (let i = 1; i < amounts.length; i++) h.repeatSum += amounts[i];
    frequency[out] = h.x;
    recency[out] = h.last - h.first;
    T[out] = endPeriod - h.first;
    monetary[out] = h.x > 0 ? h.repeatSum / h.x : 0;
    out++;
  }
  return { ...daily, frequency, recency, T, monetary, timeUnit: unit };
}

/** Holdout purchase periods and their mean amount per customer of `customers` (report order). */
function holdoutByPeriod(
  ledger: DailyLedger,
  customers: readonly CustomerId[],
  calibrationEnd: number,
  observationEnd: number,
  unit: CountingPeriod,
): { frequency: Int32Array; monetary: Float64Array; duration: number } {
  const n = customers.length;
  const frequency = new Int32Array(n);
  const monetary = new Float64Array(n);
  let out = 0;
  for (let c = 0; c < ledger.customers.length && out < n; c++) {
    if (ledger.customers[c] !== customers[out]) continue;
    const { amounts } = periodsOf(ledger, ledger.dayStart[c], ledger.dayStart[c + 1], calibrationEnd, observationEnd, unit);
    frequency[out] = amounts.length;
    monetary[out] = amounts.length > 0 ? amounts.reduce((a, b) => a + b, 0) / amounts.length : 0;
    out++;
  }
  return { frequency, monetary, duration: periodIndex(observationEnd, unit) - periodIndex(calibrationEnd, unit) };
}

/** CLV.SUMMARY counted in calendar periods (the day-counted summary recounted; see the rules above). */
export function summarizeTransactionsByPeriod(source: TransactionSource, options: SummaryOptions, unit: CountingPeriod): CustomerSummary {
  const ledger = ledgerOf(source, { ...DEFAULT_COLUMN_NAMES, ...options.names });
  return summarizeByPeriod(ledger, summarizeTransactions(ledger, options), unit);
}

/** CLV.SPLIT counted in calendar periods. */
export function splitByPeriod(source: TransactionSource, options: SplitOptions, unit: CountingPeriod): CalibrationHoldout {
  const ledger = ledgerOf(source, { ...DEFAULT_COLUMN_NAMES, ...options.names });
  const daily = splitCalibrationHoldout(ledger, options);
  const cal = summarizeByPeriod(ledger, daily, unit);
  const h = holdoutByPeriod(ledger, daily.customer, daily.calibrationEnd, daily.observationEnd, unit);
  return { ...daily, ...cal, frequencyHoldout: h.frequency, monetaryHoldout: h.monetary, durationHoldout: h.duration };
}
