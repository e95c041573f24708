/**
 * BG/NBD against Fader, Hardie & Lee (2005) on CDNOW, peer implementations (lifetimes, R BTYD) and
 * brute-force numerical integration of the model's definition. Figures: test/fixtures/published.json
 * (`bgnbd_cdnow`).
 */
import { describe, expect, it } from "vitest";
import { published } from "../../support/samples";
import { bgnbd } from "../../../src/core/models/bgnbd";
import { bgFamilyLogLik } from "../../../src/core/models/bgfamily";
import { compressCountData, makeCountData } from "../../../src/core/models/compress";
import { integrate } from "../../../src/core/math/quadrature";
import { lbeta } from "../../../src/core/math/special";
import { cdnowSummary, gradientError, relDiff, simulatePopulation } from "./helpers";
import type { BgNbdParams } from "../../../src/core/models/bgnbd";

const PEER: BgNbdParams = { r: 0.2425929, alpha: 4.4135315, a: 0.7928861, b: 2.4257532 };

describe("BG/NBD on CDNOW (FHL 2005)", () => {
  const ref = published().bgnbd_cdnow;
  const cdnow = cdnowSummary();
  const fit = bgnbd.fit(cdnow.data);

  it("reproduces the published estimates and the peer MLE", () => {
    const p = fit!.params;
    // Published to 3 decimals (FHL 2005 §4): r 0.243, α 4.414, a 0.793, b 2.426.
    for (const k of ["r", "alpha", "a", "b"] as const) expect(Math.abs(p[k] - ref.published[k])).toBeLessThan(5e-4);
    // Peer MLE (lifetimes/BTYD) to 7 digits: the optimum is well defined, so 2e-5 relative.
    for (const k of ["r", "alpha", "a", "b"] as const) expect(relDiff(p[k], ref.mle_peer[k])).toBeLessThan(2e-5);
    expect(fit!.converged).toBe(true);
    expect(fit!.n).toBe(2357);
  });

  it("reaches the peer log-likelihood −9582.4256 (published −9582.4)", () => {
    expect(Math.abs(fit!.logLik - ref.log_likelihood_peer)).toBeLessThan(1e-3);
    expect(Math.abs(bgnbd.logLikelihood(PEER, cdnow.data) - ref.log_likelihood_peer)).toBeLessThan(1e-3);
  });

  it("gives the peer standard errors (observed information, delta method)", () => {
    // Peer SEs are printed to 3-4 significant digits.
    for (const k of ["r", "alpha", "a", "b"] as const) expect(relDiff(fit!.stdErrors[k], ref.standard_errors_peer[k])).toBeLessThan(2e-3);
  });

  it("E[X(39) | x=2, t_x=30.43, T=38.86] = 1.226 (Hardie's spreadsheet, note 004)", () => {
    expect(Math.abs(bgnbd.expected(fit!.params, 39, 2, 30.43, 38.86) - 1.226)).toBeLessThan(5e-4);
  });

  it("matches the peer figures for the first ten customers", () => {
    for (const c of ref.first_10_customers_peer) {
      // Our MLE equals the peer MLE to ~1e-7, so the per-customer figures agree to 1e-5 relative.
      expect(relDiff(bgnbd.expected(fit!.params, 39, c.frequency, c.recency, c.T), c.expected_purchases_t39)).toBeLessThan(2e-5);
      expect(relDiff(bgnbd.expected(fit!.params, 52, c.frequency, c.recency, c.T), c.expected_purchases_t52)).toBeLessThan(2e-5);
      expect(relDiff(bgnbd.pAlive(fit!.params, c.frequency, c.recency, c.T), c.p_alive)).toBeLessThan(2e-5);
    }
  });

  it("E[X(t)] for a new customer matches Hardie's spreadsheet", () => {
    const { t, published: values } = ref.expected_purchases_new_customer;
    t.forEach((ti: number, i: number) => {
      // The spreadsheet prints 4 decimals; at t = 78 (2F1 argument 0.95) it is 3.7e-4 below the exact
      // value, which the brute-force integral below confirms, hence 5e-4.
      expect(Math.abs(bgnbd.expectedNew(fit!.params, ti) - values[i])).toBeLessThan(5e-4);
    });
  });

  it("P(X(t) = n) at the published parameters matches the R BTYD manual", () => {
    const pmf = ref.pmf_at_published_params;
    const [r, alpha, a, b] = pmf.params;
    const p = { r, alpha, a, b };
    expect(relDiff(bgnbd.pmf!(p, 10, 2), pmf["P(X(2)=10)"])).toBeLessThan(1e-5);
    expect(relDiff(bgnbd.pmf!(p, 0, 39), pmf["P(X(39)=0)"])).toBeLessThan(1e-6);
    pmf["P(X(30)=n) for n=11..20"].forEach((v: number, i: number) => {
      expect(relDiff(bgnbd.pmf!(p, 11 + i, 30), v)).toBeLessThan(1e-6);
    });
  });

  it("customer 1516 (x 26, t_x 30.86, T 31) as in the BTYD walkthrough", () => {
    const c = ref.customer_1516;
    // BTYD evaluates at its own MLE (not printed), which differs from the peer MLE in the 5th digit.
    expect(relDiff(bgnbd.expected(PEER, 52, c.x, c.t_x, c.T), c.expected_purchases_t52)).toBeLessThan(2e-4);
    expect(relDiff(bgnbd.pAlive(PEER, c.x, c.t_x, c.T), c.p_alive)).toBeLessThan(2e-4);
  });

  it("has an analytic gradient that matches finite differences", () => {
    const d = compressCountData(cdnow.data);
    const ll = (theta: number[], g?: Float64Array) =>
      bgFamilyLogLik(0, { r: Math.exp(theta[0]), alpha: Math.exp(theta[1]), a: Math.exp(theta[2]), b: Math.exp(theta[3]) }, d, g);
    expect(gradientError(ll, [Math.log(0.3), Math.log(5), Math.log(0.6), Math.log(3)])).toBeLessThan(1e-6);
    expect(gradientError(ll, [Math.log(2), Math.log(1), Math.log(3), Math.log(0.5)])).toBeLessThan(1e-6);
  });
});

describe("BG/NBD closed forms against brute-force integration", () => {
  const p: BgNbdParams = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
  const betaDensity = (q: number, a: number, b: number) => Math.exp((a - 1) * Math.log(q) + (b - 1) * Math.log1p(-q) - lbeta(a, b));

  it("E[X(t)] = ∫ (1 − (α/(α+pt))^r)/p dBeta(p) (FHL 2005 §4, eq. 7 before integration)", () => {
    for (const t of [1, 39, 78, 500, 20000]) {
      const brute = integrate((q) => (betaDensity(q, p.a, p.b) * -Math.expm1(p.r * Math.log(p.alpha / (p.alpha + q * t)))) / q, 0, 1, 1e-13);
      expect(relDiff(bgnbd.expectedNew(p, t), brute)).toBeLessThan(1e-9);
    }
  });

  it("E[Y(t) | history] = P(alive) ∫ (1 − ((α+T)/(α+T+pt))^(r+x))/p dBeta(p | a, b+x)", () => {
    for (const [x, tx, T, t] of [
      [2, 30.43, 38.86, 39],
      [0, 0, 38.86, 52],
      [26, 30.86, 31, 52],
      [7, 29.43, 38.86, 400],
      // 2F1 argument t/(α+T+t) = 0.999: the series would need ~10^5 terms; the connection formula is used
      [2, 30.43, 38.86, 50000],
    ]) {
      const post = (q: number) => betaDensity(q, p.a, p.b + x);
      const brute =
        bgnbd.pAlive(p, x, tx, T) *
        integrate((q) => (post(q) * -Math.expm1((p.r + x) * Math.log((p.alpha + T) / (p.alpha + T + q * t)))) / q, 0, 1, 1e-13);
      expect(relDiff(bgnbd.expected(p, t, x, tx, T), brute)).toBeLessThan(1e-8);
    }
  });

  it("P(X(t) = n) sums to 1 and has mean E[X(t)]", () => {
    for (const t of [2, 30]) {
      let total = 0;
      let mean = 0;
      for (let n = 0; n < 400; n++) {
        const pn = bgnbd.pmf!(p, n, t);
        total += pn;
        mean += n * pn;
      }
      expect(Math.abs(total - 1)).toBeLessThan(1e-10);
      expect(relDiff(mean, bgnbd.expectedNew(p, t))).toBeLessThan(1e-8);
    }
  });

  it("stays continuous through a = 1, where the closed forms are 0/0", () => {
    const near = (a: number) => bgnbd.expected({ ...p, a }, 39, 2, 30.43, 38.86);
    expect(Number.isFinite(near(1))).toBe(true);
    expect(relDiff(near(1), 0.5 * (near(1 - 1e-3) + near(1 + 1e-3)))).toBeLessThan(1e-5);
    expect(relDiff(bgnbd.expectedNew({ ...p, a: 1 }, 52), 0.5 * (bgnbd.expectedNew({ ...p, a: 0.999 }, 52) + bgnbd.expectedNew({ ...p, a: 1.001 }, 52)))).toBeLessThan(1e-5);
  });

  it("P(alive) = 1 for x = 0 and stays in (0, 1] for heavy buyers", () => {
    expect(bgnbd.pAlive(p, 0, 0, 40)).toBe(1);
    const v = bgnbd.pAlive(p, 500, 1, 100);
    expect(v).toBeGreaterThanOrEqual(0);
    expect(v).toBeLessThan(1e-100);
  });

  it("gives the same log-likelihood for raw, compressed and weighted data", () => {
    const raw = makeCountData([0, 2, 2, 5, 0], [0, 10, 10, 20, 0], [30, 30, 30, 31, 30]);
    const weighted = makeCountData([0, 2, 5], [0, 10, 20], [30, 30, 31], [2, 2, 1]);
    const a = bgnbd.logLikelihood(p, raw);
    expect(relDiff(bgnbd.logLikelihood(p, weighted), a)).toBeLessThan(1e-14);
    expect(relDiff(bgnbd.logLikelihood(p, compressCountData(raw)), a)).toBeLessThan(1e-14);
  });
});

describe("BG/NBD parameter recovery on seeded simulated data", () => {
  it("recovers the parameters of 20,000 simulated customers within 3 standard errors", () => {
    const truth: BgNbdParams = { r: 0.5, alpha: 6, a: 0.8, b: 2.5 };
    const data = simulatePopulation(bgnbd, truth, 20_000, 20240501, { roundToDays: false, weeksAfter: 60 });
    const fit = bgnbd.fit(data);
    expect(fit.converged).toBe(true);
    for (const k of ["r", "alpha", "a", "b"] as const) {
      expect(Math.abs(fit.params[k] - truth[k])).toBeLessThan(3 * fit.stdErrors[k]);
      // and the standard errors are informative (not huge)
      expect(fit.stdErrors[k] / truth[k]).toBeLessThan(0.25);
    }
  });
});
