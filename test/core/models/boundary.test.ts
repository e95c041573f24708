/**
 * Boundary fits (fitting.ts `BoundaryLimit`): when BG/NBD's or MBG/NBD's likelihood keeps rising as
 * a, b → ∞ at fixed p = a/(a+b), the fit reports that limit, in which every customer drops out with the
 * same probability p, instead of failing.
 *
 * Checks: the limit's closed-form log-likelihood (FHL 2005 eq. 6 with Beta(a, b) → point mass) against
 * the full model's at a = pK, b = (1−p)K, which must converge to it at rate 1/K (brute force: the model
 * itself); its analytic gradient; the representative parameters predicting as the limit's closed forms
 * do (within 1e-6, in fact about 1e-9); the fit on the pane's unidentified sample; unit invariance of a
 * boundary fit; and the clear error that remains where the runaway has no meaningful limit. The same
 * for the limits with a common purchase rate or no drop-out, and Gamma-Gamma's common mean spend.
 */
import { describe, expect, it } from "vitest";
import { bgnbd } from "../../../src/core/models/bgnbd";
import { mbgnbd } from "../../../src/core/models/mbgnbd";
import {
  COMMON_DROP_SIZE,
  COMMON_RATE_SHAPE,
  NO_DROP_B,
  bgFamilyCommonDropLogLik,
  bgFamilyCommonRateBetaLogLik,
  bgFamilyCommonRateLogLik,
  bgFamilyLogLik,
  nbdLogLik,
  negBinomTail,
  type Shift,
} from "../../../src/core/models/bgfamily";
import { COMMON_MEAN_SHAPE, gammaGamma, ggCommonMeanLogLik } from "../../../src/core/models/gammagamma";
import { cdnowSpend } from "./cdnowSpend";
import { compressCountData, makeCountData, makeSpendData } from "../../../src/core/models/compress";
import { fitToTable } from "../../../src/core/models/table";
import type { CountModel, Fit } from "../../../src/core/models/model";
import { summarizeTransactions } from "../../../src/core/data/summary";
import { simulateTransactions } from "../../../src/core/simulate/transactions";
import { serialFromIso } from "../../../src/core/data/dates";
import { lbeta, lgamma, logPochhammer } from "../../../src/core/math/special";
import { integrate } from "../../../src/core/math/quadrature";
import { thrownBy } from "../../support/thrown";
import { cdnowSummary, gradientError, relDiff, uniformLog } from "./helpers";

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
    // Half the customers never bought again, the other half bought 10 times up to the end (a → 0).
    const x = Array.from({ length: 300 }, (_, i) => (i % 2 ? 0 : 10));
    const e = thrownBy(() => bgnbd.fit(makeCountData(x, x.map((v) => (v ? 20 : 0)), x.map(() => 20))));
    expect(e.kind).toBe("num");
    expect(e.message).toBe(
      "BG/NBD: the likelihood has no finite maximum (parameter a shrinks towards 0); drop-out chances spread to the extremes, as if customers " +
        "either left at once or never, so the data do not identify this model. Switch model (Pareto/NBD or MBG/NBD), or fit on a longer period or more customers.",
    );
  });
});

describe("limits in which every customer buys at the same rate, and without drop-out", () => {
  const d = compressCountData(cdnowSummary().data);

  for (const [k, model] of models) {
    it(`${model.name}: the full likelihood approaches each closed form at rate 1/K`, () => {
      const [lambda, p, r, alpha] = [0.2, 0.1, 0.4, 6];
      const cases: [string, number, (K: number) => { r: number; alpha: number; a: number; b: number }][] = [
        // r, α → ∞ at λ = r/α and a, b → ∞ at p = a/(a+b)
        ["common rate and drop-out", bgFamilyCommonRateLogLik(k, { lambda, q: p / (1 - p) }, d), (K) => ({ r: K, alpha: K / lambda, a: p * K, b: (1 - p) * K })],
        // r, α → ∞ and b → ∞ (a = 1): Poisson purchases, no drop-out
        ["Poisson", bgFamilyCommonRateLogLik(k, { lambda }, d), (K) => ({ r: K, alpha: K / lambda, a: 1, b: K })],
        // b → ∞ (a = 1): the NBD
        ["NBD", nbdLogLik({ r, alpha }, d), (K) => ({ r, alpha, a: 1, b: K })],
      ];
      // the gap times K settles to a constant (at larger K the full likelihood's r·ln α − (r+x)·ln(α+T)
      // loses to rounding what the gap gains)
      for (const [, limit, params] of cases.slice(0, 2)) {
        const gap = (K: number) => bgFamilyLogLik(k, params(K), d) - limit;
        expect(Math.abs(gap(1e6))).toBeLessThan(2);
        expect(relDiff(gap(1e5) * 1e5, gap(1e6) * 1e6)).toBeLessThan(1e-2);
      }
      // b → ∞ converges slowly for customers whose long silence makes ((α+T)/(α+t_x))^(r+x) huge (the
      // second term of eq. 6 is that over b): the gap falls as b grows and is gone (below rounding)
      // once b dwarfs it, as at the representative b = 10^100
      const [, nbdLimit, nbdParams] = cases[2];
      const gap = (K: number) => bgFamilyLogLik(k, nbdParams(K), d) - nbdLimit;
      expect(gap(1e4)).toBeGreaterThan(gap(1e8));
      expect(gap(1e8)).toBeGreaterThan(1e-6);
      expect(Math.abs(gap(1e40))).toBeLessThan(1e-9);
      expect(Math.abs(gap(NO_DROP_B))).toBeLessThan(1e-9);
    });

    it(`${model.name}: gradients of the limits match finite differences`, () => {
      const common = (theta: number[], grad?: Float64Array) => bgFamilyCommonRateLogLik(k, { lambda: Math.exp(theta[0]), q: Math.exp(theta[1]) }, d, grad);
      expect(gradientError(common, [Math.log(0.15), Math.log(0.2)])).toBeLessThan(1e-7);
      const poisson = (theta: number[], grad?: Float64Array) => bgFamilyCommonRateLogLik(k, { lambda: Math.exp(theta[0]) }, d, grad);
      expect(gradientError(poisson, [Math.log(0.15)])).toBeLessThan(1e-7);
    });
  }

  it("the NBD limit's gradient matches finite differences", () => {
    const nbd = (theta: number[], grad?: Float64Array) => nbdLogLik({ r: Math.exp(theta[0]), alpha: Math.exp(theta[1]) }, d, grad);
    expect(gradientError(nbd, [Math.log(0.4), Math.log(6)])).toBeLessThan(1e-7);
  });

  it("a constant pace up to the end: every customer buys at λ = Σx/ΣT and none drops out (the Poisson limit's MLE)", () => {
    const x = Array.from({ length: 300 }, (_, i) => 1 + (i % 4));
    for (const model of [bgnbd, mbgnbd]) {
      const fit = model.fit(makeCountData(x, x.map(() => 20), x.map(() => 20)));
      const lambda = x.reduce((a, v) => a + v, 0) / (20 * x.length);
      expect(relDiff(fit.params.r / fit.params.alpha, lambda)).toBeLessThan(1e-6);
      // LL = Σ x ln λ − λT
      expect(relDiff(fit.logLik, x.reduce((a, v) => a + v * Math.log(lambda) - lambda * 20, 0))).toBeLessThan(1e-9);
      expect(fit.boundary).toMatch(/^r, α → ∞ and b → ∞: every customer buys at the same rate λ = r\/α = 0\.125 \(s\.e\. [0-9.]+\) per unit of time of recency and T while active, and no customer drops out/);
      expect(fit.params.r).toBeCloseTo(COMMON_RATE_SHAPE, -3);
      expect(fit.params.b / NO_DROP_B).toBeCloseTo(1, 9);
      expect(fit.params.a).toBeCloseTo(1, 9);
    }
  });

  it("the issue's uniform synthetic log (customers and dates drawn at random): a Poisson boundary fit, not a failure", () => {
    // 2,000 rows, 200 customers, two years, seed 1 (the pane's end-to-end sample of this kind)
    const { ids, days, amounts } = uniformLog(2000, 200, 1);
    const s = summarizeTransactions({ customer: ids, day: days, amount: amounts }, { timeUnit: "W" });
    const fit = bgnbd.fit(makeCountData(Array.from(s.frequency), Array.from(s.recency), Array.from(s.T)));
    const lambda = s.frequency.reduce((a, v) => a + v, 0) / s.T.reduce((a, v) => a + v, 0);
    expect(fit.boundary).toMatch(/^r, α → ∞ and b → ∞/);
    expect(relDiff(fit.params.r / fit.params.alpha, lambda)).toBeLessThan(1e-6);
  });

  it("representatives predict as the limits' closed forms (within 1e-6)", () => {
    const lambda = 0.125;
    for (const [k, model] of models) {
      const poisson = { r: COMMON_RATE_SHAPE, alpha: COMMON_RATE_SHAPE / lambda, a: 1, b: NO_DROP_B };
      const nbdParams = { r: 0.4, alpha: 6, a: 1, b: NO_DROP_B };
      const p = 0.1;
      const commonBoth = { r: COMMON_RATE_SHAPE, alpha: COMMON_RATE_SHAPE / lambda, a: p * COMMON_DROP_SIZE, b: (1 - p) * COMMON_DROP_SIZE };
      for (const t of [1, 52, 5000]) {
        expect(relDiff(model.expectedNew(poisson, t), lambda * t)).toBeLessThan(1e-6);
        expect(relDiff(model.expectedNew(nbdParams, t), (0.4 * t) / 6)).toBeLessThan(1e-6);
        expect(relDiff(model.expectedNew(commonBoth, t), ((1 - p) ** k * -Math.expm1(-lambda * p * t)) / p)).toBeLessThan(1e-6);
        for (const [x, tx, T] of [
          [0, 0, 38],
          [3, 20, 38],
          [25, 37, 38],
        ]) {
          expect(Math.abs(model.pAlive(poisson, x, tx, T) - 1)).toBeLessThan(1e-6);
          expect(relDiff(model.expected(poisson, t, x, tx, T), lambda * t)).toBeLessThan(1e-6);
          expect(relDiff(model.expected(nbdParams, t, x, tx, T), ((0.4 + x) * t) / (6 + T))).toBeLessThan(1e-6);
          const alive = x + k === 0 ? 1 : 1 / (1 + (p / (1 - p)) * Math.exp(lambda * (T - tx)));
          expect(relDiff(model.pAlive(commonBoth, x, tx, T), alive)).toBeLessThan(1e-6);
          expect(relDiff(model.expected(commonBoth, t, x, tx, T), (alive * -Math.expm1(-lambda * p * t)) / p)).toBeLessThan(1e-6);
        }
      }
      // P(X(t) = n) of the Poisson limit: e^(−λt)(λt)^n/n!
      for (const [n, t] of [
        [0, 10],
        [2, 52],
        [7, 52],
      ]) {
        const mu = lambda * t;
        expect(relDiff(model.pmf!(poisson, n, t), Math.exp(-mu + n * Math.log(mu) - lgamma(n + 1)))).toBeLessThan(1e-6);
      }
    }
  });
});

describe("Gamma-Gamma: the limit in which every customer has the same mean spend", () => {
  const s = cdnowSpend();
  const data = makeSpendData(s.frequency, s.monetary);

  it("note 025 eq. 3 at q = K, γ = K/ν approaches the closed form at rate 1/K, with its analytic gradient", () => {
    const [p, nu] = [6, 0.4];
    const limit = ggCommonMeanLogLik({ p, nu }, data);
    const gap = (K: number) => gammaGamma.logLikelihood({ p, q: K, gamma: K / nu }, data) - limit;
    // the gap is about Σ(νxm̄)²/(2q) (CDNOW's averages reach hundreds of dollars): 0.4 at q = 10^7
    expect(Math.abs(gap(1e7))).toBeLessThan(1);
    expect(relDiff(gap(1e6) * 1e6, gap(1e7) * 1e7)).toBeLessThan(1e-2);
    const ll = (theta: number[], grad?: Float64Array) => ggCommonMeanLogLik({ p: Math.exp(theta[0]), nu: Math.exp(theta[1]) }, data, grad);
    expect(gradientError(ll, [Math.log(6), Math.log(0.4)])).toBeLessThan(1e-7);
  });

  it("the issue's uniform log (amounts drawn alike for everyone): a boundary fit whose mean spend is Σx·m̄/Σx, in any currency unit", () => {
    const { ids, days, amounts } = uniformLog(2000, 200, 1);
    const sum = summarizeTransactions({ customer: ids, day: days, amount: amounts }, { timeUnit: "W" });
    const x = Array.from(sum.frequency);
    const m = Array.from(sum.monetary);
    const fit = gammaGamma.fit(makeSpendData(x, m));
    // for a given p the limit's ν is pΣx/Σxm̄ (its score in ν is Σ px − νxm̄)
    const mean = x.reduce((a, v, i) => a + v * m[i], 0) / x.reduce((a, v) => a + v, 0);
    expect(fit.boundary).toMatch(/^q, γ → ∞: every customer has the same mean spend per purchase, p\/ν = 54\.11, in the unit of monetary/);
    expect(fit.params.q).toBeCloseTo(COMMON_MEAN_SHAPE, -3);
    // the representative predicts the limit: E[M | x, m̄] = p(γ + m̄x)/(px + q − 1) → p/ν for every customer
    for (const [xi, mi] of [
      [1, 20],
      [8, 90],
    ]) {
      expect(relDiff(gammaGamma.expectedSpend(fit.params, xi, mi), mean)).toBeLessThan(1e-6);
    }
    expect(relDiff(gammaGamma.meanSpend(fit.params), mean)).toBeLessThan(1e-6);
    const cents = gammaGamma.fit(makeSpendData(x, m.map((v) => v * 100)));
    expect(relDiff(cents.params.gamma / 100, fit.params.gamma)).toBeLessThan(1e-5);
    expect(relDiff(cents.logLik, fit.logLik - fit.n * Math.log(100))).toBeLessThan(1e-9);
  });
});

describe("the limit in which every customer buys at the same rate while drop-out chances vary", () => {
  const d = compressCountData(cdnowSummary().data);
  const [lambda, a, b] = [0.2, 0.8, 2.5];

  for (const [k, model] of models) {
    it(`${model.name}: the full likelihood approaches the closed form at rate 1/K (r = K, α = K/λ), with its analytic gradient`, () => {
      const limit = bgFamilyCommonRateBetaLogLik(k, { lambda, a, b }, d);
      const gap = (K: number) => bgFamilyLogLik(k, { r: K, alpha: K / lambda, a, b }, d) - limit;
      expect(Math.abs(gap(1e6))).toBeLessThan(2);
      expect(relDiff(gap(1e5) * 1e5, gap(1e6) * 1e6)).toBeLessThan(1e-2);
      const f = (theta: number[], grad?: Float64Array) => bgFamilyCommonRateBetaLogLik(k, { lambda: Math.exp(theta[0]), a: Math.exp(theta[1]), b: Math.exp(theta[2]) }, d, grad);
      expect(gradientError(f, [Math.log(0.15), Math.log(0.6), Math.log(3)])).toBeLessThan(1e-7);
    });
  }

  it("the representative r = 10^10, α = r/λ predicts as the limit: E[X(t)], P(alive) and E[X(t) | history] by quadrature over Beta(a, b) (within 1e-6)", () => {
    // Given λ and p: E[X(t) | λ, p] = (1 − e^(−λpt))/p (FHL 2005 eq. 7 before the mixing), and the history
    // (x, t_x, T) weighs "alive" by (1−p)^x e^(−λT) and "dropped after t_x" by p(1−p)^(x−1) e^(−λt_x) (eq. 6).
    const rep = { r: COMMON_RATE_SHAPE, alpha: COMMON_RATE_SHAPE / lambda, a, b };
    const beta = (p: number) => Math.exp((a - 1) * Math.log(p) + (b - 1) * Math.log1p(-p) - lbeta(a, b));
    const mean = (p: number, t: number) => -Math.expm1(-lambda * p * t) / p;
    for (const t of [1, 52, 200]) {
      expect(relDiff(bgnbd.expectedNew(rep, t), integrate((p) => beta(p) * mean(p, t), 0, 1))).toBeLessThan(1e-6);
      for (const [x, tx, T] of [
        [0, 0, 40],
        [2, 30, 40],
        [5, 10, 40],
      ]) {
        const alive = (p: number) => beta(p) * Math.pow(1 - p, x) * Math.exp(-lambda * T);
        const dropped = (p: number) => (x > 0 ? beta(p) * p * Math.pow(1 - p, x - 1) * Math.exp(-lambda * tx) : 0);
        const total = integrate((p) => alive(p) + dropped(p), 0, 1);
        expect(relDiff(bgnbd.pAlive(rep, x, tx, T), integrate(alive, 0, 1) / total)).toBeLessThan(1e-6);
        expect(relDiff(bgnbd.expected(rep, t, x, tx, T), integrate((p) => alive(p) * mean(p, t), 0, 1) / total)).toBeLessThan(1e-6);
      }
    }
  });

  it("200,000 rows of a uniform log over 20,000 customers: boundary fits, not failures, though the full likelihood far out is only rounding", () => {
    // Customers and dates (two years) drawn uniformly, seed 3. Every customer buys at the same rate, so
    // r runs to about e^32, where the full likelihood's N·r·ln α and Σ(r+x)·ln(α+T) cancel to rounding
    // errors of millions; the limits' own likelihoods decide.
    const { ids, days, amounts } = uniformLog(200_000, 20_000, 3);
    const s = summarizeTransactions({ customer: ids, day: days, amount: amounts }, { timeUnit: "W" });
    const data = makeCountData(Array.from(s.frequency), Array.from(s.recency), Array.from(s.T));
    const poissonRate = s.frequency.reduce((acc, v) => acc + v, 0) / s.T.reduce((acc, v) => acc + v, 0);
    for (const model of [bgnbd, mbgnbd]) {
      const fit = model.fit(data);
      expect(fit.boundary, model.name).toMatch(/^r, α → ∞/);
      expect(Number.isFinite(fit.logLik)).toBe(true);
      // nested limits: at least the Poisson limit's likelihood Σ x ln λ − λT at λ = Σx/ΣT
      const poissonLogLik = data.x.reduce((acc, x, i) => acc + x * Math.log(poissonRate) - poissonRate * data.T[i], 0);
      expect(fit.logLik).toBeGreaterThanOrEqual(poissonLogLik - 1e-6);
      // and the rate is within 1 % of Σx/ΣT (drop-out is rare in these data)
      expect(relDiff(fit.params.r / fit.params.alpha, poissonRate)).toBeLessThan(0.01);
    }
  });
});
