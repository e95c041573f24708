import { describe, expect, it } from "vitest";
import { contributionMargin, customerAcquisitionCost, customerEquity, ltvToCac, paybackPeriods } from "../../../src/core/economics";

describe("CAC, LTV:CAC and contribution margin (Farris et al., Marketing Metrics ch. 5)", () => {
  it("computes the ratios", () => {
    expect(customerAcquisitionCost(50_000, 400)).toBe(125);
    expect(ltvToCac(375, 125)).toBe(3);
    expect(contributionMargin(200, 150, false)).toBe(50);
    expect(contributionMargin(200, 150, true)).toBe(0.25);
  });
  it("refuses a zero denominator with a message naming the argument", () => {
    expect(() => customerAcquisitionCost(1000, 0)).toThrow(/new_customers is 0/);
    expect(() => ltvToCac(100, 0)).toThrow(/cac is 0/);
    expect(() => contributionMargin(0, 10, true)).toThrow(/revenue is 0/);
  });
});

describe("paybackPeriods", () => {
  it("is CAC / margin without churn or discounting: CLV.PAYBACK(120, 10) = 12", () => {
    expect(paybackPeriods(120, 10)).toBe(12);
    expect(paybackPeriods(125, 10)).toBeCloseTo(12.5, 12);
  });

  it("agrees with a cumulative cash-flow column read off by linear interpolation", () => {
    const cac = 300;
    const m = 40;
    const r = 0.9;
    const d = 0.01;
    // Brute force: expected cash at the end of period t is m r^(t-1) / (1+d)^t.
    let cumulative = 0;
    let expected = NaN;
    for (let t = 1; t < 1000; t++) {
      const cash = (m * r ** (t - 1)) / (1 + d) ** t;
      if (cumulative + cash >= cac) {
        expected = t - 1 + (cac - cumulative) / cash;
        break;
      }
      cumulative += cash;
    }
    expect(paybackPeriods(cac, m, r, d)).toBeCloseTo(expected, 10);
  });

  it("says #N/A (notAvailable) when margins never cover the CAC", () => {
    // With r = 0.5 and d = 0 the stream is at most 2m = 20 < 100.
    expect(() => paybackPeriods(100, 10, 0.5, 0)).toThrow(expect.objectContaining({ kind: "na" }));
    expect(() => paybackPeriods(100, -5)).toThrow(expect.objectContaining({ kind: "na" }));
  });
});

describe("customerEquity (Gupta, Lehmann & Stuart 2004)", () => {
  it("sums current CLVs and adds discounted future cohorts", () => {
    expect(customerEquity([100, 200, 50])).toBe(350);
    // 10 new per period, worth 300 − 100 each, 3 periods at 10%: 2000 (1/1.1 + 1/1.21 + 1/1.331).
    const threeCohorts = 2000 * (1 / 1.1 + 1 / 1.21 + 1 / 1.331);
    expect(customerEquity([350], { newPerPeriod: 10, clvNew: 300, cac: 100, discount: 0.1, horizon: 3 })).toBeCloseTo(350 + threeCohorts, 9);
    // Unlimited horizon: the perpetuity n(CLV − c)/i.
    expect(customerEquity([0], { newPerPeriod: 10, clvNew: 300, cac: 100, discount: 0.1, horizon: Infinity })).toBeCloseTo(20_000, 9);
  });
  it("needs a positive discount for an unlimited horizon", () => {
    expect(() => customerEquity([0], { newPerPeriod: 1, clvNew: 1, cac: 0, discount: 0, horizon: Infinity })).toThrow(/discount/);
  });
});
