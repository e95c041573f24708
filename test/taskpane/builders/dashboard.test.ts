/**
 * The Dashboard sheet plan on the CDNOW sample: key figures, four charts, and the live workings they
 * read. Expected counts are recomputed from the raw file.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { readCdnowTransactions } from "../../support/samples";
import { cdnowFacts, cdnowInput, cdnowSheetRows, inputFromRows } from "../cdnow";
import { overlaps, planFormulas, writeLabelled } from "../planTools";
import { buildDashboardSheet, clvHistogram, percentileInc } from "../../../src/taskpane/builders/dashboard";
import { fitModels, modelData, predictions, type ModelData, type ModelFits } from "../../../src/taskpane/builders/modelData";
import { DEFAULT_OPTIONS, type BuildInput, type BuildOptions } from "../../../src/taskpane/builders/types";
import { customerValue } from "../../../src/core/models/value";

describe("percentileInc and clvHistogram", () => {
  it("interpolates like Excel's PERCENTILE.INC", () => {
    // PERCENTILE.INC({1,2,3,4,5}, 0.95) = 4.8; ({10,20}, 0.5) = 15; one value: itself.
    expect(percentileInc([5, 1, 4, 2, 3], 0.95)).toBeCloseTo(4.8, 12);
    expect(percentileInc([10, 20], 0.5)).toBe(15);
    expect(percentileInc([7], 0.95)).toBe(7);
    expect(percentileInc([NaN, 1, 3], 0.5)).toBe(2);
  });
  it("puts every finite value in exactly one bin, the top 5 % in the open bin", () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    const h = clvHistogram([...values, NaN]);
    expect(h.top).toBeCloseTo(95.05, 10);
    expect(h.counts.reduce((a, b) => a + b, 0)).toBe(100);
    expect(h.counts[10]).toBe(5); // 96..100
    expect(h.counts[0]).toBe(9); // 1..9 (< 9.505)
  });
});

describe("Dashboard plan on CDNOW", () => {
  let input: BuildInput;
  let data: ModelData;
  let fits: ModelFits;
  const valuesOptions: BuildOptions = { ...DEFAULT_OPTIONS, valuesOnly: true, cac: 25 };

  beforeAll(async () => {
    input = cdnowInput();
    data = modelData(input, valuesOptions);
    fits = await fitModels(data, valuesOptions);
  });

  it("live: key figures are formulas over the workings, with CLV.EQUITY and CLV.LTV_CAC", () => {
    const plan = buildDashboardSheet(input, DEFAULT_OPTIONS, undefined, data);
    expect(plan.name).toBe("CLV Dashboard");
    const labels = writeLabelled(plan, "KPI labels").cells[0];
    // No margin given: the value figures are revenue and say so, never CLV (DESIGN §2).
    expect(labels).toEqual(["Customers", "Revenue", "Repeat rate", "Average revenue", "Customer equity (today's + new)", "LTV:CAC (new customer)"]);
    const withMargin = buildDashboardSheet(input, { ...DEFAULT_OPTIONS, margin: 0.3 }, undefined, data);
    expect(writeLabelled(withMargin, "KPI labels").cells[0][3]).toBe("Average CLV");
    const kpi = writeLabelled(plan, "KPI values").cells[0] as string[];
    const summary = writeLabelled(plan, "customer summary");
    const S = `$A$${summary.row}#`;
    const clv = writeLabelled(plan, "CLV");
    const C = `$N$${clv.row}#`;
    expect(kpi[0]).toBe(`=ROWS(INDEX(${S},0,1))`);
    expect(kpi[1]).toBe(`=SUM(INDEX(${S},0,6))`);
    expect(kpi[2]).toBe(`=COUNTIF(INDEX(${S},0,2),">0")/ROWS(INDEX(${S},0,2))`);
    expect(kpi[3]).toBe(`=AVERAGE(${C})`);
    // Equity of today's customers plus monthly cohorts of new ones (GLS 2004); LTV:CAC of a new customer.
    const fresh = writeLabelled(plan, "new customers");
    const newCell = `$B$${fresh.row}`;
    const clvNewCell = `$B$${fresh.row + 1}`;
    // A new customer's value: annual discount, and no margin argument when none was given (revenue).
    expect(fresh.cells[1][1]).toMatch(/^=CLV\.VALUE\(\$D\$\d+#,\$H\$\d+#,0,0,0,0,\$B\$\d+,\$B\$\d+,"W"\)$/);
    expect(kpi[4]).toMatch(/^=CLV\.EQUITY\(/);
    expect(kpi[4]).toContain(`(${C},${newCell},${clvNewCell},N($B$${fresh.row - 1}),`);
    expect(kpi[5]).toBe(`=IF(ISNUMBER($B$${fresh.row - 1}),IF($B$${fresh.row - 1}>0,CLV.LTV_CAC(${clvNewCell},$B$${fresh.row - 1}),""),"enter a CAC")`);
    // The CAC input cell is empty until the user types one.
    const cac = writeLabelled(plan, "CAC");
    expect(cac.cells).toEqual([["CAC per customer", ""]]);
    expect(kpi[5]).toContain(`$B$${cac.row}`);
    const used = new Set(planFormulas(plan).flatMap((f) => [...f.matchAll(/CLV\.([A-Z_.]+)\(/g)].map((m) => m[1])));
    expect([...used].sort()).toEqual(["BGNBD.FIT", "COHORT", "EQUITY", "EXPECTED", "GG.FIT", "LTV_CAC", "PALIVE", "RFM.TABLE", "SPEND", "SUMMARY", "TIER", "VALUE"]);
    expect(overlaps(plan)).toEqual([]);
  });

  it("live: four charts (retention, CLV distribution, segment mix, revenue by cohort) over the workings", () => {
    const plan = buildDashboardSheet(input, DEFAULT_OPTIONS, undefined, data);
    expect(plan.charts.map((c) => [c.title, c.type])).toEqual([
      ["Cohort retention", "LineMarkers"],
      ["Revenue distribution", "ColumnClustered"],
      ["Segment mix (customers)", "BarClustered"],
      ["Revenue by cohort", "ColumnClustered"],
    ]);
    const retention = writeLabelled(plan, "retention by cohort");
    expect(plan.charts[0].series.map((s) => s.values)).toEqual([
      { row: retention.row, column: 3, rows: 1, columns: 18 },
      { row: retention.row + 1, column: 3, rows: 1, columns: 17 },
      { row: retention.row + 2, column: 3, rows: 1, columns: 16 },
    ]);
    const bins = writeLabelled(plan, "CLV bins");
    expect(plan.charts[1].series[0].values).toEqual({ row: bins.row, column: 3, rows: 11, columns: 1 });
    expect(bins.cells[0][2]).toMatch(/^=COUNTIFS\(\$N\$\d+#,">="&A\d+,\$N\$\d+#,"<"&B\d+\)$/);
    const rev = writeLabelled(plan, "revenue per cohort");
    const spill = writeLabelled(plan, "revenue by cohort");
    expect(rev.cells[0]).toEqual([`=INDEX($A$${spill.row}#,1,1)`, `=SUM(INDEX($A$${spill.row}#,1,3):INDEX($A$${spill.row}#,1,20))`]);
    expect(plan.charts[3].series[0].values).toEqual({ row: rev.row, column: 2, rows: 3, columns: 1 });
    // Charts sit above the workings and do not overlap each other.
    for (const c of plan.charts) expect(c.position.row + c.position.rows).toBeLessThanOrEqual(45);
  });

  it("values only: the figures add up (2,357 customers, total revenue, repeat rate, equity = sum of CLV, LTV:CAC)", () => {
    const plan = buildDashboardSheet(input, valuesOptions, fits, data);
    expect(planFormulas(plan).filter((f) => f.includes("CLV."))).toEqual([]);
    const kpi = writeLabelled(plan, "KPI values").cells[0] as number[];
    const facts = cdnowFacts();
    const revenue = readCdnowTransactions().amount.reduce((a, b) => a + b, 0);
    const repeaters = [...facts.values()].filter((f) => f.days.size > 1).length;
    expect(kpi[0]).toBe(2357);
    expect(kpi[1]).toBeCloseTo(revenue, 6);
    expect(kpi[2]).toBeCloseTo(repeaters / 2357, 12);
    const clv = Array.from(predictions(data.summary, fits, valuesOptions).clv).filter(Number.isFinite);
    const today = clv.reduce((a, b) => a + b, 0);
    expect(kpi[3]).toBeCloseTo(today / clv.length, 9);
    // A new customer (x = t_x = T = 0) valued like everyone else; 2,357 customers over the data's months
    // arrive at the same pace for 12 months, each cohort worth (CLV − CAC), discounted monthly (GLS 2004).
    const monthly = 1.1 ** (1 / 12) - 1;
    const clvNew = customerValue(fits.count.model, fits.count.fit.params, fits.spend.model.expectedSpend(fits.spend.fit.params, 0, 0), 0, 0, 0, 12, monthly, 365.25 / 12 / 7);
    const perMonth = 2357 / ((data.lastDay - data.firstDay + 1) / (365.25 / 12));
    let cohorts = 0;
    for (let k = 1; k <= 12; k++) cohorts += (perMonth * (clvNew - 25)) / (1 + monthly) ** k;
    expect(kpi[4]).toBeCloseTo(today + cohorts, 6);
    expect(kpi[5]).toBeCloseTo(clvNew / 25, 12);
    // Histogram, segments and cohort revenue account for everyone and everything.
    const bins = writeLabelled(plan, "CLV bins").cells;
    expect(bins.reduce((a, r) => a + (r[2] as number), 0)).toBe(clv.length);
    const segments = writeLabelled(plan, "segment summary").cells;
    expect(segments.at(-1)![1]).toBe(2357);
    const rev = writeLabelled(plan, "revenue per cohort").cells;
    expect(rev.map((r) => r[0])).toEqual(["1997-01", "1997-02", "1997-03"]);
    expect(rev.reduce((a, r) => a + (r[1] as number), 0)).toBeCloseTo(revenue, 6);
  });

  it("values only without a CAC asks for one in the LTV:CAC tile", () => {
    const plan = buildDashboardSheet(input, { ...valuesOptions, cac: undefined }, fits, data);
    expect(writeLabelled(plan, "KPI values").cells[0][5]).toBe("enter a CAC");
  });
});

describe("Dashboard breakdown by channel (CDNOW with a made-up channel column)", () => {
  // Channel by customer id (web, store, app) and, for ten rows, blank.
  let rows: unknown[][] = [];
  let input: BuildInput;
  const opts: BuildOptions = { ...DEFAULT_OPTIONS, holdout: false };
  // The breakdown as one table: the labels (written as values, they are the user's text) beside the figures.
  const breakdownRows = (plan: ReturnType<typeof buildDashboardSheet>): unknown[][] => {
    const labels = writeLabelled(plan, "channel labels");
    const figures = writeLabelled(plan, "channel breakdown");
    expect(labels.kind).toBe("values");
    expect([figures.row, figures.column]).toEqual([labels.row, labels.column + 1]);
    return labels.cells.map((l, i) => [l[0], ...figures.cells[i]]);
  };
  beforeAll(() => {
    rows = cdnowSheetRows().map((r, i) => (i === 0 ? [...r, "Channel"] : [...r, i % 700 === 0 ? "" : ["web", "store", "app"][(r[0] as number) % 3]]));
    input = inputFromRows(rows);
  });

  it("values only: revenue and distinct customers per channel, largest first, blanks labelled", async () => {
    const vo = { ...opts, valuesOnly: true };
    const data = modelData(input, vo);
    const plan = buildDashboardSheet(input, vo, await fitModels(data, vo), data);
    const t = breakdownRows(plan);
    const expected = new Map<string, { rev: number; cust: Set<unknown> }>();
    for (const r of rows.slice(1)) {
      const key = r[3] === "" ? "(blank)" : (r[3] as string);
      const e = expected.get(key) ?? { rev: 0, cust: new Set() };
      e.rev += r[2] as number;
      e.cust.add(r[0]);
      expected.set(key, e);
    }
    const total = [...expected.values()].reduce((a, e) => a + e.rev, 0);
    expect(t.map((r) => r[0])).toEqual([...expected.keys()].sort((a, b) => expected.get(b)!.rev - expected.get(a)!.rev));
    expect(t).toHaveLength(4);
    for (const r of t) {
      const e = expected.get(r[0] as string)!;
      expect(r[1]).toBe(e.cust.size);
      expect(r[2] as number).toBeCloseTo(e.rev, 9);
      expect(r[3] as number).toBeCloseTo(e.rev / total, 12);
    }
  });

  it("live: SUMIFS and UNIQUE/FILTER over the data columns", () => {
    const plan = buildDashboardSheet(input, opts, undefined, modelData(input, opts));
    const r = writeLabelled(plan, "channel breakdown").row;
    const t = breakdownRows(plan);
    expect(t[0].slice(1, 3)).toEqual([
      `=IFERROR(ROWS(UNIQUE(FILTER(Data!$A$2:$A$6920,Data!$D$2:$D$6920=H${r}))),0)`,
      `=SUMIFS(Data!$C$2:$C$6920,Data!$D$2:$D$6920,"="&SUBSTITUTE(SUBSTITUTE(SUBSTITUTE(H${r},"~","~~"),"*","~*"),"?","~?"))`,
    ]);
    const blank = t.find((c) => c[0] === "(blank)")!;
    expect(blank[2]).toBe(`=SUMIFS(Data!$C$2:$C$6920,Data!$D$2:$D$6920,"")`);
    expect(overlaps(plan)).toEqual([]);
  });
});
