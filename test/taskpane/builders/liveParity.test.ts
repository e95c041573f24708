/**
 * Live formulas and values-only sheets must show the same numbers. For each CLV.* formula a plan
 * writes, this test calls the custom function itself (src/functions, with the CustomFunctions stub of
 * the test setup) on the CDNOW columns the formula references, with the arguments in the formula's
 * order, and compares the result with the values-only plan (computed by the core) and with the spill
 * size the plan reserved for it.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { cdnowInput, cdnowSheetRows } from "../cdnow";
import { writeLabelled } from "../planTools";
import { cohort, rfmTableFn, split, summary, tier } from "../../../src/functions/data";
import { bgnbdFit, expected, ggFit, palive, spend, value } from "../../../src/functions/models";
import { buildCohortSheet } from "../../../src/taskpane/builders/cohorts";
import { buildRfmSheet } from "../../../src/taskpane/builders/rfm";
import { buildModelSheet } from "../../../src/taskpane/builders/model";
import { fitModels, modelData } from "../../../src/taskpane/builders/modelData";
import { DEFAULT_OPTIONS, type BuildInput, type BuildOptions } from "../../../src/taskpane/builders/types";
import type { Cell, SheetPlan } from "../../../src/taskpane/plan";

type Grid = unknown[][];

function column(g: Grid, k: number): Grid {
  return g.map((r) => [r[k]]);
}

/** Compare a function's spill with plan values: numbers to 1e-9 relative, the rest exactly. */
function expectSame(actual: Grid, values: readonly (readonly Cell[])[]): void {
  expect(actual.length).toBe(values.length);
  for (let i = 0; i < values.length; i++) {
    expect(actual[i].length).toBe(values[i].length);
    for (let j = 0; j < values[i].length; j++) {
      const a = actual[i][j];
      const v = values[i][j];
      if (typeof v === "number" && typeof a === "number") expect(a).toBeCloseTo(v, Math.max(0, 9 - Math.ceil(Math.log10(Math.abs(v) + 1))));
      else expect(a).toEqual(v);
    }
  }
}

function spillOf(plan: SheetPlan, label: string): { rows: number; columns: number } {
  const w = writeLabelled(plan, label);
  return w.spill ?? { rows: 1, columns: 1 };
}

describe("live formulas = values only on CDNOW", () => {
  let input: BuildInput;
  let C: Grid;
  let D: Grid;
  let A: Grid;
  const values: BuildOptions = { ...DEFAULT_OPTIONS, valuesOnly: true };

  beforeAll(() => {
    input = cdnowInput();
    const rows = cdnowSheetRows().slice(1);
    C = column(rows, 0);
    D = column(rows, 1);
    A = column(rows, 2);
  });

  it("CLV.COHORT(..., unit, metric,, FALSE) for every cohort table", () => {
    const live = buildCohortSheet(input, DEFAULT_OPTIONS);
    const vals = buildCohortSheet(input, values);
    for (const metric of ["retention", "customers", "revenue", "revenue_per_customer", "cumulative_revenue_per_customer"]) {
      const label = `${metric} by cohort`;
      expect(writeLabelled(live, label).cells[0][0]).toContain(`"M","${metric}",,FALSE)`);
      const out = cohort(C, D, A, "M", metric, null, false);
      expectSame(out, writeLabelled(vals, label).cells);
      expect({ rows: out.length, columns: out[0].length }).toEqual(spillOf(live, label));
    }
  });

  it("CLV.RFM.TABLE(...,,,FALSE)", () => {
    const live = buildRfmSheet(input, DEFAULT_OPTIONS);
    const out = rfmTableFn(C, D, A, null, null, false);
    expectSame(out, writeLabelled(buildRfmSheet(input, values), "RFM table").cells);
    expect({ rows: out.length, columns: out[0].length }).toEqual(spillOf(live, "RFM table"));
  });

  it("CLV.SUMMARY, the fits, P(alive), EXPECTED, SPEND, VALUE, TIER and SPLIT of the model sheet", async () => {
    const data = modelData(input, values);
    const live = buildModelSheet(input, DEFAULT_OPTIONS, undefined, data);
    const vals = buildModelSheet(input, values, await fitModels(data, values), data);

    const s = summary(C, D, A, null, "W", false);
    expectSame(s, writeLabelled(vals, "customer summary").cells);
    expect({ rows: s.length, columns: s[0].length }).toEqual(spillOf(live, "customer summary"));
    const x = column(s, 1);
    const tx = column(s, 2);
    const T = column(s, 3);
    const m = column(s, 4);

    const countTable = await bgnbdFit(x, tx, T);
    expectSame(countTable, writeLabelled(vals, "count model").cells);
    expect({ rows: countTable.length, columns: countTable[0].length }).toEqual(spillOf(live, "count model"));
    const spendTable = await ggFit(x, m);
    expectSame(spendTable, writeLabelled(vals, "spend model").cells);
    expect({ rows: spendTable.length, columns: spendTable[0].length }).toEqual(spillOf(live, "spend model"));

    expectSame(palive(countTable, x, tx, T), writeLabelled(vals, "P(alive)").cells);
    expectSame(expected(countTable, [[12 * (365.25 / 12 / 7)]], x, tx, T), writeLabelled(vals, "expected purchases").cells);
    expectSame(spend(spendTable, x, m), writeLabelled(vals, "expected spend").cells);
    const clv = value(countTable, spendTable, x, tx, T, m, 12, 0.1, "W");
    expectSame(clv, writeLabelled(vals, "CLV").cells);
    expectSame(tier(clv), writeLabelled(vals, "tier").cells);

    const h = data.holdout!;
    const sp = split(C, D, A, h.calibrationEnd, h.observationEnd, "W", false);
    expectSame(sp, writeLabelled(vals, "calibration split").cells);
    expect({ rows: sp.length, columns: sp[0].length }).toEqual(spillOf(live, "calibration split"));
    const calTable = await bgnbdFit(column(sp, 1), column(sp, 2), column(sp, 3));
    expectSame(calTable, writeLabelled(vals, "calibration model").cells);
    expectSame(expected(calTable, [[sp[0][7]]], column(sp, 1), column(sp, 2), column(sp, 3)), writeLabelled(vals, "predicted holdout").cells);

    // Tracking: the live row formula SUM(CLV.EXPECTED(model, IF(age>0, age, 0))) at week 39.
    const tracking = writeLabelled(vals, "tracking").cells;
    const i39 = tracking.findIndex((r) => r[0] === 39);
    const ages = column(sp, 3).map((r) => {
      const age = 39 - (h.calibrationOffset - (r[0] as number));
      return [age > 0 ? age : 0];
    });
    const sum = expected(calTable, ages).reduce((a, r) => a + (r[0] as number), 0);
    expect(sum).toBeCloseTo(tracking[i39][2] as number, 6);
  });
});
