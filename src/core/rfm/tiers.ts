/**
 * Value tiers: label each customer High / Medium / Low (or user labels) by a value such as spend or
 * predicted CLV.
 *
 * Rules:
 * - Default: the top 20 % of customers by value are "High", the next 30 % "Medium", the rest "Low",
 *   i.e. quantile cutoffs 0.8 and 0.5.
 * - Quantile cutoffs q (all strictly between 0 and 1): a value is at or above cutoff q when the share of
 *   values strictly below it is at least q. Equal values therefore always share a tier; without ties,
 *   10 values and q = 0.8, the top 2 values are at or above the cutoff.
 * - Absolute cutoffs: a value is at or above cutoff c when value >= c.
 * - Cutoffs may be given in any order; they are used from the highest down. A value at or above the
 *   highest cutoff gets the first label, at or above the next one the second label, and so on; below all
 *   cutoffs the last label. So k cutoffs need k + 1 labels. Default labels: High, Medium, Low for two
 *   cutoffs, otherwise "Tier 1" (top) .. "Tier k+1".
 * - Kind "auto" reads cutoffs as quantiles when all lie strictly between 0 and 1, as absolute values
 *   otherwise; choose the kind explicitly when absolute cutoffs lie in (0, 1) (e.g. probabilities).
 * - In "auto", cutoffs that cannot be quantiles (some at or above 1, or at or below 0) are read as
 *   values only when they all lie within the data's range; otherwise (e.g. {80, 50} meant as percentages
 *   on values between 0 and 60) the call is refused and asks for `cutoff_kind`, rather than labelling
 *   every customer Low without a word.
 * - NaN values (blank rows) get the label "".
 */
import { invalidArgument } from "../errors";
import { countBelow } from "./score";

export type CutoffKind = "auto" | "quantile" | "value";

export interface TierOptions {
  /** Cutoffs (default [0.8, 0.5] as quantiles). */
  cutoffs?: readonly number[];
  /** Labels, top tier first; length = cutoffs + 1. */
  labels?: readonly string[];
  /** How to read the cutoffs; default "auto". */
  kind?: CutoffKind;
  names?: { cutoffs?: string; labels?: string; kind?: string };
}

export interface Tiers {
  /** Label of each value ("" for NaN). */
  label: string[];
  /** Tier number of each value, 1 = top; 0 for NaN. */
  tier: Uint8Array;
  /** The cutoffs used, highest first, and how they were read. */
  cutoffs: number[];
  kind: "quantile" | "value";
  labels: string[];
}

export const DEFAULT_TIER_CUTOFFS: readonly number[] = [0.8, 0.5];
export const DEFAULT_TIER_LABELS: readonly string[] = ["High", "Medium", "Low"];

export function valueTiers(values: ArrayLike<number>, options: TierOptions = {}): Tiers {
  const cutName = options.names?.cutoffs ?? "cutoffs";
  const labName = options.names?.labels ?? "labels";
  const raw = options.cutoffs ?? DEFAULT_TIER_CUTOFFS;
  if (raw.length === 0) throw invalidArgument(`${cutName}: give at least one cutoff`);
  if (raw.length > 100) throw invalidArgument(`${cutName}: at most 100 cutoffs`);
  raw.forEach((c, i) => {
    if (!Number.isFinite(c)) throw invalidArgument(`${cutName}: cutoff ${i + 1} is not a finite number`);
  });
  const cutoffs = [...raw].sort((a, b) => b - a);
  for (let i = 1; i < cutoffs.length; i++) {
    if (cutoffs[i] === cutoffs[i - 1]) throw invalidArgument(`${cutName}: the cutoff ${cutoffs[i]} appears twice`);
  }
  const requested = options.kind ?? "auto";
  const allInUnit = cutoffs.every((c) => c > 0 && c < 1);
  let kind: "quantile" | "value";
  if (requested === "auto") kind = allInUnit ? "quantile" : "value";
  else if (requested === "quantile" || requested === "value") kind = requested;
  else throw invalidArgument(`${options.names?.kind ?? "cutoff_kind"} is '${String(requested)}'; use "auto", "quantile" or "value"`);
  if (requested === "auto" && kind === "value") checkValueCutoffs(values, cutoffs, cutName, options.names?.kind ?? "cutoff_kind");
  if (kind === "quantile" && !allInUnit) {
    throw invalidArgument(`${cutName}: quantile cutoffs must lie strictly between 0 and 1 (e.g. 0.8 for the top 20%)`);
  }

  let labels: string[];
  if (options.labels !== undefined) {
    labels = [...options.labels];
    if (labels.length !== cutoffs.length + 1) {
      throw invalidArgument(`${labName}: ${cutoffs.length} cutoff${cutoffs.length > 1 ? "s" : ""} make ${cutoffs.length + 1} tiers, so give ${cutoffs.length + 1} labels (got ${labels.length})`);
    }
  } else if (cutoffs.length === 2) labels = [...DEFAULT_TIER_LABELS];
  else labels = Array.from({ length: cutoffs.length + 1 }, (_, i) => `Tier ${i + 1}`);

  const n = values.length;
  const tier = new Uint8Array(n);
  const label = new Array<string>(n).fill("");
  let thresholds = cutoffs;
  if (kind === "quantile") {
    // Compare counts, not shares: "share below >= q" is "count below >= q × m", with a little slack so
    // that 0.7 × 10 = 7.000000000000001 still admits a count of 7.
    const finite: number[] = [];
    for (let i = 0; i < n; i++) if (Number.isFinite(values[i])) finite.push(values[i]);
    const sorted = Float64Array.from(finite).sort();
    const m = sorted.length;
    thresholds = cutoffs.map((q) => q * m - 1e-9 * Math.max(1, m));
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (!Number.isFinite(v)) continue;
      const below = countBelow(sorted, v);
      assign(i, below);
    }
  } else {
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (!Number.isFinite(v)) continue;
      assign(i, v);
    }
  }
  return { label, tier, cutoffs, kind, labels };

  function assign(i: number, measure: number): void {
    let t = thresholds.length; // below every cutoff: the last tier (0-based)
    for (let j = 0; j < thresholds.length; j++) {
      if (measure >= thresholds[j]) {
        t = j;
        break;
      }
    }
    tier[i] = t + 1;
    label[i] = labels[t];
  }
}

/** In "auto" mode, value cutoffs outside the data's range are most likely percentages: refuse them. */
function checkValueCutoffs(values: ArrayLike<number>, cutoffs: readonly number[], cutName: string, kindName: string): void {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isNaN(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (!(lo <= hi)) return;
  const outside = cutoffs.filter((c) => c < lo || c > hi);
  if (outside.length === 0) return;
  const percentLike = cutoffs.every((c) => c > 0 && c < 100);
  throw invalidArgument(
    `${cutName}: ${outside.join(" and ")} ${outside.length > 1 ? "are" : "is"} outside the values' range (${lo} to ${hi}), so ${outside.length > 1 ? "they" : "it"} cannot be value cutoffs, ` +
      `and cutoffs above 1 cannot be quantiles. ` +
      (percentLike ? `For percentages enter fractions (${cutoffs.map((c) => c / 100).join(" and ")} for ${cutoffs.map((c) => `${c}%`).join(" and ")}) or ` : "") +
      `set ${kindName} to "quantile" or "value".`,
  );
}
