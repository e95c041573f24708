/**
 * The measurement functions through their Excel signatures: ranges in as any[][] (nulls for omitted
 * optional arguments), tables out, error values with messages. Figures: published.json (FHL 2005,
 * note 025) and hand computation; see test/core/measure for the numerics.
 */
import { describe, expect, it } from "vitest";
import { published } from "../support/samples";
import { sampleColumn } from "../support/sampleDatasets";
import { accuracy, compare, explain, holdoutByFreq, loglik, quality, refit, tierAuditFn, track } from "../../src/functions/measurement";
import { bgnbdFit } from "../../src/functions/models";
import { serialFromIso } from "../../src/core/data/dates";

const col = (v: readonly (number | string | null)[]): (number | string | null)[][] => v.map((x) => [x]);
const BGNBD_FHL = [
  ["model", "BG/NBD", ""],
  ["r", 0.243, ""],
  ["alpha", 4.414, ""],
  ["a", 0.793, ""],
  ["b", 2.426, ""],
];

function errorOf(f: () => unknown): { code: string; message: string } {
  try {
    f();
  } catch (e) {
    return e as { code: string; message: string };
  }
  throw new Error("expected an error value");
}

describe("CLV.LOGLIK", () => {
  it("by hand for one BG/NBD customer with x = 0: ln[(α/(α+T))^r] (FHL eq. 6 with x = 0)", () => {
    const v = loglik(BGNBD_FHL, [[0]], [[0]], [[10]], null as any);
    expect(v).toBeCloseTo(0.243 * Math.log(4.414 / 14.414), 12);
  });
  it("weights multiply rows", () => {
    const one = loglik(BGNBD_FHL, col([0, 2]), col([0, 5]), col([10, 20]), null as any);
    const w = loglik(BGNBD_FHL, col([0, 2]), col([0, 5]), col([10, 20]), col([3, 2]));
    const rep = loglik(BGNBD_FHL, col([0, 0, 0, 2, 2]), col([0, 0, 0, 5, 5]), col([10, 10, 10, 20, 20]), null as any);
    expect(w).toBeCloseTo(rep, 10);
    expect(w).not.toBeCloseTo(one, 3);
  });
  it("Gamma-Gamma takes monetary in place of recency and leaves out x = 0 (note 025 eq. 3 by hand)", () => {
    const gg = [["model", "Gamma-Gamma"], ["p", 6.25], ["q", 3.74], ["gamma", 15.44]];
    const v = loglik(gg, col([2, 0]), col([30, 0]), null as any, null as any);
    const [p, q, g, x, m] = [6.25, 3.74, 15.44, 2, 30];
    const lg = (z: number) => {
      // Stirling-free check through a product: Γ(z) for these arguments via the recursion on a small table.
      let s = 0;
      let y = z;
      while (y > 10) {
        y -= 1;
        s += Math.log(y);
      }
      // ln Γ(y) for y in (0, 10] by Lanczos (g = 7), an independent implementation.
      const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
      const yy = y - 1;
      let a = c[0];
      const t = yy + 7.5;
      for (let i = 1; i < 9; i++) a += c[i] / (yy + i);
      return s + 0.5 * Math.log(2 * Math.PI) + (yy + 0.5) * Math.log(t) - t + Math.log(a);
    };
    const byHand = lg(p * x + q) - lg(p * x) - lg(q) + q * Math.log(g) + (p * x - 1) * Math.log(m) + p * x * Math.log(x) - (p * x + q) * Math.log(g + m * x);
    expect(v).toBeCloseTo(byHand, 8);
  });
  it("sBG takes the survivors column", () => {
    const v = loglik([["model", "sBG"], ["alpha", 0.7], ["beta", 1.3]], col([1000, 631, 468]), null as any, null as any, null as any);
    const [a, b] = [0.7, 1.3];
    expect(v).toBeCloseTo(369 * Math.log(a / (a + b)) + 163 * Math.log((a * b) / ((a + b) * (a + b + 1))) + 468 * Math.log((b * (b + 1)) / ((a + b) * (a + b + 1))), 8);
  });
  it("a count model without T is #VALUE! naming T", () => {
    const e = errorOf(() => loglik(BGNBD_FHL, col([1]), col([1]), null as any, null as any));
    expect(e.code).toBe("#VALUE!");
    expect(e.message).toMatch(/T is required/);
  });

  it("summed over CDNOW at the fit's estimates it equals the fit's log-likelihood (−9582.4256)", async () => {
    const f = (c: string) => sampleColumn({ $sample: "cdnow-summary", column: c });
    const table = (await bgnbdFit(f("frequency"), f("recency"), f("T"), null as any, null)) as unknown[][];
    const fitLL = table.find((r) => r[0] === "log-likelihood")![1] as number;
    const v = loglik(table as any, f("frequency"), f("recency"), f("T"), null as any);
    expect(v).toBeCloseTo(fitLL, 6);
    expect(v).toBeCloseTo(published().bgnbd_cdnow.log_likelihood_peer, 3);
  });
});

describe("CDNOW calibration/holdout through the functions", () => {
  const split = sampleColumn({ $sample: "cdnow-split", columns: ["frequency_cal", "recency_cal", "T_cal", "frequency_holdout", "duration_holdout"] });
  const ref = published();

  it("CLV.HOLDOUT.BYFREQ on the split table: 8 bins and the totals 1,882 vs 1,653.41", async () => {
    const fit = (await bgnbdFit(col(split.slice(1).map((r) => r[0] as number)), col(split.slice(1).map((r) => r[1] as number)), col(split.slice(1).map((r) => r[2] as number)), null as any, null)) as any;
    const out = holdoutByFreq(fit, split as any, split as any, null) as unknown[][];
    expect(out[0]).toEqual(["frequency", "customers", "mean_actual", "mean_predicted", "total_actual", "total_predicted"]);
    expect(out.map((r) => r[0])).toEqual(["frequency", "0", "1", "2", "3", "4", "5", "6", "7+", "all"]);
    expect(out[9][4]).toBe(ref.cdnow.holdout.actual_repeat_purchase_days_in_holdout_total);
    expect(out[9][5] as number).toBeCloseTo(ref.cdnow.holdout.bgnbd_predicted_total_peer, 1);
    expect(out[1][1]).toBe(1411);
  });

  it("CLV.COMPARE: two tables side by side; LL equals each fit's own; AIC/BIC closed forms", async () => {
    const x = col(split.slice(1).map((r) => r[0] as number));
    const tx = col(split.slice(1).map((r) => r[1] as number));
    const T = col(split.slice(1).map((r) => r[2] as number));
    const a = (await bgnbdFit(x, tx, T, null as any, null)) as unknown[][];
    const pareto = [["model", "Pareto/NBD", ""], ["r", 0.553, ""], ["alpha", 10.578, ""], ["s", 0.606, ""], ["beta", 11.669, ""]];
    const rows = Math.max(a.length, pareto.length);
    const side = Array.from({ length: rows }, (_, i) => [...(a[i] ?? ["", "", ""]), ...(pareto[i] ?? ["", "", ""])]);
    const out = compare(side as any, split as any, split as any) as unknown[][];
    const line = (label: string) => out.find((r) => r[0] === label)!;
    expect(out[0]).toEqual(["model", "BG/NBD", "Pareto/NBD"]);
    expect(line("s")).toEqual(["s", "", 0.606]);
    const ll = line("log-likelihood");
    expect(ll[1] as number).toBeCloseTo(a.find((r) => r[0] === "log-likelihood")![1] as number, 6);
    expect(line("AIC")[2] as number).toBeCloseTo(8 - 2 * (ll[2] as number), 8);
    expect(line("BIC")[1] as number).toBeCloseTo(4 * Math.log(2357) - 2 * (ll[1] as number), 8);
    expect(line("holdout actual")).toEqual(["holdout actual", 1882, 1882]);
    expect(line("holdout predicted")[1] as number).toBeCloseTo(1653.41, 1);
    expect(line("parameters")).toEqual(["parameters", 4, 4]);
  });

  it("CLV.TRACK: 78 weekly rows, the holdout part adds to 1,882", () => {
    const t = (c: string) => sampleColumn({ $sample: "cdnow-transactions", column: c });
    const out = track(BGNBD_FHL, t("customer"), t("date"), "1997-09-30", "1998-06-30", null, null) as unknown[][];
    expect(out).toHaveLength(79);
    expect(out[0]).toEqual(["period", "period_end", "part", "actual", "predicted", "cumulative_actual", "cumulative_predicted"]);
    expect(out[39][2]).toBe("calibration");
    expect(out[40][2]).toBe("holdout");
    expect(out[78][1]).toBe(serialFromIso("1998-06-30"));
    expect((out[78][5] as number) - (out[39][5] as number)).toBe(1882);
  });
});

describe("CLV.ACCURACY", () => {
  it("two horizons with headers and groups; figures by hand", () => {
    const p = [["6m", "12m"], [2, 4], [1, 2], [5, 9], [3, 6]];
    const a = [["6m", "12m"], [1, 3], [2, 2], [3, 8], [3, 5]];
    const g = col(["group", "x", "x", "y", "y"]);
    const out = accuracy(p, a, g, null) as unknown[][];
    expect(out[0].slice(0, 9)).toEqual(["horizon", "group", "customers", "MAE", "RMSE", "bias", "correlation", "predicted_total", "actual_total"]);
    expect(out[0]).toHaveLength(19);
    expect(out.map((r) => `${r[0]}|${r[1]}`).slice(1)).toEqual(["6m|all", "6m|x", "6m|y", "12m|all", "12m|x", "12m|y"]);
    // 6m errors 1, −1, 2, 0: MAE 1, RMSE √1.5, bias 0.5.
    expect(out[1][3]).toBeCloseTo(1, 14);
    expect(out[1][4]).toBeCloseTo(Math.sqrt(1.5), 14);
    expect(out[1][5]).toBeCloseTo(0.5, 14);
    // group y, 6m: errors 2 and 0.
    expect(out[3][3]).toBeCloseTo(1, 14);
    expect(out[3][2]).toBe(2);
    // 12m errors 1, 0, 1, 1.
    expect(out[4][3]).toBeCloseTo(0.75, 14);
  });
  it("shapes that differ are #VALUE!", () => {
    expect(errorOf(() => accuracy(col([1, 2]), [[1, 2], [3, 4]], null as any, null)).message).toMatch(/columns/);
  });
});

describe("CLV.QUALITY, CLV.TIER.AUDIT, CLV.EXPLAIN", () => {
  it("QUALITY spills check, count, note", () => {
    const out = quality(col(["A", "A", "B"]), col(["2020-01-01", "2020-01-01", "2020-01-02"]), col([5, -5, 3]), null, null) as unknown[][];
    expect(out[0]).toEqual(["check", "count", "note"]);
    expect(out.find((r) => r[0] === "same-day rows merged")![1]).toBe(1);
    expect(out.find((r) => r[0] === "left out: no purchase day")![1]).toBe(1);
  });

  it("TIER.AUDIT: counts, shares, ratios, test and reading in one table", () => {
    const tiers = col(["High", "Low", "High", "Low", "Low", "Low"]);
    const groups = col(["A", "A", "A", "B", "B", "B"]);
    const out = tierAuditFn(tiers, groups, null, null) as unknown[][];
    expect(out[0]).toEqual(["group", "customers", "High count", "Low count", "High share", "Low share", "ratio to 'A'", "below 4/5"]);
    expect(out[1]).toEqual(["A", 3, 2, 1, 2 / 3, 1 / 3, 1, false]);
    expect(out[2]).toEqual(["B", 3, 0, 3, 0, 1, 0, true]);
    expect(out[3].slice(0, 4)).toEqual(["all", 6, 2, 4]);
    // 2×2 table: X² = N(ad − bc)²/(row and column totals) = 6·(2·3 − 1·0)²/(3·3·2·4) = 3; df 1.
    expect(out[4][1]).toBeCloseTo(3, 12);
    expect(out[5][1]).toBe(1);
    expect(out.every((r) => r.length === 8)).toBe(true);
    expect(out[7][0]).toBe("reading");
  });

  it("EXPLAIN: three columns, numbers equal the table's closed forms", () => {
    const out = explain(BGNBD_FHL, null) as unknown[][];
    expect(out[0]).toEqual(["reading", "value", "unit"]);
    expect(out[1][1]).toBeCloseTo(0.243 / 4.414, 14);
    expect(out[3][1]).toBeCloseTo(0.793 / (0.793 + 2.426), 14);
    expect(String(out[1][0])).toContain("per week");
  });

  it("EXPLAIN reads the table's time unit row", () => {
    const days = explain([...BGNBD_FHL, ["time unit", "D", ""]], null) as unknown[][];
    expect(String(days[1][0])).toContain("per day");
  });
});

describe("CLV.REFIT", () => {
  it("a text model name that is not a count model is #N/A", async () => {
    let err: any;
    try {
      await refit(col([1, 1]), col([40000, 40010]), col([1, 1]), col([40005]), "Gamma-Gamma", null);
    } catch (e) {
      err = e;
    }
    expect(err.code).toBe("#N/A");
  });
});
