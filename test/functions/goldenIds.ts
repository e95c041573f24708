/**
 * Every released custom-function id. Ids are stored in users' workbooks: adding one is fine, renaming
 * or removing one breaks their formulas. Update this list only by adding.
 */
export const GOLDEN_IDS: readonly string[] = [
  // unit economics (issue 2)
  "SIMPLE",
  "MARGIN_MULTIPLE",
  "CAC",
  "LTV_CAC",
  "PAYBACK",
  "MARGIN",
  "EQUITY",
];
