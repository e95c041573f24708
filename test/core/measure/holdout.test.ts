/**
 * Calibration/holdout checks on CDNOW (Fader, Hardie & Lee 2005, §4: 39-week calibration ending
 * 1997-09-30, 39-week holdout). The paper prints the by-frequency comparison (figure 3) and the
 * tracking curves (figures 1-2) only as charts; the checks here are the published totals (1,882
 * actual holdout purchases; 1,653.41 predicted by the peer BG/NBD, test/fixtures/published.json)
 * and a brute-force computation from the raw transactions (test/support/sampleDatasets.ts "cdnow-split",
 * written without src/core/data).
 */
import { describe, expect, it } from "vitest";
import { published } from "../../support/samples";
import { sampleColumn } from "../../support/sampleDatasets";
import { bgnbd } from "../../../src/core/models/bgnbd";
import { compressCountData, makeCountData } from "../../../src/core/models/compress";
import { BYFREQ_CENSOR, byFrequency, compareOn, predictHoldout, type HoldoutData } from "../../../src/core/measure/holdout";

function split(): HoldoutData {
  const col = (name: string) => sampleColumn({ $sample: "cdnow-split", column: name }).map((r) => r[0] as number);
  const d = makeCountData(col("frequency_cal"), col("recency_cal"), col("T_cal"));
  return { ...d, actual: Float64Array.from(col("frequency_holdout")), duration: Float64Array.from(col("duration_holdout")) };
}

describe("holdout by calibration frequency, CDNOW BG/NBD", () => {
  const d = split();
  const ref = published();
  const fit = bgnbd.fit(compressCountData(d));
  const predicted = predictHoldout(bgnbd, fit.params, d);

  it("the fit on the brute-force calibration summary is FHL's (r 0.243, alpha 4.414, a 0.793, b 2.426)", () => {
    expect(fit.params.r).toBeCloseTo(0.243, 3);
    expect(fit.params.alpha).toBeCloseTo(4.414, 2);
    expect(fit.params.a).toBeCloseTo(0.793, 2);
    expect(fit.params.b).toBeCloseTo(2.426, 2);
  });

  it("totals: 1,882 actual and 1,653.41 predicted holdout purchases (published.json)", () => {
    const { all } = byFrequency(d, predicted);
    expect(all.customers).toBe(ref.cdnow.n_customers);
    expect(all.totalActual).toBe(ref.cdnow.holdout.actual_repeat_purchase_days_in_holdout_total);
    expect(all.totalPredicted).toBeCloseTo(ref.cdnow.holdout.bgnbd_predicted_total_peer, 1);
  });

  it("each bin equals a brute-force average over its customers, and the bins add up to the totals", () => {
    const { bins, all } = byFrequency(d, predicted);
    expect(bins.map((b) => b.label)).toEqual(["0", "1", "2", "3", "4", "5", "6", "7+"]);
    for (let k = 0; k <= BYFREQ_CENSOR; k++) {
      const members = Array.from(d.x, (x, i) => [x, i] as const).filter(([x]) => (k === BYFREQ_CENSOR ? x >= k : x === k)).map(([, i]) => i);
      const meanActual = members.reduce((s, i) => s + d.actual[i], 0) / members.length;
      // E[Y(39) | x, t_x, T] evaluated per customer (FHL eq. 10), averaged by hand.
      const meanPredicted = members.reduce((s, i) => s + bgnbd.expected(fit.params, 39, d.x[i], d.tx[i], d.T[i]), 0) / members.length;
      expect(bins[k].customers).toBe(members.length);
      expect(bins[k].meanActual).toBeCloseTo(meanActual, 12);
      expect(bins[k].meanPredicted).toBeCloseTo(meanPredicted, 10);
    }
    expect(bins.reduce((s, b) => s + b.customers, 0)).toBe(all.customers);
    expect(bins.reduce((s, b) => s + b.totalActual, 0)).toBe(all.totalActual);
    // The CDNOW sample: 1,411 customers without a repeat purchase in the calibration period.
    expect(bins[0].customers).toBe(1411);
  });

  it("the model under-predicts the holdout (FHL 2005 figure 3: expected below actual for most frequencies)", () => {
    const { bins } = byFrequency(d, predicted);
    expect(bins.filter((b) => b.meanPredicted < b.meanActual).length).toBeGreaterThanOrEqual(7);
  });

  it("comparison line: ln L at the fit, AIC/BIC, and per-customer error measures by hand", () => {
    const c = compareOn(bgnbd, fit.params, d);
    expect(c.logLik).toBeCloseTo(fit.logLik, 6);
    expect(c.aic).toBeCloseTo(8 - 2 * fit.logLik, 6);
    expect(c.bic).toBeCloseTo(4 * Math.log(2357) - 2 * fit.logLik, 6);
    let abs = 0;
    let sq = 0;
    for (let i = 0; i < d.length; i++) {
      abs += Math.abs(predicted[i] - d.actual[i]);
      sq += (predicted[i] - d.actual[i]) ** 2;
    }
    expect(c.accuracy.mae).toBeCloseTo(abs / 2357, 12);
    expect(c.accuracy.rmse).toBeCloseTo(Math.sqrt(sq / 2357), 12);
    expect(c.accuracy.bias).toBeCloseTo((c.accuracy.totalPredicted - 1882) / 2357, 12);
  });
});
