/**
 * The RFM sheet: per-customer recency, frequency and monetary values with their quintile scores and
 * segment (CLV.RFM.TABLE, src/core/rfm/table.ts), a segment summary (customers, revenue, shares,
 * average spend, what the segment means) and a bar chart of the segment mix.
 *
 * Layout: the long per-customer table on the left (A:I), the summary and the chart on the right (K:Q),
 * so the summary stays in view. Live mode: one spilling `=CLV.RFM.TABLE(...)` and COUNTIF / SUMIFS over
 * its columns; values mode: the core's numbers, the per-customer table as an Excel table (sortable).
 */
import { rfmTable, RFM_SEGMENTS, RFM_SEGMENT_DESCRIPTIONS, type RfmTable } from "../../core/rfm";
import { isoFromSerial } from "../../core/data/dates";
import { cellAddress, rangeAddress } from "../a1";
import { PlanDraft, area, type Cell, type SheetPlan } from "../plan";
import { COLORS, FORMATS, blockColumn, count, dataRefs, headerRow, noteRow, sectionTitle, titleRows, writeTable, type Block } from "./common";
import { sheetName, type BuildInput, type BuildOptions } from "./types";

export const RFM_HEADERS = ["customer", "days_since_last_purchase", "purchase_days", "total_spend", "R", "F", "M", "RFM", "segment"] as const;
export const SEGMENT_HEADERS = ["Segment", "Customers", "% of customers", "Revenue", "% of revenue", "Average spend", "What it means"] as const;

/** The live call: defaults for as_of (last date) and bins (5), headers FALSE. */
export function rfmFormula(args: string): string {
  return `=CLV.RFM.TABLE(${args},,,FALSE)`;
}

export function rfmRows(t: RfmTable): Cell[][] {
  const rows: Cell[][] = new Array(t.customer.length);
  for (let i = 0; i < t.customer.length; i++) {
    rows[i] = [t.customer[i], t.daysSinceLastPurchase[i], t.purchaseDays[i], t.totalSpend[i], t.r[i], t.f[i], t.m[i], t.code[i], t.segment[i]];
  }
  return rows;
}

export interface SegmentStats {
  readonly segment: string;
  readonly customers: number;
  readonly revenue: number;
}

/** Customers and revenue per segment, in the order of RFM_SEGMENTS (segments with no one included). */
export function segmentStats(t: RfmTable): SegmentStats[] {
  const customers = new Map<string, number>();
  const revenue = new Map<string, number>();
  for (let i = 0; i < t.customer.length; i++) {
    const s = t.segment[i];
    customers.set(s, (customers.get(s) ?? 0) + 1);
    revenue.set(s, (revenue.get(s) ?? 0) + t.totalSpend[i]);
  }
  return RFM_SEGMENTS.map((segment) => ({ segment, customers: customers.get(segment) ?? 0, revenue: revenue.get(segment) ?? 0 }));
}

/**
 * Writes the segment summary at (row, column) given the per-customer block, and returns the areas of
 * its segment labels, customer shares and revenue shares (for charts). Shared with the dashboard.
 */
export function segmentSummary(
  d: PlanDraft,
  row: number,
  column: number,
  rfm: Block,
  stats: readonly SegmentStats[],
  valuesOnly: boolean,
  withDescriptions = true,
): { labels: ReturnType<typeof area>; customers: ReturnType<typeof area>; customerShare: ReturnType<typeof area>; revenueShare: ReturnType<typeof area>; nextRow: number } {
  const headers = withDescriptions ? [...SEGMENT_HEADERS] : SEGMENT_HEADERS.slice(0, 6);
  headerRow(d, row, column, headers);
  const first = row + 1;
  const n = stats.length;
  const totalRow = first + n;
  const totalCustomers = stats.reduce((a, s) => a + s.customers, 0);
  const totalRevenue = stats.reduce((a, s) => a + s.revenue, 0);
  const segCol = blockColumn(rfm, 8);
  const spendCol = blockColumn(rfm, 3);
  const cells: Cell[][] = stats.map((s, i) => {
    const r = first + i;
    const label = cellAddress(r, column);
    const cust = cellAddress(r, column + 1);
    const rev = cellAddress(r, column + 3);
    const totalCust = cellAddress(totalRow, column + 1, true);
    const totalRev = cellAddress(totalRow, column + 3, true);
    const base: Cell[] = valuesOnly
      ? [
          s.segment,
          s.customers,
          totalCustomers > 0 ? s.customers / totalCustomers : "",
          s.revenue,
          totalRevenue !== 0 ? s.revenue / totalRevenue : "",
          s.customers > 0 ? s.revenue / s.customers : "",
        ]
      : [
          s.segment,
          `=COUNTIF(${segCol},${label})`,
          `=IF(${totalCust}>0,${cust}/${totalCust},"")`,
          `=SUMIFS(${spendCol},${segCol},${label})`,
          `=IF(${totalRev}<>0,${rev}/${totalRev},"")`,
          `=IF(${cust}>0,${rev}/${cust},"")`,
        ];
    if (withDescriptions) base.push(RFM_SEGMENT_DESCRIPTIONS[s.segment as keyof typeof RFM_SEGMENT_DESCRIPTIONS] ?? "");
    return base;
  });
  const custRange = rangeAddress(first, column + 1, n, 1);
  const revRange = rangeAddress(first, column + 3, n, 1);
  const total: Cell[] = valuesOnly
    ? ["Total", totalCustomers, totalCustomers > 0 ? 1 : "", totalRevenue, totalRevenue !== 0 ? 1 : "", totalCustomers > 0 ? totalRevenue / totalCustomers : ""]
    : [
        "Total",
        `=SUM(${custRange})`,
        `=SUM(${rangeAddress(first, column + 2, n, 1)})`,
        `=SUM(${revRange})`,
        `=SUM(${rangeAddress(first, column + 4, n, 1)})`,
        `=IF(${cellAddress(totalRow, column + 1)}>0,${cellAddress(totalRow, column + 3)}/${cellAddress(totalRow, column + 1)},"")`,
      ];
  if (valuesOnly) d.values(first, column, [...cells, total], "segment summary");
  else d.formulas(first, column, [...cells, total], "segment summary");
  d.format({ area: area(first, column + 1, n + 1, 1), numberFormat: FORMATS.count });
  d.format({ area: area(first, column + 2, n + 1, 1), numberFormat: FORMATS.percent });
  d.format({ area: area(first, column + 3, n + 1, 1), numberFormat: FORMATS.money });
  d.format({ area: area(first, column + 4, n + 1, 1), numberFormat: FORMATS.percent });
  d.format({ area: area(first, column + 5, n + 1, 1), numberFormat: FORMATS.money });
  d.format({ area: area(totalRow, column, 1, headers.length), bold: true, fill: COLORS.totalFill });
  if (withDescriptions) d.format({ area: area(first, column + 6, n, 1), fontColor: COLORS.subtitle });
  d.conditional({ type: "dataBar", area: area(first, column + 1, n, 1), color: COLORS.bar });
  return {
    labels: area(first, column, n, 1),
    customers: area(first, column + 1, n, 1),
    customerShare: area(first, column + 2, n, 1),
    revenueShare: area(first, column + 4, n, 1),
    nextRow: totalRow + 2,
  };
}

export function buildRfmSheet(input: BuildInput, options: BuildOptions): SheetPlan {
  const t = rfmTable(input.ledger);
  const n = t.customer.length;
  const d = new PlanDraft("rfm", sheetName("rfm", options), COLORS.tabRfm);
  const refs = dataRefs(input);
  const top = titleRows(d, input, options, "RFM segments", `Recency, frequency and monetary value of ${count(n, "customer")} as of ${isoFromSerial(t.asOf)}, scored in quintiles (5 = best).`);
  // A per-customer spill longer than the limit is written as values (a custom function cannot return
  // more than about 5 MB); the summary formulas then read the static range.
  const live = !options.valuesOnly && n <= options.maxLiveCustomers;
  if (!options.valuesOnly && !live) {
    d.note(`The per-customer table (${count(n, "customer")}) is written as values: live spills are limited to ${options.maxLiveCustomers.toLocaleString("en-US")} rows.`);
  }

  sectionTitle(d, top, 1, "Customers", 9);
  const block = writeTable(d, top + 1, 1, RFM_HEADERS, live ? { formula: rfmFormula(refs.args), rows: n } : { values: rfmRows(t) }, "RFM table");
  d.format({ area: area(block.row, 4, n, 1), numberFormat: FORMATS.money });
  d.format({ area: area(block.row, 2, n, 2), numberFormat: FORMATS.count });
  if (!live) d.table({ area: area(block.row - 1, 1, n + 1, RFM_HEADERS.length), name: "RFM", style: "TableStyleLight9" });
  d.freeze = { rows: block.row - 1, columns: 0 };
  d.width(1, 70);
  d.width(2, 96);
  d.width(3, 70);
  d.width(4, 70);
  for (const c of [5, 6, 7, 8]) d.width(c, 34);
  d.width(9, 110);
  d.width(10, 16);

  const col = 11;
  sectionTitle(d, top, col, "Segment summary", 7);
  const stats = segmentStats(t);
  const summary = segmentSummary(d, top + 1, col, block, stats, options.valuesOnly);
  d.width(col, 110);
  for (const c of [col + 1, col + 2, col + 3, col + 4, col + 5]) d.width(c, 70);
  d.width(col + 6, 320);

  d.chart({
    type: "BarClustered",
    title: "Segment mix: share of customers and of revenue",
    series: [
      { name: "% of customers", values: summary.customerShare, categories: summary.labels },
      { name: "% of revenue", values: summary.revenueShare, categories: summary.labels },
    ],
    position: area(summary.nextRow, col, 18, 6),
    valueFormat: FORMATS.percent0,
    legend: "Bottom",
    reverseCategories: true,
    colors: [COLORS.bar, COLORS.tabRfm],
  });
  noteRow(
    d,
    summary.nextRow + 19,
    col,
    "Segments come from the R and F scores (CLV.RFM.SEGMENT's grid); the M score is in the RFM code. Revenue is total net spend, returns included.",
  );
  return d.done();
}
