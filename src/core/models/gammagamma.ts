/**
 * Gamma-Gamma model of average transaction value: Fader & Hardie (2013), "The Gamma-Gamma model of
 * monetary value" (note 025), after Colombo & Jiang (1999). A customer's transaction values are
 * Gamma(p, ν) with ν ~ Gamma(q, γ) across customers, so her average m̄ of x transactions is
 * Gamma(px, νx) and, integrating ν out (note 025 eq. 3),
 *
 *   f(m̄ | p, q, γ; x) = Γ(px+q) / (Γ(px) Γ(q)) · γ^q m̄^(px−1) x^(px) / (γ + m̄x)^(px+q).
 *
 * Customers with x = 0 (no repeat transactions, hence no average) or a non-positive average are left
 * out of the fit and counted in the fitted table. Conditional expected average spend (note 025 eq. 5):
 *   E[M | p, q, γ, m̄, x] = p(γ + m̄x) / (px + q − 1),
 * a weighted mean of the population mean pγ/(q−1) and the customer's own m̄.
 */
import { notAvailable, invalidArgument } from "../errors";
import { digamma, lgamma } from "../math/special";
import { distinctValues, systematicSubsample } from "./compress";
import { fitSteps, scalingOf, SUBSAMPLE_ABOVE_ROWS, SUBSAMPLE_SIZE, type BoundaryLimit, type FitPlan, type LogLikProblem } from "./fitting";
import { runSteps } from "../steps";
import type { Fit, FitOptions, SpendData, SpendModel } from "./model";

export type GammaGammaParams = { readonly p: number; readonly q: number; readonly gamma: number };

/** Label of the extra fitted-table row that counts customers left out of the fit. */
export const LEFT_OUT_LABEL = "left out (x = 0 or spend ≤ 0)";

/** Customers usable by the fit (x ≥ 1, m̄ > 0), with ln m̄ and ln x precomputed. */
interface PreparedSpend {
  readonly x: Float64Array;
  readonly m: Float64Array;
  readonly weight: Float64Array;
  readonly logM: Float64Array;
  readonly length: number;
  readonly totalWeight: number;
  readonly xValues: Float64Array;
  readonly xIndex: Int32Array;
  readonly xWeight: Float64Array;
  /** Σ w (ln m̄) · x and Σ w x ln x over rows, constant terms of the log-likelihood */
  readonly sumXLogM: number;
  readonly sumLogM: number;
  readonly sumXLogX: number;
  /** weight of the customers left out */
  readonly leftOut: number;
}

function prepare(d: SpendData, rows?: Int32Array, rowWeights?: Float64Array): PreparedSpend {
  const idx: number[] = [];
  let leftOut = 0;
  const candidates = rows ?? Int32Array.from({ length: d.length }, (_, i) => i);
  for (let k = 0; k < candidates.length; k++) {
    const i = candidates[k];
    const w = rowWeights ? rowWeights[k] : d.weight[i];
    if (!(w > 0)) continue;
    if (d.x[i] >= 1 && d.m[i] > 0) idx.push(k);
    else leftOut += w;
  }
  const n = idx.length;
  const x = new Float64Array(n);
  const m = new Float64Array(n);
  const weight = new Float64Array(n);
  const logM = new Float64Array(n);
  let total = 0;
  let sumXLogM = 0;
  let sumLogM = 0;
  let sumXLogX = 0;
  for (let j = 0; j < n; j++) {
    const k = idx[j];
    const i = candidates[k];
    x[j] = d.x[i];
    m[j] = d.m[i];
    weight[j] = rowWeights ? rowWeights[k] : d.weight[i];
    logM[j] = Math.log(m[j]);
    total += weight[j];
    sumXLogM += weight[j] * x[j] * logM[j];
    sumLogM += weight[j] * logM[j];
    sumXLogX += weight[j] * x[j] * Math.log(x[j]);
  }
  const { xValues, xIndex, xWeight } = distinctValues(x, weight);
  return { x, m, weight, logM, length: n, totalWeight: total, xValues, xIndex, xWeight, sumXLogM, sumLogM, sumXLogX, leftOut };
}

/**
 * Log-likelihood (note 025 eq. 3, summed over weighted customers with x ≥ 1 and m̄ > 0); `grad`
 * receives the gradient with respect to (ln p, ln q, ln γ).
 */
function logLikPrepared(par: GammaGammaParams, d: PreparedSpend, grad?: Float64Array): number {
  const { p, q, gamma } = par;
  if (!(p > 0 && q > 0 && gamma > 0) || !Number.isFinite(p + q + gamma)) return NaN;
  // Per distinct x: ln Γ(px+q) − ln Γ(px) and the digammas.
  let constant = 0;
  let dp = 0;
  let dq = 0;
  const psiQ = digamma(q);
  const lgQ = lgamma(q);
  for (let j = 0; j < d.xValues.length; j++) {
    const x = d.xValues[j];
    const W = d.xWeight[j];
    constant += W * (lgamma(p * x + q) - lgamma(p * x) - lgQ);
    if (grad) {
      const a = digamma(p * x + q);
      dp += W * x * (a - digamma(p * x));
      dq += W * (a - psiQ);
    }
  }
  const logGamma = Math.log(gamma);
  let sumLog = 0; // Σ w (px+q) ln(γ + m̄x)
  let dpRow = 0;
  let dqRow = 0;
  let dgRow = 0;
  for (let i = 0; i < d.length; i++) {
    const x = d.x[i];
    const w = d.weight[i];
    const denom = gamma + d.m[i] * x;
    const l = Math.log(denom);
    sumLog += w * (p * x + q) * l;
    if (grad) {
      dpRow += w * x * l;
      dqRow += w * l;
      dgRow += (w * (p * x + q)) / denom;
    }
  }
  const N = d.totalWeight;
  const ll = constant + N * q * logGamma + p * d.sumXLogM - d.sumLogM + p * d.sumXLogX - sumLog;
  if (grad) {
    grad[0] = p * (dp + d.sumXLogM + d.sumXLogX - dpRow);
    grad[1] = q * (dq + N * logGamma - dqRow);
    grad[2] = gamma * ((N * q) / gamma - dgRow);
  }
  return ll;
}

function problem(d: PreparedSpend): LogLikProblem {
  const g = new Float64Array(3);
  return {
    names: ["p", "q", "gamma"],
    n: d.totalWeight,
    logLik(theta, grad) {
      const ll = logLikPrepared({ p: Math.exp(theta[0]), q: Math.exp(theta[1]), gamma: Math.exp(theta[2]) }, d, grad ? g : undefined);
      if (grad) grad.set(g);
      return ll;
    },
  };
}

/**
 * Starting points: with E[m̄] ≈ pγ/(q−1) matched to the mean of the averages, three (p, q) shapes
 * from little to much heterogeneity in spend.
 */
function starts(d: PreparedSpend): number[][] {
  let sm = 0;
  for (let i = 0; i < d.length; i++) sm += d.weight[i] * d.m[i];
  const mean = sm / d.totalWeight;
  const shapes: [number, number][] = [
    [2, 3],
    [6, 4],
    [1, 10],
  ];
  return shapes.map(([p, q]) => [Math.log(p), Math.log(q), Math.log((mean * (q - 1)) / p)]);
}

/**
 * What a runaway parameter means for the user's data (fitting.ts `FitPlan.meaning`): p → ∞ leaves no
 * variation of spend within a customer (Gamma(p, ν) with CV 1/√p), q → ∞ with γ leaves none between
 * customers (ν ~ Gamma(q, γ) concentrates), q → 0 makes the mean pγ/(q−1) undefined (note 025 eq. 4).
 */
function ggMeaning(param: string, grows: boolean): string | undefined {
  if (param === "p" && grows) {
    return "the averages in monetary vary less between customers than chance allows for their frequency, as if every purchase of a customer had the same value";
  }
  if ((param === "q" || param === "gamma") && grows) return "the averages in monetary show no spread between customers beyond chance, as if every customer had the same mean spend";
  if (param === "q" && !grows) return "the averages in monetary spread so widely (a few very large values) that the mean spend is not defined";
  return undefined;
}

/**
 * The Gamma-Gamma limit q, γ → ∞ at ν = q/γ fixed: ν ~ Gamma(q, γ) becomes a point mass, every
 * customer has the same mean spend per purchase p/ν, and a customer's average of x purchases is
 * Gamma(px, νx). From note 025 eq. 3, Γ(px+q)/Γ(q) ~ q^(px), γ^q/(γ+m̄x)^q → e^(−νxm̄) and
 * (γ+m̄x)^(−px) ~ (ν/q)^(px), so
 *   ln f(m̄ | x) = px ln(νx) + (px−1) ln m̄ − νx m̄ − ln Γ(px).
 * For a given p the maximum is at ν = pΣwx/Σwxm̄: the common mean p/ν is the total of the repeat
 * purchases' values over their number. `grad` receives the gradient with respect to (ln p, ln ν).
 */
export function ggCommonMeanLogLik(par: { readonly p: number; readonly nu: number }, data: SpendData, grad?: Float64Array): number {
  return commonMeanLogLik(par, prepare(data), grad);
}

function commonMeanLogLik(par: { readonly p: number; readonly nu: number }, d: PreparedSpend, grad?: Float64Array): number {
  const { p, nu } = par;
  if (!(p > 0 && nu > 0) || !Number.isFinite(p + nu)) return NaN;
  const logNu = Math.log(nu);
  let ll = 0;
  let gp = 0;
  let gn = 0;
  for (let j = 0; j < d.xValues.length; j++) {
    const x = d.xValues[j];
    ll -= d.xWeight[j] * lgamma(p * x);
    if (grad) gp -= d.xWeight[j] * x * digamma(p * x);
  }
  for (let i = 0; i < d.length; i++) {
    const w = d.weight[i];
    const x = d.x[i];
    const lx = logNu + Math.log(x);
    ll += w * (p * x * lx + (p * x - 1) * d.logM[i] - nu * x * d.m[i]);
    if (grad) {
      gp += w * x * (lx + d.logM[i]);
      gn += w * (p * x - nu * x * d.m[i]);
    }
  }
  if (grad) {
    grad[0] = p * gp;
    grad[1] = gn;
  }
  return ll;
}

/** q of the parameters that stand for the common mean spend limit (γ = q/ν); predictions differ from the limit's by O(1/q). */
export const COMMON_MEAN_SHAPE = 1e10;

function commonMeanLimit(d: PreparedSpend): BoundaryLimit {
  const logQ = Math.log(COMMON_MEAN_SHAPE);
  return {
    runaway: [1, 2],
    problem: {
      names: ["p", "nu"],
      n: d.totalWeight,
      logLik: (theta, grad) => commonMeanLogLik({ p: Math.exp(theta[0]), nu: Math.exp(theta[1]) }, d, grad),
    },
    // ν = q/γ
    start: (theta) => [theta[0], theta[1] - theta[2]],
    represent: ([lp, ln]) => [lp, logQ, logQ - ln],
    shared: [0, -1, -1],
    // ν is per unit of money
    logFactors: (lf) => [lf[0], -lf[2]],
    describe(params, limit, logLik) {
      const mean = limit.estimates.p / limit.estimates.nu;
      return (
        `q, γ → ∞: every customer has the same mean spend per purchase, p/ν = ${Number(mean.toPrecision(4))}, in the unit of monetary; ` +
        `the customers' averages in monetary spread no more than chance gives for their frequency, around it with shape p = ${Number(params.p.toPrecision(3))}. ` +
        `The likelihood of this limit is LL = ${logLik.toFixed(2)}; q = 10^10 and γ = q/ν stand for it and predict as it does.`
      );
    },
  };
}

/** γ is the rate parameter of ν ~ Gamma(q, γ), the scale of spend: it carries the currency. */
const GG_DIMENSIONS = { gamma: "money" } as const;

/** The mean average spend Σ w·m̄ / Σ w of the customers a fit uses (1 when it is not positive). */
function moneyScale(d: PreparedSpend): number {
  let sm = 0;
  for (let i = 0; i < d.length; i++) sm += d.weight[i] * d.m[i];
  const c = sm / d.totalWeight;
  return c > 0 && Number.isFinite(c) ? c : 1;
}

/**
 * The fit plan on amounts divided by their mean c (`moneyScale`), so spend in cents or in billions fits
 * alike: with m̄' = m̄/c and γ' = γ/c, note 025 eq. 3 is a density in m̄, so f(m̄) = f'(m̄')/c and
 * LL = LL' − N·ln c over the N customers fitted, and γ = c·γ'; p and q have no unit.
 */
function fitPlan(data: SpendData): { plan: FitPlan; leftOut: number } {
  const raw = prepare(data);
  const c = raw.length > 0 && raw.totalWeight > 0 ? moneyScale(raw) : 1;
  const d = c === 1 ? raw : prepare({ x: raw.x, m: raw.m.map((v) => v / c), weight: raw.weight, length: raw.length });
  if (d.length === 0 || !(d.totalWeight > 0)) {
    throw invalidArgument(
      "frequency: no customer has both a repeat purchase (frequency ≥ 1) and a positive average spend; the Gamma-Gamma model has nothing to fit.",
    );
  }
  if (d.xValues.length === 1 && d.length < 3) {
    throw invalidArgument("monetary: the Gamma-Gamma model needs at least 3 customers with repeat purchases.");
  }
  let subsample: LogLikProblem | undefined;
  if (d.length > SUBSAMPLE_ABOVE_ROWS) {
    const { rows, weight } = systematicSubsample(d.weight, SUBSAMPLE_SIZE);
    subsample = problem(prepare({ x: d.x, m: d.m, weight: d.weight, length: d.length }, rows, weight));
  }
  const scaling = scalingOf(["p", "q", "gamma"], GG_DIMENSIONS, { money: c }, -d.totalWeight * Math.log(c));
  return {
    plan: {
      full: problem(d),
      subsample,
      starts: starts(d),
      modelName: "Gamma-Gamma",
      scaling,
      meaning: ggMeaning,
      boundaries: [commonMeanLimit(d)],
      advice: "Use the mean of monetary as every customer's expected spend instead, or fit on more customers with repeat purchases.",
      population: "customers with repeat purchases (frequency ≥ 1) and a positive monetary value",
    },
    leftOut: data.length === 0 ? 0 : raw.leftOut,
  };
}

function* ggFitSteps(data: SpendData, opts?: FitOptions<GammaGammaParams>) {
  const { plan, leftOut } = fitPlan(data);
  const fit: Fit<GammaGammaParams> = yield* fitSteps<GammaGammaParams>(plan, opts);
  return { ...fit, extras: [{ label: LEFT_OUT_LABEL, value: leftOut }] };
}

/** Population mean of average spend, pγ/(q−1) (note 025 eq. 4); needs q > 1. */
export function ggMeanSpend(par: GammaGammaParams): number {
  if (!(par.q > 1)) {
    throw notAvailable(`The Gamma-Gamma population mean spend pγ/(q−1) does not exist for q = ${par.q} (it needs q > 1).`);
  }
  return (par.p * par.gamma) / (par.q - 1);
}

/** E[M | p, q, γ, m̄, x] = p(γ + m̄x)/(px + q − 1) (note 025 eq. 5); x = 0 gives the population mean. */
export function ggExpectedSpend(par: GammaGammaParams, x: number, m: number): number {
  if (x === 0) return ggMeanSpend(par);
  const denom = par.p * x + par.q - 1;
  if (!(denom > 0)) {
    throw notAvailable(`The Gamma-Gamma conditional mean needs p·x + q > 1; here p·x + q − 1 = ${denom}.`);
  }
  return (par.p * (par.gamma + m * x)) / denom;
}

export const gammaGamma: SpendModel<GammaGammaParams> = {
  kind: "spend",
  name: "Gamma-Gamma",
  aliases: ["GammaGamma", "GG", "Gamma Gamma"],
  paramNames: ["p", "q", "gamma"],
  paramDimensions: GG_DIMENSIONS,
  reference: "Fader & Hardie (2013), note 025, eqs. 3-5",
  logLikelihood: (p, d) => logLikPrepared(p, prepare(d)),
  fitSteps: ggFitSteps,
  fit: (d, opts) => runSteps(ggFitSteps(d, opts)),
  expectedSpend: ggExpectedSpend,
  meanSpend: ggMeanSpend,
};
