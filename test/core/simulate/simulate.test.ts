import { describe, expect, it } from "vitest";
import { simulateBgbb, simulateCountHistories, simulateSbg } from "../../../src/core/simulate/histories";
import { simulateTransactions } from "../../../src/core/simulate/transactions";
import { createRng } from "../../../src/core/math/random";
import { bgbb, bgbbExpectedNew } from "../../../src/core/models/bgbb";
import { bgnbd } from "../../../src/core/models/bgnbd";
import { paretoNbd } from "../../../src/core/models/paretonbd";
import { sbgSurvival } from "../../../src/core/models/sbg";

function meanSe(xs: ArrayLike<number>): [number, number] {
  const n = xs.length;
  let s = 0;
  for (let i = 0; i < n; i++) s += xs[i];
  const mean = s / n;
  let v = 0;
  for (let i = 0; i < n; i++) v += (xs[i] - mean) ** 2;
  return [mean, Math.sqrt(v / (n - 1) / n)];
}

describe("simulateBgbb / simulateSbg", () => {
  it("BG/BB histories are consistent, reproducible, and average E[X(n)] (FHS 2010 E[X(n)], ±5 s.e.)", () => {
    const p = { alpha: 1.2, beta: 0.75, gamma: 0.66, delta: 2.78 };
    const a = simulateBgbb(p, 40_000, 6, createRng(1));
    const b = simulateBgbb(p, 40_000, 6, createRng(1));
    expect(Array.from(a.recency)).toEqual(Array.from(b.recency));
    expect(a.periods.every((n) => n === 6)).toBe(true);
    const [mean, se] = meanSe(a.frequency);
    expect(Math.abs(mean - bgbbExpectedNew(p, 6))).toBeLessThan(5 * se);
    expect(() => simulateBgbb(p, 0, 6, createRng(1))).toThrow(/customers/);
    expect(() => simulateBgbb(p, 10, 2.5, createRng(1))).toThrow(/periods/);
  });

  it("sBG lifetimes follow S(t) (±5 binomial s.e.)", () => {
    const p = { alpha: 0.704, beta: 1.182 };
    const life = simulateSbg(p, 100_000, createRng(8));
    for (const t of [1, 2, 5]) {
      const share = life.filter((l) => l > t).length / life.length;
      const s = sbgSurvival(p, t);
      expect(Math.abs(share - s)).toBeLessThan(5 * Math.sqrt((s * (1 - s)) / life.length));
    }
  });

  it("simulateCountHistories works for continuous (BG/NBD) and discrete (BG/BB) models", () => {
    const h = simulateCountHistories(bgnbd, { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, 20_000, 39, createRng(4));
    const [mean, se] = meanSe(h.x);
    expect(Math.abs(mean - bgnbd.expectedNew({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, 39))).toBeLessThan(5 * se);
    expect(() => simulateCountHistories(bgbb, { alpha: 1, beta: 1, gamma: 1, delta: 1 }, 10, 3.5, createRng(4))).toThrow(/whole number/);
  });
});

describe("bounded simulation (x and t_x drawn in O(1) per customer)", () => {
  it("a BG/NBD customer buying 10^12 times a week is drawn exactly in a few steps: x ≈ λT, t_x ≈ T", () => {
    // r = 10^6, alpha = 10^-6: λ ~ Gamma(10^6, scale 10^6) ≈ 10^12 ± 0.1 %; b = 10^9: drop-out p ≈ 10^-9, so
    // the customer survives about 10^9 purchases and t_x = the 10^9-th of 5·10^13 arrivals ≈ 52·2·10^-5 weeks
    const h = simulateCountHistories(bgnbd, { r: 1e6, alpha: 1e-6, a: 1, b: 1e9 }, 2, 52, createRng(1));
    for (let i = 0; i < 2; i++) {
      expect(Number.isInteger(h.x[i]) && h.x[i] > 0).toBe(true);
      expect(h.tx[i]).toBeGreaterThan(0);
      expect(h.tx[i]).toBeLessThanOrEqual(52);
      // t_x is the x-th of Poisson(λ·52) arrivals: x/λ up to the spread of λ (±0.5 % at 5 s.d.) and of the count
      expect(Math.abs(h.tx[i] / (h.x[i] / 1e12) - 1)).toBeLessThan(0.01);
    }
  });

  it("Pareto/NBD with 10^12 purchases per week and BG/BB with 10^9 opportunities stay bounded and consistent", () => {
    const p = simulateCountHistories(paretoNbd, { r: 1e6, alpha: 1e-6, s: 1, beta: 1e9 }, 3, 52, createRng(2));
    for (let i = 0; i < 3; i++) {
      // lifetime ~ Exp(μ ≈ 10^-9) ≫ 52: x ~ Poisson(λ·52) ≈ 5.2·10^13 (±0.5 % from λ), t_x = 52·U^(1/x) ≈ 52
      expect(Math.abs(p.x[i] / 5.2e13 - 1)).toBeLessThan(0.01);
      expect(p.tx[i]).toBeCloseTo(52, 6);
    }
    const b = simulateCountHistories(bgbb, { alpha: 1e6, beta: 1, gamma: 1, delta: 1e9 }, 3, 1e9, createRng(3));
    for (let i = 0; i < 3; i++) {
      // p ≈ 1 − 10^-6, θ ≈ 10^-9: alive for ~10^9 opportunities, transacting at nearly all of them
      expect(b.x[i]).toBeLessThanOrEqual(b.tx[i]);
      expect(b.tx[i]).toBeLessThanOrEqual(1e9);
      expect(b.x[i] / b.tx[i]).toBeGreaterThan(0.999);
    }
  });

  it("t_x given x follows the story: Pareto/NBD customers with one purchase and no drop-out have E[t_x] = T/2 (±5 s.e.)", () => {
    // beta = 10^12 makes μ ≈ 0 (no drop-out in 10 weeks); a Poisson process on (0, T] given one arrival puts it
    // uniformly on (0, T], so E[t_x | x = 1] = T/2.
    const h = simulateCountHistories(paretoNbd, { r: 2, alpha: 40, s: 1, beta: 1e12 }, 40_000, 10, createRng(4));
    const ones = Array.from(h.x.keys()).filter((i) => h.x[i] === 1).map((i) => h.tx[i]);
    const [mean, se] = meanSe(ones);
    expect(ones.length).toBeGreaterThan(1000);
    expect(Math.abs(mean - 5)).toBeLessThan(5 * se);
  });
});

describe("simulateTransactions", () => {
  const count = { model: bgnbd, params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } };
  const spend = { p: 6.25, q: 3.74, gamma: 15.44 };
  const start = 35431; // 1997-01-01
  const end = start + 7 * 39;

  it("is reproducible for a seed and stays inside the window with ids 1..N", () => {
    const a = simulateTransactions(count, spend, 2000, start, end, 42);
    const b = simulateTransactions(count, spend, 2000, start, end, 42);
    const c = simulateTransactions(count, spend, 2000, start, end, 43);
    expect(Array.from(a.day)).toEqual(Array.from(b.day));
    expect(Array.from(a.amount)).toEqual(Array.from(b.amount));
    expect(Array.from(a.amount)).not.toEqual(Array.from(c.amount));
    expect(a.day.every((d) => d >= start && d <= end && Number.isInteger(d))).toBe(true);
    expect(a.customer[0]).toBe(1);
    expect(a.customer[a.length - 1]).toBe(2000);
    expect(a.amount.every((v) => v > 0)).toBe(true);
  });

  it("repeat purchases average E[X(T)] of the count model and amounts average pγ/(q−1) (±5 s.e.)", () => {
    const N = 20_000;
    const log = simulateTransactions(count, spend, N, start, end, 7, { acquisitionDays: 0 });
    const perCustomer = new Float64Array(N);
    for (let i = 0; i < log.length; i++) perCustomer[log.customer[i] - 1]++;
    const repeats = perCustomer.map((k) => k - 1);
    const [mean, se] = meanSe(repeats);
    expect(Math.abs(mean - bgnbd.expectedNew(count.params, 39))).toBeLessThan(5 * se);
    // every customer's first purchase is on startDay (acquisitionDays = 0)
    expect(perCustomer.every((k) => k >= 1)).toBe(true);
    const [meanAmount, seAmount] = meanSe(log.amount);
    // E[z] = p·E[1/ν] = p·γ/(q−1) (Gamma-Gamma, note 025). Amounts within a customer are correlated, so
    // the i.i.d. s.e. understates; use 10 s.e.
    expect(Math.abs(meanAmount - (spend.p * spend.gamma) / (spend.q - 1))).toBeLessThan(10 * seAmount);
  });

  it("puts BG/BB transactions on whole opportunities (days first + k·daysPerUnit)", () => {
    const log = simulateTransactions(
      { model: bgbb, params: { alpha: 1.2, beta: 0.75, gamma: 0.66, delta: 2.78 } },
      spend,
      500,
      start,
      start + 365 * 6,
      3,
      { daysPerUnit: 365, acquisitionDays: 0 },
    );
    expect(log.day.every((d) => (d - start) % 365 === 0)).toBe(true);
  });

  it("refuses logs over maxRows up front, from E[X(T)], with a message naming customers", () => {
    // 5,000 customers × (1 + E[X(T)] ≈ 0.69 averaged over ages 0..39 weeks) ≈ 8,450 rows > 1,000
    expect(() => simulateTransactions(count, spend, 5000, start, end, 1, { maxRows: 1000 })).toThrow(
      /customers: the simulated log would have about 8,4\d\d rows; one call may return at most 1,000 rows/,
    );
    // a purchase rate of 10^12 per week (r = 10^6, alpha = 10^-6) and almost no drop-out: refused before drawing
    const extreme = { model: bgnbd, params: { r: 1e6, alpha: 1e-6, a: 1, b: 1e9 } };
    expect(() => simulateTransactions(extreme, spend, 2, start, end, 1, { maxRows: 200_000 })).toThrow(/customers: the simulated log would have/);
    expect(() => simulateTransactions(count, spend, 10, end, start, 1)).toThrow(/before start_date/);
  });
});
