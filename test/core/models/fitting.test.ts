/**
 * The shared fitting driver (DESIGN §4.2): multi-start on a subsample plus quasi-Newton polish on the
 * full data gives the same optimum as fitting the full data directly; fits run as steps; data with
 * no finite optimum are refused.
 */
import { describe, expect, it } from "vitest";
import { bgnbd } from "../../../src/core/models/bgnbd";
import { bgFamilyFitPlan } from "../../../src/core/models/bgfamily";
import { paretoFitPlan, paretoLogLik, paretoNbd } from "../../../src/core/models/paretonbd";
import { compressCountData, makeCountData } from "../../../src/core/models/compress";
import { fitSteps, SUBSAMPLE_ABOVE_ROWS } from "../../../src/core/models/fitting";
import { runSteps } from "../../../src/core/steps";
import { thrownBy } from "../../support/thrown";
import { relDiff, simulatePopulation } from "./helpers";

describe("fitting driver", () => {
  const data = compressCountData(simulatePopulation(bgnbd, { r: 0.3, alpha: 5, a: 0.7, b: 2.5 }, 30_000, 11, { roundToDays: false }));

  it("subsample + polish reaches the same optimum as a direct multi-start fit", () => {
    expect(data.length).toBeGreaterThan(SUBSAMPLE_ABOVE_ROWS);
    const plan = bgFamilyFitPlan(0, data, "BG/NBD");
    expect(plan.subsample).toBeDefined();
    const viaSubsample = runSteps(fitSteps(plan));
    const direct = runSteps(fitSteps({ ...plan, subsample: undefined }));
    expect(viaSubsample.converged && direct.converged).toBe(true);
    expect(Math.abs(viaSubsample.logLik - direct.logLik)).toBeLessThan(1e-3);
    for (const k of ["r", "alpha", "a", "b"]) {
      // within two thousandths of a standard error (both stop on the optimiser's gradient tolerance, which
      // leaves about a thousandth of a standard error of play around the optimum)
      expect(Math.abs(viaSubsample.params[k] - direct.params[k])).toBeLessThan(2e-3 * direct.stdErrors[k]);
      expect(relDiff(viaSubsample.stdErrors[k], direct.stdErrors[k])).toBeLessThan(1e-3);
    }
  });

  it("runs as steps that yield progress, with the same result as the synchronous fit", () => {
    const steps = bgnbd.fitSteps(data);
    let yields = 0;
    let r = steps.next();
    while (!r.done) {
      expect(Number.isFinite(r.value.logLik)).toBe(true);
      yields++;
      r = steps.next();
    }
    expect(yields).toBeGreaterThan(5);
    expect(r.value.params).toEqual(bgnbd.fit(data).params);
  });

  it("uses a given starting point and reports the number of customers", () => {
    const f = bgnbd.fit(data, { initial: { r: 0.3, alpha: 5, a: 0.7, b: 2.5 }, starts: 1 });
    expect(f.n).toBe(30_000);
    expect(f.converged).toBe(true);
  });

  it("refuses data with no finite optimum (a numericFailure: #VALUE! with the reason) instead of returning where the optimiser stopped", () => {
    // Half the customers never bought again, the other half bought 10 times up to the end: drop-out
    // chances spread to the extremes (a → 0), a runaway with no meaningful limit.
    const x = Array.from({ length: 300 }, (_, i) => (i % 2 ? 0 : 10));
    const e = thrownBy(() => bgnbd.fit(makeCountData(x, x.map((v) => (v ? 20 : 0)), x.map(() => 20))));
    expect(e.kind).toBe("num");
    expect(e.message).toMatch(/^BG\/NBD: the likelihood has no finite maximum \(parameter \w+ (grows without bound|shrinks towards 0)\)/);
  });
});

describe("Pareto/NBD likelihood paths agree", () => {
  it("the per-(x, time) cache gives the same value and gradient as the per-row computation", () => {
    const sim = simulatePopulation(paretoNbd, { r: 0.55, alpha: 10.6, s: 0.6, beta: 11.7 }, 5000, 3, { roundToDays: true });
    const daily = compressCountData(sim);
    // The same data with times nudged by 1e-12 relative: no time index, every row computed directly.
    const nudged = compressCountData(makeCountData(sim.x, sim.tx.map((v, i) => v * (1 + 1e-12 * (i % 3))), sim.T.map((v, i) => v * (1 + 1e-12 * (i % 5)))));
    for (const p of [
      { r: 0.55, alpha: 10.6, s: 0.6, beta: 11.7 },
      { r: 0.3, alpha: 30, s: 1.3, beta: 4 },
    ]) {
      const g1 = new Float64Array(4);
      const g2 = new Float64Array(4);
      const a = paretoLogLik(p, daily, g1);
      const b = paretoLogLik(p, nudged, g2);
      expect(relDiff(a, b)).toBeLessThan(1e-9);
      for (let i = 0; i < 4; i++) expect(Math.abs(g1[i] - g2[i])).toBeLessThan(1e-6 * Math.max(1, Math.abs(g2[i])));
    }
    expect(paretoFitPlan(daily).full.n).toBe(5000);
  });
});
