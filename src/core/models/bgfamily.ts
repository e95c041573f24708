/**
 * The beta-geometric/NBD family: BG/NBD (Fader, Hardie & Lee 2005, "Counting your customers the easy
 * way", Marketing Science 24(2)) and MBG/NBD (Batislam, Denizel & Filiztekin 2007, "Empirical
 * validation and comparison of models for customer base analysis", IJRM 24(3)).
 *
 * Both models: while alive, a customer buys at Poisson rate λ ~ Gamma(r, α); after a purchase she
 * drops out with probability p ~ Beta(a, b). BG/NBD counts only repeat purchases as drop-out
 * opportunities; MBG/NBD also lets her drop out right after the first purchase (at time 0). With
 * `shift` k = 0 (BG/NBD) or k = 1 (MBG/NBD) the number of drop-out opportunities survived by a
 * customer seen alive after x repeat purchases is x + k, and every formula below is the BG/NBD one
 * with b + x replaced by b + x + k:
 *
 *   L(x, t_x, T) = B(a, b+x+k)/B(a,b) · Γ(r+x)α^r / (Γ(r)(α+T)^(r+x))
 *                + 1{x+k>0} B(a+1, b+x+k−1)/B(a,b) · Γ(r+x)α^r / (Γ(r)(α+t_x)^(r+x))
 *     (FHL 2005 eq. 6; Batislam et al. 2007 eq. 7 for k = 1)
 *
 * Terms that depend only on x (log Pochhammer symbols and digamma differences) are computed once per
 * distinct x; the row loop needs two logarithms, one exponential and one log1p (DESIGN §4.2).
 */
import { invalidArgument, type ClvError } from "../errors";
import { digamma, hyp2f1, lgamma, log1pExp, logistic, logPochhammer } from "../math/special";
import type { CompressedCountData, CountData, CountModel, FitOptions, Params, Rng, SimulatedHistories } from "./model";
import { compressCountData, purchaseRate, repeatPurchases, scaleCountTimes, subsampleCountData, timeIndex, timeScale } from "./compress";
import { SUBSAMPLE_ABOVE_ROWS, SUBSAMPLE_SIZE, fitSteps, scalingOf, type BoundaryLimit, type FitPlan, type LogLikProblem } from "./fitting";
import { runSteps } from "../steps";
import { checkedCount, NO_REPEAT_PURCHASES, simulatePopulation, type CustomerHistory } from "./simulation";

export type BgFamilyParams = { readonly r: number; readonly alpha: number; readonly a: number; readonly b: number };

/** 0 for BG/NBD, 1 for MBG/NBD: extra drop-out opportunity at time 0. */
export type Shift = 0 | 1;

interface PerX {
  /** Σ_j W_j · (x-only part of the log-likelihood) */
  readonly constant: number;
  /** x-only parts of d/dr, d/da, d/db */
  readonly dr: number;
  readonly da: number;
  readonly db: number;
  /** ln[a / (b + x + k − 1)] per distinct x (−∞ when x + k = 0) */
  readonly logRatio: Float64Array;
  /** 1 / (b + x + k − 1) per distinct x (0 when x + k = 0) */
  readonly invBx: Float64Array;
}

/**
 * x-only terms summed over the distinct frequencies: ln Γ(r+x)/Γ(r) = ln (r)_x and
 * ln B(a, b+x+k)/B(a,b) = ln (b)_{x+k} − ln (a+b)_{x+k}, with their digamma derivatives
 * (ψ(r+x) − ψ(r) = Σ_{i<x} 1/(r+i) for whole x).
 */
function perDistinctX(k: Shift, p: BgFamilyParams, d: CompressedCountData): PerX {
  const { r, a, b } = p;
  const xs = d.xValues;
  const W = d.xWeight;
  const nx = xs.length;
  const maxX = nx > 0 ? xs[nx - 1] : 0;
  const logRatio = new Float64Array(nx);
  const invBx = new Float64Array(nx);
  let constant = 0;
  let dr = 0;
  let da = 0;
  let db = 0;
  const logA = Math.log(a);
  if (maxX <= 20000) {
    // Running sums over 0..maxX+k: cheaper and more accurate than lgamma differences here.
    let lr = 0; // ln (r)_x
    let pr = 0; // ψ(r+x) − ψ(r)
    let lb = 0; // ln (b)_{x+k}
    let pb = 0; // ψ(b+x+k) − ψ(b)
    let lab = 0; // ln (a+b)_{x+k}
    let pab = 0; // ψ(a+b+x+k) − ψ(a+b)
    if (k === 1) {
      lb = Math.log(b);
      pb = 1 / b;
      lab = Math.log(a + b);
      pab = 1 / (a + b);
    }
    let j = 0;
    for (let v = 0; v <= maxX && j < nx; v++) {
      if (xs[j] === v) {
        const w = W[j];
        constant += w * (lr + lb - lab);
        dr += w * pr;
        da -= w * pab;
        db += w * (pb - pab);
        if (v + k > 0) {
          const bx = b + v + k - 1;
          logRatio[j] = logA - Math.log(bx);
          invBx[j] = 1 / bx;
        } else {
          logRatio[j] = -Infinity;
        }
        j++;
      }
      lr += Math.log(r + v);
      pr += 1 / (r + v);
      lb += Math.log(b + v + k);
      pb += 1 / (b + v + k);
      lab += Math.log(a + b + v + k);
      pab += 1 / (a + b + v + k);
    }
  } else {
    const psiR = digamma(r);
    const psiB = digamma(b);
    const psiAB = digamma(a + b);
    for (let j = 0; j < nx; j++) {
      const v = xs[j];
      const w = W[j];
      constant += w * (logPochhammer(r, v) + logPochhammer(b, v + k) - logPochhammer(a + b, v + k));
      dr += w * (digamma(r + v) - psiR);
      const pab = digamma(a + b + v + k) - psiAB;
      da -= w * pab;
      db += w * (digamma(b + v + k) - psiB - pab);
      if (v + k > 0) {
        const bx = b + v + k - 1;
        logRatio[j] = logA - Math.log(bx);
        invBx[j] = 1 / bx;
      } else {
        logRatio[j] = -Infinity;
      }
    }
  }
  return { constant, dr, da, db, logRatio, invBx };
}

/**
 * Log-likelihood of the family summed over (weighted) rows; when `grad` is given it receives the
 * gradient with respect to the log parameters (ln r, ln α, ln a, ln b), i.e. θ·∂LL/∂θ.
 *
 * Row i contributes A + ln(e^{A3} + e^{A4}) with A3 = −(r+x) ln(α+T) and
 * A4 = ln[a/(b+x+k−1)] − (r+x) ln(α+t_x) (FHL 2005 eq. 6 divided by B(a, b+x+k)/B(a,b)); written as
 * A3 + softplus(A4 − A3) so it stays finite for large x.
 */
export function bgFamilyLogLik(k: Shift, p: BgFamilyParams, d: CompressedCountData, grad?: Float64Array): number {
  const { r, alpha, a, b } = p;
  if (!(r > 0 && alpha > 0 && a > 0 && b > 0)) return NaN;
  const per = perDistinctX(k, p, d);
  const n = d.length;
  const xIndex = d.xIndex;
  const xv = d.x;
  const w = d.weight;
  const times = timeIndex(d);
  let logT: Float64Array | undefined;
  let invT: Float64Array | undefined;
  if (times) {
    // Few distinct times (day-resolution data): one logarithm per distinct time, not per row.
    logT = new Float64Array(times.values.length);
    invT = new Float64Array(times.values.length);
    for (let i = 0; i < times.values.length; i++) {
      logT[i] = Math.log(alpha + times.values[i]);
      invT[i] = 1 / (alpha + times.values[i]);
    }
  }
  let ll = 0;
  let gr = 0;
  let gAlpha = 0;
  let ga = 0;
  let gb = 0;
  const logRatio = per.logRatio;
  const invBx = per.invBx;
  for (let i = 0; i < n; i++) {
    const wi = w[i];
    const x = xv[i];
    const p1 = r + x;
    let laT: number;
    let iT: number;
    if (times) {
      const ti = times.TIndex[i];
      laT = logT![ti];
      iT = invT![ti];
    } else {
      const T = d.T[i];
      laT = Math.log(alpha + T);
      iT = 1 / (alpha + T);
    }
    const j = xIndex[i];
    const lr = logRatio[j];
    if (lr === -Infinity) {
      // BG/NBD with x = 0: only the "still alive" term.
      ll -= wi * p1 * laT;
      if (grad) {
        gr -= wi * laT;
        gAlpha -= wi * p1 * iT;
      }
      continue;
    }
    let laTx: number;
    let iTx: number;
    if (times) {
      const ti = times.txIndex[i];
      laTx = logT![ti];
      iTx = invT![ti];
    } else {
      const tx = d.tx[i];
      laTx = Math.log(alpha + tx);
      iTx = 1 / (alpha + tx);
    }
    const e = lr + p1 * (laT - laTx); // ln(e^{A4}/e^{A3}) ≥ ln[a/(b+x+k−1)]
    let softplus: number;
    let w4: number; // share of the "dropped out after t_x" term
    if (e > 0) {
      const q = Math.exp(-e);
      softplus = e + Math.log1p(q);
      w4 = 1 / (1 + q);
    } else {
      const q = Math.exp(e);
      softplus = Math.log1p(q);
      w4 = q / (1 + q);
    }
    ll += wi * (softplus - p1 * laT);
    if (grad) {
      const w3 = 1 - w4;
      gr -= wi * (w3 * laT + w4 * laTx);
      gAlpha -= wi * p1 * (w3 * iT + w4 * iTx);
      ga += (wi * w4) / a;
      gb -= wi * w4 * invBx[j];
    }
  }
  const N = d.totalWeight;
  const logAlpha = Math.log(alpha);
  ll += per.constant + N * r * logAlpha;
  if (grad) {
    grad[0] = r * (gr + per.dr + N * logAlpha);
    grad[1] = alpha * (gAlpha + (N * r) / alpha);
    grad[2] = a * (ga + per.da);
    grad[3] = b * (gb + per.db);
  }
  return ll;
}

/**
 * From this a + b on, Beta(a, b) is taken as the point mass at p = a/(a+b) in the expectations (the
 * common drop-out limit a boundary fit reports, with a + b = COMMON_DROP_SIZE): the integrand
 * g(p) = E[X | p] is smooth, so the error is about g''(p)·Var(p)/2 with Var(p) = p(1−p)/(a+b+1), below
 * 1e-7 relative here (test/core/models/boundary.test.ts), while the hypergeometric series of the
 * general formulas with parameters this large would need millions of terms.
 */
const POINT_MASS_ABOVE = 1e8;

/** p = a/(a+b) when Beta(a, b) is that concentrated (see POINT_MASS_ABOVE), else undefined. */
function commonDropProbability(p: BgFamilyParams): number | undefined {
  return p.a + p.b >= POINT_MASS_ABOVE ? p.a / (p.a + p.b) : undefined;
}

/** Near a = 1 the closed forms divide 0 by 0; average the values at a = 1 ± 2h instead (error O(h²)). */
const A_NEAR_ONE = 1e-5;

/**
 * E[X(t)] for a new customer: B(a−1, b+k)/B(a,b) · [1 − (α/(α+t))^r 2F1(r, b+k; a+b+k−1; t/(α+t))]
 * (FHL 2005 eq. 7; k = 1: Batislam et al. 2007 eq. 9, prefactor b/(a−1)).
 */
export function bgFamilyExpectedNew(k: Shift, p: BgFamilyParams, t: number): number {
  if (t === 0) return 0;
  const common = commonDropProbability(p);
  if (common !== undefined) {
    // FHL 2005 eq. 7 before integrating over p: E[X(t) | p] = (1−p)^k/p · (1 − (α/(α+pt))^r)
    return Math.max(0, ((1 - common) ** k / common) * -Math.expm1(-p.r * Math.log1p((common * t) / p.alpha)));
  }
  if (Math.abs(p.a - 1) < A_NEAR_ONE) {
    return 0.5 * (expectedNewAt(k, { ...p, a: 1 - 2 * A_NEAR_ONE }, t) + expectedNewAt(k, { ...p, a: 1 + 2 * A_NEAR_ONE }, t));
  }
  return expectedNewAt(k, p, t);
}

function expectedNewAt(k: Shift, p: BgFamilyParams, t: number): number {
  const { r, alpha, a, b } = p;
  const z = t / (alpha + t);
  if (z === 1) throw horizonTooLong(t);
  const pre = k === 0 ? (a + b - 1) / (a - 1) : b / (a - 1);
  const h = hyp2f1(r, b + k, a + b + k - 1, z);
  // (α/(α+t))^r = (1 − z)^r. An expectation is never negative: rounding in 1 − (1 − z)^r·h for a tiny
  // z (α of 1e308) can leave −1e-306, which is 0.
  return Math.max(0, pre * -Math.expm1(r * Math.log1p(-z) + Math.log(h)));
}

/** t so long that t/(α+T+t) rounds to 1: the formulas cannot be evaluated there. */
function horizonTooLong(t: number): ClvError {
  return invalidArgument(`t is ${t}; that horizon is too long to evaluate in the model's time unit. Use a horizon of realistic length (e.g. 52 weeks).`);
}

/** ln of the odds "dropped out after t_x" : "alive" given the history (0 when x + k = 0 has no such term). */
function logDropOdds(k: Shift, p: BgFamilyParams, x: number, tx: number, T: number): number {
  if (x + k === 0) return -Infinity;
  const { r, alpha, a, b } = p;
  // ln((α+T)/(α+t_x)) as log1p: exact when α dwarfs T (a boundary fit's common purchase rate, α = r/λ
  // with r = 10^10), where a difference of two logarithms would lose the digits r multiplies.
  return Math.log(a / (b + x + k - 1)) + (r + x) * Math.log1p((T - tx) / (alpha + tx));
}

/**
 * P(alive | x, t_x, T) = 1 / (1 + 1{x+k>0} a/(b+x+k−1) · ((α+T)/(α+t_x))^(r+x))
 * (FHL 2005 eq. 11 with the BG/NBD convention; Batislam et al. 2007 for k = 1).
 */
export function bgFamilyPAlive(k: Shift, p: BgFamilyParams, x: number, tx: number, T: number): number {
  const e = logDropOdds(k, p, x, tx, T);
  return e === -Infinity ? 1 : e > 0 ? Math.exp(-e) / (1 + Math.exp(-e)) : 1 / (1 + Math.exp(e));
}

/**
 * E[Y(t) | x, t_x, T] = (a+b+x+k−1)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x)
 *   · 2F1(r+x, b+x+k; a+b+x+k−1; t/(α+T+t))] · P(alive | x, t_x, T)   (FHL 2005 eq. 10).
 * The hypergeometric argument approaches 1 for t ≫ α+T; the 2F1 implementation switches to its
 * connection formula there (DESIGN §4.2).
 */
export function bgFamilyExpected(k: Shift, p: BgFamilyParams, t: number, x: number, tx: number, T: number): number {
  if (t === 0) return 0;
  const common = commonDropProbability(p);
  if (common !== undefined) {
    // eq. 10's integrand at the point mass: P(alive)/p · (1 − ((α+T)/(α+T+pt))^(r+x)), λ | history ~ Gamma(r+x, α+T)
    const alive = bgFamilyPAlive(k, p, x, tx, T);
    return alive === 0 ? 0 : Math.max(0, (alive / common) * -Math.expm1(-(p.r + x) * Math.log1p((common * t) / (p.alpha + T))));
  }
  if (Math.abs(p.a - 1) < A_NEAR_ONE) {
    return 0.5 * (expectedAt(k, { ...p, a: 1 - 2 * A_NEAR_ONE }, t, x, tx, T) + expectedAt(k, { ...p, a: 1 + 2 * A_NEAR_ONE }, t, x, tx, T));
  }
  return expectedAt(k, p, t, x, tx, T);
}

function expectedAt(k: Shift, p: BgFamilyParams, t: number, x: number, tx: number, T: number): number {
  const { r, alpha, a, b } = p;
  // A customer whose P(alive) underflows (10,000 purchases, then weeks of silence) expects 0 more; the
  // hypergeometric factor need not (and for such x cannot) be evaluated.
  const alive = bgFamilyPAlive(k, p, x, tx, T);
  if (alive === 0) return 0;
  const z = t / (alpha + T + t);
  if (z === 1) throw horizonTooLong(t);
  const h = hyp2f1(r + x, b + x + k, a + b + x + k - 1, z);
  const bracket = -Math.expm1((r + x) * Math.log1p(-z) + Math.log(h));
  return Math.max(0, ((a + b + x + k - 1) / (a - 1)) * bracket * alive);
}

/** ln NB(j; r, α, t) = ln[Γ(r+j)/(Γ(r) j!)] + r ln(α/(α+t)) + j ln(t/(α+t)), the gamma-Poisson count. */
function logNegBinom(j: number, r: number, logQ: number, logP: number): number {
  return logPochhammer(r, j) - lgamma(j + 1) + r * logQ + (j === 0 ? 0 : j * logP);
}

/**
 * P(X(t) = n) for a new customer (FHL 2005 eq. 8; k = 1 by the same argument with x + 1 drop-out
 * opportunities):
 *   B(a, b+n+k)/B(a,b) NB(n; t) + 1{n+k>0} B(a+1, b+n+k−1)/B(a,b) · P(NB(t) ≥ n).
 * The tail P(NB ≥ n) is 1 − Σ_{j<n} NB(j) when that sum is small, else summed directly so small
 * probabilities keep their relative accuracy.
 */
export function bgFamilyPmf(k: Shift, p: BgFamilyParams, n: number, t: number): number {
  const { r, alpha, a, b } = p;
  if (t === 0) return n === 0 ? 1 : 0;
  // ln(α/(α+t)) as −log1p(t/α): r multiplies it, and r is 10^10 in a boundary fit's common purchase rate
  const logQ = -Math.log1p(t / alpha);
  const logP = Math.log(t / (alpha + t));
  // B(a, b+j)/B(a, b) = (b)_j/(a+b)_j and B(a+1, b+j−1)/B(a, b) = a (b)_{j−1}/(a+b)_j: rising factorials
  // keep their accuracy when a and b are huge (a boundary fit's a + b = 1e10), where differences of
  // log-beta functions of that size would lose it.
  const j = n + k;
  let out = Math.exp(logBetaRatio(a, b, j) + logNegBinom(n, r, logQ, logP));
  if (j > 0) {
    out += Math.exp(Math.log(a) + logBetaRatio(a, b, j - 1) - Math.log(a + b + j - 1)) * negBinomTail(n, r, logQ, logP);
  }
  return out;
}

/**
 * ln[(b)_j / (a+b)_j] = Σ_{i<j} log1p(−a/(a+b+i)): exact for any size of a and b (a boundary fit's
 * a + b is 10^10, its b for no drop-out 10^100); rising factorials by difference beyond 1,000 terms.
 */
function logBetaRatio(a: number, b: number, j: number): number {
  if (j > 1000) return logPochhammer(b, j) - logPochhammer(a + b, j);
  let s = 0;
  for (let i = 0; i < j; i++) s += Math.log1p(-a / (a + b + i));
  return s;
}

/** P(N ≥ n) for N ~ NB(r, p = t/(α+t)). */
export function negBinomTail(n: number, r: number, logQ: number, logP: number): number {
  if (n <= 0) return 1;
  let head = 0;
  let term = Math.exp(logNegBinom(0, r, logQ, logP));
  const p = Math.exp(logP);
  for (let j = 0; j < n; j++) {
    head += term;
    term *= ((r + j) / (j + 1)) * p;
  }
  if (head <= 0.5) return 1 - head;
  // Direct tail sum: term j = n onwards; ratio (r+j)/(j+1)·p tends to p < 1.
  let tail = 0;
  term = Math.exp(logNegBinom(n, r, logQ, logP));
  for (let j = n; j < n + 10_000_000; j++) {
    tail += term;
    term *= ((r + j) / (j + 1)) * p;
    if (term <= 1e-17 * tail && (r + j) * p < j + 1) break;
  }
  return tail;
}

/**
 * One customer's repeat purchases in (0, T]: λ ~ Gamma(shape r, rate α), p ~ Beta(a, b); with k = 1
 * she may drop out at time 0; after each purchase she drops out with probability p
 * (FHL 2005 §3 assumptions i–v; Batislam et al. 2007 §3). Drawn in a bounded number of steps: a
 * customer who never dropped out would make N ~ Poisson(λT) purchases, and she drops out after purchase
 * K ~ Geometric(p); she makes x = min(N, K). Given N, the purchase times are the order statistics of N
 * uniforms on (0, T], so t_x is T·U^(1/N) (the largest) when x = N and T·Beta(K, N−K+1) (the K-th)
 * otherwise.
 */
export function bgFamilySimulateHistory(k: Shift, p: BgFamilyParams, T: number, rng: Rng, name: string): CustomerHistory {
  const lambda = rng.gamma(p.r, 1 / p.alpha); // rate α = scale 1/α
  const drop = rng.beta(p.a, p.b);
  if (k === 1 && rng.uniform() < drop) return NO_REPEAT_PURCHASES;
  if (!(lambda > 0)) return NO_REPEAT_PURCHASES;
  const n = checkedCount(rng.poisson(lambda * T), name);
  if (n === 0) return NO_REPEAT_PURCHASES;
  const dropAfter = drop > 0 ? rng.geometric(Math.min(drop, 1)) : Infinity;
  if (dropAfter >= n) return { x: n, tx: T * Math.pow(rng.uniform(), 1 / n) };
  return { x: dropAfter, tx: T * rng.beta(dropAfter, n - dropAfter + 1) };
}

export function bgFamilySimulate(k: Shift, p: BgFamilyParams, T: ArrayLike<number>, rng: Rng, name: string): SimulatedHistories {
  return simulatePopulation(T, (t) => bgFamilySimulateHistory(k, p, t, rng, name));
}

/**
 * Starting points on the log scale: the purchase rate among all customers, λ̂ = Σx / ΣT, fixes
 * E[λ] = r/α; three shapes of heterogeneity and drop-out around it.
 */
function bgFamilyStarts(d: CompressedCountData): number[][] {
  const { rate } = purchaseRate(d);
  const shapes: [number, number, number][] = [
    [1, 1, 3],
    [0.3, 0.7, 2],
    [3, 2, 8],
  ];
  return shapes.map(([r, a, b]) => [Math.log(r), Math.log(r / rate), Math.log(a), Math.log(b)]);
}

function problem(k: Shift, d: CompressedCountData): LogLikProblem {
  const g = new Float64Array(4);
  return {
    names: ["r", "alpha", "a", "b"],
    n: d.totalWeight,
    logLik(theta, grad) {
      const p = { r: Math.exp(theta[0]), alpha: Math.exp(theta[1]), a: Math.exp(theta[2]), b: Math.exp(theta[3]) };
      const ll = bgFamilyLogLik(k, p, d, grad ? g : undefined);
      if (grad) grad.set(g);
      return ll;
    },
  };
}

/**
 * The family's limit a, b → ∞ at fixed p = a/(a+b): Beta(a, b) becomes a point mass, so every customer
 * drops out with the same probability p after each repeat purchase (MBG/NBD: also right after the
 * first). Since B(a+i, b+j)/B(a, b) = (a)_i (b)_j / (a+b)_{i+j} → p^i (1−p)^j, FHL 2005 eq. 6 becomes
 *
 *   L(x, t_x, T) = Γ(r+x)α^r/Γ(r) · [(1−p)^(x+k) (α+T)^−(r+x) + 1{x+k>0} p(1−p)^(x+k−1) (α+t_x)^−(r+x)].
 *
 * Parameters (r, α, q) with q = p/(1−p) the odds, so that all three are positive and the fit runs on
 * their logarithms; `grad` receives the gradient with respect to (ln r, ln α, ln q). Row i contributes
 * ln(r)_x + r ln α + (x+k) ln(1−p) − (r+x) ln(α+T) + softplus(ln q + (r+x) ln((α+T)/(α+t_x))).
 */
export function bgFamilyCommonDropLogLik(
  k: Shift,
  par: { readonly r: number; readonly alpha: number; readonly q: number },
  d: CompressedCountData,
  grad?: Float64Array,
): number {
  const { r, alpha, q } = par;
  if (!(r > 0 && alpha > 0 && q > 0) || !Number.isFinite(r + alpha + q)) return NaN;
  const logQ = Math.log(q);
  const log1mp = -Math.log1p(q); // ln(1 − p)
  const share = q / (1 + q); // p = d ln(1+q) / d ln q
  let ll = 0;
  let gr = 0;
  let gAlpha = 0;
  let gq = 0;
  // x-only terms per distinct x: ln (r)_x and ψ(r+x) − ψ(r).
  const psiR = digamma(r);
  for (let j = 0; j < d.xValues.length; j++) {
    const x = d.xValues[j];
    ll += d.xWeight[j] * logPochhammer(r, x);
    if (grad) gr += d.xWeight[j] * (digamma(r + x) - psiR);
  }
  for (let i = 0; i < d.length; i++) {
    const wi = d.weight[i];
    const x = d.x[i];
    const p1 = r + x;
    const laT = Math.log(alpha + d.T[i]);
    const iT = 1 / (alpha + d.T[i]);
    const drops = x + k;
    ll += wi * (drops * log1mp - p1 * laT);
    if (grad) gq -= wi * drops * share;
    if (drops === 0) {
      if (grad) {
        gr -= wi * laT;
        gAlpha -= wi * p1 * iT;
      }
      continue;
    }
    const laTx = Math.log(alpha + d.tx[i]);
    const iTx = 1 / (alpha + d.tx[i]);
    const e = logQ + p1 * (laT - laTx);
    ll += wi * log1pExp(e);
    const w4 = logistic(e); // share of the "dropped out after t_x" term
    if (grad) {
      const w3 = 1 - w4;
      gr -= wi * (w3 * laT + w4 * laTx);
      gAlpha -= wi * p1 * (w3 * iT + w4 * iTx);
      gq += wi * w4;
    }
  }
  const N = d.totalWeight;
  const logAlpha = Math.log(alpha);
  ll += N * r * logAlpha;
  if (grad) {
    grad[0] = r * (gr + N * logAlpha);
    grad[1] = alpha * (gAlpha + (N * r) / alpha);
    grad[2] = gq;
  }
  return ll;
}

/**
 * a + b of the full-model parameters that stand for the common drop-out limit: a = p·K, b = (1−p)·K.
 * Every prediction then differs from the limit's by O(1/K) relatively (Var p = p(1−p)/(K+1)), about
 * 1e-10 here; the closed forms stay accurate at this size (test/core/models/boundary.test.ts).
 */
export const COMMON_DROP_SIZE = 1e10;

/** A limit's likelihood on log parameters, from one on the parameters themselves. */
function logProblem(names: string[], n: number, logLik: (p: number[], grad?: Float64Array) => number): LogLikProblem {
  return { names, n, logLik: (theta, grad) => logLik(theta.map(Math.exp), grad) };
}

function formatFigure(v: number): string {
  return Number.isFinite(v) ? Number(v.toPrecision(3)).toString() : "?";
}

/** The common drop-out limit as a boundary of the full fit (fitting.ts `BoundaryLimit`). */
function commonDropLimit(k: Shift, d: CompressedCountData): BoundaryLimit {
  const logK = Math.log(COMMON_DROP_SIZE);
  return {
    runaway: [2, 3],
    problem: logProblem(["r", "alpha", "q"], d.totalWeight, ([r, alpha, q], g) => bgFamilyCommonDropLogLik(k, { r, alpha, q }, d, g)),
    // p = a/(a+b), so q = p/(1−p) = a/b
    start: (theta) => [theta[0], theta[1], theta[2] - theta[3]],
    represent: ([lr, la, lq]) => [lr, la, logK + lq - log1pExp(lq), logK - log1pExp(lq)],
    shared: [0, 1, -1, -1],
    logFactors: (lf) => [lf[0], lf[1], 0],
    describe(_params, limit, logLik) {
      const q = limit.estimates.q;
      const p = q / (1 + q);
      // delta method: dp/dq = 1/(1+q)²
      const se = limit.stdErrors.q / ((1 + q) * (1 + q));
      const when = k === 0 ? "after each repeat purchase" : "right after the first purchase and after each repeat purchase";
      return (
        `a, b → ∞: every customer has the same chance p = ${formatFigure(p)}${Number.isFinite(se) ? ` (s.e. ${formatFigure(se)})` : ""} of dropping out ${when}; ` +
        `the data show no spread in drop-out between customers. The likelihood of this limit is LL = ${logLik.toFixed(2)}; ` +
        `a and b stand for it (a/(a+b) = p, a + b = 10^10) and predict as it does.`
      );
    },
  };
}

/**
 * r of the full-model parameters that stand for a common purchase rate λ (r, α → ∞ at λ = r/α: the
 * gamma mixture becomes a point mass, every customer buys at rate λ while active); α = r/λ. The
 * closed forms then differ from the limit's by O(1/r) (the gamma's variance λ²/r).
 */
export const COMMON_RATE_SHAPE = 1e10;
/**
 * b of the full-model parameters that stand for no drop-out (b → ∞ with a = 1: the drop-out
 * probability's mean 1/(1+b) vanishes). P(alive) then differs from 1 by at most
 * 10^-100·((α+T)/(α+t_x))^(r+x), below 1e-6 unless (r+x)·ln((α+T)/(α+t_x)) exceeds 216 (e.g. 100
 * purchases, then a silence 8.7 times as long as the span they took). Larger b would overflow the
 * rising factorials (b)_x of the likelihood.
 */
export const NO_DROP_B = 1e100;

/**
 * Limits of the family in which every customer buys at the same rate λ (r, α → ∞ at λ = r/α), from
 * eq. 6 with Γ(r+x)α^r/(Γ(r)(α+y)^(r+x)) → λ^x e^(−λy):
 *   with a common drop-out probability p (a, b → ∞ too; parameters λ, q = p/(1−p)):
 *     ln L = x ln λ − λT + (x+k) ln(1−p) + 1{x+k>0} softplus(ln q + λ(T − t_x));
 *   without drop-out (b → ∞; parameter λ): ln L = x ln λ − λT, maximised at λ = Σx/ΣT.
 * `grad` receives the gradient with respect to the log parameters.
 */
export function bgFamilyCommonRateLogLik(
  k: Shift,
  par: { readonly lambda: number; readonly q?: number },
  d: CompressedCountData,
  grad?: Float64Array,
): number {
  const { lambda, q } = par;
  if (!(lambda > 0) || !Number.isFinite(lambda) || (q !== undefined && !(q > 0 && Number.isFinite(q)))) return NaN;
  const logLambda = Math.log(lambda);
  const logQ = q === undefined ? 0 : Math.log(q);
  const log1mp = q === undefined ? 0 : -Math.log1p(q);
  const share = q === undefined ? 0 : q / (1 + q);
  let ll = 0;
  let gl = 0;
  let gq = 0;
  for (let i = 0; i < d.length; i++) {
    const wi = d.weight[i];
    const x = d.x[i];
    const T = d.T[i];
    ll += wi * (x * logLambda - lambda * T);
    gl += wi * (x - lambda * T);
    if (q === undefined) continue;
    const drops = x + k;
    ll += wi * drops * log1mp;
    gq -= wi * drops * share;
    if (drops === 0) continue;
    const e = logQ + lambda * (T - d.tx[i]);
    ll += wi * log1pExp(e);
    const w4 = logistic(e); // share of the "dropped out after t_x" term
    gl += wi * w4 * lambda * (T - d.tx[i]);
    gq += wi * w4;
  }
  if (grad) {
    grad[0] = gl;
    if (q !== undefined) grad[1] = gq;
  }
  return ll;
}

/**
 * The family's limit in which every customer buys at the same rate λ (r, α → ∞ at λ = r/α) while
 * drop-out chances still vary as Beta(a, b). In eq. 6, Γ(r+x)α^r/(Γ(r)(α+y)^(r+x)) → λ^x e^(−λy),
 * B(a, b+j)/B(a, b) = (b)_j/(a+b)_j and B(a+1, b+j−1)/B(a, b) = a (b)_(j−1)/(a+b)_j with j = x+k, so
 *   ln L = x ln λ − λT + ln (b)_j − ln (a+b)_j + 1{j>0} softplus(ln a − ln(b+j−1) + λ(T − t_x)).
 * `grad` receives the gradient with respect to (ln λ, ln a, ln b).
 */
export function bgFamilyCommonRateBetaLogLik(
  k: Shift,
  par: { readonly lambda: number; readonly a: number; readonly b: number },
  d: CompressedCountData,
  grad?: Float64Array,
): number {
  const { lambda, a, b } = par;
  if (!(lambda > 0 && a > 0 && b > 0) || !Number.isFinite(lambda + a + b)) return NaN;
  const logLambda = Math.log(lambda);
  const logA = Math.log(a);
  let ll = 0;
  let gl = 0;
  let ga = 0;
  let gb = 0;
  // terms of j = x + k alone, per distinct x: ln (b)_j − ln (a+b)_j
  const psiB = digamma(b);
  const psiAB = digamma(a + b);
  for (let v = 0; v < d.xValues.length; v++) {
    const j = d.xValues[v] + k;
    const w = d.xWeight[v];
    ll += w * (logPochhammer(b, j) - logPochhammer(a + b, j));
    if (grad && j > 0) {
      const dAB = digamma(a + b + j) - psiAB;
      ga -= w * a * dAB;
      gb += w * b * (digamma(b + j) - psiB - dAB);
    }
  }
  for (let i = 0; i < d.length; i++) {
    const wi = d.weight[i];
    const x = d.x[i];
    const T = d.T[i];
    ll += wi * (x * logLambda - lambda * T);
    gl += wi * (x - lambda * T);
    const j = x + k;
    if (j === 0) continue;
    const gap = T - d.tx[i];
    const e = logA - Math.log(b + j - 1) + lambda * gap;
    ll += wi * log1pExp(e);
    const w4 = logistic(e); // share of the "dropped out after t_x" term
    gl += wi * w4 * lambda * gap;
    ga += wi * w4;
    gb -= (wi * w4 * b) / (b + j - 1);
  }
  if (grad) {
    grad[0] = gl;
    grad[1] = ga;
    grad[2] = gb;
  }
  return ll;
}

/**
 * The family's limit b → ∞ with a and the purchase rates' gamma mixture kept (no customer drops out:
 * B(a, b+x+k)/B(a, b) → 1 and B(a+1, b+x+k−1)/B(a, b) → 0 in eq. 6), the NBD model:
 *   ln L = ln (r)_x + r ln α − (r+x) ln(α+T).
 * `grad` receives the gradient with respect to (ln r, ln α).
 */
export function nbdLogLik(par: { readonly r: number; readonly alpha: number }, d: CompressedCountData, grad?: Float64Array): number {
  const { r, alpha } = par;
  if (!(r > 0 && alpha > 0) || !Number.isFinite(r + alpha)) return NaN;
  let ll = 0;
  let gr = 0;
  let ga = 0;
  const psiR = digamma(r);
  for (let j = 0; j < d.xValues.length; j++) {
    ll += d.xWeight[j] * logPochhammer(r, d.xValues[j]);
    gr += d.xWeight[j] * (digamma(r + d.xValues[j]) - psiR);
  }
  for (let i = 0; i < d.length; i++) {
    const wi = d.weight[i];
    const l = Math.log(alpha + d.T[i]);
    ll -= wi * (r + d.x[i]) * l;
    gr -= wi * l;
    ga -= (wi * (r + d.x[i])) / (alpha + d.T[i]);
  }
  const N = d.totalWeight;
  ll += N * r * Math.log(alpha);
  if (grad) {
    grad[0] = r * (gr + N * Math.log(alpha));
    grad[1] = alpha * (ga + (N * r) / alpha);
  }
  return ll;
}

/** The limits in which every customer buys at the same rate, and the no drop-out limit, as boundaries. */
function otherLimits(k: Shift, d: CompressedCountData): BoundaryLimit[] {
  const logR = Math.log(COMMON_RATE_SHAPE);
  const logK = Math.log(COMMON_DROP_SIZE);
  const logNoDrop = Math.log(NO_DROP_B);
  const n = d.totalWeight;
  const rate = (params: Params, se: number) =>
    `every customer buys at the same rate λ = r/α = ${formatFigure(params.r / params.alpha)}${Number.isFinite(se) ? ` (s.e. ${formatFigure(se)})` : ""} per unit of time of recency and T while active`;
  const when = k === 0 ? "after each repeat purchase" : "right after the first purchase and after each repeat purchase";
  const common: BoundaryLimit = {
    runaway: [0, 1, 2, 3],
    problem: logProblem(["lambda", "q"], n, ([lambda, q], g) => bgFamilyCommonRateLogLik(k, { lambda, q }, d, g)),
    start: (theta) => [theta[0] - theta[1], theta[2] - theta[3]],
    represent: ([ll, lq]) => [logR, logR - ll, logK + lq - log1pExp(lq), logK - log1pExp(lq)],
    shared: [-1, -1, -1, -1],
    logFactors: (lf) => [-lf[1], 0],
    describe(params, limit, logLik) {
      const q = limit.estimates.q;
      const p = q / (1 + q);
      const se = limit.stdErrors.q / ((1 + q) * (1 + q));
      return (
        `r, α → ∞ and a, b → ∞: ${rate(params, limit.stdErrors.lambda)}, and drops out with the same chance ` +
        `p = ${formatFigure(p)}${Number.isFinite(se) ? ` (s.e. ${formatFigure(se)})` : ""} ${when}; the data show no spread between customers in either. ` +
        `The likelihood of this limit is LL = ${logLik.toFixed(2)}; r = 10^10, α = r/λ, a + b = 10^10 and a/(a+b) = p stand for it and predict as it does.`
      );
    },
  };
  const poisson: BoundaryLimit = {
    runaway: [0, 1, 3],
    problem: logProblem(["lambda"], n, ([lambda], g) => bgFamilyCommonRateLogLik(k, { lambda }, d, g)),
    start: (theta) => [theta[0] - theta[1]],
    represent: ([ll]) => [logR, logR - ll, 0, logNoDrop],
    shared: [-1, -1, -1, -1],
    logFactors: (lf) => [-lf[1]],
    describe: (params, limit, logLik) =>
      `r, α → ∞ and b → ∞: ${rate(params, limit.stdErrors.lambda)}, and no customer drops out (purchases are a Poisson process ` +
      `at the rate of all repeat purchases over all time observed); the data show neither spread in purchase rates nor drop-out. The likelihood of this limit is ` +
      `LL = ${logLik.toFixed(2)}; r = 10^10, α = r/λ, a = 1 and b = 10^100 stand for it and predict as it does.`,
  };
  const nbd: BoundaryLimit = {
    runaway: [3],
    problem: logProblem(["r", "alpha"], n, ([r, alpha], g) => nbdLogLik({ r, alpha }, d, g)),
    start: (theta) => [theta[0], theta[1]],
    represent: ([lr, la]) => [lr, la, 0, logNoDrop],
    shared: [0, 1, -1, -1],
    logFactors: (lf) => [lf[0], lf[1]],
    describe: (_params, _limit, logLik) =>
      `b → ∞: no customer drops out (customers keep buying up to the end of T); purchase rates still vary between customers as the NBD model says. ` +
      `The likelihood of this limit is LL = ${logLik.toFixed(2)}; a = 1 and b = 10^100 stand for no drop-out and predict as it does.`,
  };
  const rateOnly: BoundaryLimit = {
    runaway: [0, 1],
    problem: logProblem(["lambda", "a", "b"], n, ([lambda, a, b], g) => bgFamilyCommonRateBetaLogLik(k, { lambda, a, b }, d, g)),
    start: (theta) => [theta[0] - theta[1], theta[2], theta[3]],
    represent: ([ll, la, lb]) => [logR, logR - ll, la, lb],
    shared: [-1, -1, 1, 2],
    logFactors: (lf) => [-lf[1], lf[2], lf[3]],
    describe: (params, limit, logLik) =>
      `r, α → ∞: ${rate(params, limit.stdErrors.lambda)}, while drop-out chances still vary between customers (a = ${formatFigure(params.a)}, b = ${formatFigure(params.b)}); ` +
      `the data show no spread in purchase rates. The likelihood of this limit is LL = ${logLik.toFixed(2)}; r = 10^10 and α = r/λ stand for it and predict as it does.`,
  };
  return [common, poisson, nbd, rateOnly];
}

/** What a runaway parameter of the BG family means for the user's data (fitting.ts `FitPlan.meaning`). */
function bgFamilyMeaning(param: string, grows: boolean): string | undefined {
  if ((param === "r" || param === "alpha") && grows) {
    return "the purchase rates (frequency over T) spread less than any gamma mixture allows, as if every customer bought at the same rate";
  }
  if (param === "r" && !grows) return "the purchase rates spread without limit, as if a few customers made nearly all repeat purchases";
  if (param === "b" && grows) return "no customer seems to drop out (customers keep buying up to the end of T), so drop-out cannot be estimated";
  if (param === "a" && grows) return "every customer seems to have the same, tiny chance of dropping out";
  if ((param === "a" || param === "b") && !grows) return "drop-out chances spread to the extremes, as if customers either left at once or never";
  return undefined;
}

/** α is a rate parameter of the purchase rate's gamma distribution: it carries the time unit. */
const BG_DIMENSIONS = { alpha: "time" } as const;

/**
 * The fit plan (fitting.ts) of BG/NBD (k = 0) or MBG/NBD (k = 1), on times divided by the mean age c
 * (`timeScale`). With t' = t/c and α' = α/c, eq. 6's Γ(r+x)α^r/(α+T)^(r+x) terms become c^x times
 * the original: each of the x repeat purchases contributes a purchase-time density (per unit of
 * time), so LL in the user's units = LL' − (Σ w·x)·ln c, and α = c·α'; r, a, b have no unit.
 */
export function bgFamilyFitPlan(k: Shift, data: CountData, modelName: string): FitPlan {
  const raw = compressCountData(data);
  const c = timeScale(raw);
  const d = scaleCountTimes(raw, c);
  const names = ["r", "alpha", "a", "b"];
  return {
    full: problem(k, d),
    subsample: d.length > SUBSAMPLE_ABOVE_ROWS ? problem(k, subsampleCountData(d, SUBSAMPLE_SIZE)) : undefined,
    starts: bgFamilyStarts(d),
    modelName,
    scaling: scalingOf(names, BG_DIMENSIONS, { time: c }, -repeatPurchases(raw) * Math.log(c)),
    boundaries: [commonDropLimit(k, d), ...otherLimits(k, d)],
    meaning: bgFamilyMeaning,
    advice: `Switch model (${k === 0 ? "Pareto/NBD or MBG/NBD" : "BG/NBD or Pareto/NBD"}), or fit on a longer period or more customers.`,
  };
}

/**
 * A BG-family count model: BG/NBD (k = 0) and MBG/NBD (k = 1) share every formula above and differ only
 * in the shift, so both model objects come from here.
 */
export function bgFamilyModel(
  k: Shift,
  info: { readonly name: string; readonly aliases: readonly string[]; readonly reference: string },
): CountModel<BgFamilyParams> {
  const plan = (d: CountData) => bgFamilyFitPlan(k, d, info.name);
  return {
    kind: "count",
    name: info.name,
    aliases: info.aliases,
    timeDomain: "continuous",
    paramNames: ["r", "alpha", "a", "b"],
    paramDimensions: BG_DIMENSIONS,
    reference: info.reference,
    logLikelihood: (p, d) => bgFamilyLogLik(k, p, compressCountData(d)),
    fitSteps: (d: CountData, opts?: FitOptions<BgFamilyParams>) => fitSteps<BgFamilyParams>(plan(d), opts),
    fit: (d, opts) => runSteps(fitSteps<BgFamilyParams>(plan(d), opts)),
    expectedNew: (p, t) => bgFamilyExpectedNew(k, p, t),
    expected: (p, t, x, tx, T) => bgFamilyExpected(k, p, t, x, tx, T),
    pAlive: (p, x, tx, T) => bgFamilyPAlive(k, p, x, tx, T),
    pmf: (p, n, t) => bgFamilyPmf(k, p, n, t),
    simulateHistory: (p, T, rng) => bgFamilySimulateHistory(k, p, T, rng, info.name),
    simulate: (p, T, rng) => bgFamilySimulate(k, p, T, rng, info.name),
  };
}
