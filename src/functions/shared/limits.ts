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

/**
 * Lengths of recently formatted numbers, by the bits of the number (direct-mapped): result columns
 * repeat values (recency and T are whole days over a unit), and a hit saves formatting the number.
 */
const LENGTH_CACHE_SIZE = 4096;
const cachedNumber = new Float64Array(LENGTH_CACHE_SIZE).fill(NaN);
const cachedLength = new Uint8Array(LENGTH_CACHE_SIZE);
const bits = new Float64Array(1);
const bitWords = new Int32Array(bits.buffer);

/**
 * Characters of a number's shortest text (as JSON writes it). Whole numbers below 1e15 are counted by
 * comparison with powers of ten (exact in binary floating point), without formatting them; the rest
 * are formatted once and remembered.
 */
export function numberLength(x: number): number {
  if (Number.isInteger(x) && x > -1e15 && x < 1e15) {
    let digits = 1;
    const magnitude = x < 0 ? -x : x;
    for (let power = 10; magnitude >= power; power *= 10) digits++;
    return x < 0 ? digits + 1 : digits;
  }
  bits[0] = x;
  const slot = (Math.imul(bitWords[0] ^ bitWords[1], 0x9e3779b1) >>> 20) & (LENGTH_CACHE_SIZE - 1);
  if (cachedNumber[slot] === x) return cachedLength[slot];
  const length = String(x).length;
  cachedNumber[slot] = x;
  cachedLength[slot] = length;
  return length;
}

/** Approximate serialised size of one cell (JSON text plus its separator). */
function cellBytes(c: unknown): number {
  if (typeof c === "number") return numberLength(c) + 1;
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

/** Bytes of one cell as `outputCell` (output.ts) will make it: "" for blanks, an error for non-finite numbers. */
function outputCellBytes(c: unknown): number {
  if (typeof c === "number") return Number.isFinite(c) ? numberLength(c) + 1 : 64;
  if (c === null || c === undefined) return 3;
  return cellBytes(c);
}

/** Results already checked as they were built (tableFromColumns), so that the guard does not count them again. */
const checkedResults = new WeakSet<object>();

/** Record that `value` was checked against Excel's limits while it was built. */
export function markWithinExcelLimits(value: object): void {
  checkedResults.add(value);
}

/**
 * The rule itself, on a result's shape: `bytes(stopAbove)` estimates the payload, counting up to
 * `stopAbove` only (it is called only when the shape alone cannot show that the result fits).
 */
function checkLimits(rows: number, columns: number, cells: number, bytes: (stopAbove: number) => number): void {
  const plural = (n: number, what: string): string => `${n.toLocaleString("en-US")} ${what}${n === 1 ? "" : "s"}`;
  const size = `${plural(rows, "row")} by ${plural(columns, "column")}`;
  if (rows > EXCEL_MAX_ROWS) {
    tooLarge(`The result would be ${size}, more than the ${EXCEL_MAX_ROWS.toLocaleString("en-US")} rows of a sheet: pass fewer rows (a subset of the customers or transactions) per formula.`);
  }
  if (columns > EXCEL_MAX_COLUMNS) {
    tooLarge(`The result would be ${size}, more than the ${EXCEL_MAX_COLUMNS.toLocaleString("en-US")} columns of a sheet: ask for fewer periods or columns.`);
  }
  if (cells * MAX_NUMBER_BYTES > RESULT_BYTE_BUDGET) {
    const estimate = bytes(RESULT_BYTE_BUDGET);
    if (estimate > RESULT_BYTE_BUDGET) {
      tooLarge(
        `The result would be ${size}, about ${(estimate / 1e6).toFixed(1)} MB or more, over the 5 MB Excel accepts from one function: ` +
          "split the range over several formulas (fewer rows each), ask for fewer columns, or build the sheets from the task pane with values-only output.",
      );
    }
  }
}

/**
 * Excel's limits as a rule of every result (DESIGN §3): more rows or columns than a sheet has, or a
 * payload over the budget, is refused with #VALUE! and a message saying how to narrow the call,
 * instead of a spill Excel cannot show or a result it drops.
 */
export function fitsExcel<T>(value: T): T {
  if (!Array.isArray(value) || checkedResults.has(value)) return value;
  const rows = value.length;
  let columns = 0;
  let cells = 0;
  for (const row of value as unknown[]) {
    const width = Array.isArray(row) ? row.length : 1;
    if (width > columns) columns = width;
    cells += width;
  }
  checkLimits(rows, columns, cells, (stopAbove) => resultBytes(value as unknown[], stopAbove));
  return value;
}

/**
 * The same rule on a table given as columns, before its rows are built: the estimate is the one
 * `fitsExcel` would make of the finished table (header row, row brackets, every cell as `outputCell`
 * makes it), so a refused table is never built. `columns[j][i]` is row i's cell j.
 *
 * The count goes column by column, whole-number columns (Int32Array) first since their lengths need
 * no formatting, and stops as soon as the budget is exceeded: a table far over it (a summary of 100k
 * customers) is refused after a few columns, without formatting its fractional numbers.
 */
export function checkTableFitsExcel(headers: readonly string[] | undefined, columns: readonly ArrayLike<unknown>[], rowCount: number): void {
  const width = headers ? headers.length : columns.length;
  const rows = rowCount + (headers ? 1 : 0);
  checkLimits(rows, width, rows * width, (stopAbove) => {
    let bytes = 2 + 3 * rows;
    if (headers) for (const h of headers) bytes += cellBytes(h);
    const wholeFirst = [...columns.filter((c) => c instanceof Int32Array), ...columns.filter((c) => !(c instanceof Int32Array))];
    for (const column of wholeFirst) {
      for (let i = 0; i < rowCount; i++) {
        bytes += outputCellBytes(column[i]);
        if (bytes > stopAbove) return bytes;
      }
    }
    return bytes;
  });
}
