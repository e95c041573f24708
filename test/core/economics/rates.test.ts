/**
 * Rate conversion (src/core/economics/rates.ts). Expected values are closed forms checked by
 * compounding period by period, and FHL 2005's "15 % a year = 0.0027 a week, continuously compounded".
 */
import { describe, expect, it } from "vitest";
import { annualToContinuous, annualToPerUnit, checkFraction, convertRate } from "../../../src/core/economics/rates";
import { thrownBy } from "../../support/thrown";

describe("convertRate", () => {
  it("discrete: compounding the converted rate over the year gives back the annual rate", () => {
    const monthly = annualToPerUnit(0.1, "M");
    let growth = 1;
    for (let i = 0; i < 12; i++) growth *= 1 + monthly;
    expect(growth - 1).toBeCloseTo(0.1, 14);
    // 365.25 days a year, 7 a week.
    expect((1 + annualToPerUnit(0.1, "W")) ** (365.25 / 7) - 1).toBeCloseTo(0.1, 13);
    expect(convertRate(0.01, "M", "Y")).toBeCloseTo(1.01 ** 12 - 1, 14);
    expect(convertRate(0.1, "Y", "Y")).toBe(0.1);
  });

  it("continuous: FHL 2005's weekly rate for 15 % a year, and back", () => {
    const delta = annualToContinuous(0.15, "W");
    expect(delta).toBeCloseTo(0.0027, 4);
    expect(Math.exp((delta * 365.25) / 7) - 1).toBeCloseTo(0.15, 13);
    expect(convertRate(delta, "W", "Y", "from_continuous")).toBeCloseTo(0.15, 13);
  });

  it("nominal rates scale with the length of the unit", () => {
    expect(convertRate(0.12, "Y", "M", "nominal")).toBeCloseTo(0.01, 15);
    expect(convertRate(0.07, "W", "D", "nominal")).toBeCloseTo(0.01, 15);
  });

  it("0 stays 0", () => {
    for (const c of ["discrete", "continuous", "from_continuous", "nominal"] as const) expect(convertRate(0, "Y", "D", c)).toBe(0);
  });
});

describe("checkFraction", () => {
  it("refuses a percentage typed as a number, with the fix", () => {
    expect(thrownBy(() => checkFraction("discount", 10)).message).toBe("discount is 10: enter 10% or 0.1 (rates are fractions)");
    expect(thrownBy(() => checkFraction("margin", 30)).message).toBe("margin is 30: enter 30% or 0.3 (rates are fractions)");
  });
  it("refuses negative rates unless allowed (a growth rate may be a decline)", () => {
    expect(thrownBy(() => checkFraction("discount", -0.5)).message).toMatch(/^discount is -0.5; it cannot be negative/);
    expect(checkFraction("growth", -0.05, { allowNegative: true })).toBe(-0.05);
    expect(checkFraction("discount", 1)).toBe(1);
  });
});
