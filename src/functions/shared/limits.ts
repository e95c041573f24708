/**
 * Excel's size limits as a rule of every custom function's result (DESIGN §3): rows and columns of a
 * sheet and the ~5 MB payload, checked before a result is returned, with a message saying how to narrow
 * the call.
 */
import { ClvError } from "../../core/errors";

function tooLarge(message: string): never {
  throw new ClvError("value", message);
}

/** Excel's sheet: 1,048,576 rows by 16,384 columns (Excel specifications and limits). */
const EXCEL_MAX_ROWS = 1_048_576;
const EXCEL_MAX_COLUMNS = 16_384;
/**
 * Budget for a custom function's result as Excel serialises it: Excel refuses payloads above about
 * 5 MB (OfficeDev/office-js#4654); a little is kept back for the envelope.
 */
const RESULT_BYTE_BUDGET = 4_800_000;
/** Bytes of the longest cell a number can make ("-1.2345678901234567e-300" plus a separator). */
const MAX_NUMBER_BYTES = 25;

/** Approximate serialised size of one cell (JSON text plus its separator). */
function cellBytes(c: unknown): number {
  if (typeof c === "number") return String(c).length + 1;
  if (typeof c === "string") return c.length + 3;
  if (typeof c === "boolean") return c ? 5 : 6;
  if (c === null || c === undefined) return 5;
  return 64; // an error object with its code and message
}

/**
 * Estimated payload of a 2-D result in bytes, counted up to `stopAbove` (counting stops once it is
 * exceeded). Rows add their brackets.
 */
function resultBytes(rows: readonly unknown[], stopAbove = Infinity): number {
  let bytes = 2;
  for (const row of rows) {
    if (!Array.isArray(row)) {
      bytes += cellBytes(row);
    } else {
      bytes += 3;
      for (let j = 0; j < row.length; j++) bytes += cellBytes(row[j]);
    }
    if (bytes > stopAbove) return bytes;
  }
  return bytes;
}

/**
 * Excel's limits as a rule of every result (DESIGN §3): more rows or columns than a sheet has, or a
 * payload over the budget, is refused with #VALUE! and a message saying how to narrow the call,
 * instead of a spill Excel cannot show or a result it drops.
 */
export function fitsExcel<T>(value: T): T {
  if (!Array.isArray(value)) return value;
  const rows = value.length;
  let columns = 0;
  let cells = 0;
  for (const row of value as unknown[]) {
    const width = Array.isArray(row) ? row.length : 1;
    if (width > columns) columns = width;
    cells += width;
  }
  const plural = (n: number, what: string): string => `${n.toLocaleString("en-US")} ${what}${n === 1 ? "" : "s"}`;
  const size = `${plural(rows, "row")} by ${plural(columns, "column")}`;
  if (rows > EXCEL_MAX_ROWS) {
    tooLarge(`The result would be ${size}, more than the ${EXCEL_MAX_ROWS.toLocaleString("en-US")} rows of a sheet: pass fewer rows (a subset of the customers or transactions) per formula.`);
  }
  if (columns > EXCEL_MAX_COLUMNS) {
    tooLarge(`The result would be ${size}, more than the ${EXCEL_MAX_COLUMNS.toLocaleString("en-US")} columns of a sheet: ask for fewer periods or columns.`);
  }
  if (cells * MAX_NUMBER_BYTES > RESULT_BYTE_BUDGET) {
    const bytes = resultBytes(value as unknown[], RESULT_BYTE_BUDGET);
    if (bytes > RESULT_BYTE_BUDGET) {
      tooLarge(
        `The result would be ${size}, about ${(bytes / 1e6).toFixed(1)} MB or more, over the 5 MB Excel accepts from one function: ` +
          "split the range over several formulas (fewer rows each), ask for fewer columns, or build the sheets from the task pane with values-only output.",
      );
    }
  }
  return value;
}
