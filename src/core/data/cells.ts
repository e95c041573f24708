/**
 * Reading a transaction log from spreadsheet cells (the `any[][]` values Excel passes to a custom
 * function, or `Range.values` in the task pane) into typed columns.
 *
 * Same rules as every other range argument (DESIGN §3):
 * - each argument is a column or a row (a single cell is a one-row column); a block of several rows
 *   and several columns is refused;
 * - blank cells are `null`, `undefined`, "" or text of spaces; a row blank in all three arguments is
 *   ignored (the empty tail of a selection); a row blank in some of them is an error;
 * - customer ids are numbers or text; dates are Excel date serials or ISO text ("1997-01-31",
 *   "19970131", optionally with a time, which is ignored); amounts are numbers (negative = return);
 * - anything else is an error naming the argument and the 1-based row (or column) within it.
 *
 * This is a dedicated single-pass reader rather than the generic argument parser because transaction
 * logs are the largest inputs of the add-in (a million rows must read in tens of milliseconds): it
 * touches each cell once, converts each distinct date text once, and fills typed arrays.
 */
import { invalidArgument } from "../errors";
import { MAX_EXCEL_SERIAL, serialFromIso } from "./dates";
import { ColumnNames, DEFAULT_COLUMN_NAMES, DailyLedger, EncodedCustomerIds, buildDailyLedger, markCheckedColumns } from "./transactions";
import { ValueCoder } from "./valueCodes";

/**
 * A transaction log read from cells (a TransactionColumns), with the position of each kept row in the
 * input ranges. Customer ids come encoded: row i's id cell is `customer.values[customer.codes[i]]`.
 */
export interface CellTransactions {
  customer: { codes: Int32Array; values: unknown[] } & EncodedCustomerIds;
  day: Float64Array;
  amount: Float64Array;
  /**
   * 0-based position in the input ranges of each kept row, when blank rows were skipped; absent when
   * none was (kept row j is then input row j, the usual case, and no million-entry array is made).
   */
  rowIndex?: Int32Array;
  /** Number of rows (or columns) of the longest input range, blank tail included. */
  inputRows: number;
}

interface Flat {
  name: string;
  cells: ArrayLike<unknown>;
  /** Read a 2-D column without copying: cell i is rows[i][0]. */
  column?: readonly unknown[][];
  isRow: boolean;
  length: number;
}

function flatten(name: string, value: unknown): Flat {
  if (!Array.isArray(value)) return { name, cells: [value], isRow: false, length: 1 };
  const rows = value as unknown[];
  if (rows.length === 0) return { name, cells: [], isRow: false, length: 0 };
  if (!Array.isArray(rows[0])) return { name, cells: rows, isRow: false, length: rows.length };
  const matrix = rows as unknown[][];
  if (matrix.length === 1) return { name, cells: matrix[0], isRow: matrix[0].length > 1, length: matrix[0].length };
  // Excel ranges are rectangular: the first and last rows tell the width.
  const last = matrix[matrix.length - 1];
  const width = Math.max(matrix[0].length, Array.isArray(last) ? last.length : 1);
  if (width > 1) {
    throw invalidArgument(`${name}: expected a single column or row, got ${matrix.length} rows × ${width} columns; select one column`);
  }
  return { name, cells: [], column: matrix, isRow: false, length: matrix.length };
}

function cellAt(f: Flat, i: number): unknown {
  if (i >= f.length) return undefined;
  if (f.column) {
    const row = f.column[i];
    return Array.isArray(row) ? row[0] : row;
  }
  return f.cells[i];
}

function isBlankCell(v: unknown): boolean {
  if (v === null || v === undefined) return true;
  if (typeof v !== "string") return false;
  if (v.length === 0) return true;
  // Only text starting with white space can be blank: skip trim() for ordinary ids (a hot path).
  const first = v.charCodeAt(0);
  const mayBeSpace = first <= 32 || first === 160 || first >= 0x1680;
  return mayBeSpace && v.trim() === "";
}

function where(f: Flat, i: number): string {
  return `${f.name}: ${f.isRow ? "column" : "row"} ${i + 1}`;
}

function show(v: unknown): string {
  if (typeof v === "string") return `'${v.length > 30 ? `${v.slice(0, 27)}...` : v}'`;
  if (typeof v === "boolean") return v ? "TRUE" : "FALSE";
  if (typeof v === "number") return String(v);
  return "an error or unsupported value";
}

const HEADER_HINT = " (if this is a header row, leave it out of the selection)";

/**
 * Read three aligned ranges (customer ids, dates, amounts) into columns.
 * `names` are the argument names used in messages.
 */
export function readTransactionCells(customers: unknown, dates: unknown, amounts: unknown, names: ColumnNames = DEFAULT_COLUMN_NAMES): CellTransactions {
  const fc = flatten(names.customer, customers);
  const fd = flatten(names.day, dates);
  const fa = flatten(names.amount, amounts);
  const inputRows = Math.max(fc.length, fd.length, fa.length);
  const codes = new Int32Array(inputRows);
  const coder = new ValueCoder();
  const day = new Float64Array(inputRows);
  const amount = new Float64Array(inputRows);
  // Made at the first skipped row (see CellTransactions.rowIndex).
  let rowIndex: Int32Array | undefined;
  const isoCache = new Map<string, number>();
  let kept = 0;

  /** Note that input row i was left out as blank (kept rows so far: `at`). */
  const skipRow = (at: number): void => {
    if (rowIndex !== undefined) return;
    rowIndex = new Int32Array(inputRows);
    for (let j = 0; j < at; j++) rowIndex[j] = j;
  };

  /** Check row i and store it at position `at`; returns whether it was kept (false: blank in all three). */
  const readRow = (c: unknown, d: unknown, a: unknown, i: number, at: number): boolean => {
    // Fast path: the common well-formed row.
    const cBlank = typeof c !== "number" && isBlankCell(c);
    const dBlank = typeof d !== "number" && isBlankCell(d);
    const aBlank = typeof a !== "number" && isBlankCell(a);
    if (cBlank || dBlank || aBlank) {
      if (cBlank && dBlank && aBlank) {
        skipRow(at);
        return false;
      }
      reportPartialRow([fc, fd, fa], [cBlank, dBlank, aBlank], i);
    }

    if (typeof c !== "number" && typeof c !== "string") throw invalidArgument(`${where(fc, i)} is ${show(c)}, not a customer id (text or a number)`);
    const code = coder.code(c);

    let serial: number;
    if (typeof d === "number") {
      if (!(d >= 1 && d < MAX_EXCEL_SERIAL + 1)) {
        const compact = Number.isInteger(d) && d >= 1e7 && d < 1e8;
        throw invalidArgument(
          `${where(fd, i)} is ${d}, not a date` +
            (compact ? " (it looks like YYYYMMDD: enter it as a date or as text like 1997-01-31)" : " (dates are Excel date serials or ISO text like 1997-01-31)"),
        );
      }
      serial = d;
    } else if (typeof d === "string") {
      let cached = isoCache.get(d);
      if (cached === undefined) {
        cached = serialFromIso(d);
        if (Number.isNaN(cached)) {
          throw invalidArgument(`${where(fd, i)} is ${show(d)}, not a date (use an Excel date or ISO text like 1997-01-31)${i === 0 ? HEADER_HINT : ""}`);
        }
        isoCache.set(d, cached);
      }
      serial = cached;
    } else {
      throw invalidArgument(`${where(fd, i)} is ${show(d)}, not a date`);
    }

    if (typeof a !== "number") {
      const numericText = typeof a === "string" && Number.isFinite(Number(a));
      throw invalidArgument(
        `${where(fa, i)} is ${show(a)}, not a number` +
          (numericText ? " (a number stored as text: convert it with VALUE())" : typeof a === "string" && i === 0 ? HEADER_HINT : ""),
      );
    }
    if (!Number.isFinite(a)) throw invalidArgument(`${where(fa, i)} is not a finite number`);

    codes[at] = code;
    day[at] = serial;
    amount[at] = a;
    if (rowIndex !== undefined) rowIndex[at] = i;
    return true;
  };

  if (fc.column && fd.column && fa.column && fc.length === inputRows && fd.length === inputRows && fa.length === inputRows) {
    // The usual call: three columns of the same height. The common well-formed row (an id that is
    // text or a number, a date serial in range, a finite amount) is handled inline, without the
    // per-row closure; anything else goes through readRow, which applies every rule and message.
    const cc = fc.column;
    const dc = fd.column;
    const ac = fa.column;
    // Logs often list a customer's rows together (sorted by customer, or one row per order line): the
    // previous row's id is tried before the coder.
    let previous: unknown = undefined;
    let previousCode = -1;
    for (let i = 0; i < inputRows; i++) {
      const cr = cc[i];
      const dr = dc[i];
      const ar = ac[i];
      const c: unknown = Array.isArray(cr) ? cr[0] : cr;
      const d: unknown = Array.isArray(dr) ? dr[0] : dr;
      const a: unknown = Array.isArray(ar) ? ar[0] : ar;
      if (
        (typeof c === "string" ? c.length > 0 : typeof c === "number") &&
        typeof d === "number" &&
        d >= 1 &&
        d < MAX_EXCEL_SERIAL + 1 &&
        typeof a === "number" &&
        a - a === 0
      ) {
        let code = previousCode;
        if (c !== previous) {
          if (typeof c === "string") {
            const first = c.charCodeAt(0);
            if ((first <= 32 || first === 160 || first >= 0x1680) && c.trim() === "") {
              // Spaces only: a blank id, which the general path reports (or skips with a blank row).
              if (readRow(c, d, a, i, kept)) kept++;
              continue;
            }
            code = coder.textCode(c);
          } else {
            code = coder.code(c);
          }
          previous = c;
          previousCode = code;
        }
        codes[kept] = code;
        day[kept] = d;
        amount[kept] = a;
        if (rowIndex !== undefined) rowIndex[kept] = i;
        kept++;
      } else if (readRow(c, d, a, i, kept)) {
        kept++;
      }
    }
  } else {
    for (let i = 0; i < inputRows; i++) if (readRow(cellAt(fc, i), cellAt(fd, i), cellAt(fa, i), i, kept)) kept++;
  }
  const values = coder.values;
  // What the ledger would count again (markCheckedColumns), counted here in a tight pass over the typed
  // columns, so that the reading loop above stays lean.
  const rowsPerCode = new Int32Array(values.length);
  let minDay = Infinity;
  let maxDay = -Infinity;
  let returnCount = 0;
  for (let j = 0; j < kept; j++) {
    rowsPerCode[codes[j]]++;
    const serial = day[j];
    if (serial < minDay) minDay = serial;
    if (serial > maxDay) maxDay = serial;
    if (amount[j] < 0) returnCount++;
  }
  checkNotSwapped(fc, fd, values, maxDay);
  // Views, not copies: the blank rows skipped are usually few.
  const tx: CellTransactions = {
    customer: { codes: codes.subarray(0, kept), values },
    day: day.subarray(0, kept),
    amount: amount.subarray(0, kept),
    rowIndex: rowIndex?.subarray(0, kept),
    inputRows,
  };
  if (kept > 0) {
    markCheckedColumns(tx, { rowsPerCode, firstDay: Math.floor(minDay), lastDay: Math.floor(maxDay), returnCount });
  }
  return tx;
}

/** Excel serials of 1950-01-01 and 2100-01-01: the span of dates that plausibly date a purchase log. */
const SERIAL_1950 = 18264;
const SERIAL_2100 = 73051;

/**
 * Customer ids and dates swapped (CLV.SUMMARY(dates, ids, amounts)) read without error when the ids
 * are small numbers: they become dates in 1900-1906 while the "ids" are date serials. Every date
 * before 1950 while every id looks like a recent date is that mistake, not a purchase log.
 */
function checkNotSwapped(fc: Flat, fd: Flat, ids: readonly unknown[], latest: number): void {
  if (ids.length === 0 || latest >= SERIAL_1950) return;
  const looksLikeDate = (v: unknown): boolean =>
    typeof v === "number" ? v >= SERIAL_1950 && v < SERIAL_2100 : typeof v === "string" && serialFromIso(v) >= SERIAL_1950;
  if (!ids.every(looksLikeDate)) return;
  throw invalidArgument(
    `${fd.name} are all before 1950 while ${fc.name} look like recent dates: are the ${fc.name} and ${fd.name} ranges swapped? ` +
      `The order is (${fc.name}, ${fd.name}, amounts).`,
  );
}

function reportPartialRow(ranges: Flat[], blank: boolean[], i: number): never {
  const missing = ranges.find((_, j) => blank[j])!;
  const filled = ranges.filter((_, j) => !blank[j]).map((f) => f.name);
  // A longer range next to shorter ones: say so rather than blaming a single row.
  const short = ranges.filter((f) => f.length <= i);
  if (short.length > 0) {
    const long = ranges.find((f) => f.length > i)!;
    throw invalidArgument(
      `${long.name} has ${long.length} ${long.isRow ? "columns" : "rows"} but ${short[0].name} has ${short[0].length}: select ranges of the same size`,
    );
  }
  throw invalidArgument(
    `${where(missing, i)} is blank but ${filled.join(" and ")} ${filled.length > 1 ? "have" : "has"} a value; fill it in or clear the whole row`,
  );
}

/** A transaction log read from cells together with its daily ledger. */
export interface CellLedger {
  tx: CellTransactions;
  ledger: DailyLedger;
}

/**
 * The last logs read by {@link readTransactionLedger} (two: SUMMARY, SPLIT, RFM.TABLE and COHORT on one
 * log share an entry; a second log does not evict it at once). An entry holds only what the reader
 * produced (typed columns and the distinct id values), never the caller's cell arrays.
 */
const recentLedgers: CellLedger[] = [];
const RECENT_LEDGER_CAPACITY = 2;

/** Forget the cached ledgers (tests and benchmarks measure the uncached path with it). */
export function clearLedgerCache(): void {
  recentLedgers.length = 0;
}

/**
 * Read three aligned ranges and build their daily ledger, reusing the ledger of an earlier call when
 * the cells are the same. Recalculating SUMMARY, SPLIT, RFM.TABLE and COHORT over one log then costs a
 * comparison pass over the cells (no hashing of ids, no sort) instead of a full read and ledger build.
 *
 * The comparison is exact, so a hit returns what a fresh read would: every kept row's id cell must be
 * the identical value (`===`) that the earlier read stored for it, its date the same serial number and
 * its amount the same number, every skipped row blank in all three ranges, and the ranges of the same
 * shape. Anything else (including dates given as text, which the comparison does not convert) is a
 * miss and reads afresh. Errors are never cached.
 */
export function readTransactionLedger(customers: unknown, dates: unknown, amounts: unknown, names: ColumnNames = DEFAULT_COLUMN_NAMES): CellLedger {
  for (let e = 0; e < recentLedgers.length; e++) {
    const entry = recentLedgers[e];
    if (sameCells(entry.tx, customers, dates, amounts, names)) {
      if (e > 0) {
        recentLedgers.splice(e, 1);
        recentLedgers.unshift(entry);
      }
      return entry;
    }
  }
  const tx = readTransactionCells(customers, dates, amounts, names);
  const entry: CellLedger = { tx, ledger: buildDailyLedger(tx, names) };
  recentLedgers.unshift(entry);
  if (recentLedgers.length > RECENT_LEDGER_CAPACITY) recentLedgers.length = RECENT_LEDGER_CAPACITY;
  return entry;
}

/** Whether reading these cells would give exactly `tx` (see readTransactionLedger). */
function sameCells(tx: CellTransactions, customers: unknown, dates: unknown, amounts: unknown, names: ColumnNames): boolean {
  let fc: Flat;
  let fd: Flat;
  let fa: Flat;
  try {
    fc = flatten(names.customer, customers);
    fd = flatten(names.day, dates);
    fa = flatten(names.amount, amounts);
  } catch {
    return false;
  }
  const inputRows = tx.inputRows;
  if (Math.max(fc.length, fd.length, fa.length) !== inputRows) return false;
  if (!(fc.column && fd.column && fa.column && fc.length === inputRows && fd.length === inputRows && fa.length === inputRows)) return false;
  const cc = fc.column;
  const dc = fd.column;
  const ac = fa.column;
  const { codes, values } = tx.customer;
  const { day, amount, rowIndex } = tx;
  const kept = day.length;
  let j = 0;
  for (let i = 0; i < inputRows; i++) {
    const cr = cc[i];
    const dr = dc[i];
    const ar = ac[i];
    const c: unknown = Array.isArray(cr) ? cr[0] : cr;
    const d: unknown = Array.isArray(dr) ? dr[0] : dr;
    const a: unknown = Array.isArray(ar) ? ar[0] : ar;
    if (j < kept && (rowIndex === undefined ? j === i : rowIndex[j] === i)) {
      if (c !== values[codes[j]] || d !== day[j] || a !== amount[j]) return false;
      j++;
    } else if (!(isBlankCell(c) && isBlankCell(d) && isBlankCell(a))) {
      return false;
    }
  }
  return j === kept;
}

/**
 * The number of cells of the widest row of a 2-D block (at least `min`): a loop, because
 * `Math.max(...rows.map(...))` puts every row on the call stack and overflows on a data-sized block
 * (a 1M-row selection).
 */
export function widestRow(rows: ArrayLike<ArrayLike<unknown>>, min = 0): number {
  let width = min;
  for (let i = 0; i < rows.length; i++) if (rows[i].length > width) width = rows[i].length;
  return width;
}
