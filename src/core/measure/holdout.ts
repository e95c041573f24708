/**
 * Calibration / holdout checks of a count model (Fader, Hardie & Lee 2005, §4 and figure 3):
 * each customer's conditional expected purchases in the holdout, E[Y(t*) | x, t_x, T] (FHL eq. 10
 * for BG/NBD; each model's `expected`), against the purchases the customer actually made; summed,
 * averaged per calibration frequency 0 .. 6 and "7+", and measured per customer (accuracy.ts).
 */
import type { CountData, CountModel, Params } from "../models/model";
import { informationCriteria } from "./likelihood";
import { accuracyMetrics, type AccuracyMetrics } from "./accuracy";

/** A calibration summary with each customer's holdout purchases and holdout length. */
export interface HoldoutData extends CountData {
  /** purchases (repeat purchase days) in the holdout period */
  readonly actual: Float64Array;
  /** length of the holdout period, in the model's time unit (or opportunities) */
  readonly duration: Float64Array;
}

/** E[Y(t*) | x, t_x, T] per row. */
export function predictHoldout(model: CountModel, params: Params, d: HoldoutData): Float64Array {
  const out = new Float64Array(d.length);
  for (let i = 0; i < d.length; i++) out[i] = model.expected(params, d.duration[i], d.x[i], d.tx[i], d.T[i]);
  return out;
}

/** Highest frequency shown on its own; customers above it share the last bin ("7+" in FHL figure 3). */
export const BYFREQ_CENSOR = 7;

export interface FrequencyBin {
  /** "0" .. "6", "7+" */
  readonly label: string;
  readonly customers: number;
  readonly meanActual: number;
  readonly meanPredicted: number;
  readonly totalActual: number;
  readonly totalPredicted: number;
}

/** Mean and total actual and predicted holdout purchases per calibration frequency 0 .. censor−1, censor+. */
export function byFrequency(d: HoldoutData, predicted: ArrayLike<number>, censor = BYFREQ_CENSOR): { bins: FrequencyBin[]; all: FrequencyBin } {
  const customers = new Array<number>(censor + 1).fill(0);
  const act = new Array<number>(censor + 1).fill(0);
  const pred = new Array<number>(censor + 1).fill(0);
  let n = 0;
  let ta = 0;
  let tp = 0;
  for (let i = 0; i < d.length; i++) {
    const w = d.weight[i];
    const bin = Math.min(d.x[i], censor);
    customers[bin] += w;
    act[bin] += w * d.actual[i];
    pred[bin] += w * predicted[i];
    n += w;
    ta += w * d.actual[i];
    tp += w * predicted[i];
  }
  const make = (label: string, c: number, a: number, p: number): FrequencyBin => ({
    label,
    customers: c,
    meanActual: c > 0 ? a / c : NaN,
    meanPredicted: c > 0 ? p / c : NaN,
    totalActual: a,
    totalPredicted: p,
  });
  const bins = customers.map((c, k) => make(k === censor ? `${censor}+` : String(k), c, act[k], pred[k]));
  return { bins, all: make("all", n, ta, tp) };
}

/** One model's line in a comparison. */
export interface ModelComparison {
  readonly model: CountModel;
  readonly params: Params;
  readonly logLik: number;
  readonly k: number;
  readonly n: number;
  readonly aic: number;
  readonly bic: number;
  readonly accuracy: AccuracyMetrics;
}

/**
 * Log-likelihood on the calibration data (at the table's parameters), AIC, BIC, and holdout accuracy
 * (total predicted vs actual, MAE, RMSE, bias per customer) of one model.
 */
export function compareOn(model: CountModel, params: Params, d: HoldoutData): ModelComparison {
  const logLik = model.logLikelihood(params, d);
  let n = 0;
  for (let i = 0; i < d.length; i++) n += d.weight[i];
  const k = model.paramNames.length;
  const { aic, bic } = informationCriteria(logLik, k, n);
  const accuracy = accuracyMetrics(predictHoldout(model, params, d), d.actual, d.weight);
  return { model, params, logLik, k, n, aic, bic, accuracy };
}
