/**
 * Tracking repeat purchases of a cohort over time, actual against predicted (Fader, Hardie & Lee
 * 2005, figures 1 and 2: weekly incremental and cumulative repeat transactions of the CDNOW cohort
 * over the 39-week calibration and 39-week holdout periods).
 *
 * The cohort: customers with a purchase day on or before the calibration end (the customers a model
 * fitted on the calibration period describes). Actual: their repeat purchase days (ledger rules,
 * DESIGN §2: same-day rows merged, a day cancelled by returns is no purchase) up to each period's last
 * day. Predicted: Σ_i E[X(t_e − s_i)], the unconditional expectation (FHL eq. 7 for BG/NBD; each
 * model's `expectedNew`) for a customer whose first purchase is on day s_i, evaluated at the period's
 * last day t_e (elapsed days / days per model unit). Customers born on the same day share the term.
 *
 * Periods: "D" days, "W" blocks of 7 days from the cohort's first purchase day (FHL's weeks), "M"
 * calendar months (the first and the last may be partial). The last period ends on the observation
 * end.
 */
import { invalidArgument, notAvailable } from "../errors";
import { isoFromSerial, ymdFromSerial, serialFromYmd } from "../data/dates";
import type { DailyLedger } from "../data/transactions";
import type { CountModel, Params } from "../models/model";

export type TrackingPeriod = "D" | "W" | "M";

export interface TrackingOptions {
  /** last day of the calibration period (whole-day serial) */
  readonly calibrationEnd: number;
  /** last day tracked (whole-day serial), after the calibration end */
  readonly observationEnd: number;
  readonly period: TrackingPeriod;
  /** length of the model's time unit in days (7 for weekly parameters) */
  readonly daysPerUnit: number;
}

export interface Tracking {
  /** last day of each period (serial) */
  readonly periodEnd: number[];
  readonly actualIncremental: number[];
  readonly predictedIncremental: number[];
  readonly actualCumulative: number[];
  readonly predictedCumulative: number[];
  /** customers in the cohort */
  readonly customers: number;
  /** index of the last period that ends on or before the calibration end (−1 if none) */
  readonly lastCalibrationPeriod: number;
}

/** Most periods tracked (about 14 years of days, a century of weeks). */
export const MAX_TRACKING_PERIODS = 5_000;
/** Most periods × distinct first-purchase days evaluated (daily tracking of years of data would take minutes). */
export const MAX_TRACKING_EVALUATIONS = 200_000;

/** Number of periods from `start` to `end`, without listing them. */
function periodCount(start: number, end: number, period: TrackingPeriod): number {
  if (period === "D") return end - start + 1;
  if (period === "W") return Math.ceil((end - start + 1) / 7);
  const a = ymdFromSerial(start);
  const b = ymdFromSerial(end);
  return (b.year - a.year) * 12 + (b.month - a.month) + 1;
}

/** Last days of the periods from `start` to `end`. */
export function periodEnds(start: number, end: number, period: TrackingPeriod): number[] {
  const ends: number[] = [];
  if (period === "D") {
    for (let d = start; d <= end; d++) ends.push(d);
  } else if (period === "W") {
    for (let d = start + 6; d < end; d += 7) ends.push(d);
    ends.push(end);
  } else {
    let { year, month } = ymdFromSerial(start);
    for (;;) {
      month++;
      if (month > 12) {
        month = 1;
        year++;
      }
      const last = serialFromYmd(year, month, 1) - 1;
      if (last >= end) break;
      ends.push(last);
    }
    ends.push(end);
  }
  return ends;
}

export function trackRepeatPurchases(ledger: DailyLedger, model: CountModel, params: Params, options: TrackingOptions): Tracking {
  const { calibrationEnd, observationEnd, period, daysPerUnit } = options;
  if (model.timeDomain !== "continuous") {
    throw notAvailable(`model: tracking over calendar time needs a continuous-time model; ${model.name} counts discrete opportunities.`);
  }
  if (!(observationEnd > calibrationEnd)) {
    throw invalidArgument(`observation_end (${isoFromSerial(observationEnd)}) must be after calibration_end (${isoFromSerial(calibrationEnd)}).`);
  }
  // Cohort: first purchase day by the calibration end; repeat purchase days up to the observation end.
  const births = new Map<number, number>();
  const repeatDays: number[] = [];
  let customers = 0;
  const { dayStart, day, purchase } = ledger;
  for (let c = 0; c < ledger.customers.length; c++) {
    let first = -1;
    for (let e = dayStart[c]; e < dayStart[c + 1]; e++) {
      if (purchase[e] !== 1) continue;
      const d = day[e];
      if (first < 0) {
        if (d > calibrationEnd) break;
        first = d;
      } else if (d <= observationEnd) repeatDays.push(d);
    }
    if (first < 0) continue;
    customers++;
    births.set(first, (births.get(first) ?? 0) + 1);
  }
  if (customers === 0) throw notAvailable(`no customer made a purchase on or before calibration_end (${isoFromSerial(calibrationEnd)}).`);
  let start = Infinity;
  for (const s of births.keys()) start = Math.min(start, s);
  const count = periodCount(start, observationEnd, period);
  if (count > MAX_TRACKING_PERIODS) {
    throw invalidArgument(
      `observation_end: ${count.toLocaleString("en-US")} periods from ${isoFromSerial(start)} to ${isoFromSerial(observationEnd)} are more than ${MAX_TRACKING_PERIODS.toLocaleString("en-US")}; choose an earlier observation_end or longer periods ("W" or "M").`,
    );
  }
  const ends = periodEnds(start, observationEnd, period);
  if (ends.length * births.size > MAX_TRACKING_EVALUATIONS) {
    throw invalidArgument(
      `period: ${ends.length} periods × ${births.size} first-purchase days is too much to track; use "W" or "M" periods or a shorter observation period.`,
    );
  }
  repeatDays.sort((a, b) => a - b);
  const actualCumulative: number[] = [];
  const predictedCumulative: number[] = [];
  let j = 0;
  for (const e of ends) {
    while (j < repeatDays.length && repeatDays[j] <= e) j++;
    actualCumulative.push(j);
    let total = 0;
    for (const [s, count] of births) if (e > s) total += count * model.expectedNew(params, (e - s) / daysPerUnit);
    predictedCumulative.push(total);
  }
  const incremental = (cum: number[]) => cum.map((v, i) => (i === 0 ? v : v - cum[i - 1]));
  let lastCalibrationPeriod = -1;
  ends.forEach((e, i) => {
    if (e <= calibrationEnd) lastCalibrationPeriod = i;
  });
  return {
    periodEnd: ends,
    actualIncremental: incremental(actualCumulative),
    predictedIncremental: incremental(predictedCumulative),
    actualCumulative,
    predictedCumulative,
    customers,
    lastCalibrationPeriod,
  };
}
