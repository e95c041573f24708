/**
 * Argument parsing for the CLV custom functions (DESIGN §3): the one entry point, re-exporting the
 * modules of each concern (errors, cells, dates, ranges, scalars, output).
 *
 * Excel hands a range to a custom function as a 2-D array of cell values, optional arguments as `null`,
 * and blank cells as `null`, `undefined` or `""` (older desktop builds even send 0 for blanks in some
 * cases: office-js #4702, #5262). Every function parses through this one module so that the rules are
 * the same everywhere:
 * - a range may be a column or a row (a single cell is a one-row column);
 * - a row that is blank in every aligned argument is ignored (typically the empty tail of a selection);
 * - any other bad cell is reported by argument name and position: `dates: row 17 is 'abc', not a date`;
 * - failures are thrown as `CustomFunctions.Error` so that Excel shows `#VALUE!` or `#N/A` with the
 *   message in the cell's error indicator; `#NUM!` (which cannot carry a message) only for an overflow.
 */
export { fail, guard, guardAsync, toExcelError } from "./errors";
export { describeCell, isBlank, isOmitted } from "./cells";
export type { CellValue } from "./cells";
export { cellCount, flattenRange, matrixOf, readColumns, readNumberColumns } from "./ranges";
export { booleanArg, choiceArg, dateArg, fractionArg, numberArg, optionalTimeUnitArg, timeUnitArg } from "./scalars";
export { customerColumns } from "./columns";
export { alignToInput, outputCell, table, tableFromColumns } from "./output";
export type { OutputCell } from "./output";
