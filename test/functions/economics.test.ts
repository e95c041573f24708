import { describe, expect, it } from "vitest";
import { cac, equity, ltvCac, margin, marginMultipleFn, payback, simple } from "../../src/functions/economics";
import { thrownBy as errorOf } from "../support/thrown";

describe("economics custom functions (published and hand-computed figures)", () => {
  it("CLV.SIMPLE variants and horizon (Fader & Hardie 2012 note 024; published.json formulas)", () => {
    expect(simple(100, 0.8, 0.1, null, null)).toBeCloseTo(266.67, 2);
    expect(simple(100, 0.8, 0.1, null, "start")).toBeCloseTo(366.67, 2);
    expect(simple(100, 0.8, 0.1, null, "end")).toBeCloseTo(333.33, 2);
    expect(simple(100, 0.8, 0.1, 5, null)).toBeCloseTo(212.41, 2);
  });
  it("CLV.MARGIN_MULTIPLE and CLV.PAYBACK", () => {
    expect(marginMultipleFn(0.8, 0.1, null)).toBeCloseTo(2.6667, 4);
    expect(payback(120, 10, null, null)).toBe(12);
  });
  it("CAC sums ranges, LTV_CAC and MARGIN", () => {
    expect(cac([[1000], [500], [null]], [[10], [5]])).toBe(100);
    expect(ltvCac(300, 100)).toBe(3);
    expect(margin(80, 60, true)).toBe(0.25);
    expect(equity([[100], [200], [""]], null, null, null, null, null)).toBe(300);
  });
  it("bad input gives an error value with a message, never an exception of another kind or a number", () => {
    expect(errorOf(() => simple(100, 1.5, 0.1))).toMatchObject({ code: "#VALUE!", message: expect.stringMatching(/^retention is 1.5/) });
    expect(errorOf(() => ltvCac(300, 0))).toMatchObject({ code: "#VALUE!", message: expect.stringMatching(/^cac is 0/) });
    expect(errorOf(() => cac(1000, 0))).toMatchObject({ code: "#VALUE!", message: expect.stringMatching(/^new_customers is 0/) });
    expect(errorOf(() => simple("abc", 0.8, 0.1))).toMatchObject({ code: "#VALUE!", message: "margin is 'abc', not a number" });
    expect(errorOf(() => payback(100, 10, 0.5, 0))).toMatchObject({ code: "#N/A", message: expect.stringMatching(/never paid back/) });
    expect(errorOf(() => simple(100, 1, 0))).toMatchObject({ code: "#VALUE!", message: expect.stringMatching(/infinite-horizon CLV does not exist/) });
    expect(errorOf(() => equity([[1]], 10, null, null, 0.1))).toMatchObject({ code: "#VALUE!", message: expect.stringMatching(/^clv_new is required/) });
  });
});
