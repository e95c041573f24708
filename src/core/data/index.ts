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
export { compareCustomerIds } from "./customerIds";
export type { TransactionColumns } from "./transactions";
export { buildDailyLedger } from "./transactions";
export { clearLedgerCache, readTransactionCells, readTransactionLedger } from "./cells";
export type { CustomerSummary } from "./summary";
export { summarizeTransactions } from "./summary";
export { splitCalibrationHoldout } from "./split";
export type { CohortMetric } from "./cohort";
export { buildCohorts, cohortMetric, cohortTable, COHORT_METRICS } from "./cohort";
export type { CohortUnit } from "./calendarPeriods";
export { COHORT_UNITS, COHORT_UNIT_WORDS, periodIndex, periodLabel, periodStart } from "./calendarPeriods";
