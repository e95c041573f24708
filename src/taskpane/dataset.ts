/**
 * The transactions the pane works on: where they are in the workbook (for live formulas) and their
 * parsed columns with a validation report (for the checks shown before building, and for the
 * values-only sheets the core computes).
 *
 * Parsing follows the rules of the CLV.* functions (src/functions/shared/args.ts), so that a data set
 * the pane accepts is one the live formulas accept too: rows blank in every mapped column are skipped;
 * a row with a missing customer, date or amount is an error; dates are Excel serials or ISO text;
 * amounts are numbers (a number stored as text is an error, as in the functions); negative amounts are
 * returns. Rows are parsed in chunks, as the renderer reads them, so a million rows never need one
 * giant array of cells.
 */
import { sheetRange, columnLetter } from "./a1";
import type { ColumnMapping, Role } from "./columns";
import { isExcelSerial, isoFromSerial, serialFromIso } from "../core/data/dates";
import { CustomerId, canonicalCustomerId } from "../core/data/customerIds";

/** Where the data lives. Rows and columns are 1-based sheet coordinates. */
export interface DataSource {
  readonly sheet: string;
  /** the Excel table holding the data, if any (formulas then use structured references) */
  readonly table?: string;
  /** sheet row of the header row, or undefined when the data has no headers */
  readonly headerRow?: number;
  readonly firstRow: number;
  readonly lastRow: number;
  /** sheet column of the first column of the block */
  readonly firstColumn: number;
  /** display names of the block's columns (header text or "Column C") */
  readonly headers: readonly string[];
}

/** Number of data rows of a source. */
export function sourceRows(source: DataSource): number {
  return source.lastRow - source.firstRow + 1;
}

/**
 * The reference a formula uses for a role's column: `Data!$B$2:$B$6920`, or `Sales[[Order date]]`
 * for a table (so formulas follow the table as it grows).
 */
export function columnReference(source: DataSource, mapping: ColumnMapping, role: Role): string {
  const index = mapping[role];
  if (index === undefined) throw new Error(`the ${role} column is not mapped`);
  if (source.table) {
    // Structured references escape ' [ ] # with a leading apostrophe; double brackets allow any name.
    const header = source.headers[index].replace(/(['[\]#])/g, "'$1");
    return `${source.table}[[${header}]]`;
  }
  return sheetRange(source.sheet, source.firstRow, source.firstColumn + index, sourceRows(source), 1, true);
}

/** "Data!A1:C6920" style description for messages. */
export function describeSource(source: DataSource): string {
  const top = source.headerRow ?? source.firstRow;
  const right = source.firstColumn + source.headers.length - 1;
  const where = `${columnLetter(source.firstColumn)}${top}:${columnLetter(right)}${source.lastRow}`;
  return source.table ? `table ${source.table} (${source.sheet}!${where})` : `${source.sheet}!${where}`;
}

export interface Transactions {
  /** canonical ids (core/data/customerIds.ts: 42 and "42" are one customer) */
  readonly customer: CustomerId[];
  /** Excel serials (the time of day, if any, kept as the fraction) */
  readonly date: Float64Array;
  readonly amount: Float64Array;
  readonly cost?: Float64Array;
  readonly channel?: string[];
  readonly segment?: string[];
  /** sheet row of each transaction */
  readonly sheetRow: Int32Array;
  readonly length: number;
}

export type Severity = "error" | "warning";

export interface Problem {
  readonly severity: Severity;
  /** sheet row */
  readonly row: number;
  /** column display name */
  readonly column: string;
  readonly message: string;
}

export interface DataReport {
  /** rows read (data rows of the selection) */
  readonly rowsRead: number;
  /** transactions kept (rows that are not blank in every mapped column, and have no error) */
  readonly transactions: number;
  readonly blankRows: number;
  readonly customers: number;
  readonly firstDate?: number;
  readonly lastDate?: number;
  /** rows with a negative amount (returns, refunds) and their total */
  readonly returns: number;
  readonly returnsValue: number;
  readonly zeroAmounts: number;
  readonly revenue: number;
  readonly errorCount: number;
  readonly warningCount: number;
  /** the first problems found (at most `MAX_LISTED_PROBLEMS`), in row order */
  readonly problems: readonly Problem[];
}

export const MAX_LISTED_PROBLEMS = 50;

function isBlank(v: unknown): boolean {
  return v === null || v === undefined || (typeof v === "string" && v.trim() === "");
}

/** Excel hands error cells to `Range.values` as their text ("#N/A", "#VALUE!", ...). */
const ERROR_TEXT = /^#(N\/A|VALUE!|REF!|DIV\/0!|NUM!|NAME\?|NULL!|SPILL!|CALC!|FIELD!|BUSY!|BLOCKED!|CONNECT!|UNKNOWN!|GETTING_DATA)$/;

export function isErrorText(v: unknown): boolean {
  return typeof v === "string" && ERROR_TEXT.test(v.trim());
}

function show(v: unknown): string {
  if (typeof v === "string") return `'${v.length > 30 ? v.slice(0, 27) + "..." : v}'`;
  if (typeof v === "boolean") return v ? "TRUE" : "FALSE";
  return String(v);
}

/** Growable typed column. */
class NumberColumn {
  private data = new Float64Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  result(): Float64Array {
    return this.data.slice(0, this.length);
  }
}

/**
 * Parses transactions chunk by chunk. `add(rows, firstSheetRow)` takes rows of the whole block (all
 * selected columns); `finish()` returns the columns and the report.
 */
export class TransactionParser {
  private readonly customer: CustomerId[] = [];
  private readonly date = new NumberColumn();
  private readonly amount = new NumberColumn();
  private readonly cost?: NumberColumn;
  private readonly channel?: string[];
  private readonly segment?: string[];
  private readonly sheetRows: number[] = [];
  private readonly customers = new Set<CustomerId>();
  private readonly problems: Problem[] = [];
  private rowsRead = 0;
  private blankRows = 0;
  private errorCount = 0;
  private warningCount = 0;
  private returns = 0;
  private returnsValue = 0;
  private zeroAmounts = 0;
  private revenue = 0;
  private firstDate = Infinity;
  private lastDate = -Infinity;

  constructor(
    private readonly mapping: ColumnMapping,
    private readonly headers: readonly string[],
  ) {
    if (mapping.cost !== undefined) this.cost = new NumberColumn();
    if (mapping.channel !== undefined) this.channel = [];
    if (mapping.segment !== undefined) this.segment = [];
  }

  private problem(severity: Severity, row: number, role: Role, message: string): void {
    if (severity === "error") this.errorCount++;
    else this.warningCount++;
    if (this.problems.length < MAX_LISTED_PROBLEMS) {
      const c = this.mapping[role];
      this.problems.push({ severity, row, column: c === undefined ? role : this.headers[c], message });
    }
  }

  /** Parse rows whose first row is sheet row `firstSheetRow`. */
  add(rows: readonly (readonly unknown[])[], firstSheetRow: number): void {
    const mc = this.mapping.customer;
    const md = this.mapping.date;
    const ma = this.mapping.amount;
    if (mc === undefined || md === undefined || ma === undefined) throw new Error("customer, date and amount must be mapped");
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i];
      const sheetRow = firstSheetRow + i;
      this.rowsRead++;
      // Blank in customer, date and amount: skipped, as the CLV.* functions skip it.
      if (isBlank(row[mc]) && isBlank(row[md]) && isBlank(row[ma])) {
        this.blankRows++;
        continue;
      }
      const errorsBefore = this.errorCount;
      const c = row[mc];
      const id = canonicalCustomerId(c);
      if (isErrorText(c)) this.problem("error", sheetRow, "customer", `the customer cell shows the error ${String(c).trim()}`);
      else if (isBlank(c)) this.problem("error", sheetRow, "customer", "the customer is blank");
      else if (id === undefined) this.problem("error", sheetRow, "customer", `${show(c)} is not a customer id (use text or a number)`);

      const d = row[md];
      let serial = NaN;
      if (isErrorText(d)) this.problem("error", sheetRow, "date", `the date cell shows the error ${String(d).trim()}`);
      else if (isBlank(d)) this.problem("error", sheetRow, "date", "the date is blank");
      else if (typeof d === "number") {
        if (isExcelSerial(d)) serial = d;
        else this.problem("error", sheetRow, "date", `${show(d)} is not a date${Number.isInteger(d) && d >= 1e7 && d < 1e8 ? " (it looks like YYYYMMDD: enter a date or text like 1997-01-31)" : ""}`);
      } else if (typeof d === "string") {
        serial = serialFromIso(d);
        if (Number.isNaN(serial)) this.problem("error", sheetRow, "date", `${show(d)} is not a date (use an Excel date or ISO text like 1997-01-31)`);
      } else this.problem("error", sheetRow, "date", `${show(d)} is not a date`);

      const a = row[ma];
      let value = NaN;
      if (isErrorText(a)) this.problem("error", sheetRow, "amount", `the amount cell shows the error ${String(a).trim()}`);
      else if (isBlank(a)) this.problem("error", sheetRow, "amount", "the amount is blank");
      else if (typeof a === "number" && Number.isFinite(a)) value = a;
      else if (typeof a === "string" && a.trim() !== "" && Number.isFinite(Number(a))) {
        this.problem("error", sheetRow, "amount", `${show(a)} is a number stored as text (convert it with VALUE())`);
      } else this.problem("error", sheetRow, "amount", `${show(a)} is not a number`);

      let costValue = NaN;
      if (this.cost && this.mapping.cost !== undefined) {
        const v = row[this.mapping.cost];
        if (isBlank(v)) costValue = NaN;
        else if (typeof v === "number" && Number.isFinite(v)) costValue = v;
        else this.problem("error", sheetRow, "cost", `${show(v)} is not a number`);
      }
      if (this.errorCount > errorsBefore) continue;

      if (value < 0) {
        this.returns++;
        this.returnsValue += value;
      } else if (value === 0) {
        this.zeroAmounts++;
      }
      this.revenue += value;
      if (serial < this.firstDate) this.firstDate = serial;
      if (serial > this.lastDate) this.lastDate = serial;
      this.customer.push(id as CustomerId);
      this.customers.add(id as CustomerId);
      this.date.push(serial);
      this.amount.push(value);
      this.cost?.push(costValue);
      if (this.channel && this.mapping.channel !== undefined) this.channel.push(textOf(row[this.mapping.channel]));
      if (this.segment && this.mapping.segment !== undefined) this.segment.push(textOf(row[this.mapping.segment]));
      this.sheetRows.push(sheetRow);
    }
  }

  finish(): { transactions: Transactions; report: DataReport } {
    const transactions: Transactions = {
      customer: this.customer,
      date: this.date.result(),
      amount: this.amount.result(),
      cost: this.cost?.result(),
      channel: this.channel,
      segment: this.segment,
      sheetRow: Int32Array.from(this.sheetRows),
      length: this.customer.length,
    };
    const n = this.customer.length;
    const report: DataReport = {
      rowsRead: this.rowsRead,
      transactions: n,
      blankRows: this.blankRows,
      customers: this.customers.size,
      firstDate: n > 0 ? this.firstDate : undefined,
      lastDate: n > 0 ? this.lastDate : undefined,
      returns: this.returns,
      returnsValue: this.returnsValue,
      zeroAmounts: this.zeroAmounts,
      revenue: this.revenue,
      errorCount: this.errorCount,
      warningCount: this.warningCount,
      problems: [...this.problems].sort((a, b) => a.row - b.row),
    };
    return { transactions, report };
  }
}

function textOf(v: unknown): string {
  if (isBlank(v)) return "";
  if (typeof v === "string") return v.trim();
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return "";
}

/** Parse a whole block at once (tests, small data). */
export function parseTransactions(rows: readonly (readonly unknown[])[], mapping: ColumnMapping, headers: readonly string[], firstSheetRow: number): { transactions: Transactions; report: DataReport } {
  const p = new TransactionParser(mapping, headers);
  p.add(rows, firstSheetRow);
  return p.finish();
}

/** One-line summary of a report for the pane. */
export function reportHeadline(r: DataReport): string {
  const range = r.firstDate !== undefined && r.lastDate !== undefined ? `, ${isoFromSerial(r.firstDate)} to ${isoFromSerial(r.lastDate)}` : "";
  return `${r.transactions.toLocaleString("en-US")} transactions, ${r.customers.toLocaleString("en-US")} customers${range}`;
}
