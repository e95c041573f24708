/**
 * The fraction rule for the decision functions (DESIGN §2): rates, retention, margins as shares and
 * discount rates are fractions (10 % = 0.1). A value above 1 or below 0 is refused with the fix in the
 * message, because "10" typed for 10 % would otherwise give a wildly wrong answer without complaint.
 */
import { invalidArgument } from "../errors";

/**
 * Checks a fraction in [0, 1] (or (0, 1] / [0, 1) with the exclusive flags) and returns it.
 * @throws #VALUE! naming the argument, e.g. "discount is 10: enter 10% or 0.1 (a fraction between 0 and 1)".
 */
export function checkFraction(name: string, value: number, options: { minExclusive?: boolean; maxExclusive?: boolean } = {}): number {
  if (!Number.isFinite(value)) throw invalidArgument(`${name} must be a finite number`);
  if (value > 1 || (options.maxExclusive && value === 1)) {
    const fix = value > 1 && value <= 100 ? `enter ${value}% or ${value / 100}` : "enter it as a fraction, e.g. 0.1 for 10%";
    throw invalidArgument(`${name} is ${value}: ${fix} (a fraction ${options.maxExclusive ? "below" : "of at most"} 1)`);
  }
  if (value < 0 || (options.minExclusive && value === 0)) {
    throw invalidArgument(`${name} is ${value}: it must be a fraction ${options.minExclusive ? "above" : "of at least"} 0, e.g. 0.1 for 10%`);
  }
  return value;
}

/** Checks a finite amount (money, counts) with an optional lower bound. */
export function checkAmount(name: string, value: number, min = -Infinity, minExclusive = false): number {
  if (!Number.isFinite(value)) throw invalidArgument(`${name} must be a finite number`);
  if (minExclusive ? value <= min : value < min) throw invalidArgument(`${name} is ${value}; it must be ${minExclusive ? "greater than" : "at least"} ${min}`);
  return value;
}
