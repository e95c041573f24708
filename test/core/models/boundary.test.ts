/**
 * Boundary fits (fitting.ts `BoundaryLimit`): when BG/NBD's or MBG/NBD's likelihood keeps rising as
 * a, b → ∞ at fixed p = a/(a+b), the fit reports that limit, in which every customer drops out with the
 * same probability p, instead of failing.
 *
 * Checks: the limit's closed-form log-likelihood (FHL 2005 eq. 6 with Beta(a, b) → point mass) against
 * the full model's at a = pK, b = (1−p)K, which must converge to it at rate 1/K (brute force: the model
 * itself); its analytic gradient; the representative parameters predicting as the limit's closed forms
 * do (within 1e-6, in fact about 1e-9); the fit on the pane's unidentified sample; unit invariance of a
 * boundary fit; and the clear error that remains where the runaway has no meaningful limit.
 */
import { describe, expect, it } from "vitest";
import { bgnbd } from "../../../src/core/models/bgnbd";
import { mbgnbd } from "../../../src/core/models/mbgnbd";
import { COMMON_DROP_SIZE, bgFamilyCommonDropLogLik, bgFamilyLogLik, negBinomTail, type Shift } from "../../../src/core/models/bgfamily";
import { compressCountData, makeCountData } from "../../../src/core/models/compress";
import { fitToTable } from "../../../src/core/models/table";
import type { CountModel, Fit } from "../../../src/core/models/model";
import { summarizeTransactions } from "../../../src/core/data/summary";
import { simulateTransactions } from "../../../src/core/simulate/transactions";
import { serialFromIso } from "../../../src/core/data/dates";
import { lgamma, logPochhammer } from "../../../src/core/math/special";
import { thrownBy } from "../../support/thrown";
import { cdnowSummary, gradientError, relDiff } from "./helpers";

/**
 * The pane's end-to-end sample (test/e2e "keeps building when the purchase model cannot be
 * identified"): 400 customers drawn from BG/NBD (r 0.25, α 4, a 0.8, b 2.5 a week) with seed 7, summarised
 * in weeks. On this sample BG/NBD's likelihood keeps rising as a, b → ∞.
 */
function paneSample() {
  const sim = simulateTransactions({ model: bgnbd, params: { r: 0.25, alpha: 4, a: 0.8, b: 2.5 } }, { p: 6, q: 4, gamma: 16 }, 400, serialFromIso("2023-01-01"), serialFromIso("2024-12-31"), 7);
  const s = summarizeTransactions({ customer: Array.from(sim.customer), day: Array.from(sim.day), amount: Array.from(sim.amount) }, { timeUnit: "W" });
  return { x: Array.from(s.frequency), tx: Array.from(s.recency), T: Array.from(s.T) };
}

const models: [Shift, CountModel][] = [
  [0, bgnbd],
  [1, mbgnbd],
];

describe("the common drop-out limit's likelihood", () => {
  const d = compressCountData(cdnowSummary().data);

  for (const [k, model] of models) {
    it(`${model.name}: the full likelihood at a = pK, b = (1−p)K approaches the closed form at rate 1/K`, () => {
      for (const [r, alpha, p] of [
        [0.3, 5, 0.2],
        [1.7, 40, 0.03],
      ]) {
        const limit = bgFamilyCommonDropLogLik(k, { r, alpha, q: p / (1 - p) }, d);
        const gap = (K: number) => bgFamilyLogLik(k, { r, alpha, a: p * K, b: (1 - p) * K }, d) - limit;
        // B(a, b+j)/B(a, b) = (1−p)^j (1 + O(j²/K)): the gap times K settles to a constant
        expect(Math.abs(gap(1e8))).toBeLessThan(1e-3);
        expect(relDiff(gap(1e6) * 1e6, gap(1e8) * 1e8)).toBeLessThan(1e-2);
        expect(Math.abs(gap(1e4))).toBeGreaterThan(50 * Math.abs(gap(1e6)));
      }
    });

    it(`${model.name}: one customer's term is the limit of eq. 6 written out`, () => {
      // x = 3 repeat purchases, last at 20 of 38 weeks: Γ(r+x)α^r/Γ(r) [(1−p)^(x+k)(α+T)^−(r+x) + p(1−p)^(x+k−1)(α+t_x)^−(r+x)]
      const [r, alpha, p, x, tx, T] = [0.4, 6, 0.15, 3, 20, 38];
      const one = compressCountData(makeCountData([x], [tx], [T]));
      const direct = Math.log(
        Math.exp(logPochhammer(r, x) + r * Math.log(alpha)) *
          ((1 - p) ** (x + k) * (alpha + T) ** -(r + x) + p * (1 - p) ** (x + k - 1) * (alpha + tx) ** -(r + x)),
      );
      expect(relDiff(bgFamilyCommonDropLogLik(k, { r, alpha, q: p / (1 - p) }, one), direct)).toBeLessThan(1e-13);
    });

    it(`${model.name}: its gradient on (ln r, ln α, ln q) matches finite differences`, () => {
      const ll = (theta: number[], grad?: Float64Array) => bgFamilyCommonDropLogLik(k, { r: Math.exp(theta[0]), alpha: Math.exp(theta[1]), q: Math.exp(theta[2]) }, d, grad);
      expect(gradientError(ll, [Math.log(0.3), Math.log(5), Math.log(0.25)])).toBeLessThan(1e-7);
      expect(gradientError(ll, [Math.log(2), Math.log(30), Math.log(0.01)])).toBeLessThan(1e-7);
    });
  }
});

describe("the representative parameters predict as the limit", () => {
  // Closed forms of the limit (FHL 2005 eqs. 7, 8, 10 and P(alive) with Beta(a, b) a point mass at p):
  //   E[X(t)] = (1−p)^k/p · (1 − (α/(α+pt))^r), E[Y(t) | x, t_x, T] = P(alive)/p · (1 − ((α+T)/(α+T+pt))^(r+x)),
  //   P(alive) = 1/(1 + 1{x+k>0} p/(1−p) ((α+T)/(α+t_x))^(r+x)),
  //   P(X(t) = n) = (1−p)^(n+k) NB(n) + 1{n+k>0} p(1−p)^(n+k−1) P(NB ≥ n).
  const nb = (n: number, r: number, alpha: number, t: number) =>
    Math.exp(logPochhammer(r, n) - lgamma(n + 1) + r * Math.log(alpha / (alpha + t)) + n * Math.log(t / (alpha + t)));

  for (const [k, model] of models) {
    it(`${model.name}: E[X(t)], E[Y(t) | history], P(alive) and P(X(t) = n) within 1e-6 of the limit`, () => {
      for (const p of [0.01, 0.138, 0.7]) {
        for (const [r, alpha] of [
          [0.3, 6.8],
          [2, 0.5],
        ]) {
          const par = { r, alpha, a: p * COMMON_DROP_SIZE, b: (1 - p) * COMMON_DROP_SIZE };
          for (const t of [1, 52, 5000]) {
            const limitNew = ((1 - p) ** k / p) * -Math.expm1(-r * Math.log1p((p * t) / alpha));
            expect(relDiff(model.expectedNew(par, t), limitNew)).toBeLessThan(1e-6);
            for (const [x, tx, T] of [
              [0, 0, 38],
              [3, 20, 38],
              [25, 37, 38],
            ]) {
              const alive = x + k === 0 ? 1 : 1 / (1 + (p / (1 - p)) * ((alpha + T) / (alpha + tx)) ** (r + x));
              expect(Math.abs(model.pAlive(par, x, tx, T) - alive)).toBeLessThan(1e-6 * alive);
              const limitCond = (alive / p) * -Math.expm1(-(r + x) * Math.log1p((p * t) / (alpha + T)));
              expect(relDiff(model.expected(par, t, x, tx, T), limitCond)).toBeLessThan(1e-6);
            }
          }
          for (const [n, t] of [
            [0, 10],
            [2, 52],
            [7, 52],
          ]) {
            const tail = negBinomTail(n, r, Math.log(alpha / (alpha + t)), Math.log(t / (alpha + t)));
            const limitPmf = (1 - p) ** (n + k) * nb(n, r, alpha, t) + (n + k > 0 ? p * (1 - p) ** (n + k - 1) * tail : 0);
            expect(relDiff(model.pmf!(par, n, t), limitPmf)).toBeLessThan(1e-6);
          }
        }
      }
    });
  }
});

describe("switching to the point mass at a + b = 1e8", () => {
  it("changes E[X(t)] and E[Y(t) | history] by O(1/(a+b)): below 1e-6 at the switch", () => {
    for (const [, model] of models) {
      for (const p of [0.138, 0.7]) {
        for (const [r, alpha] of [
          [0.3, 6.8],
          [2, 0.5],
        ]) {
          // the general closed forms (FHL 2005 eqs. 7, 10) just below the switch against the limit above it
          const K = 1e7;
          const general = { r, alpha, a: p * K, b: (1 - p) * K };
          const limit = { r, alpha, a: p * COMMON_DROP_SIZE, b: (1 - p) * COMMON_DROP_SIZE };
          for (const t of [1, 52, 5000]) {
            // g(p) = E[X | p] is smooth: the gap is about g''(p)·p(1−p)/(2K), here at most ~20/K
            expect(relDiff(model.expectedNew(general, t), model.expectedNew(limit, t))).toBeLessThan(20 / K);
            expect(relDiff(model.expected(general, t, 3, 20, 38), model.expected(limit, t, 3, 20, 38))).toBeLessThan(20 / K);
          }
        }
      }
    }
  });
});

describe("a boundary fit where the data show no spread in drop-out", () => {
  const sample = paneSample();
  const data = makeCountData(sample.x, sample.tx, sample.T);

  for (const [k, model] of models) {
    it(`${model.name} on the pane's sample: the limit's fit with its status row, parameters the limit's predictions can use`, () => {
      const fit = model.fit(data) as Fit;
      expect(fit.boundary).toBeDefined();
      expect(fit.converged).toBe(true);
      const { r, alpha, a, b } = fit.params;
      expect(a + b).toBeCloseTo(COMMON_DROP_SIZE, -2);
      const p = a / (a + b);
      // the fit is the limit's maximum: its log-likelihood there, and no better point nearby
      const d = compressCountData(data);
      const atLimit = (rr: number, aa: number, pp: number) => bgFamilyCommonDropLogLik(k, { r: rr, alpha: aa, q: pp / (1 - pp) }, d);
      expect(relDiff(fit.logLik, atLimit(r, alpha, p))).toBeLessThan(1e-12);
      for (const h of [1e-3, -1e-3]) {
        expect(atLimit(r * (1 + h), alpha, p)).toBeLessThan(fit.logLik);
        expect(atLimit(r, alpha * (1 + h), p)).toBeLessThan(fit.logLik);
        expect(atLimit(r, alpha, p * (1 + h))).toBeLessThan(fit.logLik);
      }
      // and above the full model's likelihood at the finite points on the way there
      for (const K of [10, 100, 1e4]) expect(bgFamilyLogLik(k, { r, alpha, a: p * K, b: (1 - p) * K }, d)).toBeLessThan(fit.logLik);
      // r and α keep standard errors; a and b, which stand for the limit, have none
      expect(fit.stdErrors.r).toBeGreaterThan(0);
      expect(Number.isNaN(fit.stdErrors.a)).toBe(true);
      // the fitted table says what the boundary means, with p and the limit's log-likelihood
      const status = fitToTable(model, fit).find((row) => row[0] === "status");
      expect(status?.[1]).toMatch(new RegExp(`^boundary: a, b → ∞: every customer has the same chance p = ${Number(p.toPrecision(3))} \\(s\\.e\\. [0-9.]+\\) of dropping out`));
      expect(status?.[1]).toContain(`LL = ${fit.logLik.toFixed(2)}`);
      if (k === 0) expect(p).toBeCloseTo(0.138, 3);
    });
  }

  it("the same boundary fit in days and in milliseconds (α scaled, LL by the Jacobian)", () => {
    const days = bgnbd.fit(makeCountData(sample.x, sample.tx.map((v) => v * 7), sample.T.map((v) => v * 7)));
    const ms = bgnbd.fit(makeCountData(sample.x, sample.tx.map((v) => v * 7 * 86_400_000), sample.T.map((v) => v * 7 * 86_400_000)));
    expect(days.boundary && ms.boundary).toBeTruthy();
    expect(relDiff(ms.params.alpha / 86_400_000, days.params.alpha)).toBeLessThan(1e-5);
    expect(relDiff(ms.params.a / (ms.params.a + ms.params.b), days.params.a / (days.params.a + days.params.b))).toBeLessThan(1e-5);
    const repeat = sample.x.reduce((s, v) => s + v, 0);
    expect(relDiff(ms.logLik, days.logLik - repeat * Math.log(86_400_000))).toBeLessThan(1e-9);
  });

  it("CDNOW, whose drop-out does vary, is no boundary fit", () => {
    expect(bgnbd.fit(cdnowSummary().data).boundary).toBeUndefined();
  });

  it("a runaway with no meaningful limit stays a clear error: what it means for the data, and to switch model", () => {
    // Everybody bought at a constant pace up to the end: no drop-out is visible (b → ∞).
    const x = Array.from({ length: 300 }, (_, i) => 1 + (i % 4));
    const e = thrownBy(() => bgnbd.fit(makeCountData(x, x.map(() => 20), x.map(() => 20))));
    expect(e.kind).toBe("num");
    expect(e.message).toMatch(/^BG\/NBD: the likelihood has no finite maximum \(parameter \w+ (grows without bound|shrinks towards 0)\); .+, so the data do not identify this model\. Switch model \(Pareto\/NBD or MBG\/NBD\)/);
  });
});
