/** Accuracy measures against hand computation on small data. */
import { describe, expect, it } from "vitest";
import { accuracyMetrics, decileShares } from "../../../src/core/measure/accuracy";

describe("accuracy metrics", () => {
  it("MAE, RMSE, bias and correlation by hand", () => {
    // errors p − a: 1, −1, 2, 0 → MAE 1, RMSE √(6/4), bias 0.5.
    const p = [2, 1, 5, 3];
    const a = [1, 2, 3, 3];
    const m = accuracyMetrics(p, a);
    expect(m.n).toBe(4);
    expect(m.mae).toBeCloseTo(1, 14);
    expect(m.rmse).toBeCloseTo(Math.sqrt(1.5), 14);
    expect(m.bias).toBeCloseTo(0.5, 14);
    // means 2.75 and 2.25; deviations p: −.75, −1.75, 2.25, .25; a: −1.25, −.25, .75, .75
    const cov = 0.9375 + 0.4375 + 1.6875 + 0.1875;
    const vp = 0.5625 + 3.0625 + 5.0625 + 0.0625;
    const va = 1.5625 + 0.0625 + 0.5625 + 0.5625;
    expect(m.correlation).toBeCloseTo(cov / Math.sqrt(vp * va), 14);
    expect(m.totalPredicted).toBe(11);
    expect(m.totalActual).toBe(9);
  });

  it("weights count a row as that many customers", () => {
    const w = accuracyMetrics([2, 5], [1, 3], [3, 1]);
    const rep = accuracyMetrics([2, 2, 2, 5], [1, 1, 1, 3]);
    expect(w.mae).toBeCloseTo(rep.mae, 14);
    expect(w.rmse).toBeCloseTo(rep.rmse, 14);
    expect(w.bias).toBeCloseTo(rep.bias, 14);
    expect(w.correlation).toBeCloseTo(rep.correlation, 14);
  });

  it("no spread gives no correlation (NaN), not a division by zero", () => {
    expect(accuracyMetrics([1, 1, 1], [0, 1, 2]).correlation).toBeNaN();
  });

  it("deciles: 20 customers, two per decile, ranked by prediction (ties in input order)", () => {
    const p = Array.from({ length: 20 }, (_, i) => 20 - i); // already ranked
    const a = Array.from({ length: 20 }, (_, i) => (i < 2 ? 10 : i < 4 ? 5 : 0.5));
    const total = 20 + 10 + 16 * 0.5;
    const d = decileShares(p, a);
    expect(d[0]).toBeCloseTo(20 / total, 14);
    expect(d[1]).toBeCloseTo(10 / total, 14);
    for (let k = 2; k < 10; k++) expect(d[k]).toBeCloseTo(1 / total, 14);
    expect(d.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 14);
  });

  it("fewer than 10 customers leave empty deciles blank (NaN)", () => {
    const d = decileShares([3, 2, 1], [1, 1, 2]);
    expect(d[0]).toBeCloseTo(0.25, 14); // customer 0 → decile 1
    expect(d[3]).toBeCloseTo(0.25, 14); // customer 1 → decile ⌊10/3⌋+1 = 4
    expect(d[6]).toBeCloseTo(0.5, 14); // customer 2 → decile ⌊20/3⌋+1 = 7
    expect(d[1]).toBeNaN();
  });
});
