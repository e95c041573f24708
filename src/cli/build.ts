/**
 * The pane's work without Excel: rows in, sheet plans out, through the pane's own pieces in the pane's
 * order (src/taskpane/app.ts): column detection (columns.ts), the data check (dataset.ts), the daily
 * ledger, the customer summary and model fits (builders/modelData.ts), and one plan per sheet from the
 * builder registry (builders/index.ts `buildSheet` over `SHEET_KINDS`), so a sheet added to the pane
 * appears here too. Only the writer differs (xlsx/writer.ts instead of the Office.js renderer).
 *
 * A live workbook gets two plans per sheet: the live one (CLV.* formulas) is written, the values-only
 * one supplies the formulas' cached values; both come from the same data and fits.
 */
import { widestRow } from "../core/data/cells";
import { columnLetter, columnNumber } from "../taskpane/a1";
import { ROLES, detectColumns, mappingProblems, type ColumnMapping, type Role } from "../taskpane/columns";
import { reportHeadline, parseTransactions, type DataReport, type DataSource } from "../taskpane/dataset";
import { area, type Cell, type Format } from "../taskpane/plan";
import { buildSheet, fitModelCheck, fitModels, modelData, predictAsync, type ModelCheckFits, type ModelData, type ModelFits } from "../taskpane/builders";
import { COLORS, FORMATS } from "../taskpane/builders/common";
import { FitsRequired, type Predictions } from "../taskpane/builders/modelData";
import { SHEET_KINDS, sheetName, type BuildInput, type BuildOptions, type SheetKind } from "../taskpane/builders/types";
import { buildDailyLedger } from "../core/data/transactions";
import { InputError, type RawTable } from "./read";
import type { WorkbookSheet, WritablePlan } from "./xlsx/writer";

/** Rows column detection looks at (the header and a sample), as many as the pane reads from a selection. */
const SAMPLE_ROWS = 201;

/** The Data sheet's name: the plans' formulas refer to it. */
export const DATA_SHEET = "Data";

export type ColumnOverrides = Partial<Record<Role, string>>;

export interface Analysis {
  readonly table: RawTable;
  readonly input: BuildInput;
  readonly report: DataReport;
  readonly hasHeader: boolean;
}

/** A column named by its header text (case-insensitive) or its letter. */
function findColumn(spec: string, headers: readonly string[]): number | undefined {
  const byName = headers.findIndex((h) => h.trim().toLowerCase() === spec.trim().toLowerCase());
  if (byName >= 0) return byName;
  const n = columnNumber(spec);
  return Number.isFinite(n) && n <= headers.length ? n - 1 : undefined;
}

/** The pane's banner for a report with errors or no transactions, followed by the listed problems. */
export function reportProblems(r: DataReport): string[] {
  if (r.errorCount > 0) {
    const head = `${r.errorCount.toLocaleString("en-US")} problem${r.errorCount === 1 ? "" : "s"} must be fixed before building${r.errorCount > r.problems.length ? ` (the first ${r.problems.length} are listed)` : ""}.`;
    return [head, ...r.problems.map((p) => `Row ${p.row}, ${p.column}: ${p.message}`)];
  }
  if (r.transactions === 0) return ["No transactions found in the selection."];
  return [];
}

/** Notes the pane shows when the data are fine (blank rows, returns, zero amounts). */
export function reportNotes(r: DataReport): string[] {
  const notes: string[] = [];
  if (r.blankRows > 0) notes.push(`${r.blankRows.toLocaleString("en-US")} blank row${r.blankRows === 1 ? "" : "s"} skipped`);
  if (r.returns > 0) notes.push(`${r.returns.toLocaleString("en-US")} return${r.returns === 1 ? "" : "s"} (negative amounts) will be netted within the day`);
  if (r.zeroAmounts > 0) notes.push(`${r.zeroAmounts.toLocaleString("en-US")} zero amount${r.zeroAmounts === 1 ? "" : "s"}`);
  return notes;
}

/**
 * Detects the columns, applies the user's remapping and checks the data, as "Use selection" and
 * "Check data" do. Throws an InputError with the pane's messages when the data cannot be built from.
 */
export function analyse(table: RawTable, overrides: ColumnOverrides = {}): Analysis {
  if (table.rows.length === 0) throw new InputError(`${table.origin} holds no rows.`);
  const width = widestRow(table.rows.slice(0, SAMPLE_ROWS));
  if (width < 3) throw new InputError(`${table.origin} has ${width} column${width === 1 ? "" : "s"}; transactions need at least a customer, a date and an amount column.`);
  const detection = detectColumns(table.rows.slice(0, SAMPLE_ROWS), 1);
  const mapping: ColumnMapping = { ...detection.mapping };
  for (const role of ROLES) {
    const spec = overrides[role];
    if (spec === undefined) continue;
    if (spec === "" || spec.toLowerCase() === "none") {
      delete mapping[role];
      continue;
    }
    const c = findColumn(spec, detection.headers);
    if (c === undefined) throw new InputError(`--${role} '${spec}' is neither a column header nor a column letter (columns: ${detection.headers.map((h, i) => `${h} (${columnLetter(i + 1)})`).join(", ")}).`);
    for (const other of ROLES) if (other !== role && mapping[other] === c && overrides[other] === undefined) delete mapping[other];
    mapping[role] = c;
  }
  const problems = mappingProblems(mapping, detection.headers);
  if (problems.length > 0) throw new InputError(problems.join(" "));
  const firstRow = detection.hasHeader ? 2 : 1;
  const source: DataSource = {
    sheet: DATA_SHEET,
    headerRow: detection.hasHeader ? 1 : undefined,
    firstRow,
    lastRow: table.rows.length,
    firstColumn: 1,
    headers: detection.headers,
  };
  const { transactions, report } = parseTransactions(table.rows.slice(firstRow - 1), mapping, detection.headers, firstRow);
  const bad = reportProblems(report);
  if (bad.length > 0) throw new InputError(bad.join("\n"));
  const ledger = buildDailyLedger({ customer: transactions.customer, day: transactions.date, amount: transactions.amount });
  return { table, input: { source, mapping, transactions, ledger }, report, hasHeader: detection.hasHeader };
}

export function headline(a: Analysis): string {
  return reportHeadline(a.report);
}

/** The Data sheet as a plan: the rows as read, header styled, dates and amounts formatted. */
export function dataSheetPlan(a: Analysis): WritablePlan {
  const rows = a.table.rows as Cell[][];
  const width = widestRow(rows, 1);
  const n = rows.length;
  const formats: Format[] = [];
  if (a.hasHeader) formats.push({ area: area(1, 1, 1, width), bold: true, fill: COLORS.headerFill, bottomBorder: COLORS.headerBorder });
  const first = a.hasHeader ? 2 : 1;
  const dataRows = Math.max(1, n - first + 1);
  for (const c of a.table.dateColumns) formats.push({ area: area(first, c + 1, dataRows, 1), numberFormat: FORMATS.date });
  const { amount, cost } = a.input.mapping;
  if (amount !== undefined) formats.push({ area: area(first, amount + 1, dataRows, 1), numberFormat: FORMATS.money });
  if (cost !== undefined) formats.push({ area: area(first, cost + 1, dataRows, 1), numberFormat: FORMATS.money });
  const columnWidths: Record<number, number> = {};
  for (let c = 1; c <= width; c++) columnWidths[c] = 80;
  // Rows are written as read, blank cells as blanks (null is not a plan value).
  const cells = rows.map((r) => Array.from({ length: width }, (_, c) => (r[c] === null || r[c] === undefined ? "" : r[c])));
  return {
    name: DATA_SHEET,
    writes: [{ kind: "values", row: 1, column: 1, cells, label: "data" }],
    formats,
    conditionalFormats: [],
    tables: [],
    charts: [],
    columnWidths,
    freeze: a.hasHeader ? { rows: 1, columns: 0 } : undefined,
  };
}

export interface BuildProgress {
  (message: string): void;
}

export interface BuiltSheets {
  readonly sheets: WorkbookSheet[];
  readonly data: ModelData;
  /** undefined when the models cannot be fitted to the data (the sheets that need them are not built) */
  readonly fits?: ModelFits;
  readonly predictions?: Predictions;
  /** notes of the built sheets (as the pane lists them under "Built ...") */
  readonly notes: string[];
  /** sheets that could not be built, with the reason */
  readonly failures: string[];
}

/** Sheet kinds in the pane's order, from names or kinds the user typed ("all" = every sheet). */
export function resolveSheets(spec: string | undefined, options: BuildOptions): SheetKind[] {
  if (spec === undefined || spec.trim() === "" || spec.trim().toLowerCase() === "all") return [...SHEET_KINDS];
  const wanted = spec.split(",").map((s) => s.trim().toLowerCase()).filter(Boolean);
  const kinds: SheetKind[] = [];
  for (const w of wanted) {
    const kind = SHEET_KINDS.find((k) => k.toLowerCase() === w || sheetName(k, options).toLowerCase() === w || sheetName(k, options).toLowerCase() === `clv ${w}`);
    if (!kind) throw new InputError(`--sheets: '${w}' is not a sheet (choose from ${SHEET_KINDS.join(", ")}, or all).`);
    if (!kinds.includes(kind)) kinds.push(kind);
  }
  return SHEET_KINDS.filter((k) => kinds.includes(k));
}

/**
 * Builds the plans of `kinds` as the pane's "Build sheets" does: customer summary, fits (with progress),
 * predictions, then one plan per sheet. A sheet whose builder fails is reported and the others are
 * still built.
 */
export async function buildSheets(a: Analysis, options: BuildOptions, kinds: readonly SheetKind[], progress: BuildProgress = () => undefined): Promise<BuiltSheets> {
  progress("Summarising customers");
  const data = modelData(a.input, options);
  let last = 0;
  const notes: string[] = [];
  const failures: string[] = [];
  let fits: ModelFits | undefined;
  let predictions: Predictions | undefined;
  let fitProblem: string | undefined;
  // Only cohorts and RFM need no model; any other sheet (model, dashboard, and sheets added later) gets
  // the fits computed once here, as the pane does before building them.
  const needModels = kinds.some((k) => k !== "cohorts" && k !== "rfm");
  try {
    if (!needModels) throw new Error("no sheet needs the models");
    progress("Fitting the models");
    fits = await fitModels(data, options, {
      sliceMs: 250,
      onProgress: (m) => {
        if (Date.now() - last > 1000) {
          progress(m);
          last = Date.now();
        }
      },
    });
    predictions = await predictAsync(data.summary, fits, options);
  } catch (e) {
    // As in the pane, a model the data cannot identify costs the sheets that need it (their builders
    // fail below and report the fit's message), not the others.
    fits = undefined;
    fitProblem = e instanceof Error ? e.message : String(e);
  }
  const valuesOptions: BuildOptions = { ...options, valuesOnly: true };
  // The Model check sheet's candidate fits and refits, once for both plans (the values plan needs refits).
  let checks: ModelCheckFits | undefined;
  let checksProblem: string | undefined;
  if (kinds.includes("modelCheck")) {
    progress("Fitting the candidate models");
    try {
      checks = await fitModelCheck(a.input, valuesOptions, { sliceMs: 250 });
    } catch (e) {
      checksProblem = e instanceof Error ? e.message : String(e);
    }
  }
  const sheets: WorkbookSheet[] = [{ plan: dataSheetPlan(a) }];
  for (const kind of kinds) {
    const name = sheetName(kind, options);
    progress(`Planning ${name}`);
    try {
      const values = buildSheet(kind, a.input, valuesOptions, { data, fits, checks });
      if (options.valuesOnly) sheets.push({ plan: values, printArea: printAreaOf(kind) });
      else sheets.push({ plan: buildSheet(kind, a.input, options, { data, fits, checks }), cached: values, printArea: printAreaOf(kind) });
      for (const note of values.notes) notes.push(`${name}: ${note}`);
    } catch (e) {
      const problem = kind === "modelCheck" ? checksProblem : fitProblem;
      const message = e instanceof FitsRequired && problem ? problem : e instanceof Error ? e.message : String(e);
      failures.push(`${name}: ${message}`);
    }
  }
  return { sheets, data, fits, predictions, notes, failures };
}

/** The dashboard prints its key figures and charts on one page (rows 1-45, columns A-F). */
function printAreaOf(kind: SheetKind): string | undefined {
  return kind === "dashboard" ? "A$1:F$45" : undefined;
}
