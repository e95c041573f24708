/**
 * The CLV model sheet: customer summary (CLV.SUMMARY), fitted BG/NBD or Pareto/NBD (CLV.BGNBD.FIT /
 * CLV.PARETO.FIT) and Gamma-Gamma (CLV.GG.FIT) tables, per-customer P(alive), expected purchases,
 * expected spend, CLV and value tier, and, when the data allow, a calibration/holdout check in the
 * manner of Fader, Hardie & Lee (2005, §4): the model fitted on the calibration period predicts the
 * holdout purchases, compared by calibration frequency and as cumulative repeat purchases over time.
 *
 * Layout: settings (horizon, discount, margin: input cells the formulas read, so a student can change
 * them), the two model tables and key figures across the top; the per-customer table below (A:O); the
 * holdout check to the right (Q onwards), with its own split table further right.
 */
import { isoFromSerial, type TimeUnit } from "../../core/data/dates";
import { modelEntry } from "../../core/models/registry";
import { fitToTable } from "../../core/models/table";
import { cellAddress, rangeAddress } from "../a1";
import { PlanDraft, area, type Cell, type SheetPlan } from "../plan";
import { COLORS, FORMATS, blockColumn, blockRef, count, dataRefs, headerRow, noteRow, sectionTitle, str, titleRows, writeTable, type Block } from "./common";
import {
  PERIODS_PER_MONTH_TEXT,
  countModelOf,
  requireFits,
  modelData,
  monthlyRate,
  predictedTracking,
  predictions,
  spendModel,
  type ModelData,
  type ModelFits,
} from "./modelData";
import { sheetName, valueLabel, valueWord, type BuildInput, type BuildOptions } from "./types";

const UNIT_NAMES: Readonly<Record<TimeUnit, string>> = { D: "days", W: "weeks", M: "months", Y: "years" };

export const SUMMARY_HEADERS = ["customer", "frequency", "recency", "T", "monetary", "total_spend", "first_purchase", "last_purchase", "transactions", "returns"] as const;
export const PREDICTION_HEADERS = ["P(alive)", "expected purchases", "expected spend", "CLV", "tier"] as const;

/** The prediction headers for these options: the value column says "revenue" when no margin was given. */
export function predictionHeaders(options: Pick<BuildOptions, "margin">): string[] {
  return PREDICTION_HEADERS.map((h) => (h === "CLV" ? (options.margin === undefined ? "expected revenue" : "CLV") : h));
}
export const SPLIT_HEADERS = ["customer", "frequency_cal", "recency_cal", "T_cal", "monetary_cal", "frequency_holdout", "monetary_holdout", "duration_holdout"] as const;

/** Rows of a fitted table with headers: model, header, parameters, log-likelihood, customers, converged, iterations (+ extras). */
export function fitTableRows(paramCount: number, extras = 0): number {
  // model, time unit, header; parameters; log-likelihood, parameters, AIC, BIC, customers, converged, iterations
  return 3 + paramCount + 7 + extras;
}

/** The FIT function of the pane's purchase model, as written in formulas (from the model registry). */
export function fitFunction(model: string): string {
  return `CLV.${modelEntry(model)!.fitFunction}`;
}

/** Cells of the settings block the formulas read. */
export interface Settings {
  readonly horizon: string;
  readonly monthlyDiscount: string;
  readonly annualDiscount: string;
  readonly margin: string;
  readonly calibrationEnd?: string;
  readonly observationEnd?: string;
}

/**
 * The per-customer part shared with the dashboard: summary spill, the two fits, predictions. Returns
 * the blocks so callers can chart and aggregate them.
 */
export interface CustomerModelBlocks {
  readonly summary: Block;
  readonly countTable: Block;
  readonly spendTable: Block;
  readonly pAlive: Block;
  readonly expected: Block;
  readonly spend: Block;
  readonly clv: Block;
  readonly tier: Block;
}

/** Writes the settings block at (row, column); returns the cells formulas refer to. */
export function writeSettings(d: PlanDraft, row: number, column: number, data: ModelData, options: BuildOptions): Settings {
  const label = (r: number) => cellAddress(row + r, column + 1, true);
  const rows: Cell[][] = [
    ["Purchase model", options.model],
    ["Time unit of recency and T", `${options.timeUnit} (${UNIT_NAMES[options.timeUnit]})`],
    [`${valueLabel(options)} horizon (months)`, options.horizon],
    ["Annual discount rate", options.annualDiscount],
    ["Monthly discount rate", options.valuesOnly ? monthlyRate(options.annualDiscount) : `=(1+${label(3)})^(1/12)-1`],
    [options.margin === undefined ? "Contribution margin (none given: values are revenue)" : "Contribution margin", options.margin ?? ""],
    ["Observation ends", data.lastDay],
  ];
  if (data.holdout) {
    rows.push(["Calibration ends", data.holdout.calibrationEnd]);
    rows.push(["Holdout ends", data.holdout.observationEnd]);
  }
  if (options.valuesOnly) d.values(row, column, rows, "settings");
  else d.formulas(row, column, rows, "settings");
  d.format({ area: area(row, column, rows.length, 1), fontColor: COLORS.subtitle });
  d.format({ area: area(row, column + 1, rows.length, 1), bold: true, horizontalAlignment: "Right" });
  d.format({ area: area(row + 2, column + 1, 1, 1), numberFormat: "0", fill: COLORS.kpiFill });
  d.format({ area: area(row + 3, column + 1, 1, 1), numberFormat: FORMATS.percent, fill: COLORS.kpiFill });
  d.format({ area: area(row + 4, column + 1, 1, 1), numberFormat: "0.000%" });
  d.format({ area: area(row + 5, column + 1, 1, 1), numberFormat: FORMATS.percent0, fill: COLORS.kpiFill });
  d.format({ area: area(row + 6, column + 1, rows.length - 6, 1), numberFormat: FORMATS.date });
  return {
    horizon: label(2),
    monthlyDiscount: label(4),
    annualDiscount: label(3),
    margin: label(5),
    calibrationEnd: data.holdout ? label(7) : undefined,
    observationEnd: data.holdout ? label(8) : undefined,
  };
}

/** Writes a fitted-model table (live FIT formula or the core's table) with its header. */
function writeFitTable(d: PlanDraft, row: number, column: number, title: string, live: string | undefined, table: () => Cell[][], rows: number, label: string): Block {
  sectionTitle(d, row, column, title, 3);
  const anchor = row + 1;
  if (live) d.formula(anchor, column, live, rows, 3, label);
  else d.values(anchor, column, table(), label);
  d.format({ area: area(anchor, column, 1, 3), bold: true });
  d.format({ area: area(anchor + 1, column, 1, 3), bold: true, fill: COLORS.headerFill, bottomBorder: COLORS.headerBorder });
  d.format({ area: area(anchor + 2, column + 1, rows - 2, 2), numberFormat: "0.0000" });
  return { row: anchor, column, rows, columns: 3, live: live !== undefined };
}

/**
 * The customer table with fits and predictions. `top` is the row of the section title for the fits;
 * `tableRow` the header row of the per-customer table.
 */
export function writeCustomerModel(
  d: PlanDraft,
  input: BuildInput,
  options: BuildOptions,
  data: ModelData,
  fits: ModelFits | undefined,
  settings: Settings,
  fitRow: number,
  fitColumns: readonly [number, number],
  tableRow: number,
): CustomerModelBlocks {
  const refs = dataRefs(input);
  const cm = countModelOf(options.model);
  const s = data.summary;
  const n = s.customer.length;
  const live = !options.valuesOnly && n <= options.maxLiveCustomers;
  if (!options.valuesOnly && !live) {
    d.note(`The per-customer table (${count(n, "customer")}) is written as values: live spills are limited to ${options.maxLiveCustomers.toLocaleString("en-US")} rows. The model tables stay live.`);
  }
  if (!live) fits = requireFits(fits);

  // Per-customer summary.
  const summaryRows = (): Cell[][] =>
    Array.from({ length: n }, (_, i) => [s.customer[i], s.frequency[i], s.recency[i], s.T[i], s.monetary[i], s.totalSpend[i], s.firstPurchase[i], s.lastPurchase[i], s.transactions[i], s.returns[i]]);
  const summary = writeTable(
    d,
    tableRow,
    1,
    SUMMARY_HEADERS,
    live ? { formula: `=CLV.SUMMARY(${refs.args},,${str(options.timeUnit)},FALSE)`, rows: n } : { values: summaryRows() },
    "customer summary",
  );
  const x = blockColumn(summary, 1);
  const tx = blockColumn(summary, 2);
  const T = blockColumn(summary, 3);
  const m = blockColumn(summary, 4);

  // Fitted models (live formulas over the summary columns, or the core's tables).
  const countRows = fitTableRows(cm.paramNames.length);
  const countTable = writeFitTable(
    d,
    fitRow,
    fitColumns[0],
    `Purchase model: ${cm.name}`,
    options.valuesOnly ? undefined : `=${fitFunction(options.model)}(${x},${tx},${T},,,${str(options.timeUnit)})`,
    () => fitToTable(cm, fits!.count.fit, true, options.timeUnit) as Cell[][],
    fits ? fitToTable(cm, fits.count.fit).length : countRows,
    "count model",
  );
  // No time unit row in a spend model's table, one extra row (customers left out).
  const spendRows = fitTableRows(spendModel.paramNames.length, 0);
  const spendTable = writeFitTable(
    d,
    fitRow,
    fitColumns[1],
    "Spend model: Gamma-Gamma",
    options.valuesOnly ? undefined : `=${fitFunction(spendModel.name)}(${x},${m})`,
    () => fitToTable(spendModel, fits!.spend.fit) as Cell[][],
    fits ? fitToTable(spendModel, fits.spend.fit).length : spendRows,
    "spend model",
  );
  const cRef = blockRef(countTable);
  const gRef = blockRef(spendTable);

  // Predictions next to the summary.
  headerRow(d, tableRow, 11, predictionHeaders(options));
  const dataRow = tableRow + 1;
  const block = (column: number): Block => ({ row: dataRow, column, rows: n, columns: 1, live });
  if (live) {
    d.formula(dataRow, 11, `=CLV.PALIVE(${cRef},${x},${tx},${T})`, n, 1, "P(alive)");
    d.formula(dataRow, 12, `=CLV.EXPECTED(${cRef},${settings.horizon}*${PERIODS_PER_MONTH_TEXT[options.timeUnit]},${x},${tx},${T})`, n, 1, "expected purchases");
    d.formula(dataRow, 13, `=CLV.SPEND(${gRef},${x},${m})`, n, 1, "expected spend");
    const marginArg = options.margin === undefined ? "" : `,${settings.margin}`;
    d.formula(dataRow, 14, `=CLV.VALUE(${cRef},${gRef},${x},${tx},${T},${m},${settings.horizon},${settings.annualDiscount},${str(options.timeUnit)}${marginArg})`, n, 1, "CLV");
    d.formula(dataRow, 15, `=CLV.TIER(${cellAddress(dataRow, 14, true)}#)`, n, 1, "tier");
  } else {
    const p = predictions(s, fits!, options);
    const col = (a: ArrayLike<number>): Cell[][] => Array.from(a, (v) => [Number.isFinite(v) ? v : ""]);
    d.values(dataRow, 11, col(p.pAlive), "P(alive)");
    d.values(dataRow, 12, col(p.expected), "expected purchases");
    d.values(dataRow, 13, col(p.spend), "expected spend");
    d.values(dataRow, 14, col(p.clv), "CLV");
    d.values(dataRow, 15, p.tier.map((t) => [t]), "tier");
    const bad = Array.from(p.clv).filter((v) => !Number.isFinite(v)).length;
    if (bad > 0) d.note(`${count(bad, "customer")} with repeat purchases worth 0 or less on average have no ${valueWord(options)} (CLV.VALUE gives #VALUE! for them).`);
  }
  if (fits && !fits.count.fit.converged) d.note(`The ${cm.name} fit did not converge${fits.count.fit.message ? `: ${fits.count.fit.message}` : ""}.`);
  // The model table's status row says it on the sheet; the pane lists it too.
  if (fits?.count.fit.boundary) d.note(`The ${cm.name} fit is a boundary fit (its status row says so): ${fits.count.fit.boundary}`);

  // Formats of the customer table.
  d.format({ area: area(dataRow, 2, n, 1), numberFormat: FORMATS.count });
  d.format({ area: area(dataRow, 3, n, 2), numberFormat: FORMATS.decimal2 });
  d.format({ area: area(dataRow, 5, n, 2), numberFormat: FORMATS.money });
  d.format({ area: area(dataRow, 7, n, 2), numberFormat: FORMATS.date });
  d.format({ area: area(dataRow, 9, n, 2), numberFormat: FORMATS.count });
  d.format({ area: area(dataRow, 11, n, 1), numberFormat: FORMATS.probability });
  d.format({ area: area(dataRow, 12, n, 1), numberFormat: FORMATS.decimal2 });
  d.format({ area: area(dataRow, 13, n, 2), numberFormat: FORMATS.money });
  d.conditional({ type: "dataBar", area: area(dataRow, 14, n, 1), color: COLORS.tabModel });
  d.conditional({ type: "colorScale", area: area(dataRow, 11, n, 1), low: "#F8696B", mid: "#FFEB84", high: "#63BE7B" });
  return { summary, countTable, spendTable, pAlive: block(11), expected: block(12), spend: block(13), clv: block(14), tier: block(15) };
}

export function buildModelSheet(input: BuildInput, options: BuildOptions, fits?: ModelFits, prepared?: ModelData): SheetPlan {
  const data = prepared ?? modelData(input, options);
  if (options.valuesOnly) fits = requireFits(fits);
  const cm = countModelOf(options.model);
  const d = new PlanDraft("model", sheetName("model", options), COLORS.tabModel);
  const n = data.summary.customer.length;
  const top = titleRows(
    d,
    input,
    options,
    `Customer lifetime value: ${cm.name} and Gamma-Gamma`,
    `${count(n, "customer")}; recency and T in ${UNIT_NAMES[options.timeUnit]}, observed to ${isoFromSerial(data.lastDay)}. ${options.margin === undefined ? "Expected revenue = expected purchases × expected spend, discounted monthly (no margin given, so not CLV)." : "CLV = expected purchases × expected spend, discounted monthly, × contribution margin."}`,
  );
  sectionTitle(d, top, 1, "Settings (change the shaded cells)", 2);
  const settings = writeSettings(d, top + 1, 1, data, options);
  d.width(1, 150);

  const tableRow = top + 20;
  sectionTitle(d, tableRow - 1, 1, "Customers", 15);
  const blocks = writeCustomerModel(d, input, options, data, fits, settings, top, [4, 8], tableRow);
  d.freeze = { rows: tableRow, columns: 0 };

  // Key figures: a strip of labels and values under the model tables.
  const figRow = top + 16;
  const figCol = 4;
  const clv = blockColumn(blocks.clv, 0);
  const figures: [string, string, string][] = [
    ["Customers", `=ROWS(${blockColumn(blocks.summary, 0)})`, FORMATS.count],
    ["Repeat customers", `=COUNTIF(${blockColumn(blocks.summary, 1)},">0")`, FORMATS.count],
    ["Average P(alive)", `=AVERAGE(${blockColumn(blocks.pAlive, 0)})`, FORMATS.percent],
    ["Expected purchases", `=SUM(${blockColumn(blocks.expected, 0)})`, FORMATS.count],
    [`Total ${valueWord(options)}`, `=SUM(${clv})`, FORMATS.money],
    [`Average ${valueWord(options)}`, `=AVERAGE(${clv})`, FORMATS.money],
  ];
  if (options.valuesOnly) {
    const p = predictions(data.summary, fits!, options);
    const finite = Array.from(p.clv).filter(Number.isFinite);
    const vals = [
      n,
      Array.from(data.summary.frequency).filter((v) => v > 0).length,
      p.pAlive.reduce((a, b) => a + b, 0) / n,
      p.expected.reduce((a, b) => a + b, 0),
      finite.reduce((a, b) => a + b, 0),
      finite.reduce((a, b) => a + b, 0) / Math.max(1, finite.length),
    ];
    d.values(figRow, figCol, [figures.map((f) => f[0]), vals], "key figures");
  } else {
    d.formulas(figRow, figCol, [figures.map((f) => f[0]), figures.map((f) => f[1])], "key figures");
  }
  d.format({ area: area(figRow, figCol, 1, figures.length), fontColor: COLORS.subtitle, wrapText: true, fill: COLORS.kpiFill });
  figures.forEach((f, i) => d.format({ area: area(figRow + 1, figCol + i), numberFormat: f[2], bold: true, fontSize: 13, fill: COLORS.kpiFill }));
  for (const c of [4, 5, 6, 7, 8, 9, 10]) d.width(c, 80);

  if (data.holdout) writeHoldout(d, input, options, data, fits, settings, top, 17);
  else if (data.holdoutSkipped) {
    d.note(data.holdoutSkipped);
    noteRow(d, top, 17, data.holdoutSkipped);
  }
  noteRow(
    d,
    tableRow + n + 2,
    1,
    "Sources: BG/NBD, Fader, Hardie & Lee (2005), Marketing Science 24(2); Pareto/NBD, Schmittlein, Morrison & Colombo (1987); Gamma-Gamma, Fader & Hardie (2013). CLV as in Fader, Hardie & Lee (2005), JMR 42(4).",
  );
  return d.done();
}

/** Frequencies shown in the holdout comparison: 0..6 and "7+" (FHL 2005, figure 3). */
export const HOLDOUT_FREQUENCIES = 7;

function writeHoldout(d: PlanDraft, input: BuildInput, options: BuildOptions, data: ModelData, fits: ModelFits | undefined, settings: Settings, top: number, col: number): void {
  const h = data.holdout!;
  const cm = countModelOf(options.model);
  const refs = dataRefs(input);
  const unitName = UNIT_NAMES[options.timeUnit];
  sectionTitle(d, top, col, `Calibration / holdout check: fit to ${isoFromSerial(h.calibrationEnd)}, compare to ${isoFromSerial(h.observationEnd)}`, 8);
  const nSplit = h.split.customer.length;

  // The split table, far right (it is long), and the predicted holdout purchases next to it.
  const splitCol = col + 10;
  sectionTitle(d, top + 36, splitCol, "Calibration summary and holdout purchases", 9);
  const splitRows = (): Cell[][] =>
    Array.from({ length: nSplit }, (_, i) => [
      h.split.customer[i],
      h.split.frequency[i],
      h.split.recency[i],
      h.split.T[i],
      h.split.monetary[i],
      h.split.frequencyHoldout[i],
      h.split.monetaryHoldout[i],
      h.split.durationHoldout,
    ]);
  const live = !options.valuesOnly && nSplit <= options.maxLiveCustomers;
  const split = writeTable(
    d,
    top + 37,
    splitCol,
    SPLIT_HEADERS,
    live
      ? { formula: `=CLV.SPLIT(${refs.args},${settings.calibrationEnd},${settings.observationEnd},${str(options.timeUnit)},FALSE)`, rows: nSplit }
      : { values: splitRows() },
    "calibration split",
  );
  const xc = blockColumn(split, 1);
  const txc = blockColumn(split, 2);
  const Tc = blockColumn(split, 3);
  const xh = blockColumn(split, 5);

  // Calibration fit.
  const calFit = fits?.calibration;
  const calTable = writeFitTable(
    d,
    top + 1,
    col,
    `${cm.name} fitted on the calibration period`,
    options.valuesOnly ? undefined : `=${fitFunction(options.model)}(${xc},${txc},${Tc},,,${str(options.timeUnit)})`,
    () => fitToTable(cm, calFit!.fit, true, options.timeUnit) as Cell[][],
    calFit ? fitToTable(cm, calFit.fit).length : fitTableRows(cm.paramNames.length),
    "calibration model",
  );
  const calRef = blockRef(calTable);

  headerRow(d, top + 37, splitCol + SPLIT_HEADERS.length, ["predicted holdout"]);
  const predCol = splitCol + SPLIT_HEADERS.length;
  let predicted: Float64Array | undefined;
  if (live && !options.valuesOnly) {
    d.formula(split.row, predCol, `=CLV.EXPECTED(${calRef},INDEX(${blockRef(split)},1,8),${xc},${txc},${Tc})`, nSplit, 1, "predicted holdout");
  } else {
    const fit = calFit ?? requireFits(fits).calibration!;
    predicted = Float64Array.from({ length: nSplit }, (_, i) => fit.model.expected(fit.fit.params, h.split.durationHoldout, h.split.frequency[i], h.split.recency[i], h.split.T[i]));
    d.values(split.row, predCol, Array.from(predicted, (v) => [v]), "predicted holdout");
  }
  const pred: Block = { row: split.row, column: predCol, rows: nSplit, columns: 1, live: live && !options.valuesOnly };
  const predRef = blockColumn(pred, 0);
  d.format({ area: area(split.row, splitCol + 2, nSplit, 3), numberFormat: FORMATS.decimal2 });
  d.format({ area: area(split.row, splitCol + 6, nSplit, 1), numberFormat: FORMATS.money });
  d.format({ area: area(split.row, predCol, nSplit, 1), numberFormat: FORMATS.decimal2 });

  // Holdout purchases by calibration frequency.
  const byRow = top + 17;
  sectionTitle(d, byRow, col, `Holdout purchases per customer by calibration frequency (${h.split.durationHoldout.toFixed(1)} ${unitName})`, 5);
  headerRow(d, byRow + 1, col, ["purchases in calibration", "customers", "actual", "predicted"]);
  const first = byRow + 2;
  const rows: Cell[][] = [];
  for (let k = 0; k <= HOLDOUT_FREQUENCIES; k++) {
    const label = k < HOLDOUT_FREQUENCIES ? k : `${k}+`;
    const crit = k < HOLDOUT_FREQUENCIES ? String(k) : `">=${k}"`;
    if (options.valuesOnly) {
      let c = 0;
      let act = 0;
      let pr = 0;
      for (let i = 0; i < nSplit; i++) {
        const x = h.split.frequency[i];
        if (k < HOLDOUT_FREQUENCIES ? x === k : x >= k) {
          c++;
          act += h.split.frequencyHoldout[i];
          pr += predicted![i];
        }
      }
      rows.push([label, c, c > 0 ? act / c : "", c > 0 ? pr / c : ""]);
    } else {
      const cnt = cellAddress(first + k, col + 1);
      rows.push([
        label,
        `=COUNTIF(${xc},${crit})`,
        `=IF(${cnt}>0,AVERAGEIFS(${xh},${xc},${crit}),"")`,
        `=IF(${cnt}>0,AVERAGEIFS(${predRef},${xc},${crit}),"")`,
      ]);
    }
  }
  const totalRow = first + HOLDOUT_FREQUENCIES + 1;
  const total: Cell[] = options.valuesOnly
    ? ["total purchases", nSplit, h.split.frequencyHoldout.reduce((a, b) => a + b, 0), predicted!.reduce((a, b) => a + b, 0)]
    : ["total purchases", `=SUM(${rangeAddress(first, col + 1, HOLDOUT_FREQUENCIES + 1, 1)})`, `=SUM(${xh})`, `=SUM(${predRef})`];
  if (options.valuesOnly) d.values(first, col, [...rows, total], "holdout by frequency");
  else d.formulas(first, col, [...rows, total], "holdout by frequency");
  d.format({ area: area(first, col, HOLDOUT_FREQUENCIES + 2, 1), horizontalAlignment: "Center" });
  d.format({ area: area(first, col + 1, HOLDOUT_FREQUENCIES + 2, 1), numberFormat: FORMATS.count });
  d.format({ area: area(first, col + 2, HOLDOUT_FREQUENCIES + 1, 2), numberFormat: FORMATS.decimal2 });
  d.format({ area: area(totalRow, col, 1, 4), bold: true, fill: COLORS.totalFill });
  d.format({ area: area(totalRow, col + 2, 1, 2), numberFormat: "#,##0.0" });
  d.chart({
    type: "ColumnClustered",
    title: "Holdout purchases: actual vs predicted",
    series: [
      { name: "actual", values: area(first, col + 2, HOLDOUT_FREQUENCIES + 1, 1), categories: area(first, col, HOLDOUT_FREQUENCIES + 1, 1) },
      { name: `${cm.name} prediction`, values: area(first, col + 3, HOLDOUT_FREQUENCIES + 1, 1), categories: area(first, col, HOLDOUT_FREQUENCIES + 1, 1) },
    ],
    position: area(totalRow + 2, col, 15, 5),
    xTitle: "purchases in the calibration period",
    yTitle: "purchases per customer in the holdout",
    legend: "Bottom",
    colors: ["#8A8886", COLORS.tabModel],
  });

  // Cumulative tracking (FHL 2005, figure 2).
  const trackCol = col + 6;
  sectionTitle(d, byRow, trackCol, `Cumulative repeat purchases (${unitName} since ${isoFromSerial(data.firstDay)})`, 3);
  headerRow(d, byRow + 1, trackCol, [unitName, "actual", "predicted"]);
  const t = h.tracking;
  const C = h.calibrationOffset;
  const predictedTrack = options.valuesOnly ? predictedTracking(h, calFit!) : undefined;
  const trackRows: Cell[][] = t.tau.map((tau, i) => {
    if (options.valuesOnly) return [tau, t.actual[i], predictedTrack![i]];
    const tauCell = cellAddress(first + i, trackCol);
    const age = `${tauCell}-(${C}-${Tc})`;
    return [tau, t.actual[i], `=SUM(CLV.EXPECTED(${calRef},IF(${age}>0,${age},0)))`];
  });
  if (options.valuesOnly) d.values(first, trackCol, trackRows, "tracking");
  else d.formulas(first, trackCol, trackRows, "tracking");
  d.format({ area: area(first, trackCol, t.tau.length, 1), numberFormat: "0.#" });
  d.format({ area: area(first, trackCol + 1, t.tau.length, 2), numberFormat: FORMATS.count });
  d.chart({
    type: "Line",
    title: "Tracking cumulative repeat purchases",
    series: [
      { name: "actual", values: area(first, trackCol + 1, t.tau.length, 1), categories: area(first, trackCol, t.tau.length, 1) },
      { name: `${cm.name} prediction`, values: area(first, trackCol + 2, t.tau.length, 1), categories: area(first, trackCol, t.tau.length, 1) },
    ],
    position: area(totalRow + 18, col, 15, 5),
    xTitle: `${unitName} since the start of the data`,
    yTitle: "cumulative repeat purchases",
    legend: "Bottom",
    colors: ["#8A8886", COLORS.tabModel],
  });
  noteRow(
    d,
    totalRow + 34,
    col,
    `The actual counts are computed from the data when the sheet was built (no CLV function returns them); the predictions are live. The calibration end (${isoFromSerial(h.calibrationEnd)}) lies ${C.toFixed(2)} ${unitName} after the first date.`,
  );
  d.width(col, 150);
  d.width(trackCol, 60);
}
