/**
 * The questions of the case and each student's expected answers, computed from the student's log by
 * the pane's pipeline and the core (the same detection, checks, summary, fits, cohorts and CLV as the
 * sheets and the CLV.* functions), so a student who does the work in Excel with the add-in, or by hand
 * with the course formulas, arrives at these numbers.
 */
import { analyse } from "../build";
import type { RawTable } from "../read";
import { buildCohorts, cohortMetric } from "../../core/data/cohort";
import { rfmTable } from "../../core/rfm";
import { fitModelsSync, modelData, predictions } from "../../taskpane/builders/modelData";
import { DEFAULT_OPTIONS, type BuildOptions } from "../../taskpane/builders/types";
import type { CaseConfig } from "./config";

/** Months after acquisition averaged by the cohort question (M1..M6). */
const RETENTION_MONTHS = 6;

export interface Question {
  /** column header in the answer key */
  readonly key: string;
  readonly text: string;
  /** how the answer is written: a number format, or "text" */
  readonly format: string;
  /** how close an answer must be (relative), or 0 for an exact answer */
  readonly tolerance: number;
}

/** The case's questions, worded with the config's names and settings. */
export function questions(c: CaseConfig): Question[] {
  const e = c.effects;
  const s = c.settings;
  return [
    { key: "customers", text: "How many customers are in the log?", format: "#,##0", tolerance: 0 },
    { key: "net_revenue", text: "What is the net revenue (all amounts, returns included)?", format: "#,##0.00", tolerance: 0.001 },
    { key: "returns", text: "How many transactions are returns (negative amounts)?", format: "#,##0", tolerance: 0 },
    { key: "returned_value", text: "What is the total value returned (a positive number)?", format: "#,##0.00", tolerance: 0.001 },
    { key: `purchase_days_${e.segment.other}`, text: `Average number of purchase days per customer in the ${e.segment.other} segment?`, format: "0.000", tolerance: 0.005 },
    { key: `purchase_days_${e.segment.name}`, text: `Average number of purchase days per customer in the ${e.segment.name} segment?`, format: "0.000", tolerance: 0.005 },
    { key: `cost_share_${e.channel.other}`, text: `Cost to serve as a share of gross sales (purchases only) in the ${e.channel.other} channel?`, format: "0.0%", tolerance: 0.01 },
    { key: `cost_share_${e.channel.name}`, text: `Cost to serve as a share of gross sales (purchases only) in the ${e.channel.name} channel?`, format: "0.0%", tolerance: 0.01 },
    {
      key: "weakest_cohort",
      text: "Which monthly cohort (YYYY-MM of the first purchase) has the lowest average retention over the six months after acquisition (M1 to M6)?",
      format: "text",
      tolerance: 0,
    },
    { key: "weakest_cohort_retention", text: "What is that cohort's average retention over M1 to M6?", format: "0.0%", tolerance: 0.005 },
    { key: "bgnbd_r", text: "Fit BG/NBD to the customer summary in weeks (frequency = repeat purchase days, recency, T at the last date of the log): r?", format: "0.0000", tolerance: 0.02 },
    { key: "bgnbd_alpha", text: "... alpha?", format: "0.0000", tolerance: 0.02 },
    { key: "bgnbd_a", text: "... a?", format: "0.0000", tolerance: 0.02 },
    { key: "bgnbd_b", text: "... b?", format: "0.0000", tolerance: 0.02 },
    {
      key: "average_clv",
      text: `Average ${s.horizonMonths}-month CLV per customer with BG/NBD and Gamma-Gamma, ${Math.round(s.margin * 100)} % margin and ${Math.round(s.annualDiscount * 100)} % annual discount (monthly discounting)?`,
      format: "#,##0.00",
      tolerance: 0.02,
    },
  ];
}

/** The build options the answers assume (weekly model, the config's CLV settings). */
export function caseOptions(c: CaseConfig): BuildOptions {
  return { ...DEFAULT_OPTIONS, timeUnit: "W", holdout: false, horizon: c.settings.horizonMonths, margin: c.settings.margin, annualDiscount: c.settings.annualDiscount };
}

/** Expected answers by question key. */
export function answers(c: CaseConfig, table: RawTable): Record<string, number | string> {
  const a = analyse(table);
  const { input, report } = a;
  const t = input.transactions;
  const e = c.effects;
  const out: Record<string, number | string> = {
    customers: report.customers,
    net_revenue: report.revenue,
    returns: report.returns,
    returned_value: -report.returnsValue,
  };

  // Purchase days per customer (RFM's purchase_days: days with a net purchase), averaged by segment.
  const rfm = rfmTable(input.ledger);
  const segmentOf = new Map<string, string>();
  for (let i = 0; i < t.length; i++) segmentOf.set(String(t.customer[i]), t.segment![i]);
  for (const seg of [e.segment.other, e.segment.name]) {
    let n = 0;
    let days = 0;
    for (let i = 0; i < rfm.customer.length; i++) {
      if (segmentOf.get(String(rfm.customer[i])) !== seg) continue;
      n++;
      days += rfm.purchaseDays[i];
    }
    out[`purchase_days_${seg}`] = n > 0 ? days / n : "";
  }

  // Cost to serve / gross sales by channel.
  for (const ch of [e.channel.other, e.channel.name]) {
    let cost = 0;
    let sales = 0;
    for (let i = 0; i < t.length; i++) {
      if (t.channel![i] !== ch || !(t.amount[i] > 0)) continue;
      sales += t.amount[i];
      if (Number.isFinite(t.cost![i])) cost += t.cost![i];
    }
    out[`cost_share_${ch}`] = sales > 0 ? cost / sales : "";
  }

  // Cohort with the lowest mean retention over M1..M6 (CLV.COHORT's retention table), among the
  // cohorts observed that long.
  const cohorts = buildCohorts(input.ledger, { cohortUnit: "M" });
  const retention = cohortMetric(cohorts, "retention");
  let weakest = -1;
  let weakestMean = Infinity;
  for (let k = 0; k < cohorts.labels.length; k++) {
    if (cohorts.observed[k] <= RETENTION_MONTHS) continue;
    let sum = 0;
    for (let m = 1; m <= RETENTION_MONTHS; m++) sum += retention[k][m];
    if (sum / RETENTION_MONTHS < weakestMean) {
      weakest = k;
      weakestMean = sum / RETENTION_MONTHS;
    }
  }
  out.weakest_cohort = weakest >= 0 ? cohorts.labels[weakest] : "";
  out.weakest_cohort_retention = weakest >= 0 ? weakestMean : "";

  // BG/NBD and Gamma-Gamma on the weekly summary, CLV as the model sheet computes it.
  const options = caseOptions(c);
  const data = modelData(input, options);
  const fits = fitModelsSync(data, options);
  const p = fits.count.fit.params;
  out.bgnbd_r = p.r;
  out.bgnbd_alpha = p.alpha;
  out.bgnbd_a = p.a;
  out.bgnbd_b = p.b;
  const clv = Array.from(predictions(data.summary, fits, options).clv).filter(Number.isFinite);
  out.average_clv = clv.reduce((x, y) => x + y, 0) / Math.max(1, clv.length);
  return out;
}
