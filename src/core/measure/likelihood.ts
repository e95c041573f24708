/**
 * The log-likelihood of data at given parameters, and the information criteria built on it.
 *
 * A fitted table's log-likelihood is the maximum over parameters; evaluating the same likelihood at
 * other parameters (a paper's published estimates, a colleague's fit) is what lets a student compare
 * them on their own data. Each model's likelihood is its module's (DESIGN §4.1): BG/NBD FHL (2005)
 * eq. 6, Pareto/NBD Schmittlein, Morrison & Colombo (1987), MBG/NBD Batislam et al. (2007) eq. 7,
 * BG/BB Fader, Hardie & Shang (2010) eq. 5, Gamma-Gamma Fader & Hardie (2013) note 025 eq. 3,
 * sBG Fader & Hardie (2007) eq. 6.
 *
 * AIC = 2k − 2 ln L (Akaike 1974); BIC = k ln n − 2 ln L (Schwarz 1978), with k the number of
 * parameters and n the number of customers (sum of weights) that entered the likelihood.
 */
import { aic, bic } from "../models/criteria";
import type { CountData, CountModel, Params, RetentionData, RetentionModel, SpendData, SpendModel } from "../models/model";

export interface LikelihoodResult {
  readonly logLik: number;
  /** customers (sum of weights) whose data entered the likelihood */
  readonly n: number;
  /** customers left out (Gamma-Gamma: x = 0 or an average spend of 0 or less) */
  readonly leftOut: number;
  /** number of free parameters */
  readonly k: number;
}

function sum(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return s;
}

/** ln L of customer histories under a count model (continuous or discrete time). */
export function countLikelihood(model: CountModel, params: Params, data: CountData): LikelihoodResult {
  return { logLik: model.logLikelihood(params, data), n: sum(data.weight), leftOut: 0, k: model.paramNames.length };
}

/**
 * ln L of average spends under a spend model. Customers without repeat purchases (no average) or
 * with an average of 0 or less are left out exactly as the fit leaves them out (note 025 §2).
 */
export function spendLikelihood(model: SpendModel, params: Params, data: SpendData): LikelihoodResult {
  let used = 0;
  let leftOut = 0;
  for (let i = 0; i < data.length; i++) {
    const w = data.weight[i];
    if (data.x[i] >= 1 && data.m[i] > 0) used += w;
    else leftOut += w;
  }
  return { logLik: model.logLikelihood(params, data), n: used, leftOut, k: model.paramNames.length };
}

/** ln L of a cohort's survivor counts under a retention model; n is the cohort size. */
export function retentionLikelihood(model: RetentionModel, params: Params, data: RetentionData): LikelihoodResult {
  return { logLik: model.logLikelihood(params, data), n: data.alive[0], leftOut: 0, k: model.paramNames.length };
}

/** AIC = 2k − 2 ln L and BIC = k ln n − 2 ln L (the same formulas as the fitted tables' rows). */
export function informationCriteria(logLik: number, k: number, n: number): { aic: number; bic: number } {
  return { aic: aic(logLik, k), bic: bic(logLik, k, n) };
}
