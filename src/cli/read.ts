/**
 * Reading a transaction file into the rows the task pane would get from Excel's `Range.values`: numbers
 * as numbers, dates as Excel serials, text as text, blanks as null. The pane's column detection and data
 * check then run on these rows unchanged.
 *
 * - CSV (comma, semicolon or tab, detected from the first line; RFC 4180 quoting): a field is read the
 *   way Excel's CSV import reads it: a plain number becomes a number, an ISO date (1997-01-31, with an
 *   optional time) a date serial, anything else text. Ids with leading zeros ("00123") stay text, so
 *   they keep their zeros.
 * - .xlsx: the first worksheet (or the one named), through ExcelJS; a formula cell gives its cached
 *   result, an error cell its error text (the data check reports it by row).
 * - The CDNOW sample's whitespace-separated text (samples/CDNOW_sample.txt) for the demo.
 */
import { existsSync, readFileSync } from "node:fs";
import type ExcelJS from "exceljs";
import { serialFromIso, serialFromYmd } from "../core/data/dates";

export type RawCell = string | number | boolean | null;

/** A block of rows as read, the header (if any) in the first row. */
export interface RawTable {
  readonly rows: RawCell[][];
  /** 0-based columns holding dates (formatted as dates on the Data sheet) */
  readonly dateColumns: ReadonlySet<number>;
  /** where the rows came from, for messages */
  readonly origin: string;
}

/** Thrown for input the user must fix (the CLI exits with code 2). */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InputError";
  }
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?$/;

/** A CSV field as Excel's import reads it. */
export function csvValue(field: string): { value: RawCell; date: boolean } {
  const t = field.trim();
  if (t === "") return { value: null, date: false };
  if (NUMBER.test(t) && !/^[+-]?0\d/.test(t)) return { value: Number(t), date: false };
  if (ISO_DATE.test(t)) {
    const serial = serialFromIso(t);
    if (Number.isFinite(serial)) return { value: serial, date: true };
  }
  return { value: t, date: false };
}

function detectDelimiter(firstLine: string): string {
  let best = ",";
  let bestCount = -1;
  for (const d of [",", ";", "\t"]) {
    let n = 0;
    let quoted = false;
    for (const ch of firstLine) {
      if (ch === '"') quoted = !quoted;
      else if (ch === d && !quoted) n++;
    }
    if (n > bestCount) {
      best = d;
      bestCount = n;
    }
  }
  return best;
}

/** RFC 4180 fields (quotes, doubled quotes, line breaks inside quotes). */
export function parseCsv(text: string): string[][] {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const firstLine = src.slice(0, src.search(/\r?\n|$/));
  const delimiter = detectDelimiter(firstLine);
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < src.length; i++) {
    const ch = src[i];
    if (quoted) {
      if (ch === '"') {
        if (src[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"' && field.trim() === "") {
      quoted = true;
      field = "";
    } else if (ch === delimiter) {
      row.push(field);
      field = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && src[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += ch;
  }
  if (field !== "" || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => !(r.length === 1 && r[0].trim() === ""));
}

export function readCsv(path: string): RawTable {
  const fields = parseCsv(readFileSync(path, "utf8"));
  const dateColumns = new Set<number>();
  const rows = fields.map((r, i) =>
    r.map((f, c) => {
      const { value, date } = csvValue(f);
      if (date && i > 0) dateColumns.add(c);
      return value;
    }),
  );
  return { rows, dateColumns, origin: path };
}

/** Excel serial of a JavaScript date as ExcelJS reads it (UTC midnight = the day). */
function serialOfDate(d: Date): number {
  return d.getTime() / 86_400_000 + 25569;
}

function excelCellValue(v: ExcelJS.CellValue, dateColumns: Set<number>, column: number): RawCell {
  if (v === null || v === undefined) return null;
  if (typeof v === "number" || typeof v === "string" || typeof v === "boolean") return v;
  if (v instanceof Date) {
    dateColumns.add(column);
    return serialOfDate(v);
  }
  if (typeof v === "object") {
    if ("error" in v) return String(v.error);
    if ("richText" in v) return v.richText.map((r) => r.text).join("");
    if ("formula" in v || "sharedFormula" in v) return excelCellValue((v as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue, dateColumns, column);
    if ("text" in v) return String((v as { text: unknown }).text);
  }
  return String(v);
}

export async function readXlsx(path: string, sheetName?: string): Promise<RawTable> {
  // ExcelJS is loaded only when a workbook is read: the CSV and DuckDB commands never pay for it.
  const { default: excel } = await import("exceljs");
  const wb = new excel.Workbook();
  try {
    await wb.xlsx.readFile(path);
  } catch (e) {
    throw new InputError(`${path} is not a readable .xlsx workbook (${e instanceof Error ? e.message : String(e)}).`);
  }
  const ws = sheetName ? wb.getWorksheet(sheetName) : wb.worksheets[0];
  if (!ws) throw new InputError(sheetName ? `${path} has no sheet named '${sheetName}' (sheets: ${wb.worksheets.map((w) => w.name).join(", ")}).` : `${path} has no worksheets.`);
  const dateColumns = new Set<number>();
  const rows: RawCell[][] = [];
  const width = ws.actualColumnCount > 0 ? ws.columnCount : 0;
  ws.eachRow({ includeEmpty: true }, (row, rowNumber) => {
    const line: RawCell[] = [];
    for (let c = 1; c <= width; c++) line.push(excelCellValue(row.getCell(c).value, rowNumber > 1 ? dateColumns : new Set(), c - 1));
    rows[rowNumber - 1] = line;
  });
  for (let i = 0; i < rows.length; i++) if (!rows[i]) rows[i] = new Array<RawCell>(width).fill(null);
  return { rows, dateColumns, origin: `${path} (sheet ${ws.name})` };
}

/** Reads a .csv/.txt or .xlsx file by its extension. */
export async function readTransactionFile(path: string, sheetName?: string): Promise<RawTable> {
  if (!existsSync(path)) throw new InputError(`cannot read ${path}: there is no such file.`);
  if (/\.xlsx$/i.test(path)) return readXlsx(path, sheetName);
  if (/\.(xls|xlsb|xlsm|ods)$/i.test(path)) throw new InputError(`${path}: only .csv and .xlsx files are read; save the workbook as .xlsx or the sheet as CSV.`);
  return readCsv(path);
}

/**
 * The CDNOW sample (whitespace-separated: master id, sample id 1..2357, YYYYMMDD, CDs, dollars; see
 * samples/SOURCES.md) as a Data sheet: customer (sample id), order date, amount.
 */
export function readCdnowSample(path: string): RawTable {
  const rows: RawCell[][] = [["Customer ID", "Order date", "Amount"]];
  for (const line of readFileSync(path, "utf8").split(/\r?\n/)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 5) continue;
    const ymd = f[2];
    const serial = serialFromYmd(Number(ymd.slice(0, 4)), Number(ymd.slice(4, 6)), Number(ymd.slice(6, 8)));
    rows.push([Number(f[1]), serial, Number(f[4])]);
  }
  return { rows, dateColumns: new Set([1]), origin: path };
}
