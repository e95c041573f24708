/**
 * The parameters of a class's case: how each student's transaction log is simulated and which effects
 * are planted in it. The default below is documented in docs/cases.md; a JSON file given to
 * `clv case --config` overrides any part of it (`clv case --print-config` prints this default).
 */
import { readFileSync } from "node:fs";
import { InputError } from "../read";

export interface CaseConfig {
  /** customers per student */
  readonly customers: number;
  /** first and last day of the log (ISO dates) */
  readonly start: string;
  readonly end: string;
  /** customers make their first purchase in the first this many calendar months */
  readonly acquisitionMonths: number;
  /** BG/NBD purchase process per week (Fader, Hardie & Lee 2005): λ ~ Gamma(r, α), p ~ Beta(a, b) */
  readonly purchase: { readonly r: number; readonly alpha: number; readonly a: number; readonly b: number };
  /** Gamma-Gamma spend per purchase (Fader & Hardie 2013): ν ~ Gamma(q, γ), amount ~ Gamma(p, ν) */
  readonly spend: { readonly p: number; readonly q: number; readonly gamma: number };
  /** each student's parameters are the class's times exp(variation × N(0, 1)), drawn per parameter */
  readonly studentVariation: number;
  readonly effects: {
    /** a segment whose customers buy more often: their λ is multiplied by the factor (α divided by it) */
    readonly segment: { readonly name: string; readonly other: string; readonly share: number; readonly purchaseRateMultiplier: number };
    /** a channel whose customers cost more to serve: cost = amount × cost share (± 20 %) */
    readonly channel: { readonly name: string; readonly other: string; readonly share: number; readonly costShare: number; readonly otherCostShare: number };
    /** a share of purchases is returned in full, 1..maxDays days later (a negative amount) */
    readonly returns: { readonly rate: number; readonly maxDays: number };
    /** the customers acquired in this month (1 = the first) drop out faster: BG/NBD's a is multiplied */
    readonly churningCohort: { readonly month: number; readonly dropoutMultiplier: number };
  };
  /** what the CLV question assumes */
  readonly settings: { readonly margin: number; readonly annualDiscount: number; readonly horizonMonths: number };
}

export const DEFAULT_CASE: CaseConfig = {
  customers: 600,
  start: "2025-01-01",
  end: "2026-06-30",
  acquisitionMonths: 6,
  purchase: { r: 0.25, alpha: 4, a: 0.8, b: 2.5 },
  spend: { p: 6, q: 4, gamma: 15 },
  studentVariation: 0.1,
  effects: {
    segment: { name: "Premium", other: "Standard", share: 0.3, purchaseRateMultiplier: 2.5 },
    channel: { name: "Marketplace", other: "Web shop", share: 0.35, costShare: 0.3, otherCostShare: 0.12 },
    returns: { rate: 0.06, maxDays: 30 },
    churningCohort: { month: 3, dropoutMultiplier: 6 },
  },
  settings: { margin: 0.3, annualDiscount: 0.1, horizonMonths: 12 },
};

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** `override` laid over `base`, key by key; unknown keys and wrong types are refused with their path. */
function merge(base: unknown, override: unknown, path: string): unknown {
  if (override === undefined) return base;
  if (isObject(base)) {
    if (!isObject(override)) throw new InputError(`case config: ${path || "the file"} must be an object.`);
    const out: Record<string, unknown> = { ...base };
    for (const [k, v] of Object.entries(override)) {
      if (!(k in base)) throw new InputError(`case config: unknown setting ${path ? `${path}.` : ""}${k} (see clv case --print-config).`);
      out[k] = merge(base[k], v, path ? `${path}.${k}` : k);
    }
    return out;
  }
  if (typeof base !== typeof override) throw new InputError(`case config: ${path} must be a ${typeof base} (got ${JSON.stringify(override)}).`);
  return override;
}

function check(ok: boolean, message: string): void {
  if (!ok) throw new InputError(`case config: ${message}`);
}

/** Range checks, each naming the setting and what it must be. */
export function validateCase(c: CaseConfig): CaseConfig {
  check(Number.isInteger(c.customers) && c.customers >= 50 && c.customers <= 100_000, `customers is ${c.customers}; use a whole number from 50 to 100000.`);
  const start = Date.parse(`${c.start}T00:00:00Z`);
  const end = Date.parse(`${c.end}T00:00:00Z`);
  check(/^\d{4}-\d{2}-\d{2}$/.test(c.start) && Number.isFinite(start), `start '${c.start}' is not a date like 2025-01-01.`);
  check(/^\d{4}-\d{2}-\d{2}$/.test(c.end) && Number.isFinite(end), `end '${c.end}' is not a date like 2026-06-30.`);
  check(end - start >= 180 * 86_400_000, "end must lie at least 180 days after start.");
  check(Number.isInteger(c.acquisitionMonths) && c.acquisitionMonths >= 1 && c.acquisitionMonths <= 24, `acquisitionMonths is ${c.acquisitionMonths}; use 1 to 24.`);
  for (const [k, v] of Object.entries({ ...c.purchase, ...c.spend })) check(Number.isFinite(v) && v > 0, `${k} is ${v}; model parameters must be positive.`);
  check(c.studentVariation >= 0 && c.studentVariation <= 1, `studentVariation is ${c.studentVariation}; use 0 to 1.`);
  const e = c.effects;
  check(e.segment.share > 0 && e.segment.share < 1, `effects.segment.share is ${e.segment.share}; use a fraction between 0 and 1.`);
  check(e.segment.purchaseRateMultiplier > 0, "effects.segment.purchaseRateMultiplier must be positive.");
  check(e.channel.share > 0 && e.channel.share < 1, `effects.channel.share is ${e.channel.share}; use a fraction between 0 and 1.`);
  check(e.channel.costShare >= 0 && e.channel.costShare < 1 && e.channel.otherCostShare >= 0 && e.channel.otherCostShare < 1, "effects.channel cost shares are fractions of the amount from 0 to 1.");
  check(e.segment.name !== e.segment.other && e.channel.name !== e.channel.other, "effects: the planted segment and channel need names different from the other group's.");
  check(e.returns.rate >= 0 && e.returns.rate < 0.5, `effects.returns.rate is ${e.returns.rate}; use a fraction below 0.5.`);
  check(Number.isInteger(e.returns.maxDays) && e.returns.maxDays >= 1, "effects.returns.maxDays must be a whole number of at least 1.");
  check(Number.isInteger(e.churningCohort.month) && e.churningCohort.month >= 1 && e.churningCohort.month <= c.acquisitionMonths, `effects.churningCohort.month is ${e.churningCohort.month}; use 1 to acquisitionMonths (${c.acquisitionMonths}).`);
  check(e.churningCohort.dropoutMultiplier > 0, "effects.churningCohort.dropoutMultiplier must be positive.");
  check(c.settings.margin > 0 && c.settings.margin <= 1 && c.settings.annualDiscount >= 0 && c.settings.annualDiscount <= 1, "settings: margin and annualDiscount are fractions (0.3 = 30 %).");
  check(Number.isInteger(c.settings.horizonMonths) && c.settings.horizonMonths >= 1, "settings.horizonMonths must be a whole number of months.");
  return c;
}

/** The default, or the default with a JSON file's settings laid over it. */
export function loadCaseConfig(path?: string): CaseConfig {
  if (!path) return DEFAULT_CASE;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    throw new InputError(`cannot read the case config ${path}: ${e instanceof Error ? e.message : String(e)}`);
  }
  return validateCase(merge(DEFAULT_CASE, json, "") as CaseConfig);
}
