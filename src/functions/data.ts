/**
 * From transactions to customers: customer summary, calibration/holdout split, RFM table, scores and
 * segments, cohort tables and value tiers. Thin wrappers: parse the ranges, call src/core/data and
 * src/core/rfm, shape the table.
 *
 * Transaction ranges (customer ids, dates, amounts) are read by the core's single-pass reader
 * (src/core/data/cells.ts), which applies the argument rules of src/functions/shared/args.ts to
 * million-row inputs; every other argument goes through args.ts.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import {
  COHORT_METRICS,
  COHORT_UNITS,
  COHORT_UNIT_WORDS,
  CohortMetric,
  CohortUnit,
  readTransactionLedger,
  cohortTable,
  splitCalibrationHoldout,
  summarizeTransactions,
} from "../core/data";
import type { DailyLedger } from "../core/data/transactions";
import { ClvError } from "../core/errors";
import { splitByPeriod, summarizeTransactionsByPeriod, type CountingPeriod } from "../core/data/periodCounting";
import { MAX_BINS, rfmScores, rfmSegment, rfmTable, valueTiers } from "../core/rfm";
import type { CutoffKind } from "../core/rfm";
import {
  OutputCell,
  alignToInput,
  booleanArg,
  choiceArg,
  fail,
  dateArg,
  guard,
  isOmitted,
  numberArg,
  readColumns,
  table,
  tableFromColumns,
  timeUnitArg,
} from "./shared/args";

/** The last answer of one function on one cached ledger: the arguments it was made for, and its refusal. */
interface LedgerAnswer {
  key: string;
  value: unknown;
  refusal?: ClvError;
}

/**
 * The last answer of each data function made from each ledger of readTransactionLedger's cache. A
 * recalculation of SUMMARY, SPLIT, RFM.TABLE or COHORT over the same cells with the same arguments
 * reuses it, a refusal for Excel's limits included, rather than recomputing every customer: what is
 * left is the comparison pass that finds the ledger. The cached values are only read, to shape tables.
 */
const lastAnswers = new WeakMap<DailyLedger, Map<string, LedgerAnswer>>();

/**
 * `shape(compute())` for function `fn` with arguments `key` on `ledger`, computing only when the last
 * answer of `fn` on that ledger was for other arguments.
 */
function answerFromLedger<T>(ledger: DailyLedger, fn: string, key: string, compute: () => T, shape: (value: T) => unknown[][]): unknown[][] {
  let answers = lastAnswers.get(ledger);
  if (answers === undefined) {
    answers = new Map();
    lastAnswers.set(ledger, answers);
  }
  let last = answers.get(fn);
  if (last?.key !== key) {
    last = { key, value: compute() };
    answers.set(fn, last);
  }
  if (last.refusal !== undefined) throw last.refusal;
  try {
    return shape(last.value as T);
  } catch (e) {
    // Shaping fails only on Excel's limits, which hold for the same value and arguments next time.
    if (e instanceof ClvError) last.refusal = e;
    throw e;
  }
}

/**
 * One row per customer from a transaction log: frequency, recency and age T (in time_unit), monetary value, total spend, first and last purchase, transactions and returns. The input of the model fits.
 * @customfunction SUMMARY
 * @helpurl https://localhost:3000/reference.html#summary
 * @param customer_ids Customer id of each transaction (a column of numbers or text).
 * @param dates Date of each transaction: Excel dates or ISO text such as 1997-01-31.
 * @param amounts Amount of each transaction; negative amounts are returns or refunds.
 * @param [period_end] End of the observation period, inclusive (a date; default: the last date in the data).
 * @param [time_unit] Unit of recency and T: "D" days, "W" weeks of 7 days (default), "M" months of 365.25/12 days, "Y" years of 365.25 days.
 * @param [headers] TRUE (default) to put a header row on top of the table.
 * @param [count_by] "D" to count purchase days (default); "W" calendar weeks (Monday to Sunday) or "M" calendar months: frequency, recency and T are then whole periods, as in peer libraries.
 * @returns A table: customer, frequency, recency, T, monetary, total_spend, first_purchase, last_purchase (Excel dates: format as dates), transactions, returns.
 */
export function summary(customer_ids: any[][], dates: any[][], amounts: any[][], period_end?: any, time_unit?: any, headers?: any, count_by?: any): unknown[][] {
  return guard(() => {
    const periodEnd = isOmitted(period_end) ? undefined : dateArg("period_end", period_end);
    const unit = timeUnitArg("time_unit", time_unit);
    const withHeaders = booleanArg("headers", headers, true);
    const countBy = countByArg(count_by, time_unit, unit);
    const { ledger } = readTransactionLedger(customer_ids, dates, amounts);
    return answerFromLedger(
      ledger,
      "SUMMARY",
      `${periodEnd}|${unit}|${countBy}|${withHeaders}`,
      () => (countBy === "D" ? summarizeTransactions(ledger, { periodEnd, timeUnit: unit }) : summarizeTransactionsByPeriod(ledger, { periodEnd }, countBy)),
      (s) =>
        tableFromColumns(
          ["customer", "frequency", "recency", "T", "monetary", "total_spend", "first_purchase", "last_purchase", "transactions", "returns"],
          [s.customer, s.frequency, s.recency, s.T, s.monetary, s.totalSpend, s.firstPurchase, s.lastPurchase, s.transactions, s.returns],
          s.customer.length,
          withHeaders,
        ),
    );
  });
}

/**
 * Calibration/holdout split for checking a model: the customer summary at calibration_end plus each customer's repeat purchases and mean amount up to observation_end.
 * @customfunction SPLIT
 * @helpurl https://localhost:3000/reference.html#split
 * @param customer_ids Customer id of each transaction (a column of numbers or text).
 * @param dates Date of each transaction: Excel dates or ISO text such as 1997-01-31.
 * @param amounts Amount of each transaction; negative amounts are returns or refunds.
 * @param calibration_end Last day of the calibration period (a date).
 * @param observation_end Last day of the holdout period (a date after calibration_end).
 * @param [time_unit] Unit of recency, T and duration: "D" days, "W" weeks of 7 days (default), "M" months of 365.25/12 days, "Y" years of 365.25 days.
 * @param [headers] TRUE (default) to put a header row on top of the table.
 * @param [count_by] "D" to count purchase days (default); "W" calendar weeks (Monday to Sunday) or "M" calendar months: all counts and lengths are then whole periods, as in peer libraries.
 * @returns A table: customer, frequency_cal, recency_cal, T_cal, monetary_cal, frequency_holdout, monetary_holdout, duration_holdout.
 */
export function split(
  customer_ids: any[][],
  dates: any[][],
  amounts: any[][],
  calibration_end: any,
  observation_end: any,
  time_unit?: any,
  headers?: any,
  count_by?: any,
): unknown[][] {
  return guard(() => {
    const calibrationEnd = dateArg("calibration_end", calibration_end);
    const observationEnd = dateArg("observation_end", observation_end);
    const unit = timeUnitArg("time_unit", time_unit);
    const withHeaders = booleanArg("headers", headers, true);
    const countBy = countByArg(count_by, time_unit, unit);
    const { ledger } = readTransactionLedger(customer_ids, dates, amounts);
    return answerFromLedger(
      ledger,
      "SPLIT",
      `${calibrationEnd}|${observationEnd}|${unit}|${countBy}|${withHeaders}`,
      () =>
        countBy === "D"
          ? splitCalibrationHoldout(ledger, { calibrationEnd, observationEnd, timeUnit: unit })
          : splitByPeriod(ledger, { calibrationEnd, observationEnd }, countBy),
      (s) => {
        const n = s.customer.length;
        return tableFromColumns(
          ["customer", "frequency_cal", "recency_cal", "T_cal", "monetary_cal", "frequency_holdout", "monetary_holdout", "duration_holdout"],
          [s.customer, s.frequency, s.recency, s.T, s.monetary, s.frequencyHoldout, s.monetaryHoldout, new Float64Array(n).fill(s.durationHoldout)],
          n,
          withHeaders,
        );
      },
    );
  });
}

/** SUMMARY's and SPLIT's count_by: "D" days, or calendar "W"/"M" periods, which then are the time unit too. */
function countByArg(count_by: any, time_unit: any, unit: string): "D" | CountingPeriod {
  const c = choiceArg<"D" | CountingPeriod>("count_by", count_by, ["D", "W", "M"], "D", { day: "D", days: "D", week: "W", weeks: "W", month: "M", months: "M" });
  if (c !== "D" && !isOmitted(time_unit) && unit !== c) {
    fail(`time_unit is "${unit}" but count_by is "${c}": counting by calendar ${c === "W" ? "weeks" : "months"} measures recency and T in those periods; leave time_unit blank.`);
  }
  return c;
}

/**
 * RFM table from a transaction log: per customer the days since the last purchase, purchase days and total spend as of a date, their R, F, M scores, the RFM code and the segment.
 * @customfunction RFM.TABLE
 * @helpurl https://localhost:3000/reference.html#rfm-table
 * @param customer_ids Customer id of each transaction (a column of numbers or text).
 * @param dates Date of each transaction: Excel dates or ISO text such as 1997-01-31.
 * @param amounts Amount of each transaction; negative amounts are returns or refunds.
 * @param [as_of] Date at which recency is measured, inclusive (default: the last date in the data).
 * @param [bins] Number of score levels, 2 to 9 (default 5: quintiles).
 * @param [headers] TRUE (default) to put a header row on top of the table.
 * @returns A table: customer, days_since_last_purchase, purchase_days, total_spend, R, F, M, RFM, segment.
 */
export function rfmTableFn(customer_ids: any[][], dates: any[][], amounts: any[][], as_of?: any, bins?: any, headers?: any): unknown[][] {
  return guard(() => {
    const asOf = isOmitted(as_of) ? undefined : dateArg("as_of", as_of);
    const b = numberArg("bins", bins, { default: 5, min: 2, max: MAX_BINS, integer: true, hint: "the number of score levels, 5 for quintiles" });
    const withHeaders = booleanArg("headers", headers, true);
    const { ledger } = readTransactionLedger(customer_ids, dates, amounts);
    return answerFromLedger(
      ledger,
      "RFM.TABLE",
      `${asOf}|${b}|${withHeaders}`,
      () => rfmTable(ledger, { asOf, bins: b }),
      (t) =>
        tableFromColumns(
          ["customer", "days_since_last_purchase", "purchase_days", "total_spend", "R", "F", "M", "RFM", "segment"],
          [t.customer, t.daysSinceLastPurchase, t.purchaseDays, t.totalSpend, t.r, t.f, t.m, t.code, t.segment],
          t.customer.length,
          withHeaders,
        ),
    );
  });
}

/**
 * Quantile scores for RFM: spills R, F and M scores (1 to bins; equal values share a score; fewer days since the last purchase scores higher) and the RFM code ("545") for each row.
 * @customfunction RFM.SCORE
 * @helpurl https://localhost:3000/reference.html#rfm-score
 * @param recency_days Days since each customer's last purchase (fewer = better).
 * @param frequency Number of purchases (or purchase days) of each customer.
 * @param monetary Spend (total or average) of each customer.
 * @param [bins] Number of score levels, 2 to 9 (default 5: quintiles).
 * @returns Four columns aligned with the input rows: R, F, M and the RFM code.
 */
export function rfmScore(recency_days: any[][], frequency: any[][], monetary: any[][], bins?: any): unknown[][] {
  return guard(() => {
    const b = numberArg("bins", bins, { default: 5, min: 2, max: MAX_BINS, integer: true, hint: "the number of score levels, 5 for quintiles" });
    const { columns, rowIndex, inputRows } = readColumns({
      recency_days: { value: recency_days, type: "number", min: 0, what: "a number of days" },
      frequency: { value: frequency, type: "number", min: 0, what: "a count" },
      monetary: { value: monetary, type: "number" },
    });
    const s = rfmScores(columns.recency_days, columns.frequency, columns.monetary, b);
    const out: OutputCell[][] = new Array(inputRows);
    for (let i = 0; i < inputRows; i++) out[i] = ["", "", "", ""];
    for (let j = 0; j < rowIndex.length; j++) out[rowIndex[j]] = [s.r[j], s.f[j], s.m[j], s.code[j]];
    return out;
  });
}

/**
 * Named RFM segment ("Champions", "At risk", ...) of recency and frequency scores from the standard 5 × 5 grid; with a monetary score the grid column is the rounded mean of F and M.
 * @customfunction RFM.SEGMENT
 * @helpurl https://localhost:3000/reference.html#rfm-segment
 * @param r Recency score(s), whole numbers from 1 to bins (5 = most recent).
 * @param f Frequency score(s), whole numbers from 1 to bins (5 = most frequent).
 * @param [m] Monetary score(s), optional: when given, the grid column is the rounded mean of F and M.
 * @param [bins] Scale of the scores, 2 to 9 (default 5).
 * @returns The segment name for each row, e.g. "Champions".
 */
export function rfmSegmentFn(r: any[][], f: any[][], m?: any[][], bins?: any): unknown[][] {
  return guard(() => {
    const b = numberArg("bins", bins, { default: 5, min: 2, max: MAX_BINS, integer: true, hint: "the number of score levels, 5 for quintiles" });
    const score = { type: "number" as const, min: 1, max: b, integer: true, what: `a score from 1 to ${b}` };
    const { columns, rowIndex, inputRows } = readColumns({
      r: { value: r, ...score },
      f: { value: f, ...score },
      m: { value: m, ...score, optional: true },
    });
    const mCol = columns.m;
    const names: string[] = new Array(rowIndex.length);
    for (let j = 0; j < rowIndex.length; j++) names[j] = rfmSegment(columns.r[j], columns.f[j], mCol ? mCol[j] : undefined, b);
    return alignToInput(names, rowIndex, Math.max(inputRows, 1));
  });
}

/**
 * Acquisition cohort table: customers grouped by the calendar month (week, quarter, year) of their first purchase, one column per period since acquisition, for customers, retention or revenue.
 * @customfunction COHORT
 * @helpurl https://localhost:3000/reference.html#cohort
 * @param customer_ids Customer id of each transaction (a column of numbers or text).
 * @param dates Date of each transaction: Excel dates or ISO text such as 1997-01-31.
 * @param amounts Amount of each transaction; negative amounts are returns or refunds.
 * @param [cohort_unit] Calendar period of cohorts and columns: "M" months (default), "W" weeks, "Q" quarters, "Y" years.
 * @param [metric] "customers" (default), "retention", "revenue", "revenue_per_customer" or "cumulative_revenue_per_customer".
 * @param [periods] Number of period columns (default: as many as the data span).
 * @param [headers] TRUE (default) to put a header row on top: cohort, size, then M0, M1, ... (W0, Q0, Y0 for other units).
 * @returns The cohort table.
 */
export function cohort(
  customer_ids: any[][],
  dates: any[][],
  amounts: any[][],
  cohort_unit?: any,
  metric?: any,
  periods?: any,
  headers?: any,
): unknown[][] {
  return guard(() => {
    const unit = choiceArg<CohortUnit>("cohort_unit", cohort_unit, COHORT_UNITS, "M", COHORT_UNIT_WORDS);
    const m = choiceArg<CohortMetric>("metric", metric, COHORT_METRICS, "customers");
    const p = isOmitted(periods) ? undefined : numberArg("periods", periods, { min: 1, max: 10000, integer: true });
    const withHeaders = booleanArg("headers", headers, true);
    const { ledger } = readTransactionLedger(customer_ids, dates, amounts);
    return answerFromLedger(
      ledger,
      "COHORT",
      `${unit}|${m}|${p}|${withHeaders}`,
      () => cohortTable(ledger, { cohortUnit: unit, metric: m, periods: p }),
      (t) => {
        const rows: (number | string)[][] = t.labels.map((label, r) => {
          const row: (number | string)[] = [label, t.sizes[r]];
          const values = t.values[r];
          for (let k = 0; k < t.periods; k++) row.push(Number.isNaN(values[k]) ? "" : values[k]);
          return row;
        });
        const head = ["cohort", "size", ...Array.from({ length: t.periods }, (_, k) => `${unit}${k}`)];
        return table(head, rows, withHeaders);
      },
    );
  });
}

/**
 * Value tiers: labels each value High, Medium or Low (by default the top 20%, the next 30% and the rest), or by your own cutoffs and labels.
 * @customfunction TIER
 * @helpurl https://localhost:3000/reference.html#tier
 * @param values Value of each customer (spend, predicted CLV, ...).
 * @param [cutoffs] Cutoffs: quantiles as fractions (default 0.8 and 0.5; 80% is 0.8) or values in the data's range.
 * @param [labels] Tier labels from the top tier down, one more than the cutoffs (default High, Medium, Low; Tier 1, Tier 2, ... for other numbers of cutoffs).
 * @param [cutoff_kind] "auto" (default: quantiles when all cutoffs lie between 0 and 1, else values), "quantile" or "value".
 * @returns A column of tier labels aligned with values.
 */
export function tier(values: any[][], cutoffs?: any[][], labels?: any[][], cutoff_kind?: any): unknown[][] {
  return guard(() => {
    const kind = choiceArg<CutoffKind>("cutoff_kind", cutoff_kind, ["auto", "quantile", "value"], "auto");
    // Short lists given as a range or a single value; blank cells are skipped.
    const cut = isOmitted(cutoffs) ? undefined : readColumns({ cutoffs: { value: cutoffs, type: "number" as const } }).columns.cutoffs;
    const lab = isOmitted(labels) ? undefined : readColumns({ labels: { value: labels, type: "text" as const } }).columns.labels.map((l) => String(l));
    const { columns, rowIndex, inputRows } = readColumns({ values: { value: values, type: "number" } });
    const t = valueTiers(columns.values, { cutoffs: cut, labels: lab, kind });
    return alignToInput(t.label, rowIndex, inputRows);
  });
}
