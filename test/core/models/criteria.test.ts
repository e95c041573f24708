/**
 * AIC and BIC (Akaike 1974; Schwarz 1978). Check figure: FHL 2005's BG/NBD on CDNOW, LL = −9,582.4,
 * k = 4, n = 2,357 customers: AIC = 19,172.8, BIC = 4·ln 2357 − 2LL = 19,195.86.
 */
import { describe, expect, it } from "vitest";
import { aic, bic } from "../../../src/core/models/criteria";

describe("information criteria", () => {
  it("AIC = 2k − 2LL and BIC = k ln n − 2LL", () => {
    expect(aic(-9582.4, 4)).toBeCloseTo(19172.8, 9);
    expect(bic(-9582.4, 4, 2357)).toBeCloseTo(19195.86, 2);
  });
  it("BIC penalises parameters more than AIC once n > e² (about 7.4 customers)", () => {
    expect(bic(-100, 3, 8) - aic(-100, 3)).toBeGreaterThan(0);
    expect(bic(-100, 3, 7) - aic(-100, 3)).toBeLessThan(0);
  });
  it("BIC is undefined without customers", () => {
    expect(bic(-1, 2, 0)).toBeNaN();
  });
});
