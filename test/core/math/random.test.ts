import { describe, expect, it } from "vitest";
import { createRng, xoshiro128StarStar } from "../../../src/core/math/random";

function meanVar(xs: number[]): [number, number] {
  const n = xs.length;
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const v = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1);
  return [mean, v];
}

const N = 200_000;

describe("createRng: determinism", () => {
  it("gives the same stream for the same seed and different streams for different seeds", () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const sa = Array.from({ length: 20 }, () => a.nextUint32());
    const sb = Array.from({ length: 20 }, () => b.nextUint32());
    const sc = Array.from({ length: 20 }, () => c.nextUint32());
    expect(sa).toEqual(sb);
    expect(sa).not.toEqual(sc);
    sa.forEach((v) => expect(Number.isInteger(v) && v >= 0 && v < 2 ** 32).toBe(true));
  });

  it("xoshiro128** reproduces the authors' reference vector from state (1, 2, 3, 4)", () => {
    // Reference outputs of Blackman & Vigna's C code, as used in the rand_xoshiro crate's test
    // `reference_starstar` (docs.rs/rand_xoshiro, xoshiro128starstar.rs).
    const next = xoshiro128StarStar([1, 2, 3, 4]);
    expect(Array.from({ length: 10 }, () => next())).toEqual([
      11520, 0, 5927040, 70819200, 2031721883, 1637235492, 1287239034, 3734860849, 3729100597, 4258142804,
    ]);
  });

  it("matches golden first outputs for fixed seeds (integer arithmetic only: identical on every engine)", () => {
    // Recorded from this implementation: a change to the seeding or the generator breaks saved workbooks'
    // reproducibility, so it must be deliberate.
    const r = createRng(20240607);
    expect(Array.from({ length: 5 }, () => r.nextUint32())).toEqual([3845660180, 4128500579, 2541458449, 955271074, 3779567413]);
    expect(createRng(7).uniform()).toBe(0.23382771778453015);
  });

  it("uniform() stays strictly inside (0, 1) with mean 1/2 and variance 1/12 (±5 s.e.)", () => {
    const r = createRng(1);
    const xs = Array.from({ length: N }, () => r.uniform());
    expect(xs.every((x) => x > 0 && x < 1)).toBe(true);
    const [mean, v] = meanVar(xs);
    expect(Math.abs(mean - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / N));
    expect(Math.abs(v - 1 / 12)).toBeLessThan(5 * Math.sqrt(1 / 180 / N)); // Var(U²-ish): fourth central moment 1/80
  });
});

describe("createRng: distributions (sample moments over 200k draws within 5 standard errors)", () => {
  /** |sample mean − μ| < 5·σ/√N and |sample var − σ²| < 5·sqrt((μ4 − σ⁴)/N) */
  function checkMoments(xs: number[], mu: number, sigma2: number, mu4: number): void {
    const [mean, v] = meanVar(xs);
    expect(Math.abs(mean - mu)).toBeLessThan(5 * Math.sqrt(sigma2 / xs.length));
    expect(Math.abs(v - sigma2)).toBeLessThan(5 * Math.sqrt((mu4 - sigma2 * sigma2) / xs.length));
  }

  it("normal: mean 0, variance 1 (μ4 = 3); consecutive values (a Box–Muller pair) uncorrelated", () => {
    const r = createRng(11);
    const xs = Array.from({ length: N }, () => r.normal());
    checkMoments(xs, 0, 1, 3);
    let lag = 0;
    for (let i = 0; i + 1 < N; i += 2) lag += xs[i] * xs[i + 1];
    // E[cos·sin] = 0 and the pair product has variance 1/4·E[R⁴] = 2·(1/4)·... ≈ 1: s.e. of the mean ≈ sqrt(1/(N/2))
    expect(Math.abs(lag / (N / 2))).toBeLessThan(5 * Math.sqrt(2 / N));
  });

  it("gamma: shape 2.5 scale 3 and shape 0.3 (boost) scale 1; mean kθ, variance kθ², μ4 = 3k(k+2)θ⁴", () => {
    for (const [k, theta, seed] of [
      [2.5, 3, 5],
      [0.3, 1, 6],
      [1, 0.5, 7],
    ]) {
      const r = createRng(seed);
      const xs = Array.from({ length: N }, () => r.gamma(k, theta));
      expect(xs.every((x) => x >= 0)).toBe(true);
      checkMoments(xs, k * theta, k * theta * theta, 3 * k * (k + 2) * theta ** 4);
    }
  });

  it("beta(1.2, 0.75) and beta(0.2, 0.4): mean a/(a+b), variance ab/((a+b)²(a+b+1))", () => {
    for (const [a, b, seed] of [
      [1.2, 0.75, 8],
      [0.2, 0.4, 9],
    ]) {
      const r = createRng(seed);
      const xs = Array.from({ length: N }, () => r.beta(a, b));
      expect(xs.every((x) => x >= 0 && x <= 1)).toBe(true);
      const mu = a / (a + b);
      const v = (a * b) / ((a + b) ** 2 * (a + b + 1));
      // bounded in [0,1]: μ4 ≤ v, a safe bound for the variance check
      checkMoments(xs, mu, v, v);
    }
  });

  it("poisson: mean 3.7 (inversion) and 250 (PTRS): mean = variance = λ, μ4 = λ(1+3λ)", () => {
    for (const [lambda, seed] of [
      [3.7, 10],
      [250, 12],
      [12.5, 13],
    ]) {
      const r = createRng(seed);
      const xs = Array.from({ length: N }, () => r.poisson(lambda));
      expect(xs.every((x) => Number.isInteger(x) && x >= 0)).toBe(true);
      checkMoments(xs, lambda, lambda, lambda * (1 + 3 * lambda));
    }
    // P(X = 0) for λ = 3.7 is e^−3.7 = 0.02472; binomial s.e. over N draws
    const r = createRng(14);
    const zeros = Array.from({ length: N }, () => r.poisson(3.7)).filter((x) => x === 0).length / N;
    expect(Math.abs(zeros - Math.exp(-3.7))).toBeLessThan(5 * Math.sqrt((Math.exp(-3.7) * (1 - Math.exp(-3.7))) / N));
  });

  it("binomial: direct (n = 20) and halving (n = 1,000; 10^12): mean np, variance npq, μ4 = npq(1 + 3(n−2)pq)", () => {
    for (const [n, p, seed] of [
      [20, 0.3, 20],
      [1000, 0.37, 21],
      [1e12, 1e-9, 22],
    ]) {
      const r = createRng(seed);
      const count = n > 100 ? 40_000 : N;
      const xs = Array.from({ length: count }, () => r.binomial(n, p));
      expect(xs.every((x) => Number.isInteger(x) && x >= 0 && x <= n)).toBe(true);
      const q = 1 - p;
      checkMoments(xs, n * p, n * p * q, n * p * q * (1 + 3 * (n - 2) * p * q));
    }
    const r = createRng(23);
    // P(X = 0) = q^n for n = 10, p = 0.1: 0.9^10 = 0.34868
    const zeros = Array.from({ length: N }, () => r.binomial(10, 0.1)).filter((x) => x === 0).length / N;
    expect(Math.abs(zeros - 0.9 ** 10)).toBeLessThan(5 * Math.sqrt((0.9 ** 10 * (1 - 0.9 ** 10)) / N));
    expect([r.binomial(7, 0), r.binomial(7, 1), r.binomial(0, 0.5)]).toEqual([0, 7, 0]);
    expect(r.binomial(-1, 0.5)).toBeNaN();
  });

  it("geometric(p = 0.3): support 1, 2, …, mean 1/p, variance (1−p)/p²", () => {
    const p = 0.3;
    const r = createRng(15);
    const xs = Array.from({ length: N }, () => r.geometric(p));
    expect(xs.reduce((a, b) => Math.min(a, b), Infinity)).toBe(1);
    const [mean, v] = meanVar(xs);
    expect(Math.abs(mean - 1 / p)).toBeLessThan(5 * Math.sqrt((1 - p) / p / p / N));
    expect(Math.abs(v - (1 - p) / (p * p)) / ((1 - p) / (p * p))).toBeLessThan(0.03);
    // P(X = 1) = p
    expect(Math.abs(xs.filter((x) => x === 1).length / N - p)).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / N));
  });

  it("exponential, bernoulli and integer have the right means and ranges", () => {
    const r = createRng(16);
    checkMoments(Array.from({ length: N }, () => r.exponential(4)), 0.25, 1 / 16, 9 / 256);
    const hits = Array.from({ length: N }, () => r.bernoulli(0.2)).filter(Boolean).length / N;
    expect(Math.abs(hits - 0.2)).toBeLessThan(5 * Math.sqrt(0.16 / N));
    const ints = Array.from({ length: N }, () => r.integer(6));
    expect(ints.reduce((a, b) => Math.min(a, b), Infinity)).toBe(0);
    expect(ints.reduce((a, b) => Math.max(a, b), -Infinity)).toBe(5);
    expect(Math.abs(ints.reduce((a, b) => a + b, 0) / N - 2.5)).toBeLessThan(5 * Math.sqrt(35 / 12 / N));
  });
});
