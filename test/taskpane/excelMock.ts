/**
 * A small Excel object model built from office-addin-mock's `OfficeMockObject`, enough for the task
 * pane's renderer and reader. Every object is an OfficeMockObject, so reading a property that was not
 * loaded and synced fails as it would in Excel ("Error, property was not loaded"). Objects created by
 * method calls (ranges, charts, ...) are recorded so tests can inspect what was written, and
 * `context.sync()` counts round trips.
 */
import { OfficeMockObject } from "office-addin-mock";

export interface RangeRecord {
  sheet: string;
  row: number; // 0-based
  column: number;
  rows: number;
  columns: number;
  mock: any;
}

export interface ChartRecord {
  sheet: string;
  type: string;
  source: RangeRecord;
  seriesBy: string;
  mock: any;
  series: { name: string; values?: RangeRecord; xValues?: RangeRecord; color?: string }[];
  position?: [RangeRecord, RangeRecord];
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
  selectionTable?: { name: string; row: number; column: number; rows: number; columns: number; showHeaders?: boolean };
  /** make the n-th sync (1-based) fail with this error */
  failOnSync?: { at: number; error: Error };
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
    const width = Math.max(1, ...data.map((r) => r.length));
    return makeRange(sheet, 0, 0, Math.max(1, data.length), width);
  };

  const makeRange = (sheet: string, row: number, column: number, rows: number, columns: number): any => {
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
            const rec: ChartRecord = { sheet: name, type, source: ranges.find((x) => x.mock === source)!, seriesBy, mock: undefined, series: [] };
            const makeSeries = (entry: ChartRecord["series"][number]) =>
              track(
                new OfficeMockObject({
                  name: entry.name,
                  format: {
                    fill: {
                      setSolidColor: (c: string) => {
                        entry.color = c;
                      },
                    },
                    line: { color: "" },
                  },
                  setValues: (r: any) => {
                    entry.values = ranges.find((x) => x.mock === r);
                  },
                  setXAxisValues: (r: any) => {
                    entry.xValues = ranges.find((x) => x.mock === r);
                  },
                }),
              );
            const first = { name: "Series1", values: rec.source } as ChartRecord["series"][number];
            rec.series.push(first);
            const firstMock = makeSeries(first);
            const seriesMocks = [firstMock];
            const chart = track(
              new OfficeMockObject({
                title: { text: "", visible: true },
                legend: { visible: true, position: "Right" },
                axes: {
                  categoryAxis: { title: { text: "", visible: false }, reversePlotOrder: false },
                  valueAxis: { title: { text: "", visible: false }, numberFormat: "General" },
                },
                series: {
                  getItemAt: (i: number) => seriesMocks[i],
                  add: (seriesName: string) => {
                    const entry = { name: seriesName } as ChartRecord["series"][number];
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
        const s = options.selection ?? { sheet: "Data", row: 0, column: 0, rows: 1, columns: 1 };
        return makeRange(s.sheet, s.row, s.column, s.rows, s.columns);
      },
    },
    sync: async () => {
      syncs++;
      if (options.failOnSync && options.failOnSync.at === syncs) throw options.failOnSync.error;
      for (const m of created) await m.sync();
    },
  });
  context.workbook.worksheets = worksheets;
  context.workbook.tables = workbookTables;

  const grid = (sheet: string): Map<string, unknown> => {
    const out = new Map<string, unknown>();
    for (const r of ranges) {
      if (r.sheet !== sheet) continue;
      for (const prop of ["values", "formulas"] as const) {
        const v = r.mock[prop];
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
    written: (sheet, prop) => ranges.filter((r) => r.sheet === sheet && Array.isArray(r.mock[prop])),
    options,
  };
}

