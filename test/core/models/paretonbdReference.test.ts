/**
 * The Pareto/NBD log-likelihood against a plain transcription of the paper's closed form, at many
 * parameter points, on CDNOW and on the benchmark's 100k day-resolution population (which takes the
 * likelihood's per-(x, time) pair form), and on data that send some rows of the pair form back to the
 * per-row form. The reference is the individual likelihood of Fader & Hardie
 * (2005), note 008 (eq. 10 with the integral in 2F1 form, eqs. 19–22; also Schmittlein, Morrison &
 * Colombo 1987):
 *
 *   L = Γ(r+x) α^r β^s / Γ(r) · { (α+T)^−(r+x) (β+T)^−s + s/(r+s+x) · [ H(t_x) − H(T) ] },
 *   H(t) = 2F1(r+s+x, b; r+s+x+1; |α−β|/(M+t)) / (M+t)^(r+s+x),
 *
 * with M = max(α, β), b = s+1 when α ≥ β and b = r+x when α < β, and 2F1 summed term by term from
 * its Gauss series (DLMF 15.2.1; positive terms, argument in [0, 1)). The brackets are combined in
 * log space only to stay inside the range of doubles. Agreement is required to 1e-12 relative: the
 * implementation's hypergeometric transformations, tables and scaled pair values must not change
 * the likelihood's values.
 */
import { describe, expect, it } from "vitest";
import { paretoLogLik, paretoNbd, type ParetoNbdParams } from "../../../src/core/models/paretonbd";
import { compressCountData, makeCountData, timeIndex } from "../../../src/core/models/compress";
import type { CountData } from "../../../src/core/models/model";
import { createRng } from "../../../src/core/math/random";
import { lgamma } from "../../../src/core/math/special";
import { cdnowSummary, relDiff } from "./helpers";

/** ln 2F1(a, b; a+1; z) for 0 ≤ z < 1 by the Gauss series, summed past its largest term. */
function logGauss(a: number, b: number, z: number): number {
  if (z === 0) return 0;
  const hump = ((b - 1) * z) / (1 - z);
  let term = 1;
  let sum = 1;
  for (let n = 0; n < 1_000_000; n++) {
    term *= (((a + n) * (b + n)) / ((a + 1 + n) * (n + 1))) * z;
    sum += term;
    if (n > hump && term <= 1e-17 * sum) break;
  }
  return Math.log(sum);
}

/** Σ ln L over the rows, from the closed form above (2F1 values cached per (x, t) within one call). */
function referenceLogLik(p: ParetoNbdParams, d: CountData): number {
  const { r, alpha, s, beta } = p;
  const M = Math.max(alpha, beta);
  const cache = new Map<string, number>();
  /** ln[ s/(r+s+x) · H(t) ] */
  const logSH = (x: number, t: number): number => {
    const key = `${x}|${t}`;
    let v = cache.get(key);
    if (v === undefined) {
      const a = r + s + x;
      const b = alpha >= beta ? s + 1 : r + x;
      v = Math.log(s) - Math.log(a) - a * Math.log(M + t) + logGauss(a, b, Math.abs(alpha - beta) / (M + t));
      cache.set(key, v);
    }
    return v;
  };
  let ll = 0;
  for (let i = 0; i < d.length; i++) {
    const x = d.x[i];
    const tx = d.tx[i];
    const T = d.T[i];
    const logA = lgamma(r + x) - lgamma(r) + r * Math.log(alpha) + s * Math.log(beta);
    const logE = -(r + x) * Math.log(alpha + T) - s * Math.log(beta + T);
    let logBrace = logE;
    if (T > tx) {
      const h1 = logSH(x, tx);
      const h2 = logSH(x, T);
      const m = Math.max(logE, h1);
      logBrace = m + Math.log(Math.exp(logE - m) + Math.exp(h1 - m) - Math.exp(h2 - m));
    }
    ll += d.weight[i] * (logA + logBrace);
  }
  return ll;
}

/**
 * 81 points around the published CDNOW estimates (r 0.55, α 10.58, s 0.61, β 11.67), each parameter at
 * about a fifth, once and four times its value: α ≥ β and α < β, hypergeometric arguments up to 0.95.
 */
function parameterGrid(): ParetoNbdParams[] {
  const points: ParetoNbdParams[] = [];
  for (const r of [0.12, 0.55, 2.2]) {
    for (const alpha of [2, 10.6, 40]) {
      for (const s of [0.12, 0.6, 2.4]) {
        for (const beta of [2, 11.7, 40]) points.push({ r, alpha, s, beta });
      }
    }
  }
  return points;
}

/** The population of bench/models.bench.ts "100k (Pareto data)": seed 2, times in weeks at day resolution. */
function benchPopulation(): CountData {
  const rng = createRng(2);
  const n = 100_000;
  const T = new Float64Array(n);
  for (let i = 0; i < n; i++) T[i] = (7 * 51 - rng.integer(84)) / 7;
  const h = paretoNbd.simulate({ r: 0.55, alpha: 10.6, s: 0.6, beta: 11.7 }, T, rng);
  return makeCountData(h.x, h.tx.map((v) => Math.floor(v * 7) / 7), h.T);
}

/**
 * The population of bench/models.bench.ts "100k continuous" (seed 9, continuous times: every row
 * distinct), its first `n` customers.
 */
function continuousPopulation(n: number): CountData {
  const rng = createRng(9);
  const all = 100_000;
  const T = new Float64Array(all);
  for (let i = 0; i < all; i++) T[i] = 51 - 12 * rng.uniform();
  const h = paretoNbd.simulate({ r: 0.55, alpha: 10.6, s: 0.6, beta: 11.7 }, T, rng);
  return makeCountData(h.x.slice(0, n), h.tx.slice(0, n), h.T.slice(0, n));
}

describe("Pareto/NBD log-likelihood against the closed form of note 008", () => {
  it("agrees to 1e-12 relative on CDNOW at 81 parameter points", () => {
    const d = compressCountData(cdnowSummary().data);
    let worst = 0;
    for (const p of parameterGrid()) worst = Math.max(worst, relDiff(paretoLogLik(p, d), referenceLogLik(p, d)));
    expect(worst).toBeLessThan(1e-12);
  });

  it("agrees to 1e-12 relative on the benchmark's 100k day-resolution customers at 81 parameter points", () => {
    const d = compressCountData(benchPopulation());
    // Day resolution: few distinct times, so the likelihood works per (x, time) pair.
    expect(timeIndex(d)).not.toBeNull();
    expect(d.length).toBeGreaterThan(30_000);
    let worst = 0;
    const g = new Float64Array(4);
    for (const p of parameterGrid()) {
      // with and without the gradient: the value must not depend on it
      const withGrad = paretoLogLik(p, d, g);
      const reference = referenceLogLik(p, d);
      worst = Math.max(worst, relDiff(withGrad, reference), relDiff(paretoLogLik(p, d), reference));
    }
    expect(worst).toBeLessThan(1e-12);
  });

  it("agrees to 1e-12 relative on continuous times (every row distinct) at 81 parameter points", () => {
    const d = compressCountData(continuousPopulation(20_000));
    expect(timeIndex(d)).toBeNull();
    expect(d.length).toBe(20_000);
    let worst = 0;
    const g = new Float64Array(4);
    for (const p of parameterGrid()) {
      const reference = referenceLogLik(p, d);
      worst = Math.max(worst, relDiff(paretoLogLik(p, d, g), reference), relDiff(paretoLogLik(p, d), reference));
    }
    expect(worst).toBeLessThan(1e-12);
  });

  it("agrees to 1e-12 relative where the pair form falls back to the per-row form", () => {
    // Few distinct times (the pair form), with (a) heavy buyers whose F spans far more than e^300
    // between t = 0 and the longest T when α and β are small, so their x takes the per-row form, and
    // (b) rows with T − t_x = 1e-8, where F(t_x) and F(T) agree to 8 digits (the midpoint rule).
    const rows: [number, number, number][] = [];
    const times = [0, 2, 5.5, 13, 20, 31, 40];
    for (const x of [0, 1, 2, 5, 300, 301]) {
      for (const T of times.slice(1)) {
        for (const tx of times) if (tx <= T && (x > 0 || tx === 0)) rows.push([x, tx, T]);
        if (x > 0) rows.push([x, T - 1e-8, T]);
      }
    }
    const d = compressCountData(
      makeCountData(
        rows.map((r) => r[0]),
        rows.map((r) => r[1]),
        rows.map((r) => r[2]),
        rows.map((_, i) => 1 + (i % 5)),
      ),
    );
    expect(timeIndex(d)).not.toBeNull();
    for (const p of [
      { r: 0.55, alpha: 0.05, s: 0.6, beta: 0.06 },
      { r: 0.55, alpha: 0.07, s: 0.6, beta: 0.05 },
      { r: 0.55, alpha: 10.6, s: 0.6, beta: 11.7 },
    ]) {
      expect(relDiff(paretoLogLik(p, d), referenceLogLik(p, d))).toBeLessThan(1e-12);
    }
  });

  it("agrees to 1e-12 relative on continuous times where rows leave the interpolated and product forms", () => {
    // Continuous times (no time index) with (a) 3,000 customers without repeat purchases over T in
    // (0.01, 40], i.e. several dyadic intervals of T, with weights 1..5; (b) heavy buyers (x = 300)
    // whose ratio sD/E is beyond the range of doubles when α and β are small; (c) rows with
    // T − t_x = 1e-8 (the midpoint rule) and with t_x = T; (d) a repeat buyer with t_x = 0.
    const rng = createRng(31);
    const x: number[] = [];
    const tx: number[] = [];
    const T: number[] = [];
    const w: number[] = [];
    const add = (xi: number, txi: number, Ti: number, wi = 1) => {
      x.push(xi);
      tx.push(txi);
      T.push(Ti);
      w.push(wi);
    };
    for (let i = 0; i < 3000; i++) add(0, 0, 0.01 + 39.99 * rng.uniform() ** 2, 1 + (i % 5));
    for (let i = 0; i < 400; i++) {
      const Ti = 40 * rng.uniform();
      add(1 + rng.integer(6), Ti * rng.uniform(), Ti);
    }
    for (let i = 0; i < 20; i++) {
      const Ti = 10 + 30 * rng.uniform();
      add(300, Ti * rng.uniform(), Ti);
      add(2 + i, Ti - 1e-8, Ti);
      add(3 + i, Ti, Ti, 2);
    }
    add(2, 0, 25);
    const d = compressCountData(makeCountData(x, tx, T, w));
    expect(timeIndex(d)).toBeNull();
    for (const p of [
      { r: 0.55, alpha: 0.05, s: 0.6, beta: 0.06 },
      { r: 0.55, alpha: 0.07, s: 0.6, beta: 0.05 },
      { r: 0.55, alpha: 10.6, s: 0.6, beta: 11.7 },
      { r: 2.2, alpha: 2, s: 0.12, beta: 40 },
      { r: 0.12, alpha: 40, s: 2.4, beta: 2 },
    ]) {
      expect(relDiff(paretoLogLik(p, d), referenceLogLik(p, d))).toBeLessThan(1e-12);
      expect(relDiff(paretoLogLik(p, d, new Float64Array(4)), referenceLogLik(p, d))).toBeLessThan(1e-12);
    }
  });
});
