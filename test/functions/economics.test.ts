/**
 * The unit-economics functions through their Excel signatures. Figures: Fader & Hardie (2012) note 024
 * and Gupta & Lehmann (2003), as in test/fixtures/published.json "formulas".
 */
import { describe, expect, it } from "vitest";
import { cac, equity, ltvCac, margin, marginMultipleFn, payback, rateFn, simple } from "../../src/functions/economics";
import { thrownBy as errorOf } from "../support/thrown";

const one = (t: unknown[][]): unknown => t[0][0];
const col = (v: readonly unknown[]): unknown[][] => v.map((x) => [x]);

describe("economics custom functions (published and hand-computed figures)", () => {
  it("CLV.SIMPLE variants and horizon (Fader & Hardie 2012 note 024; published.json formulas)", () => {
    expect(one(simple(100, 0.8, 0.1, null, null))).toBeCloseTo(266.67, 2);
    expect(one(simple(100, 0.8, 0.1, null, "start"))).toBeCloseTo(366.67, 2);
    expect(one(simple(100, 0.8, 0.1, null, "end"))).toBeCloseTo(333.33, 2);
    expect(one(simple(100, 0.8, 0.1, 5, null))).toBeCloseTo(212.41, 2);
  });

  it("CLV.MARGIN_MULTIPLE and CLV.PAYBACK", () => {
    expect(one(marginMultipleFn(0.8, 0.1, null))).toBeCloseTo(2.6667, 4);
    expect(one(payback(120, 10, null, null))).toBe(12);
    // Retention and discount: Σ_{t≤n} 10·0.9^t/1.1^t reaches 30 between payments 5 and 6.
    const q = 0.9 / 1.1;
    const c = (n: number) => (10 * q * (1 - q ** n)) / (1 - q);
    expect(one(payback(30, 10, 0.9, 0.1))).toBeCloseTo(5 + (30 - c(5)) / (c(6) - c(5)), 10);
  });

  it("one timing convention: LTV:CAC < 1 exactly when PAYBACK says never (margin 100, retention 0.8, discount 0.1)", () => {
    // LTV = 100·0.8/(1.1 − 0.8) = 266.67 (note 024, Gupta & Lehmann 2003).
    const ltv = one(simple(100, 0.8, 0.1)) as number;
    expect(one(ltvCac(ltv, 300))).toBeCloseTo(0.889, 3);
    expect(errorOf(() => payback(300, 100, 0.8, 0.1))).toMatchObject({ code: "#N/A", message: expect.stringMatching(/never paid back.*266\.667/) });
    expect(one(ltvCac(ltv, 250))).toBeGreaterThan(1);
    expect(one(payback(250, 100, 0.8, 0.1))).toBeGreaterThan(0);
    for (const fp of ["start", "end"]) {
      const v = one(simple(100, 0.8, 0.1, null, fp)) as number;
      expect(errorOf(() => payback(v + 1, 100, 0.8, 0.1, fp))).toMatchObject({ code: "#N/A" });
      expect(one(payback(v - 1, 100, 0.8, 0.1, fp))).toBeGreaterThan(0);
    }
  });

  it("ranges spill one result per row; single values apply to every row; blank rows stay blank", () => {
    const r = simple(100, col([0.7, 0.8, null, 0.9]), 0.1);
    expect(r.length).toBe(4);
    expect(r[0][0]).toBeCloseTo(70 / 0.4, 10);
    expect(r[1][0]).toBeCloseTo(80 / 0.3, 10);
    expect(r[2][0]).toBe("");
    expect(r[3][0]).toBeCloseTo(90 / 0.2, 10);
    const row = marginMultipleFn([[0.7, 0.8]], 0.1);
    expect(row.length).toBe(1);
    expect(row[0][1]).toBeCloseTo(0.8 / 0.3, 10);
    const ratios = ltvCac(col([300, 600]), col([100, 150]));
    expect(ratios.map((x) => x[0])).toEqual([3, 4]);
    const pb = payback(col([120, 300]), 10);
    expect(pb.map((x) => x[0])).toEqual([12, 30]);
    expect(cac(col([1000, 600]), col([10, 4]), true).map((x) => x[0])).toEqual([100, 150]);
    // A bad row gets its own error value with the message; the others still compute.
    const mixed = simple(100, 0.8, col([0.1, 10]));
    expect(mixed[0][0]).toBeCloseTo(266.67, 2);
    expect(mixed[1][0]).toMatchObject({ code: "#VALUE!", message: "discount: row 2 is 10: enter 10% or 0.1 (rates are fractions)" });
    expect(errorOf(() => simple(100, col([0.7, 0.8]), col([0.1, 0.1, 0.1])))).toMatchObject({ code: "#VALUE!", message: expect.stringMatching(/same size/) });
  });

  it("CAC sums ranges by default, LTV_CAC and MARGIN", () => {
    expect(one(cac([[1000], [500], [null]], [[10], [5]]))).toBe(100);
    expect(one(ltvCac(300, 100))).toBe(3);
    expect(margin(80, 60, true)).toBe(0.25);
    expect(equity([[100], [200], [""]], null, null, null, null, null)).toBe(300);
  });

  it("CLV.RATE converts between units and compounding conventions", () => {
    // 10 % a year = 0.797 % a month (1.1^(1/12) − 1); 12 % nominal a year = 1 % a month.
    expect(one(rateFn(0.1, "Y", "M"))).toBeCloseTo(1.1 ** (1 / 12) - 1, 14);
    expect(one(rateFn(0.12, "Y", "M", "nominal"))).toBeCloseTo(0.01, 14);
    // FHL 2005: 15 % a year is a continuously compounded 0.0027 a week.
    expect(one(rateFn(0.15, "Y", "W", "continuous"))).toBeCloseTo(0.0027, 4);
    expect(one(rateFn((Math.log(1.15) * 7) / 365.25, "W", "Y", "from_continuous"))).toBeCloseTo(0.15, 12);
    // Round trip through months.
    const monthly = one(rateFn(0.1, "Y", "M")) as number;
    expect(one(rateFn(monthly, "M", "Y"))).toBeCloseTo(0.1, 14);
    expect(errorOf(() => rateFn(10, "Y", "M"))).toMatchObject({ code: "#VALUE!", message: "rate is 10: enter 10% or 0.1 (rates are fractions)" });
    expect(errorOf(() => rateFn(0.1, null, "M"))).toMatchObject({ code: "#VALUE!", message: expect.stringMatching(/^from_unit is required/) });
  });

  it("rates are fractions: a percentage typed as a number or a negative rate is refused with the fix", () => {
    expect(errorOf(() => simple(100, 0.8, 10))).toMatchObject({ code: "#VALUE!", message: "discount is 10: enter 10% or 0.1 (rates are fractions)" });
    expect(errorOf(() => simple(100, 0.8, -0.1))).toMatchObject({ code: "#VALUE!", message: expect.stringMatching(/^discount is -0.1; it cannot be negative/) });
    expect(errorOf(() => payback(100, 10, 0.8, 12))).toMatchObject({ code: "#VALUE!", message: "discount is 12: enter 12% or 0.12 (rates are fractions)" });
    expect(errorOf(() => marginMultipleFn(0.8, 0.1, 5))).toMatchObject({ code: "#VALUE!", message: "growth is 5: enter 5% or 0.05 (rates are fractions)" });
    expect(one(marginMultipleFn(0.8, 0.1, -0.05))).toBeCloseTo(0.8 / (1.1 - 0.8 * 0.95), 12);
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
