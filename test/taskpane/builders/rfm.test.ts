/**
 * The RFM sheet plan on the CDNOW sample. Recency is measured at the last date of the data
 * (1998-06-30); per-customer facts are recomputed from the raw file without the core.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { readCdnowTransactions } from "../../support/samples";
import { cdnowFacts, cdnowInput } from "../cdnow";
import { overlaps, planGrid, writeLabelled } from "../planTools";
import { buildRfmSheet, rfmFormula } from "../../../src/taskpane/builders/rfm";
import { DEFAULT_OPTIONS, type BuildInput } from "../../../src/taskpane/builders/types";
import { RFM_SEGMENTS } from "../../../src/core/rfm";
import { serialFromIso } from "../../../src/core/data/dates";

const DATA_ARGS = "Data!$A$2:$A$6920,Data!$B$2:$B$6920,Data!$C$2:$C$6920";

describe("RFM plan on CDNOW", () => {
  let input: BuildInput;
  beforeAll(() => {
    input = cdnowInput();
  });

  it("writes a live CLV.RFM.TABLE over the data (2357 x 9 spill) and a segment summary of COUNTIF/SUMIFS over its columns", () => {
    const plan = buildRfmSheet(input, DEFAULT_OPTIONS);
    const table = writeLabelled(plan, "RFM table");
    expect(table.cells).toEqual([[`=CLV.RFM.TABLE(${DATA_ARGS},,,FALSE)`]]);
    expect(table.cells[0][0]).toBe(rfmFormula(DATA_ARGS));
    expect(table.spill).toEqual({ rows: 2357, columns: 9 });
    expect({ row: table.row, column: table.column }).toEqual({ row: 6, column: 1 });

    const summary = writeLabelled(plan, "segment summary");
    expect(summary.kind).toBe("formulas");
    expect({ row: summary.row, column: summary.column }).toEqual({ row: 6, column: 11 });
    expect(summary.cells.map((r) => r[0])).toEqual([...RFM_SEGMENTS, "Total"]);
    // Champions' row: counts and revenue read the spill's segment (9th) and spend (4th) columns.
    expect(summary.cells[0].slice(1, 6)).toEqual([
      "=COUNTIF(INDEX($A$6#,0,9),K6)",
      '=IF($L$17>0,L6/$L$17,"")',
      "=SUMIFS(INDEX($A$6#,0,4),INDEX($A$6#,0,9),K6)",
      '=IF($N$17<>0,N6/$N$17,"")',
      '=IF(L6>0,N6/L6,"")',
    ]);
    expect(summary.cells[11].slice(0, 2)).toEqual(["Total", "=SUM(L6:L16)"]);
    expect(plan.tables).toEqual([]); // spills cannot live in Excel tables
    expect(overlaps(plan)).toEqual([]);

    const chart = plan.charts[0];
    expect(chart.type).toBe("BarClustered");
    expect(chart.series.map((s) => [s.name, s.values, s.categories])).toEqual([
      ["% of customers", { row: 6, column: 13, rows: 11, columns: 1 }, { row: 6, column: 11, rows: 11, columns: 1 }],
      ["% of revenue", { row: 6, column: 15, rows: 11, columns: 1 }, { row: 6, column: 11, rows: 11, columns: 1 }],
    ]);
  });

  it("values only: segment counts add to 2357 and revenue to the total spend; each row matches the raw data", () => {
    const plan = buildRfmSheet(input, { ...DEFAULT_OPTIONS, valuesOnly: true });
    expect(plan.writes.every((w) => w.kind === "values")).toBe(true);
    const rows = writeLabelled(plan, "RFM table").cells;
    expect(rows).toHaveLength(2357);
    const summary = writeLabelled(plan, "segment summary").cells;
    const counts = summary.slice(0, 11).map((r) => r[1] as number);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(2357);
    expect(summary[11][1]).toBe(2357);
    const totalSpend = readCdnowTransactions().amount.reduce((a, b) => a + b, 0);
    expect(summary[11][3] as number).toBeCloseTo(totalSpend, 6);
    expect(summary[11][2]).toBe(1);
    // Shares add to one.
    expect(summary.slice(0, 11).reduce((a, r) => a + (typeof r[4] === "number" ? r[4] : 0), 0)).toBeCloseTo(1, 12);
    // Segment counts in the summary equal the per-customer segment column.
    for (let s = 0; s < 11; s++) expect(rows.filter((r) => r[8] === summary[s][0]).length).toBe(counts[s]);

    const asOf = serialFromIso("1998-06-30");
    const facts = cdnowFacts();
    for (const r of rows) {
      const f = facts.get(r[0] as number)!;
      expect(r[1]).toBe(asOf - f.last);
      expect(r[2]).toBe(f.days.size);
      expect(r[3] as number).toBeCloseTo(f.spend, 9);
      expect(r[7]).toBe(`${r[4]}${r[5]}${r[6]}`);
    }
    // Customer 1 bought on 1997-01-01, 01-18, 08-02 and 12-12 for 29.33 + 29.73 + 14.96 + 26.48.
    expect(rows[0].slice(0, 4)).toEqual([1, 200, 4, expect.closeTo(100.5, 9)]);
    // A sortable Excel table over the static values.
    expect(plan.tables).toEqual([{ area: { row: 5, column: 1, rows: 2358, columns: 9 }, name: "RFM", style: "TableStyleLight9" }]);
    expect(planGrid(plan).get("A5")).toBe("customer");
  });

  it("writes the per-customer table as values when it is longer than the live-spill limit, and the summary reads that range", () => {
    const plan = buildRfmSheet(input, { ...DEFAULT_OPTIONS, maxLiveCustomers: 1000 });
    const table = writeLabelled(plan, "RFM table");
    expect(table.kind).toBe("values");
    expect(plan.notes.join(" ")).toMatch(/2,357 customers.*written as values/);
    const summary = writeLabelled(plan, "segment summary");
    expect(summary.cells[0][1]).toBe("=COUNTIF($I$6:$I$2362,K6)");
  });
});
