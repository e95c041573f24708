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
  CohortMetric,
  CohortUnit,
  readTransactionLedger,
  cohortTable,
  splitCalibrationHoldout,
  summarizeTransactions,
} from "../core/data";
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
  timeUnitArg,
} from "./shared/args";

/**
 * One row per customer from a transaction log: frequency (repeat purchase days), recency and age T in the chosen time unit, monetary value (mean of the repeat purchase days), total spend, first and last purchase dates, and the numbers of transactions and returns. The inputs of the BG/NBD, Pareto/NBD and Gamma-Gamma models.
 *
 * Rules. Dates are Excel dates or ISO text (1997-01-31); a time of day is ignored. All rows of a customer on one calendar day merge into one purchase day with their net amount. Negative amounts are returns or refunds: they net against purchases of the same day, and a day with returns whose net amount is 0 or less is not a purchase day (a full refund cancels the purchase); a refund on a day without purchases lowers total spend but does not remove an earlier purchase day. A day without returns is a purchase day even at amount 0 (a free order). Frequency counts purchase days after the first one; recency = last - first purchase day; T = period_end - first purchase day; monetary = mean net amount of the repeat purchase days, 0 when frequency is 0. Total spend is the net sum of all the customer's rows up to period_end; transactions counts those rows and returns the ones with a negative amount. Rows after period_end are ignored; customers whose first purchase is after period_end, or who have no purchase day by then (only returns), are left out. Customers are ordered by id: numeric ids in numeric order, then text ids in alphabetical (character-code) order ignoring case; the number 42 and the text "42" are the same customer, "0042" is a different (text) id, and spaces around text ids are ignored. Rows blank in all three ranges are ignored; a row blank in only some of them, an unreadable date or a text amount is an error naming the argument and row.
 * @customfunction SUMMARY
 * @helpurl https://clv-addin.example.org/functions#summary
 * @param customer_ids Customer id of each transaction (a column of numbers or text).
 * @param dates Date of each transaction: Excel dates or ISO text such as 1997-01-31.
 * @param amounts Amount of each transaction; negative amounts are returns or refunds.
 * @param [period_end] End of the observation period, inclusive (a date; default: the last date in the data).
 * @param [time_unit] Unit of recency and T: "D" days (default), "W" weeks of 7 days, "M" months of 365.25/12 days, "Y" years of 365.25 days.
 * @param [headers] TRUE (default) to put a header row on top of the table.
 * @param [count_by] "D" to count purchase days (default); "W" calendar weeks (Monday to Sunday) or "M" calendar months: frequency, recency and T are then whole periods, as in peer libraries.
 * @returns A table: customer, frequency, recency, T, monetary, total_spend, first_purchase, last_purchase (Excel dates: format as dates), transactions, returns.
 */
export function summary(customer_ids: any[][], dates: any[][], amounts: any[][], period_end?: any, time_unit?: any, headers?: any, count_by?: any): unknown[][] {
  return guard(() => {
    const periodEnd = isOmitted(period_end) ? undefined : dateArg("period_end", period_end);
    const unit = timeUnitArg("time_unit", time_unit, "D");
    const withHeaders = booleanArg("headers", headers, true);
    const countBy = countByArg(count_by, time_unit, unit);
    const { ledger } = readTransactionLedger(customer_ids, dates, amounts);
    const s = countBy === "D" ? summarizeTransactions(ledger, { periodEnd, timeUnit: unit }) : summarizeTransactionsByPeriod(ledger, { periodEnd }, countBy);
    const rows: (number | string)[][] = new Array(s.customer.length);
    for (let i = 0; i < s.customer.length; i++) {
      rows[i] = [
        s.customer[i],
        s.frequency[i],
        s.recency[i],
        s.T[i],
        s.monetary[i],
        s.totalSpend[i],
        s.firstPurchase[i],
        s.lastPurchase[i],
        s.transactions[i],
        s.returns[i],
      ];
    }
    return table(
      ["customer", "frequency", "recency", "T", "monetary", "total_spend", "first_purchase", "last_purchase", "transactions", "returns"],
      rows,
      withHeaders,
    );
  });
}

/**
 * Calibration / holdout split for checking a model: the customer summary at calibration_end (frequency, recency, T, monetary, as in CLV.SUMMARY) plus what each customer actually did between calibration_end and observation_end: repeat purchase days, their mean amount, and the length of the holdout period. Fit a model on the calibration columns and compare its prediction for duration_holdout with frequency_holdout.
 *
 * Rules as in CLV.SUMMARY (same-day merge, returns, ordering, blank rows). Only customers with a purchase by calibration_end are listed (the model can only predict for them). Holdout purchase days are the purchase days after calibration_end up to and including observation_end; rows after observation_end are ignored.
 * @customfunction SPLIT
 * @helpurl https://clv-addin.example.org/functions#split
 * @param customer_ids Customer id of each transaction (a column of numbers or text).
 * @param dates Date of each transaction: Excel dates or ISO text such as 1997-01-31.
 * @param amounts Amount of each transaction; negative amounts are returns or refunds.
 * @param calibration_end Last day of the calibration period (a date).
 * @param observation_end Last day of the holdout period (a date after calibration_end).
 * @param [time_unit] Unit of recency, T and duration: "D" days (default), "W" weeks of 7 days, "M" months of 365.25/12 days, "Y" years of 365.25 days.
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
    const unit = timeUnitArg("time_unit", time_unit, "D");
    const withHeaders = booleanArg("headers", headers, true);
    const countBy = countByArg(count_by, time_unit, unit);
    const { ledger } = readTransactionLedger(customer_ids, dates, amounts);
    const s =
      countBy === "D"
        ? splitCalibrationHoldout(ledger, { calibrationEnd, observationEnd, timeUnit: unit })
        : splitByPeriod(ledger, { calibrationEnd, observationEnd }, countBy);
    const rows: (number | string)[][] = new Array(s.customer.length);
    for (let i = 0; i < s.customer.length; i++) {
      rows[i] = [s.customer[i], s.frequency[i], s.recency[i], s.T[i], s.monetary[i], s.frequencyHoldout[i], s.monetaryHoldout[i], s.durationHoldout];
    }
    return table(
      ["customer", "frequency_cal", "recency_cal", "T_cal", "monetary_cal", "frequency_holdout", "monetary_holdout", "duration_holdout"],
      rows,
      withHeaders,
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
 * RFM table from a transaction log: per customer the days since the last purchase, the number of purchase days and the total spend as of a date, their R, F and M scores (quantile scores as in CLV.RFM.SCORE, recent = high), the RFM code such as "545" and the segment from the recency × frequency grid (see CLV.RFM.SEGMENT).
 *
 * Rules as in CLV.SUMMARY: same-day rows merge into one purchase day; returns net within the day and a day they cancel is not a purchase day; total spend is net of all returns up to as_of; rows after as_of are ignored; customers without a purchase by as_of are left out; customers ordered by id (numbers first, then text).
 * @customfunction RFM.TABLE
 * @helpurl https://clv-addin.example.org/functions#rfm-table
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
    const t = rfmTable(ledger, { asOf, bins: b });
    const rows: (number | string)[][] = new Array(t.customer.length);
    for (let i = 0; i < t.customer.length; i++) {
      rows[i] = [t.customer[i], t.daysSinceLastPurchase[i], t.purchaseDays[i], t.totalSpend[i], t.r[i], t.f[i], t.m[i], t.code[i], t.segment[i]];
    }
    return table(["customer", "days_since_last_purchase", "purchase_days", "total_spend", "R", "F", "M", "RFM", "segment"], rows, withHeaders);
  });
}

/**
 * Quantile scores for RFM: spills R, F and M scores (1 to bins) and the RFM code ("545") for each row. Score = 1 + floor(bins × share of the other rows with a strictly smaller value), so equal values always get the same score, bins are balanced when there are no ties, and the lowest value scores 1. Recency is reversed: fewer days since the last purchase scores higher.
 *
 * Rows blank in all three ranges get blank scores and do not count; a row blank in only some of them is an error.
 * @customfunction RFM.SCORE
 * @helpurl https://clv-addin.example.org/functions#rfm-score
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
 * Named RFM segment of recency and frequency scores (1 to 5, 5 = best), from this grid (rows R = 5 to 1, columns F = 1 to 5). R5: New, Potential loyalists, Potential loyalists, Champions, Champions. R4: Promising, Potential loyalists, Potential loyalists, Loyal, Loyal. R3: About to sleep, About to sleep, Need attention, Loyal, Loyal. R2: Hibernating, Hibernating, At risk, At risk, Can't lose them. R1: Lost, Hibernating, At risk, At risk, Can't lose them.
 *
 * With a monetary score the grid column is the mean of F and M rounded (halves up). Scores on another scale (bins other than 5) are first mapped to 1..5 through the middle of their band: 1 + floor(5 × (score - 0.5) / bins). Scores may be single cells or columns; rows blank in every range give a blank.
 * @customfunction RFM.SEGMENT
 * @helpurl https://clv-addin.example.org/functions#rfm-segment
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
 * Acquisition cohort table: customers grouped by the calendar month (or week, quarter, year) of their first purchase, one row per cohort, one column per period since acquisition (period 0 = the acquisition period). First columns: cohort label (1997-01, 1997-W05, 1997-Q1, 1997) and cohort size.
 *
 * Metrics: "customers" = cohort members with a purchase in the period (period 0 = everyone); "retention" = that as a share of the cohort (period 0 = 1); "revenue" = net amount of the cohort's rows in the period, returns included; "revenue_per_customer" = revenue / cohort size; "cumulative_revenue_per_customer" = revenue to date / cohort size. Purchase days follow CLV.SUMMARY's rules (same-day merge; returns net within the day; a day they cancel is not a purchase). Customers with no purchase at all belong to no cohort; returns dated before a customer's first purchase count in period 0. Periods that start after the last date in the data are blank, not 0 (the last period may be partial). Weeks run Monday to Sunday and are labelled by ISO 8601 week.
 * @customfunction COHORT
 * @helpurl https://clv-addin.example.org/functions#cohort
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
    const unit = choiceArg<CohortUnit>("cohort_unit", cohort_unit, COHORT_UNITS, "M", {
      week: "W",
      weeks: "W",
      month: "M",
      months: "M",
      quarter: "Q",
      quarters: "Q",
      year: "Y",
      years: "Y",
    });
    const m = choiceArg<CohortMetric>("metric", metric, COHORT_METRICS, "customers");
    const p = isOmitted(periods) ? undefined : numberArg("periods", periods, { min: 1, max: 10000, integer: true });
    const withHeaders = booleanArg("headers", headers, true);
    const { ledger } = readTransactionLedger(customer_ids, dates, amounts);
    const t = cohortTable(ledger, { cohortUnit: unit, metric: m, periods: p });
    const rows: (number | string)[][] = t.labels.map((label, r) => {
      const row: (number | string)[] = [label, t.sizes[r]];
      const values = t.values[r];
      for (let k = 0; k < t.periods; k++) row.push(Number.isNaN(values[k]) ? "" : values[k]);
      return row;
    });
    const head = ["cohort", "size", ...Array.from({ length: t.periods }, (_, k) => `${unit}${k}`)];
    return table(head, rows, withHeaders);
  });
}

/**
 * Value tiers: labels each value High, Medium or Low, by default the top 20 % High, the next 30 % Medium and the rest Low (quantile cutoffs 0.8 and 0.5). With quantile cutoffs a value reaches cutoff q when the share of values strictly below it is at least q, so equal values always share a tier. With absolute cutoffs a value reaches cutoff c when it is at least c. Cutoffs may be in any order; k cutoffs make k + 1 tiers, labelled from the top.
 *
 * Blank rows give a blank. Cutoffs all strictly between 0 and 1 are read as quantiles, otherwise as values; use cutoff_kind "value" for absolute cutoffs below 1.
 * @customfunction TIER
 * @helpurl https://clv-addin.example.org/functions#tier
 * @param values Value of each customer (spend, predicted CLV, ...).
 * @param [cutoffs] Cutoffs: quantiles between 0 and 1 (default 0.8 and 0.5) or absolute values.
 * @param [labels] Tier labels from the top tier down, one more than the cutoffs (default High, Medium, Low; Tier 1, Tier 2, ... for other numbers of cutoffs).
 * @param [cutoff_kind] "auto" (default), "quantile" or "value": how to read the cutoffs.
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
