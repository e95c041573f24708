/**
 * Fairness audit of value tiers across groups (acquisition month, channel, region, ...):
 * - per group, the count and share of its customers in each tier;
 * - the ratio of each group's share in the top tier to the reference group's share (by default the
 *   group with the highest share): the four-fifths rule of the US Uniform Guidelines on Employee
 *   Selection Procedures (29 CFR §1607.4(D), 1978) reads a ratio below 0.8 as evidence of adverse
 *   impact;
 * - Pearson's chi-square test of independence of tier and group: X² = Σ (O − E)² / E with
 *   E = row total × column total / N, df = (groups − 1)(tiers − 1), p = 1 − F_χ²(X²; df) from jStat's
 *   chi-square distribution. Expected counts below 5 make the p-value approximate (Cochran 1954).
 */
import jStat from "jstat";
import { invalidArgument } from "../errors";

export const FOUR_FIFTHS = 0.8;

export interface GroupRow {
  readonly group: string;
  readonly customers: number;
  /** count per tier, in `tiers` order */
  readonly counts: number[];
  readonly shares: number[];
  /** share in the top tier / the reference group's share */
  readonly ratio: number;
}

export interface TierAudit {
  /** tier labels, top tier first */
  readonly tiers: string[];
  readonly topTier: string;
  readonly reference: string;
  readonly groups: GroupRow[];
  readonly all: GroupRow;
  readonly chiSquare: number;
  readonly df: number;
  readonly pValue: number;
  /** smallest expected count of the test */
  readonly minExpected: number;
  readonly reading: string;
}

/** Labels in a stable order: numbers ascending, then text alphabetically ignoring case. */
function compareLabels(a: string, b: string): number {
  const na = Number(a);
  const nb = Number(b);
  const an = a.trim() !== "" && Number.isFinite(na);
  const bn = b.trim() !== "" && Number.isFinite(nb);
  if (an && bn) return na - nb;
  if (an) return -1;
  if (bn) return 1;
  const la = a.toLowerCase();
  const lb = b.toLowerCase();
  return la < lb ? -1 : la > lb ? 1 : a < b ? -1 : a > b ? 1 : 0;
}

/** CLV.TIER's labels in rank order; other labels sort as compareLabels, the first being the top. */
const KNOWN_ORDER = ["high", "medium", "low"];

function orderTiers(labels: string[], top?: string): string[] {
  const known = labels.every((l) => KNOWN_ORDER.includes(l.toLowerCase()));
  const sorted = known ? [...labels].sort((a, b) => KNOWN_ORDER.indexOf(a.toLowerCase()) - KNOWN_ORDER.indexOf(b.toLowerCase())) : [...labels].sort(compareLabels);
  if (top === undefined) return sorted;
  const hit = sorted.find((l) => l.toLowerCase() === top.toLowerCase());
  if (!hit) throw invalidArgument(`top_tier: '${top}' is not one of the tiers (${sorted.join(", ")}).`);
  return [hit, ...sorted.filter((l) => l !== hit)];
}

/** Upper tail of the chi-square distribution. */
export function chiSquarePValue(x: number, df: number): number {
  return 1 - jStat.chisquare.cdf(x, df);
}

function pct(v: number): string {
  return `${(100 * v).toFixed(0)} %`;
}

export function tierAudit(tiers: readonly string[], groups: readonly string[], options: { reference?: string; topTier?: string } = {}): TierAudit {
  const n = tiers.length;
  if (n === 0) throw invalidArgument("tiers: there are no customers to audit.");
  const tierLabels = orderTiers([...new Set(tiers)], options.topTier);
  const groupLabels = [...new Set(groups)].sort(compareLabels);
  const ti = new Map(tierLabels.map((t, i) => [t, i]));
  const gi = new Map(groupLabels.map((g, i) => [g, i]));
  const counts = groupLabels.map(() => new Array<number>(tierLabels.length).fill(0));
  for (let i = 0; i < n; i++) counts[gi.get(groups[i])!][ti.get(tiers[i])!]++;
  const totals = counts.map((row) => row.reduce((a, b) => a + b, 0));
  const columnTotals = tierLabels.map((_, j) => counts.reduce((s, row) => s + row[j], 0));
  const topShares = counts.map((row, g) => row[0] / totals[g]);

  let reference: string;
  if (options.reference !== undefined) {
    const hit = groupLabels.find((g) => g.toLowerCase() === options.reference!.toLowerCase());
    if (!hit) throw invalidArgument(`reference_group: '${options.reference}' is not one of the groups (${groupLabels.join(", ")}).`);
    reference = hit;
  } else {
    let best = 0;
    topShares.forEach((s, g) => {
      if (s > topShares[best]) best = g;
    });
    reference = groupLabels[best];
  }
  const refShare = topShares[gi.get(reference)!];
  const rows: GroupRow[] = groupLabels.map((group, g) => ({
    group,
    customers: totals[g],
    counts: counts[g],
    shares: counts[g].map((c) => c / totals[g]),
    ratio: refShare > 0 ? topShares[g] / refShare : NaN,
  }));
  const all: GroupRow = { group: "all", customers: n, counts: columnTotals, shares: columnTotals.map((c) => c / n), ratio: NaN };

  let chiSquare = 0;
  let minExpected = Infinity;
  for (let g = 0; g < groupLabels.length; g++) {
    for (let j = 0; j < tierLabels.length; j++) {
      const e = (totals[g] * columnTotals[j]) / n;
      minExpected = Math.min(minExpected, e);
      chiSquare += ((counts[g][j] - e) * (counts[g][j] - e)) / e;
    }
  }
  const df = (groupLabels.length - 1) * (tierLabels.length - 1);
  const pValue = df > 0 ? chiSquarePValue(chiSquare, df) : NaN;

  const top = tierLabels[0];
  const low = rows.filter((r) => r.ratio < FOUR_FIFTHS);
  let reading: string;
  if (groupLabels.length < 2) reading = `Only one group ('${groupLabels[0]}'): nothing to compare.`;
  else {
    const worst = rows.reduce((a, b) => (b.ratio < a.ratio ? b : a));
    const ratioText =
      low.length > 0
        ? `${low.length} group${low.length > 1 ? "s" : ""} below four-fifths of '${reference}' (${pct(refShare)} in ${top}): lowest '${worst.group}' at ${pct(topShares[gi.get(worst.group)!])}, ratio ${worst.ratio.toFixed(2)}.`
        : `Every group has at least four-fifths of '${reference}''s share in ${top} (${pct(refShare)}); lowest ratio ${worst.ratio.toFixed(2)} ('${worst.group}').`;
    const test =
      df > 0
        ? ` Tiers ${pValue < 0.05 ? "differ" : "do not differ significantly"} across groups (chi-square ${chiSquare.toFixed(1)}, df ${df}, p ${pValue < 0.001 ? "< 0.001" : `= ${pValue.toFixed(3)}`})` +
          (minExpected < 5 ? "; some expected counts are below 5, so the p-value is approximate." : ".")
        : "";
    reading = ratioText + test;
  }
  return { tiers: tierLabels, topTier: top, reference, groups: rows, all, chiSquare, df, pValue, minExpected, reading };
}
