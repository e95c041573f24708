import { describe, expect, it } from "vitest";
import { allocateBudget, segmentResponseValue } from "../../../src/core/decisions/allocate";
import { customerEquityPerProspect, equityTest, type EquityTestInputs } from "../../../src/core/decisions/equityTest";
import { projectEquity } from "../../../src/core/decisions/equityProject";
import { retentionValue } from "../../../src/core/decisions/levers";

describe("budget allocation against a grid search on three segments", () => {
  const values = [120, 60, 200];
  const ceilings = [500, 1500, 200];
  const rates = [0.0004, 0.0002, 0.001];
  const budget = 10000;
  const total = (s: number[]) => s.reduce((acc, x, i) => acc + segmentResponseValue(values[i], ceilings[i], rates[i], x), 0);

  it("the exact allocation is at least as good as the best point of a fine grid and lies next to it", () => {
    const a = allocateBudget({ values, ceilings, rates, budget });
    expect(a.allocated).toBeCloseTo(budget, 6);
    const step = 25;
    let best = -Infinity;
    let arg = [0, 0, 0];
    for (let s1 = 0; s1 <= budget; s1 += step) {
      for (let s2 = 0; s1 + s2 <= budget; s2 += step) {
        const s = [s1, s2, budget - s1 - s2];
        const v = total(s);
        if (v > best) {
          best = v;
          arg = s;
        }
      }
    }
    expect(a.totalValue).toBeGreaterThanOrEqual(best - 1e-9);
    // The optimum is flat: the grid's best point is within two grid steps of the exact spends.
    for (let i = 0; i < 3; i++) expect(Math.abs(a.spend[i] - arg[i])).toBeLessThanOrEqual(2 * step);
    // A finer grid (step 0.5) around the coarse best closes the gap to the exact optimum.
    const [c1, c2] = arg;
    for (let s1 = c1 - 2 * step; s1 <= c1 + 2 * step; s1 += 0.5) {
      for (let s2 = c2 - 2 * step; s2 <= c2 + 2 * step; s2 += 0.5) {
        if (s1 < 0 || s2 < 0 || s1 + s2 > budget) continue;
        best = Math.max(best, total([s1, s2, budget - s1 - s2]));
      }
    }
    expect(a.totalValue).toBeGreaterThanOrEqual(best - 1e-9);
    expect(a.totalValue - best).toBeLessThan(1e-3);
  });

  it("funded segments share one marginal return (the KKT condition)", () => {
    const a = allocateBudget({ values, ceilings, rates, budget });
    const funded = [0, 1, 2].filter((i) => a.spend[i] > 0);
    for (const i of funded) expect(a.marginalRoi[i]).toBeCloseTo(a.multiplier, 9);
  });

  it("bounds: a minimum is kept, a maximum caps, and the rest re-balances", () => {
    const a = allocateBudget({ values, ceilings, rates, budget, min: [0, 4000, 0], max: [Infinity, Infinity, 1000] });
    expect(a.spend[1]).toBeGreaterThanOrEqual(4000 - 1e-9);
    expect(a.spend[2]).toBeCloseTo(1000, 9);
    expect(a.allocated).toBeCloseTo(budget, 6);
    expect(() => allocateBudget({ values, ceilings, rates, budget: 100, min: [50, 50, 50] })).toThrow(/more than the budget/);
  });
});

describe("customer equity test against a numerical optimum", () => {
  const p: EquityTestInputs = { margin: 100, discount: 0.1, acquisitionCeiling: 0.4, acquisitionRate: 0.05, retentionCeiling: 0.8, retentionRate: 0.04 };

  it("matches a brute-force 2-D grid with local refinement", () => {
    const r = equityTest(p);
    // Coarse grid then finer grids around the best point.
    let best = { A: 0, R: 0, v: customerEquityPerProspect(p, 0, 0) };
    let [aLo, aHi, rLo, rHi] = [0, 200, 0, 100];
    for (let pass = 0; pass < 6; pass++) {
      const n = 80;
      for (let i = 0; i <= n; i++) {
        for (let j = 0; j <= n; j++) {
          const A = aLo + ((aHi - aLo) * i) / n;
          const R = rLo + ((rHi - rLo) * j) / n;
          const v = customerEquityPerProspect(p, A, R);
          if (v > best.v) best = { A, R, v };
        }
      }
      const wa = (aHi - aLo) / 10;
      const wr = (rHi - rLo) / 10;
      [aLo, aHi, rLo, rHi] = [Math.max(0, best.A - wa), best.A + wa, Math.max(0, best.R - wr), best.R + wr];
    }
    expect(r.equity).toBeGreaterThanOrEqual(best.v - 1e-9);
    expect(r.equity - best.v).toBeLessThan(1e-6);
    expect(r.acquisitionSpend).toBeCloseTo(best.A, 2);
    expect(r.retentionSpend).toBeCloseTo(best.R, 2);
    expect(r.equity).toBeCloseTo(customerEquityPerProspect(p, r.acquisitionSpend, r.retentionSpend), 9);
  });

  it("with a finite horizon too, and acquisition stops when it cannot pay", () => {
    const h = { ...p, horizon: 3 };
    const r = equityTest(h);
    for (const [dA, dR] of [[1, 0], [-1, 0], [0, 1], [0, -1]]) {
      expect(r.equity).toBeGreaterThanOrEqual(customerEquityPerProspect(h, Math.max(0, r.acquisitionSpend + dA * 0.01), Math.max(0, r.retentionSpend + dR * 0.01)));
    }
    const poor = equityTest({ ...p, margin: 1, acquisitionRate: 0.01 });
    expect(poor.acquisitionSpend).toBe(0);
    expect(poor.equity).toBe(0);
  });
});

describe("equity projection against a hand-rolled recurrence", () => {
  it("cohort by cohort with constant retention", () => {
    const inputs = { customers: 1000, margin: 50, discount: 0.1, newCustomers: 200, growth: 0.05, cac: 80, periods: 6 };
    const r = 0.7;
    const rows = projectEquity({ ...inputs, survival: (t) => r ** t });
    // Recurrence: the base decays by r each period, new cohorts join it; equity accumulates discounted net margin.
    let current = inputs.customers;
    let newActive = 0;
    let eq = 0;
    for (let t = 1; t <= inputs.periods; t++) {
      current *= r;
      const arriving = inputs.newCustomers * 1.05 ** (t - 1);
      newActive = newActive * r + arriving;
      eq += (inputs.margin * (current + newActive) - inputs.cac * arriving) / 1.1 ** t;
      const row = rows[t - 1];
      expect(row.activeCurrent).toBeCloseTo(current, 9);
      expect(row.activeFuture).toBeCloseTo(newActive, 9);
      expect(row.equity).toBeCloseTo(eq, 8);
    }
  });
  it("today's customers alone add up to N·CLV (m r/(1+d−r)) over a long horizon", () => {
    const rows = projectEquity({ customers: 10, survival: (t) => 0.8 ** t, margin: 100, discount: 0.1, newCustomers: 0, periods: 600 });
    expect(rows[599].equityCurrent).toBeCloseTo(10 * retentionValue(100, 0.8, 0.1), 6);
  });
});
