/**
 * Writes sheet plans (src/taskpane/plan.ts) to an .xlsx package: the CLI's counterpart of the pane's
 * Office.js renderer (src/taskpane/render.ts). The same plan gives the same cells, formats,
 * conditional formats, tables and charts.
 *
 * Both faces of a live workbook: a plan's formulas are stored as formulas, and each formula cell also
 * carries the value the core computed (its cached value, taken from the values-only plan of the same
 * sheet, which the builders lay out cell for cell like the live one). Excel with the add-in recalculates
 * them; a program without the add-in shows the cached numbers.
 *
 * ExcelJS writes cells, styles, conditional formats and tables; the package is then finished by hand
 * (JSZip, which ExcelJS itself uses) for what ExcelJS lacks:
 * - dynamic-array formulas: `cm="1"` on the anchor cell, `<f t="array" ref="A6:J2362">`, and the cell
 *   metadata part xl/metadata.xml with the XLDAPR dynamic-array properties ([MS-XLSX] 2.3.x
 *   "dynamicArrayProperties"); without them Excel 365 opens `=CLV.SUMMARY(...)` as `=@CLV.SUMMARY(...)`
 *   and shows one cell;
 * - charts (charts.ts).
 */
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { cellAddress, rangeAddress } from "../../taskpane/a1";
import type { Area, Cell, ConditionalFormat, Format, SheetPlan } from "../../taskpane/plan";
import { uniqueTableName } from "../../taskpane/a1";
import { CHART_CONTENT_TYPE, DRAWING_CONTENT_TYPE, DRAWING_REL_TYPE, chartXml, drawingRelsXml, drawingXml } from "./charts";
import { fileFormula } from "./formula";

/** What the writer needs of a plan (the Data sheet is written through the same path). */
export type WritablePlan = Omit<SheetPlan, "kind" | "notes">;

export interface WorkbookSheet {
  /** the plan to write (live formulas or values) */
  readonly plan: WritablePlan;
  /** the values-only plan of the same sheet: the cached values of the live plan's formulas */
  readonly cached?: WritablePlan;
  /** print area (A1 range) and fit to one page wide */
  readonly printArea?: string;
}

export interface WorkbookOptions {
  /** the sheet shown when the file opens */
  readonly activeSheet?: string;
  /** ask Excel to recalculate everything when it opens the file (live workbooks) */
  readonly recalculateOnOpen?: boolean;
}

export interface WriteStats {
  readonly formulas: number;
  readonly dynamicArrays: number;
  /** formula cells without a cached value (no values-only counterpart) */
  readonly uncached: number;
  readonly charts: number;
  readonly cells: number;
}


/** ExcelJS colours are ARGB without "#". */
function argb(color: string): string {
  return `FF${color.replace(/^#/, "").toUpperCase()}`;
}

/** Column width in characters of the default font from points (7 px per character, 5 px padding). */
function widthInCharacters(points: number): number {
  const px = (points * 96) / 72;
  return Math.max(1, Math.round(((px - 5) / 7) * 100) / 100);
}

type Grid = Map<number, Cell>;
const key = (row: number, column: number): number => row * 16384 + column;

function gridOf(plan: WritablePlan): Grid {
  const g: Grid = new Map();
  for (const w of plan.writes) {
    w.cells.forEach((r, i) => r.forEach((v, j) => g.set(key(w.row + i, w.column + j), v)));
  }
  return g;
}

/** A plan value as a cell value: non-finite numbers and "" are blank. */
function plain(v: Cell | undefined): string | number | boolean | null {
  if (v === undefined) return null;
  if (typeof v === "number") return Number.isFinite(v) ? v : null;
  if (v === "") return null;
  return v;
}

/** A cached formula result: a number, text, a boolean, or "" (an empty text result). */
function result(v: Cell | undefined): string | number | boolean | undefined {
  if (v === undefined) return undefined;
  if (typeof v === "number") return Number.isFinite(v) ? v : "";
  return v;
}

function isFormula(v: Cell): v is string {
  return typeof v === "string" && v.startsWith("=") && v.length > 1;
}

function eachCell(ws: ExcelJS.Worksheet, a: Area, f: (c: ExcelJS.Cell) => void): void {
  for (let r = a.row; r < a.row + a.rows; r++) {
    const row = ws.getRow(r);
    for (let c = a.column; c < a.column + a.columns; c++) f(row.getCell(c));
  }
}

function applyFormat(ws: ExcelJS.Worksheet, f: Format): void {
  eachCell(ws, f.area, (cell) => {
    if (f.numberFormat !== undefined) cell.numFmt = f.numberFormat;
    if (f.bold !== undefined || f.italic !== undefined || f.fontSize !== undefined || f.fontColor !== undefined) {
      const font: Partial<ExcelJS.Font> = { ...(cell.font ?? {}) };
      if (f.bold !== undefined) font.bold = f.bold;
      if (f.italic !== undefined) font.italic = f.italic;
      if (f.fontSize !== undefined) font.size = f.fontSize;
      if (f.fontColor !== undefined) font.color = { argb: argb(f.fontColor) };
      cell.font = font;
    }
    if (f.fill !== undefined) cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: argb(f.fill) } };
    if (f.horizontalAlignment !== undefined || f.wrapText !== undefined) {
      const al: Partial<ExcelJS.Alignment> = { ...(cell.alignment ?? {}) };
      if (f.horizontalAlignment !== undefined) al.horizontal = f.horizontalAlignment.toLowerCase() as ExcelJS.Alignment["horizontal"];
      if (f.wrapText !== undefined) al.wrapText = f.wrapText;
      cell.alignment = al;
    }
  });
  if (f.bottomBorder !== undefined) {
    const last = f.area.row + f.area.rows - 1;
    eachCell(ws, { ...f.area, row: last, rows: 1 }, (cell) => {
      cell.border = { ...(cell.border ?? {}), bottom: { style: "thin", color: { argb: argb(f.bottomBorder!) } } };
    });
  }
}

function applyConditional(ws: ExcelJS.Worksheet, cf: ConditionalFormat): void {
  const ref = rangeAddress(cf.area.row, cf.area.column, cf.area.rows, cf.area.columns);
  if (cf.type === "colorScale") {
    const cfvo: { type: string; value?: number }[] = cf.mid
      ? [{ type: "min" }, { type: "percentile", value: 50 }, { type: "max" }]
      : [{ type: "min" }, { type: "max" }];
    const color = (cf.mid ? [cf.low, cf.mid, cf.high] : [cf.low, cf.high]).map((c) => ({ argb: argb(c) }));
    ws.addConditionalFormatting({ ref, rules: [{ type: "colorScale", priority: 1, cfvo, color } as ExcelJS.ConditionalFormattingRule] });
  } else {
    ws.addConditionalFormatting({
      ref,
      rules: [{ type: "dataBar", priority: 1, cfvo: [{ type: "min" }, { type: "max" }], color: { argb: argb(cf.color) }, gradient: false } as unknown as ExcelJS.ConditionalFormattingRule],
    });
  }
}

/** Characters a number takes in a format (roughly as Excel shows it: separators, decimals, %). */
function shownLength(v: number, format: string | undefined): number {
  if (format && /[yd]/i.test(format) && !/[#0]/.test(format)) return format.length;
  const percent = format?.includes("%") ?? false;
  const decimals = format ? (/\.(0+)/.exec(format)?.[1].length ?? 0) : Math.min(9, (String(v).split(".")[1] ?? "").length);
  const x = percent ? v * 100 : v;
  const text = x.toLocaleString("en-US", { minimumFractionDigits: decimals, maximumFractionDigits: decimals, useGrouping: format?.includes(",") ?? false });
  return text.length + (percent ? 1 : 0);
}

/**
 * Widens the columns the plan leaves at the default width so that their numbers and dates show:
 * Excel shows ### for a number wider than its column (text may run into empty neighbours, numbers
 * may not). Columns with a width in the plan keep it.
 */
function fitNumberColumns(ws: ExcelJS.Worksheet, plan: WritablePlan): void {
  const widest = new Map<number, number>();
  ws.eachRow((row) => {
    row.eachCell((cell, column) => {
      if (plan.columnWidths[column] !== undefined) return;
      const v = cell.value;
      const n = typeof v === "number" ? v : v && typeof v === "object" && "result" in v && typeof v.result === "number" ? v.result : undefined;
      if (n === undefined || !Number.isFinite(n)) return;
      widest.set(column, Math.max(widest.get(column) ?? 0, shownLength(n, typeof cell.numFmt === "string" ? cell.numFmt : undefined)));
    });
  });
  for (const [column, chars] of widest) {
    // 8.43 characters is Excel's default width; a little room for padding and bold text.
    if (chars + 2 > 8.43) ws.getColumn(column).width = Math.min(40, chars + 2);
  }
}

/**
 * Gives rows with wrapped text the height of their lines (estimated from the text's length, the font
 * size and the column width): LibreOffice keeps a file's 15-point rows, so wrapped notes would overlap.
 */
function fitWrappedRows(ws: ExcelJS.Worksheet, plan: WritablePlan): void {
  for (const f of plan.formats) {
    if (!f.wrapText) continue;
    for (let r = f.area.row; r < f.area.row + f.area.rows && r <= ws.rowCount; r++) {
      const row = ws.getRow(r);
      let height = row.height ?? 15;
      for (let c = f.area.column; c < f.area.column + f.area.columns; c++) {
        const cell = row.getCell(c);
        if (typeof cell.value !== "string" || cell.value === "") continue;
        const size = cell.font?.size ?? 11;
        const width = ws.getColumn(c).width ?? 8.43;
        const lines = Math.ceil((cell.value.length * (size / 11) * 1.1) / Math.max(1, width));
        height = Math.max(height, Math.ceil(lines * size * 1.4));
      }
      if (height > (row.height ?? 15)) row.height = height;
    }
  }
}

interface SheetExtras {
  readonly dynamic: Set<string>;
  readonly numeric: (a: Area) => boolean;
  readonly charts: SheetPlan["charts"];
  readonly name: string;
}

/** Writes the sheets to an .xlsx package in memory. */
export async function writeWorkbook(sheets: readonly WorkbookSheet[], options: WorkbookOptions = {}): Promise<{ buffer: Buffer; stats: WriteStats }> {
  const wb = new ExcelJS.Workbook();
  wb.creator = "clv (CLV for Excel)";
  wb.created = new Date(0);
  wb.modified = new Date(0);
  if (options.recalculateOnOpen) wb.calcProperties.fullCalcOnLoad = true;
  let formulas = 0;
  let dynamicArrays = 0;
  let uncached = 0;
  let charts = 0;
  let cells = 0;
  const extras: SheetExtras[] = [];
  const takenTables = new Set<string>();

  for (const sheet of sheets) {
    const { plan } = sheet;
    const ws = wb.addWorksheet(plan.name, {
      properties: plan.tabColor ? { tabColor: { argb: argb(plan.tabColor) } } : undefined,
      views: plan.freeze && (plan.freeze.rows > 0 || plan.freeze.columns > 0) ? [{ state: "frozen", xSplit: plan.freeze.columns, ySplit: plan.freeze.rows }] : undefined,
    });
    const cache = sheet.cached ? gridOf(sheet.cached) : undefined;
    const dynamic = new Set<string>();

    for (const w of plan.writes) {
      for (let i = 0; i < w.cells.length; i++) {
        const row = ws.getRow(w.row + i);
        const line = w.cells[i];
        for (let j = 0; j < line.length; j++) {
          const v = line[j];
          const r = w.row + i;
          const c = w.column + j;
          cells++;
          if (w.kind === "values" || !isFormula(v)) {
            const p = plain(v);
            if (p !== null) row.getCell(c).value = p;
            continue;
          }
          formulas++;
          const f = fileFormula(v);
          const spill = w.spill && w.cells.length === 1 && line.length === 1 ? w.spill : undefined;
          const cached = cache?.get(key(r, c));
          if (cache && cached === undefined) uncached++;
          const value: ExcelJS.CellFormulaValue = { formula: f.text, date1904: false } as ExcelJS.CellFormulaValue;
          const res = result(cached);
          if (res !== undefined) (value as { result?: unknown }).result = res;
          if (f.dynamic || spill) {
            const ref = spill ? rangeAddress(r, c, spill.rows, spill.columns) : cellAddress(r, c);
            Object.assign(value, { shareType: "array", ref });
            dynamic.add(cellAddress(r, c));
            dynamicArrays++;
          }
          row.getCell(c).value = value;
          if (spill && cache) {
            // The rest of the spill holds the cached values as plain cells, as Excel stores a spill.
            for (let a = 0; a < spill.rows; a++) {
              const srow = ws.getRow(r + a);
              for (let b = 0; b < spill.columns; b++) {
                if (a === 0 && b === 0) continue;
                const p = plain(cache.get(key(r + a, c + b)));
                if (p !== null) srow.getCell(c + b).value = p;
              }
            }
          }
        }
      }
    }
    for (const f of plan.formats) applyFormat(ws, f);
    // Rows with large text get their height here: a file written without heights opens with
    // 15-point rows in LibreOffice (Excel fits them when it recalculates the layout).
    const tallest = new Map<number, number>();
    for (const f of plan.formats) {
      if (f.fontSize === undefined || f.fontSize <= 11) continue;
      for (let r = f.area.row; r < f.area.row + f.area.rows; r++) tallest.set(r, Math.max(tallest.get(r) ?? 0, f.fontSize));
    }
    for (const [r, size] of tallest) ws.getRow(r).height = Math.ceil(size * 1.5);
    for (const [column, points] of Object.entries(plan.columnWidths)) ws.getColumn(Number(column)).width = widthInCharacters(points);
    fitNumberColumns(ws, plan);
    fitWrappedRows(ws, plan);
    for (const cf of plan.conditionalFormats) applyConditional(ws, cf);
    for (const t of plan.tables) {
      const a = t.area;
      const header: string[] = [];
      const rows: (string | number | boolean | null)[][] = [];
      for (let c = a.column; c < a.column + a.columns; c++) header.push(String(ws.getRow(a.row).getCell(c).value ?? `Column ${c}`));
      for (let r = a.row + 1; r < a.row + a.rows; r++) {
        const line: (string | number | boolean | null)[] = [];
        for (let c = a.column; c < a.column + a.columns; c++) {
          const v = ws.getRow(r).getCell(c).value;
          line.push(typeof v === "string" || typeof v === "number" || typeof v === "boolean" ? v : null);
        }
        rows.push(line);
      }
      ws.addTable({
        name: uniqueTableName(t.name, takenTables),
        ref: cellAddress(a.row, a.column),
        headerRow: true,
        style: { theme: t.style as ExcelJS.TableStyleProperties["theme"], showRowStripes: true },
        columns: header.map((name) => ({ name, filterButton: true })),
        rows,
      });
    }
    if (sheet.printArea) {
      // ExcelJS writes "$" before each side of "A$1:F$45", giving the absolute $A$1:$F$45.
      ws.pageSetup.printArea = sheet.printArea;
      ws.pageSetup.fitToPage = true;
      ws.pageSetup.fitToWidth = 1;
      ws.pageSetup.fitToHeight = 1;
      ws.pageSetup.orientation = "landscape";
    }
    charts += plan.charts.length;
    const values = cache ?? gridOf(plan);
    const numeric = (a: Area): boolean => typeof values.get(key(a.row, a.column)) === "number";
    extras.push({ dynamic, numeric, charts: plan.charts, name: plan.name });
  }
  if (options.activeSheet) {
    const index = sheets.findIndex((s) => s.plan.name === options.activeSheet);
    if (index >= 0) {
      wb.views = [{ x: 0, y: 0, width: 20000, height: 12000, firstSheet: 0, activeTab: index, visibility: "visible" }];
      wb.worksheets.forEach((ws, i) => {
        const views = ws.views?.length ? ws.views : [{}];
        ws.views = views.map((v) => ({ ...v, tabSelected: i === index })) as ExcelJS.WorksheetView[];
      });
    }
  }
  const raw = Buffer.from(await wb.xlsx.writeBuffer());
  const buffer = await finishPackage(raw, extras);
  return { buffer, stats: { formulas, dynamicArrays, uncached, charts, cells } };
}

/** Cell metadata declaring block 1 as a dynamic array ([MS-XLSX] XLDAPR, as Excel writes it). */
const METADATA_XML =
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
  `<metadata xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:xda="http://schemas.microsoft.com/office/spreadsheetml/2017/dynamicarray">` +
  `<metadataTypes count="1"><metadataType name="XLDAPR" minSupportedVersion="120000" copy="1" pasteAll="1" pasteValues="1" merge="1" splitFirst="1" rowColShift="1" clearFormats="1" clearComments="1" assign="1" coerce="1" cellMeta="1"/></metadataTypes>` +
  `<futureMetadata name="XLDAPR" count="1"><bk><extLst><ext uri="{bdbb8cdc-fa1e-496e-a857-3c3f30c029c3}"><xda:dynamicArrayProperties fDynamic="1" fCollapsed="0"/></ext></extLst></bk></futureMetadata>` +
  `<cellMetadata count="1"><bk><rc t="1" v="0"/></bk></cellMetadata></metadata>`;

const REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships";

function addOverride(types: string, part: string, contentType: string): string {
  if (types.includes(`PartName="${part}"`)) return types;
  return types.replace("</Types>", `<Override PartName="${part}" ContentType="${contentType}"/></Types>`);
}

function addRelationship(rels: string | undefined, id: string, type: string, target: string): string {
  const base = rels ?? `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${REL_NS}"></Relationships>`;
  return base.replace("</Relationships>", `<Relationship Id="${id}" Type="${type}" Target="${target}"/></Relationships>`);
}

/** Where a worksheet element must go: before the first of these (CT_Worksheet's sequence). */
const AFTER_DRAWING = ["<legacyDrawing", "<legacyDrawingHF", "<picture", "<oleObjects", "<controls", "<webPublishItems", "<tableParts", "<extLst", "</worksheet>"];

function insertDrawing(sheetXml: string, relId: string): string {
  // Search after the cell data and the conditional formats (a data bar's rule holds an <extLst> of its own).
  const from = Math.max(sheetXml.lastIndexOf("</sheetData>"), sheetXml.lastIndexOf("</conditionalFormatting>"));
  let at = -1;
  for (const tag of AFTER_DRAWING) {
    const i = sheetXml.indexOf(tag, from);
    if (i >= 0 && (at < 0 || i < at)) at = i;
  }
  let xml = sheetXml.slice(0, at) + `<drawing r:id="${relId}"/>` + sheetXml.slice(at);
  if (!/<worksheet[^>]*xmlns:r=/.test(xml)) xml = xml.replace("<worksheet ", `<worksheet xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" `);
  return xml;
}

async function finishPackage(raw: Buffer, extras: readonly SheetExtras[]): Promise<Buffer> {
  const zip = await JSZip.loadAsync(raw);
  let types = await zip.file("[Content_Types].xml")!.async("string");
  let anyDynamic = false;
  let chartNumber = 0;
  let drawingNumber = 0;
  for (let s = 0; s < extras.length; s++) {
    const e = extras[s];
    const part = `xl/worksheets/sheet${s + 1}.xml`;
    const file = zip.file(part);
    if (!file) throw new Error(`the package has no ${part} for sheet '${e.name}'`);
    let xml = await file.async("string");
    if (e.dynamic.size > 0) {
      anyDynamic = true;
      xml = xml.replace(/<c r="([A-Z]+[0-9]+)"/g, (m, address: string) => (e.dynamic.has(address) ? `${m} cm="1"` : m));
    }
    if (e.charts.length > 0) {
      drawingNumber++;
      const numbers: number[] = [];
      for (const spec of e.charts) {
        chartNumber++;
        numbers.push(chartNumber);
        zip.file(`xl/charts/chart${chartNumber}.xml`, chartXml(spec, e.name, e.numeric));
        types = addOverride(types, `/xl/charts/chart${chartNumber}.xml`, CHART_CONTENT_TYPE);
      }
      zip.file(`xl/drawings/drawing${drawingNumber}.xml`, drawingXml(e.charts));
      zip.file(`xl/drawings/_rels/drawing${drawingNumber}.xml.rels`, drawingRelsXml(numbers));
      types = addOverride(types, `/xl/drawings/drawing${drawingNumber}.xml`, DRAWING_CONTENT_TYPE);
      const relsPath = `xl/worksheets/_rels/sheet${s + 1}.xml.rels`;
      const rels = await zip.file(relsPath)?.async("string");
      const relId = "rIdClvDrawing1";
      zip.file(relsPath, addRelationship(rels, relId, DRAWING_REL_TYPE, `../drawings/drawing${drawingNumber}.xml`));
      xml = insertDrawing(xml, relId);
    }
    zip.file(part, xml);
  }
  if (anyDynamic) {
    zip.file("xl/metadata.xml", METADATA_XML);
    types = addOverride(types, "/xl/metadata.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheetMetadata+xml");
    const wbRels = await zip.file("xl/_rels/workbook.xml.rels")!.async("string");
    zip.file("xl/_rels/workbook.xml.rels", addRelationship(wbRels, "rIdClvMetadata", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sheetMetadata", "metadata.xml"));
  }
  zip.file("[Content_Types].xml", types);
  return zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE", compressionOptions: { level: 6 } });
}
