/**
 * The CLV model sheet plan on the CDNOW sample. Published references (test/fixtures/published.json):
 * with the calibration period ending 1997-09-30 (39 weeks) and the holdout to 1998-06-30 (39 weeks),
 * Fader, Hardie & Lee (2005) report BG/NBD r = 0.243, alpha = 4.414, a = 0.793, b = 2.426,
 * LL = -9582.4; the holdout has 1,882 actual repeat purchase days, and the BG/NBD predicts 1,653.41
 * (peer implementation). The default calibration end of the pane (the middle of the data) is exactly
 * 1997-09-30 for CDNOW.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { published, readSampleCsv } from "../../support/samples";
import { cdnowFacts, cdnowInput } from "../cdnow";
import { overlaps, planFormulas, planGrid, writeLabelled } from "../planTools";
import { buildModelSheet, HOLDOUT_FREQUENCIES } from "../../../src/taskpane/builders/model";
import { buildDashboardSheet } from "../../../src/taskpane/builders/dashboard";
import { cellAddress } from "../../../src/taskpane/a1";
import { fitModels, modelData, type ModelData, type ModelFits } from "../../../src/taskpane/builders/modelData";
import { DEFAULT_OPTIONS, type BuildInput, type BuildOptions } from "../../../src/taskpane/builders/types";
import { serialFromIso } from "../../../src/core/data/dates";

const DATA_ARGS = "Data!$A$2:$A$6920,Data!$B$2:$B$6920,Data!$C$2:$C$6920";
const X = "INDEX($A$25#,0,2)";
const TX = "INDEX($A$25#,0,3)";
const T = "INDEX($A$25#,0,4)";
const M = "INDEX($A$25#,0,5)";

describe("CLV model plan on CDNOW", () => {
  let input: BuildInput;
  let data: ModelData;
  let fits: ModelFits;
  const valuesOptions: BuildOptions = { ...DEFAULT_OPTIONS, valuesOnly: true };

  beforeAll(async () => {
    input = cdnowInput();
    data = modelData(input, valuesOptions);
    fits = await fitModels(data, valuesOptions);
  });

  it("splits at 1997-09-30 by default and keeps all 2,357 customers in the calibration", () => {
    expect(data.holdout?.calibrationEnd).toBe(serialFromIso("1997-09-30"));
    expect(data.holdout?.observationEnd).toBe(serialFromIso("1998-06-30"));
    expect(data.holdout?.split.customer).toHaveLength(2357);
    expect(data.holdout?.split.durationHoldout).toBeCloseTo(273 / 7, 12);
    expect(data.summary.customer).toHaveLength(2357);
  });

  it("live: CLV.SUMMARY, the FIT tables and the prediction columns chain through spill references", () => {
    const plan = buildModelSheet(input, DEFAULT_OPTIONS, undefined, data);
    const summary = writeLabelled(plan, "customer summary");
    expect({ row: summary.row, column: summary.column }).toEqual({ row: 25, column: 1 });
    expect(summary.cells).toEqual([[`=CLV.SUMMARY(${DATA_ARGS},,"W",FALSE)`]]);
    expect(summary.spill).toEqual({ rows: 2357, columns: 10 });
    const count = writeLabelled(plan, "count model");
    expect({ row: count.row, column: count.column }).toEqual({ row: 5, column: 4 });
    expect(count.cells).toEqual([[`=CLV.BGNBD.FIT(${X},${TX},${T},,,"W")`]]);
    // model, time unit, header, r, alpha, a, b, LL, parameters, AIC, BIC, customers, converged, iterations
    expect(count.spill).toEqual({ rows: 14, columns: 3 });
    expect(writeLabelled(plan, "spend model").cells).toEqual([[`=CLV.GG.FIT(${X},${M})`]]);
    expect(writeLabelled(plan, "P(alive)").cells).toEqual([[`=CLV.PALIVE($D$5#,${X},${TX},${T})`]]);
    expect(writeLabelled(plan, "expected purchases").cells).toEqual([[`=CLV.EXPECTED($D$5#,$B$7*365.25/12/7,${X},${TX},${T})`]]);
    expect(writeLabelled(plan, "expected spend").cells).toEqual([[`=CLV.SPEND($H$5#,${X},${M})`]]);
    // No margin given: CLV.VALUE without one, so the column is revenue and says so.
    expect(writeLabelled(plan, "CLV").cells).toEqual([[`=CLV.VALUE($D$5#,$H$5#,${X},${TX},${T},${M},$B$7,$B$8,"W")`]]);
    expect(planGrid(plan).get("N24")).toBe("expected revenue");
    expect(writeLabelled(plan, "tier").cells).toEqual([["=CLV.TIER($N$25#)"]]);
    // Settings are input cells: horizon 12 months, 10 % a year, monthly rate derived, no margin.
    const grid = planGrid(plan);
    expect([grid.get("B7"), grid.get("B8"), grid.get("B9"), grid.get("B10")]).toEqual([12, 0.1, "=(1+$B$8)^(1/12)-1", ""]);
    expect(grid.get("A10")).toBe("Contribution margin (none given: values are revenue)");
    // With a margin the column is CLV, and CLV.VALUE takes the margin cell as its last argument.
    const withMargin = buildModelSheet(input, { ...DEFAULT_OPTIONS, margin: 0.3 }, undefined, data);
    expect(writeLabelled(withMargin, "CLV").cells).toEqual([[`=CLV.VALUE($D$5#,$H$5#,${X},${TX},${T},${M},$B$7,$B$8,"W",$B$10)`]]);
    expect(planGrid(withMargin).get("N24")).toBe("CLV");
    expect(planGrid(withMargin).get("B10")).toBe(0.3);
    expect([grid.get("B12"), grid.get("B13")]).toEqual([serialFromIso("1997-09-30"), serialFromIso("1998-06-30")]);
    expect(overlaps(plan)).toEqual([]);
  });

  it("live: the holdout check splits at the settings' dates and compares by frequency with AVERAGEIFS", () => {
    const plan = buildModelSheet(input, DEFAULT_OPTIONS, undefined, data);
    const split = writeLabelled(plan, "calibration split");
    expect(split.cells).toEqual([[`=CLV.SPLIT(${DATA_ARGS},$B$12,$B$13,"W",FALSE)`]]);
    expect(split.spill).toEqual({ rows: 2357, columns: 8 });
    const S = `$${"AA"}$${split.row}#`;
    expect(writeLabelled(plan, "calibration model").cells).toEqual([[`=CLV.BGNBD.FIT(INDEX(${S},0,2),INDEX(${S},0,3),INDEX(${S},0,4),,,"W")`]]);
    expect(writeLabelled(plan, "predicted holdout").cells).toEqual([[`=CLV.EXPECTED($Q$6#,INDEX(${S},1,8),INDEX(${S},0,2),INDEX(${S},0,3),INDEX(${S},0,4))`]]);
    const byFreq = writeLabelled(plan, "holdout by frequency");
    expect(byFreq.cells).toHaveLength(HOLDOUT_FREQUENCIES + 2);
    expect(byFreq.cells[1]).toEqual([1, `=COUNTIF(INDEX(${S},0,2),1)`, `=IF(R24>0,AVERAGEIFS(INDEX(${S},0,6),INDEX(${S},0,2),1),"")`, `=IF(R24>0,AVERAGEIFS($AI$${split.row}#,INDEX(${S},0,2),1),"")`]);
    expect(byFreq.cells[7][0]).toBe("7+");
    expect(byFreq.cells[7][1]).toBe(`=COUNTIF(INDEX(${S},0,2),">=7")`);
    // Tracking: 78 weekly points; the prediction is a live sum of E[X(t - s_i)] over the customers.
    const tracking = writeLabelled(plan, "tracking");
    expect(tracking.cells).toHaveLength(78);
    expect(tracking.cells[38][0]).toBe(39);
    expect(tracking.cells[38][2]).toMatch(/^=SUM\(CLV\.EXPECTED\(\$Q\$6#,IF\(W61-\(38\.857142857142\d*-INDEX\(\$AA\$\d+#,0,4\)\)>0,/);
    expect(plan.charts.map((c) => c.type)).toEqual(["ColumnClustered", "Line"]);
    // Every CLV.* formula in the plan names a function that exists (no typos): the list of ids.
    const used = new Set(planFormulas(plan).flatMap((f) => [...f.matchAll(/CLV\.([A-Z_.]+)\(/g)].map((m) => m[1])));
    expect([...used].sort()).toEqual(["BGNBD.FIT", "EXPECTED", "GG.FIT", "PALIVE", "SPEND", "SPLIT", "SUMMARY", "TIER", "VALUE"]);
  });

  it("values only: the calibration BG/NBD matches Fader, Hardie & Lee (2005) and the holdout totals match the published figures", () => {
    const ref = published();
    const plan = buildModelSheet(input, valuesOptions, fits, data);
    expect(planFormulas(plan).filter((f) => f.includes("CLV."))).toEqual([]);
    const cal = writeLabelled(plan, "calibration model").cells;
    const param = (name: string) => cal.find((r) => r[0] === name)![1] as number;
    const peer = ref.bgnbd_cdnow.mle_peer;
    // Peer MLE to 4 significant digits; LL to 0.01 (published -9582.4).
    expect(param("r")).toBeCloseTo(peer.r, 4);
    expect(param("alpha")).toBeCloseTo(peer.alpha, 2);
    expect(param("a")).toBeCloseTo(peer.a, 3);
    expect(param("b")).toBeCloseTo(peer.b, 2);
    expect(param("log-likelihood")).toBeCloseTo(ref.bgnbd_cdnow.log_likelihood_peer, 2);
    const byFreq = writeLabelled(plan, "holdout by frequency").cells;
    const total = byFreq[HOLDOUT_FREQUENCIES + 1];
    expect(total[1]).toBe(2357);
    expect(total[2]).toBe(ref.cdnow.holdout.actual_repeat_purchase_days_in_holdout_total); // 1882
    expect(total[3] as number).toBeCloseTo(ref.cdnow.holdout.bgnbd_predicted_total_peer, 0); // 1653.41
    expect(byFreq.slice(0, -1).reduce((a, r) => a + (r[1] as number), 0)).toBe(2357);
  });

  it("values only: tracking counts the repeat purchases of the calibration summary, then the holdout's", () => {
    const plan = buildModelSheet(input, valuesOptions, fits, data);
    const tracking = writeLabelled(plan, "tracking").cells;
    // By week 39 (1997-09-30 is day 272 after 1997-01-01, i.e. within week 39) the cumulative actual count
    // equals the calibration frequencies of cdnow_customers_summary.csv (2,457), by the end of the data
    // that plus the 1,882 holdout purchases.
    const calibrationTotal = readSampleCsv("cdnow_customers_summary.csv").reduce((a, r) => a + (r.frequency as number), 0);
    expect(calibrationTotal).toBe(2457);
    const at = (tau: number) => tracking.find((r) => r[0] === tau)!;
    expect(at(38)[1] as number).toBeLessThanOrEqual(calibrationTotal);
    expect(at(39)[1] as number).toBeGreaterThanOrEqual(calibrationTotal);
    expect(tracking.at(-1)![1]).toBe(calibrationTotal + 1882);
    const predicted = tracking.map((r) => r[2] as number);
    for (let i = 1; i < predicted.length; i++) expect(predicted[i]).toBeGreaterThanOrEqual(predicted[i - 1]);
    // FHL (2005, figure 2): the BG/NBD tracks the cumulative curve closely; within 5 % at the end here.
    expect(Math.abs(predicted.at(-1)! / (calibrationTotal + 1882) - 1)).toBeLessThan(0.05);
  });

  it("values only: with no discount, CLV = expected spend x expected purchases over the horizon (the monthly sum telescopes)", async () => {
    const opts = { ...valuesOptions, annualDiscount: 0, margin: 1 };
    const plan = buildModelSheet(input, opts, await fitModels(data, opts), data);
    const clv = writeLabelled(plan, "CLV").cells.map((r) => r[0] as number);
    const spend = writeLabelled(plan, "expected spend").cells.map((r) => r[0] as number);
    const expected = writeLabelled(plan, "expected purchases").cells.map((r) => r[0] as number);
    let checked = 0;
    for (let i = 0; i < clv.length; i++) {
      if (typeof clv[i] !== "number") continue;
      expect(clv[i]).toBeCloseTo(spend[i] * expected[i], 6);
      checked++;
    }
    expect(checked).toBeGreaterThan(2300);
  });

  it("values only: summary rows agree with the raw data, tiers split 20/30/50, and a margin scales CLV", () => {
    const plan = buildModelSheet(input, { ...valuesOptions, margin: 0.3 }, fits, data);
    const rows = writeLabelled(plan, "customer summary").cells;
    const facts = cdnowFacts();
    const end = serialFromIso("1998-06-30");
    for (const r of rows.slice(0, 200)) {
      const f = facts.get(r[0] as number)!;
      expect(r[1]).toBe(f.days.size - 1);
      expect(r[2] as number).toBeCloseTo((f.last - f.first) / 7, 12);
      expect(r[3] as number).toBeCloseTo((end - f.first) / 7, 12);
      expect(r[5] as number).toBeCloseTo(f.spend, 9);
    }
    const tiers = writeLabelled(plan, "tier").cells.map((r) => r[0]);
    const high = tiers.filter((t) => t === "High").length;
    expect(high / 2357).toBeGreaterThan(0.19);
    expect(high / 2357).toBeLessThan(0.21);
    const clv30 = writeLabelled(plan, "CLV").cells.map((r) => r[0] as number);
    const clv100 = writeLabelled(buildModelSheet(input, valuesOptions, fits, data), "CLV").cells.map((r) => r[0] as number);
    expect(clv30[0]).toBeCloseTo(0.3 * clv100[0], 9);
    const figures = writeLabelled(plan, "key figures").cells;
    expect(figures[0][0]).toBe("Customers");
    expect(figures[1][0]).toBe(2357);
  });

  it("skips the holdout check with a reason when the calibration end is outside the data", () => {
    const opts = { ...DEFAULT_OPTIONS, calibrationEnd: serialFromIso("1999-01-01") };
    const plan = buildModelSheet(input, opts, undefined, modelData(input, opts));
    expect(plan.notes.join(" ")).toMatch(/Holdout check skipped: the calibration end 1999-01-01 must lie between 1997-01-01 and 1998-06-30/);
    expect(plan.writes.some((w) => w.label === "calibration split")).toBe(false);
  });

  it("live: below every FIT table the next row is free, where its status row spills (boundary fit, or did not converge)", () => {
    // fitToTable (src/core/models/table.ts) appends one "status" row to a boundary or non-converged
    // fit; in a live sheet the spill then grows by one row on a recalculation, and a cell written
    // there would turn the whole table into #SPILL!.
    const opts: BuildOptions[] = [DEFAULT_OPTIONS, { ...DEFAULT_OPTIONS, model: "Pareto/NBD" }];
    for (const o of opts) {
      const oData = modelData(input, o);
      for (const plan of [buildModelSheet(input, o, undefined, oData), buildDashboardSheet(input, o, undefined, oData)]) {
        const grid = planGrid(plan);
        const tables = plan.writes.filter((w) => w.kind === "formulas" && /^=CLV\.[A-Z.]+\.FIT\(/.test(String(w.cells[0][0])));
        expect(tables.length, plan.name).toBeGreaterThanOrEqual(2);
        for (const w of tables) {
          const below = w.row + w.spill!.rows;
          const taken = [0, 1, 2].map((j) => grid.get(cellAddress(below, w.column + j))).filter((v) => v !== undefined && v !== "");
          expect(taken, `${plan.name}: ${w.label} at row ${w.row}`).toEqual([]);
        }
      }
    }
  });

  it("Pareto/NBD: uses CLV.PARETO.FIT", () => {
    const opts: BuildOptions = { ...DEFAULT_OPTIONS, model: "Pareto/NBD" };
    const plan = buildModelSheet(input, opts, undefined, modelData(input, opts));
    expect(writeLabelled(plan, "count model").cells).toEqual([[`=CLV.PARETO.FIT(${X},${TX},${T},,,"W")`]]);
  });
});
