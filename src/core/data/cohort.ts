/**
 * Acquisition cohort tables: customers grouped by the calendar period of their first purchase (week,
 * month, quarter or year), followed period by period after acquisition.
 *
 * Rules:
 * - A customer's cohort is the calendar period of their first purchase day (a day not cancelled by
 *   same-day returns, see transactions.ts). Customers without any purchase day belong to no cohort and their rows are not
 *   counted; `excluded` reports how many.
 * - Period k of a cohort is the k-th calendar period after the cohort's period (period 0 = the
 *   acquisition period itself).
 * - Active customers in period k: cohort members with at least one purchase day in that period. Period
 *   0 is therefore the whole cohort.
 * - Revenue in period k: net amount of all the cohort members' rows dated in that period, returns
 *   included. Rows dated before a customer's first purchase day (only returns can be there) are counted
 *   in period 0.
 * - The data end is the last date in the whole data set. Periods that start after it are not
 *   observed: NaN in the core, "" in Excel (never 0). The last observed period may be partial.
 */
import { invalidArgument, notAvailable } from "../errors";
import { CohortUnit, COHORT_UNITS, PeriodIndexer, periodLabel, periodStart } from "./calendarPeriods";
import { isoFromSerial } from "./dates";
import { ColumnNames, DEFAULT_COLUMN_NAMES, TransactionSource, ledgerOf } from "./transactions";

export type CohortMetric = "customers" | "retention" | "revenue" | "revenue_per_customer" | "cumulative_revenue_per_customer";
export const COHORT_METRICS: readonly CohortMetric[] = [
  "customers",
  "retention",
  "revenue",
  "revenue_per_customer",
  "cumulative_revenue_per_customer",
];

export interface CohortOptions {
  /** Calendar period of cohorts and of the columns; default "M". */
  cohortUnit?: CohortUnit;
  /** Number of period columns (0, 1, ..., periods - 1); default: as many as the data span. */
  periods?: number;
  names?: Partial<ColumnNames> & { cohortUnit?: string; periods?: string; metric?: string };
}

/** Raw cohort counts from which every metric is derived. */
export interface CohortData {
  cohortUnit: CohortUnit;
  /** Cohort labels ("1997-01"), in chronological order. */
  labels: string[];
  /** Serial of the first day of each cohort's period. */
  starts: Int32Array;
  /** Customers acquired in each cohort. */
  sizes: Int32Array;
  /** Number of period columns. */
  periods: number;
  /** Periods observed per cohort (0..observed-1 lie on or before the data end). */
  observed: Int32Array;
  /** active[c][k]: customers of cohort c with a purchase day in period k. */
  active: Float64Array[];
  /** revenue[c][k]: net amount of cohort c's rows in period k. */
  revenue: Float64Array[];
  /** Last date in the data (serial). */
  dataEnd: number;
  excluded: { customersWithoutPurchase: number; rowsWithoutPurchase: number; rowsBeyondPeriods: number };
}

/** A cohort metric table: one row per cohort, one column per period since acquisition. */
export interface CohortTable extends CohortData {
  metric: CohortMetric;
  /** values[c][k]; NaN where period k of cohort c lies after the data end. */
  values: Float64Array[];
}

/** Most period columns of a cohort table (explicit or from the data's span). */
export const MAX_COHORT_PERIODS = 10000;

const UNIT_WORDS: Record<CohortUnit, string> = { W: "weeks", M: "months", Q: "quarters", Y: "years" };

/** Count cohort members, activity and revenue by period since acquisition. */
export function buildCohorts(source: TransactionSource, options: CohortOptions = {}): CohortData {
  const names: ColumnNames = { ...DEFAULT_COLUMN_NAMES, ...options.names };
  const unit = options.cohortUnit ?? "M";
  if (!COHORT_UNITS.includes(unit)) {
    throw invalidArgument(`${options.names?.cohortUnit ?? "cohort_unit"} is '${String(unit)}'; use "W", "M", "Q" or "Y"`);
  }
  if (options.periods !== undefined && !(Number.isInteger(options.periods) && options.periods >= 1 && options.periods <= MAX_COHORT_PERIODS)) {
    throw invalidArgument(`${options.names?.periods ?? "periods"} is ${options.periods}; use a whole number from 1 to ${MAX_COHORT_PERIODS}`);
  }
  const ledger = ledgerOf(source, names);
  const indexer = new PeriodIndexer(unit, ledger.firstDay, ledger.lastDay);
  const { dayStart, day, net, rows, purchase } = ledger;
  const k = ledger.customers.length;

  // Pass 1: each customer's cohort period (-1: no purchase day).
  const cohortOf = new Float64Array(k);
  const excluded = { customersWithoutPurchase: 0, rowsWithoutPurchase: 0, rowsBeyondPeriods: 0 };
  const distinct = new Set<number>();
  for (let c = 0; c < k; c++) {
    let first = -1;
    for (let e = dayStart[c]; e < dayStart[c + 1]; e++) {
      if (purchase[e] === 1) {
        first = day[e];
        break;
      }
    }
    if (first < 0) {
      cohortOf[c] = NaN;
      excluded.customersWithoutPurchase++;
      for (let e = dayStart[c]; e < dayStart[c + 1]; e++) excluded.rowsWithoutPurchase += rows[e];
      continue;
    }
    cohortOf[c] = indexer.of(first);
    distinct.add(cohortOf[c]);
  }
  if (distinct.size === 0) throw notAvailable(`${names.amount}: no customer has a purchase day (every day with rows is cancelled by returns)`);

  const cohortPeriods = Float64Array.from(distinct).sort();
  const rowOfCohort = new Map<number, number>();
  cohortPeriods.forEach((p, i) => rowOfCohort.set(p, i));
  const lastPeriod = indexer.of(ledger.lastDay);
  const periods = options.periods ?? lastPeriod - cohortPeriods[0] + 1;
  if (periods > MAX_COHORT_PERIODS) {
    // The default width follows the data; a placeholder date (9999-12-31) would make it hundreds of
    // thousands of columns, past what any sheet holds: say so instead of building it.
    const span = `${isoFromSerial(ledger.firstDay)} to ${isoFromSerial(ledger.lastDay)}`;
    throw invalidArgument(
      `${names.day}: the dates run from ${span}, ${periods.toLocaleString("en-US")} ${UNIT_WORDS[unit]}, more than the ` +
        `${MAX_COHORT_PERIODS.toLocaleString("en-US")} period columns a cohort table can have; give ${options.names?.periods ?? "periods"}, ` +
        `a longer ${options.names?.cohortUnit ?? "cohort_unit"}, or remove placeholder dates such as 9999-12-31.`,
    );
  }
  const nCohorts = cohortPeriods.length;
  const active = Array.from({ length: nCohorts }, () => new Float64Array(periods));
  const revenue = Array.from({ length: nCohorts }, () => new Float64Array(periods));
  const sizes = new Int32Array(nCohorts);

  // Pass 2: activity and revenue; a customer's days are in order, so periods never decrease.
  for (let c = 0; c < k; c++) {
    const cohort = cohortOf[c];
    if (Number.isNaN(cohort)) continue;
    const row = rowOfCohort.get(cohort)!;
    sizes[row]++;
    const act = active[row];
    const rev = revenue[row];
    let lastActive = -1;
    for (let e = dayStart[c]; e < dayStart[c + 1]; e++) {
      const p = Math.max(0, indexer.of(day[e]) - cohort);
      if (p >= periods) {
        excluded.rowsBeyondPeriods += rows[e];
        continue;
      }
      rev[p] += net[e];
      if (purchase[e] === 1 && p !== lastActive) {
        act[p]++;
        lastActive = p;
      }
    }
  }

  const observed = new Int32Array(nCohorts);
  for (let r = 0; r < nCohorts; r++) observed[r] = Math.min(periods, lastPeriod - cohortPeriods[r] + 1);
  return {
    cohortUnit: unit,
    labels: Array.from(cohortPeriods, (p) => periodLabel(p, unit)),
    starts: Int32Array.from(cohortPeriods, (p) => periodStart(p, unit)),
    sizes,
    periods,
    observed,
    active,
    revenue,
    dataEnd: ledger.lastDay,
    excluded,
  };
}

/** One metric of cohort data; unobserved periods are NaN. */
export function cohortMetric(data: CohortData, metric: CohortMetric): Float64Array[] {
  if (!COHORT_METRICS.includes(metric)) {
    throw invalidArgument(`metric is '${String(metric)}'; use one of ${COHORT_METRICS.map((m) => `"${m}"`).join(", ")}`);
  }
  return data.labels.map((_, r) => {
    const size = data.sizes[r];
    const out = new Float64Array(data.periods).fill(NaN);
    let cumulative = 0;
    for (let p = 0; p < data.observed[r]; p++) {
      const act = data.active[r][p];
      const rev = data.revenue[r][p];
      cumulative += rev;
      switch (metric) {
        case "customers":
          out[p] = act;
          break;
        case "retention":
          out[p] = act / size;
          break;
        case "revenue":
          out[p] = rev;
          break;
        case "revenue_per_customer":
          out[p] = rev / size;
          break;
        default:
          out[p] = cumulative / size;
      }
    }
    return out;
  });
}

/** The cohort table of one metric (default "customers"). */
export function cohortTable(source: TransactionSource, options: CohortOptions & { metric?: CohortMetric } = {}): CohortTable {
  const metric = options.metric ?? "customers";
  if (!COHORT_METRICS.includes(metric)) {
    throw invalidArgument(`${options.names?.metric ?? "metric"} is '${String(metric)}'; use one of ${COHORT_METRICS.map((m) => `"${m}"`).join(", ")}`);
  }
  const data = buildCohorts(source, options);
  return { ...data, metric, values: cohortMetric(data, metric) };
}
