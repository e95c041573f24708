/**
 * sBG: the shifted-beta-geometric model of contractual retention (Fader & Hardie 2007, "How to
 * project customer retention", Journal of Interactive Marketing 21(1), 76–90; "FH2007") and its
 * valuation (Fader & Hardie 2010, "Customer-base valuation in a contractual setting: the perils of
 * ignoring heterogeneity", Marketing Science 29(1), 85–93; "FH2010").
 *
 * Story (FH2007): at the end of each period a customer cancels with probability θ, constant for
 * the customer; θ ~ Beta(α, β) across customers. The lifetime T (the period in which the customer
 * churns) then has
 *   P(T = t) = B(α+1, β+t−1)/B(α, β),  S(t) = P(T > t) = B(α, β+t)/B(α, β)
 *   r_t = S(t)/S(t−1) = (β+t−1)/(α+β+t−1)
 * Data: survivors alive[t] of one cohort at the start of period t = 0..n (alive[0] = cohort size).
 * Likelihood (FH2007): Σ_{t=1}^{n} (alive[t−1] − alive[t])·ln P(T=t) + alive[n]·ln S(n).
 */
import { invalidArgument } from "../errors";
import { digamma, hyp2f1, lbeta } from "../math/special";
import type { Rng } from "../math/random";
import { fitSteps, type FitPlan, type LogLikProblem } from "./fitting";
import { runSteps } from "../steps";
import type { Fit, FitOptions, FitProgress, RetentionData, RetentionModel } from "./model";

export type SbgParams = { readonly alpha: number; readonly beta: number };

const PARAM_NAMES = ["alpha", "beta"] as const;

/** Nominal cohort size used when survivors arrive as percentages or fractions. */
export const NOMINAL_COHORT = 1000;

export type SurvivorFormat = "counts" | "percentages" | "fractions";

export interface PreparedRetentionData {
  readonly data: RetentionData;
  /** how the input was read */
  readonly format: SurvivorFormat;
  /** factor applied to the input values to get the counts in `data` */
  readonly scale: number;
}

/**
 * Reads a survivors column (period 0 first) and checks it: at least 3 values (period 0 and two
 * more), numbers ≥ 0, a positive first value, never rising. Formats:
 * - counts of a cohort (used as they are);
 * - fractions starting at 1 (e.g. 1, 0.631, 0.468) and percentages starting at 100 with decimals
 *   (100, 63.1, 46.8): scaled to a nominal cohort of 1,000, since the likelihood needs counts. The
 *   estimates do not depend on that choice; the log-likelihood and standard errors do (they are those
 *   of a cohort of 1,000). A column starting at 100 with whole numbers only is read as counts.
 * Errors name `argName` and the 1-based row.
 */
export function prepareSurvivors(values: ArrayLike<number>, argName = "survivors"): PreparedRetentionData {
  const n = values.length;
  if (n < 3) {
    throw invalidArgument(
      `${argName}: ${n} value${n === 1 ? "" : "s"}; the sBG model needs at least 3 periods (the cohort at period 0 and at least two later counts).`,
    );
  }
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (!Number.isFinite(v) || v < 0) throw invalidArgument(`${argName}: row ${i + 1} is ${v}; survivors must be numbers of at least 0.`);
    if (i > 0 && v > values[i - 1]) {
      throw invalidArgument(
        `${argName}: row ${i + 1} is ${v}, more than row ${i} (${values[i - 1]}); survivors of a cohort can only stay level or fall.`,
      );
    }
  }
  const first = values[0];
  if (!(first > 0)) throw invalidArgument(`${argName}: row 1 (the cohort at period 0) is ${first}; it must be greater than 0.`);
  let format: SurvivorFormat = "counts";
  let scale = 1;
  const allWhole = Array.from(values).every((v) => Number.isInteger(v));
  if (first === 1) {
    format = "fractions";
    scale = NOMINAL_COHORT;
  } else if (first === 100 && !allWhole) {
    format = "percentages";
    scale = NOMINAL_COHORT / 100;
  }
  const alive = Float64Array.from(values, (v) => v * scale);
  return { data: { alive }, format, scale };
}

function checkRetentionData(d: RetentionData): void {
  const a = d.alive;
  if (a.length < 3) throw invalidArgument(`survivors: the sBG model needs at least 3 periods (got ${a.length}).`);
  if (!(a[0] > 0)) throw invalidArgument(`survivors: row 1 (the cohort at period 0) is ${a[0]}; it must be greater than 0.`);
  for (let i = 0; i < a.length; i++) {
    if (!Number.isFinite(a[i]) || a[i] < 0) throw invalidArgument(`survivors: row ${i + 1} is ${a[i]}; survivors must be numbers of at least 0.`);
    if (i > 0 && a[i] > a[i - 1]) {
      throw invalidArgument(`survivors: row ${i + 1} is ${a[i]}, more than row ${i} (${a[i - 1]}); survivors can only stay level or fall.`);
    }
  }
}

/* ----------------------------------------------------------------------------------------------
 * Distribution functions
 * -------------------------------------------------------------------------------------------- */

/** P(T = t) = B(α+1, β+t−1)/B(α, β) for t = 1, 2, … (FH2007). */
export function sbgChurnProbability(p: SbgParams, t: number): number {
  if (!(t >= 1)) return 0;
  return Math.exp(lbeta(p.alpha + 1, p.beta + t - 1) - lbeta(p.alpha, p.beta));
}

/** S(t) = B(α, β+t)/B(α, β) (FH2007); defined for real t ≥ 0 through the beta function. */
export function sbgSurvival(p: SbgParams, t: number): number {
  if (!(t >= 0)) throw invalidArgument(`t is ${t}; survival is defined for t of at least 0 periods.`);
  if (t === 0) return 1;
  return Math.exp(lbeta(p.alpha, p.beta + t) - lbeta(p.alpha, p.beta));
}

/** r_t = (β+t−1)/(α+β+t−1): the share of those alive in period t−1 who renew in period t (FH2007). */
export function sbgRetention(p: SbgParams, t: number): number {
  if (!(t >= 1)) throw invalidArgument(`t is ${t}; the retention rate is defined for periods t of at least 1.`);
  return (p.beta + t - 1) / (p.alpha + p.beta + t - 1);
}

/**
 * DERL(d | α, β, n−1 renewals): discounted expected residual lifetime of a customer who has made
 * `renewals` = n−1 renewals, evaluated just before the next renewal decision (FH2010):
 *   DERL = (β+n−1)/(α+β+n−1) · 2F1(1, β+n; α+β+n; 1/(1+d))
 * i.e. Σ_{k≥1} S(n−1+k)/S(n−1)·(1+d)^−(k−1): the next renewal counts in full, later ones discounted.
 * `discount` is per period and must be > 0.
 */
/** Above this α + β the sBG mixture is a single geometric lifetime to double precision (see sbgDerl). */
const HOMOGENEOUS_LIMIT = 1e9;

export function sbgDerl(p: SbgParams, discount: number, renewals = 0): number {
  if (!(discount > 0) || !Number.isFinite(discount)) {
    throw invalidArgument(`discount is ${discount}; DERL needs a discount rate per period greater than 0 (e.g. 0.1 for 10%).`);
  }
  if (!Number.isInteger(renewals) || renewals < 0) {
    throw invalidArgument(`renewals is ${renewals}; it must be a whole number of at least 0.`);
  }
  const n = renewals + 1;
  const theta = p.alpha / (p.alpha + p.beta);
  if ((p.alpha + p.beta) * Math.min(1, discount + theta) > HOMOGENEOUS_LIMIT) {
    // α + β this large leaves no heterogeneity: every customer churns with θ = α/(α+β); the k-th term
    // ratio of the 2F1 series is (1 − θ)/(1 + d) to within k/(α+β), the series needs about 1/(d + θ)
    // terms, so DERL is the constant-retention r(1+d)/(1+d−r), r = 1 − θ (FH2010 §2), to a relative
    // 1e-9. The general 2F1 path takes time proportional to α + β there.
    const r = p.beta / (p.alpha + p.beta);
    return (r * (1 + discount)) / (1 + discount - r);
  }
  const lead = (p.beta + n - 1) / (p.alpha + p.beta + n - 1);
  return lead * hyp2f1(1, p.beta + n, p.alpha + p.beta + n, 1 / (1 + discount));
}

/**
 * DEL(d | α, β): discounted expected lifetime of a customer just acquired, counting the first period
 * (paid now) in full (FH2010): DEL = 2F1(1, β; α+β; 1/(1+d)) = 1 + DERL(d | 0 renewals)/(1+d).
 */
export function sbgDel(p: SbgParams, discount: number): number {
  if (!(discount > 0) || !Number.isFinite(discount)) {
    throw invalidArgument(`discount is ${discount}; DEL needs a discount rate per period greater than 0 (e.g. 0.1 for 10%).`);
  }
  return hyp2f1(1, p.beta, p.alpha + p.beta, 1 / (1 + discount));
}

/* ----------------------------------------------------------------------------------------------
 * Likelihood and fit
 * -------------------------------------------------------------------------------------------- */

/**
 * The FH2007 log-likelihood and, with `grad`, its derivatives with respect to (ln α, ln β), using
 * ∂ln B(a,b)/∂a = ψ(a) − ψ(a+b) (DLMF 5.12.1).
 */
export function sbgLogLik(p: SbgParams, d: RetentionData, grad?: Float64Array): number {
  const { alpha: a, beta: b } = p;
  const alive = d.alive;
  const n = alive.length - 1;
  const lbab = lbeta(a, b);
  let ll = 0;
  let ga = 0;
  let gb = 0;
  const psiAB = grad ? digamma(a + b) : 0;
  const psiA = grad ? digamma(a) : 0;
  const psiB = grad ? digamma(b) : 0;
  const psiA1 = grad ? digamma(a + 1) : 0;
  for (let t = 1; t <= n; t++) {
    const churned = alive[t - 1] - alive[t];
    if (churned > 0) {
      ll += churned * (lbeta(a + 1, b + t - 1) - lbab);
      if (grad) {
        const psiSum = digamma(a + b + t);
        ga += churned * (psiA1 - psiSum - (psiA - psiAB));
        gb += churned * (digamma(b + t - 1) - psiSum - (psiB - psiAB));
      }
    }
  }
  const survivors = alive[n];
  if (survivors > 0) {
    ll += survivors * (lbeta(a, b + n) - lbab);
    if (grad) {
      const psiSum = digamma(a + b + n);
      ga += survivors * (psiA - psiSum - (psiA - psiAB));
      gb += survivors * (digamma(b + n) - psiSum - (psiB - psiAB));
    }
  }
  if (grad) {
    grad[0] = ga * a;
    grad[1] = gb * b;
  }
  return ll;
}

function problem(d: RetentionData): LogLikProblem {
  const g = new Float64Array(2);
  return {
    names: PARAM_NAMES,
    n: d.alive[0],
    logLik(theta, grad) {
      const ll = sbgLogLik({ alpha: Math.exp(theta[0]), beta: Math.exp(theta[1]) }, d, grad ? g : undefined);
      if (grad) grad.set(g);
      return ll;
    },
  };
}

/**
 * Starting points: the first-period churn share c = 1 − alive[1]/alive[0] matches P(T=1) = α/(α+β);
 * three levels of heterogeneity (α+β = 0.5, 2, 10) around it.
 */
function starts(d: RetentionData): number[][] {
  const c = Math.min(0.95, Math.max(0.02, 1 - d.alive[1] / d.alive[0]));
  return [0.5, 2, 10].map((s) => [Math.log(s * c), Math.log(s * (1 - c))]);
}

export function sbgFitPlan(d: RetentionData): FitPlan {
  checkRetentionData(d);
  if (d.alive[d.alive.length - 1] === d.alive[0]) {
    throw invalidArgument("survivors: nobody churned in any period, so the churn rate cannot be estimated (it would be 0).");
  }
  return { full: problem(d), starts: starts(d), modelName: "sBG" };
}

function* sbgFitSteps(d: RetentionData, opts?: FitOptions<SbgParams>): Generator<FitProgress, Fit<SbgParams>, void> {
  const fit = yield* fitSteps<SbgParams>(sbgFitPlan(d), opts);
  return { ...fit, extras: [...(fit.extras ?? []), { label: "periods", value: d.alive.length - 1 }] };
}

/* ----------------------------------------------------------------------------------------------
 * Simulation
 * -------------------------------------------------------------------------------------------- */

/**
 * Lifetimes (the period in which each customer churns, 1, 2, …) of `customers` new customers:
 * θ ~ Beta(α, β), T ~ Geometric(θ) (FH2007). With a `cap`, lifetimes longer than `cap` periods are
 * returned as cap + 1 ("still active after cap periods"); without one they are exact.
 */
export function sbgSimulateLifetimes(p: SbgParams, customers: number, rng: Rng, cap?: number): Float64Array {
  const out = new Float64Array(customers);
  for (let i = 0; i < customers; i++) {
    const theta = rng.beta(p.alpha, p.beta);
    let life = theta > 0 ? rng.geometric(Math.min(theta, 1)) : Number.MAX_SAFE_INTEGER;
    if (!Number.isFinite(life) || life > Number.MAX_SAFE_INTEGER) life = Number.MAX_SAFE_INTEGER;
    if (cap !== undefined && life > cap) life = cap + 1;
    out[i] = life;
  }
  return out;
}

/** Survivors alive[t], t = 0..periods, of a simulated cohort of `customers`. */
export function sbgSimulateCohort(p: SbgParams, customers: number, periods: number, rng: Rng): Float64Array {
  const life = sbgSimulateLifetimes(p, customers, rng);
  const alive = new Float64Array(periods + 1);
  for (const l of life) {
    // alive at the start of period t ⇔ survived t renewals ⇔ T > t
    const last = Math.min(periods, l - 1);
    for (let t = 0; t <= last; t++) alive[t]++;
  }
  return alive;
}

export const sbg: RetentionModel<SbgParams> = {
  kind: "retention",
  name: "sBG",
  aliases: ["shifted-beta-geometric", "shifted beta geometric"],
  paramNames: PARAM_NAMES,
  reference: "Fader & Hardie (2007), How to project customer retention, J. Interactive Marketing 21(1); Fader & Hardie (2010), Marketing Science 29(1)",
  logLikelihood: (p, d) => {
    checkRetentionData(d);
    return sbgLogLik(p, d);
  },
  fitSteps: (d, opts) => sbgFitSteps(d, opts),
  fit: (d, opts) => runSteps(sbgFitSteps(d, opts)),
  survival: (p, t) => sbgSurvival(p, t),
  retention: (p, t) => sbgRetention(p, t),
  derl: (p, discount, renewals) => sbgDerl(p, discount, renewals),
};
