/**
 * Pareto/NBD against Fader, Hardie & Lee (2005) / note 008 on CDNOW, R BTYD and CLVTools figures
 * (test/fixtures/published.json `paretonbd_cdnow`), and brute-force integration of the model.
 */
import { describe, expect, it } from "vitest";
import { published } from "../../support/samples";
import { paretoLogLik, paretoNbd, type ParetoNbdParams } from "../../../src/core/models/paretonbd";
import { compressCountData } from "../../../src/core/models/compress";
import { integrate } from "../../../src/core/math/quadrature";
import { cdnowSummary, gradientError, relDiff, simulatePopulation } from "./helpers";

/** R BTYD's printed MLE (walkthrough), at which its customer-1516 figures were computed. */
const BTYD: ParetoNbdParams = { r: 0.5534, alpha: 10.5802, s: 0.6061, beta: 11.6562 };

describe("Pareto/NBD on CDNOW", () => {
  const ref = published().paretonbd_cdnow;
  const cdnow = cdnowSummary();
  const fit = paretoNbd.fit(cdnow.data);

  it("reproduces the published estimates (β loosely: weakly identified, se ≈ 6.2)", () => {
    const p = fit!.params;
    for (const k of ["r", "alpha", "s"] as const) {
      expect(Math.abs(p[k] - ref.published[k])).toBeLessThan(1e-3); // published to 3 decimals
      expect(relDiff(p[k], ref.mle_peer[k])).toBeLessThan(1e-4);
    }
    expect(relDiff(p.beta, ref.mle_peer.beta)).toBeLessThan(5e-3);
    expect(fit!.converged).toBe(true);
  });

  it("reaches the peer log-likelihood −9594.9739 tightly", () => {
    expect(Math.abs(fit!.logLik - ref.log_likelihood_peer)).toBeLessThan(1e-3);
    expect(Math.abs(paretoNbd.logLikelihood(ref.mle_peer, cdnow.data) - ref.log_likelihood_peer)).toBeLessThan(1e-3);
  });

  it("gives the peer standard errors", () => {
    for (const k of ["r", "alpha", "s", "beta"] as const) expect(relDiff(fit!.stdErrors[k], ref.standard_errors_peer[k])).toBeLessThan(3e-3);
  });

  it("E[X(52)] for a new customer = 1.473434 (BTYD walkthrough)", () => {
    expect(relDiff(paretoNbd.expectedNew(fit!.params, 52), ref.expected_purchases_new_customer_t52.value)).toBeLessThan(2e-5);
  });

  it("customer 1516 at BTYD's MLE", () => {
    const c = ref.customer_1516;
    // Our P(alive) agrees with brute-force integration to 1e-12 (below); BTYD's printed 0.997874 is
    // 4.4e-5 lower, and its MLE is printed to 4 digits only, hence 1e-4 relative.
    expect(relDiff(paretoNbd.expected(BTYD, 52, c.x, c.t_x, c.T), c.expected_purchases_t52)).toBeLessThan(1e-4);
    expect(relDiff(paretoNbd.pAlive(BTYD, c.x, c.t_x, c.T), c.p_alive)).toBeLessThan(1e-4);
  });

  it("P(alive) stays finite in [0, 1] on CLVTools' numerically hard inputs", () => {
    const h = ref.numerically_hard_inputs;
    for (const x of h.x) {
      for (const [tx, T] of [
        [94, 97],
        [103, 104],
        [94, 104],
        [100, 100],
        [101.5, 103.9],
      ]) {
        const v = paretoNbd.pAlive(h.params, x, tx, T);
        expect(Number.isFinite(v)).toBe(true);
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThanOrEqual(1);
        expect(Number.isFinite(paretoNbd.expected(h.params, 52, x, tx, T))).toBe(true);
      }
    }
    // and agrees with direct integration of the likelihood's integral
    expect(relDiff(paretoNbd.pAlive(h.params, 221, 94, 97), bruteAlive(h.params, 221, 94, 97))).toBeLessThan(1e-9);
  });

  it("has an analytic gradient that matches finite differences (α < β and α > β)", () => {
    const d = compressCountData(cdnow.data);
    const ll = (theta: number[], g?: Float64Array) =>
      paretoLogLik({ r: Math.exp(theta[0]), alpha: Math.exp(theta[1]), s: Math.exp(theta[2]), beta: Math.exp(theta[3]) }, d, g);
    expect(gradientError(ll, [Math.log(0.55), Math.log(10.6), Math.log(0.6), Math.log(11.7)])).toBeLessThan(1e-6);
    expect(gradientError(ll, [Math.log(0.55), Math.log(30), Math.log(0.6), Math.log(2)])).toBeLessThan(1e-6);
    expect(gradientError(ll, [Math.log(2), Math.log(1), Math.log(3), Math.log(80)])).toBeLessThan(1e-6);
  });
});

/** P(alive) from the likelihood in its integral form (note 008 eq. 10), integrated numerically. */
function bruteAlive(p: ParetoNbdParams, x: number, tx: number, T: number): number {
  const { r, alpha, s, beta } = p;
  // scale both terms by (α+T)^(r+x)(β+T)^s to keep them representable
  const E = 1;
  const D = integrate((y) => Math.exp(-(r + x) * Math.log((alpha + y) / (alpha + T)) - (s + 1) * Math.log(beta + y) + s * Math.log(beta + T)), tx, T, 1e-14);
  return E / (E + s * D);
}

describe("Pareto/NBD closed forms against brute force", () => {
  const p: ParetoNbdParams = { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 };

  it("P(alive) equals the integral-form likelihood share for α < β, α > β and α = β", () => {
    for (const q of [p, { ...p, alpha: 40, beta: 3 }, { ...p, beta: p.alpha }]) {
      for (const [x, tx, T] of [
        [2, 30.43, 38.86],
        [0, 0, 38.86],
        [26, 30.86, 31],
        [1, 1.71, 38.86],
      ]) {
        expect(relDiff(paretoNbd.pAlive(q, x, tx, T), bruteAlive(q, x, tx, T))).toBeLessThan(1e-10);
      }
    }
  });

  it("P(alive) = 1 when t_x = T (no time since the last purchase)", () => {
    expect(paretoNbd.pAlive(p, 5, 20, 20)).toBe(1);
  });

  it("DERT equals ∫₀^∞ e^(−δt) dE[Y(t)] (FHL 2005 JMR eq. 2 before integration)", () => {
    for (const [delta, x, tx, T] of [
      [0.0023, 2, 30.43, 38.86],
      [0.01, 0, 0, 38.86],
      [0.1, 26, 30.86, 31],
    ]) {
      // dE[Y(t)]/dt = P(alive) (r+x)/(α+T) ((β+T)/(β+T+t))^s; integrate over u = t/(1+t) ∈ (0, 1).
      const rate = ((p.r + x) / (p.alpha + T)) * paretoNbd.pAlive(p, x, tx, T);
      const brute = integrate(
        (u, oneMinusU) => {
          const t = u / oneMinusU;
          return (rate * Math.exp(-delta * t - p.s * Math.log1p(t / (p.beta + T)))) / (oneMinusU * oneMinusU);
        },
        0,
        1,
        1e-12,
      );
      expect(relDiff(paretoNbd.dert!(p, delta, x, tx, T), brute)).toBeLessThan(1e-8);
    }
  });

  it("P(X(t) = n) sums to 1 and has mean E[X(t)]", () => {
    for (const t of [5, 52]) {
      let total = 0;
      let mean = 0;
      for (let n = 0; n < 300; n++) {
        const v = paretoNbd.pmf!(p, n, t);
        total += v;
        mean += n * v;
      }
      expect(Math.abs(total - 1)).toBeLessThan(1e-9);
      expect(relDiff(mean, paretoNbd.expectedNew(p, t))).toBeLessThan(1e-7);
    }
  });

  it("E[X(t)] and E[Y(t)] are continuous at s = 1 (log form)", () => {
    const at = (s: number) => paretoNbd.expected({ ...p, s }, 52, 2, 30.43, 38.86);
    expect(relDiff(at(1), 0.5 * (at(1 - 1e-6) + at(1 + 1e-6)))).toBeLessThan(1e-8);
    const atNew = (s: number) => paretoNbd.expectedNew({ ...p, s }, 52);
    expect(relDiff(atNew(1), ((p.r * p.beta) / p.alpha) * Math.log1p(52 / p.beta))).toBeLessThan(1e-14);
  });

  it("E[Y(t) | history] = P(alive) E[λ | ...] E[min(remaining life, t)] by integration", () => {
    const [x, tx, T, t] = [3, 20, 38, 52];
    const rate = (p.r + x) / (p.alpha + T);
    // Alive at T: μ ~ Gamma(s, β+T); E[min(τ, t)] = ∫₀ᵗ P(τ > u) du = ∫₀ᵗ ((β+T)/(β+T+u))^s du.
    const life = integrate((u) => Math.exp(-p.s * Math.log1p(u / (p.beta + T))), 0, t, 1e-13);
    expect(relDiff(paretoNbd.expected(p, t, x, tx, T), rate * life * paretoNbd.pAlive(p, x, tx, T))).toBeLessThan(1e-10);
  });
});

describe("Pareto/NBD parameter recovery on seeded simulated data", () => {
  it("recovers r, α, s within 3 standard errors from 20,000 customers", () => {
    const truth: ParetoNbdParams = { r: 0.6, alpha: 8, s: 0.8, beta: 12 };
    const data = simulatePopulation(paretoNbd, truth, 20_000, 777, { roundToDays: false, weeksAfter: 80 });
    const fit = paretoNbd.fit(data);
    expect(fit.converged).toBe(true);
    for (const k of ["r", "alpha", "s", "beta"] as const) {
      expect(Math.abs(fit.params[k] - truth[k])).toBeLessThan(3 * fit.stdErrors[k]);
    }
  });
});
