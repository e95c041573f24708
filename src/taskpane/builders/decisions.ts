/**
 * The Decisions sheet: what to do with the value of the customers (course parts 3–7). On top, the
 * settings (shaded input cells: discount, margin, CAC, cost to serve, the budget to allocate, the
 * activity window) and the figures derived from the data (monthly retention, margin per active
 * customer, new customers per month); the lever table with its tornado chart; segment valuation with
 * the allocation of the budget; the whale curve of customer profitability; the equity projection of
 * today's and future customers; churn per month. Below, under "Workings", the customer P&L and the
 * whale-curve table the figures and charts read.
 *
 * Every number comes from a CLV.* function (src/functions/decisions.ts): live formulas, or in
 * values-only mode the same core functions (src/core/decisions) evaluated here, so both agree.
 */
import {
  EQUITY_PROJECTION_HEADERS,
  LEVER_HEADERS,
  allocateBudget,
  churnByPeriod,
  churnRuleHeader,
  customerPnl,
  projectEquity,
  retentionLevers,
  segmentValues,
  whaleCurve,
  type ChurnRow,
  type CustomerPnl,
  type LeverRow,
  type SegmentRow,
} from "../../core/decisions";
import { canonicalCustomerId } from "../../core/data/customerIds";
import { isoFromSerial } from "../../core/data/dates";
import { ClvError } from "../../core/errors";
import { valueTiers } from "../../core/rfm";
import { cellAddress, rangeAddress } from "../a1";
import { columnReference } from "../dataset";
import { PlanDraft, area, type Cell, type SheetPlan } from "../plan";
import { COLORS, FORMATS, blockColumn, count, dataRefs, headerRow, noteRow, sectionTitle, titleRows, writeTable, type Block } from "./common";
import { monthlyRate } from "./modelData";
import { sheetName, type BuildInput, type BuildOptions } from "./types";

export const PNL_HEADERS = ["customer", "orders", "revenue", "cost_of_goods", "contribution", "cost_to_serve", "acquisition_cost", "profit"] as const;
export const WHALE_HEADERS = ["customer_share", "profit", "cumulative_profit", "profit_share", "", "measure", "value"] as const;
export const SEGMENT_HEADERS = ["segment", "customers", "total_value", "mean_value", "share_of_value", "cac", "ltv_cac", "rank"] as const;
export const ALLOCATION_HEADERS = ["spend", "share_of_budget", "response", "value", "average_roi", "marginal_roi"] as const;
export const CHURN_COLUMNS = ["active_start", "retained", "lost", "new", "reactivated", "active_end", "retention_rate", "churn_rate"] as const;

/** Points of the whale-curve chart: every 1 % of customers. */
export const WHALE_POINTS = 100;
/** Months of the equity projection and the step of the lever table. */
export const PROJECTION_MONTHS = 36;
export const LEVER_STEP = 0.1;
/** Months of churn history the derived retention and new-customer figures average over. */
export const RECENT_MONTHS = 12;
/** Default activity window: a customer who has not bought for three months counts as lost. */
export const DEFAULT_ACTIVITY_MONTHS = 3;

/** Per-customer group labels for segment valuation: the mapped segment column (first label seen), or value tiers. */
function groupLabels(input: BuildInput, pnl: CustomerPnl, values: ArrayLike<number>): { labels: string[]; source: string } {
  const seg = input.transactions.segment;
  if (seg && input.mapping.segment !== undefined) {
    const first = new Map<unknown, string>();
    for (let i = 0; i < input.transactions.length; i++) {
      const id = canonicalCustomerId(input.transactions.customer[i]);
      if (!first.has(id)) first.set(id, seg[i]);
    }
    return { labels: pnl.customer.map((c) => first.get(c) ?? ""), source: `the ${input.source.headers[input.mapping.segment]} column` };
  }
  const t = valueTiers(values);
  return { labels: t.label, source: "value tiers (top 20 % High, next 30 % Medium, rest Low)" };
}

/** Mean of the finite values among the last `k` entries. */
function recentMean(values: readonly number[], k: number): number {
  const tail = values.slice(-k).filter(Number.isFinite);
  return tail.length ? tail.reduce((a, b) => a + b, 0) / tail.length : NaN;
}

/** A response rate per segment: half of the ceiling reached when spending `scale` per customer of it. */
function defaultRates(segments: readonly SegmentRow[], scale: number): number[] {
  return segments.map((s) => (scale > 0 && s.customers > 0 ? Math.LN2 / (scale * s.customers) : 1e-6));
}

function rounded(x: number): number {
  if (!(x > 0)) return 0;
  const p = Math.pow(10, Math.floor(Math.log10(x)) - 1);
  return Math.round(x / p) * p;
}

export function buildDecisionsSheet(input: BuildInput, options: BuildOptions): SheetPlan {
  const d = new PlanDraft("decisions", sheetName("decisions", options), COLORS.tabDecisions);
  const refs = dataRefs(input);
  const tx = input.transactions;
  const hasCost = tx.cost !== undefined && input.mapping.cost !== undefined;
  const cac = options.cac;
  const costToServe = 0;
  // Without a margin (and a cost column) nothing is known about costs: values are revenue, labelled so.
  const margin = options.margin ?? 1;

  // ---- The numbers, from the core (values mode writes them; live mode uses them for spill sizes) ----
  const costs = hasCost ? tx.cost! : Float64Array.from(tx.amount, (a) => a * (1 - margin));
  const pnl = customerPnl({ ids: tx.customer, amounts: tx.amount, costs, costToServe, acquisitionCost: cac });
  const n = pnl.customer.length;
  // Per-customer spills longer than the limit are written as values (a custom function returns at most about 5 MB).
  const live = !options.valuesOnly && n <= options.maxLiveCustomers;
  if (!options.valuesOnly && !live) d.note(`The Decisions sheet is written as values: ${count(n, "customer")} exceed the ${options.maxLiveCustomers.toLocaleString("en-US")} rows of a live spill.`);
  const value = Float64Array.from(pnl.contribution, (c, i) => c - pnl.costToServe[i]);
  const groups = groupLabels(input, pnl, value);
  const segments = segmentValues(value, groups.labels, undefined, cac);
  const k = segments.length;
  const window = DEFAULT_ACTIVITY_MONTHS;
  const churn: ChurnRow[] = churnByPeriod(tx.customer, tx.date, { unit: "M", inactiveAfter: window });
  const retention = recentMean(churn.map((r) => r.retentionRate), RECENT_MONTHS);
  const activeMonths = churn.reduce((a, r) => a + r.activeEnd, 0);
  const totalValue = value.reduce((a, b) => a + b, 0);
  const marginPerMonth = activeMonths > 0 ? totalValue / activeMonths : NaN;
  const newPerMonth = recentMean(churn.map((r) => r.new), RECENT_MONTHS);
  const activeNow = churn.length ? churn[churn.length - 1].activeEnd : 0;
  const monthly = monthlyRate(options.annualDiscount);
  const revenue = pnl.revenue.reduce((a, b) => a + b, 0);
  const scale = cac !== undefined && cac > 0 ? cac : n > 0 ? revenue / n : 1;
  const rates = defaultRates(segments, scale);
  const budget = rounded(0.1 * Math.abs(revenue));

  titleRows(
    d,
    input,
    options,
    "Decisions: levers, profitability, allocation and customer equity",
    `${count(n, "customer")}, ${count(tx.length, "transaction")} to ${isoFromSerial(input.ledger.lastDay)}. ${hasCost ? "Costs from the cost column." : options.margin === undefined ? "No cost column and no margin given: costs are 0, so every value is revenue, not contribution." : `No cost column: cost of goods = ${Math.round((1 - margin) * 100)}% of revenue (the margin setting).`}`,
  );
  d.width(1, 250);
  d.width(2, 90);
  d.width(3, 16);
  for (let c = 4; c <= 19; c++) d.width(c, 84);

  // ---- Settings ----
  const S = 4;
  sectionTitle(d, S, 1, "Settings (change the shaded cells)", 2);
  const at = (r: number) => cellAddress(S + 1 + r, 2, true);
  const cell = { discount: at(0), monthly: at(1), margin: at(2), cac: at(3), serve: at(4), budget: at(5), window: at(6), retention: at(8), marginMonth: at(9), newMonth: at(10), activeNow: at(11) };

  // Layout of the sections (rows), computed from the sizes the core gives.
  const L = { levers: S, tornado: S + 7, segments: S + 25 };
  const segData = L.segments + 2;
  const whaleTop = segData + k + 3;
  const equityTop = whaleTop + 20;
  const equityTable = equityTop + 18;
  const churnTop = equityTable + PROJECTION_MONTHS + 3;
  const W = churnTop + churn.length + 4;
  const pnlBlock: Block = { row: W + 3, column: 1, rows: n, columns: PNL_HEADERS.length, live };
  const whaleRows = Math.max(n + 1, 5);
  const whaleBlock: Block = { row: W + 3, column: 10, rows: whaleRows, columns: WHALE_HEADERS.length, live };
  const churnBlock: Block = { row: churnTop + 2, column: 1, rows: churn.length, columns: 9, live };
  const segBlock: Block = { row: segData, column: 4, rows: k, columns: SEGMENT_HEADERS.length, live };

  const pnlCol = (j: number) => blockColumn(pnlBlock, j);
  const churnCol = (j: number) => blockColumn(churnBlock, j);
  const lastRows = (colRef: string) => `INDEX(${colRef},MAX(1,ROWS(${colRef})-${RECENT_MONTHS - 1})):INDEX(${colRef},ROWS(${colRef}))`;
  const valueExpr = `${pnlCol(4)}-${pnlCol(5)}`;
  const settingsRows: Cell[][] = [
    ["Annual discount rate", options.annualDiscount],
    ["Monthly discount rate", live ? `=(1+${cell.discount})^(1/12)-1` : monthly],
    [hasCost ? "Margin (not used: costs come from the cost column)" : options.margin === undefined ? "Margin (none given: 100%, values are revenue)" : "Margin (share of revenue)", margin],
    ["CAC per new customer (blank: none)", cac ?? ""],
    ["Cost to serve per order", costToServe],
    ["Budget to allocate (type your own)", budget],
    ["Activity window (months)", window],
    ["From the data:", ""],
    [`Monthly retention (mean of the last ${RECENT_MONTHS} months)`, live ? `=AVERAGE(${lastRows(churnCol(7))})` : retention],
    ["Margin per active customer per month", live ? `=IFERROR(SUM(${valueExpr})/SUM(${churnCol(6)}),"")` : marginPerMonth],
    [`New customers per month (last ${RECENT_MONTHS})`, live ? `=AVERAGE(${lastRows(churnCol(4))})` : newPerMonth],
    ["Active customers now", live ? `=INDEX(${churnCol(6)},ROWS(${churnCol(6)}))` : activeNow],
  ];
  if (live) d.formulas(S + 1, 1, settingsRows, "decision settings");
  else d.values(S + 1, 1, settingsRows.map((r) => r.map((v) => (typeof v === "number" && !Number.isFinite(v) ? "" : v))), "decision settings");
  d.format({ area: area(S + 1, 1, settingsRows.length, 1), fontColor: COLORS.subtitle });
  d.format({ area: area(S + 1, 2, settingsRows.length, 1), bold: true, horizontalAlignment: "Right" });
  for (const r of [0, 2, 3, 4, 5, 6]) d.format({ area: area(S + 1 + r, 2), fill: COLORS.kpiFill });
  d.format({ area: area(S + 1, 2, 3, 1), numberFormat: FORMATS.percent });
  d.format({ area: area(S + 2, 2), numberFormat: "0.000%" });
  d.format({ area: area(S + 4, 2, 3, 1), numberFormat: FORMATS.money });
  d.format({ area: area(S + 9, 2), numberFormat: FORMATS.percent });
  d.format({ area: area(S + 10, 2), numberFormat: FORMATS.money });
  d.format({ area: area(S + 11, 2, 2, 1), numberFormat: "#,##0.0" });
  d.format({ area: area(S + 8, 1), bold: true, fontColor: COLORS.brand });

  // ---- Lever table and tornado chart ----
  sectionTitle(d, L.levers, 4, `Value levers: V = m·r/(1+d−r) − CAC per new customer, monthly, each lever ±${Math.round(LEVER_STEP * 100)}%`, 10);
  let leverRows: LeverRow[] | undefined;
  let leverProblem: string | undefined;
  try {
    leverRows = retentionLevers({ margin: marginPerMonth, retention, discount: monthly, cac }, LEVER_STEP);
  } catch (e) {
    if (!(e instanceof ClvError)) throw e;
    leverProblem = e.message;
  }
  const leverBlock = writeTable(
    d,
    L.levers + 1,
    4,
    LEVER_HEADERS,
    live
      ? { formula: `=CLV.LEVERS(${cell.marginMonth},${cell.retention},${cell.monthly},${cell.cac},${LEVER_STEP},,,,,FALSE)`, rows: 4 }
      : { values: leverRows ? leverRows.map(leverValues) : [[`No lever table: ${leverProblem}`]] },
    "lever table",
  );
  d.format({ area: area(leverBlock.row, 5, 4, 3), numberFormat: "#,##0.000" });
  d.format({ area: area(leverBlock.row, 8, 4, 5), numberFormat: FORMATS.money });
  d.format({ area: area(leverBlock.row, 13, 4, 1), numberFormat: FORMATS.decimal2 });
  d.chart({
    type: "BarClustered",
    title: `Tornado: change in value per new customer, levers −${Math.round(LEVER_STEP * 100)}% / +${Math.round(LEVER_STEP * 100)}%`,
    series: [
      { name: `−${Math.round(LEVER_STEP * 100)}%`, values: area(leverBlock.row, 11, 4, 1), categories: area(leverBlock.row, 4, 4, 1) },
      { name: `+${Math.round(LEVER_STEP * 100)}%`, values: area(leverBlock.row, 12, 4, 1), categories: area(leverBlock.row, 4, 4, 1) },
    ],
    position: area(L.tornado, 4, 17, 7),
    legend: "Bottom",
    reverseCategories: true,
    colors: [COLORS.heatMid, COLORS.brand],
  });
  noteRow(d, L.tornado + 17, 4, "Retention and margin per month come from the data (settings on the left); overwrite them to explore. Elasticity = % change in value per % change in the lever.");

  // ---- Segment valuation and budget allocation ----
  sectionTitle(d, L.segments, 4, `Segment valuation (value = contribution − cost to serve to date; segments: ${groups.source}) and budget allocation`, 14);
  const groupExpr = live ? groupFormula(input, pnlBlock) : "";
  writeTable(
    d,
    L.segments + 1,
    4,
    SEGMENT_HEADERS,
    live
      ? { formula: `=CLV.SEGMENTS(${valueExpr},${groupExpr},,${cell.cac},FALSE)`, rows: k }
      : { values: segments.map((s) => [s.segment, s.customers, s.total, s.mean, fin(s.share), fin(s.cac), fin(s.ltvCac), s.rank]) },
    "segment valuation",
  );
  d.format({ area: area(segData, 5, k, 1), numberFormat: FORMATS.count });
  d.format({ area: area(segData, 6, k, 2), numberFormat: FORMATS.money });
  d.format({ area: area(segData, 8, k, 1), numberFormat: FORMATS.percent });
  d.format({ area: area(segData, 9, k, 1), numberFormat: FORMATS.money });
  d.format({ area: area(segData, 10, k, 1), numberFormat: FORMATS.decimal2 });
  d.conditional({ type: "dataBar", area: area(segData, 6, k, 1), color: COLORS.tabDecisions });
  // Response rates: inputs (shaded), one per segment, next to the segment table.
  headerRow(d, L.segments + 1, 12, ["response rate (edit)"]);
  d.values(segData, 12, rates.map((r) => [r]), "response rates");
  d.format({ area: area(segData, 12, k, 1), numberFormat: "0.000E+00", fill: COLORS.kpiFill });
  const rateRange = rangeAddress(segData, 12, k, 1, true);
  let allocation: ReturnType<typeof allocateBudget> | undefined;
  let allocationProblem: string | undefined;
  try {
    allocation = allocateBudget({ values: segments.map((s) => s.mean), ceilings: segments.map((s) => s.customers), rates, budget });
  } catch (e) {
    if (!(e instanceof ClvError)) throw e;
    allocationProblem = e.message;
  }
  const alloc = writeTable(
    d,
    L.segments + 1,
    13,
    ALLOCATION_HEADERS,
    live
      ? { formula: `=CLV.ALLOCATE(${blockColumn(segBlock, 3)},${blockColumn(segBlock, 1)},${rateRange},${cell.budget},,,FALSE)`, rows: k }
      : {
          values: allocation
            ? Array.from(allocation.spend, (s, i) => [s, budget > 0 ? s / budget : "", allocation!.response[i], allocation!.value[i], s > 0 ? allocation!.value[i] / s : "", allocation!.marginalRoi[i]])
            : [[`No allocation: ${allocationProblem}`]],
        },
    "budget allocation",
  );
  d.format({ area: area(alloc.row, 13, k, 1), numberFormat: FORMATS.money });
  d.format({ area: area(alloc.row, 14, k, 1), numberFormat: FORMATS.percent });
  d.format({ area: area(alloc.row, 15, k, 1), numberFormat: "#,##0.0" });
  d.format({ area: area(alloc.row, 16, k, 1), numberFormat: FORMATS.money });
  d.format({ area: area(alloc.row, 17, k, 2), numberFormat: FORMATS.decimal2 });
  d.conditional({ type: "dataBar", area: area(alloc.row, 13, k, 1), color: COLORS.brand });
  noteRow(
    d,
    segData + k,
    4,
    `Allocation (CLV.ALLOCATE): each segment responds with customers × (1 − exp(−rate × spend)), each response worth the segment's mean value; the default rate reaches half the customers at ${cac !== undefined && cac > 0 ? "the CAC" : "the average revenue per customer"} per customer. Type your budget and rates.`,
  );

  // ---- Whale curve ----
  sectionTitle(d, whaleTop, 4, "Customer profitability: the whale curve (profit = contribution − cost to serve − CAC)", 10);
  const side = (r: number) => (live ? `=INDEX(${cellAddress(whaleBlock.row, whaleBlock.column, true)}#,${r},7)` : undefined);
  let whale: ReturnType<typeof whaleCurve> | undefined;
  try {
    whale = whaleCurve(pnl.profit);
  } catch (e) {
    if (!(e instanceof ClvError)) throw e;
    d.note(`No whale curve: ${e.message}`);
  }
  const whaleFigures: Cell[][] = [
    ["Peak share of total profit", side(1) ?? fin(whale?.peak ?? NaN)],
    ["reached at this share of customers", side(2) ?? fin(whale?.peakCustomerShare ?? NaN)],
    ["Customers who destroy value", side(3) ?? fin(whale?.destroyingShare ?? NaN)],
    ["Profit they destroy", side(4) ?? fin(whale?.destroyedProfit ?? NaN)],
    ["Total profit", side(5) ?? fin(whale?.totalProfit ?? NaN)],
  ];
  if (live) d.formulas(whaleTop + 1, 1, whaleFigures, "whale figures");
  else d.values(whaleTop + 1, 1, whaleFigures, "whale figures");
  d.format({ area: area(whaleTop + 1, 1, 5, 1), fontColor: COLORS.subtitle });
  d.format({ area: area(whaleTop + 1, 2, 3, 1), numberFormat: FORMATS.percent, bold: true });
  d.format({ area: area(whaleTop + 4, 2, 2, 1), numberFormat: FORMATS.money, bold: true });
  // The chart draws the curve at every 1 % of customers (101 points read from the whale table), so a
  // large customer base gives a clean line rather than a solid band of markers.
  const sampleRow = whaleBlock.row;
  const sampleCol = whaleBlock.column + WHALE_HEADERS.length + 1;
  const whaleRef = `${cellAddress(whaleBlock.row, whaleBlock.column, true)}#`;
  headerRow(d, sampleRow - 1, sampleCol, ["share of customers", "share of profit"]);
  const samples: Cell[][] = [];
  for (let j = 0; j <= WHALE_POINTS; j++) {
    const share = j / WHALE_POINTS;
    if (live) samples.push([share, `=IFERROR(INDEX(${whaleRef},1+ROUND(${cellAddress(sampleRow + j, sampleCol)}*(COUNT(INDEX(${whaleRef},0,1))-1),0),4),"")`]);
    else samples.push([share, whale ? fin(whale.profitShare[Math.round(share * (whale.profitShare.length - 1))]) : ""]);
  }
  if (live) d.formulas(sampleRow, sampleCol, samples, "whale points");
  else d.values(sampleRow, sampleCol, samples, "whale points");
  d.format({ area: area(sampleRow, sampleCol, WHALE_POINTS + 1, 2), numberFormat: FORMATS.percent });
  d.chart({
    type: "XYScatter",
    title: "Whale curve: cumulative share of profit by share of customers (most profitable first)",
    series: [{ name: "cumulative profit share", values: area(sampleRow, sampleCol + 1, WHALE_POINTS + 1, 1), categories: area(sampleRow, sampleCol, WHALE_POINTS + 1, 1) }],
    position: area(whaleTop + 1, 4, 18, 8),
    xTitle: "share of customers",
    yTitle: "share of total profit",
    valueFormat: FORMATS.percent0,
    legend: "None",
    colors: [COLORS.tabDecisions],
  });

  // ---- Equity projection ----
  sectionTitle(d, equityTop, 4, `Customer equity, next ${PROJECTION_MONTHS} months: today's customers and new cohorts net of CAC (Gupta, Lehmann & Stuart 2004)`, 12);
  const projection = safe(() =>
    projectEquity({ customers: activeNow, survival: (t) => Math.pow(retention, t), margin: marginPerMonth, discount: monthly, newCustomers: newPerMonth, cac: cac ?? 0, periods: PROJECTION_MONTHS }),
  );
  const eq = writeTable(
    d,
    equityTable,
    4,
    EQUITY_PROJECTION_HEADERS,
    live
      ? { formula: `=CLV.EQUITY.PROJECT(${cell.activeNow},${cell.retention},${cell.marginMonth},${cell.monthly},${cell.newMonth},0,${cell.cac},${PROJECTION_MONTHS},FALSE)`, rows: PROJECTION_MONTHS }
      : {
          values:
            "rows" in projection
              ? projection.rows.map((r) => [r.period, r.activeCurrent, r.newCustomers, r.activeFuture, r.activeTotal, r.margin, r.acquisitionSpend, r.net, r.discountedNet, r.equityCurrent, r.equityFuture, r.equity])
              : [[`No projection: ${projection.problem}`]],
        },
    "equity projection",
  );
  d.format({ area: area(eq.row, 5, PROJECTION_MONTHS, 4), numberFormat: "#,##0.0" });
  d.format({ area: area(eq.row, 9, PROJECTION_MONTHS, 7), numberFormat: FORMATS.money });
  d.chart({
    type: "Line",
    title: "Cumulative customer equity (discounted)",
    series: [
      { name: "today's customers", values: area(eq.row, 13, PROJECTION_MONTHS, 1), categories: area(eq.row, 4, PROJECTION_MONTHS, 1) },
      { name: "new customers, net of CAC", values: area(eq.row, 14, PROJECTION_MONTHS, 1), categories: area(eq.row, 4, PROJECTION_MONTHS, 1) },
      { name: "total", values: area(eq.row, 15, PROJECTION_MONTHS, 1), categories: area(eq.row, 4, PROJECTION_MONTHS, 1) },
    ],
    position: area(equityTop + 1, 4, 16, 8),
    xTitle: "month",
    legend: "Bottom",
    colors: [COLORS.tabModel, COLORS.tabRfm, COLORS.brand],
  });

  // ---- Churn per month ----
  sectionTitle(d, churnTop, 1, `Retention and churn per month (CLV.CHURN, activity window ${window} months)`, 9);
  const churnHeaders = [churnRuleHeader("M", window), ...CHURN_COLUMNS];
  writeTable(
    d,
    churnTop + 1,
    1,
    churnHeaders,
    live
      ? { formula: `=CLV.CHURN(${refs.customer},${refs.date},"M",,${cell.window},FALSE)`, rows: churn.length }
      : { values: churn.map((r) => [r.label, r.activeStart, r.retained, r.lost, r.new, r.reactivated, r.activeEnd, fin(r.retentionRate), fin(r.churnRate)]) },
    "churn per month",
  );
  d.format({ area: area(churnBlock.row, 2, churn.length, 6), numberFormat: FORMATS.count });
  d.format({ area: area(churnBlock.row, 8, churn.length, 2), numberFormat: FORMATS.percent });
  if (live) noteRow(d, churnTop + 1 + churn.length + 1, 1, "The window setting changes the activity rule; the header says which rule the table uses.");

  // ---- Workings: customer P&L and whale-curve table ----
  sectionTitle(d, W, 1, "Workings: the customer P&L (CLV.PNL) and the whale curve (CLV.WHALE) the figures and charts read", 12);
  const costArg = hasCost ? columnReference(input.source, input.mapping, "cost") : `${refs.amount}*(1-${cell.margin})`;
  writeTable(
    d,
    W + 2,
    1,
    PNL_HEADERS,
    live
      ? { formula: `=CLV.PNL(${refs.customer},${refs.amount},${costArg},${cell.serve},${cell.cac},FALSE)`, rows: n }
      : { values: pnl.customer.map((c, i) => [c, pnl.orders[i], pnl.revenue[i], pnl.costOfGoods[i], pnl.contribution[i], pnl.costToServe[i], pnl.acquisitionCost[i], pnl.profit[i]]) },
    "customer P&L",
  );
  d.format({ area: area(pnlBlock.row, 2, n, 1), numberFormat: FORMATS.count });
  d.format({ area: area(pnlBlock.row, 3, n, 6), numberFormat: FORMATS.money });
  writeTable(
    d,
    W + 2,
    10,
    WHALE_HEADERS,
    live
      ? { formula: `=CLV.WHALE(${pnlCol(7)},FALSE)`, rows: whaleRows }
      : { values: whale ? whaleValues(whale) : [["No whale curve: total profit is not above 0"]] },
    "whale curve",
  );
  d.format({ area: area(whaleBlock.row, 10, whaleRows, 1), numberFormat: FORMATS.percent });
  d.format({ area: area(whaleBlock.row, 11, whaleRows, 2), numberFormat: FORMATS.money });
  d.format({ area: area(whaleBlock.row, 13, whaleRows, 1), numberFormat: FORMATS.percent });
  d.freeze = { rows: 3, columns: 0 };
  return d.done();
}

function fin(v: number): Cell {
  return Number.isFinite(v) ? v : "";
}

function safe<T>(f: () => T): { rows: T } | { problem: string } {
  try {
    return { rows: f() };
  } catch (e) {
    if (e instanceof ClvError) return { problem: e.message };
    throw e;
  }
}

/** A lever row as CLV.LEVERS writes it (an invalid moved level shows its message). */
function leverValues(r: LeverRow): Cell[] {
  const v = (x: number, err?: ClvError): Cell => (err ? `n/a: ${err.message}` : fin(x));
  const change = (x: number, err?: ClvError): Cell => (err ? "" : fin(x - r.value));
  return [r.lever, r.level, r.low, r.high, v(r.valueLow, r.lowError), r.value, v(r.valueHigh, r.highError), change(r.valueLow, r.lowError), change(r.valueHigh, r.highError), fin(r.elasticity)];
}

function whaleValues(w: ReturnType<typeof whaleCurve>): Cell[][] {
  const side: [string, number][] = [
    ["peak profit share", w.peak],
    ["customer share at peak", w.peakCustomerShare],
    ["value-destroying share", w.destroyingShare],
    ["profit they destroy", w.destroyedProfit],
    ["total profit", w.totalProfit],
  ];
  const n = w.customerShare.length;
  const rows: Cell[][] = [];
  for (let k = 0; k < Math.max(n, side.length); k++) {
    const curve: Cell[] = k < n ? [w.customerShare[k], w.profit[k], w.cumulativeProfit[k], w.profitShare[k]] : ["", "", "", ""];
    rows.push([...curve, "", ...(k < side.length ? side[k] : ["", ""])]);
  }
  return rows;
}

/** The groups argument of the live CLV.SEGMENTS: the segment column looked up per customer, or CLV.TIER of the value. */
function groupFormula(input: BuildInput, pnl: Block): string {
  if (input.transactions.segment && input.mapping.segment !== undefined) {
    const ids = columnReference(input.source, input.mapping, "customer");
    const seg = columnReference(input.source, input.mapping, "segment");
    return `XLOOKUP(${blockColumn(pnl, 0)},${ids},${seg},"")`;
  }
  return `CLV.TIER(${blockColumn(pnl, 4)}-${blockColumn(pnl, 5)})`;
}

