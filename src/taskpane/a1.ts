/**
 * A1 references and worksheet names, as Excel writes them in formulas.
 *
 * Plans address cells by row and column numbers (1-based) and turn them into A1 text here, so the
 * builders never concatenate addresses by hand.
 */

/** Excel's last column (XFD) and row. */
export const MAX_COLUMNS = 16384;
export const MAX_ROWS = 1048576;

/** "A" for 1, "Z" for 26, "AA" for 27, ... "XFD" for 16384. */
export function columnLetter(column: number): string {
  if (!Number.isInteger(column) || column < 1 || column > MAX_COLUMNS) {
    throw new RangeError(`column ${column} is outside Excel's columns 1..${MAX_COLUMNS}`);
  }
  let n = column;
  let s = "";
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** 1 for "A", 28 for "AB"; NaN for text that is not a column. */
export function columnNumber(letters: string): number {
  const s = letters.trim().toUpperCase();
  if (!/^[A-Z]{1,3}$/.test(s)) return NaN;
  let n = 0;
  for (const ch of s) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n <= MAX_COLUMNS ? n : NaN;
}

/** "B7" (or "$B$7" when absolute). */
export function cellAddress(row: number, column: number, absolute = false): string {
  if (!Number.isInteger(row) || row < 1 || row > MAX_ROWS) {
    throw new RangeError(`row ${row} is outside Excel's rows 1..${MAX_ROWS}`);
  }
  const d = absolute ? "$" : "";
  return `${d}${columnLetter(column)}${d}${row}`;
}

/** "B7:D9"; a single cell stays "B7". */
export function rangeAddress(row: number, column: number, rows = 1, columns = 1, absolute = false): string {
  if (rows < 1 || columns < 1) throw new RangeError(`a range needs at least one row and column (got ${rows} x ${columns})`);
  const first = cellAddress(row, column, absolute);
  if (rows === 1 && columns === 1) return first;
  return `${first}:${cellAddress(row + rows - 1, column + columns - 1, absolute)}`;
}

/** Characters Excel refuses in a worksheet name. */
const BAD_SHEET_CHARS = /[[\]:*?/\\]/;

/** Why a worksheet name is not allowed, or undefined when it is fine. */
export function sheetNameProblem(name: string): string | undefined {
  if (name.trim() === "") return "a sheet name cannot be blank";
  if (name.length > 31) return `a sheet name has at most 31 characters ('${name}' has ${name.length})`;
  if (BAD_SHEET_CHARS.test(name)) return "a sheet name cannot contain [ ] : * ? / or \\";
  if (name.startsWith("'") || name.endsWith("'")) return "a sheet name cannot start or end with an apostrophe";
  if (name.toLowerCase() === "history") return "'History' is reserved by Excel";
  return undefined;
}

/**
 * The sheet-name prefix of a reference: `Data!` or `'My data'!` (quotes when the name has anything
 * but letters, digits, underscores and dots, or could be read as a cell address; inner quotes doubled).
 */
export function sheetPrefix(sheet: string): string {
  const plain = /^[A-Za-z_][A-Za-z0-9_.]*$/.test(sheet) && !/^[A-Za-z]{1,3}[0-9]+$/.test(sheet) && !/^(R|C|RC)$/i.test(sheet);
  return plain ? `${sheet}!` : `'${sheet.replace(/'/g, "''")}'!`;
}

/** A reference to a range on a sheet, e.g. `Data!$A$2:$A$6920`. */
export function sheetRange(sheet: string, row: number, column: number, rows = 1, columns = 1, absolute = true): string {
  return sheetPrefix(sheet) + rangeAddress(row, column, rows, columns, absolute);
}

/** A name that is free among `taken` (compared case-insensitively, as Excel does): "Name (2)", ... */
export function uniqueSheetName(wanted: string, taken: Iterable<string>): string {
  const lower = new Set([...taken].map((t) => t.toLowerCase()));
  if (!lower.has(wanted.toLowerCase())) return wanted;
  for (let i = 2; i < 10000; i++) {
    const suffix = ` (${i})`;
    const candidate = wanted.slice(0, 31 - suffix.length) + suffix;
    if (!lower.has(candidate.toLowerCase())) return candidate;
  }
  throw new Error(`no free sheet name like '${wanted}'`);
}

/** A formula text literal: "a ""quoted"" word". */
export function formulaString(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

/** Table names are workbook-wide and must start with a letter or underscore; no spaces. */
export function uniqueTableName(base: string, taken: Set<string>): string {
  let clean = base.replace(/[^A-Za-z0-9_.]/g, "_");
  if (!/^[A-Za-z_]/.test(clean)) clean = `T_${clean}`;
  if (/^[A-Za-z]{1,3}[0-9]+$/.test(clean) || /^(R|C)$/i.test(clean)) clean = `${clean}_`;
  let name = clean;
  for (let i = 2; taken.has(name.toLowerCase()); i++) name = `${clean}_${i}`;
  taken.add(name.toLowerCase());
  return name;
}
