/**
 * Named RFM segments from the recency × frequency grid.
 *
 * The eleven segment names are the ones in common marketing use (Champions ... Lost; see e.g. the RFM
 * segment descriptions of the edrone and Putler guides). Published grids differ in detail; this is ours,
 * on 1..5 scores (R = recency score, 5 = most recent; F = frequency score, 5 = most frequent):
 *
 * | R \ F | 1              | 2                   | 3                   | 4          | 5               |
 * |-------|----------------|---------------------|---------------------|------------|-----------------|
 * | 5     | New            | Potential loyalists | Potential loyalists | Champions  | Champions       |
 * | 4     | Promising      | Potential loyalists | Potential loyalists | Loyal      | Loyal           |
 * | 3     | About to sleep | About to sleep      | Need attention      | Loyal      | Loyal           |
 * | 2     | Hibernating    | Hibernating         | At risk             | At risk    | Can't lose them |
 * | 1     | Lost           | Hibernating         | At risk             | At risk    | Can't lose them |
 *
 * - With a monetary score, the column is the rounded mean of F and M (halves round up), so big spenders
 *   who buy less often move right: column = floor((F + M) / 2 + 1/2).
 * - Scores on another scale (bins ≠ 5) are mapped to 1..5 through the middle of their quantile band:
 *   s -> 1 + floor(5 × (s - 1/2) / bins). For bins = 5 this is the identity; for bins = 10 the deciles
 *   pair up (1-2 -> 1, ..., 9-10 -> 5); for bins = 3 the terciles go to 1, 3 and 5.
 *
 * `RFM_SEGMENT_GRID` holds the table as data (rows R = 5 .. 1, columns F = 1 .. 5) so that the function
 * reference prints exactly what the code uses.
 */
import { invalidArgument } from "../errors";
import { DEFAULT_BINS, MAX_BINS } from "./score";

export const RFM_SEGMENTS = [
  "Champions",
  "Loyal",
  "Potential loyalists",
  "New",
  "Promising",
  "Need attention",
  "About to sleep",
  "At risk",
  "Can't lose them",
  "Hibernating",
  "Lost",
] as const;

export type RfmSegment = (typeof RFM_SEGMENTS)[number];

/** What each segment means and the usual action, for documentation and the task pane. */
export const RFM_SEGMENT_DESCRIPTIONS: Readonly<Record<RfmSegment, string>> = {
  Champions: "Bought recently and often: the best customers. Reward them.",
  Loyal: "Buy often and fairly recently. Keep them engaged; upsell.",
  "Potential loyalists": "Recent customers with a few purchases. Build the habit (membership, recommendations).",
  New: "First purchase very recently. Onboard them.",
  Promising: "Recent, but only one purchase so far. Give them a reason to come back.",
  "Need attention": "Middle of the road on both recency and frequency. Reactivate before they slip.",
  "About to sleep": "Few purchases and not recent. Re-engage with relevant offers.",
  "At risk": "Bought often, but not for a while. Win them back.",
  "Can't lose them": "Used to buy the most, but not for a long time. Personal win-back.",
  Hibernating: "Few purchases, long ago. Low-cost reactivation only.",
  Lost: "One purchase, long ago. Usually not worth chasing.",
};

/** The grid: `RFM_SEGMENT_GRID[5 - r][f - 1]`, i.e. rows R = 5, 4, 3, 2, 1 and columns F = 1 .. 5. */
export const RFM_SEGMENT_GRID: readonly (readonly RfmSegment[])[] = [
  ["New", "Potential loyalists", "Potential loyalists", "Champions", "Champions"],
  ["Promising", "Potential loyalists", "Potential loyalists", "Loyal", "Loyal"],
  ["About to sleep", "About to sleep", "Need attention", "Loyal", "Loyal"],
  ["Hibernating", "Hibernating", "At risk", "At risk", "Can't lose them"],
  ["Lost", "Hibernating", "At risk", "At risk", "Can't lose them"],
];

/** The grid as a printable table: a header row ("R \ F", 1..5), then one row per R from 5 down to 1. */
export function rfmSegmentGridTable(): (string | number)[][] {
  return [["R \\ F", 1, 2, 3, 4, 5], ...RFM_SEGMENT_GRID.map((row, i) => [5 - i, ...row])];
}

/** The grid as a Markdown table (for the function reference, e.g. docs/notes/RFM.SEGMENT.md). */
export function rfmSegmentGridMarkdown(): string {
  const [head, ...body] = rfmSegmentGridTable();
  const line = (cells: (string | number)[]) => `| ${cells.join(" | ")} |`;
  return [line(head), line(head.map(() => "---")), ...body.map((row) => line(row))].join("\n");
}

/** A score on a 1..bins scale mapped to 1..5 through the middle of its quantile band. */
export function toFivePointScale(score: number, bins: number): number {
  return bins === 5 ? score : 1 + Math.floor((5 * (score - 0.5)) / bins);
}

function checkScore(name: string, score: number, bins: number): void {
  if (!Number.isInteger(score) || score < 1 || score > bins) {
    throw invalidArgument(`${name} is ${score}; a score is a whole number from 1 to ${bins}`);
  }
}

/**
 * The segment of an R score, an F score and optionally an M score, all on a 1..bins scale
 * (default 5). Throws #VALUE! for a score that is not a whole number in 1..bins.
 */
export function rfmSegment(r: number, f: number, m?: number, bins: number = DEFAULT_BINS, names = { r: "r", f: "f", m: "m", bins: "bins" }): RfmSegment {
  if (!Number.isInteger(bins) || bins < 2 || bins > MAX_BINS) {
    throw invalidArgument(`${names.bins} is ${bins}; use a whole number from 2 to ${MAX_BINS}`);
  }
  checkScore(names.r, r, bins);
  checkScore(names.f, f, bins);
  const r5 = toFivePointScale(r, bins);
  let column = toFivePointScale(f, bins);
  if (m !== undefined) {
    checkScore(names.m, m, bins);
    column = Math.floor((column + toFivePointScale(m, bins)) / 2 + 0.5);
  }
  return RFM_SEGMENT_GRID[5 - r5][column - 1];
}
