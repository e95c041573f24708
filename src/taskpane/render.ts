/**
 * The one Office.js renderer: applies a sheet plan (plan.ts) to a new worksheet.
 *
 * Batching: Office.js queues commands and sends them at `context.sync()`. A plan is rendered in as few
 * syncs as the payload limits allow: cell writes (and the number-format arrays, which are as large) are
 * cut into row chunks, and a sync happens whenever the queued payload reaches `maxCellsPerSync` cells or
 * an estimated `maxBytesPerSync` bytes (Excel on the web refuses requests above about 5 MB; see
 * notes/office-addin.md, "payload limits"). Formats, conditional formats, tables and charts are queued
 * behind the last chunk and go in the final sync, so a CDNOW-sized sheet takes one or two syncs.
 *
 * Between syncs the renderer reports progress and checks the cancel signal. On cancel or failure the
 * half-built sheet is deleted (best effort), so a build never leaves a partial sheet behind.
 *
 * Safety: text written as a value never becomes a formula, nor a number, date or boolean. Every text
 * value, and every constant of a formulas block that is not itself a formula, goes through the one text
 * writer (escape.ts, `cellText`), which gives such text Excel's "this is text" apostrophe.
 */
import { widestRow } from "../core/data/cells";
import type { Area, Cell, ChartSpec, ConditionalFormat, Format, SheetPlan, Write } from "./plan";
import { planCellCount } from "./plan";
import { cellText } from "./escape";
import { Cancelled, type CancelSignal } from "../runtime/scheduling";
import { uniqueTableName } from "./a1";

export interface RenderProgress {
  /** 0..1 */
  readonly fraction: number;
  readonly message: string;
}

export interface RenderOptions {
  /** the worksheet name to create (the pane has already settled conflicts) */
  readonly sheetName: string;
  /** delete an existing sheet of that name first (only after the user said "replace") */
  readonly replaceExisting?: boolean;
  /** table names already used in the workbook (table names are workbook-wide) */
  readonly takenTableNames?: readonly string[];
  readonly signal?: CancelSignal;
  readonly onProgress?: (p: RenderProgress) => void;
  readonly maxCellsPerSync?: number;
  readonly maxBytesPerSync?: number;
  /** make the new sheet the active one at the end (default true) */
  readonly activate?: boolean;
}

export interface RenderResult {
  readonly sheetName: string;
  readonly syncs: number;
  readonly cells: number;
  readonly tableNames: readonly string[];
}

export const DEFAULT_MAX_CELLS_PER_SYNC = 100_000;
/** Well under the 5 MB request limit of Excel on the web: JSON overhead and formats ride along. */
export const DEFAULT_MAX_BYTES_PER_SYNC = 2_000_000;

/** The cell value Office.js receives for a plan value. */
export function excelValue(v: Cell): string | number | boolean {
  if (typeof v === "number") return Number.isFinite(v) ? v : "";
  if (typeof v === "string") return cellText(v);
  return v;
}

/**
 * A cell of a formulas block: a formula the add-in wrote ("=..."), or a constant, which is written
 * like a value (a label such as "+5 days" must not become a formula either).
 */
function formulaCell(v: Cell): string | number | boolean {
  if (typeof v === "string" && v.startsWith("=")) return v;
  return excelValue(v);
}

/** A rough JSON size of a cell (for chunking by payload). */
function cellBytes(v: Cell): number {
  if (typeof v === "number") return 12;
  if (typeof v === "boolean") return 6;
  return v.length + 4;
}

/** Rows of `cells` padded to `width` with "" (Office.js wants rectangles). */
function rectangle(cells: readonly (readonly Cell[])[], width: number, kind: Write["kind"]): (string | number | boolean)[][] {
  return cells.map((row) => {
    const out: (string | number | boolean)[] = new Array(width);
    for (let c = 0; c < width; c++) {
      const v = row[c];
      if (v === undefined) out[c] = "";
      else out[c] = kind === "values" ? excelValue(v) : formulaCell(v);
    }
    return out;
  });
}

function rangeOf(sheet: Excel.Worksheet, a: Area): Excel.Range {
  return sheet.getRangeByIndexes(a.row - 1, a.column - 1, a.rows, a.columns);
}


/**
 * Renders `plan` on a new sheet named `options.sheetName`. Call inside `Excel.run`; the caller owns the
 * context. Resolves when everything is in the workbook.
 */
export async function renderPlan(context: Excel.RequestContext, plan: SheetPlan, options: RenderOptions): Promise<RenderResult> {
  const maxCells = options.maxCellsPerSync ?? DEFAULT_MAX_CELLS_PER_SYNC;
  const maxBytes = options.maxBytesPerSync ?? DEFAULT_MAX_BYTES_PER_SYNC;
  const totalCells = Math.max(1, planCellCount(plan));
  let syncs = 0;
  let queuedCells = 0;
  let queuedBytes = 0;
  let writtenCells = 0;

  const progress = (fraction: number, message: string): void => options.onProgress?.({ fraction: Math.min(1, Math.max(0, fraction)), message });
  const checkCancel = (): void => {
    if (options.signal?.aborted) throw new Cancelled("The build was cancelled; no sheet was left behind.");
  };
  const sync = async (): Promise<void> => {
    checkCancel();
    await context.sync();
    syncs++;
    queuedCells = 0;
    queuedBytes = 0;
    checkCancel();
  };
  /** Account for queued payload and sync when a limit is reached. */
  const queued = async (cells: number, bytes: number): Promise<void> => {
    queuedCells += cells;
    queuedBytes += bytes;
    if (queuedCells >= maxCells || queuedBytes >= maxBytes) {
      await sync();
      progress((0.85 * writtenCells) / totalCells, `${plan.name}: writing cells (${Math.round((100 * writtenCells) / totalCells)}%)`);
    }
  };

  const sheets = context.workbook.worksheets;
  if (options.replaceExisting) sheets.getItem(options.sheetName).delete();
  const sheet = sheets.add(options.sheetName);
  let unfinished = true;
  try {
    if (plan.tabColor) sheet.tabColor = plan.tabColor;
    progress(0, `${plan.name}: writing cells`);

    // 1. Cells, in row chunks that respect the payload limits.
    for (const write of plan.writes) {
      // Read once: a block received from the planning worker is materialised on each read (transfer.ts).
      const rows = write.cells;
      const width = widestRow(rows, 1);
      let start = 0;
      while (start < rows.length) {
        let end = start;
        let cells = 0;
        let bytes = 0;
        const roomCells = Math.max(width, maxCells - queuedCells);
        const roomBytes = Math.max(1, maxBytes - queuedBytes);
        while (end < rows.length && (end === start || (cells + width <= roomCells && bytes < roomBytes))) {
          for (const v of rows[end]) bytes += cellBytes(v);
          cells += width;
          end++;
        }
        const block = rectangle(rows.slice(start, end), width, write.kind);
        const range = sheet.getRangeByIndexes(write.row - 1 + start, write.column - 1, end - start, width);
        if (write.kind === "values") range.values = block;
        else range.formulas = block;
        writtenCells += cells;
        start = end;
        await queued(cells, bytes);
      }
    }

    // 2. Formats. Number formats are per-cell arrays, so they are chunked like values.
    for (const f of plan.formats) await applyFormat(sheet, f, maxCells, queued);
    for (const [column, width] of Object.entries(plan.columnWidths)) {
      sheet.getRangeByIndexes(0, Number(column) - 1, 1, 1).format.columnWidth = width;
    }
    for (const cf of plan.conditionalFormats) applyConditionalFormat(sheet, cf);

    // 3. Tables (over static values only).
    const taken = new Set((options.takenTableNames ?? []).map((n) => n.toLowerCase()));
    const tableNames: string[] = [];
    for (const t of plan.tables) {
      const table = sheet.tables.add(rangeOf(sheet, t.area), true);
      const name = uniqueTableName(t.name, taken);
      table.name = name;
      table.style = t.style;
      tableNames.push(name);
    }
    progress(0.9, `${plan.name}: charts`);

    // 4. Charts.
    for (const c of plan.charts) applyChart(sheet, c);

    if (plan.freeze && (plan.freeze.rows > 0 || plan.freeze.columns > 0)) {
      if (plan.freeze.columns > 0) sheet.freezePanes.freezeAt(sheet.getRangeByIndexes(0, 0, Math.max(1, plan.freeze.rows), plan.freeze.columns));
      else sheet.freezePanes.freezeRows(plan.freeze.rows);
    }
    if (options.activate !== false) sheet.activate();
    await sync();
    progress(1, `${plan.name}: done`);
    unfinished = false;
    return { sheetName: options.sheetName, syncs, cells: writtenCells, tableNames };
  } finally {
    if (unfinished) {
      // Cancelled or failed: remove the half-built sheet (best effort: the context may be unusable).
      try {
        sheet.delete();
        await context.sync();
      } catch {
        // nothing more to do; the error that brought us here is the one to report
      }
    }
  }
}

async function applyFormat(
  sheet: Excel.Worksheet,
  f: Format,
  maxCells: number,
  queued: (cells: number, bytes: number) => Promise<void>,
): Promise<void> {
  const range = rangeOf(sheet, f.area);
  const fmt = range.format;
  if (f.bold !== undefined) fmt.font.bold = f.bold;
  if (f.italic !== undefined) fmt.font.italic = f.italic;
  if (f.fontSize !== undefined) fmt.font.size = f.fontSize;
  if (f.fontColor !== undefined) fmt.font.color = f.fontColor;
  if (f.fill !== undefined) fmt.fill.color = f.fill;
  if (f.horizontalAlignment !== undefined) fmt.horizontalAlignment = f.horizontalAlignment;
  if (f.wrapText !== undefined) fmt.wrapText = f.wrapText;
  if (f.bottomBorder !== undefined) {
    const edge = fmt.borders.getItem("EdgeBottom");
    edge.style = "Continuous";
    edge.color = f.bottomBorder;
  }
  if (f.numberFormat !== undefined) {
    const { row, column, rows, columns } = f.area;
    const step = Math.max(1, Math.floor(maxCells / columns));
    for (let start = 0; start < rows; start += step) {
      const n = Math.min(step, rows - start);
      const line = new Array<string>(columns).fill(f.numberFormat);
      const block = Array.from({ length: n }, () => line.slice());
      sheet.getRangeByIndexes(row - 1 + start, column - 1, n, columns).numberFormat = block;
      await queued(n * columns, n * columns * (f.numberFormat.length + 3));
    }
  }
}

function applyConditionalFormat(sheet: Excel.Worksheet, cf: ConditionalFormat): void {
  const range = rangeOf(sheet, cf.area);
  if (cf.type === "colorScale") {
    const format = range.conditionalFormats.add("ColorScale");
    const criteria: Excel.ConditionalColorScaleCriteria = {
      minimum: { type: "LowestValue", color: cf.low },
      maximum: { type: "HighestValue", color: cf.high },
    };
    if (cf.mid) criteria.midpoint = { type: "Percentile", formula: "50", color: cf.mid };
    format.colorScale.criteria = criteria;
  } else {
    const format = range.conditionalFormats.add("DataBar");
    format.dataBar.positiveFormat.fillColor = cf.color;
    format.dataBar.positiveFormat.gradientFill = false;
  }
}

/**
 * How Excel must split a series' source range so that it yields exactly that one series. `charts.add`
 * makes one series per column ("Columns") or per row ("Rows") of its source (Excel.ChartSeriesBy;
 * "Auto" guesses from the shape on desktop and means "Columns" on the web), so a one-row range added
 * by columns would become one single-point series per cell. A series is one row or one column of cells
 * (Excel refuses anything else as a series' values).
 */
export function seriesByFor(values: Area): "Rows" | "Columns" {
  if (values.rows > 1 && values.columns > 1) {
    throw new Error(`A chart series must be one row or one column of cells, not ${values.rows} × ${values.columns}`);
  }
  return values.rows === 1 && values.columns > 1 ? "Rows" : "Columns";
}

/**
 * Builds a chart as Excel does when every series is given explicitly: the chart is created from the
 * first series' cells with the orientation that makes them one series, and every other series is
 * added with `series.add` + `setValues` + `setXAxisValues` (ExcelApi 1.7), never guessed from a block.
 */
function applyChart(sheet: Excel.Worksheet, spec: ChartSpec): void {
  if (spec.series.length === 0) return;
  const first = spec.series[0];
  for (const s of spec.series) seriesByFor(s.values);
  const chart = sheet.charts.add(spec.type, rangeOf(sheet, first.values), seriesByFor(first.values));
  chart.title.text = spec.title;
  // The first series comes from `add`; set its name and categories explicitly rather than relying on
  // Excel's guess about header rows and label columns.
  const s0 = chart.series.getItemAt(0);
  s0.name = first.name;
  if (first.categories) s0.setXAxisValues(rangeOf(sheet, first.categories));
  const isLine = spec.type === "Line" || spec.type === "LineMarkers" || spec.type === "XYScatter";
  const paint = (series: Excel.ChartSeries, color: string | undefined): void => {
    if (!color) return;
    if (isLine) series.format.line.color = color;
    else series.format.fill.setSolidColor(color);
  };
  paint(s0, spec.colors?.[0]);
  spec.series.slice(1).forEach((s, i) => {
    const series = chart.series.add(s.name);
    series.setValues(rangeOf(sheet, s.values));
    if (s.categories) series.setXAxisValues(rangeOf(sheet, s.categories));
    paint(series, spec.colors?.[i + 1]);
  });
  if (spec.legend === "None" || (spec.legend === undefined && spec.series.length === 1 && spec.type !== "Pie" && spec.type !== "Doughnut")) {
    chart.legend.visible = false;
  } else {
    chart.legend.visible = true;
    chart.legend.position = spec.legend ?? "Bottom";
  }
  if (spec.type !== "Pie" && spec.type !== "Doughnut") {
    if (spec.xTitle) {
      chart.axes.categoryAxis.title.text = spec.xTitle;
      chart.axes.categoryAxis.title.visible = true;
    }
    if (spec.yTitle) {
      chart.axes.valueAxis.title.text = spec.yTitle;
      chart.axes.valueAxis.title.visible = true;
    }
    if (spec.valueFormat) chart.axes.valueAxis.numberFormat = spec.valueFormat;
    if (spec.categoryFormat) chart.axes.categoryAxis.numberFormat = spec.categoryFormat;
    if (spec.reverseCategories) chart.axes.categoryAxis.reversePlotOrder = true;
  }
  const p = spec.position;
  chart.setPosition(rangeOf(sheet, { row: p.row, column: p.column, rows: 1, columns: 1 }), rangeOf(sheet, { row: p.row + p.rows - 1, column: p.column + p.columns - 1, rows: 1, columns: 1 }));
}

/** Names of the worksheets and tables in the workbook (one sync). */
export async function workbookNames(context: Excel.RequestContext): Promise<{ sheets: string[]; tables: string[] }> {
  const sheets = context.workbook.worksheets;
  const tables = context.workbook.tables;
  sheets.load("items/name");
  tables.load("items/name");
  await context.sync();
  return { sheets: sheets.items.map((s) => s.name), tables: tables.items.map((t) => t.name) };
}
