/**
 * The fast paths of the Pareto/NBD likelihood (series of G summed from per-x coefficient tables,
 * F(0) computed once per x, the ratio sD/E formed without logarithms, scratch space reused between
 * evaluations) against brute-force integration of the likelihood's integral (Fader & Hardie note 008
 * eq. 10), and the fit's steps: each does at most one evaluation on the full data, so a large fit
 * yields to Excel between evaluations.
 */
import { describe, expect, it } from "vitest";
import { paretoFitPlan, paretoLogLik, paretoNbd, paretoPAlive, type ParetoNbdParams } from "../../../src/core/models/paretonbd";
import { compressCountData, makeCountData, timeIndex } from "../../../src/core/models/compress";
import { runSteps } from "../../../src/core/steps";
import { fitSteps, SUBSAMPLE_ABOVE_ROWS, type FitPlan, type LogLikProblem } from "../../../src/core/models/fitting";
import type { CountData } from "../../../src/core/models/model";
import { integrate } from "../../../src/core/math/quadrature";
import { lgamma } from "../../../src/core/math/special";
import { createRng } from "../../../src/core/math/random";
import { gradientError, relDiff } from "./helpers";

/** Histories with continuous (all distinct) times: x in 0..maxX, T in (30, 50), t_x uniform in (0, T). */
function continuousHistories(n: number, maxX: number, seed: number): CountData {
  const rng = createRng(seed);
  const x: number[] = [];
  const tx: number[] = [];
  const T: number[] = [];
  for (let i = 0; i < n; i++) {
    const xi = rng.integer(maxX + 1);
    const Ti = 30 + 20 * rng.uniform();
    x.push(xi);
    T.push(Ti);
    tx.push(xi > 0 ? Ti * rng.uniform() : 0);
  }
  return makeCountData(x, tx, T);
}

/**
 * Note 008 eq. 10 with the integral by tanh-sinh quadrature, per row: ln Γ(r+x)/Γ(r) + r ln α + s ln β
 * + ln E + ln(1 + sD/E), E = (α+T)^−(r+x) (β+T)^−s, D = ∫_{t_x}^T (α+y)^−(r+x) (β+y)^−(s+1) dy.
 */
function bruteLogLik(p: ParetoNbdParams, d: CountData): number {
  const { r, alpha, s, beta } = p;
  let ll = 0;
  for (let i = 0; i < d.length; i++) {
    const x = d.x[i];
    const tx = d.tx[i];
    const T = d.T[i];
    const logE = -(r + x) * Math.log(alpha + T) - s * Math.log(beta + T);
    // D/E, the integrand scaled by 1/E to stay representable
    const DoverE =
      T > tx ? integrate((y) => Math.exp(-(r + x) * Math.log((alpha + y) / (alpha + T)) - (s + 1) * Math.log(beta + y) + s * Math.log(beta + T)), tx, T, 1e-14) : 0;
    ll += lgamma(r + x) - lgamma(r) + r * Math.log(alpha) + s * Math.log(beta) + logE + Math.log1p(s * DoverE);
  }
  return ll;
}

const POINTS: [string, ParetoNbdParams][] = [
  ["α < β, series in w", { r: 0.55, alpha: 10.6, s: 0.6, beta: 11.7 }],
  ["α > β, series in w and Pfaff", { r: 0.55, alpha: 30, s: 0.6, beta: 2 }],
  ["α ≪ β, Pfaff and quadrature", { r: 2, alpha: 1, s: 3, beta: 80 }],
  ["α = β", { r: 0.8, alpha: 12, s: 0.9, beta: 12 }],
];

describe("Pareto/NBD likelihood fast paths against brute-force integration", () => {
  // 600 rows over 7 distinct x use the per-x tables; 24 rows with 0..23 repeat purchases do not.
  const manyPerX = continuousHistories(600, 6, 21);
  const fewPerX = continuousHistories(24, 23, 22);

  it("the data take the per-row path (no time index)", () => {
    expect(timeIndex(compressCountData(manyPerX))).toBeNull();
    expect(compressCountData(fewPerX).xValues.length).toBeGreaterThan(12);
  });

  for (const [label, p] of POINTS) {
    it(`agrees with the integral form to 1e-11 (${label})`, () => {
      for (const data of [manyPerX, fewPerX]) {
        const d = compressCountData(data);
        expect(relDiff(paretoLogLik(p, d), bruteLogLik(p, d))).toBeLessThan(1e-11);
      }
    });
  }

  it("has an analytic gradient that matches finite differences on continuous data", () => {
    const d = compressCountData(manyPerX);
    const ll = (theta: number[], g?: Float64Array) =>
      paretoLogLik({ r: Math.exp(theta[0]), alpha: Math.exp(theta[1]), s: Math.exp(theta[2]), beta: Math.exp(theta[3]) }, d, g);
    for (const [, p] of POINTS) {
      expect(gradientError(ll, [Math.log(p.r), Math.log(p.alpha), Math.log(p.s), Math.log(p.beta)])).toBeLessThan(1e-6);
    }
  });

  it("gives the same value and gradient when evaluations at other parameters come in between (scratch reuse)", () => {
    const d = compressCountData(manyPerX);
    const [, p] = POINTS[0];
    const g1 = new Float64Array(4);
    const g2 = new Float64Array(4);
    const first = paretoLogLik(p, d, g1);
    for (const [, q] of POINTS) paretoLogLik(q, d, new Float64Array(4));
    expect(paretoLogLik(p, d, g2)).toBe(first);
    expect(Array.from(g2)).toEqual(Array.from(g1));
  });

  it("P(alive) for a heavy buyer long inactive stays in (0, 1) and matches the integral form", () => {
    // q = sD/E is about e^2000 here: beyond the range of doubles, so it is taken in log space.
    const p = POINTS[0][1];
    const v = paretoPAlive(p, 3000, 5, 100);
    expect(v).toBeGreaterThanOrEqual(0);
    expect(v).toBeLessThan(1e-300);
    const x = 40;
    const tx = 20;
    const T = 50;
    const DoverE = integrate(
      (y) => Math.exp(-(p.r + x) * Math.log((p.alpha + y) / (p.alpha + T)) - (p.s + 1) * Math.log(p.beta + y) + p.s * Math.log(p.beta + T)),
      tx,
      T,
      1e-14,
    );
    expect(relDiff(paretoPAlive(p, x, tx, T), 1 / (1 + p.s * DoverE))).toBeLessThan(1e-11);
  });
});

describe("Pareto/NBD fit steps", () => {
  it("do at most one full-data evaluation per step (a large fit keeps yielding)", () => {
    // Pareto/NBD histories in continuous time (every row distinct), as in the benchmarks.
    const rng = createRng(23);
    const T = Float64Array.from({ length: SUBSAMPLE_ABOVE_ROWS + 4000 }, () => 51 - 12 * rng.uniform());
    const h = paretoNbd.simulate({ r: 0.55, alpha: 10.6, s: 0.6, beta: 11.7 }, T, rng);
    const plan = paretoFitPlan(makeCountData(h.x, h.tx, h.T));
    expect(plan.subsample).toBeDefined();
    let calls = 0;
    const full: LogLikProblem = {
      ...plan.full,
      logLik(theta, grad) {
        calls++;
        return plan.full.logLik(theta, grad);
      },
    };
    const steps = fitSteps({ ...plan, full } satisfies FitPlan);
    let most = 0;
    let total = 0;
    for (;;) {
      calls = 0;
      const r = steps.next();
      most = Math.max(most, calls);
      total += calls;
      if (r.done) {
        expect(r.value.converged).toBe(true);
        break;
      }
    }
    expect(total).toBeGreaterThanOrEqual(9); // polish and the 8 gradients of the Hessian
    expect(most).toBe(1);
  });

  it("reach the optimum of a multi-start on the full data although the starts run on a time-rounded subsample", () => {
    // 30,000 customers at day resolution: the plan's multi-start runs on a subsample with times on a
    // grid of 1/128 of the longest T; the same fit without a subsample runs every start on the full data.
    const rng = createRng(29);
    const T = Float64Array.from({ length: 30_000 }, () => (7 * 51 - rng.integer(84)) / 7);
    const h = paretoNbd.simulate({ r: 0.55, alpha: 10.6, s: 0.6, beta: 11.7 }, T, rng);
    const plan = paretoFitPlan(makeCountData(h.x, h.tx.map((v) => Math.floor(v * 7) / 7), h.T));
    expect(plan.subsample).toBeDefined();
    const viaSubsample = runSteps(fitSteps<ParetoNbdParams>(plan));
    const allFull = runSteps(fitSteps<ParetoNbdParams>({ ...plan, subsample: undefined }));
    expect(viaSubsample.converged && allFull.converged).toBe(true);
    // Both stop within their tolerances of the same optimum: the log-likelihood to ~1e-13, the estimates
    // to ~1e-5 along the weakly identified direction of s and β.
    expect(relDiff(viaSubsample.logLik, allFull.logLik)).toBeLessThan(1e-11);
    for (const k of ["r", "alpha", "s", "beta"] as const) {
      expect(relDiff(viaSubsample.params[k], allFull.params[k])).toBeLessThan(1e-4);
      expect(relDiff(viaSubsample.stdErrors[k], allFull.stdErrors[k])).toBeLessThan(1e-3);
    }
  });
});
