/**
 * Range arguments: a column or a row (a single cell is a one-row column), several aligned ranges
 * parsed at once, rows blank in every aligned argument ignored, any other bad cell reported by
 * argument name and position (`dates: row 17 is 'abc', not a date`).
 */
import { type CellValue, describeCell, isBlank, isOmitted } from "./cells";
import { parseDateValue } from "./dates";
import { fail } from "./errors";

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
