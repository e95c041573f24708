import { simpleClv } from "../../../src/core/economics/clv";
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

  it("agrees with a cumulative cash-flow column read off by linear interpolation, for each timing", () => {
    const cac = 300;
    const m = 40;
    const r = 0.9;
    const d = 0.01;
    // Brute force, payment k = 1, 2, ... at time k ("none", "end") or k − 1 ("start"):
    //   "none": m r^k/(1+d)^k   "end": m r^(k−1)/(1+d)^k   "start": m r^(k−1)/(1+d)^(k−1).
    const cash = { none: (k: number) => (m * r ** k) / (1 + d) ** k, end: (k: number) => (m * r ** (k - 1)) / (1 + d) ** k, start: (k: number) => (m * r ** (k - 1)) / (1 + d) ** (k - 1) };
    for (const timing of ["none", "end", "start"] as const) {
      let cumulative = 0;
      let expected = NaN;
      for (let k = 1; k < 1000; k++) {
        const c = cash[timing](k);
        if (cumulative + c >= cac) {
          expected = k - 1 + (cac - cumulative) / c - (timing === "start" ? 1 : 0);
          break;
        }
        cumulative += c;
      }
      expect(paybackPeriods(cac, m, r, d, timing), timing).toBeCloseTo(expected, 10);
    }
  });

  it("never pays back exactly when CLV.SIMPLE's value of the same stream is at most the CAC (LTV:CAC ≤ 1)", () => {
    let neverCount = 0;
    for (const timing of ["none", "end", "start"] as const) {
      for (const r of [0, 0.3, 0.6, 0.8, 0.95]) {
        for (const d of [0, 0.05, 0.1, 0.3]) {
          for (const cacValue of [50, 120, 266.67, 300, 1000]) {
            if (r === 1 && d === 0) continue;
            const ltv = simpleClv({ margin: 100, retention: r, discount: d }, timing);
            let never = false;
            try {
              paybackPeriods(cacValue, 100, r, d, timing);
            } catch (e) {
              expect((e as { kind: string }).kind).toBe("na");
              never = true;
            }
            expect(never, `${timing} r=${r} d=${d} cac=${cacValue}: LTV ${ltv}`).toBe(ltv / cacValue <= 1);
            if (never) neverCount++;
          }
        }
      }
    }
    expect(neverCount).toBeGreaterThan(10);
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
