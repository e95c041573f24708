/**
 * The Model check sheet: is the model good enough for these data? (course part 7, curriculum
 * modules 2, 3 and 7). From the top: the data-quality report (CLV.QUALITY); the candidate models
 * fitted on the calibration period side by side with their holdout accuracy (CLV.COMPARE); the
 * weekly tracking of repeat purchases, actual against predicted (CLV.TRACK, Fader, Hardie & Lee 2005
 * figures 1-2) and holdout purchases by calibration frequency (CLV.HOLDOUT.BYFREQ, their figure 3),
 * each with its chart; the accuracy per customer at 6 and 12 months where the data reach that far
 * (CLV.ACCURACY); the decay table of refits at three snapshots (CLV.REFIT).
 *
 * The candidate models are every continuous-time count model of the registry, written as value
 * tables, which the live formulas read. The builder never fits: `fitModelCheck` fits the candidates
 * (and, for values-only sheets, the refits of the decay table) beforehand through the shared fitting
 * pipeline (src/runtime/fitting.ts), in scheduler slices, and the builder raises `FitsRequired` without
 * them. Every other number is a live CLV.* formula, or in values-only mode the same core function
 * evaluated here.
 */
import { DAYS_PER_UNIT, isoFromSerial, type TimeUnit } from "../../core/data/dates";
import { splitCalibrationHoldout, type CalibrationHoldout } from "../../core/data/split";
import { accuracyMetrics, DECILES } from "../../core/measure/accuracy";
import { byFrequency, compareOn, predictHoldout, type HoldoutData } from "../../core/measure/holdout";
import { qualityReport } from "../../core/measure/quality";
import { tierAudit } from "../../core/measure/fairness";
import { valueTiers } from "../../core/rfm";
import { canonicalCustomerId } from "../../core/data/customerIds";
import { refitSteps, type RefitRow } from "../../core/measure/refit";
import { trackRepeatPurchases, type TrackingPeriod } from "../../core/measure/tracking";
import { contentHash, makeCountData } from "../../core/models/compress";
import { listModels } from "../../core/models/registry";
import { fitToTable } from "../../core/models/table";
import type { CountModel, Fit } from "../../core/models/model";
import { fitModel, runCached } from "../../runtime/fitting";
import { Cancelled } from "../../runtime/scheduling";
import { cellAddress, rangeAddress } from "../a1";
import { PlanDraft, area, type Cell, type SheetPlan } from "../plan";
import { COLORS, FORMATS, cell, dataRefs, headerRow, noteRow, sectionTitle, str, titleRows } from "./common";
import { FitsRequired, modelData, type FitControl } from "./modelData";
import { sheetName, type BuildInput, type BuildOptions } from "./types";

export const QUALITY_ROWS = 16;
export const TRACK_HEADERS = ["period", "period_end", "part", "actual", "predicted", "cumulative_actual", "cumulative_predicted"] as const;
export const BYFREQ_HEADERS = ["frequency", "customers", "mean_actual", "mean_predicted", "total_actual", "total_predicted"] as const;
export const ACCURACY_HEADERS = ["horizon", "group", "customers", "MAE", "RMSE", "bias", "correlation", "predicted_total", "actual_total", ...Array.from({ length: DECILES }, (_, d) => `decile_${d + 1}`)];
/** Accuracy horizons in months (curriculum module 7: accuracy at 6 and 12 months). */
export const ACCURACY_MONTHS = [6, 12] as const;
/** Snapshots of the decay table. */
export const REFIT_SNAPSHOTS = 3;

/** The candidate models: every continuous-time count model the registry knows. */
export function candidateModels(): CountModel[] {
  return listModels().filter((m): m is CountModel => m.kind === "count" && m.timeDomain === "continuous");
}

function trackingPeriod(unit: TimeUnit): TrackingPeriod {
  return unit === "M" || unit === "Y" ? "M" : "W";
}

/**
 * Value tiers of the customers' total spend to date (CLV.TIER's default cut-offs) audited across the
 * groups of the mapped column (each customer's first label): CLV.TIER.AUDIT over two value columns
 * written at (`top`, `column`).
 */
function writeTierAudit(d: PlanDraft, input: BuildInput, row: number, column: number, top: number, role: "segment" | "channel", live: boolean): void {
  const t = input.transactions;
  const labels = role === "segment" ? t.segment! : t.channel!;
  const first = new Map<unknown, string>();
  const spend = new Map<unknown, number>();
  for (let i = 0; i < t.length; i++) {
    const id = canonicalCustomerId(t.customer[i]);
    if (!first.has(id)) first.set(id, labels[i] === "" ? "(blank)" : labels[i]);
    spend.set(id, (spend.get(id) ?? 0) + t.amount[i]);
  }
  const ids = [...spend.keys()];
  const tiers = valueTiers(ids.map((id) => spend.get(id)!)).label;
  const groups = ids.map((id) => first.get(id)!);
  const header = input.source.headers[role === "segment" ? input.mapping.segment! : input.mapping.channel!];
  headerRow(d, top, column, ["tier (total spend)", String(header)]);
  d.values(top + 1, column, tiers.map((x, i) => [x, groups[i]]), "tier audit inputs");
  const audit = tierAudit(tiers, groups);
  const width = 4 + 2 * audit.tiers.length;
  const rows = audit.groups.length + 6;
  sectionTitle(d, row, 1, `Value tiers across ${String(header)} (CLV.TIER.AUDIT: four-fifths rule and chi-square)`, width);
  const tierRef = rangeAddress(top + 1, column, ids.length, 1, true);
  const groupRef = rangeAddress(top + 1, column + 1, ids.length, 1, true);
  if (live) d.formula(row + 1, 1, `=CLV.TIER.AUDIT(${tierRef},${groupRef})`, rows, width, "tier audit");
  else {
    const pad = (cells: Cell[]): Cell[] => [...cells, ...new Array<Cell>(width - cells.length).fill("")];
    const line = (r: (typeof audit.groups)[number], all: boolean): Cell[] => [r.group, r.customers, ...r.counts, ...r.shares, all ? "" : cell(r.ratio), all || !Number.isFinite(r.ratio) ? "" : r.ratio < 0.8];
    d.values(
      row + 1,
      1,
      [
        ["group", "customers", ...audit.tiers.map((x) => `${x} count`), ...audit.tiers.map((x) => `${x} share`), `ratio to '${audit.reference}'`, "below 4/5"],
        ...audit.groups.map((g) => line(g, false)),
        line(audit.all, true),
        pad(["chi-square", audit.chiSquare]),
        pad(["degrees of freedom", audit.df]),
        pad(["p-value", cell(audit.pValue)]),
        pad(["reading", audit.reading]),
      ],
      "tier audit",
    );
  }
  d.format({ area: area(row + 1, 1, 1, width), bold: true, fill: COLORS.headerFill });
}

/** A candidate model with its fit on the calibration period, or why it could not be fitted. */
export interface CandidateFit {
  readonly model: CountModel;
  readonly fit?: Fit;
  readonly error?: string;
}

/** The fits of the Model check sheet, computed before the builder runs (`fitModelCheck`). */
export interface ModelCheckFits {
  /** the calibration end and time unit they were fitted for */
  readonly calibrationEnd: number;
  readonly timeUnit: TimeUnit;
  readonly candidates: readonly CandidateFit[];
  /** the decay table's refits of the chosen model (values-only sheets): rows, or why they failed */
  readonly refits?: { readonly rows: readonly RefitRow[] } | { readonly error: string };
}

/** The model tracked: the user's model when it could be fitted, the first usable candidate otherwise. */
function chosenCandidate(usable: readonly { model: CountModel; fit: Fit }[], options: BuildOptions): { model: CountModel; fit: Fit } | undefined {
  return usable.find((f) => f.model.name === options.model) ?? usable[0];
}

/** Snapshot dates of the decay table: REFIT_SNAPSHOTS dates evenly spaced up to the calibration end. */
function refitSnapshots(input: BuildInput, calibrationEnd: number): number[] {
  const step = Math.floor((calibrationEnd - input.ledger.firstDay) / REFIT_SNAPSHOTS);
  return Array.from({ length: REFIT_SNAPSHOTS }, (_, i) => calibrationEnd - (REFIT_SNAPSHOTS - 1 - i) * step);
}

/** A content key of the ledger's purchase days per customer (what the refits read). */
function ledgerKey(input: BuildInput): string {
  const l = input.ledger;
  const owner = new Float64Array(l.day.length);
  for (let c = 0; c < l.customers.length; c++) owner.fill(c, l.dayStart[c], l.dayStart[c + 1]);
  return contentHash([Float64Array.from(l.day), Float64Array.from(l.purchase), owner], new Float64Array(l.day.length).fill(1));
}

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/**
 * The fits the Model check sheet needs, through the FIT functions' pipeline (content-cached, in
 * scheduler slices, with progress, cancellable): every candidate model on the calibration period and,
 * for a values-only sheet, the refits of the decay table (CLV.REFIT's computation). Undefined when the
 * data have no calibration/holdout split (the sheet then needs no fits). A candidate that cannot be
 * fitted, or refits that fail, are recorded with their message for the sheet's notes.
 */
export async function fitModelCheck(input: BuildInput, options: BuildOptions, control: FitControl = {}): Promise<ModelCheckFits | undefined> {
  const h = modelData(input, { ...options, holdout: true }).holdout;
  if (!h) return undefined;
  const unit = options.timeUnit;
  const hd = holdoutData(h.split);
  const { signal, sliceMs } = control;
  const candidates: CandidateFit[] = [];
  for (const model of candidateModels()) {
    try {
      const fit = await fitModel({ model, data: hd }, { signal, sliceMs, onProgress: (p) => control.onProgress?.(`Fitting ${model.name} on the calibration period: start ${Math.min(p.start + 1, p.starts)} of ${p.starts}, iteration ${p.iteration}`) });
      candidates.push({ model, fit });
    } catch (e) {
      if (e instanceof Cancelled) throw e;
      candidates.push({ model, error: message(e) });
    }
  }
  const fits: ModelCheckFits = { calibrationEnd: h.calibrationEnd, timeUnit: unit, candidates };
  const chosen = chosenCandidate(candidates.filter((f): f is { model: CountModel; fit: Fit } => f.fit !== undefined), options);
  if (!options.valuesOnly || !chosen) return fits;
  const cm = chosen.model;
  const snapshots = refitSnapshots(input, h.calibrationEnd);
  try {
    const key = `refit|${cm.name}|${unit}|${snapshots.join(",")}|${ledgerKey(input)}`;
    const rows = await runCached(key, () => refitSteps(input.ledger, cm, snapshots, unit), { signal, sliceMs, onProgress: () => control.onProgress?.(`Refitting ${cm.name} at ${REFIT_SNAPSHOTS} dates`) });
    return { ...fits, refits: { rows } };
  } catch (e) {
    if (e instanceof Cancelled) throw e;
    return { ...fits, refits: { error: message(e) } };
  }
}

function holdoutData(split: CalibrationHoldout): HoldoutData {
  const d = makeCountData(split.frequency, split.recency, split.T, undefined, { requireRepeat: false, rowLabel: (i) => `customer ${i + 1}` });
  return { ...d, actual: Float64Array.from(split.frequencyHoldout), duration: new Float64Array(d.length).fill(split.durationHoldout) };
}

/** The sheet's precomputed fits, checked to belong to this calibration end and unit (builders never fit). */
function requireCheckFits(fits: ModelCheckFits | undefined, calibrationEnd: number, options: BuildOptions): ModelCheckFits {
  if (!fits || fits.calibrationEnd !== calibrationEnd || fits.timeUnit !== options.timeUnit) throw new FitsRequired();
  return fits;
}

export function buildModelCheckSheet(input: BuildInput, options: BuildOptions, checkFits?: ModelCheckFits): SheetPlan {
  const d = new PlanDraft("modelCheck", sheetName("modelCheck", options), COLORS.brand);
  const refs = dataRefs(input);
  const live = !options.valuesOnly;
  let row = titleRows(d, input, options, "Model check", "Data quality, candidate models side by side, tracking, holdout by frequency, accuracy and decay.");
  d.width(1, 150);

  // Data quality.
  sectionTitle(d, row, 1, "Data check (CLV.QUALITY)", 3);
  headerRow(d, row + 1, 1, ["check", "count", "note"]);
  if (live) d.formula(row + 2, 1, `=CLV.QUALITY(${refs.args},,FALSE)`, QUALITY_ROWS, 3, "data check");
  else d.values(row + 2, 1, qualityReport({ customer: input.transactions.customer, day: input.transactions.date, amount: input.transactions.amount }).map((r) => [r.check, r.count, r.note]), "data check");
  row += QUALITY_ROWS + 4;

  const data = modelData(input, { ...options, holdout: true });
  if (!data.holdout) {
    noteRow(d, row, 1, data.holdoutSkipped ?? "No calibration/holdout split: the model check needs data on both sides of the calibration end.");
    d.note(data.holdoutSkipped ?? "No calibration/holdout split.");
    return d.done();
  }
  const h = data.holdout;
  const unit = options.timeUnit;
  const pre = requireCheckFits(checkFits, h.calibrationEnd, options);
  if (!live && chosenCandidate(pre.candidates.filter((f): f is { model: CountModel; fit: Fit } => f.fit !== undefined), options) && !pre.refits) throw new FitsRequired();
  const hd = holdoutData(h.split);
  const fits = pre.candidates;
  const usable = fits.filter((f): f is { model: CountModel; fit: Fit } => f.fit !== undefined);
  const chosen = chosenCandidate(usable, options);

  // Settings the formulas read.
  const settings: Cell[][] = [
    ["Calibration ends", h.calibrationEnd],
    ["Holdout ends", h.observationEnd],
    ["Time unit of the models", unit],
    ["Model tracked", chosen ? chosen.model.name : ""],
  ];
  sectionTitle(d, row, 1, "Settings", 2);
  d.values(row + 1, 1, settings, "settings");
  d.format({ area: area(row + 1, 2, 2, 1), numberFormat: FORMATS.date, fill: COLORS.kpiFill });
  const calCell = cellAddress(row + 1, 2, true);
  const obsCell = cellAddress(row + 2, 2, true);
  row += settings.length + 2;

  // The split, far right (long): the calibration and holdout columns every table below reads.
  const splitCol = 30;
  const nSplit = h.split.customer.length;
  sectionTitle(d, row, splitCol, "Calibration summary and holdout purchases (CLV.SPLIT)", 8);
  const splitHeaders = ["customer", "frequency_cal", "recency_cal", "T_cal", "monetary_cal", "frequency_holdout", "monetary_holdout", "duration_holdout"];
  const splitTop = row + 1;
  if (live) d.formula(splitTop, splitCol, `=CLV.SPLIT(${refs.args},${calCell},${obsCell},${str(unit)})`, nSplit + 1, 8, "split");
  else {
    const s = h.split;
    d.values(splitTop, splitCol, [splitHeaders, ...Array.from({ length: nSplit }, (_, i) => [s.customer[i], s.frequency[i], s.recency[i], s.T[i], s.monetary[i], s.frequencyHoldout[i], s.monetaryHoldout[i], s.durationHoldout])], "split");
  }
  const splitRef = live ? `${cellAddress(splitTop, splitCol, true)}#` : rangeAddress(splitTop, splitCol, nSplit + 1, 8, true);

  // Candidate models side by side (values), then COMPARE.
  sectionTitle(d, row, 1, `Candidate models fitted to ${isoFromSerial(h.calibrationEnd)}`, 3 * Math.max(1, fits.length));
  for (const f of fits.filter((x) => x.error)) d.note(`${f.model.name} could not be fitted on the calibration period: ${f.error}`);
  if (!chosen) {
    noteRow(d, row + 1, 1, "No candidate model could be fitted on the calibration period; see the notes.");
    return d.done();
  }
  const tables = usable.map((f) => fitToTable(f.model, f.fit, true));
  const height = tables.reduce((h, t) => Math.max(h, t.length), 0);
  usable.forEach((f, k) => {
    d.values(row + 1, 1 + 3 * k, tables[k], `${f.model.name} fit`);
    d.format({ area: area(row + 1, 1 + 3 * k, 2, 3), bold: true });
  });
  const tableRef = (k: number) => rangeAddress(row + 1, 1 + 3 * k, tables[k].length, 3, true);
  const fitsRef = rangeAddress(row + 1, 1, height, 3 * usable.length, true);
  const chosenRef = tableRef(usable.indexOf(chosen));
  row += height + 2;

  sectionTitle(d, row, 1, "Side by side on the holdout (CLV.COMPARE)", 1 + usable.length);
  const comparisons = usable.map((f) => compareOn(f.model, f.fit.params, hd));
  const paramNames: string[] = [];
  for (const f of usable) for (const p of f.model.paramNames) if (!paramNames.includes(p)) paramNames.push(p);
  const compareRows = 1 + paramNames.length + 10;
  if (live) d.formula(row + 1, 1, `=CLV.COMPARE(${fitsRef},${splitRef},${splitRef})`, compareRows, 1 + usable.length, "compare");
  else {
    const rows: Cell[][] = [["model", ...usable.map((f) => f.model.name)]];
    for (const p of paramNames) rows.push([p, ...usable.map((f) => (p in f.fit.params ? f.fit.params[p] : ""))]);
    const line = (label: string, g: (c: (typeof comparisons)[number]) => number) => rows.push([label, ...comparisons.map((c) => cell(g(c)))]);
    line("parameters", (c) => c.k);
    line("log-likelihood", (c) => c.logLik);
    line("AIC", (c) => c.aic);
    line("BIC", (c) => c.bic);
    line("customers", (c) => c.n);
    line("holdout actual", (c) => c.accuracy.totalActual);
    line("holdout predicted", (c) => c.accuracy.totalPredicted);
    line("MAE per customer", (c) => c.accuracy.mae);
    line("RMSE per customer", (c) => c.accuracy.rmse);
    line("bias per customer", (c) => c.accuracy.bias);
    d.values(row + 1, 1, rows, "compare");
  }
  d.format({ area: area(row + 1, 1, 1, 1 + usable.length), bold: true, fill: COLORS.headerFill });
  d.format({ area: area(row + 2, 2, compareRows - 1, usable.length), numberFormat: "#,##0.0000" });
  row += compareRows + 2;

  const cm = chosen.model;
  const p = chosen.fit.params;

  // Tracking (FHL 2005 figures 1-2).
  const period = trackingPeriod(unit);
  const tracking = trackRepeatPurchases(input.ledger, cm, p, { calibrationEnd: h.calibrationEnd, observationEnd: h.observationEnd, period, daysPerUnit: DAYS_PER_UNIT[unit] });
  const nTrack = tracking.periodEnd.length;
  sectionTitle(d, row, 1, `Repeat purchases per ${period === "W" ? "week" : "month"}, actual against ${cm.name} (CLV.TRACK)`, 7);
  headerRow(d, row + 1, 1, [...TRACK_HEADERS]);
  const trackTop = row + 2;
  if (live) d.formula(trackTop, 1, `=CLV.TRACK(${chosenRef},${refs.customer},${refs.date},${calCell},${obsCell},${str(period)},FALSE)`, nTrack, 7, "tracking");
  else {
    d.values(
      trackTop,
      1,
      tracking.periodEnd.map((e, i) => [i + 1, e, e <= h.calibrationEnd ? "calibration" : "holdout", tracking.actualIncremental[i], tracking.predictedIncremental[i], tracking.actualCumulative[i], tracking.predictedCumulative[i]]),
      "tracking",
    );
  }
  d.format({ area: area(trackTop, 2, nTrack, 1), numberFormat: FORMATS.date });
  d.format({ area: area(trackTop, 4, nTrack, 4), numberFormat: "#,##0.0" });
  const categories = area(trackTop, 1, nTrack, 1);
  d.chart({
    type: "Line",
    title: `Cumulative repeat purchases: actual vs ${cm.name}`,
    series: [
      { name: "actual", values: area(trackTop, 6, nTrack, 1), categories },
      { name: `${cm.name} prediction`, values: area(trackTop, 7, nTrack, 1), categories },
    ],
    position: area(row, 9, 16, 8),
    xTitle: period === "W" ? "week" : "month",
    yTitle: "cumulative repeat purchases",
    legend: "Bottom",
  });

  // Holdout by calibration frequency (FHL 2005 figure 3), next to the chart.
  const freqTop = row + 18;
  const bins = byFrequency(hd, predictHoldout(cm, p, hd));
  sectionTitle(d, freqTop, 9, `Holdout purchases per customer by calibration frequency (CLV.HOLDOUT.BYFREQ)`, 6);
  headerRow(d, freqTop + 1, 9, [...BYFREQ_HEADERS]);
  const nBins = bins.bins.length + 1;
  if (live) d.formula(freqTop + 2, 9, `=CLV.HOLDOUT.BYFREQ(${chosenRef},${splitRef},${splitRef},FALSE)`, nBins, 6, "holdout by frequency");
  else d.values(freqTop + 2, 9, [...bins.bins, bins.all].map((b) => [b.label, b.customers, cell(b.meanActual), cell(b.meanPredicted), b.totalActual, b.totalPredicted]), "holdout by frequency");
  d.format({ area: area(freqTop + 2, 11, nBins, 4), numberFormat: "#,##0.00" });
  const binCats = area(freqTop + 2, 9, nBins - 1, 1);
  d.chart({
    type: "ColumnClustered",
    title: "Holdout purchases per customer by calibration frequency",
    series: [
      { name: "actual", values: area(freqTop + 2, 11, nBins - 1, 1), categories: binCats },
      { name: `${cm.name} prediction`, values: area(freqTop + 2, 12, nBins - 1, 1), categories: binCats },
    ],
    position: area(freqTop + nBins + 3, 9, 16, 8),
    xTitle: "purchases in the calibration period",
    yTitle: "purchases per customer in the holdout",
    legend: "Bottom",
  });
  row = Math.max(trackTop + nTrack, freqTop + nBins + 20) + 2;

  // Accuracy at 6 and 12 months where the data reach; the holdout period otherwise.
  const horizons = ACCURACY_MONTHS.map((m) => ({ label: `${m} months`, end: h.calibrationEnd + Math.round((m * 365.25) / 12) })).filter((x) => x.end <= h.observationEnd);
  if (horizons.length === 0) horizons.push({ label: `holdout (${isoFromSerial(h.observationEnd)})`, end: h.observationEnd });
  const accCol = splitCol + 9;
  const predicted: number[][] = Array.from({ length: hd.length }, () => []);
  const actual: number[][] = Array.from({ length: hd.length }, () => []);
  for (const hz of horizons) {
    const s = hz.end === h.observationEnd ? h.split : splitCalibrationHoldout(input.ledger, { calibrationEnd: h.calibrationEnd, observationEnd: hz.end, timeUnit: unit });
    for (let i = 0; i < hd.length; i++) {
      predicted[i].push(cm.expected(p, s.durationHoldout, hd.x[i], hd.tx[i], hd.T[i]));
      actual[i].push(s.frequencyHoldout[i]);
    }
  }
  const k = horizons.length;
  sectionTitle(d, splitTop - 1 + 0, accCol, `Predicted and actual purchases per customer (${cm.name})`, 2 * k);
  headerRow(d, splitTop, accCol, [...horizons.map((x) => `predicted ${x.label}`), ...horizons.map((x) => `actual ${x.label}`)]);
  d.values(splitTop + 1, accCol, predicted.map((r, i) => [...r, ...actual[i]]), "accuracy inputs");
  const predRef = rangeAddress(splitTop, accCol, hd.length + 1, k, true);
  const actRef = rangeAddress(splitTop, accCol + k, hd.length + 1, k, true);
  sectionTitle(d, row, 1, `Accuracy per customer at ${horizons.map((x) => x.label).join(" and ")} (CLV.ACCURACY)`, ACCURACY_HEADERS.length);
  headerRow(d, row + 1, 1, ACCURACY_HEADERS);
  if (live) d.formula(row + 2, 1, `=CLV.ACCURACY(${predRef},${actRef},,FALSE)`, k, ACCURACY_HEADERS.length, "accuracy");
  else {
    d.values(
      row + 2,
      1,
      horizons.map((x, j) => {
        const m = accuracyMetrics(predicted.map((r) => r[j]), actual.map((r) => r[j]));
        return [`predicted ${x.label}`, "all", m.n, m.mae, m.rmse, m.bias, cell(m.correlation), m.totalPredicted, m.totalActual, ...m.deciles.map(cell)];
      }),
      "accuracy",
    );
  }
  d.format({ area: area(row + 2, 4, k, 6), numberFormat: "0.000" });
  d.format({ area: area(row + 2, 10, k, DECILES), numberFormat: FORMATS.percent0 });
  row += k + 4;

  // Decay: refits at three snapshots up to the calibration end.
  const snapshots = refitSnapshots(input, h.calibrationEnd);
  sectionTitle(d, row, 1, `Decay: ${cm.name} refitted at ${REFIT_SNAPSHOTS} dates (CLV.REFIT)`, 8);
  const snapCol = accCol + 2 * k + 1;
  headerRow(d, splitTop, snapCol, ["snapshot"]);
  d.values(splitTop + 1, snapCol, snapshots.map((s) => [s]), "snapshots");
  d.format({ area: area(splitTop + 1, snapCol, snapshots.length, 1), numberFormat: FORMATS.date });
  const refitHeaders = ["snapshot", "customers", ...cm.paramNames.flatMap((n) => [n, `se(${n})`]), "log-likelihood", "converged", "next_end", "predicted", "actual", "relative_error", "moved"];
  headerRow(d, row + 1, 1, refitHeaders);
  if (live) {
    d.formula(row + 2, 1, `=CLV.REFIT(${refs.args},${rangeAddress(splitTop + 1, snapCol, snapshots.length, 1, true)},${chosenRef},FALSE)`, snapshots.length, refitHeaders.length, "decay");
  } else {
    let rows: Cell[][] = [];
    const refits = pre.refits!;
    if ("rows" in refits) {
      rows = refits.rows.map((r) => [
        r.snapshot,
        r.customers,
        ...cm.paramNames.flatMap((n) => [r.fit.params[n], cell(r.fit.stdErrors[n])]),
        r.fit.logLik,
        r.fit.converged,
        r.nextEnd ?? "",
        cell(r.predicted),
        cell(r.actual),
        cell(r.relativeError),
        r.moves.map((m) => `${m.parameter} moved ${m.standardErrors.toFixed(1)} s.e.`).join("; "),
      ]);
    } else d.note(`Decay table skipped: ${refits.error}`);
    d.values(row + 2, 1, rows, "decay");
  }
  d.format({ area: area(row + 2, 1, snapshots.length, 1), numberFormat: FORMATS.date });
  noteRow(d, row + 3 + snapshots.length, 1, "A parameter 'moved' when it changed by more than two standard errors of the earlier fit: the customers' behaviour has changed, so older forecasts need checking.");
  row += snapshots.length + 5;

  // Fairness of value tiers across the mapped segment or channel (four-fifths rule, chi-square).
  const role = input.transactions.segment && input.mapping.segment !== undefined ? "segment" : input.transactions.channel && input.mapping.channel !== undefined ? "channel" : undefined;
  if (role) writeTierAudit(d, input, row, snapCol + 2, splitTop, role, live);
  d.freeze = { rows: 3, columns: 0 };
  return d.done();
}
