/**
 * The Cohorts sheet plan on the CDNOW sample (samples/CDNOW_sample.txt): 2,357 customers who
 * all made their first purchase in the first quarter of 1997 (SOURCES.md), so three monthly cohorts;
 * transactions run to 1998-06-30, i.e. 18 calendar months from January 1997. Expected values are
 * recomputed here from the raw file, without the core.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { readCdnowTransactions } from "../../support/samples";
import { cdnowFacts, cdnowInput } from "../cdnow";
import { overlaps, planGrid, writeLabelled } from "../planTools";
import { buildCohortSheet, cohortFormula } from "../../../src/taskpane/builders/cohorts";
import { DEFAULT_OPTIONS, type BuildInput } from "../../../src/taskpane/builders/types";
import { ymdFromSerial } from "../../../src/core/data/dates";

const DATA_ARGS = "Data!$A$2:$A$6920,Data!$B$2:$B$6920,Data!$C$2:$C$6920";

describe("Cohorts plan on CDNOW", () => {
  let input: BuildInput;
  /** Independent: cohort (first purchase month) sizes and, per cohort, customers buying in each month. */
  const expected = { sizes: [0, 0, 0], activeByMonth: [new Map<number, number>(), new Map<number, number>(), new Map<number, number>()], revenue: [0, 0, 0] };

  beforeAll(() => {
    input = cdnowInput();
    const monthIndex = (serial: number) => {
      const { year, month } = ymdFromSerial(serial);
      return (year - 1997) * 12 + month - 1;
    };
    const cohortOf = new Map<number, number>();
    for (const [id, f] of cdnowFacts()) {
      const c = monthIndex(f.first);
      cohortOf.set(id, c);
      expected.sizes[c]++;
      const months = new Set([...f.days].map((d) => monthIndex(d) - c));
      for (const k of months) expected.activeByMonth[c].set(k, (expected.activeByMonth[c].get(k) ?? 0) + 1);
    }
    const { customer, amount } = readCdnowTransactions();
    customer.forEach((id, i) => (expected.revenue[cohortOf.get(Number(id))!] += amount[i]));
  });

  it("writes one live CLV.COHORT formula per table over the data columns, spilling 3 cohorts x 20 columns", () => {
    const plan = buildCohortSheet(input, DEFAULT_OPTIONS);
    expect(plan.name).toBe("CLV Cohorts");
    for (const metric of ["retention", "customers", "revenue", "revenue_per_customer", "cumulative_revenue_per_customer"] as const) {
      const w = writeLabelled(plan, `${metric} by cohort`);
      expect(w.kind).toBe("formulas");
      expect(w.cells).toEqual([[`=CLV.COHORT(${DATA_ARGS},"M","${metric}",,FALSE)`]]);
      expect(w.cells[0][0]).toBe(cohortFormula(DATA_ARGS, "M", metric));
      // 1997-01 .. 1998-06 is 18 months: label, size, M0..M17.
      expect(w.spill).toEqual({ rows: 3, columns: 20 });
    }
    const grid = planGrid(plan);
    const retention = writeLabelled(plan, "retention by cohort");
    // The pane's header row sits right above the spill (the formula is called with headers FALSE).
    expect(grid.get(`A${retention.row - 1}`)).toBe("cohort");
    expect(grid.get(`C${retention.row - 1}`)).toBe("M0");
    expect(grid.get(`T${retention.row - 1}`)).toBe("M17");
    expect(overlaps(plan)).toEqual([]);
  });

  it("formats the retention matrix as a heat map (periods 1..17) and draws one retention curve per cohort", () => {
    const plan = buildCohortSheet(input, DEFAULT_OPTIONS);
    const retention = writeLabelled(plan, "retention by cohort");
    expect(plan.conditionalFormats[0]).toMatchObject({ type: "colorScale", area: { row: retention.row, column: 4, rows: 3, columns: 17 } });
    expect(plan.formats).toContainEqual({ area: { row: retention.row, column: 3, rows: 3, columns: 18 }, numberFormat: "0.0%" });
    expect(plan.charts).toHaveLength(1);
    const chart = plan.charts[0];
    expect(chart.type).toBe("LineMarkers");
    expect(chart.series.map((s) => s.name)).toEqual(["1997-01", "1997-02", "1997-03"]);
    // Each curve covers only the months observed for its cohort (blank cells would plot as 0).
    expect(chart.series.map((s) => s.values)).toEqual([
      { row: retention.row, column: 3, rows: 1, columns: 18 },
      { row: retention.row + 1, column: 3, rows: 1, columns: 17 },
      { row: retention.row + 2, column: 3, rows: 1, columns: 16 },
    ]);
    expect(chart.series[0].categories).toEqual({ row: retention.row - 1, column: 3, rows: 1, columns: 18 });
  });

  it("values only: cohort sizes add to 2357 and match the first-purchase months counted from the raw file", () => {
    const plan = buildCohortSheet(input, { ...DEFAULT_OPTIONS, valuesOnly: true });
    expect(plan.writes.every((w) => w.kind === "values")).toBe(true);
    const retention = writeLabelled(plan, "retention by cohort").cells;
    expect(retention.map((r) => r[0])).toEqual(["1997-01", "1997-02", "1997-03"]);
    const sizes = retention.map((r) => r[1] as number);
    expect(sizes).toEqual(expected.sizes);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(2357);
    for (let c = 0; c < 3; c++) {
      expect(retention[c][2]).toBe(1); // M0: the whole cohort
      for (let k = 1; k < 18 - c; k++) {
        expect(retention[c][2 + k]).toBeCloseTo((expected.activeByMonth[c].get(k) ?? 0) / sizes[c], 12);
      }
      // Months after June 1998 are not observed: blank, never 0.
      for (let k = 18 - c; k < 18; k++) expect(retention[c][2 + k]).toBe("");
    }
    const active = writeLabelled(plan, "customers by cohort").cells;
    expect(active[0][3]).toBe(expected.activeByMonth[0].get(1));
  });

  it("values only: revenue by cohort adds up to the cohort's spend and the cumulative revenue per customer ends there", () => {
    const plan = buildCohortSheet(input, { ...DEFAULT_OPTIONS, valuesOnly: true });
    const revenue = writeLabelled(plan, "revenue by cohort").cells;
    const cumulative = writeLabelled(plan, "cumulative_revenue_per_customer by cohort").cells;
    for (let c = 0; c < 3; c++) {
      const total = (revenue[c].slice(2) as (number | string)[]).reduce<number>((a, v) => a + (typeof v === "number" ? v : 0), 0);
      expect(total).toBeCloseTo(expected.revenue[c], 6);
      const lastObserved = 2 + 17 - c;
      expect((cumulative[c][lastObserved] as number) * expected.sizes[c]).toBeCloseTo(expected.revenue[c], 6);
    }
  });

  it("uses quarters when asked (one cohort, 1997-Q1, of 2357 customers)", () => {
    const plan = buildCohortSheet(input, { ...DEFAULT_OPTIONS, valuesOnly: true, cohortUnit: "Q" });
    const retention = writeLabelled(plan, "retention by cohort").cells;
    expect(retention).toHaveLength(1);
    expect(retention[0].slice(0, 3)).toEqual(["1997-Q1", 2357, 1]);
    expect(retention[0]).toHaveLength(2 + 6); // 1997-Q1 .. 1998-Q2
  });
});
