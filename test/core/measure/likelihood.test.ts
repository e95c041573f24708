/**
 * Log-likelihood at given parameters: at a fit's own estimates it must equal the fit's maximum; at the
 * published or peer estimates it must equal the peer's log-likelihood (test/fixtures/published.json:
 * FHL 2005 and lifetimes/BTYD for BG/NBD and Pareto/NBD, note 025 for Gamma-Gamma, FHS 2010 for BG/BB).
 */
import { describe, expect, it } from "vitest";
import { published, readSampleCsv } from "../../support/samples";
import { cdnowSummary } from "../models/helpers";
import { cdnowSpend } from "../models/cdnowSpend";
import { bgnbd } from "../../../src/core/models/bgnbd";
import { paretoNbd } from "../../../src/core/models/paretonbd";
import { gammaGamma } from "../../../src/core/models/gammagamma";
import { bgbb } from "../../../src/core/models/bgbb";
import { sbg } from "../../../src/core/models/sbg";
import { compressCountData, makeCountData, makeSpendData } from "../../../src/core/models/compress";
import { countLikelihood, informationCriteria, retentionLikelihood, spendLikelihood } from "../../../src/core/measure/likelihood";

describe("information criteria", () => {
  it("AIC = 2k − 2 ln L and BIC = k ln n − 2 ln L (closed forms)", () => {
    const { aic, bic } = informationCriteria(-9582.4256, 4, 2357);
    expect(aic).toBeCloseTo(2 * 4 + 2 * 9582.4256, 10);
    expect(bic).toBeCloseTo(4 * Math.log(2357) + 2 * 9582.4256, 10);
  });
});

describe("retention likelihood", () => {
  it("sBG: ln L of survivors by hand for a 3-period cohort", () => {
    // Fader & Hardie (2007) eq. 6: P(T=1) = α/(α+β), P(T=2) = α β/((α+β)(α+β+1)), S(2) = β(β+1)/((α+β)(α+β+1)).
    const a = 0.7;
    const b = 1.3;
    const p1 = a / (a + b);
    const p2 = (a * b) / ((a + b) * (a + b + 1));
    const s2 = (b * (b + 1)) / ((a + b) * (a + b + 1));
    const alive = Float64Array.from([1000, 631, 468]);
    const byHand = 369 * Math.log(p1) + 163 * Math.log(p2) + 468 * Math.log(s2);
    const r = retentionLikelihood(sbg, { alpha: a, beta: b }, { alive });
    expect(r.logLik).toBeCloseTo(byHand, 8);
    expect(r.n).toBe(1000);
  });
});

describe("log-likelihood at given parameters on CDNOW", () => {
  const c = cdnowSummary();
  const ref = published();

  it("BG/NBD at the peer MLE equals the peer log-likelihood −9582.4256 (lifetimes/BTYD)", () => {
    const r = countLikelihood(bgnbd, ref.bgnbd_cdnow.mle_peer, c!.data);
    expect(r.logLik).toBeCloseTo(ref.bgnbd_cdnow.log_likelihood_peer, 3);
    expect(r.n).toBe(2357);
    expect(r.k).toBe(4);
  });

  it("BG/NBD at its own fit equals the fit's log-likelihood, raw or compressed", () => {
    const fit = bgnbd.fit(compressCountData(c!.data));
    expect(countLikelihood(bgnbd, fit.params, c!.data).logLik).toBeCloseTo(fit.logLik, 8);
    expect(countLikelihood(bgnbd, fit.params, compressCountData(c!.data)).logLik).toBeCloseTo(fit.logLik, 8);
  });

  it("at the published (rounded) estimates the likelihood is a little lower than at the MLE (FHL 2005: −9582.4)", () => {
    const atPublished = countLikelihood(bgnbd, { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, c!.data).logLik;
    expect(atPublished).toBeLessThan(ref.bgnbd_cdnow.log_likelihood_peer);
    expect(atPublished).toBeCloseTo(-9582.4, 1);
  });

  it("Pareto/NBD at the peer MLE equals −9594.9739 (BTYD)", () => {
    expect(countLikelihood(paretoNbd, ref.paretonbd_cdnow.mle_peer, c!.data).logLik).toBeCloseTo(ref.paretonbd_cdnow.log_likelihood_peer, 2);
  });

  it("Gamma-Gamma at the peer MLE equals −4055.9232 (note 025 data) and counts the customers left out", () => {
    const s = cdnowSpend();
    const withZero = makeSpendData([...s.frequency, 0, 3], [...s.monetary, 0, -5]);
    const r = spendLikelihood(gammaGamma, ref.gammagamma_cdnow.mle_peer, withZero);
    // The peer estimates are printed to 4-5 digits, which moves ln L by about 0.005.
    expect(Math.abs(r.logLik - ref.gammagamma_cdnow.log_likelihood_peer)).toBeLessThan(0.02);
    expect(r.n).toBe(946);
    expect(r.leftOut).toBe(s.frequency.filter((x) => x === 0).length + 2);
  });

  it("BG/BB at the peer MLE on the donations data equals FHS (2010)'s −33225.6", () => {
    const rows = readSampleCsv("donations.csv");
    const d = makeCountData(
      rows.map((r) => Number(r.frequency)),
      rows.map((r) => Number(r.recency)),
      rows.map((r) => Number(r.periods)),
      rows.map((r) => Number(r.weights)),
      { discrete: true },
    );
    const r = countLikelihood(bgbb, ref.bgbb_donations.mle_peer, d);
    expect(r.logLik).toBeCloseTo(ref.bgbb_donations.published.log_likelihood, 0);
    expect(r.n).toBe(11104);
  });
});
