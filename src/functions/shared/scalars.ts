/**
 * Scalar arguments: numbers with bounds, booleans, choices from a list, dates and the time unit; an
 * omitted optional argument takes its default explicitly (DESIGN §3).
 */
import { DEFAULT_TIME_UNIT, TIME_UNITS, TIME_UNIT_ALIASES, type TimeUnit } from "../../core/data/units";
import { checkFraction } from "../../core/economics/rates";
import { type CellValue, describeCell, isBlank, isOmitted } from "./cells";
import { parseDateValue } from "./dates";
import { fail } from "./errors";
import { flattenRange } from "./ranges";

/** A scalar argument: unwrap a one-cell range, keep anything else. */
function scalar(name: string, value: CellValue): CellValue {
  if (!Array.isArray(value)) return value;
  const r = flattenRange(name, value);
  if (r.cells.length === 1) return r.cells[0];
  return fail(`${name}: expected a single value, got a range of ${r.cells.length} cells`);
}

export interface NumberOptions {
  /** Used when the argument is omitted or blank; without it the argument is required. */
  default?: number;
  min?: number;
  minExclusive?: boolean;
  max?: number;
  maxExclusive?: boolean;
  integer?: boolean;
  /** A hint appended to range errors ("a rate as a fraction, e.g. 0.1 for 10%"). */
  hint?: string;
}

/** A numeric scalar argument with its default and allowed range. */
export function numberArg(name: string, value: CellValue, options: NumberOptions = {}): number {
  const v = scalar(name, value);
  if (isBlank(v)) {
    if (options.default !== undefined) return options.default;
    fail(`${name} is required`);
  }
  if (typeof v !== "number") {
    const numericText = typeof v === "string" && Number.isFinite(Number(v));
    fail(`${name} is ${describeCell(v)}, not a number${numericText ? " (a number stored as text: convert it with VALUE())" : ""}`);
  }
  if (!Number.isFinite(v)) fail(`${name} is not a finite number`);
  const hint = options.hint ? ` (${options.hint})` : "";
  if (options.integer && !Number.isInteger(v)) fail(`${name} is ${v}; it must be a whole number${hint}`);
  if (options.min !== undefined && (options.minExclusive ? v <= options.min : v < options.min)) {
    fail(`${name} is ${v}; it must be ${options.minExclusive ? "greater than" : "at least"} ${options.min}${hint}`);
  }
  if (options.max !== undefined && (options.maxExclusive ? v >= options.max : v > options.max)) {
    fail(`${name} is ${v}; it must be ${options.maxExclusive ? "less than" : "at most"} ${options.max}${hint}`);
  }
  return v;
}

/** A boolean scalar argument: TRUE/FALSE, 1/0, or the text "TRUE"/"FALSE"/"YES"/"NO". */
export function booleanArg(name: string, value: CellValue, defaultValue: boolean): boolean {
  const v = scalar(name, value);
  if (isBlank(v)) return defaultValue;
  if (typeof v === "boolean") return v;
  if (v === 1 || v === 0) return v === 1;
  if (typeof v === "string") {
    const t = v.trim().toUpperCase();
    if (t === "TRUE" || t === "YES") return true;
    if (t === "FALSE" || t === "NO") return false;
  }
  return fail(`${name} is ${describeCell(v)}; use TRUE or FALSE`);
}

/**
 * A text argument chosen from a list (case-insensitive); returns the canonical spelling from `choices`.
 * `aliases` maps other accepted spellings to a choice (e.g. "weeks" -> "W").
 */
export function choiceArg<C extends string>(
  name: string,
  value: CellValue,
  choices: readonly C[],
  defaultValue: C,
  aliases: Readonly<Record<string, C>> = {},
): C {
  const v = scalar(name, value);
  if (isBlank(v)) return defaultValue;
  const text = String(v).trim().toLowerCase();
  const hit = choices.find((c) => c.toLowerCase() === text);
  if (hit) return hit;
  const alias = Object.entries(aliases).find(([k]) => k.toLowerCase() === text);
  if (alias) return alias[1];
  return fail(`${name} is ${describeCell(v)}; use one of ${choices.map((c) => `"${c}"`).join(", ")}`);
}

/** A date scalar argument: an Excel date serial or ISO text; returns the serial. */
export function dateArg(name: string, value: CellValue, defaultValue?: number): number {
  const v = scalar(name, value);
  if (isBlank(v)) {
    if (defaultValue !== undefined) return defaultValue;
    fail(`${name} is required`);
  }
  return parseDateValue(name, v);
}

/** The time unit argument shared by every function that measures time (DESIGN §2, core/data/units.ts). */
export function timeUnitArg(name: string, value: CellValue, defaultValue: TimeUnit = DEFAULT_TIME_UNIT): TimeUnit {
  return choiceArg(name, value, TIME_UNITS, defaultValue, TIME_UNIT_ALIASES);
}

/** An optional time unit that must agree with a model table's unit: undefined when omitted. */
export function optionalTimeUnitArg(name: string, value: CellValue): TimeUnit | undefined {
  return isOmitted(value) || isBlank(scalar(name, value)) ? undefined : timeUnitArg(name, value);
}

export interface FractionOptions {
  /** Used when the argument is omitted or blank; without it the argument is required. */
  default?: number;
  /** Negative values are allowed (a growth rate may be a decline); never below -1. */
  allowNegative?: boolean;
  /** Values must be greater than 0 (e.g. a discount rate that divides). */
  positive?: boolean;
}

/**
 * A rate, discount or margin argument: a fraction, 10 % or 0.1 (DESIGN §2). Above 1 is refused with
 * the fix in the message ("discount is 10: enter 10% or 0.1"), and so is a negative value.
 */
export function fractionArg(name: string, value: CellValue, options: FractionOptions = {}): number {
  const v = numberArg(name, value, options.default === undefined ? {} : { default: options.default });
  checkFraction(name, v, { allowNegative: options.allowNegative });
  if (options.positive && !(v > 0)) fail(`${name} is ${v}; it must be greater than 0 (e.g. 0.1 for 10%)`);
  return v;
}
