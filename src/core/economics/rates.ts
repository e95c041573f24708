/**
 * Discount rates between time units and compounding conventions (DESIGN §2: rates are fractions;
 * multi-period valuations take an annual rate and convert it to the model's unit).
 *
 * With L_from and L_to the lengths of the two units in days (units.ts) and k = L_to / L_from:
 *   discrete (effective) rates:  r_to = (1 + r_from)^k − 1             e.g. 10 % a year = 0.797 % a month
 *   continuous, from effective:  δ_to = ln(1 + r_from) · k              e.g. 15 % a year = 0.0027 a week
 *                                (the rate Fader, Hardie & Lee 2005 use for DERT)
 *   effective, from continuous:  r_to = exp(δ_from · k) − 1
 *   nominal (simple) rates:      r_to = r_from · k                      e.g. 12 % a year = 1 % a month
 * A rate of 0 stays 0 in every convention.
 */
import { invalidArgument } from "../errors";
import { DAYS_PER_UNIT, type TimeUnit } from "../data/units";

export type Compounding = "discrete" | "continuous" | "from_continuous" | "nominal";
export const COMPOUNDINGS: readonly Compounding[] = ["discrete", "continuous", "from_continuous", "nominal"];

/** Convert a rate per `from` unit into a rate per `to` unit (formulas above). */
export function convertRate(rate: number, from: TimeUnit, to: TimeUnit, compounding: Compounding = "discrete"): number {
  if (!Number.isFinite(rate)) throw invalidArgument("rate must be a finite number");
  const k = DAYS_PER_UNIT[to] / DAYS_PER_UNIT[from];
  switch (compounding) {
    case "discrete":
      if (!(rate > -1)) throw invalidArgument(`rate is ${rate}; an effective rate must be greater than -1`);
      return Math.expm1(k * Math.log1p(rate));
    case "continuous":
      if (!(rate > -1)) throw invalidArgument(`rate is ${rate}; an effective rate must be greater than -1`);
      return k * Math.log1p(rate);
    case "from_continuous":
      return Math.expm1(k * rate);
    case "nominal":
      return k * rate;
    default:
      throw invalidArgument(`compounding is '${String(compounding)}'; use ${COMPOUNDINGS.map((c) => `"${c}"`).join(", ")}`);
  }
}

/** The effective discount rate per `unit` equivalent to an annual rate: (1 + annual)^(L/365.25) − 1. */
export function annualToPerUnit(annual: number, unit: TimeUnit): number {
  return convertRate(annual, "Y", unit, "discrete");
}

/** The continuously compounded rate per `unit` equivalent to an annual rate: ln(1 + annual) · L/365.25. */
export function annualToContinuous(annual: number, unit: TimeUnit): number {
  return convertRate(annual, "Y", unit, "continuous");
}

/**
 * Check that a rate is a fraction between 0 and 1. A value above 1 is almost always a percentage typed
 * as a number ("discount is 10: enter 10% or 0.1"), a negative one a sign slip; both are refused.
 */
export function checkFraction(name: string, value: number, options: { allowNegative?: boolean } = {}): number {
  if (!Number.isFinite(value)) throw invalidArgument(`${name} is not a finite number`);
  if (value > 1) {
    const shown = Number(value.toPrecision(10));
    throw invalidArgument(`${name} is ${shown}: enter ${shown}% or ${Number((shown / 100).toPrecision(10))} (rates are fractions)`);
  }
  if (value < 0 && !options.allowNegative) {
    throw invalidArgument(`${name} is ${value}; it cannot be negative (enter a fraction between 0 and 1, e.g. 0.1 for 10%)`);
  }
  if (value <= -1) throw invalidArgument(`${name} is ${value}; it must be greater than -1`);
  return value;
}
