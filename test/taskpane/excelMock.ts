/**
 * A small Excel object model built from office-addin-mock's `OfficeMockObject`, enough for the task
 * pane's renderer and reader. Every object is an OfficeMockObject, so reading a property that was not
 * loaded and synced fails as it would in Excel ("Error, property was not loaded"). Objects created by
 * method calls (ranges, charts, ...) are recorded so tests can inspect what was written, and
 * `context.sync()` counts round trips.
 *
 * It enforces what Excel enforces (docs/excel-behaviour.md lists each rule, its source and what only
 * real Excel can confirm): the grid of 1,048,576 rows × 16,384 columns; sheet names of 1-31 characters
 * without : \ / ? * [ ] and not "History"; written arrays of the range's shape; formulas in en-US syntax
 * (comma separators); the 5 MB request and response payloads of Excel on the web; a multi-area
 * selection refused by getSelectedRange (InvalidSelection); and Excel.ChartSeriesBy: a chart added
 * from a range gets one series per column ("Columns") or per row ("Rows"); "Auto" guesses from the
 * shape on desktop and means "Columns" on the web.
 */
import { OfficeMockObject } from "office-addin-mock";

export interface RangeRecord {
  sheet: string;
  row: number; // 0-based
  column: number;
  rows: number;
  columns: number;
  mock: any;
  /** what the code wrote to this range (on sheets the add-in created) */
  writes?: Partial<Record<"values" | "formulas" | "numberFormat", unknown[][]>>;
}

export interface SeriesRecord {
  /** the name Excel gives the series at creation (SeriesN); the name set later is `mock.name` */
  name: string;
  values?: RangeRecord;
  xValues?: RangeRecord;
  color?: string;
  mock?: any;
}

export interface ChartRecord {
  sheet: string;
  type: string;
  source: RangeRecord;
  seriesBy: string;
  mock: any;
  series: SeriesRecord[];
  position?: [RangeRecord, RangeRecord];
}

/** A chart's series as Excel would draw them: the name finally set, the value cells and the number of points. */
export function drawnSeries(chart: ChartRecord): { name: string; values: RangeRecord; xValues?: RangeRecord; points: number }[] {
  return chart.series.map((s) => ({ name: s.mock?.name ?? s.name, values: s.values!, xValues: s.xValues, points: s.values ? s.values.rows * s.values.columns : 0 }));
}

export interface ConditionalRecord {
  range: RangeRecord;
  type: string;
  mock: any;
}

export interface TableRecord {
  range: RangeRecord;
  hasHeaders: boolean;
  mock: any;
}

export interface SheetRecord {
  name: string;
  mock: any;
  deleted: boolean;
  activated: boolean;
  frozenRows?: number;
  frozenAt?: RangeRecord;
}

/** Cell values of a sheet for the reader: rows of values starting at A1. */
export type SheetCells = Record<string, unknown[][]>;

export interface ExcelMock {
  context: any;
  syncs: () => number;
  ranges: RangeRecord[];
  charts: ChartRecord[];
  conditionals: ConditionalRecord[];
  tables: TableRecord[];
  sheets: SheetRecord[];
  /** the sheet names currently in the workbook */
  sheetNames: () => string[];
  /** what a recorded range write put in a sheet, as one grid (formulas and values merged) */
  grid: (sheet: string) => Map<string, unknown>;
  /** ranges whose property `prop` (e.g. "numberFormat") was set */
  written: (sheet: string, prop: "values" | "formulas" | "numberFormat") => RangeRecord[];
  options: MockOptions;
}

export interface MockOptions {
  sheets?: string[];
  tables?: string[];
  /** contents of existing sheets, for reads */
  cells?: SheetCells;
  /** the selection: sheet, 0-based row/column and size */
  selection?: { sheet: string; row: number; column: number; rows: number; columns: number };
  /** a table the selection lies in */
  selectionTable?: { name: string; row: number; column: number; rows: number; columns: number; showHeaders?: boolean; showTotals?: boolean };
  /** make the n-th sync (1-based) fail with this error */
  failOnSync?: { at: number; error: Error };
  /** the selection has several areas (Ctrl+click): getSelectedRange fails with InvalidSelection */
  multiAreaSelection?: boolean;
  /** where charts are made: "Auto" series orientation differs (desktop guesses, web means columns) */
  platform?: "desktop" | "web";
  /** whether the workbook has dynamic arrays (Excel 365/2021+): an array formula spills or not */
  dynamicArrays?: boolean;
}

function a1(row: number, column: number): string {
  let n = column + 1;
  let s = "";
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return `${s}${row + 1}`;
}

/** Excel's grid (Excel specifications and limits). */
export const MAX_ROWS = 1_048_576;
export const MAX_COLUMNS = 16_384;
/** Excel on the web's request and response payload limit (resource-limits-and-performance-optimization.md). */
export const PAYLOAD_LIMIT_BYTES = 5 * 1024 * 1024;

export function officeError(code: string, message: string): Error {
  const err: any = new Error(message);
  err.name = "RichApi.Error";
  err.code = code;
  return err;
}

/** Why Excel refuses a worksheet name, or undefined when it accepts it. */
export function sheetNameRefusal(name: string): string | undefined {
  if (name.length === 0 || name.length > 31) return "a sheet name has 1 to 31 characters";
  if (/[:\\/?*[\]]/.test(name)) return "a sheet name cannot contain : \\ / ? * [ ]";
  if (name.startsWith("'") || name.endsWith("'")) return "a sheet name cannot begin or end with an apostrophe";
  if (name.toLowerCase() === "history") return "History is a reserved sheet name";
  return undefined;
}

/**
 * Why a formula is not en-US A1 syntax as Office.js `Range.formulas` expects, or undefined. The rule
 * checked is the list separator: en-US separates arguments with commas; a semicolon is only a row
 * separator inside an array constant `{1;2}` (strings and quoted sheet names are skipped).
 */
export function formulaSyntaxRefusal(formula: string): string | undefined {
  if (!formula.startsWith("=")) return undefined;
  let inString = false;
  let inSheet = false;
  let braces = 0;
  for (let i = 1; i < formula.length; i++) {
    const ch = formula[i];
    if (inString) {
      if (ch === '"') inString = formula[i + 1] === '"' ? (i++, true) : false;
      continue;
    }
    if (inSheet) {
      if (ch === "'") inSheet = formula[i + 1] === "'" ? (i++, true) : false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === "'") inSheet = true;
    else if (ch === "{") braces++;
    else if (ch === "}") braces--;
    else if (ch === ";" && braces === 0) return `a semicolon outside an array constant (en-US separates arguments with commas): ${formula}`;
  }
  if (inString) return `an unterminated string: ${formula}`;
  return undefined;
}

/** The JSON size of a 2-D array of cells, as a rough measure of what travels in a request or response. */
export function jsonBytes(cells: unknown): number {
  return JSON.stringify(cells ?? null).length;
}

export function createExcelMock(options: MockOptions = {}): ExcelMock {
  const created: any[] = [];
  const ranges: RangeRecord[] = [];
  const charts: ChartRecord[] = [];
  const conditionals: ConditionalRecord[] = [];
  const tables: TableRecord[] = [];
  const sheets: SheetRecord[] = [];
  const names = [...(options.sheets ?? ["Data"])];
  const tableNames = [...(options.tables ?? [])];
  let syncs = 0;
  /** bytes written since the last sync (the request Excel on the web receives) */
  let requestBytes = 0;
  /** ranges whose values were loaded since the last sync (the response) */
  let pendingLoads: RangeRecord[] = [];
  /** cells the add-in wrote on sheets it created, "row,column" -> value as Excel shows it */
  const written = new Map<string, Map<string, unknown>>();

  /** What Excel shows in a cell after a write: an array constant spills only with dynamic arrays. */
  const store = (record: RangeRecord, prop: "values" | "formulas", cells: unknown[][]): void => {
    let grid = written.get(record.sheet);
    if (!grid) written.set(record.sheet, (grid = new Map()));
    cells.forEach((line, i) =>
      line.forEach((v, j) => {
        const r = record.row + i;
        const c = record.column + j;
        const constant = prop === "formulas" && typeof v === "string" ? /^=\{([^{}"]*)\}$/.exec(v) : null;
        if (!constant) {
          grid!.set(`${r},${c}`, v);
          return;
        }
        const rowsOf = constant[1].split(";").map((line2) => line2.split(",").map((t) => Number(t)));
        rowsOf.forEach((cellsOfRow, di) =>
          cellsOfRow.forEach((x, dj) => {
            // Without dynamic arrays a one-cell array formula shows only its first element.
            if ((di > 0 || dj > 0) && options.dynamicArrays === false) return;
            grid!.set(`${r + di},${c + dj}`, x);
          }),
        );
      }),
    );
  };

  const track = <T>(m: T): T => {
    created.push(m);
    return m;
  };

  const cellsOf = (sheet: string, row: number, column: number, rows: number, columns: number): unknown[][] => {
    const data = options.cells?.[sheet] ?? [];
    return Array.from({ length: rows }, (_, i) => Array.from({ length: columns }, (_, j) => data[row + i]?.[column + j] ?? ""));
  };

  /** The block of a sheet's cells from A1 (the mock's idea of the used range and current region). */
  const used = (sheet: string): any => {
    const data = options.cells?.[sheet] ?? [];
    const width = data.reduce((w: number, r: unknown[]) => Math.max(w, r.length), 1);
    return makeRange(sheet, 0, 0, Math.max(1, data.length), width);
  };

  const makeRange = (sheet: string, row: number, column: number, rows: number, columns: number): any => {
    if (!(row >= 0 && column >= 0 && rows >= 1 && columns >= 1 && row + rows <= MAX_ROWS && column + columns <= MAX_COLUMNS)) {
      throw officeError("InvalidArgument", `The range (${rows} × ${columns} at row ${row + 1}, column ${column + 1}) lies outside the grid of ${MAX_ROWS.toLocaleString("en-US")} rows × ${MAX_COLUMNS.toLocaleString("en-US")} columns`);
    }
    const record: RangeRecord = { sheet, row, column, rows, columns, mock: undefined };
    const borders: Record<string, any> = {};
    // Only ranges of existing sheets (options.cells) hold values to read; on new sheets `values`,
    // `formulas` and `numberFormat` stay undefined until the renderer sets them.
    const readable = options.cells?.[sheet] !== undefined ? { values: cellsOf(sheet, row, column, rows, columns) } : {};
    const mock: any = track(
      new OfficeMockObject({
        ...readable,
        address: `${sheet}!${a1(row, column)}:${a1(row + rows - 1, column + columns - 1)}`,
        rowIndex: row,
        columnIndex: column,
        rowCount: rows,
        columnCount: columns,
        cellCount: rows * columns,
        isNullObject: false,
        format: {
          font: { bold: false, italic: false, size: 11, color: "#000000" },
          fill: { color: "#FFFFFF" },
          horizontalAlignment: "General",
          wrapText: false,
          columnWidth: 48,
          borders: {
            getItem: (edge: string) => {
              borders[edge] ??= track(new OfficeMockObject({ style: "None", color: "#000000" }));
              return borders[edge];
            },
          },
        },
        conditionalFormats: {
          add: (type: string) => {
            const cf = track(
              new OfficeMockObject({
                type,
                colorScale: { criteria: undefined },
                dataBar: { positiveFormat: { fillColor: "", gradientFill: true } },
              }),
            );
            conditionals.push({ range: record, type, mock: cf });
            return cf;
          },
        },
        worksheet: { name: sheet },
        getSurroundingRegion: () => used(sheet),
        getIntersectionOrNullObject: (other: any) => {
          const o = ranges.find((x) => x.mock === other)!;
          const r0 = Math.max(row, o.row);
          const c0 = Math.max(column, o.column);
          const r1 = Math.min(row + rows, o.row + o.rows);
          const c1 = Math.min(column + columns, o.column + o.columns);
          const hit = makeRange(sheet, r0, c0, Math.max(1, r1 - r0), Math.max(1, c1 - c0));
          if (r1 <= r0 || c1 <= c0) hit.isNullObject = true;
          return hit;
        },
        getTables: () => {
          const t = options.selectionTable;
          const items = t
            ? [
                track(
                  new OfficeMockObject({
                    name: t.name,
                    showHeaders: t.showHeaders ?? true,
                    showTotals: t.showTotals ?? false,
                    getRange: () => makeRange(sheet, t.row, t.column, t.rows, t.columns),
                  }),
                ),
              ]
            : [];
          const collection: any = track(new OfficeMockObject({ items: [] }));
          // A collection's `items` is readable after load + sync, as in Excel.
          collection.load = () => {
            collection.items = items;
            return collection;
          };
          return collection;
        },
      }),
    );
    // Reads of values are counted against the response limit at the next sync.
    const load = mock.load.bind(mock);
    mock.load = (arg?: unknown) => {
      const props = typeof arg === "string" ? arg : Array.isArray(arg) ? arg.join(",") : "";
      if (/(^|,)\s*values\s*(,|$)/.test(props)) {
        pendingLoads.push(record);
        if (!readable.values) {
          // A range on a sheet the add-in created: it reads what the add-in wrote there.
          const grid = written.get(sheet);
          const cells = Array.from({ length: rows }, (_, i) => Array.from({ length: columns }, (_, j) => grid?.get(`${row + i},${column + j}`) ?? ""));
          Object.defineProperty(mock, "values", { get: () => record.writes?.values ?? cells, set: (v) => write("values", v), configurable: true });
          return mock;
        }
      }
      return load(arg);
    };
    // Writes on sheets the add-in created are checked as Excel checks them: the array must have the
    // range's shape, formulas must be en-US syntax, and everything counts against the request limit.
    const write = (prop: "values" | "formulas" | "numberFormat", v: unknown): void => {
      if (!Array.isArray(v) || v.length !== rows || v.some((line) => !Array.isArray(line) || line.length !== columns)) {
        throw officeError("InvalidArgument", `The ${prop} array does not match the range's ${rows} × ${columns} cells`);
      }
      if (prop === "formulas") {
        for (const line of v as unknown[][]) {
          for (const f of line) {
            const refusal = typeof f === "string" ? formulaSyntaxRefusal(f) : undefined;
            if (refusal) throw officeError("InvalidArgument", `Excel does not accept the formula: ${refusal}`);
          }
        }
      }
      record.writes = { ...record.writes, [prop]: v };
      requestBytes += jsonBytes(v);
      if (prop !== "numberFormat") store(record, prop, v as unknown[][]);
    };
    if (!readable.values) {
      for (const prop of ["values", "formulas", "numberFormat"] as const) {
        Object.defineProperty(mock, prop, { get: () => record.writes?.[prop], set: (v) => write(prop, v), configurable: true });
      }
    }
    // The worksheet navigation property must offer getRangeByIndexes for reads of the same sheet.
    mock.worksheet.getRangeByIndexes = (r: number, c: number, nr: number, nc: number) => makeRange(sheet, r, c, nr, nc);
    mock.worksheet.getUsedRange = () => used(sheet);
    record.mock = mock;
    ranges.push(record);
    return mock;
  };

  const makeSheet = (name: string): any => {
    const record: SheetRecord = { name, mock: undefined, deleted: false, activated: false };
    const mock: any = track(
      new OfficeMockObject({
        name,
        tabColor: "",
        getRangeByIndexes: (r: number, c: number, nr: number, nc: number) => makeRange(name, r, c, nr, nc),
        getRange: () => makeRange(name, 0, 0, 1, 1),
        delete: () => {
          record.deleted = true;
          const i = names.findIndex((n) => n.toLowerCase() === name.toLowerCase());
          if (i >= 0) names.splice(i, 1);
        },
        activate: () => {
          record.activated = true;
        },
        freezePanes: {
          freezeRows: (n: number) => {
            record.frozenRows = n;
          },
          freezeAt: (range: any) => {
            record.frozenAt = ranges.find((x) => x.mock === range);
          },
        },
        tables: {
          add: (range: any, hasHeaders: boolean) => {
            const t = track(new OfficeMockObject({ name: "", style: "" }));
            tables.push({ range: ranges.find((x) => x.mock === range)!, hasHeaders, mock: t });
            return t;
          },
        },
        charts: {
          add: (type: string, source: any, seriesBy: string) => {
            const src = ranges.find((x) => x.mock === source)!;
            const rec: ChartRecord = { sheet: name, type, source: src, seriesBy, mock: undefined, series: [] };
            const makeSeries = (entry: SeriesRecord): any => {
              entry.mock = track(
                new OfficeMockObject({
                  format: {
                    fill: {
                      setSolidColor: (c: string) => {
                        entry.color = c;
                      },
                    },
                    line: { color: "" },
                  },
                  setValues: (r: any) => {
                    const values = ranges.find((x) => x.mock === r)!;
                    // Excel: "References for ... values ... must be a single cell, row, or column."
                    if (values.rows > 1 && values.columns > 1) throw officeError("InvalidArgument", "A series' values must be a single row or column");
                    entry.values = values;
                  },
                  setXAxisValues: (r: any) => {
                    entry.xValues = ranges.find((x) => x.mock === r);
                  },
                }),
              );
              // The name is readable without a load (the renderer sets it; tests read what was set).
              entry.mock.name = entry.name;
              return entry.mock;
            };
            // Excel.ChartSeriesBy: one series per column or per row of the source; "Auto" guesses from the
            // shape on desktop (more rows than columns: series in columns) and means "Columns" on the web.
            if (!["Auto", "Columns", "Rows"].includes(seriesBy)) throw officeError("InvalidArgument", `seriesBy must be Auto, Columns or Rows, not ${seriesBy}`);
            const by = seriesBy === "Auto" ? (options.platform === "web" || src.rows >= src.columns ? "Columns" : "Rows") : seriesBy;
            const seriesMocks: any[] = [];
            const count = by === "Columns" ? src.columns : src.rows;
            for (let k = 0; k < count; k++) {
              const entry: SeriesRecord = { name: `Series${k + 1}` };
              entry.values = by === "Columns" ? { ...src, column: src.column + k, columns: 1 } : { ...src, row: src.row + k, rows: 1 };
              rec.series.push(entry);
              seriesMocks.push(makeSeries(entry));
            }
            const chart = track(
              new OfficeMockObject({
                title: { text: "", visible: true },
                legend: { visible: true, position: "Right" },
                axes: {
                  categoryAxis: { title: { text: "", visible: false }, reversePlotOrder: false, numberFormat: "General" },
                  valueAxis: { title: { text: "", visible: false }, numberFormat: "General" },
                },
                series: {
                  getItemAt: (i: number) => {
                    if (!seriesMocks[i]) throw officeError("ItemNotFound", `The chart has no series at index ${i}`);
                    return seriesMocks[i];
                  },
                  add: (seriesName: string) => {
                    const entry: SeriesRecord = { name: seriesName };
                    rec.series.push(entry);
                    const m = makeSeries(entry);
                    seriesMocks.push(m);
                    return m;
                  },
                },
                setPosition: (a: any, b: any) => {
                  rec.position = [ranges.find((x) => x.mock === a)!, ranges.find((x) => x.mock === b)!];
                },
              }),
            );
            rec.mock = chart;
            (rec as any).seriesMocks = seriesMocks;
            charts.push(rec);
            return chart;
          },
        },
      }),
    );
    record.mock = mock;
    sheets.push(record);
    return mock;
  };

  const worksheets = track(
    new OfficeMockObject({
      items: [],
      load: () => {
        worksheets.items = names.map((n) => ({ name: n }));
      },
      getItem: (name: string) => {
        if (!names.some((n) => n.toLowerCase() === name.toLowerCase())) throw new Error(`ItemNotFound: ${name}`);
        return sheets.find((s) => s.name === name && !s.deleted)?.mock ?? makeSheet(name);
      },
      add: (name: string) => {
        const refusal = sheetNameRefusal(name);
        if (refusal) throw officeError("InvalidArgument", `Excel refuses the sheet name "${name}": ${refusal}`);
        if (names.some((n) => n.toLowerCase() === name.toLowerCase())) {
          const err: any = new Error(`A sheet named ${name} already exists`);
          err.code = "ItemAlreadyExists";
          throw err;
        }
        names.push(name);
        return makeSheet(name);
      },
    }),
  );
  const workbookTables = track(
    new OfficeMockObject({
      items: [],
      load: () => {
        workbookTables.items = tableNames.map((n) => ({ name: n }));
      },
    }),
  );

  const context: any = new OfficeMockObject({
    workbook: {
      worksheets: {},
      tables: {},
      getSelectedRange: () => {
        // Excel: "If multiple ranges are selected, this method will throw an error" (InvalidSelection).
        if (options.multiAreaSelection) throw officeError("InvalidSelection", "The current selection is invalid for this operation.");
        const s = options.selection ?? { sheet: "Data", row: 0, column: 0, rows: 1, columns: 1 };
        return makeRange(s.sheet, s.row, s.column, s.rows, s.columns);
      },
    },
    sync: async () => {
      syncs++;
      if (options.failOnSync && options.failOnSync.at === syncs) throw options.failOnSync.error;
      const request = requestBytes;
      const loads = pendingLoads;
      requestBytes = 0;
      pendingLoads = [];
      if (request > PAYLOAD_LIMIT_BYTES) throw officeError("RequestPayloadSizeLimitExceeded", `The request payload (${request} bytes) exceeds the limit.`);
      for (const m of created) await m.sync();
      let response = 0;
      for (const r of loads) {
        if (r.rows * r.columns > 5_000_000) throw officeError("ResponsePayloadSizeLimitExceeded", "A range read is limited to 5,000,000 cells.");
        response += jsonBytes(r.mock.values);
      }
      if (response > PAYLOAD_LIMIT_BYTES) throw officeError("ResponsePayloadSizeLimitExceeded", `The response payload (${response} bytes) exceeds the limit.`);
    },
  });
  context.workbook.worksheets = worksheets;
  context.workbook.tables = workbookTables;

  const grid = (sheet: string): Map<string, unknown> => {
    const out = new Map<string, unknown>();
    for (const r of ranges) {
      if (r.sheet !== sheet) continue;
      for (const prop of ["values", "formulas"] as const) {
        const v = r.writes?.[prop];
        if (!Array.isArray(v)) continue;
        v.forEach((row: unknown[], i: number) => row.forEach((cell, j) => out.set(a1(r.row + i, r.column + j), cell)));
      }
    }
    return out;
  };

  return {
    context,
    syncs: () => syncs,
    ranges,
    charts,
    conditionals,
    tables,
    sheets,
    sheetNames: () => [...names],
    grid,
    written: (sheet, prop) => ranges.filter((r) => r.sheet === sheet && Array.isArray(r.writes?.[prop])),
    options,
  };
}

