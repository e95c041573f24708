/**
 * The Decisions sheet plan on the CDNOW sample: live CLV.* formulas and the values-only sheet must
 * show the same numbers (each worksheet function is called here on the CDNOW columns with the
 * arguments its formula passes, and compared with the values plan the core computed); totals are
 * checked against the raw file; the layout has no overlapping spills.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { readCdnowTransactions } from "../../support/samples";
import { cdnowInput, cdnowSheetRows, inputFromRows } from "../cdnow";
import { overlaps, planFormulas, writeLabelled } from "../planTools";
import { buildDecisionsSheet, PROJECTION_MONTHS } from "../../../src/taskpane/builders/decisions";
import { allocate, churn, equityProject, levers, pnl, segments, whale } from "../../../src/functions/decisions";
import { tier } from "../../../src/functions/data";
import { DEFAULT_OPTIONS, type BuildInput, type BuildOptions } from "../../../src/taskpane/builders/types";
import type { Cell } from "../../../src/taskpane/plan";

type Grid = unknown[][];
const col = (values: ArrayLike<unknown>): Grid => Array.from(values, (v) => [v]);

function expectSame(actual: Grid, values: readonly (readonly Cell[])[]): void {
  expect(actual.length).toBe(values.length);
  for (let i = 0; i < values.length; i++) {
    for (let j = 0; j < values[i].length; j++) {
      const a = actual[i][j];
      const v = values[i][j];
      if (typeof v === "number" && typeof a === "number") expect(Math.abs(a - v)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(v)));
      else expect(a).toEqual(v);
    }
  }
}

describe("Decisions plan on CDNOW", () => {
  let input: BuildInput;
  const options: BuildOptions = { ...DEFAULT_OPTIONS, margin: 0.3, cac: 20 };
  const values: BuildOptions = { ...options, valuesOnly: true };
  let ids: Grid;
  let dates: Grid;
  let amounts: Grid;

  beforeAll(() => {
    input = cdnowInput();
    ids = col(input.transactions.customer);
    dates = col(input.transactions.date);
    amounts = col(input.transactions.amount);
  });

  it("live: one formula per table, the charts over them, no overlapping spills", () => {
    const plan = buildDecisionsSheet(input, options);
    expect(plan.name).toBe("CLV Decisions");
    const used = new Set(planFormulas(plan).flatMap((f) => [...f.matchAll(/CLV\.([A-Z_.]+)\(/g)].map((m) => m[1])));
    expect([...used].sort()).toEqual(["ALLOCATE", "CHURN", "EQUITY.PROJECT", "LEVERS", "PNL", "SEGMENTS", "TIER", "WHALE"]);
    expect(plan.charts.map((c) => c.type)).toEqual(["BarClustered", "XYScatter", "Line"]);
    expect(plan.charts[0].title).toMatch(/^Tornado/);
    expect(writeLabelled(plan, "customer P&L").cells[0][0]).toBe(`=CLV.PNL(Data!$A$2:$A$6920,Data!$C$2:$C$6920,Data!$C$2:$C$6920*(1-$B$7),$B$9,$B$8,FALSE)`);
    expect(writeLabelled(plan, "customer P&L").spill).toEqual({ rows: 2357, columns: 8 });
    expect(writeLabelled(plan, "whale curve").spill).toEqual({ rows: 2358, columns: 7 });
    expect(overlaps(plan)).toEqual([]);
    // The whale chart reads 101 points sampled from the whale table at every 1 % of customers.
    const points = writeLabelled(plan, "whale points");
    const whaleAt = writeLabelled(plan, "whale curve");
    expect(points.cells).toHaveLength(101);
    expect(points.cells[50][1]).toBe(`=IFERROR(INDEX($J$${whaleAt.row}#,1+ROUND(R${points.row + 50}*(COUNT(INDEX($J$${whaleAt.row}#,0,1))-1),0),4),"")`);
    expect(plan.charts[1].series[0].values).toEqual({ row: points.row, column: 19, rows: 101, columns: 1 });
    // Charts sit in the sheet's upper part, above the churn table and the workings.
    const churnRow = writeLabelled(plan, "churn per month").row;
    for (const c of plan.charts) expect(c.position.row + c.position.rows).toBeLessThan(churnRow);
  });

  it("live formulas and the values-only sheet agree, table by table (the worksheet functions on the CDNOW columns)", () => {
    const v = buildDecisionsSheet(input, values);
    expect(planFormulas(v).filter((f) => f.includes("CLV."))).toEqual([]);
    const m = 0.3;
    const costs = amounts.map((r) => [(r[0] as number) * (1 - m)]);
    const p = pnl(ids, amounts, costs, 0, 20, false) as Grid;
    expectSame(p, writeLabelled(v, "customer P&L").cells);
    const profit = p.map((r) => [r[7]]);
    const curve = whale(profit, false) as Grid;
    expectSame(curve, writeLabelled(v, "whale curve").cells);
    // The sampled points as the live INDEX formulas pick them: row 1 + round(share × customers).
    const sampled = writeLabelled(v, "whale points").cells;
    sampled.forEach(([share, y]) => expect(y).toBe(curve[Math.round((share as number) * 2357)][3]));
    expect(sampled[0][1]).toBe(0);
    expect(sampled[100][1] as number).toBeCloseTo(1, 12);
    const value = p.map((r) => [(r[4] as number) - (r[5] as number)]);
    const groups = tier(value) as Grid;
    const seg = segments(value, groups, undefined, 20, false) as Grid;
    expectSame(seg, writeLabelled(v, "segment valuation").cells);
    const rates = writeLabelled(v, "response rates").cells;
    const settings = writeLabelled(v, "decision settings").cells;
    const setting = (label: RegExp) => settings.find((r) => label.test(String(r[0])))![1] as number;
    const budget = setting(/^Budget/);
    expectSame(allocate(col(seg.map((r) => r[3])), col(seg.map((r) => r[1])), rates as Grid, budget, null, null, false) as Grid, writeLabelled(v, "budget allocation").cells);
    const ch = churn(ids, dates, "M", null, 3, false) as Grid;
    expectSame(ch, writeLabelled(v, "churn per month").cells);
    // Derived settings, as the live formulas compute them from the churn and P&L tables.
    const retention = ch.slice(-12).map((r) => r[7]).filter((x) => typeof x === "number") as number[];
    expect(setting(/^Monthly retention/)).toBeCloseTo(retention.reduce((a, b) => a + b, 0) / retention.length, 12);
    const activeMonths = ch.reduce((a, r) => a + (r[6] as number), 0);
    const marginMonth = value.reduce((a, r) => a + (r[0] as number), 0) / activeMonths;
    expect(setting(/^Margin per active/)).toBeCloseTo(marginMonth, 9);
    const monthly = setting(/^Monthly discount/);
    expect(monthly).toBeCloseTo(1.1 ** (1 / 12) - 1, 12);
    expectSame(levers(marginMonth, setting(/^Monthly retention/), monthly, 20, 0.1, null, null, null, null, false) as Grid, writeLabelled(v, "lever table").cells);
    const eq = equityProject(setting(/^Active customers/), setting(/^Monthly retention/), marginMonth, monthly, setting(/^New customers/), 0, 20, PROJECTION_MONTHS, false) as Grid;
    expectSame(eq, writeLabelled(v, "equity projection").cells);
  });

  it("values only: revenue and customers add up to the raw file; the budget is all allocated", () => {
    const v = buildDecisionsSheet(input, values);
    const raw = readCdnowTransactions();
    const p = writeLabelled(v, "customer P&L").cells;
    expect(p).toHaveLength(2357);
    expect(p.reduce((a, r) => a + (r[2] as number), 0)).toBeCloseTo(raw.amount.reduce((a, b) => a + b, 0), 6);
    expect(p.reduce((a, r) => a + (r[1] as number), 0)).toBe(raw.amount.length);
    const budget = writeLabelled(v, "decision settings").cells.find((r) => String(r[0]).startsWith("Budget"))![1] as number;
    expect(budget).toBeGreaterThan(0);
    const spend = writeLabelled(v, "budget allocation").cells.reduce((a, r) => a + (r[0] as number), 0);
    expect(spend).toBeCloseTo(budget, 6);
    const seg = writeLabelled(v, "segment valuation").cells;
    expect(seg.map((r) => r[0]).sort()).toEqual(["High", "Low", "Medium"]);
    expect(seg.reduce((a, r) => a + (r[1] as number), 0)).toBe(2357);
  });

  it("a mapped segment column drives segment valuation (XLOOKUP per customer live, the first label seen in values)", () => {
    const rows = cdnowSheetRows().map((r, i) => (i === 0 ? [...r, "Segment"] : [...r, (r[0] as number) % 2 === 0 ? "even" : "odd"]));
    const withSegments = inputFromRows(rows);
    expect(withSegments.mapping.segment).toBe(3);
    const live = buildDecisionsSheet(withSegments, options);
    expect(writeLabelled(live, "segment valuation").cells[0][0]).toContain("XLOOKUP(INDEX($A$");
    const v = buildDecisionsSheet(withSegments, values);
    const seg = writeLabelled(v, "segment valuation").cells;
    expect(seg.map((r) => r[0]).sort()).toEqual(["even", "odd"]);
    const evens = new Set(rows.slice(1).filter((r) => (r[0] as number) % 2 === 0).map((r) => r[0])).size;
    expect(seg.find((r) => r[0] === "even")![1]).toBe(evens);
  });
});
