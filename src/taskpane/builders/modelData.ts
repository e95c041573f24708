/**
 * What the CLV-model and dashboard sheets need from the core: the customer summary, the optional
 * calibration/holdout split with the actual cumulative repeat purchases, the fitted models, and the
 * per-customer predictions.
 *
 * Everything mirrors the CLV.* functions exactly, so that a values-only sheet shows the numbers the live
 * formulas would compute: the summary is `summarizeTransactions` (CLV.SUMMARY), fits go through the
 * FIT functions' pipeline (src/runtime/fitting.ts, shared cache included), and the per-customer
 * predictions are the core functions of CLV.PALIVE, CLV.EXPECTED, CLV.SPEND (`customerSpend`) and
 * CLV.VALUE (`customerValue`), src/core/models/value.ts.
 *
 * The pane offers the models the registry marks for it (src/core/models/registry.ts). Fits and
 * predictions run in the scheduler's slices (src/runtime/scheduling.ts), which yield to the browser,
 * report progress and stop when the user cancels; the builders then work on these results.
 */
import { summarizeTransactions, type CustomerSummary } from "../../core/data/summary";
import { splitCalibrationHoldout, type CalibrationHoldout } from "../../core/data/split";
import { DAYS_PER_UNIT, isoFromSerial, type TimeUnit } from "../../core/data/dates";
import { makeCountData, makeSpendData } from "../../core/models/compress";
import { countModel, getModel, modelEntry, spendModel as asSpendModel } from "../../core/models/registry";
import { PERIODS_PER_MONTH, customerSpend, customerValue } from "../../core/models/value";
import { valueTiers } from "../../core/rfm";
import type { CountModel, Fit, FitProgress, Params, SpendModel } from "../../core/models/model";
import { fitModel, fitModelSync, type FitRequest } from "../../runtime/fitting";
import { runInSlices, type CancelSignal } from "../../runtime/scheduling";
import type { BuildInput, BuildOptions, SheetKind } from "./types";

/** The pane's purchase model of that name (one the registry offers to the pane). */
export function countModelOf(name: string): CountModel {
  const entry = modelEntry(name);
  if (!entry?.pane) throw new Error(`'${name}' is not a purchase model of the task pane`);
  return countModel(entry.model, "the task pane");
}

/** The spend model of the CLV column (CLV.GG.FIT). */
export const spendModel: SpendModel = asSpendModel(getModel("Gamma-Gamma"), "the task pane");

/** Monthly discount rate from an annual one: (1 + annual)^(1/12) - 1. */
export function monthlyRate(annual: number): number {
  return Math.pow(1 + annual, 1 / 12) - 1;
}

/** The time units of the data in a month, as text for formulas (DESIGN §2: a month is 365.25/12 days). */
export const PERIODS_PER_MONTH_TEXT: Readonly<Record<TimeUnit, string>> = { D: "365.25/12", W: "365.25/12/7", M: "1", Y: "1/12" };

/** Most tracking points drawn (a daily model over years would otherwise make thousands of rows). */
export const MAX_TRACKING_POINTS = 104;
/** Fewest calibration customers with a repeat purchase for a holdout fit to mean anything. */
export const MIN_REPEAT_CUSTOMERS = 10;

export interface Tracking {
  /** time since the start of the data, in the model's unit, of each point */
  readonly tau: number[];
  /** actual cumulative repeat purchase days of the calibration customers by tau */
  readonly actual: number[];
}

export interface Holdout {
  readonly split: CalibrationHoldout;
  readonly calibrationEnd: number;
  readonly observationEnd: number;
  /** (calibrationEnd - first day of the data) in the model's unit */
  readonly calibrationOffset: number;
  readonly tracking: Tracking;
}

export interface ModelData {
  readonly summary: CustomerSummary;
  readonly timeUnit: TimeUnit;
  readonly firstDay: number;
  readonly lastDay: number;
  readonly holdout?: Holdout;
  /** why there is no holdout check (when the user asked for one) */
  readonly holdoutSkipped?: string;
}

/** The calibration end used: the user's date, or the middle of the data. */
export function calibrationEndOf(input: BuildInput, options: BuildOptions): number {
  const { firstDay, lastDay } = input.ledger;
  return options.calibrationEnd !== undefined ? Math.floor(options.calibrationEnd) : Math.floor((firstDay + lastDay) / 2);
}

export function modelData(input: BuildInput, options: BuildOptions): ModelData {
  const unit = options.timeUnit;
  const { firstDay, lastDay } = input.ledger;
  const summary = summarizeTransactions(input.ledger, { timeUnit: unit });
  const base = { summary, timeUnit: unit, firstDay, lastDay };
  if (!options.holdout) return base;
  const calEnd = calibrationEndOf(input, options);
  if (calEnd < firstDay || calEnd >= lastDay) {
    return { ...base, holdoutSkipped: `Holdout check skipped: the calibration end ${isoFromSerial(calEnd)} must lie between ${isoFromSerial(firstDay)} and ${isoFromSerial(lastDay)} (exclusive).` };
  }
  const split = splitCalibrationHoldout(input.ledger, { calibrationEnd: calEnd, observationEnd: lastDay, timeUnit: unit });
  let repeaters = 0;
  for (let i = 0; i < split.frequency.length; i++) if (split.frequency[i] > 0) repeaters++;
  if (repeaters < MIN_REPEAT_CUSTOMERS) {
    return { ...base, holdoutSkipped: `Holdout check skipped: only ${repeaters} customers buy again before ${isoFromSerial(calEnd)} (at least ${MIN_REPEAT_CUSTOMERS} are needed to fit a model). Choose a later calibration end.` };
  }
  return {
    ...base,
    holdout: {
      split,
      calibrationEnd: calEnd,
      observationEnd: lastDay,
      calibrationOffset: (calEnd - firstDay) / DAYS_PER_UNIT[unit],
      tracking: tracking(input, split, unit),
    },
  };
}

/**
 * Actual cumulative repeat purchase days of the calibration customers (those with a purchase by the
 * calibration end) at evenly spaced times from the start of the data to its end (FHL 2005, figure 2:
 * "tracking cumulative repeat transactions").
 */
function tracking(input: BuildInput, split: CalibrationHoldout, unit: TimeUnit): Tracking {
  const ledger = input.ledger;
  const unitDays = DAYS_PER_UNIT[unit];
  const span = (ledger.lastDay - ledger.firstDay) / unitDays;
  const points = Math.max(1, Math.ceil(span));
  const step = Math.ceil(points / MAX_TRACKING_POINTS);
  const tau: number[] = [];
  for (let k = step; k < points; k += step) tau.push(k);
  tau.push(span);
  // Repeat purchase days of the split's customers (ledger and split share the report order).
  const days: number[] = [];
  let out = 0;
  for (let c = 0; c < ledger.customers.length && out < split.customer.length; c++) {
    if (ledger.customers[c] !== split.customer[out]) continue;
    const first = split.firstPurchase[out];
    for (let e = ledger.dayStart[c]; e < ledger.dayStart[c + 1]; e++) {
      if (ledger.purchase[e] && ledger.day[e] > first && ledger.day[e] <= split.observationEnd) days.push(ledger.day[e]);
    }
    out++;
  }
  days.sort((a, b) => a - b);
  const actual: number[] = [];
  let j = 0;
  for (const t of tau) {
    const limit = ledger.firstDay + t * unitDays;
    while (j < days.length && days[j] <= limit + 1e-9) j++;
    actual.push(j);
  }
  return { tau, actual };
}

export interface FittedCount {
  readonly model: CountModel;
  readonly fit: Fit;
}

export interface ModelFits {
  readonly count: FittedCount;
  readonly spend: { readonly model: SpendModel; readonly fit: Fit };
  readonly calibration?: FittedCount;
}

/** Thrown by a builder that needs model fits it was not given (the fits failed or were not computed). */
export class FitsRequired extends Error {
  constructor() {
    super("This sheet needs the model fits, which were not computed (fitModels).");
    this.name = "FitsRequired";
  }
}

/** The fits a builder needs; the caller computes them first (`needsFits`, `fitModels`): builders never fit. */
export function requireFits(fits: ModelFits | undefined): ModelFits {
  if (!fits) throw new FitsRequired();
  return fits;
}

/** Whether a sheet needs the fits computed in the pane (values only, or tables too long for live spills). */
export function needsFits(kind: SheetKind, input: BuildInput, options: BuildOptions): boolean {
  if (kind !== "model" && kind !== "dashboard") return false;
  return options.valuesOnly || input.ledger.customers.length > options.maxLiveCustomers;
}

export interface FitControl {
  readonly signal?: CancelSignal;
  readonly onProgress?: (message: string) => void;
  /** longest stretch of work between yields, in ms (the scheduler's default otherwise) */
  readonly sliceMs?: number;
}

function progressOf(label: string, control: FitControl): (p: FitProgress) => void {
  return (p) => control.onProgress?.(`${label}: start ${Math.min(p.start + 1, p.starts)} of ${p.starts}, iteration ${p.iteration}`);
}

function countData(x: ArrayLike<number>, tx: ArrayLike<number>, T: ArrayLike<number>) {
  return makeCountData(x, tx, T, undefined, { rowLabel: (i) => `customer ${i + 1}` });
}

/** The fits the sheets need, each with the label of its progress line. */
function fitRequests(data: ModelData, options: BuildOptions): { count: FitRequest; spend: FitRequest; calibration?: FitRequest; model: CountModel } {
  const cm = countModelOf(options.model);
  const s = data.summary;
  const h = data.holdout?.split;
  return {
    model: cm,
    count: { model: cm, data: countData(s.frequency, s.recency, s.T) },
    spend: { model: spendModel, data: makeSpendData(s.frequency, s.monetary) },
    calibration: h ? { model: cm, data: countData(h.frequency, h.recency, h.T) } : undefined,
  };
}

/** The fits the sheets need, through the FIT functions' pipeline: in slices, with progress, cancellable. */
export async function fitModels(data: ModelData, options: BuildOptions, control: FitControl = {}): Promise<ModelFits> {
  const r = fitRequests(data, options);
  const { signal, sliceMs } = control;
  const count = await fitModel(r.count, { signal, sliceMs, onProgress: progressOf(`Fitting ${r.model.name}`, control) });
  const spend = await fitModel(r.spend, { signal, sliceMs, onProgress: progressOf("Fitting Gamma-Gamma", control) });
  const calibration = r.calibration
    ? { model: r.model, fit: await fitModel(r.calibration, { signal, sliceMs, onProgress: progressOf(`Fitting ${r.model.name} on the calibration period`, control) }) }
    : undefined;
  return { count: { model: r.model, fit: count }, spend: { model: spendModel, fit: spend }, calibration };
}

/** The same fits synchronously, for callers that may block (the CLI's case answers in Node). */
export function fitModelsSync(data: ModelData, options: BuildOptions): ModelFits {
  const r = fitRequests(data, options);
  const calibration = r.calibration ? { model: r.model, fit: fitModelSync(r.calibration) } : undefined;
  return { count: { model: r.model, fit: fitModelSync(r.count) }, spend: { model: spendModel, fit: fitModelSync(r.spend) }, calibration };
}

export interface Predictions {
  readonly pAlive: Float64Array;
  readonly expected: Float64Array;
  readonly spend: Float64Array;
  /** margin × CLV.VALUE; NaN where CLV.VALUE gives an error (repeat buyer with average spend <= 0) */
  readonly clv: Float64Array;
  readonly tier: string[];
}

/** Predictions already computed, per fit and per setting (the model and dashboard sheets share them). */
const PREDICTION_CACHE = new WeakMap<ModelFits, Map<string, Predictions>>();

function predictionKey(summary: CustomerSummary, options: BuildOptions): string {
  return `${summary.customer.length}|${options.timeUnit}|${options.horizon}|${options.annualDiscount}|${options.margin}`;
}

function emptyPredictions(n: number): Predictions {
  return { pAlive: new Float64Array(n), expected: new Float64Array(n), spend: new Float64Array(n), clv: new Float64Array(n), tier: [] };
}

/** Fills predictions for customers [from, to): the core functions of CLV.PALIVE, EXPECTED, SPEND and VALUE. */
function predictRange(out: Predictions, summary: CustomerSummary, fits: ModelFits, options: BuildOptions, from: number, to: number): void {
  const cm = fits.count.model;
  const p: Params = fits.count.fit.params;
  const gp: Params = fits.spend.fit.params;
  const perMonth = PERIODS_PER_MONTH[options.timeUnit];
  const horizon = options.horizon * perMonth;
  const monthly = monthlyRate(options.annualDiscount);
  for (let i = from; i < to; i++) {
    const x = summary.frequency[i];
    const tx = summary.recency[i];
    const T = summary.T[i];
    const m = summary.monetary[i];
    out.pAlive[i] = cm.pAlive(p, x, tx, T);
    out.expected[i] = cm.expected(p, horizon, x, tx, T);
    try {
      out.spend[i] = customerSpend(spendModel, gp, x, m);
    } catch {
      // CLV.SPEND and CLV.VALUE give this customer an error cell; the values-only sheet leaves it empty.
      out.spend[i] = NaN;
      out.clv[i] = NaN;
      continue;
    }
    out.clv[i] = (options.margin ?? 1) * customerValue(cm, p, out.spend[i], x, tx, T, options.horizon, monthly, perMonth);
  }
}

function remember(summary: CustomerSummary, fits: ModelFits, options: BuildOptions, out: Predictions): Predictions {
  const done = { ...out, tier: valueTiers(out.clv).label };
  let byKey = PREDICTION_CACHE.get(fits);
  if (!byKey) PREDICTION_CACHE.set(fits, (byKey = new Map()));
  byKey.set(predictionKey(summary, options), done);
  return done;
}

/** Per-customer predictions as the live columns compute them (CLV.PALIVE, EXPECTED, SPEND, VALUE, TIER). */
export function predictions(summary: CustomerSummary, fits: ModelFits, options: BuildOptions): Predictions {
  const hit = PREDICTION_CACHE.get(fits)?.get(predictionKey(summary, options));
  if (hit) return hit;
  const out = emptyPredictions(summary.customer.length);
  predictRange(out, summary, fits, options, 0, summary.customer.length);
  return remember(summary, fits, options, out);
}

/** The predictions in blocks of customers, one step per block. */
function* predictSteps(summary: CustomerSummary, fits: ModelFits, options: BuildOptions): Generator<string, Predictions, void> {
  const n = summary.customer.length;
  const out = emptyPredictions(n);
  const block = 2000;
  for (let from = 0; from < n; from += block) {
    predictRange(out, summary, fits, options, from, Math.min(n, from + block));
    yield `Predicting CLV: ${Math.min(n, from + block).toLocaleString("en-US")} of ${n.toLocaleString("en-US")} customers`;
  }
  return out;
}

/** The same predictions in the scheduler's slices (large data), cached for the builders. */
export async function predictAsync(summary: CustomerSummary, fits: ModelFits, options: BuildOptions, control: FitControl = {}): Promise<Predictions> {
  const hit = PREDICTION_CACHE.get(fits)?.get(predictionKey(summary, options));
  if (hit) return hit;
  const out = await runInSlices(predictSteps(summary, fits, options), { signal: control.signal, onProgress: control.onProgress, sliceMs: control.sliceMs });
  return remember(summary, fits, options, out);
}

/** Predicted cumulative repeat purchases at each tracking time: Σ_i E[X(τ − s_i)] over calibration customers. */
export function predictedTracking(holdout: Holdout, fit: FittedCount): number[] {
  const { split, calibrationOffset, tracking: t } = holdout;
  // Customers born on the same day share s_i: group them so each E[X(.)] is evaluated once per day.
  const births = new Map<number, number>();
  for (let i = 0; i < split.T.length; i++) {
    const s = calibrationOffset - split.T[i];
    births.set(s, (births.get(s) ?? 0) + 1);
  }
  return t.tau.map((tau) => {
    let total = 0;
    for (const [s, count] of births) if (tau > s) total += count * fit.model.expectedNew(fit.fit.params, tau - s);
    return total;
  });
}
