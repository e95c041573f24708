/**
 * Transactions -> customers: the public API of src/core/data for the Excel functions and the task pane.
 *
 * Typical use from parsed columns (dates as Excel serials, amounts with returns negative):
 *
 * ```ts
 * const ledger = buildDailyLedger({ customer, day, amount });          // parse once ...
 * const summary = summarizeTransactions(ledger, { periodEnd, timeUnit: "W" });   // ... use many times
 * const split = splitCalibrationHoldout(ledger, { calibrationEnd, observationEnd, timeUnit: "W" });
 * const cohorts = cohortTable(ledger, { cohortUnit: "M", metric: "retention" });
 * ```
 * Every function also accepts the raw columns directly. Results are columnar (typed arrays), customers
 * in report order: numeric ids in numeric order, then text ids alphabetically (case-insensitive).
 */
export type { CustomerId } from "./customerIds";
export { canonicalCustomerId, compareCustomerIds } from "./customerIds";
export type { TransactionColumns, EncodedCustomerIds, DailyLedger, TransactionSource, ColumnNames } from "./transactions";
export { buildDailyLedger, ledgerOf, isDailyLedger, encodeCustomerIds, isEncodedCustomerIds, DEFAULT_COLUMN_NAMES } from "./transactions";
export type { CellTransactions } from "./cells";
export { readTransactionCells } from "./cells";
export type { SummaryOptions, CustomerSummary, SummaryExclusions } from "./summary";
export { summarizeTransactions } from "./summary";
export type { SplitOptions, CalibrationHoldout } from "./split";
export { splitCalibrationHoldout } from "./split";
export type { CohortMetric, CohortOptions, CohortData, CohortTable } from "./cohort";
export { buildCohorts, cohortMetric, cohortTable, COHORT_METRICS } from "./cohort";
export type { CohortUnit } from "./calendarPeriods";
export { COHORT_UNITS, periodIndex, periodLabel, periodStart } from "./calendarPeriods";
export type { TimeUnit } from "./dates";
export { DAYS_PER_UNIT } from "./dates";
