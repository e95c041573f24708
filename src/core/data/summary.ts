/**
 * Transactions -> one row per customer: the (x, t_x, T) inputs of the BTYD models plus monetary value
 * and bookkeeping columns (DESIGN §2 vocabulary).
 *
 * Definitions (Fader, Hardie & Lee 2005, "Counting your customers the easy way", §2: x = number of
 * repeat purchases, t_x = time of the last purchase, T = length of observation, all measured from the
 * customer's first purchase; Fader & Hardie 2013, "The Gamma-Gamma model of monetary value": monetary =
 * mean value of the repeat purchases):
 * - purchase day: a calendar day with a purchase that returns on the same day did not cancel, i.e. a day
 *   without returns, or with a net amount > 0 after them (see transactions.ts);
 * - frequency x: number of purchase days after the first one, up to and including `periodEnd`;
 * - recency t_x: (last purchase day - first purchase day) in days / unit;
 * - T: (periodEnd - first purchase day) in days / unit;
 * - monetary: mean net amount of the repeat purchase days (the first purchase day excluded); 0 when x = 0;
 * - total spend: net sum of all the customer's rows up to periodEnd, returns included;
 * - transactions: number of the customer's rows up to periodEnd; returns: how many of them are negative.
 * Units are fixed lengths (D = 1, W = 7, M = 365.25/12, Y = 365.25 days), never calendar buckets. With
 * periodEnd 1997-09-30 and unit "W" this reproduces the CDNOW summary shipped with lifetimes and used by
 * Fader, Hardie & Lee (2005) (test/core/data/summary.test.ts checks all 2357 customers).
 *
 * Left out, and counted in `excluded`: rows dated after periodEnd; customers whose first purchase day is
 * after periodEnd; customers with no purchase day by periodEnd (only returns, or days cancelled by them).
 */
import { invalidArgument, notAvailable } from "../errors";
import { DAYS_PER_UNIT, TimeUnit } from "./dates";
import { DEFAULT_TIME_UNIT } from "./units";
import { CustomerId } from "./customerIds";
import { ColumnNames, DEFAULT_COLUMN_NAMES, DailyLedger, TransactionSource, dayOption, formatDay, ledgerOf } from "./transactions";

export interface SummaryOptions {
  /** End of the observation period as an Excel serial (inclusive); default: the last date in the data. */
  periodEnd?: number;
  /** Unit of recency and T; default "D". */
  timeUnit?: TimeUnit;
  /** Argument names for messages (the Excel wrappers pass theirs). */
  names?: Partial<ColumnNames> & { periodEnd?: string; timeUnit?: string };
}

/** What a summary left out, so that nothing disappears silently. */
export interface SummaryExclusions {
  /** Rows dated after the period end. */
  rowsAfterPeriodEnd: number;
  /** Customers whose first purchase day is after the period end. */
  customersAfterPeriodEnd: number;
  /** Customers with rows up to the period end but no purchase day (only returns, or days they cancelled). */
  customersWithoutPurchase: number;
  /** Rows of those customers up to the period end. */
  rowsWithoutPurchase: number;
}

/** One entry per customer (customers in report order), as columns. */
export interface CustomerSummary {
  customer: CustomerId[];
  /** x: repeat purchase days. */
  frequency: Int32Array;
  /** t_x in `timeUnit`. */
  recency: Float64Array;
  /** T in `timeUnit`. */
  T: Float64Array;
  /** Mean net amount of the repeat purchase days; 0 when frequency = 0. */
  monetary: Float64Array;
  /** Net spend up to the period end, returns included. */
  totalSpend: Float64Array;
  /** Whole-day serials of the first and last purchase days. */
  firstPurchase: Int32Array;
  lastPurchase: Int32Array;
  /** Rows up to the period end (returns included). */
  transactions: Int32Array;
  /** Rows with a negative amount up to the period end. */
  returns: Int32Array;
  /** The period end used (whole-day serial) and the unit. */
  periodEnd: number;
  timeUnit: TimeUnit;
  /** Rows seen in the input, returns among them, and what was left out. */
  rowCount: number;
  returnCount: number;
  excluded: SummaryExclusions;
}

export function checkTimeUnit(name: string, unit: TimeUnit | undefined): TimeUnit {
  if (unit === undefined) return DEFAULT_TIME_UNIT;
  if (!(unit in DAYS_PER_UNIT)) throw invalidArgument(`${name} is '${String(unit)}'; use "D", "W", "M" or "Y"`);
  return unit;
}

/**
 * Summarize a transaction log per customer (see the module comment for every rule).
 * Throws #N/A when no customer made a purchase by the period end.
 */
export function summarizeTransactions(source: TransactionSource, options: SummaryOptions = {}): CustomerSummary {
  const names: ColumnNames = { ...DEFAULT_COLUMN_NAMES, ...options.names };
  const ledger = ledgerOf(source, names);
  const unit = checkTimeUnit(options.names?.timeUnit ?? "time_unit", options.timeUnit);
  const end = options.periodEnd === undefined ? ledger.lastDay : dayOption(options.names?.periodEnd ?? "period_end", options.periodEnd);
  const result = summarizeLedger(ledger, end, unit);
  if (result.customer.length === 0) {
    throw notAvailable(
      `no customer made a purchase on or before ${formatDay(end)}` +
        (end < ledger.firstDay ? ` (the data start on ${formatDay(ledger.firstDay)})` : ""),
    );
  }
  return result;
}

/** The summary computation on a ledger (no checks): shared with the calibration/holdout split. */
export function summarizeLedger(ledger: DailyLedger, end: number, unit: TimeUnit): CustomerSummary {
  const k = ledger.customers.length;
  const daysPerUnit = DAYS_PER_UNIT[unit];
  const customer: CustomerId[] = [];
  const frequency = new Int32Array(k);
  const recency = new Float64Array(k);
  const T = new Float64Array(k);
  const monetary = new Float64Array(k);
  const totalSpend = new Float64Array(k);
  const firstPurchase = new Int32Array(k);
  const lastPurchase = new Int32Array(k);
  const transactions = new Int32Array(k);
  const returns = new Int32Array(k);
  const excluded: SummaryExclusions = { rowsAfterPeriodEnd: 0, customersAfterPeriodEnd: 0, customersWithoutPurchase: 0, rowsWithoutPurchase: 0 };
  const { dayStart, day, net, rows, returns: dayReturns, purchase } = ledger;
  let out = 0;
  for (let c = 0; c < k; c++) {
    const stop = dayStart[c + 1];
    let first = -1;
    let last = -1;
    let x = 0;
    let repeatSum = 0;
    let spend = 0;
    let rowCount = 0;
    let returnCount = 0;
    let e = dayStart[c];
    for (; e < stop && day[e] <= end; e++) {
      rowCount += rows[e];
      returnCount += dayReturns[e];
      const amount = net[e];
      spend += amount;
      if (purchase[e] === 1) {
        if (first < 0) first = day[e];
        else {
          x++;
          repeatSum += amount;
        }
        last = day[e];
      }
    }
    for (let after = e; after < stop; after++) excluded.rowsAfterPeriodEnd += rows[after];
    if (first < 0) {
      if (rowCount === 0) excluded.customersAfterPeriodEnd++;
      else {
        excluded.customersWithoutPurchase++;
        excluded.rowsWithoutPurchase += rowCount;
      }
      continue;
    }
    customer.push(ledger.customers[c]);
    frequency[out] = x;
    recency[out] = (last - first) / daysPerUnit;
    T[out] = (end - first) / daysPerUnit;
    monetary[out] = x > 0 ? repeatSum / x : 0;
    totalSpend[out] = spend;
    firstPurchase[out] = first;
    lastPurchase[out] = last;
    transactions[out] = rowCount;
    returns[out] = returnCount;
    out++;
  }
  // Usually every customer is kept: no copy then.
  const fit = <A extends Int32Array | Float64Array>(a: A): A => (out === k ? a : (a.slice(0, out) as A));
  return {
    customer,
    frequency: fit(frequency),
    recency: fit(recency),
    T: fit(T),
    monetary: fit(monetary),
    totalSpend: fit(totalSpend),
    firstPurchase: fit(firstPurchase),
    lastPurchase: fit(lastPurchase),
    transactions: fit(transactions),
    returns: fit(returns),
    periodEnd: end,
    timeUnit: unit,
    rowCount: ledger.rowCount,
    returnCount: ledger.returnCount,
    excluded,
  };
}
