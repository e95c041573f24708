/**
 * The xlsx writer on small plans: values and formulas as stored, dynamic-array markup only where a
 * formula needs it, text that looks like a formula stays text, number columns wide enough to show.
 */
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { writeWorkbook, type WritablePlan } from "../../src/cli/xlsx/writer";
import { readStoredWorkbook } from "./xlsxCells";

function plan(writes: WritablePlan["writes"], extra: Partial<WritablePlan> = {}): WritablePlan {
  return { name: "S", writes, formats: [], conditionalFormats: [], tables: [], charts: [], columnWidths: {}, ...extra };
}

describe("writeWorkbook", () => {
  it("stores text as text, even text that starts like a formula", async () => {
    const { buffer } = await writeWorkbook([{ plan: plan([{ kind: "values", row: 1, column: 1, cells: [["=1+1", "+A1", "-3x", "@SUM(1)", 'cmd|" /c calc"!A0']] }]) }]);
    const cells = (await readStoredWorkbook(buffer)).sheets.get("S")!;
    expect(["A1", "B1", "C1", "D1", "E1"].map((a) => cells.get(a)!.formula)).toEqual([undefined, undefined, undefined, undefined, undefined]);
    expect(cells.get("A1")!.value).toBe("=1+1");
    expect(cells.get("E1")!.value).toBe('cmd|" /c calc"!A0');
  });

  it("caches the values-only plan's value in each formula; only CLV and array formulas are dynamic arrays", async () => {
    const live = plan([
      { kind: "formulas", row: 1, column: 1, cells: [["=CLV.SUMMARY(D1:D3,E1:E3,F1:F3)"]], spill: { rows: 2, columns: 2 } },
      { kind: "formulas", row: 4, column: 1, cells: [["=SUM(A1#)", "=(1+0.1)^(1/12)-1"]] },
    ]);
    const cached = plan([
      { kind: "values", row: 1, column: 1, cells: [["a", 1], ["b", 2]] },
      { kind: "values", row: 4, column: 1, cells: [[3, 0.00797414042890376]] },
    ]);
    const { buffer, stats } = await writeWorkbook([{ plan: live, cached }]);
    expect(stats).toMatchObject({ formulas: 3, dynamicArrays: 1, uncached: 0 });
    const cells = (await readStoredWorkbook(buffer)).sheets.get("S")!;
    expect(cells.get("A1")).toMatchObject({ formula: "_xldudf_CLV_SUMMARY(D1:D3,E1:E3,F1:F3)", formulaType: "array", ref: "A1:B2", cm: "1", value: "a" });
    expect(cells.get("B2")).toEqual({ formula: undefined, formulaType: undefined, ref: undefined, cm: undefined, value: 2 });
    expect(cells.get("A4")).toMatchObject({ formula: "SUM(_xlfn.ANCHORARRAY(A1))", formulaType: undefined, cm: undefined, value: 3 });
    expect(cells.get("B4")!.value).toBe(0.00797414042890376);
  });

  it("widens default-width columns so dates and long numbers show, and keeps the plan's widths", async () => {
    const p = plan([{ kind: "values", row: 1, column: 1, cells: [[35461, 1234567.891, 5]] }], {
      formats: [
        { area: { row: 1, column: 1, rows: 1, columns: 1 }, numberFormat: "yyyy-mm-dd" },
        { area: { row: 1, column: 2, rows: 1, columns: 1 }, numberFormat: "#,##0.00" },
      ],
      columnWidths: { 3: 40 },
    });
    const { buffer } = await writeWorkbook([{ plan: p }]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buffer as unknown as ArrayBuffer);
    const ws = wb.getWorksheet("S")!;
    expect(ws.getColumn(1).width).toBeGreaterThanOrEqual(12); // "1997-01-31" is 10 characters
    expect(ws.getColumn(2).width).toBeGreaterThanOrEqual(14); // "1,234,567.89" is 12
    expect(ws.getColumn(3).width).toBeCloseTo((40 * 96) / 72 / 7 - 5 / 7, 1);
  });

  it("gives rows of wrapped text the height of their lines", async () => {
    const text = "customers who bought again in the twelve months after their first purchase";
    const p = plan([{ kind: "values", row: 2, column: 1, cells: [[text]] }], { formats: [{ area: { row: 2, column: 1, rows: 1, columns: 1 }, wrapText: true }], columnWidths: { 1: 80 } });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await writeWorkbook([{ plan: p }])).buffer as unknown as ArrayBuffer);
    // 75 characters in a 14-character column: about 6 lines of 11-point text
    expect(wb.getWorksheet("S")!.getRow(2).height).toBeGreaterThanOrEqual(4 * 15);
  });
});
