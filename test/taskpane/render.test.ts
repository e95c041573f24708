/**
 * The Office.js renderer against office-addin-mock: what reaches Excel, in how many syncs, and that a
 * cancelled or failed build leaves no sheet behind.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { createExcelMock } from "./excelMock";
import { Cancelled } from "../../src/runtime/scheduling";
import { excelValue, renderPlan, workbookNames } from "../../src/taskpane/render";
import { uniqueTableName } from "../../src/taskpane/a1";
import { PlanDraft, area } from "../../src/taskpane/plan";

afterEach(() => {
  vi.unstubAllGlobals();
});

function samplePlan() {
  const d = new PlanDraft("rfm", "CLV Test", "#0F6CBD");
  d.values(1, 1, [["Title"]]);
  d.values(3, 1, [
    ["segment", "customers", "share"],
    ["Champions", 10, 0.25],
    ["=cmd|' /C calc'!A0", 30, NaN],
  ]);
  d.formula(3, 5, "=CLV.RFM.TABLE(Data!$A$2:$A$9,Data!$B$2:$B$9,Data!$C$2:$C$9)", 9, 9, "rfm table");
  d.format({ area: area(3, 1, 1, 3), bold: true, fill: "#F3F2F1", bottomBorder: "#8A8886" });
  d.format({ area: area(4, 3, 2, 1), numberFormat: "0.0%" });
  d.conditional({ type: "colorScale", area: area(4, 2, 2, 1), low: "#FFFFFF", mid: "#9BC2E6", high: "#1F4E79" });
  d.conditional({ type: "dataBar", area: area(4, 3, 2, 1), color: "#0F6CBD" });
  d.table({ area: area(3, 1, 3, 3), name: "Segments", style: "TableStyleLight9" });
  d.chart({
    type: "BarClustered",
    title: "Customers by segment",
    series: [
      { name: "Customers", values: area(4, 2, 2, 1), categories: area(4, 1, 2, 1) },
      { name: "Share", values: area(4, 3, 2, 1), categories: area(4, 1, 2, 1) },
    ],
    position: area(10, 1, 15, 6),
    yTitle: "customers",
  });
  d.width(1, 120);
  d.freeze = { rows: 3, columns: 0 };
  return d.done();
}

describe("excelValue", () => {
  it("keeps numbers and booleans, blanks non-finite numbers, and never lets text become a formula", () => {
    expect(excelValue(3.5)).toBe(3.5);
    expect(excelValue(true)).toBe(true);
    expect(excelValue(NaN)).toBe("");
    expect(excelValue(Infinity)).toBe("");
    expect(excelValue("plain")).toBe("plain");
    expect(excelValue("=HYPERLINK(\"x\")")).toBe("'=HYPERLINK(\"x\")");
    expect(excelValue("+1")).toBe("'+1");
    expect(excelValue("-cmd")).toBe("'-cmd");
    expect(excelValue("@SUM(A1)")).toBe("'@SUM(A1)");
  });
  it("keeps text as text where Excel would convert what it reads as typed input", () => {
    // Segment codes, cohort labels and other text that looks like a number, date, boolean or error.
    for (const t of ["00123", "2024-01", "1/2", "10%", "$5", "1e3", ".5", "TRUE", "false", "#N/A", "'quoted", "Jan 2024", "mar-24"]) {
      expect(excelValue(t), t).toBe(`'${t}`);
    }
    for (const t of ["Champions", "North", "May", "C1000", "segment A", "(blank)", "3 others"]) {
      expect(excelValue(t), t).toBe(t === "3 others" ? "'3 others" : t);
    }
  });
});

describe("uniqueTableName", () => {
  it("cleans the name and avoids names already in the workbook (case-insensitive)", () => {
    const taken = new Set(["segments", "segments_2"]);
    expect(uniqueTableName("Segments", taken)).toBe("Segments_3");
    expect(uniqueTableName("RFM table", taken)).toBe("RFM_table");
    expect(uniqueTableName("2024 data", taken)).toBe("T_2024_data");
    expect(uniqueTableName("A1", taken)).toBe("A1_");
  });
});

describe("renderPlan", () => {
  it("writes values, formulas, formats, a table and a chart in one sync for a small plan", async () => {
    const mock = createExcelMock({ sheets: ["Data"], tables: ["Segments"] });
    const progress: number[] = [];
    const result = await renderPlan(mock.context, samplePlan(), {
      sheetName: "CLV Test",
      takenTableNames: ["Segments"],
      onProgress: (p) => progress.push(p.fraction),
    });
    expect(result.syncs).toBe(1);
    expect(mock.syncs()).toBe(1);
    expect(mock.sheetNames()).toEqual(["Data", "CLV Test"]);
    const sheet = mock.sheets.find((s) => s.name === "CLV Test")!;
    expect(sheet.mock.tabColor).toBe("#0F6CBD");
    expect(sheet.activated).toBe(true);
    expect(sheet.frozenRows).toBe(3);

    const grid = mock.grid("CLV Test");
    expect(grid.get("A1")).toBe("Title");
    expect(grid.get("A4")).toBe("Champions");
    expect(grid.get("B5")).toBe(30);
    // Text that looks like a formula is written as text; NaN as a blank.
    expect(grid.get("A5")).toBe("'=cmd|' /C calc'!A0");
    expect(grid.get("C5")).toBe("");
    // The live formula goes through `formulas`, in its anchor cell only.
    const formulaWrites = mock.written("CLV Test", "formulas");
    expect(formulaWrites).toHaveLength(1);
    expect(formulaWrites[0]).toMatchObject({ row: 2, column: 4, rows: 1, columns: 1 });
    expect(formulaWrites[0].mock.formulas).toEqual([["=CLV.RFM.TABLE(Data!$A$2:$A$9,Data!$B$2:$B$9,Data!$C$2:$C$9)"]]);

    const header = mock.ranges.find((r) => r.sheet === "CLV Test" && r.row === 2 && r.column === 0 && r.rows === 1 && r.columns === 3 && r.mock.format.font.bold === true);
    expect(header).toBeDefined();
    expect(header!.mock.format.fill.color).toBe("#F3F2F1");
    expect(header!.mock.format.borders.getItem("EdgeBottom").style).toBe("Continuous");

    const nf = mock.written("CLV Test", "numberFormat");
    expect(nf).toHaveLength(1);
    expect(nf[0]).toMatchObject({ row: 3, column: 2, rows: 2, columns: 1 });
    expect(nf[0].mock.numberFormat).toEqual([["0.0%"], ["0.0%"]]);

    expect(mock.conditionals.map((c) => c.type)).toEqual(["ColorScale", "DataBar"]);
    expect(mock.conditionals[0].mock.colorScale.criteria).toEqual({
      minimum: { type: "LowestValue", color: "#FFFFFF" },
      midpoint: { type: "Percentile", formula: "50", color: "#9BC2E6" },
      maximum: { type: "HighestValue", color: "#1F4E79" },
    });
    expect(mock.conditionals[1].mock.dataBar.positiveFormat).toMatchObject({ fillColor: "#0F6CBD", gradientFill: false });

    expect(mock.tables).toHaveLength(1);
    expect(mock.tables[0].range).toMatchObject({ row: 2, column: 0, rows: 3, columns: 3 });
    expect(mock.tables[0].hasHeaders).toBe(true);
    expect(mock.tables[0].mock.name).toBe("Segments_2");
    expect(mock.tables[0].mock.style).toBe("TableStyleLight9");
    expect(result.tableNames).toEqual(["Segments_2"]);

    expect(mock.charts).toHaveLength(1);
    const chart = mock.charts[0];
    expect(chart.type).toBe("BarClustered");
    expect(chart.mock.title.text).toBe("Customers by segment");
    expect(chart.series.map((s) => s.name)).toEqual(["Series1", "Share"]);
    expect((chart as any).seriesMocks[0].name).toBe("Customers");
    expect(chart.series[0].values).toMatchObject({ row: 3, column: 1, rows: 2, columns: 1 });
    expect(chart.series[0].xValues).toMatchObject({ row: 3, column: 0, rows: 2, columns: 1 });
    expect(chart.series[1].values).toMatchObject({ row: 3, column: 2, rows: 2, columns: 1 });
    expect(chart.mock.axes.valueAxis.title.text).toBe("customers");
    expect(chart.mock.legend.visible).toBe(true);
    expect(chart.position![0]).toMatchObject({ row: 9, column: 0 });
    expect(chart.position![1]).toMatchObject({ row: 23, column: 5 });

    const width = mock.ranges.find((r) => r.sheet === "CLV Test" && r.mock.format.columnWidth === 120);
    expect(width).toMatchObject({ column: 0 });
    expect(progress.at(-1)).toBe(1);
  });

  it("cuts large writes into chunks that respect the cell budget and covers every row once", async () => {
    const d = new PlanDraft("rfm", "Big");
    const rows = Array.from({ length: 25_000 }, (_, i) => [`c${i}`, i, i / 2, i % 7]);
    d.values(2, 1, rows);
    d.format({ area: area(2, 3, rows.length, 1), numberFormat: "0.00" });
    const mock = createExcelMock();
    const result = await renderPlan(mock.context, d.done(), { sheetName: "Big", maxCellsPerSync: 20_000 });
    const writes = mock.written("Big", "values").sort((a, b) => a.row - b.row);
    // 100,000 cells at 20,000 per sync: five value chunks, each exactly 5,000 rows x 4 columns.
    expect(writes.map((w) => w.rows)).toEqual([5000, 5000, 5000, 5000, 5000]);
    let next = 1;
    for (const w of writes) {
      expect(w.row).toBe(next);
      expect(w.mock.values).toHaveLength(w.rows);
      next += w.rows;
    }
    expect(writes[4].mock.values[4999]).toEqual(["c24999", 24999, 12499.5, 24999 % 7]);
    // Number formats are chunked too (25,000 cells: two chunks at 20,000).
    const nf = mock.written("Big", "numberFormat");
    expect(nf.map((r) => r.rows)).toEqual([20_000, 5_000]);
    // One sync per full budget plus the final one.
    expect(result.syncs).toBe(mock.syncs());
    expect(result.syncs).toBeGreaterThanOrEqual(6);
    expect(result.syncs).toBeLessThanOrEqual(7);
    expect(result.cells).toBe(100_000);
  });

  it("also cuts by payload bytes (long text)", async () => {
    const d = new PlanDraft("rfm", "Text");
    const long = "x".repeat(1000);
    d.values(1, 1, Array.from({ length: 3000 }, () => [long]));
    const mock = createExcelMock();
    await renderPlan(mock.context, d.done(), { sheetName: "Text", maxBytesPerSync: 1_000_000 });
    const writes = mock.written("Text", "values");
    expect(writes.length).toBeGreaterThanOrEqual(3);
    for (const w of writes) expect(w.rows * 1004).toBeLessThanOrEqual(1_000_000 + 1004);
  });

  it("deletes the existing sheet first when the user chose to replace it", async () => {
    const mock = createExcelMock({ sheets: ["Data", "CLV Test"] });
    await renderPlan(mock.context, samplePlan(), { sheetName: "CLV Test", replaceExisting: true });
    const old = mock.sheets.filter((s) => s.name === "CLV Test");
    expect(old[0].deleted).toBe(true);
    expect(old[1].deleted).toBe(false);
    expect(mock.sheetNames()).toEqual(["Data", "CLV Test"]);
  });

  it("refuses to add a sheet over an existing one when not told to replace (Excel's ItemAlreadyExists)", async () => {
    const mock = createExcelMock({ sheets: ["Data", "CLV Test"] });
    await expect(renderPlan(mock.context, samplePlan(), { sheetName: "CLV Test" })).rejects.toThrow(/already exists/);
  });

  it("stops at the next sync when cancelled and removes the half-built sheet", async () => {
    const d = new PlanDraft("rfm", "Cancel me");
    d.values(1, 1, Array.from({ length: 1000 }, (_, i) => [i, i, i]));
    const mock = createExcelMock();
    const signal = { aborted: false };
    const run = renderPlan(mock.context, d.done(), {
      sheetName: "Cancel me",
      maxCellsPerSync: 300,
      signal,
      onProgress: (p) => {
        if (p.fraction > 0.2) signal.aborted = true;
      },
    });
    await expect(run).rejects.toBeInstanceOf(Cancelled);
    expect(mock.sheets.find((s) => s.name === "Cancel me")!.deleted).toBe(true);
    expect(mock.sheetNames()).toEqual(["Data"]);
    // It stopped early: far fewer than the 10 chunks a full build needs.
    expect(mock.written("Cancel me", "values").length).toBeLessThan(10);
  });

  it("passes an Excel failure on and removes the half-built sheet", async () => {
    const err = Object.assign(new Error("The argument is invalid or missing or has an incorrect format."), { code: "InvalidArgument" });
    const mock = createExcelMock({ failOnSync: { at: 1, error: err } });
    await expect(renderPlan(mock.context, samplePlan(), { sheetName: "CLV Test" })).rejects.toThrow(/invalid/);
    expect(mock.sheets.find((s) => s.name === "CLV Test")!.deleted).toBe(true);
  });

  it("works through Excel.run with a stubbed Excel global", async () => {
    const mock = createExcelMock({ sheets: ["Data", "Sheet2"], tables: ["Sales"] });
    vi.stubGlobal("Excel", { run: async <T>(cb: (ctx: unknown) => Promise<T>) => cb(mock.context) });
    const names = await Excel.run((ctx) => workbookNames(ctx));
    expect(names).toEqual({ sheets: ["Data", "Sheet2"], tables: ["Sales"] });
    await Excel.run((ctx) => renderPlan(ctx, samplePlan(), { sheetName: "CLV Test" }));
    expect(mock.sheetNames()).toContain("CLV Test");
  });
});
