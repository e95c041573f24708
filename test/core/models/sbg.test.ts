/**
 * sBG (Fader & Hardie 2007, "How to project customer retention", J. Interactive Marketing 21(1);
 * Fader & Hardie 2010, Marketing Science 29(1)): published estimates for the "regular" and "high end"
 * cohorts, closed forms against brute-force sums, parameter recovery on simulated cohorts, checks.
 */
import { describe, expect, it } from "vitest";
import {
  prepareSurvivors,
  sbg,
  sbgChurnProbability,
  sbgDel,
  sbgDerl,
  sbgLogLik,
  sbgRetention,
  sbgSimulateCohort,
  sbgSimulateLifetimes,
  sbgSurvival,
  type SbgParams,
} from "../../../src/core/models/sbg";
import { createRng } from "../../../src/core/math/random";
import { ClvError } from "../../../src/core/errors";

/** FH2007 survivor data (a cohort of 1,000 over years 0–7). */
const REGULAR = [1000, 631, 468, 382, 326, 289, 262, 241];
const HIGH_END = [1000, 869, 743, 653, 593, 551, 517, 491];

function relErr(a: number, b: number): number {
  return Math.abs(a - b) / Math.abs(b);
}

describe("sBG fit: FH2007 published estimates", () => {
  // Note: the regular cohort (63.1 % retained after year 1) gives α = 0.704, β = 1.182 and the high-end
  // cohort (86.9 %) α = 0.668, β = 3.806: mean first-year churn α/(α+β) = 0.373 and 0.149 respectively.
  it("regular customers: α = 0.704, β = 1.182 (FH2007, to 3 decimals)", () => {
    const fit = sbg.fit(prepareSurvivors(REGULAR).data);
    expect(fit.converged).toBe(true);
    expect(Math.abs(fit.params.alpha - 0.704)).toBeLessThan(5e-4);
    expect(Math.abs(fit.params.beta - 1.182)).toBeLessThan(5e-4);
    expect(fit.n).toBe(1000);
    expect(fit.stdErrors.alpha).toBeGreaterThan(0);
    expect(fit.extras).toEqual([{ label: "periods", value: 7 }]);
  });

  it("high-end customers: α = 0.668, β = 3.806 (FH2007, to 3 decimals)", () => {
    const fit = sbg.fit(prepareSurvivors(HIGH_END).data);
    expect(fit.converged).toBe(true);
    expect(Math.abs(fit.params.alpha - 0.668)).toBeLessThan(5e-4);
    expect(Math.abs(fit.params.beta - 3.806)).toBeLessThan(5e-4);
  });

  it("gives the same estimates from percentages and fractions (scaled to a nominal cohort of 1,000)", () => {
    const counts = sbg.fit(prepareSurvivors(REGULAR).data);
    const pct = prepareSurvivors(REGULAR.map((v) => v / 10));
    expect(pct.format).toBe("percentages");
    const frac = prepareSurvivors(REGULAR.map((v) => v / 1000));
    expect(frac.format).toBe("fractions");
    expect(Array.from(frac.data.alive)).toEqual(REGULAR);
    for (const prepared of [pct, frac]) {
      const fit = sbg.fit(prepared.data);
      expect(relErr(fit.params.alpha, counts.params.alpha)).toBeLessThan(1e-6);
      expect(relErr(fit.params.beta, counts.params.beta)).toBeLessThan(1e-6);
    }
    // whole numbers from 100 are a cohort of 100 customers, not percentages
    expect(prepareSurvivors([100, 63, 47, 38]).format).toBe("counts");
  });

  it("the analytic gradient matches central differences", () => {
    const d = prepareSurvivors(REGULAR).data;
    const p = { alpha: 0.9, beta: 2.2 };
    const g = new Float64Array(2);
    sbgLogLik(p, d, g);
    (["alpha", "beta"] as const).forEach((nm, i) => {
      const h = 1e-6;
      const num = (sbgLogLik({ ...p, [nm]: p[nm] * Math.exp(h) }, d) - sbgLogLik({ ...p, [nm]: p[nm] * Math.exp(-h) }, d)) / (2 * h);
      expect(Math.abs(g[i] - num)).toBeLessThan(1e-6 * Math.max(1, Math.abs(num)));
    });
  });
});

describe("sBG closed forms vs brute force", () => {
  const P: SbgParams = { alpha: 0.668, beta: 3.806 };

  it("S(t) = 1 − Σ_{k≤t} P(T=k) and r_t = S(t)/S(t−1) (FH2007 survival, churn and retention)", () => {
    let cumulative = 0;
    for (let t = 1; t <= 50; t++) {
      cumulative += sbgChurnProbability(P, t);
      expect(Math.abs(sbgSurvival(P, t) - (1 - cumulative))).toBeLessThan(1e-14);
      expect(relErr(sbgRetention(P, t), sbgSurvival(P, t) / sbgSurvival(P, t - 1))).toBeLessThan(1e-13);
    }
    // P(T = 1) = α/(α+β)
    expect(relErr(sbgChurnProbability(P, 1), P.alpha / (P.alpha + P.beta))).toBeLessThan(1e-14);
  });

  it("DERL = Σ_{k≥1} S(n−1+k)/S(n−1)·(1+d)^−(k−1), truncated at K = 2000 with tail < (1+d)^−K/d", () => {
    for (const d of [0.1, 0.02]) {
      for (const renewals of [0, 1, 4, 20]) {
        const base = sbgSurvival(P, renewals);
        let sum = 0;
        for (let k = 1; k <= 2000; k++) sum += (sbgSurvival(P, renewals + k) / base) * Math.pow(1 + d, -(k - 1));
        // the tail is below (1+d)^−2000/d: < 1e-80 for d = 0.1, < 3e-16 for d = 0.02
        expect(relErr(sbgDerl(P, d, renewals), sum)).toBeLessThan(1e-11);
      }
      // DEL (just acquired, first period counted in full) = 1 + DERL(0 renewals)/(1+d)
      expect(relErr(sbgDel(P, d), 1 + sbgDerl(P, d, 0) / (1 + d))).toBeLessThan(1e-13);
    }
  });

  it("DERL grows with the number of renewals (survivors are the better customers: FH2010's point)", () => {
    const values = [0, 1, 2, 5, 10].map((n) => sbgDerl(P, 0.1, n));
    for (let i = 1; i < values.length; i++) expect(values[i]).toBeGreaterThan(values[i - 1]);
    // with no heterogeneity (α, β large, same mean churn 0.2) DERL approaches the geometric value (1−c)/(1 − (1−c)/(1+d))
    const c = 0.2;
    const homogeneous = sbgDerl({ alpha: 2e6 * c, beta: 2e6 * (1 - c) }, 0.1, 3);
    expect(relErr(homogeneous, (1 - c) / (1 - (1 - c) / 1.1))).toBeLessThan(1e-5);
  });
});

describe("sBG simulation, recovery and input checks", () => {
  it("recovers α = 0.7, β = 1.2 from a simulated cohort of 20,000 over 10 periods within 4 s.e.", () => {
    const truth = { alpha: 0.7, beta: 1.2 };
    const alive = sbgSimulateCohort(truth, 20_000, 10, createRng(99));
    const fit = sbg.fit({ alive });
    expect(Math.abs(fit.params.alpha - truth.alpha)).toBeLessThan(4 * fit.stdErrors.alpha);
    expect(Math.abs(fit.params.beta - truth.beta)).toBeLessThan(4 * fit.stdErrors.beta);
  });

  it("simulated lifetimes have survival S(t) (binomial ±5 s.e.) and are reproducible", () => {
    const P = { alpha: 0.668, beta: 3.806 };
    const N = 100_000;
    const life = sbgSimulateLifetimes(P, N, createRng(3));
    expect(Array.from(sbgSimulateLifetimes(P, 50, createRng(3)))).toEqual(Array.from(life.slice(0, 50)));
    for (const t of [1, 3, 7]) {
      const share = life.filter((l) => l > t).length / N;
      const s = sbgSurvival(P, t);
      expect(Math.abs(share - s)).toBeLessThan(5 * Math.sqrt((s * (1 - s)) / N));
    }
  });

  it("rejects rising survivors, fewer than 3 periods, negative values and a zero cohort (argument and row named)", () => {
    expect(() => prepareSurvivors([1000, 900, 950, 800])).toThrow(/survivors: row 3 is 950, more than row 2 \(900\)/);
    expect(() => prepareSurvivors([1000, 900])).toThrow(/at least 3 periods/);
    expect(() => prepareSurvivors([1000, -1, -2])).toThrow(/row 2 is -1/);
    expect(() => prepareSurvivors([0, 0, 0])).toThrow(ClvError);
    expect(() => sbg.fit(prepareSurvivors([500, 500, 500]).data)).toThrow(/nobody churned/);
    expect(() => sbgDerl({ alpha: 1, beta: 1 }, 0)).toThrow(/discount/);
    expect(() => sbgDerl({ alpha: 1, beta: 1 }, 0.1, 1.5)).toThrow(/renewals/);
    expect(() => sbgRetention({ alpha: 1, beta: 1 }, 0)).toThrow(/t is 0/);
  });
});
