/**
 * Segment valuation (value-based segmentation: Gupta & Lehmann 2005, "Managing Customers as
 * Investments", ch. 6; Kumar & Reinartz 2018, "Customer Relationship Management", ch. 7): per segment
 * the number of customers, total and mean value, share of the total value, and LTV:CAC for a new
 * customer of that segment, with segments ranked by total value.
 *
 * A customer's value is the value given, less its cost when costs are given. LTV:CAC uses the mean
 * value of the segment's customers as the value of a newly acquired customer of that segment (the
 * assumption the ratio makes: new customers of a segment will be like its current ones) divided by
 * the segment's acquisition cost (one number for all, or the mean of a per-customer column).
 */
import { invalidArgument } from "../errors";

export interface SegmentRow {
  readonly segment: string;
  readonly customers: number;
  readonly total: number;
  readonly mean: number;
  readonly share: number;
  /** NaN when no acquisition cost was given */
  readonly cac: number;
  readonly ltvCac: number;
  readonly rank: number;
}

export function segmentValues(values: ArrayLike<number>, groups: ArrayLike<string>, costs?: ArrayLike<number>, cac?: ArrayLike<number> | number): SegmentRow[] {
  const bySegment = new Map<string, { n: number; total: number; cac: number; cacN: number }>();
  let grand = 0;
  for (let i = 0; i < values.length; i++) {
    const g = groups[i] === "" ? "(blank)" : groups[i];
    const v = values[i] - (costs ? costs[i] : 0);
    let s = bySegment.get(g);
    if (!s) bySegment.set(g, (s = { n: 0, total: 0, cac: 0, cacN: 0 }));
    s.n++;
    s.total += v;
    grand += v;
    if (cac !== undefined && typeof cac !== "number" && Number.isFinite(cac[i])) {
      s.cac += cac[i];
      s.cacN++;
    }
  }
  if (bySegment.size === 0) throw invalidArgument("values is empty: give one value per customer");
  const rows = [...bySegment.entries()].map(([segment, s]) => {
    const mean = s.total / s.n;
    const c = typeof cac === "number" ? cac : cac !== undefined && s.cacN > 0 ? s.cac / s.cacN : NaN;
    return { segment, customers: s.n, total: s.total, mean, share: grand !== 0 ? s.total / grand : NaN, cac: c, ltvCac: c > 0 ? mean / c : NaN, rank: 0 };
  });
  // Highest total value first; ties by name so the order never depends on the input order.
  rows.sort((a, b) => b.total - a.total || (a.segment < b.segment ? -1 : a.segment > b.segment ? 1 : 0));
  rows.forEach((r, i) => (r.rank = i > 0 && rows[i - 1].total === r.total ? rows[i - 1].rank : i + 1));
  return rows;
}
