/**
 * Argument parsing for the CLV custom functions (DESIGN §3).
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
import { ClvError, ClvErrorKind } from "../../core/errors";
import { isExcelSerial, serialFromIso } from "../../core/data/dates";
import { Cancelled } from "../../runtime/scheduling";

/** A cell value as Excel passes it to an `any` parameter. */
export type CellValue = unknown;
/** What a function may put in a spilled cell. */
export type OutputCell = number | string | boolean | CustomFunctions.Error;

const ERROR_CODE: Record<ClvErrorKind, () => CustomFunctions.ErrorCode> = {
  value: () => CustomFunctions.ErrorCode.invalidValue,
  na: () => CustomFunctions.ErrorCode.notAvailable,
  // A numerical failure needs its words (which model, what to change): #VALUE! keeps them, #NUM! would not.
  num: () => CustomFunctions.ErrorCode.invalidValue,
  overflow: () => CustomFunctions.ErrorCode.invalidNumber,
};

/**
 * Whether Excel shows a custom message with this error code: only #VALUE! and #N/A do ("a custom error
 * message can't be used" with the others: CustomFunctions.ErrorCode reference).
 */
export function showsMessage(code: CustomFunctions.ErrorCode): boolean {
  return code === CustomFunctions.ErrorCode.invalidValue || code === CustomFunctions.ErrorCode.notAvailable;
}

/** A `CustomFunctions.Error` with the message attached only where Excel can show it. */
export function excelError(code: CustomFunctions.ErrorCode, message: string): CustomFunctions.Error {
  return showsMessage(code) ? new CustomFunctions.Error(code, message) : new CustomFunctions.Error(code);
}

/** The `CustomFunctions.Error` Excel shows for a core error. */
export function toExcelError(error: ClvError): CustomFunctions.Error {
  return excelError(ERROR_CODE[error.kind](), error.message);
}

/** Throw an argument error (#VALUE!) with a message for the user. */
export function fail(message: string, kind: ClvErrorKind = "value"): never {
  throw new ClvError(kind, message);
}

function isCustomFunctionsError(e: unknown): e is CustomFunctions.Error {
  return typeof CustomFunctions !== "undefined" && e instanceof CustomFunctions.Error;
}

function mapThrown(e: unknown): CustomFunctions.Error {
  if (isCustomFunctionsError(e)) return e;
  if (e instanceof ClvError) return toExcelError(e);
  if (e instanceof Cancelled) return new CustomFunctions.Error(CustomFunctions.ErrorCode.notAvailable, "The calculation was cancelled; recalculate the cell to run it again.");
  // A bug of ours must still reach the user as an error value with a message, never as a crash.
  const detail = e instanceof Error ? e.message : String(e);
  return new CustomFunctions.Error(CustomFunctions.ErrorCode.invalidValue, `Unexpected error: ${detail}`);
}

/**
 * Run the body of a custom function, turning every failure into a `CustomFunctions.Error`. Functions
 * throw rather than return errors so that the generated metadata keeps the result type (a union return
 * type becomes "any" in functions.json).
 */
export function guard<T>(body: () => T): T {
  try {
    return finiteResult(body());
  } catch (e) {
    throw mapThrown(e);
  }
}

/** `guard` for asynchronous functions (long fits that yield to Excel between chunks). */
export async function guardAsync<T>(body: () => Promise<T>): Promise<T> {
  try {
    return finiteResult(await body());
  } catch (e) {
    throw mapThrown(e);
  }
}

/**
 * Excel cannot show NaN or ±Infinity: a scalar result that overflowed (e.g. 1e308 / 1e-300) becomes
 * #NUM! (self-evident: the number is too large), a NaN becomes #VALUE! with a message (the user must
 * change the inputs). Spilled arrays are checked cell by cell by `outputCell`.
 */
function finiteResult<T>(value: T): T {
  // Nor can it show an empty array (it would say #CALC!): say that there was nothing to compute.
  if (Array.isArray(value) && (value.length === 0 || (Array.isArray(value[0]) && value[0].length === 0))) {
    throw new ClvError("na", "There is nothing to compute: the input ranges are empty");
  }
  if (typeof value === "number" && !Number.isFinite(value)) {
    if (Number.isNaN(value)) throw new ClvError("num", "The result is not a number for these inputs; check that they are in range");
    throw new ClvError("overflow", "The result is too large to show (it overflows Excel's number range)");
  }
  return value;
}

/** Blank as Excel passes it: `null`, `undefined` or the empty string (text of spaces counts too). */
export function isBlank(value: CellValue): boolean {
  return value === null || value === undefined || (typeof value === "string" && value.trim() === "");
}

/** How a cell is shown in a message: text quoted, long text shortened. */
export function describeCell(value: CellValue): string {
  if (typeof value === "string") {
    const t = value.length > 30 ? `${value.slice(0, 27)}...` : value;
    return `'${t}'`;
  }
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (value !== null && typeof value === "object") return "an error or unsupported value";
  return String(value);
}

/** A range flattened to one list of cells, remembering whether it was a row so positions read right. */
export interface FlatRange {
  readonly name: string;
  readonly cells: readonly CellValue[];
  readonly isRow: boolean;
}

/** "row 17" for a column range, "column 17" for a row range (1-based within the argument). */
export function position(range: Pick<FlatRange, "isRow">, index: number): string {
  return `${range.isRow ? "column" : "row"} ${index + 1}`;
}

/**
 * Flatten a range argument that should be one column or one row. A scalar counts as a one-cell range.
 * A block of several rows and several columns is refused: which cells belong together would be a guess.
 */
export function flattenRange(name: string, value: CellValue): FlatRange {
  if (!Array.isArray(value)) return { name, cells: [value], isRow: false };
  const rows = value as CellValue[];
  if (rows.length === 0) return { name, cells: [], isRow: false };
  if (!Array.isArray(rows[0])) return { name, cells: rows, isRow: false };
  const matrix = rows as CellValue[][];
  if (matrix.length === 1) return { name, cells: matrix[0], isRow: matrix[0].length > 1 };
  // A loop, not Math.max(...): a spread of a million rows overflows the call stack.
  let width = 0;
  for (let i = 0; i < matrix.length; i++) if (matrix[i].length > width) width = matrix[i].length;
  if (width <= 1) {
    const cells = new Array<CellValue>(matrix.length);
    for (let i = 0; i < matrix.length; i++) cells[i] = matrix[i][0];
    return { name, cells, isRow: false };
  }
  fail(`${name}: expected a single column or row, got ${matrix.length} rows × ${width} columns; select one column`);
}

/** A 2-D range as rows of cells (for table-shaped inputs such as a fitted-model table). */
export function matrixOf(name: string, value: CellValue): CellValue[][] {
  if (!Array.isArray(value)) return [[value]];
  if (value.length === 0) fail(`${name}: the range is empty`);
  return (value as CellValue[]).map((row) => (Array.isArray(row) ? row : [row]));
}

/** What a column's cells must be. */
export type ColumnType = "number" | "date" | "text" | "any";

export interface ColumnSpec {
  /** The cells, as Excel passed them (a range, a scalar, or `null` when an optional argument is omitted). */
  value: CellValue;
  type: ColumnType;
  /** The argument may be omitted altogether; its column is then absent from the result. */
  optional?: boolean;
  /** Numbers only: smallest allowed value. */
  min?: number;
  /** Numbers only: values must be strictly greater than `min`. */
  minExclusive?: boolean;
  /** Numbers only: largest allowed value. */
  max?: number;
  /** Numbers only: must be a whole number. */
  integer?: boolean;
  /** A blank cell in an otherwise filled row is allowed (read as NaN for numbers, "" for text). */
  blankAllowed?: boolean;
  /** What the numbers are, for messages ("a count", "a positive weight"); defaults to "a number". */
  what?: string;
}

type ParsedColumn<S extends ColumnSpec> = S["type"] extends "text" ? string[] : S["type"] extends "any" ? CellValue[] : number[];

export interface AlignedColumns<K extends string, S extends Record<K, ColumnSpec>> {
  /** The parsed columns, without the ignored blank rows. Omitted optional arguments are `undefined`. */
  columns: { [P in K]: S[P]["optional"] extends true ? ParsedColumn<S[P]> | undefined : ParsedColumn<S[P]> };
  /** For each kept row, its 0-based position in the input ranges (to align per-row results). */
  rowIndex: number[];
  /** Number of rows in the input ranges (the longest), blank tail included. */
  inputRows: number;
}

/** Read one cell as a number, or throw a message naming the argument and position. */
function parseNumberCell(range: FlatRange, i: number, spec: ColumnSpec): number {
  const v = range.cells[i];
  // The good path first, without building any message text.
  if (typeof v === "number" && Number.isFinite(v) && numberFits(v, spec)) return v;
  const where = `${range.name}: ${position(range, i)}`;
  const what = spec.what ?? "a number";
  if (typeof v === "number") {
    if (!Number.isFinite(v)) fail(`${where} is not a finite number`);
    checkNumber(where, v, spec);
    return v;
  }
  if (typeof v === "string") {
    const hint = v.trim() !== "" && Number.isFinite(Number(v)) ? " (a number stored as text: convert it with VALUE())" : "";
    fail(`${where} is ${describeCell(v)}, not ${what}${hint}`);
  }
  return fail(`${where} is ${describeCell(v)}, not ${what}`);
}

function numberFits(n: number, spec: Pick<ColumnSpec, "min" | "minExclusive" | "max" | "integer">): boolean {
  if (spec.integer && !Number.isInteger(n)) return false;
  if (spec.min !== undefined && (spec.minExclusive ? n <= spec.min : n < spec.min)) return false;
  return spec.max === undefined || n <= spec.max;
}

function checkNumber(where: string, n: number, spec: Pick<ColumnSpec, "min" | "minExclusive" | "max" | "integer" | "what">): void {
  if (spec.integer && !Number.isInteger(n)) fail(`${where} is ${n}; it must be a whole number`);
  if (spec.min !== undefined && (spec.minExclusive ? n <= spec.min : n < spec.min)) {
    fail(`${where} is ${n}; it must be ${spec.minExclusive ? "greater than" : "at least"} ${spec.min}`);
  }
  if (spec.max !== undefined && n > spec.max) fail(`${where} is ${n}; it must be at most ${spec.max}`);
}

/** Read one cell as an Excel date serial (number) or ISO date text. */
export function parseDateValue(where: string, v: CellValue): number {
  if (typeof v === "number") {
    if (isExcelSerial(v)) return v;
    const looksCompact = Number.isInteger(v) && v >= 1e7 && v < 1e8;
    fail(
      `${where} is ${v}, not a date` +
        (looksCompact ? " (it looks like YYYYMMDD: enter it as a date or as text like 1997-01-31)" : " (dates are Excel date serials or ISO text like 1997-01-31)"),
    );
  }
  if (typeof v === "string") {
    const serial = serialFromIso(v);
    if (!Number.isNaN(serial)) return serial;
    fail(`${where} is ${describeCell(v)}, not a date (use an Excel date or ISO text like 1997-01-31)`);
  }
  fail(`${where} is ${describeCell(v)}, not a date`);
}

function parseCell(range: FlatRange, i: number, spec: ColumnSpec): number | string | CellValue {
  const v = range.cells[i];
  switch (spec.type) {
    case "number":
      return parseNumberCell(range, i, spec);
    case "date":
      return parseDateValue(`${range.name}: ${position(range, i)}`, v);
    case "text":
      if (typeof v === "number") return Number.isInteger(v) ? String(v) : String(v);
      if (typeof v === "boolean") return v ? "TRUE" : "FALSE";
      if (typeof v === "string") return v.trim();
      return fail(`${range.name}: ${position(range, i)} is ${describeCell(v)}, not text or a number`);
    default:
      return v;
  }
}

function blankValue(type: ColumnType): number | string | CellValue {
  return type === "number" || type === "date" ? NaN : type === "text" ? "" : null;
}

/**
 * Parse several aligned range arguments at once (e.g. customer ids, dates and amounts).
 *
 * Rows blank in every given argument are skipped and reported through `rowIndex`; a row blank in some
 * arguments but not others is an error (unless that column allows blanks), because silently dropping
 * or guessing it would change the answer. Ranges of different lengths are fine as long as the extra
 * rows are blank.
 */
export function readColumns<K extends string, S extends Record<K, ColumnSpec>>(specs: S): AlignedColumns<K, S> {
  const names = Object.keys(specs) as K[];
  const present = names.filter((k) => !(specs[k].optional && isOmitted(specs[k].value)));
  const ranges = present.map((k) => flattenRange(k, specs[k].value));
  const cellLists = ranges.map((r) => r.cells);
  const specList = present.map((k) => specs[k]);
  let inputRows = 0;
  for (const cells of cellLists) inputRows = Math.max(inputRows, cells.length);

  // Extra rows in a longer range must be blank; otherwise the ranges really are different sizes.
  for (let a = 0; a < ranges.length; a++) {
    for (let b = 0; b < ranges.length; b++) {
      const long = ranges[a];
      const short = ranges[b];
      for (let i = short.cells.length; i < long.cells.length; i++) {
        if (!isBlank(long.cells[i])) {
          fail(`${long.name} has ${long.cells.length} ${long.isRow ? "columns" : "rows"} but ${short.name} has ${short.cells.length}: select ranges of the same size`);
        }
      }
    }
  }

  // One pass over the rows without per-row allocation: this runs for every cell of ranges that can be a
  // million rows long.
  const out: unknown[][] = present.map(() => []);
  const rowIndex: number[] = [];
  const width = present.length;
  for (let i = 0; i < inputRows; i++) {
    let blanks = 0;
    for (let c = 0; c < width; c++) if (isBlank(cellLists[c][i])) blanks++;
    if (blanks === width) continue;
    if (blanks > 0) reportPartlyBlankRow(ranges, specList, i);
    rowIndex.push(i);
    for (let c = 0; c < width; c++) {
      const v = cellLists[c][i];
      out[c].push(isBlank(v) ? blankValue(specList[c].type) : parseCell(ranges[c], i, specList[c]));
    }
  }
  const columns = {} as Record<K, unknown>;
  for (const k of names) columns[k] = undefined;
  present.forEach((k, c) => (columns[k] = out[c]));
  return { columns: columns as AlignedColumns<K, S>["columns"], rowIndex, inputRows };
}

/** A row blank in some arguments: fine where the column allows blanks, otherwise an error naming it. */
function reportPartlyBlankRow(ranges: readonly FlatRange[], specs: readonly ColumnSpec[], i: number): void {
  const blank = ranges.filter((r) => isBlank(r.cells[i]));
  const filled = ranges.filter((r) => !isBlank(r.cells[i])).map((r) => r.name);
  for (const r of blank) {
    if (specs[ranges.indexOf(r)].blankAllowed) continue;
    fail(`${r.name}: ${position(r, i)} is blank but ${filled.join(" and ")} ${filled.length > 1 ? "have" : "has"} a value; fill it in or clear the whole row`);
  }
}

/** True when an optional argument was left out (Excel passes `null`). */
export function isOmitted(value: CellValue): boolean {
  if (value === null || value === undefined) return true;
  if (Array.isArray(value)) return value.length === 0 || value.every((row) => (Array.isArray(row) ? row.every(isBlank) : isBlank(row)));
  return false;
}

/** A scalar argument: unwrap a one-cell range, keep anything else. */
function scalar(name: string, value: CellValue): CellValue {
  if (!Array.isArray(value)) return value;
  const r = flattenRange(name, value);
  if (r.cells.length === 1) return r.cells[0];
  return fail(`${name}: expected a single value, got a range of ${r.cells.length} cells`);
}

export interface NumberOptions {
  /** Used when the argument is omitted or blank; without it the argument is required. */
  default?: number;
  min?: number;
  minExclusive?: boolean;
  max?: number;
  maxExclusive?: boolean;
  integer?: boolean;
  /** A hint appended to range errors ("a rate as a fraction, e.g. 0.1 for 10%"). */
  hint?: string;
}

/** A numeric scalar argument with its default and allowed range. */
export function numberArg(name: string, value: CellValue, options: NumberOptions = {}): number {
  const v = scalar(name, value);
  if (isBlank(v)) {
    if (options.default !== undefined) return options.default;
    fail(`${name} is required`);
  }
  if (typeof v !== "number") {
    const numericText = typeof v === "string" && Number.isFinite(Number(v));
    fail(`${name} is ${describeCell(v)}, not a number${numericText ? " (a number stored as text: convert it with VALUE())" : ""}`);
  }
  if (!Number.isFinite(v)) fail(`${name} is not a finite number`);
  const hint = options.hint ? ` (${options.hint})` : "";
  if (options.integer && !Number.isInteger(v)) fail(`${name} is ${v}; it must be a whole number${hint}`);
  if (options.min !== undefined && (options.minExclusive ? v <= options.min : v < options.min)) {
    fail(`${name} is ${v}; it must be ${options.minExclusive ? "greater than" : "at least"} ${options.min}${hint}`);
  }
  if (options.max !== undefined && (options.maxExclusive ? v >= options.max : v > options.max)) {
    fail(`${name} is ${v}; it must be ${options.maxExclusive ? "less than" : "at most"} ${options.max}${hint}`);
  }
  return v;
}

/** A boolean scalar argument: TRUE/FALSE, 1/0, or the text "TRUE"/"FALSE"/"YES"/"NO". */
export function booleanArg(name: string, value: CellValue, defaultValue: boolean): boolean {
  const v = scalar(name, value);
  if (isBlank(v)) return defaultValue;
  if (typeof v === "boolean") return v;
  if (v === 1 || v === 0) return v === 1;
  if (typeof v === "string") {
    const t = v.trim().toUpperCase();
    if (t === "TRUE" || t === "YES") return true;
    if (t === "FALSE" || t === "NO") return false;
  }
  return fail(`${name} is ${describeCell(v)}; use TRUE or FALSE`);
}

/**
 * A text argument chosen from a list (case-insensitive); returns the canonical spelling from `choices`.
 * `aliases` maps other accepted spellings to a choice (e.g. "weeks" -> "W").
 */
export function choiceArg<C extends string>(
  name: string,
  value: CellValue,
  choices: readonly C[],
  defaultValue: C,
  aliases: Readonly<Record<string, C>> = {},
): C {
  const v = scalar(name, value);
  if (isBlank(v)) return defaultValue;
  const text = String(v).trim().toLowerCase();
  const hit = choices.find((c) => c.toLowerCase() === text);
  if (hit) return hit;
  const alias = Object.entries(aliases).find(([k]) => k.toLowerCase() === text);
  if (alias) return alias[1];
  return fail(`${name} is ${describeCell(v)}; use one of ${choices.map((c) => `"${c}"`).join(", ")}`);
}

/** A date scalar argument: an Excel date serial or ISO text; returns the serial. */
export function dateArg(name: string, value: CellValue, defaultValue?: number): number {
  const v = scalar(name, value);
  if (isBlank(v)) {
    if (defaultValue !== undefined) return defaultValue;
    fail(`${name} is required`);
  }
  return parseDateValue(name, v);
}

/** The time unit argument shared by every function that measures time (DESIGN §2). */
export const TIME_UNITS = ["D", "W", "M", "Y"] as const;
const TIME_UNIT_ALIASES: Record<string, (typeof TIME_UNITS)[number]> = {
  day: "D",
  days: "D",
  week: "W",
  weeks: "W",
  month: "M",
  months: "M",
  year: "Y",
  years: "Y",
};
export function timeUnitArg(name: string, value: CellValue, defaultValue: (typeof TIME_UNITS)[number]): (typeof TIME_UNITS)[number] {
  return choiceArg(name, value, TIME_UNITS, defaultValue, TIME_UNIT_ALIASES);
}

/**
 * Put per-row results back in line with the input ranges: ignored blank rows get "" so the spilled
 * column sits next to the data it belongs to. Non-finite numbers become error cells (`outputCell`).
 */
export function alignToInput(values: ArrayLike<number | string | boolean>, rowIndex: readonly number[], inputRows: number): OutputCell[][] {
  const out: OutputCell[][] = Array.from({ length: inputRows }, () => [""]);
  for (let j = 0; j < rowIndex.length; j++) out[rowIndex[j]][0] = outputCell(values[j]);
  return out;
}

/**
 * One output cell: numbers must be finite (Excel cannot show NaN), `null`/`undefined` become "". An
 * overflow is #NUM! (no message: Excel would drop it); a NaN is #VALUE! with a message.
 */
export function outputCell(value: number | string | boolean | null | undefined): OutputCell {
  if (value === null || value === undefined) return "";
  if (typeof value === "number" && !Number.isFinite(value)) {
    if (Number.isNaN(value)) return excelError(CustomFunctions.ErrorCode.invalidValue, "The result could not be computed for this row; check its inputs");
    return excelError(CustomFunctions.ErrorCode.invalidNumber, "overflow");
  }
  return value;
}

/** A table with an optional header row; every cell passes through `outputCell`. */
export function table(headers: readonly string[], rows: readonly (readonly (number | string | boolean | null | undefined)[])[], includeHeaders: boolean): OutputCell[][] {
  const body = rows.map((r) => r.map(outputCell));
  if (includeHeaders) body.unshift([...headers]);
  if (body.length === 0) return [headers.map(() => "")];
  return body;
}

/** Parsed numeric columns aligned by row (see `readNumberColumns`). */
export interface NumberColumns<K extends string> {
  columns: { [P in K]: ArrayLike<number> };
  rowIndex: ArrayLike<number>;
  inputRows: number;
}

/**
 * `readColumns` for numeric columns, with a fast path for the common large case: when every given
 * range is a column of finite numbers of the same length that meet their constraints, the numbers
 * are copied straight into Float64Arrays (no per-row allocation: 1M-row fits spend their time
 * fitting, not parsing). Anything else (blanks, text, rows, omitted arguments, a bad value) goes
 * through `readColumns`, which applies every rule and writes the messages, so the result is the same.
 */
export function readNumberColumns<K extends string>(specs: Record<K, ColumnSpec>): NumberColumns<K> {
  const fast = fastNumberColumns(specs);
  if (fast) return fast;
  const r = readColumns(specs);
  return { columns: r.columns as unknown as { [P in K]: ArrayLike<number> }, rowIndex: r.rowIndex, inputRows: r.inputRows };
}

function fastNumberColumns<K extends string>(specs: Record<K, ColumnSpec>): NumberColumns<K> | undefined {
  const keys = Object.keys(specs) as K[];
  let n = -1;
  for (const k of keys) {
    const v = specs[k].value;
    if (specs[k].optional && isOmitted(v)) continue;
    if (specs[k].type !== "number" || !Array.isArray(v) || v.length < 2) return undefined;
    if (n >= 0 && v.length !== n) return undefined;
    n = v.length;
  }
  if (n < 0) return undefined;
  const columns = {} as { [P in K]: ArrayLike<number> };
  for (const k of keys) {
    const spec = specs[k];
    const v = spec.value as unknown[];
    if (spec.optional && isOmitted(v)) continue;
    const out = new Float64Array(n);
    const min = spec.min ?? -Infinity;
    for (let i = 0; i < n; i++) {
      const row = v[i];
      if (!Array.isArray(row) || row.length !== 1) return undefined;
      const c = row[0];
      if (typeof c !== "number" || !Number.isFinite(c) || c < min || (spec.minExclusive && c === min)) return undefined;
      if (spec.integer && !Number.isInteger(c)) return undefined;
      if (spec.max !== undefined && c > spec.max) return undefined;
      out[i] = c;
    }
    columns[k] = out;
  }
  const rowIndex = new Int32Array(n);
  for (let i = 0; i < n; i++) rowIndex[i] = i;
  return { columns, rowIndex, inputRows: n };
}

/** Number of cells in a range argument (1 for a scalar), without copying a large range. */
export function cellCount(v: unknown): number {
  if (!Array.isArray(v)) return 1;
  let n = 0;
  for (const row of v) n += Array.isArray(row) ? row.length : 1;
  return n;
}
