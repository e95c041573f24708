/**
 * The Dashboard sheet: key figures (customers, revenue, repeat rate, average CLV, customer equity of
 * today's and new customers, LTV:CAC of a new customer) and four charts (cohort retention, CLV distribution, segment mix, revenue by cohort) on
 * top; below them, under "Workings", the live tables the figures and charts read: settings (with a CAC
 * input cell), the fitted models, cohort tables, CLV bins, the segment summary, and the per-customer
 * model and RFM tables. The sheet stands alone: it does not depend on the other sheets.
 */
import { buildCohorts, type CohortData } from "../../core/data/cohort";
import { rfmTable } from "../../core/rfm";
import { isoFromSerial } from "../../core/data/dates";
import { cellAddress, rangeAddress } from "../a1";
import { columnReference } from "../dataset";
import { PlanDraft, area, type Cell, type SheetPlan } from "../plan";
import { COLORS, FORMATS, blockColumn, blockRef, count, dataRefs, equalsCriterion, headerRow, noteRow, sectionTitle, titleRows, writeTable } from "./common";
import { MAX_CHART_COHORTS, cohortFormula, cohortHeaders, cohortRows } from "./cohorts";
import { customerEquity } from "../../core/economics";
import { PERIODS_PER_MONTH, customerValue } from "../../core/models/value";
import { modelData, monthlyRate, predictions, requireFits, spendModel, type ModelData, type ModelFits } from "./modelData";
import { writeCustomerModel, writeSettings } from "./model";
import { RFM_HEADERS, rfmFormula, rfmRows, segmentStats, segmentSummary } from "./rfm";
import { sheetName, valueLabel, valueWord, type BuildInput, type BuildOptions } from "./types";

/** Bins of the CLV histogram: equal widths up to the 95th percentile, then one open bin. */
export const CLV_BINS = 10;
export const CLV_TOP_PERCENTILE = 0.95;

/** Excel's PERCENTILE.INC: linear interpolation at rank (n - 1) p of the sorted values. */
export function percentileInc(values: readonly number[], p: number): number {
  const v = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  const h = (v.length - 1) * p;
  const lo = Math.floor(h);
  return lo + 1 < v.length ? v[lo] + (h - lo) * (v[lo + 1] - v[lo]) : v[lo];
}

/** Counts of the CLV histogram (as COUNTIFS computes them). */
export function clvHistogram(clv: readonly number[]): { top: number; counts: number[] } {
  const top = percentileInc(clv, CLV_TOP_PERCENTILE);
  const counts = new Array<number>(CLV_BINS + 1).fill(0);
  for (const v of clv) {
    if (!Number.isFinite(v)) continue;
    if (v >= top) counts[CLV_BINS]++;
    else {
      for (let k = 0; k < CLV_BINS; k++) {
        if (v >= (k * top) / CLV_BINS && v < ((k + 1) * top) / CLV_BINS) {
          counts[k]++;
          break;
        }
      }
    }
  }
  return { top, counts };
}

function money(v: number): string {
  return v.toLocaleString("en-US", { maximumFractionDigits: 0 });
}

export function buildDashboardSheet(input: BuildInput, options: BuildOptions, fits?: ModelFits, prepared?: ModelData): SheetPlan {
  const data = prepared ?? modelData(input, { ...options, holdout: false });
  const n = data.summary.customer.length;
  const needFits = options.valuesOnly || n > options.maxLiveCustomers;
  if (needFits) fits = requireFits(fits);
  const d = new PlanDraft("dashboard", sheetName("dashboard", options), COLORS.tabDashboard);
  const refs = dataRefs(input);
  const cohorts = buildCohorts(input.ledger, { cohortUnit: options.cohortUnit });
  const rfm = rfmTable(input.ledger);
  const live = !options.valuesOnly;

  titleRows(d, input, options, "Customer dashboard", `${count(n, "customer")} from ${isoFromSerial(data.firstDay)} to ${isoFromSerial(data.lastDay)}.`);
  for (let c = 1; c <= 6; c++) d.width(c, 112);
  d.width(8, 110);

  // ---- Workings (written first: the figures and charts refer to them) ----
  const W = 46;
  sectionTitle(d, W, 1, "Workings: the tables behind the figures and charts (live formulas; change the shaded settings)", 6);
  sectionTitle(d, W + 2, 1, "Settings", 2);
  const settings = writeSettings(d, W + 3, 1, data, options);
  const cacRow = W + 3 + (data.holdout ? 9 : 7);
  const cacCell = cellAddress(cacRow, 2, true);
  d.values(cacRow, 1, [["CAC per customer", options.cac ?? ""]], "CAC");
  d.format({ area: area(cacRow, 1), fontColor: COLORS.subtitle });
  d.format({ area: area(cacRow, 2), numberFormat: FORMATS.money, fill: COLORS.kpiFill, bold: true });

  // Cohort retention and revenue.
  let row = W + 19;
  const nCohorts = cohorts.labels.length;
  const headers = cohortHeaders(cohorts);
  sectionTitle(d, row, 1, "Retention by cohort", 6);
  const retention = writeTable(
    d,
    row + 1,
    1,
    headers,
    live ? { formula: cohortFormula(refs.args, options.cohortUnit, "retention"), rows: nCohorts } : { values: cohortRows(cohorts, "retention") },
    "retention by cohort",
  );
  d.format({ area: area(retention.row, 3, nCohorts, headers.length - 2), numberFormat: FORMATS.percent });
  row = retention.row + nCohorts + 1;
  sectionTitle(d, row, 1, "Revenue by cohort and period", 6);
  const revenue = writeTable(
    d,
    row + 1,
    1,
    headers,
    live ? { formula: cohortFormula(refs.args, options.cohortUnit, "revenue"), rows: nCohorts } : { values: cohortRows(cohorts, "revenue") },
    "revenue by cohort",
  );
  d.format({ area: area(revenue.row, 3, nCohorts, headers.length - 2), numberFormat: FORMATS.money });
  row = revenue.row + nCohorts + 1;
  sectionTitle(d, row, 1, "Revenue per cohort", 2);
  headerRow(d, row + 1, 1, ["cohort", "revenue"]);
  const revTotals = revenueTotals(cohorts, live ? blockRef(revenue) : undefined);
  const revArea = live ? d.formulas(row + 2, 1, revTotals, "revenue per cohort") : d.values(row + 2, 1, revTotals, "revenue per cohort");
  d.format({ area: area(revArea.row, 2, nCohorts, 1), numberFormat: FORMATS.money });
  row = row + 2 + nCohorts + 1;

  // Per-customer model (summary, fits, CLV) and RFM, far enough down to leave room for the small tables.
  const binsRow = row;
  const segRow = binsRow + CLV_BINS + 5;
  const tableRow = segRow + 16;
  const blocks = writeCustomerModel(d, input, options, data, fits, settings, W + 2, [4, 8], tableRow);

  // Customer equity counts today's and future customers (Gupta, Lehmann & Stuart 2004), and LTV:CAC is
  // about a newly acquired customer: both need the new customers per month and the CLV of a new one.
  const newRow = cacRow + 1;
  const newCell = cellAddress(newRow, 2, true);
  const clvNewCell = cellAddress(newRow + 1, 2, true);
  const monthsSpanned = (data.lastDay - data.firstDay + 1) / (365.25 / 12);
  const newPerMonth = n / monthsSpanned;
  const clvNew = (): number => {
    const spend = spendModel.expectedSpend(fits!.spend.fit.params, 0, 0);
    return (options.margin ?? 1) * customerValue(fits!.count.model, fits!.count.fit.params, spend, 0, 0, 0, options.horizon, monthlyRate(options.annualDiscount), PERIODS_PER_MONTH[options.timeUnit]);
  };
  const newCustomerRows: Cell[][] = [
    ["New customers per month (average)", live ? `=ROWS(${blockColumn(blocks.summary, 0)})/((MAX(${refs.date})-MIN(${refs.date})+1)/(365.25/12))` : newPerMonth],
    [
      `${valueLabel(options)} of a new customer`,
      live
        ? `=CLV.VALUE(${blockRef(blocks.countTable)},${blockRef(blocks.spendTable)},0,0,0,0,${settings.horizon},${settings.annualDiscount},"${options.timeUnit}"${options.margin === undefined ? "" : `,${settings.margin}`})`
        : clvNew(),
    ],
  ];
  if (live) d.formulas(newRow, 1, newCustomerRows, "new customers");
  else d.values(newRow, 1, newCustomerRows, "new customers");
  d.format({ area: area(newRow, 1, 2, 1), fontColor: COLORS.subtitle });
  d.format({ area: area(newRow, 2), numberFormat: "#,##0.0" });
  d.format({ area: area(newRow + 1, 2), numberFormat: FORMATS.money });
  sectionTitle(d, tableRow - 1, 1, `Customers: summary, predictions and ${valueWord(options)}`, 6);
  sectionTitle(d, tableRow - 1, 17, "Customers: RFM", 6);
  const nRfm = rfm.customer.length;
  const rfmLive = live && nRfm <= options.maxLiveCustomers;
  const rfmBlock = writeTable(d, tableRow, 17, RFM_HEADERS, rfmLive ? { formula: rfmFormula(refs.args), rows: nRfm } : { values: rfmRows(rfm) }, "RFM table");

  // CLV histogram.
  const clvRef = blockColumn(blocks.clv, 0);
  sectionTitle(d, binsRow, 1, `${valueLabel(options)} distribution (bins up to the ${Math.round(CLV_TOP_PERCENTILE * 100)}th percentile)`, 3);
  const topCell = cellAddress(binsRow + 1, 2, true);
  let histogram: { top: number; counts: number[] } | undefined;
  let clvValues: number[] | undefined;
  if (fits) {
    clvValues = Array.from(predictions(data.summary, fits, options).clv);
    histogram = clvHistogram(clvValues);
  }
  if (live) d.formulas(binsRow + 1, 1, [[`${Math.round(CLV_TOP_PERCENTILE * 100)}th percentile`, `=PERCENTILE.INC(${clvRef},${CLV_TOP_PERCENTILE})`]], "CLV top");
  else d.values(binsRow + 1, 1, [[`${Math.round(CLV_TOP_PERCENTILE * 100)}th percentile`, histogram!.top]], "CLV top");
  d.format({ area: area(binsRow + 1, 2), numberFormat: FORMATS.money });
  headerRow(d, binsRow + 2, 1, [`${valueLabel(options)} from`, "to", "customers"]);
  const binRows: Cell[][] = [];
  for (let k = 0; k <= CLV_BINS; k++) {
    const r = binsRow + 3 + k;
    const lo = cellAddress(r, 1);
    const hi = cellAddress(r, 2);
    if (!live) {
      const top = histogram!.top;
      binRows.push(k < CLV_BINS ? [(k * top) / CLV_BINS, ((k + 1) * top) / CLV_BINS, histogram!.counts[k]] : [top, "and more", histogram!.counts[k]]);
    } else if (k < CLV_BINS) {
      binRows.push([`=${k}*${topCell}/${CLV_BINS}`, `=${k + 1}*${topCell}/${CLV_BINS}`, `=COUNTIFS(${clvRef},">="&${lo},${clvRef},"<"&${hi})`]);
    } else {
      binRows.push([`=${topCell}`, "and more", `=COUNTIF(${clvRef},">="&${lo})`]);
    }
  }
  if (live) d.formulas(binsRow + 3, 1, binRows, "CLV bins");
  else d.values(binsRow + 3, 1, binRows, "CLV bins");
  d.format({ area: area(binsRow + 3, 1, CLV_BINS + 1, 2), numberFormat: "#,##0" });
  d.format({ area: area(binsRow + 3, 3, CLV_BINS + 1, 1), numberFormat: FORMATS.count });
  const binLabels = area(binsRow + 3, 2, CLV_BINS + 1, 1);

  // Revenue and customers by channel and by segment, when those columns are mapped.
  if (input.mapping.channel !== undefined) breakdown(d, input, options, binsRow, 8, "channel");
  if (input.mapping.segment !== undefined) breakdown(d, input, options, segRow, 8, "segment");

  // Segment summary.
  sectionTitle(d, segRow, 1, "RFM segments", 6);
  const seg = segmentSummary(d, segRow + 1, 1, rfmBlock, segmentStats(rfm), !live, false);

  // ---- Key figures ----
  const sum = blocks.summary;
  const kpis: { label: string; formula: string; value: () => number | string; format: string; note: string }[] = [
    { label: "Customers", formula: `=ROWS(${blockColumn(sum, 0)})`, value: () => n, format: FORMATS.count, note: `${count(input.transactions.length, "transaction")}` },
    {
      label: "Revenue",
      formula: `=SUM(${blockColumn(sum, 5)})`,
      value: () => data.summary.totalSpend.reduce((a, b) => a + b, 0),
      format: FORMATS.money,
      note: "net of returns",
    },
    {
      label: "Repeat rate",
      formula: `=COUNTIF(${blockColumn(sum, 1)},">0")/ROWS(${blockColumn(sum, 1)})`,
      value: () => Array.from(data.summary.frequency).filter((x) => x > 0).length / n,
      format: FORMATS.percent,
      note: "customers who bought again",
    },
    {
      label: `Average ${valueWord(options)}`,
      formula: `=AVERAGE(${clvRef})`,
      value: () => mean(clvValues!),
      format: FORMATS.money,
      note: options.margin === undefined ? `next ${options.horizon} months; no margin given, so revenue, not CLV` : `next ${options.horizon} months, ${Math.round(options.margin * 100)}% margin`,
    },
    {
      label: "Customer equity (today's + new)",
      formula: `=CLV.EQUITY(${clvRef},${newCell},${clvNewCell},N(${cacCell}),${settings.monthlyDiscount},${settings.horizon})`,
      value: () =>
        customerEquity(clvValues!.filter(Number.isFinite), {
          newPerPeriod: newPerMonth,
          clvNew: clvNew(),
          cac: options.cac ?? 0,
          discount: monthlyRate(options.annualDiscount),
          horizon: options.horizon,
        }),
      format: FORMATS.money,
      note: `today's customers + ${options.horizon} monthly cohorts of new ones, net of CAC (Gupta, Lehmann & Stuart 2004)${options.margin === undefined ? "; revenue, no margin given" : ""}`,
    },
    {
      label: "LTV:CAC (new customer)",
      formula: `=IF(ISNUMBER(${cacCell}),IF(${cacCell}>0,CLV.LTV_CAC(${clvNewCell},${cacCell}),""),"enter a CAC")`,
      value: () => (options.cac !== undefined && options.cac > 0 ? clvNew() / options.cac : options.cac === undefined ? "enter a CAC" : ""),
      format: "0.00",
      note:
        (options.cac !== undefined ? `CAC ${money(options.cac)} (cell ${cacCell.replace(/\$/g, "")})` : `type a CAC in ${cacCell.replace(/\$/g, "")}`) +
        `; ${valueWord(options)} of a newly acquired customer ÷ CAC (3:1 rule)`,
    },
  ];
  d.values(4, 1, [kpis.map((k) => k.label)], "KPI labels");
  if (live) d.formulas(5, 1, [kpis.map((k) => k.formula)], "KPI values");
  else d.values(5, 1, [kpis.map((k) => k.value())], "KPI values");
  d.values(6, 1, [kpis.map((k) => k.note)], "KPI notes");
  d.format({ area: area(4, 1, 3, kpis.length), fill: COLORS.kpiFill, horizontalAlignment: "Center" });
  d.format({ area: area(4, 1, 1, kpis.length), fontColor: COLORS.subtitle, bold: true, wrapText: true });
  kpis.forEach((k, i) => d.format({ area: area(5, 1 + i), numberFormat: k.format, fontSize: 18, bold: true, fontColor: COLORS.brand }));
  d.format({ area: area(6, 1, 1, kpis.length), fontSize: 9, fontColor: COLORS.subtitle, wrapText: true });

  // ---- Charts ----
  const shown = Math.min(MAX_CHART_COHORTS, nCohorts);
  d.chart({
    type: "LineMarkers",
    title: "Cohort retention",
    series: Array.from({ length: shown }, (_, c) => ({
      name: cohorts.labels[c],
      values: area(retention.row + c, 3, 1, Math.max(1, cohorts.observed[c])),
      categories: area(retention.row - 1, 3, 1, Math.max(1, cohorts.observed[c])),
    })),
    position: area(8, 1, 17, 3),
    valueFormat: FORMATS.percent0,
    legend: "Right",
  });
  d.chart({
    type: "ColumnClustered",
    title: `${valueLabel(options)} distribution`,
    series: [{ name: "customers", values: area(binsRow + 3, 3, CLV_BINS + 1, 1), categories: binLabels }],
    position: area(8, 4, 17, 3),
    xTitle: `${valueLabel(options)} up to`,
    categoryFormat: FORMATS.count,
    yTitle: "customers",
    colors: [COLORS.tabModel],
  });
  d.chart({
    type: "BarClustered",
    title: "Segment mix (customers)",
    series: [{ name: "customers", values: seg.customers, categories: seg.labels }],
    position: area(26, 1, 18, 3),
    reverseCategories: true,
    colors: [COLORS.tabRfm],
  });
  d.chart({
    type: "ColumnClustered",
    title: "Revenue by cohort",
    series: [{ name: "revenue", values: area(revArea.row, 2, nCohorts, 1), categories: area(revArea.row, 1, nCohorts, 1) }],
    position: area(26, 4, 18, 3),
    colors: [COLORS.tabCohorts],
  });
  noteRow(d, 45, 1, `Charts show the first ${shown} cohorts. ${valueLabel(options)} uses ${options.model} and Gamma-Gamma fitted to all customers; see the settings below.`);
  return d.done();
}

/** Groups shown in a breakdown table; the rest are summed into one row. */
export const MAX_BREAKDOWN_GROUPS = 10;

/**
 * Revenue and distinct customers per value of the channel or segment column: live SUMIFS and
 * UNIQUE/FILTER over the data columns (no CLV function needed), or the same numbers as values.
 */
function breakdown(d: PlanDraft, input: BuildInput, options: BuildOptions, row: number, col: number, role: "channel" | "segment"): void {
  const labels = (role === "channel" ? input.transactions.channel : input.transactions.segment) ?? [];
  const revenue = new Map<string, number>();
  const customers = new Map<string, Set<unknown>>();
  let total = 0;
  for (let i = 0; i < input.transactions.length; i++) {
    const key = labels[i] === "" ? "(blank)" : labels[i];
    const a = input.transactions.amount[i];
    total += a;
    revenue.set(key, (revenue.get(key) ?? 0) + a);
    let set = customers.get(key);
    if (!set) customers.set(key, (set = new Set()));
    set.add(input.transactions.customer[i]);
  }
  const groups = [...revenue.keys()].sort((a, b) => revenue.get(b)! - revenue.get(a)! || (a < b ? -1 : 1));
  const shown = groups.slice(0, MAX_BREAKDOWN_GROUPS);
  const header = input.source.headers[input.mapping[role]!];
  sectionTitle(d, row, col, `By ${role} (${header})`, 4);
  headerRow(d, row + 1, col, [role, "customers", "revenue", "% of revenue"]);
  const first = row + 2;
  const refs = dataRefs(input);
  const groupRef = columnReference(input.source, input.mapping, role);
  // Group labels are the user's text: they go in as values (never inside a formulas block), and the live
  // figures beside them read them by reference.
  const labelCells: Cell[][] = shown.map((g) => [g]);
  const rows: Cell[][] = shown.map((g, i) => {
    const r = first + i;
    if (options.valuesOnly) return [customers.get(g)!.size, revenue.get(g)!, total !== 0 ? revenue.get(g)! / total : ""];
    const crit = g === "(blank)" ? `""` : equalsCriterion(cellAddress(r, col));
    return [
      `=IFERROR(ROWS(UNIQUE(FILTER(${refs.customer},${groupRef}=${g === "(blank)" ? `""` : cellAddress(r, col)}))),0)`,
      `=SUMIFS(${refs.amount},${groupRef},${crit})`,
      `=IF(SUM(${refs.amount})<>0,${cellAddress(r, col + 2)}/SUM(${refs.amount}),"")`,
    ];
  });
  if (groups.length > shown.length) {
    const r = first + shown.length;
    const rest = groups.slice(shown.length);
    const restRevenue = rest.reduce((a, g) => a + revenue.get(g)!, 0);
    labelCells.push([`${rest.length} others`]);
    rows.push(
      options.valuesOnly
        ? ["", restRevenue, total !== 0 ? restRevenue / total : ""]
        : ["", `=SUM(${refs.amount})-SUM(${rangeAddress(first, col + 2, shown.length, 1)})`, `=IF(SUM(${refs.amount})<>0,${cellAddress(r, col + 2)}/SUM(${refs.amount}),"")`],
    );
  }
  d.values(first, col, labelCells, `${role} labels`);
  if (options.valuesOnly) d.values(first, col + 1, rows, `${role} breakdown`);
  else d.formulas(first, col + 1, rows, `${role} breakdown`);
  d.format({ area: area(first, col + 1, rows.length, 1), numberFormat: FORMATS.count });
  d.format({ area: area(first, col + 2, rows.length, 1), numberFormat: FORMATS.money });
  d.format({ area: area(first, col + 3, rows.length, 1), numberFormat: FORMATS.percent });
  d.conditional({ type: "dataBar", area: area(first, col + 2, rows.length, 1), color: COLORS.tabDashboard });
}

function mean(values: readonly number[]): number {
  const f = values.filter(Number.isFinite);
  return f.length ? f.reduce((a, b) => a + b, 0) / f.length : NaN;
}

/** Cohort label and total revenue per cohort: live formulas over the revenue spill, or values. */
function revenueTotals(c: CohortData, spill: string | undefined): Cell[][] {
  const width = c.periods + 2;
  return c.labels.map((label, i) => {
    if (!spill) return [label, c.revenue[i].reduce((a, b) => a + b, 0)];
    const r = i + 1;
    return [`=INDEX(${spill},${r},1)`, `=SUM(INDEX(${spill},${r},3):INDEX(${spill},${r},${width}))`];
  });
}
