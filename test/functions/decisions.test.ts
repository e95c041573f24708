import { describe, expect, it } from "vitest";
import { allocate, churn, equityProject, equityTestFn, levers, pnl, segments, whale } from "../../src/functions/decisions";
import { retentionLevers } from "../../src/core/decisions/levers";
import { modelLevers, totalModelValue } from "../../src/core/decisions/modelLevers";
import { bgnbd } from "../../src/core/models/bgnbd";
import { gammaGamma } from "../../src/core/models/gammagamma";
import { sbg } from "../../src/core/models/sbg";
import { PERIODS_PER_MONTH } from "../../src/core/models/value";
import { thrownBy } from "../support/thrown";

const col = (values: unknown[]) => values.map((v) => [v]);

describe("CLV.LEVERS", () => {
  it("retention form: the core's table with headers; elasticity of retention (1+d)/(1+d-r)", () => {
    const t = levers(100, 0.8, 0.1, null, null) as unknown[][];
    expect(t[0]).toEqual(["lever", "level", "level_low", "level_high", "value_low", "value", "value_high", "change_low", "change_high", "elasticity"]);
    expect(t.map((r) => r[0]).slice(1)).toEqual(["retention", "margin", "discount", "acquisition cost"]);
    expect(t[1][9] as number).toBeCloseTo(1.1 / 0.3, 12);
    const core = retentionLevers({ margin: 100, retention: 0.8, discount: 0.1 }, 0.1);
    expect(t[1][6]).toBe(core[0].valueHigh);
    expect(t[1][8] as number).toBeCloseTo(core[0].valueHigh - core[0].value, 12);
  });

  it("a level out of range becomes an error in its cell only", () => {
    const t = levers(100, 0.95, 0.1, 20, 0.1) as unknown[][];
    expect((t[1][6] as { code: string }).code).toBe("#N/A");
    expect(typeof t[1][4]).toBe("number");
  });

  it("rates typed as percentages are refused with the fix", () => {
    expect(thrownBy(() => levers(100, 0.8, 10))).toMatchObject({ code: "#VALUE!", message: expect.stringMatching(/^discount is 10: enter 10% or 0.1/) });
    expect(thrownBy(() => levers(100, 0.8, 0.1, null, null, null, [["customer"]]))).toMatchObject({ code: "#VALUE!", message: expect.stringMatching(/^summary belongs to the model form/) });
  });

  it("model form: fitted tables and a SUMMARY spill give the core's model levers", () => {
    const bg = [["model", "BG/NBD", ""], ["parameter", "estimate", "std. error"], ["r", 0.243, ""], ["alpha", 4.414, ""], ["a", 0.793, ""], ["b", 2.426, ""]];
    const gg = [["model", "Gamma-Gamma", ""], ["p", 6.25, ""], ["q", 3.74, ""], ["gamma", 15.44, ""]];
    const summary = [
      ["customer", "frequency", "recency", "T", "monetary", "total_spend"],
      [1, 0, 0, 38, 0, 10],
      [2, 2, 30.4, 38.8, 20, 55],
      [3, 5, 35, 39, 35.5, 200],
    ];
    const t = levers(0.3, bg, 0.1, null, 0.1, gg, summary, 12, "W") as unknown[][];
    expect(t.map((r) => r[0]).slice(1)).toEqual(["purchase rate", "drop-out", "order value", "margin", "discount"]);
    const inputs = {
      countModel: bgnbd,
      countParams: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 },
      spendModel: gammaGamma,
      spendParams: { p: 6.25, q: 3.74, gamma: 15.44 },
      customers: { frequency: [0, 2, 5], recency: [0, 30.4, 35], T: [38, 38.8, 39], monetary: [0, 20, 35.5] },
      margin: 0.3,
      annualDiscount: 0.1,
      months: 12,
      periodsPerMonth: PERIODS_PER_MONTH.W,
    };
    expect(t[1][5] as number).toBeCloseTo(totalModelValue(inputs), 9);
    expect(t[1][6] as number).toBeCloseTo(modelLevers(inputs)[0].valueHigh, 9);
    expect(thrownBy(() => levers(0.3, bg, 0.1, 50, 0.1, gg, summary))).toMatchObject({ code: "#VALUE!", message: expect.stringMatching(/^cac belongs to the retention form/) });
    expect(thrownBy(() => levers(0.3, bg, 0.1, null, 0.1, gg, [["frequency", "T"], [1, 2]]))).toMatchObject({ code: "#VALUE!", message: expect.stringMatching(/no 'recency' column/) });
  });
});

describe("CLV.PNL, CLV.WHALE and CLV.SEGMENTS", () => {
  it("P&L per customer with a constant cost to serve and CAC", () => {
    const t = pnl(col(["B", 7, "A", "B"]), col([100, 50, 30, -20]), col([60, 20, 10, -12]), 5, 15) as unknown[][];
    expect(t[0]).toEqual(["customer", "orders", "revenue", "cost_of_goods", "contribution", "cost_to_serve", "acquisition_cost", "profit"]);
    expect(t.slice(1)).toEqual([
      [7, 1, 50, 20, 30, 5, 15, 10],
      ["A", 1, 30, 10, 20, 5, 15, 0],
      ["B", 2, 80, 48, 32, 10, 15, 7],
    ]);
    const noCosts = pnl(col([1, 2]), col([10, 20]), undefined) as unknown[][];
    expect(noCosts[0][4]).toBe("contribution (no costs given: = revenue)");
    expect(noCosts[1][3]).toBe("");
  });

  it("P&L: a per-row acquisition-cost column may be blank on the other rows; a text amount names the row", () => {
    const t = pnl(col([1, 1, 2]), col([10, 20, 5]), undefined, null, col([30, "", 4])) as unknown[][];
    expect(t.slice(1).map((r) => r[6])).toEqual([30, 4]);
    expect(thrownBy(() => pnl(col([1, 2]), col([10, "x"])))).toMatchObject({ code: "#VALUE!", message: "amounts: row 2 is 'x', not a number" });
  });

  it("whale curve table with its side block", () => {
    const t = whale(col([10, -5, 40, 0, -15, 30, 20])) as unknown[][];
    expect(t[0]).toEqual(["customer_share", "profit", "cumulative_profit", "profit_share", "", "measure", "value"]);
    expect(t[1].slice(0, 4)).toEqual([0, 0, 0, 0]);
    expect(t[5][3] as number).toBeCloseTo(1.25, 12);
    expect(t[1].slice(5)).toEqual(["peak profit share", 1.25]);
    expect(t[3][5]).toBe("value-destroying share");
    expect(t[3][6] as number).toBeCloseTo(2 / 7, 12);
    expect(t).toHaveLength(9);
    expect(thrownBy(() => whale(col([5, -5])))).toMatchObject({ code: "#N/A" });
  });

  it("segments ranked by total value, with LTV:CAC from one CAC", () => {
    const t = segments(col([100, 300, 50, 200, 10, 40]), col(["Gold", "Gold", "Silver", "Gold", "Bronze", "Silver"]), undefined, 20) as unknown[][];
    expect(t.slice(1).map((r) => [r[0], r[1], r[2], r[6], r[7]])).toEqual([
      ["Gold", 3, 600, 10, 1],
      ["Silver", 2, 90, 2.25, 2],
      ["Bronze", 1, 10, 0.5, 3],
    ]);
    const noCac = segments(col([1, 2]), col(["a", "b"])) as unknown[][];
    expect(noCac[1][5]).toBe("");
  });
});

describe("CLV.ALLOCATE, CLV.EQUITY.TEST, CLV.EQUITY.PROJECT", () => {
  it("allocation spends the whole budget with equal marginal ROI where funded", () => {
    const t = allocate(col([120, 60, 200]), col([500, 1500, 200]), col([0.0004, 0.0002, 0.001]), 10000) as unknown[][];
    expect(t[0]).toEqual(["spend", "share_of_budget", "response", "value", "average_roi", "marginal_roi"]);
    const spend = t.slice(1).map((r) => r[0] as number);
    expect(spend.reduce((a, b) => a + b, 0)).toBeCloseTo(10000, 6);
    const roi = t.slice(1).map((r) => r[5] as number);
    expect(roi[1]).toBeCloseTo(roi[0], 9);
    expect(thrownBy(() => allocate(col([1, 2]), col([1, 1]), col([0.1, 0]), 10))).toMatchObject({ code: "#VALUE!", message: expect.stringMatching(/^rates: row 2 is 0/) });
    const capped = allocate(col([120, 60, 200]), col([500, 1500, 200]), col([0.0004, 0.0002, 0.001]), 10000, null, 3000) as unknown[][];
    expect(capped.slice(1).every((r) => (r[0] as number) <= 3000 + 1e-9)).toBe(true);
  });

  it("equity test table; ceilings are fractions", () => {
    const t = equityTestFn(100, 0.1, 0.4, 0.05, 0.8, 0.04) as unknown[][];
    expect(t.map((r) => r[0])).toEqual([
      "measure",
      "acquisition spend per prospect",
      "acquisition rate",
      "retention spend per customer per period",
      "retention rate",
      "value of an acquired customer",
      "customer equity per prospect",
    ]);
    expect(t[6][1] as number).toBeCloseTo((t[2][1] as number) * (t[5][1] as number) - (t[1][1] as number), 9);
    expect(thrownBy(() => equityTestFn(100, 0.1, 40, 0.05, 0.8, 0.04))).toMatchObject({ code: "#VALUE!", message: expect.stringMatching(/^acquisition_ceiling is 40: enter 40% or 0.4/) });
  });

  it("equity projection with a retention rate or an sBG table", () => {
    const t = equityProject(1000, 0.8, 50, 0.1, 100, null, 30, 3) as unknown[][];
    expect(t).toHaveLength(4);
    expect(t[1].slice(0, 5)).toEqual([1, 800, 100, 100, 900]);
    const p = { alpha: 0.668, beta: 3.806 };
    const sb = [["model", "sBG", ""], ["alpha", p.alpha, ""], ["beta", p.beta, ""]];
    const s = equityProject(1000, sb, 50, 0.1, 0, null, null, 2) as unknown[][];
    expect(s[2][1] as number).toBeCloseTo(1000 * sbg.survival(p, 2), 9);
    expect(thrownBy(() => equityProject(1000, 80, 50, 0.1, 100))).toMatchObject({ code: "#VALUE!", message: expect.stringMatching(/^retention_or_model is 80: enter 80% or 0.8/) });
  });
});

describe("CLV.CHURN", () => {
  it("counts per month with the rule in the header; ISO dates accepted", () => {
    const t = churn(col(["a", "a", "b", "c"]), col(["2024-01-05", "2024-02-10", "2024-01-20", "2024-02-01"])) as unknown[][];
    expect(t[0][0]).toBe("period (active = bought in the month)");
    expect(t.slice(1)).toEqual([
      ["2024-01", 0, 0, 0, 2, 0, 2, "", ""],
      ["2024-02", 2, 1, 1, 1, 0, 2, 0.5, 0.5],
    ]);
    expect(thrownBy(() => churn(col(["a"]), col(["not a date"])))).toMatchObject({ code: "#VALUE!", message: expect.stringMatching(/^dates: row 1/) });
  });
});
