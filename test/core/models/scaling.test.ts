/**
 * Fits do not depend on the unit the user chose (fitting.ts `FitScaling`): the CDNOW summary fitted
 * in weeks and in milliseconds (× 604,800,000), and the CDNOW repeat-purchase averages in dollars and
 * in nano-dollars (× 1e9), give the same parameters up to the unit (α, β times the factor; γ times the
 * factor; r, a, b, s, p, q unchanged), the same predictions, and log-likelihoods that differ by the
 * log-Jacobian of the densities: −(Σx)·ln c for the continuous-time count models (each repeat purchase
 * contributes one purchase-time density), −N·ln c for Gamma-Gamma (one density of m̄ per customer).
 *
 * Tolerances: both fits stop on the optimiser's gradient tolerance, so estimates agree to 1e-5 relative
 * (about 1e-4 of a standard error; the scaled data of the two units differ only in the last bits);
 * standard errors to 1e-4, predictions to 1e-5, log-likelihoods after the Jacobian to 1e-9 relative.
 */
import { describe, expect, it } from "vitest";
import { bgnbd } from "../../../src/core/models/bgnbd";
import { mbgnbd } from "../../../src/core/models/mbgnbd";
import { paretoNbd } from "../../../src/core/models/paretonbd";
import { gammaGamma } from "../../../src/core/models/gammagamma";
import { makeCountData, makeSpendData } from "../../../src/core/models/compress";
import type { CountModel } from "../../../src/core/models/model";
import { published } from "../../support/samples";
import { cdnowSpend } from "./cdnowSpend";
import { cdnowSummary, relDiff } from "./helpers";

const MS_PER_WEEK = 7 * 86_400_000;

describe("count models: weeks and milliseconds give the same fit", () => {
  const c = cdnowSummary();
  const weeks = makeCountData(c.x, c.tx, c.T);
  const ms = makeCountData(
    c.x,
    c.tx.map((v) => v * MS_PER_WEEK),
    c.T.map((v) => v * MS_PER_WEEK),
  );
  const repeat = c.x.reduce((a, b) => a + b, 0);
  const ref = published();
  const expectedParams: Record<string, Record<string, number>> = {
    "BG/NBD": ref.bgnbd_cdnow.published,
    "Pareto/NBD": ref.paretonbd_cdnow.published,
    "MBG/NBD": ref.mbgnbd_cdnow.peer,
  };

  for (const model of [bgnbd, mbgnbd, paretoNbd] as CountModel[]) {
    it(`${model.name}: parameters × the unit, LL − (Σx)·ln c, equal predictions`, () => {
      const fw = model.fit(weeks);
      const fm = model.fit(ms);
      expect(fw.converged && fm.converged).toBe(true);
      for (const k of model.paramNames) {
        const factor = model.paramDimensions?.[k] === "time" ? MS_PER_WEEK : 1;
        // FHL 2005 / BTYDplus CDNOW estimates (3 decimals; FHL's Pareto/NBD β 11.669 is 0.0011 above the
        // MLE 11.66791 that peers report) still come out in weeks
        expect(Math.abs(fw.params[k] - expectedParams[model.name][k])).toBeLessThan(1.5e-3);
        expect(relDiff(fm.params[k] / factor, fw.params[k])).toBeLessThan(1e-5);
        expect(relDiff(fm.stdErrors[k] / factor, fw.stdErrors[k])).toBeLessThan(1e-4);
      }
      expect(model.paramDimensions).toBeDefined();
      // L(x, t_x, T) is a density of the x purchase times: in units c times smaller it is c^x times larger
      expect(relDiff(fm.logLik, fw.logLik - repeat * Math.log(MS_PER_WEEK))).toBeLessThan(1e-9);
      for (const i of [0, 1, 17, 300, 1500]) {
        const [x, tx, T] = [c.x[i], c.tx[i], c.T[i]];
        expect(relDiff(model.pAlive(fm.params, x, tx * MS_PER_WEEK, T * MS_PER_WEEK), model.pAlive(fw.params, x, tx, T))).toBeLessThan(1e-5);
        expect(relDiff(model.expected(fm.params, 39 * MS_PER_WEEK, x, tx * MS_PER_WEEK, T * MS_PER_WEEK), model.expected(fw.params, 39, x, tx, T))).toBeLessThan(1e-5);
      }
      expect(relDiff(model.expectedNew(fm.params, 52 * MS_PER_WEEK), model.expectedNew(fw.params, 52))).toBeLessThan(1e-5);
    });
  }

  it("a fit started from the previous fit in the user's units still converges to the same optimum", () => {
    const fw = bgnbd.fit(weeks);
    const again = bgnbd.fit(ms, { initial: { ...fw.params, alpha: fw.params.alpha * MS_PER_WEEK }, starts: 1 });
    expect(relDiff(again.params.alpha / MS_PER_WEEK, fw.params.alpha)).toBeLessThan(1e-5);
  });
});

describe("Gamma-Gamma: dollars and nano-dollars give the same fit", () => {
  const s = cdnowSpend();
  const dollars = makeSpendData(s.frequency, s.monetary);
  const scaled = makeSpendData(
    s.frequency,
    s.monetary.map((v) => v * 1e9),
  );

  it("p, q unchanged, γ × 1e9, LL − N·ln 1e9, equal expected spend", () => {
    const f1 = gammaGamma.fit(dollars);
    const f9 = gammaGamma.fit(scaled);
    expect(f1.converged && f9.converged).toBe(true);
    // note 025's estimates p 6.25, q 3.74, γ 15.44 in dollars
    expect(Math.abs(f1.params.gamma - 15.44)).toBeLessThan(5e-3);
    expect(gammaGamma.paramDimensions).toEqual({ gamma: "money" });
    for (const k of ["p", "q", "gamma"] as const) {
      const factor = k === "gamma" ? 1e9 : 1;
      expect(relDiff(f9.params[k] / factor, f1.params[k])).toBeLessThan(1e-5);
      expect(relDiff(f9.stdErrors[k] / factor, f1.stdErrors[k])).toBeLessThan(1e-4);
    }
    // f(m̄) is a density in money: N = 946 customers fitted, each a factor 1e-9
    expect(f1.n).toBe(946);
    expect(relDiff(f9.logLik, f1.logLik - f1.n * Math.log(1e9))).toBeLessThan(1e-9);
    for (const [x, m] of [
      [1, 20],
      [5, 43.7],
      [0, 0],
    ]) {
      expect(relDiff(gammaGamma.expectedSpend(f9.params, x, m * 1e9) / 1e9, gammaGamma.expectedSpend(f1.params, x, m))).toBeLessThan(1e-5);
    }
  });
});
