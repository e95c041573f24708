/**
 * RFM analysis and value tiers: the public API of src/core/rfm for the Excel functions and the task pane.
 *
 * ```ts
 * const table = rfmTable(ledgerOrColumns, { asOf, bins: 5 });   // per customer R, F, M, code, segment
 * const scores = rfmScores(recencyDays, frequency, monetary, 5); // scores of precomputed columns
 * rfmSegment(5, 4);                                              // "Champions"
 * valueTiers(clv, { cutoffs: [0.8, 0.5] });                     // High / Medium / Low
 * ```
 */
export { quantileScores, rfmScores, MAX_BINS } from "./score";
export { RFM_SEGMENTS, RFM_SEGMENT_GRID, RFM_SEGMENT_DESCRIPTIONS, rfmSegment, rfmSegmentGridTable, rfmSegmentGridMarkdown, toFivePointScale } from "./segments";
export type { RfmTable } from "./table";
export { rfmTable } from "./table";
export type { CutoffKind } from "./tiers";
export { valueTiers } from "./tiers";
