/**
 * Information criteria of a fitted model, for comparing models fitted to the same customers:
 *   AIC = 2k − 2 LL                (Akaike 1974)
 *   BIC = k ln n − 2 LL            (Schwarz 1978)
 * with LL the maximised log-likelihood, k the number of estimated parameters and n the number of
 * observations (customers; for a cohort of survivors, the cohort size). Lower is better; only
 * differences between models fitted to the same data mean anything.
 */
export function aic(logLik: number, parameters: number): number {
  return 2 * parameters - 2 * logLik;
}

export function bic(logLik: number, parameters: number, n: number): number {
  if (!(n > 0)) return NaN;
  return parameters * Math.log(n) - 2 * logLik;
}
