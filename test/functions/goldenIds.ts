/**
 * Every released custom-function id. Ids are stored in users' workbooks: adding one is fine, renaming
 * or removing one breaks their formulas. Update this list only by adding.
 */
export const GOLDEN_IDS: readonly string[] = [
  // unit economics
  "SIMPLE",
  "MARGIN_MULTIPLE",
  "CAC",
  "LTV_CAC",
  "PAYBACK",
  "MARGIN",
  "EQUITY",
  "RATE",
  // non-contractual models
  "BGNBD.FIT",
  "PARETO.FIT",
  "MBGNBD.FIT",
  "GG.FIT",
  "EXPECTED",
  "PALIVE",
  "PMF",
  "DERT",
  "SPEND",
  "VALUE",
  "PARETO",
  "BGNBD",
  // discrete-time and contractual models, simulation
  "BGBB.FIT",
  "SBG.FIT",
  "SURVIVAL",
  "RETENTION",
  "DERL",
  "SBG.VALUE",
  "SIMULATE",
  "SIMULATE.TRANSACTIONS",
  // transactions, RFM, cohorts
  "SUMMARY",
  "SPLIT",
  "RFM.TABLE",
  "RFM.SCORE",
  "RFM.SEGMENT",
  "COHORT",
  "TIER",
  // value-based decisions
  "LEVERS",
  "PNL",
  "WHALE",
  "SEGMENTS",
  "ALLOCATE",
  "EQUITY.TEST",
  "EQUITY.PROJECT",
  "CHURN",
  // measurement
  "LOGLIK",
  "COMPARE",
  "TRACK",
  "HOLDOUT.BYFREQ",
  "ACCURACY",
  "REFIT",
  "QUALITY",
  "TIER.AUDIT",
  "EXPLAIN",
];
