/**
 * Reading the user's data through Office.js (office-addin-mock): what the selection resolves to, and
 * chunked reads that respect the cell limit per request.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { createExcelMock } from "./excelMock";
import { MULTI_AREA_MESSAGE, inspectSelection, readTransactions, sourceOf } from "../../src/taskpane/excel";
import { parseTransactions } from "../../src/taskpane/dataset";
import { Cancelled } from "../../src/runtime/scheduling";
import { serialFromIso } from "../../src/core/data/dates";

afterEach(() => {
  vi.unstubAllGlobals();
});

/** A sheet with a title row, a blank row, then headers in row 3 and 500 transactions from B3. */
function sheetCells(): unknown[][] {
  const rows: unknown[][] = [["Sales export"], []];
  rows.push(["", "Region", "Customer", "Date", "Amount", "Note"]);
  for (let i = 0; i < 500; i++) rows.push(["", i % 3 ? "North" : "South", `C${i % 97}`, serialFromIso("2024-01-01") + (i % 200), 5 + (i % 13) * 1.25, "x"]);
  return rows;
}

describe("inspectSelection", () => {
  it("reads a selected block, its first rows, and proposes headers and columns", async () => {
    const cells = sheetCells();
    const mock = createExcelMock({ cells: { Data: cells }, selection: { sheet: "Data", row: 2, column: 1, rows: 501, columns: 5 } });
    vi.stubGlobal("Excel", { run: async <T>(cb: (ctx: unknown) => Promise<T>) => cb(mock.context) });
    const info = await Excel.run((ctx) => inspectSelection(ctx));
    expect(info).toMatchObject({ sheet: "Data", top: 3, left: 2, rows: 501, columns: 5 });
    expect(info.table).toBeUndefined();
    expect(info.sample).toHaveLength(201);
    expect(info.detection.hasHeader).toBe(true);
    expect(info.detection.mapping).toMatchObject({ customer: 1, date: 2, amount: 3 });
    const source = sourceOf(info, true, info.detection.headers);
    expect(source).toMatchObject({ headerRow: 3, firstRow: 4, lastRow: 503, firstColumn: 2 });
  });

  it("uses the whole table when the selection is a cell inside an Excel table", async () => {
    const mock = createExcelMock({
      cells: { Data: sheetCells() },
      selection: { sheet: "Data", row: 10, column: 3, rows: 1, columns: 1 },
      selectionTable: { name: "Sales", row: 2, column: 1, rows: 501, columns: 5 },
    });
    const info = await inspectSelection(mock.context);
    expect(info).toMatchObject({ sheet: "Data", table: "Sales", top: 3, left: 2, rows: 501, columns: 5 });
    expect(info.detection.hasHeader).toBe(true);
  });

  it("uses the region around a single selected cell, and cuts whole columns to the used range", async () => {
    const cells = sheetCells();
    let mock = createExcelMock({ cells: { Data: cells }, selection: { sheet: "Data", row: 7, column: 2, rows: 1, columns: 1 } });
    let info = await inspectSelection(mock.context);
    expect(info).toMatchObject({ top: 1, left: 1, rows: 503, columns: 6 });

    mock = createExcelMock({ cells: { Data: cells }, selection: { sheet: "Data", row: 0, column: 2, rows: 1048576, columns: 3 } });
    info = await inspectSelection(mock.context);
    expect(info).toMatchObject({ top: 1, left: 3, rows: 503, columns: 3 });
  });

  it("leaves a table's totals row out of the data", async () => {
    // The table B3:F504 ends with a totals row (row 504): its range includes it, the data do not.
    const cells = sheetCells();
    cells.push(["", "Total", "", "", 12345, ""]);
    const mock = createExcelMock({
      cells: { Data: cells },
      selection: { sheet: "Data", row: 10, column: 3, rows: 1, columns: 1 },
      selectionTable: { name: "Sales", row: 2, column: 1, rows: 502, columns: 5, showTotals: true },
    });
    const info = await inspectSelection(mock.context);
    expect(info).toMatchObject({ table: "Sales", top: 3, rows: 501 });
    expect(sourceOf(info, true, info.detection.headers)).toMatchObject({ firstRow: 4, lastRow: 503 });
  });

  it("explains a selection of several areas instead of passing on Excel's InvalidSelection", async () => {
    const mock = createExcelMock({ cells: { Data: sheetCells() }, multiAreaSelection: true });
    await expect(inspectSelection(mock.context)).rejects.toThrow(MULTI_AREA_MESSAGE);
  });

  it("says what to do when the selection is too narrow", async () => {
    const mock = createExcelMock({ cells: { Data: sheetCells() }, selection: { sheet: "Data", row: 2, column: 2, rows: 50, columns: 2 } });
    await expect(inspectSelection(mock.context)).rejects.toThrow(/has 2 columns; transactions need at least three/);
  });
});

describe("readTransactions", () => {
  const cells = sheetCells();
  const source = { sheet: "Data", headerRow: 3, firstRow: 4, lastRow: 503, firstColumn: 1, headers: ["(A)", "Region", "Customer", "Date", "Amount", "Note"] };
  const mapping = { customer: 2, date: 3, amount: 4 };

  it("reads in chunks of at most maxCellsPerRead cells, only the mapped columns, and parses like one read", async () => {
    const mock = createExcelMock({ cells: { Data: cells } });
    const progress: number[] = [];
    const { transactions, report } = await readTransactions(mock.context, source, mapping, { maxCellsPerRead: 300, onProgress: (done) => progress.push(done) });
    const reads = mock.ranges.filter((r) => r.sheet === "Data");
    // Columns C:E only (3 wide), 100 rows per read: 5 reads and 5 syncs for 500 rows.
    expect(reads.map((r) => [r.row, r.column, r.rows, r.columns])).toEqual([
      [3, 2, 100, 3],
      [103, 2, 100, 3],
      [203, 2, 100, 3],
      [303, 2, 100, 3],
      [403, 2, 100, 3],
    ]);
    expect(mock.syncs()).toBe(5);
    expect(progress).toEqual([100, 200, 300, 400, 500]);
    const whole = parseTransactions(cells.slice(3), mapping, source.headers, 4);
    expect(report).toEqual({ ...whole.report, problems: whole.report.problems });
    expect(Array.from(transactions.amount)).toEqual(Array.from(whole.transactions.amount));
    expect(report.customers).toBe(97);
  });

  it("sizes reads by bytes: long text never makes a response above Excel on the web's 5 MB", async () => {
    // 4,000 rows whose customer ids are 3,000 characters long: 12 MB in all, which the double (like
    // Excel on the web) refuses in one response; the cell budget alone would allow one read.
    const long = [["", "Region", "Customer", "Date", "Amount"]];
    for (let i = 0; i < 4000; i++) long.push(["", "North", `${"x".repeat(2990)}${String(i % 50).padStart(10, "0")}`, serialFromIso("2024-01-01") + (i % 200), 5] as any);
    const mock = createExcelMock({ cells: { Data: long } });
    const src = { sheet: "Data", headerRow: 1, firstRow: 2, lastRow: 4001, firstColumn: 1, headers: ["(A)", "Region", "Customer", "Date", "Amount"] };
    const { report } = await readTransactions(mock.context, src, { customer: 2, date: 3, amount: 4 });
    expect(report.transactions).toBe(4000);
    expect(report.customers).toBe(50);
    // Every read that Excel answered stayed under the limit, and the reads after the first are sized
    // from the measured rows to about 2 MB (DEFAULT_MAX_BYTES_PER_READ): 3,000-byte rows, ~660 rows each.
    const reads = mock.ranges.filter((r) => r.sheet === "Data").map((r) => r.rows);
    expect(reads.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(4000);
    const last = reads.slice(-3);
    for (const n of last) expect(n).toBeLessThanOrEqual(700);
  });

  it("names the sheet row and header of a bad cell found in a later chunk", async () => {
    const bad = cells.map((r) => [...r]);
    bad[450][3] = "soon";
    const mock = createExcelMock({ cells: { Data: bad } });
    const { report } = await readTransactions(mock.context, source, mapping, { maxCellsPerRead: 300 });
    expect(report.problems).toEqual([{ severity: "error", row: 451, column: "Date", message: "'soon' is not a date (use an Excel date or ISO text like 1997-01-31)" }]);
  });

  it("stops between chunks when cancelled", async () => {
    const mock = createExcelMock({ cells: { Data: cells } });
    const signal = { aborted: false };
    const run = readTransactions(mock.context, source, mapping, {
      maxCellsPerRead: 300,
      signal,
      onProgress: (done) => {
        if (done >= 200) signal.aborted = true;
      },
    });
    await expect(run).rejects.toBeInstanceOf(Cancelled);
    expect(mock.syncs()).toBe(2);
  });
});
