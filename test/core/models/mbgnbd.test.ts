/**
 * MBG/NBD (Batislam, Denizel & Filiztekin 2007) on CDNOW against R BTYDplus (MBG/CNBD-k with k = 1;
 * test/fixtures/published.json `mbgnbd_cdnow`) and brute-force integration of the model.
 */
import { describe, expect, it } from "vitest";
import { published } from "../../support/samples";
import { mbgnbd, type MbgNbdParams } from "../../../src/core/models/mbgnbd";
import { bgFamilyLogLik } from "../../../src/core/models/bgfamily";
import { compressCountData } from "../../../src/core/models/compress";
import { integrate } from "../../../src/core/math/quadrature";
import { lbeta } from "../../../src/core/math/special";
import { cdnowSummary, gradientError, relDiff, simulatePopulation } from "./helpers";

describe("MBG/NBD on CDNOW", () => {
  const ref = published().mbgnbd_cdnow;
  const cdnow = cdnowSummary();
  const fit = mbgnbd.fit(cdnow.data);

  it("reproduces the BTYDplus estimates (printed to 3 decimals)", () => {
    for (const k of ["r", "alpha", "a", "b"] as const) expect(Math.abs(fit!.params[k] - ref.peer[k])).toBeLessThan(1e-3);
    expect(fit!.converged).toBe(true);
  });

  it("reaches the BTYDplus log-likelihood −9582.1327", () => {
    expect(Math.abs(fit!.logLik - ref.log_likelihood_peer)).toBeLessThan(1e-3);
    // at the rounded peer parameters the value is lower, but only by the rounding (< 1e-3)
    expect(Math.abs(mbgnbd.logLikelihood(ref.peer, cdnow.data) - ref.log_likelihood_peer)).toBeLessThan(1e-3);
  });

  it("has standard errors and an analytic gradient that matches finite differences", () => {
    for (const k of ["r", "alpha", "a", "b"] as const) {
      expect(fit!.stdErrors[k]).toBeGreaterThan(0);
      expect(fit!.stdErrors[k]).toBeLessThan(fit!.params[k]);
    }
    const d = compressCountData(cdnow.data);
    const ll = (theta: number[], g?: Float64Array) =>
      bgFamilyLogLik(1, { r: Math.exp(theta[0]), alpha: Math.exp(theta[1]), a: Math.exp(theta[2]), b: Math.exp(theta[3]) }, d, g);
    expect(gradientError(ll, [Math.log(0.5), Math.log(6), Math.log(0.9), Math.log(1.6)])).toBeLessThan(1e-6);
    expect(gradientError(ll, [Math.log(3), Math.log(0.7), Math.log(4), Math.log(0.4)])).toBeLessThan(1e-6);
  });
});

describe("MBG/NBD closed forms against brute-force integration", () => {
  const p: MbgNbdParams = { r: 0.525, alpha: 6.183, a: 0.891, b: 1.614 };
  const betaDensity = (q: number, a: number, b: number) => Math.exp((a - 1) * Math.log(q) + (b - 1) * Math.log1p(-q) - lbeta(a, b));

  it("E[X(t)] = ∫ (1−p)(1 − (α/(α+pt))^r)/p dBeta(p) (drop-out possible at time 0)", () => {
    for (const t of [1, 39, 78]) {
      const brute = integrate((q) => (betaDensity(q, p.a, p.b) * (1 - q) * -Math.expm1(p.r * Math.log(p.alpha / (p.alpha + q * t)))) / q, 0, 1, 1e-13);
      expect(relDiff(mbgnbd.expectedNew(p, t), brute)).toBeLessThan(1e-9);
    }
  });

  it("E[Y(t) | history] = P(alive) ∫ (1 − ((α+T)/(α+T+pt))^(r+x))/p dBeta(p | a, b+x+1)", () => {
    for (const [x, tx, T, t] of [
      [2, 30.43, 38.86, 39],
      [0, 0, 38.86, 52],
      [26, 30.86, 31, 52],
    ]) {
      const brute =
        mbgnbd.pAlive(p, x, tx, T) *
        integrate((q) => (betaDensity(q, p.a, p.b + x + 1) * -Math.expm1((p.r + x) * Math.log((p.alpha + T) / (p.alpha + T + q * t)))) / q, 0, 1, 1e-13);
      expect(relDiff(mbgnbd.expected(p, t, x, tx, T), brute)).toBeLessThan(1e-8);
    }
  });

  it("P(alive | x = 0) = 1/(1 + a/b ((α+T)/α)^r) < 1, unlike BG/NBD", () => {
    const T = 38.86;
    expect(relDiff(mbgnbd.pAlive(p, 0, 0, T), 1 / (1 + (p.a / p.b) * Math.pow((p.alpha + T) / p.alpha, p.r)))).toBeLessThan(1e-14);
  });

  it("P(X(t) = n) sums to 1, has mean E[X(t)], and P(X(t) = 0) includes the time-0 drop-outs", () => {
    for (const t of [2, 30]) {
      let total = 0;
      let mean = 0;
      for (let n = 0; n < 400; n++) {
        const v = mbgnbd.pmf!(p, n, t);
        total += v;
        mean += n * v;
      }
      expect(Math.abs(total - 1)).toBeLessThan(1e-10);
      expect(relDiff(mean, mbgnbd.expectedNew(p, t))).toBeLessThan(1e-8);
    }
    // P(X(t)=0) = E[p] + E[(1−p)] (α/(α+t))^r
    const t = 10;
    const expected0 = p.a / (p.a + p.b) + (p.b / (p.a + p.b)) * Math.pow(p.alpha / (p.alpha + t), p.r);
    expect(relDiff(mbgnbd.pmf!(p, 0, t), expected0)).toBeLessThan(1e-13);
  });
});

describe("MBG/NBD parameter recovery on seeded simulated data", () => {
  it("recovers the parameters of 20,000 simulated customers within 3 standard errors", () => {
    const truth: MbgNbdParams = { r: 0.7, alpha: 5, a: 0.9, b: 3 };
    const data = simulatePopulation(mbgnbd, truth, 20_000, 4242, { roundToDays: false, weeksAfter: 60 });
    const fit = mbgnbd.fit(data);
    expect(fit.converged).toBe(true);
    for (const k of ["r", "alpha", "a", "b"] as const) expect(Math.abs(fit.params[k] - truth[k])).toBeLessThan(3 * fit.stdErrors[k]);
  });
});
