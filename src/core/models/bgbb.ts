/**
 * BG/BB: the beta-geometric/beta-Bernoulli model of discrete-time non-contractual repeat buying
 * (Fader, Hardie & Shang 2010, "Customer-Base Analysis in a Discrete-Time Noncontractual Setting",
 * Marketing Science 29(6), 1086–1108; referred to as FHS below).
 *
 * Story (FHS): at each of n transaction opportunities a customer who is alive transacts with
 * probability p; at the start of every opportunity a living customer dies with probability θ;
 * p ~ Beta(α, β), θ ~ Beta(γ, δ) across customers. Data per customer: frequency x (transactions in
 * opportunities 1..n), recency t_x (the opportunity of the last transaction, 0 when x = 0) and the
 * number of opportunities n. In the `CountModel` interface (model.ts) T carries n and t carries the
 * number of future opportunities n*; all of them must be whole numbers.
 *
 * Numerics: every formula is a sum of beta-function ratios. The likelihood uses tables of
 * lnΓ(α+k), lnΓ(β+k), lnΓ(α+β+k), lnΓ(δ+k), lnΓ(γ+δ+k) for k = 0..max n + 1 (exact integer offsets,
 * computed once per evaluation) and combines the terms of each customer in log space; predictions use
 * `lbeta`, which stays accurate for large arguments.
 */
import { invalidArgument } from "../errors";
import { digamma, hyp2f1, lbeta, lgamma, logSumExpArray } from "../math/special";
import type { Rng } from "../math/random";
import { compressCountData, subsampleCountData } from "./compress";
import { fitSteps, SUBSAMPLE_ABOVE_ROWS, SUBSAMPLE_SIZE, type FitPlan, type LogLikProblem } from "./fitting";
import { runSteps } from "../steps";
import { NO_REPEAT_PURCHASES, simulatePopulation, type CustomerHistory } from "./simulation";
import type { CompressedCountData, CountData, CountModel, FitOptions, SimulatedHistories } from "./model";

export type BgbbParams = { readonly alpha: number; readonly beta: number; readonly gamma: number; readonly delta: number };

const PARAM_NAMES = ["alpha", "beta", "gamma", "delta"] as const;

function wholeNumber(name: string, v: number, min = 0): void {
  if (!Number.isInteger(v) || v < min) {
    throw invalidArgument(
      `${name} is ${v}; BG/BB counts whole transaction opportunities, so it must be a whole number of at least ${min}.`,
    );
  }
}

function checkHistory(x: number, tx: number, n: number): void {
  wholeNumber("frequency", x);
  wholeNumber("recency", tx);
  wholeNumber("periods", n);
  if (tx > n) throw invalidArgument(`recency is ${tx}, more than periods (${n}); the last transaction cannot come after the last opportunity.`);
  if (x > tx || (x === 0 && tx !== 0) || (x > 0 && tx === 0)) {
    throw invalidArgument(
      `frequency ${x} and recency ${tx} do not fit together: with x transactions the last one is at opportunity x or later (and recency is 0 when x = 0).`,
    );
  }
}

/* ----------------------------------------------------------------------------------------------
 * Likelihood (FHS) with gradient on the log-parameter scale
 * -------------------------------------------------------------------------------------------- */

/**
 * ln L(α, β, γ, δ | x, t_x, n), the FHS likelihood function:
 *   L = B(α+x, β+n−x)/B(α,β) · B(γ, δ+n)/B(γ,δ)
 *     + Σ_{i=0}^{n−t_x−1} B(α+x, β+t_x−x+i)/B(α,β) · B(γ+1, δ+t_x+i)/B(γ,δ).
 * The first term: alive through opportunity n; term i: died just before opportunity t_x+i+1.
 */
export function bgbbLogLikRow(p: BgbbParams, x: number, tx: number, n: number): number {
  const { alpha: a, beta: b, gamma: g, delta: d } = p;
  const lbab = lbeta(a, b);
  const lbgd = lbeta(g, d);
  const terms = [lbeta(a + x, b + n - x) - lbab + lbeta(g, d + n) - lbgd];
  for (let i = 0; i <= n - tx - 1; i++) {
    terms.push(lbeta(a + x, b + tx - x + i) - lbab + lbeta(g + 1, d + tx + i) - lbgd);
  }
  return logSumExpArray(terms);
}

/** lnΓ(v + k) and ψ(v + k) for k = 0..size−1 (integer offsets shared by all customers). */
function lgammaTable(v: number, size: number): Float64Array {
  const t = new Float64Array(size);
  for (let k = 0; k < size; k++) t[k] = lgamma(v + k);
  return t;
}

function digammaTable(v: number, size: number): Float64Array {
  const t = new Float64Array(size);
  t[0] = digamma(v);
  // ψ(v+k+1) = ψ(v+k) + 1/(v+k): exact recurrence, rounding grows only like k·ε.
  for (let k = 1; k < size; k++) t[k] = t[k - 1] + 1 / (v + k - 1);
  return t;
}

/**
 * Total log-likelihood Σ w_i ln L_i of compressed data; when `grad` is given it receives
 * ∂LL/∂(ln α, ln β, ln γ, ln δ) (derivatives of ln B via ψ, DLMF 5.12.1 and 5.15.1).
 */
export function bgbbLogLik(p: BgbbParams, d: CompressedCountData, grad?: Float64Array): number {
  const { alpha: a, beta: b, gamma: g, delta: dl } = p;
  let maxN = 0;
  for (let r = 0; r < d.length; r++) if (d.T[r] > maxN) maxN = d.T[r];
  const size = maxN + 2;
  const LA = lgammaTable(a, size);
  const LB = lgammaTable(b, size);
  const LAB = lgammaTable(a + b, size);
  const LD = lgammaTable(dl, size);
  const LGD = lgammaTable(g + dl, size);
  const lbab = LA[0] + LB[0] - LAB[0];
  const logG = Math.log(g);
  // Constant part of ln B(γ, δ+m) − ln B(γ, δ) = [lnΓ(δ+m) − lnΓ(γ+δ+m)] − [lnΓ(δ) − lnΓ(γ+δ)].
  const gdBase = -LD[0] + LGD[0];
  let PA: Float64Array | undefined, PB: Float64Array | undefined, PAB: Float64Array | undefined;
  let PD: Float64Array | undefined, PGD: Float64Array | undefined;
  if (grad) {
    PA = digammaTable(a, size);
    PB = digammaTable(b, size);
    PAB = digammaTable(a + b, size);
    PD = digammaTable(dl, size);
    PGD = digammaTable(g + dl, size);
    grad.fill(0);
  }
  let total = 0;
  const terms: number[] = [];
  for (let r = 0; r < d.length; r++) {
    const w = d.weight[r];
    if (!(w > 0)) continue;
    const x = d.x[r];
    const tx = d.tx[r];
    const n = d.T[r];
    terms.length = 0;
    terms.push(LA[x] + LB[n - x] - LAB[n] - lbab + LD[n] - LGD[n] + gdBase);
    for (let i = 0; i <= n - tx - 1; i++) {
      const m = tx + i;
      terms.push(LA[x] + LB[m - x] - LAB[m] - lbab + logG + LD[m] - LGD[m + 1] + gdBase);
    }
    const ll = logSumExpArray(terms);
    total += w * ll;
    if (grad && PA && PB && PAB && PD && PGD) {
      // ∂ ln L/∂v = Σ_j softmax_j · ∂term_j/∂v; multiplied by v for the log scale.
      let ga = 0;
      let gb = 0;
      let gg = 0;
      let gd = 0;
      const baseA = -(PA[0] - PAB[0]);
      const baseB = -(PB[0] - PAB[0]);
      const baseGD = PGD[0];
      const baseD = -PD[0] + PGD[0];
      for (let j = 0; j < terms.length; j++) {
        const s = Math.exp(terms[j] - ll);
        if (s === 0) continue;
        if (j === 0) {
          ga += s * (PA[x] - PAB[n] + baseA);
          gb += s * (PB[n - x] - PAB[n] + baseB);
          gg += s * (-PGD[n] + baseGD);
          gd += s * (PD[n] - PGD[n] + baseD);
        } else {
          const m = tx + j - 1;
          ga += s * (PA[x] - PAB[m] + baseA);
          gb += s * (PB[m - x] - PAB[m] + baseB);
          gg += s * (1 / g - PGD[m + 1] + baseGD);
          gd += s * (PD[m] - PGD[m + 1] + baseD);
        }
      }
      grad[0] += w * ga * a;
      grad[1] += w * gb * b;
      grad[2] += w * gg * g;
      grad[3] += w * gd * dl;
    }
  }
  return total;
}

/* ----------------------------------------------------------------------------------------------
 * Predictions (FHS)
 * -------------------------------------------------------------------------------------------- */

/**
 * Σ_{t=from}^{to} B(γ, δ+t)/B(γ, δ): the expected number of opportunities in from..to at which a
 * customer is still alive (P(alive at t) = E[(1−θ)^t]). Summed exactly by the ratio
 * B(γ,δ+t)/B(γ,δ+t−1) = (δ+t−1)/(γ+δ+t−1) when short; otherwise the closed form behind FHS's E[X(n)]
 * and E[X(n, n+n*)]: δ/(γ−1)·Γ(γ+δ)/Γ(1+δ)·[Γ(1+δ+from−1)/Γ(γ+δ+from−1) − Γ(1+δ+to)/Γ(γ+δ+to)].
 */
export function aliveOpportunitySum(gamma: number, delta: number, from: number, to: number): number {
  if (to < from) return 0;
  const count = to - from + 1;
  if (count <= 100_000) {
    let ratio = Math.exp(lbeta(gamma, delta + from) - lbeta(gamma, delta));
    let sum = 0;
    for (let t = from; t <= to; t++) {
      sum += ratio;
      ratio *= (delta + t) / (gamma + delta + t);
    }
    return sum;
  }
  if (Math.abs(gamma - 1) <= 1e-9) {
    // γ = 1: B(1, δ+t)/B(1, δ) = δ/(δ+t), and Σ_{t=from}^{to} 1/(δ+t) = ψ(δ+to+1) − ψ(δ+from).
    return delta * (digamma(delta + to + 1) - digamma(delta + from));
  }
  const lead = Math.log(delta) - Math.log(Math.abs(gamma - 1)) + lgamma(gamma + delta) - lgamma(1 + delta);
  const first = lgamma(delta + from) - lgamma(gamma + delta + from - 1);
  const last = lgamma(1 + delta + to) - lgamma(gamma + delta + to);
  // For γ > 1 first > last; for γ < 1 last > first: the bracket and δ/(γ−1) share their sign.
  return Math.exp(lead + Math.max(first, last)) * -Math.expm1(-Math.abs(first - last));
}

/**
 * E[X(n)]: expected transactions of a new customer in opportunities 1..n (FHS):
 * α/(α+β) · δ/(γ−1) · [1 − Γ(γ+δ)Γ(1+δ+n)/(Γ(γ+δ+n)Γ(1+δ))] = α/(α+β)·Σ_{t=1}^n B(γ,δ+t)/B(γ,δ).
 */
export function bgbbExpectedNew(p: BgbbParams, n: number): number {
  wholeNumber("t", n);
  return (p.alpha / (p.alpha + p.beta)) * aliveOpportunitySum(p.gamma, p.delta, 1, n);
}

/**
 * P(X(n) = x) for a new customer (FHS):
 * C(n,x) B(α+x, β+n−x)/B(α,β) · B(γ, δ+n)/B(γ,δ) + Σ_{i=x}^{n−1} C(i,x) B(α+x, β+i−x)/B(α,β) · B(γ+1, δ+i)/B(γ,δ).
 */
export function bgbbPmf(p: BgbbParams, x: number, n: number): number {
  wholeNumber("n", x);
  wholeNumber("t", n);
  if (x > n) return 0;
  const { alpha: a, beta: b, gamma: g, delta: d } = p;
  const lbab = lbeta(a, b);
  const lbgd = lbeta(g, d);
  const logChoose = (m: number, k: number): number => lgamma(m + 1) - lgamma(k + 1) - lgamma(m - k + 1);
  const terms = [logChoose(n, x) + lbeta(a + x, b + n - x) - lbab + lbeta(g, d + n) - lbgd];
  for (let i = x; i <= n - 1; i++) {
    terms.push(logChoose(i, x) + lbeta(a + x, b + i - x) - lbab + lbeta(g + 1, d + i) - lbgd);
  }
  return Math.exp(logSumExpArray(terms));
}

/**
 * P(alive at opportunity n+1 | x, t_x, n) (FHS):
 * B(α+x, β+n−x)/B(α,β) · B(γ, δ+n+1)/B(γ,δ) / L(α,β,γ,δ | x, t_x, n).
 */
export function bgbbPAlive(p: BgbbParams, x: number, tx: number, n: number): number {
  checkHistory(x, tx, n);
  const { alpha: a, beta: b, gamma: g, delta: d } = p;
  const logNum = lbeta(a + x, b + n - x) - lbeta(a, b) + lbeta(g, d + n + 1) - lbeta(g, d);
  return Math.min(1, Math.exp(logNum - bgbbLogLikRow(p, x, tx, n)));
}

/**
 * E[X(n, n+n*) | x, t_x, n]: expected transactions in the next n* opportunities (FHS):
 * 1/L · B(α+x+1, β+n−x)/B(α,β) · Σ_{t=n+1}^{n+n*} B(γ, δ+t)/B(γ,δ)
 * (the sum is the paper's δ/(γ−1)·Γ(γ+δ)/Γ(1+δ)·[…] bracket).
 */
export function bgbbExpected(p: BgbbParams, nStar: number, x: number, tx: number, n: number): number {
  wholeNumber("t", nStar);
  checkHistory(x, tx, n);
  const { alpha: a, beta: b, gamma: g, delta: d } = p;
  const logPart = lbeta(a + x + 1, b + n - x) - lbeta(a, b) - bgbbLogLikRow(p, x, tx, n);
  return Math.exp(logPart) * aliveOpportunitySum(g, d, n + 1, n + nStar);
}

/**
 * DERT(d | x, t_x, n): discounted expected residual transactions (FHS), with the discount
 * rate d per opportunity (a transaction at opportunity n+k is worth (1+d)^−k):
 * B(α+x+1, β+n−x)/B(α,β) · B(γ, δ+n+1)/(B(γ,δ)(1+d)) · 2F1(1, δ+n+1; γ+δ+n+1; 1/(1+d)) / L.
 */
export function bgbbDert(p: BgbbParams, discount: number, x: number, tx: number, n: number): number {
  if (!(discount > 0) || !Number.isFinite(discount)) {
    throw invalidArgument(`discount is ${discount}; DERT needs a discount rate per period greater than 0 (e.g. 0.1 for 10%).`);
  }
  checkHistory(x, tx, n);
  const { alpha: a, beta: b, gamma: g, delta: d } = p;
  const logPart =
    lbeta(a + x + 1, b + n - x) - lbeta(a, b) + lbeta(g, d + n + 1) - lbeta(g, d) - Math.log1p(discount) - bgbbLogLikRow(p, x, tx, n);
  return Math.exp(logPart) * hyp2f1(1, d + n + 1, g + d + n + 1, 1 / (1 + discount));
}

/* ----------------------------------------------------------------------------------------------
 * Simulation (the FHS story)
 * -------------------------------------------------------------------------------------------- */

/**
 * One customer's transactions among opportunities 1..n: p ~ Beta(α,β), θ ~ Beta(γ,δ); the customer dies
 * at the start of opportunity τ ~ Geometric(θ) (trials to the first death) and so is alive at 1..τ−1,
 * transacting at each with probability p. Drawn in a bounded number of steps: counting back from the
 * last opportunity alive, m, the first transaction met is G ~ Geometric(p) steps away, so t_x = m − G + 1
 * (none when G > m); the opportunities before t_x are independent Bernoulli(p), so x = 1 + Binomial(t_x − 1, p).
 */
export function bgbbSimulateHistory(p: BgbbParams, n: number, rng: Rng): CustomerHistory {
  const prob = Math.min(rng.beta(p.alpha, p.beta), 1);
  const theta = rng.beta(p.gamma, p.delta);
  const lastAlive = theta > 0 ? Math.min(n, rng.geometric(Math.min(theta, 1)) - 1) : n;
  if (!(prob > 0) || !(lastAlive >= 1)) return NO_REPEAT_PURCHASES;
  const gap = rng.geometric(prob);
  if (gap > lastAlive) return NO_REPEAT_PURCHASES;
  const tx = lastAlive - gap + 1;
  return { x: 1 + rng.binomial(tx - 1, prob), tx };
}

/** Histories (x, t_x, n) of customers with n = periods[i] opportunities each. */
export function bgbbSimulate(p: BgbbParams, periods: ArrayLike<number>, rng: Rng): SimulatedHistories {
  for (let i = 0; i < periods.length; i++) wholeNumber("periods", periods[i]);
  return simulatePopulation(periods, (n) => bgbbSimulateHistory(p, n, rng));
}

/* ----------------------------------------------------------------------------------------------
 * Fitting
 * -------------------------------------------------------------------------------------------- */

function problem(d: CompressedCountData): LogLikProblem {
  const g = new Float64Array(4);
  return {
    names: PARAM_NAMES,
    n: d.totalWeight,
    logLik(theta, grad) {
      const p = { alpha: Math.exp(theta[0]), beta: Math.exp(theta[1]), gamma: Math.exp(theta[2]), delta: Math.exp(theta[3]) };
      const ll = bgbbLogLik(p, d, grad ? g : undefined);
      if (grad) grad.set(g);
      return ll;
    },
  };
}

/**
 * Starting points (log scale): the share of opportunities with a transaction, q = Σx/Σn, fixes
 * α/(α+β) ≈ q/(share alive); three shapes of heterogeneity and drop-out around it.
 */
function starts(d: CompressedCountData): number[][] {
  let sx = 0;
  let sn = 0;
  for (let i = 0; i < d.length; i++) {
    sx += d.weight[i] * d.x[i];
    sn += d.weight[i] * d.T[i];
  }
  const q = Math.min(0.95, Math.max(0.02, sn > 0 ? sx / sn : 0.5));
  const shapes: [number, number, number][] = [
    [1, 1, 3],
    [0.5, 0.5, 1],
    [3, 1, 10],
  ];
  return shapes.map(([s, g, dl]) => {
    const mean = Math.min(0.97, q * 1.3);
    return [Math.log(s * mean), Math.log(s * (1 - mean)), Math.log(g), Math.log(dl)];
  });
}

/** Checks BG/BB data (whole numbers, x ≤ t_x ≤ n) before a fit; names the argument and row. */
function checkData(d: CountData): void {
  for (let i = 0; i < d.length; i++) {
    const x = d.x[i];
    const tx = d.tx[i];
    const n = d.T[i];
    const row = `row ${i + 1}`;
    if (!Number.isInteger(x) || x < 0) throw invalidArgument(`frequency: ${row} is ${x}; it must be a whole number of at least 0.`);
    if (!Number.isInteger(tx) || tx < 0) throw invalidArgument(`recency: ${row} is ${tx}; it must be a whole number of at least 0.`);
    if (!Number.isInteger(n) || n < 1) throw invalidArgument(`periods: ${row} is ${n}; it must be a whole number of at least 1.`);
    if (tx > n) throw invalidArgument(`periods: ${row} is ${n}, less than recency (${tx}); recency cannot exceed the number of periods.`);
    if (x > tx) throw invalidArgument(`frequency: ${row} is ${x}, more than recency (${tx}); at most one transaction per period.`);
    if (x === 0 && tx !== 0) throw invalidArgument(`recency: ${row} is ${tx} but frequency is 0; recency must be 0 when there are no transactions.`);
    if (x > 0 && tx === 0) throw invalidArgument(`recency: ${row} is 0 but frequency is ${x}; recency is the period of the last transaction.`);
    if (!(d.weight[i] > 0) || !Number.isFinite(d.weight[i])) {
      throw invalidArgument(`weights: ${row} is ${d.weight[i]}; weights are numbers of customers and must be greater than 0 (delete the row instead).`);
    }
  }
}

/** The fit plan (fitting.ts) of BG/BB on raw or compressed data. */
export function bgbbFitPlan(data: CountData): FitPlan {
  checkData(data);
  const d = compressCountData(data);
  return {
    full: problem(d),
    subsample: d.length > SUBSAMPLE_ABOVE_ROWS ? problem(subsampleCountData(d, SUBSAMPLE_SIZE)) : undefined,
    starts: starts(d),
    modelName: "BG/BB",
  };
}

export const bgbb: CountModel<BgbbParams> = {
  kind: "count",
  name: "BG/BB",
  aliases: ["BGBB", "BG BB", "beta-geometric/beta-Bernoulli"],
  timeDomain: "discrete",
  paramNames: PARAM_NAMES,
  reference: "Fader, Hardie & Shang (2010), Customer-Base Analysis in a Discrete-Time Noncontractual Setting, Marketing Science 29(6)",
  logLikelihood: (p, d) => {
    checkData(d);
    return bgbbLogLik(p, compressCountData(d));
  },
  fitSteps: (d: CountData, opts?: FitOptions<BgbbParams>) => fitSteps<BgbbParams>(bgbbFitPlan(d), opts),
  fit: (d, opts) => runSteps(fitSteps<BgbbParams>(bgbbFitPlan(d), opts)),
  expectedNew: (p, t) => bgbbExpectedNew(p, t),
  expected: (p, t, x, tx, T) => bgbbExpected(p, t, x, tx, T),
  pAlive: (p, x, tx, T) => bgbbPAlive(p, x, tx, T),
  pmf: (p, n, t) => bgbbPmf(p, n, t),
  dert: (p, discount, x, tx, T) => bgbbDert(p, discount, x, tx, T),
  simulateHistory: (p, T, rng) => bgbbSimulateHistory(p, T, rng),
  simulate: (p, T, rng) => bgbbSimulate(p, T, rng),
};
