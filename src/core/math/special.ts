/**
 * Special functions for the CLV models: log-gamma and its derivatives, log-beta, log-space helpers,
 * the Gauss hypergeometric function 2F1 and Tricomi's confluent hypergeometric function U.
 *
 * Everything works for real arguments and is written to stay finite where the models need it:
 * log-space results (`lgamma`, `lbeta`, `logHyp2f1`, `logTricomiU`) for the large values that appear in
 * likelihoods, and series with explicit stopping rules and term guards that throw `numericFailure`
 * instead of looping forever. Formulas are cited to the NIST Digital Library of Mathematical Functions
 * (DLMF, https://dlmf.nist.gov) and Abramowitz & Stegun (A&S).
 */
import { numericFailure } from "../errors";

const EULER_GAMMA = 0.5772156649015329;
const HALF_LOG_2PI = 0.9189385332046728; // ln(2π)/2
const LOG_PI = 1.1447298858494002;

/* ----------------------------------------------------------------------------------------------
 * Log-gamma
 * -------------------------------------------------------------------------------------------- */

/**
 * Lanczos approximation with g = 607/128 and 15 terms (coefficients published by P. Godfrey,
 * "A note on the computation of the convergent Lanczos complex Gamma approximation", 2001):
 * Γ(x) ≈ √(2π) (x+g−½)^(x−½) e^−(x+g−½) · A_g(x), A_g(x) = c0 + Σ c_k/(x−1+k).
 * Relative error in Γ is about 1e-15 for x ≥ 1/2.
 */
const LANCZOS_G = 607 / 128;
// Godfrey's 20-digit values rounded to the nearest double.
const LANCZOS_COEFFS = [
  0.9999999999999971, 57.15623566586292, -59.59796035547549, 14.136097974741746, -0.4919138160976202,
  3.399464998481189e-5, 4.652362892704858e-5, -9.837447530487956e-5, 1.580887032249125e-4,
  -2.1026444172410488e-4, 2.1743961811521265e-4, -1.643181065367639e-4, 8.441822398385275e-5,
  -2.6190838401581408e-5, 3.6899182659531625e-6,
];

function lanczosLogGamma(x: number): number {
  // Written in the form A_g(x) = c0 + Σ_{k≥1} c_k/(x−1+k) for Γ(x).
  let sum = LANCZOS_COEFFS[0];
  for (let k = 1; k < LANCZOS_COEFFS.length; k++) sum += LANCZOS_COEFFS[k] / (x - 1 + k);
  const t = x - 0.5 + LANCZOS_G;
  return (x - 0.5) * Math.log(t) - t + HALF_LOG_2PI + Math.log(sum);
}

/**
 * Stirling correction δ(x) = lnΓ(x) − [(x−½)ln x − x + ½ln(2π)] for x ≥ 10 (DLMF 5.11.1, Bernoulli
 * numbers B_2k/(2k(2k−1)x^(2k−1))). The first omitted term is below 3e-17 at x = 10.
 */
export function stirlingCorrection(x: number): number {
  const r = 1 / x;
  const r2 = r * r;
  return (
    r *
    (1 / 12 +
      r2 *
        (-1 / 360 +
          r2 * (1 / 1260 + r2 * (-1 / 1680 + r2 * (1 / 1188 + r2 * (-691 / 360360 + r2 * (1 / 156)))))))
  );
}

/** ζ(k) for k = 2..40 by Euler–Maclaurin summation with N = 20 (DLMF 25.2.9), accurate to ~1e-19. */
const ZETA: number[] = (() => {
  const N = 20;
  // B_2j/(2j)! for j = 1..6
  const b2jOverFact = [1 / 12, -1 / 720, 1 / 30240, -1 / 1209600, 1 / 47900160, -691 / 1307674368000];
  const out: number[] = [];
  for (let k = 0; k <= 40; k++) {
    if (k < 2) {
      out.push(NaN);
      continue;
    }
    let s = 0;
    for (let n = N - 1; n >= 1; n--) s += Math.pow(n, -k);
    s += Math.pow(N, 1 - k) / (k - 1) + Math.pow(N, -k) / 2;
    // Σ_j B_2j/(2j)! · k(k+1)…(k+2j−2) · N^(−k−2j+1)
    let rising = k; // k(k+1)…(k+2j−2) for j = 1
    for (let j = 1; j <= b2jOverFact.length; j++) {
      s += b2jOverFact[j - 1] * rising * Math.pow(N, -k - 2 * j + 1);
      rising *= (k + 2 * j - 1) * (k + 2 * j);
    }
    out.push(s);
  }
  return out;
})();

/** lnΓ(1+e) for |e| ≤ 1/4 by the Taylor series −γe + Σ_{k≥2} (−1)^k ζ(k) e^k / k (DLMF 5.7.3). */
function logGammaOnePlus(e: number): number {
  let sum = 0;
  let power = -e; // (−e)^k
  for (let k = 2; k <= 40; k++) {
    power *= -e;
    const term = (ZETA[k] * power) / k;
    sum += term;
    if (Math.abs(term) < 1e-18 * Math.abs(sum)) break;
  }
  return -EULER_GAMMA * e + sum;
}

/**
 * ln Γ(x) for x > 0 (NaN otherwise). Relative accuracy about 1e-14 or better, including near the
 * zeros at x = 1 and x = 2, where a Taylor series in ζ values is used instead of Lanczos.
 */
export function lgamma(x: number): number {
  if (!(x > 0)) return x === Infinity ? Infinity : NaN;
  if (x === Infinity) return Infinity;
  if (Math.abs(x - 1) <= 0.25) return logGammaOnePlus(x - 1);
  if (Math.abs(x - 2) <= 0.25) return logGammaOnePlus(x - 2) + Math.log1p(x - 2);
  if (x < 0.5) {
    // Γ(x) = Γ(x+1)/x; x+1 ∈ (1, 1.5).
    return lgamma(x + 1) - Math.log(x);
  }
  if (x < 10) return lanczosLogGamma(x);
  return (x - 0.5) * Math.log(x) - x + HALF_LOG_2PI + stirlingCorrection(x);
}

/** sin(πx) with argument reduction so that it is exact at integers and accurate for large |x|. */
export function sinPi(x: number): number {
  if (!Number.isFinite(x)) return NaN;
  const r = x - 2 * Math.round(x / 2); // r ∈ [−1, 1], sin(πx) = sin(πr)
  if (r === 0 || Math.abs(r) === 1) return 0;
  if (r > 0.5) return Math.sin(Math.PI * (1 - r));
  if (r < -0.5) return -Math.sin(Math.PI * (1 + r));
  return Math.sin(Math.PI * r);
}

/** A real number as sign and log of its magnitude: value = sign · exp(log). sign 0 means value 0. */
export interface SignedLog {
  sign: number;
  log: number;
}

/**
 * ln|Γ(x)| and the sign of Γ(x) for any real x, by the reflection formula Γ(x)Γ(1−x) = π/sin(πx)
 * (DLMF 5.5.3) for x < 0. At the poles (x = 0, −1, −2, …) returns sign 0 and log +∞ (so 1/Γ = 0).
 */
export function lgammaSigned(x: number): SignedLog {
  if (Number.isNaN(x)) return { sign: NaN, log: NaN };
  if (x > 0) return { sign: 1, log: lgamma(x) };
  if (Number.isInteger(x)) return { sign: 0, log: Infinity };
  const s = sinPi(x);
  return { sign: s > 0 ? 1 : -1, log: LOG_PI - Math.log(Math.abs(s)) - lgamma(1 - x) };
}

/**
 * ln[Γ(a+n)/Γ(a)] = ln (a)_n, the log rising factorial, for a > 0 and n ≥ 0. Summed exactly for
 * integer n ≤ 64 (no cancellation between two large log-gammas), otherwise by difference.
 */
export function logPochhammer(a: number, n: number): number {
  if (n === 0) return 0;
  if (Number.isInteger(n) && n > 0 && n <= 64) {
    let s = 0;
    let p = 1;
    for (let k = 0; k < n; k++) {
      p *= a + k;
      if (p > 1e280 || p < 1e-280) {
        s += Math.log(p);
        p = 1;
      }
    }
    return s + Math.log(p);
  }
  if (a >= 10 && a + n >= 10) {
    // Stirling difference to avoid cancellation of two large lgammas (see lbeta).
    const b = a + n;
    // (b−½)ln b − (a−½)ln a = (a−½)·log1p(n/a) + n·ln b, free of cancellation.
    return (a - 0.5) * Math.log1p(n / a) + n * Math.log(b) - n + stirlingCorrection(b) - stirlingCorrection(a);
  }
  return lgamma(a + n) - lgamma(a);
}

/**
 * ln B(a, b) = lnΓ(a) + lnΓ(b) − lnΓ(a+b) for a, b > 0, without the cancellation of three large
 * log-gammas when a or b is large: the Stirling parts are combined analytically (DLMF 5.11.1), e.g.
 * for a ≤ b, b ≥ 10: lnB = lnΓ(a) + δ(b) − δ(a+b) − (b−½)·log1p(a/b) − a·ln(a+b) + a.
 */
export function lbeta(a: number, b: number): number {
  if (!(a > 0) || !(b > 0)) return NaN;
  if (a > b) {
    const t = a;
    a = b;
    b = t;
  }
  if (b === Infinity) return -Infinity;
  if (b < 10) return lgamma(a) + lgamma(b) - lgamma(a + b);
  const s = a + b;
  if (a < 10) {
    return lgamma(a) + stirlingCorrection(b) - stirlingCorrection(s) - (b - 0.5) * Math.log1p(a / b) - a * Math.log(s) + a;
  }
  // Both large: (a−½)ln(a/s) + b ln(b/s) − ½ln b + ½ln 2π + δ(a) + δ(b) − δ(s).
  return (
    (a - 0.5) * Math.log(a / s) -
    b * Math.log1p(a / b) -
    0.5 * Math.log(b) +
    HALF_LOG_2PI +
    stirlingCorrection(a) +
    stirlingCorrection(b) -
    stirlingCorrection(s)
  );
}

/* ----------------------------------------------------------------------------------------------
 * Digamma and trigamma
 * -------------------------------------------------------------------------------------------- */

/**
 * ψ(x) = d/dx lnΓ(x). Recurrence ψ(x) = ψ(x+1) − 1/x up to x ≥ 10, then the asymptotic series
 * ln x − 1/(2x) − Σ B_2k/(2k x^2k) (DLMF 5.11.2); reflection ψ(1−x) − ψ(x) = π cot(πx) for x < 0
 * (DLMF 5.5.4). NaN at the poles x = 0, −1, −2, …
 */
export function digamma(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x === Infinity) return Infinity;
  if (x <= 0) {
    if (Number.isInteger(x)) return NaN;
    // π cot(πx) = π cos(πx)/sin(πx), with cos(πx) = sinPi(x + 1/2).
    return digamma(1 - x) - (Math.PI * sinPi(x + 0.5)) / sinPi(x);
  }
  let shift = 0;
  while (x < 10) {
    shift -= 1 / x;
    x += 1;
  }
  const r2 = 1 / (x * x);
  const series =
    r2 * (1 / 12 - r2 * (1 / 120 - r2 * (1 / 252 - r2 * (1 / 240 - r2 * (1 / 132 - r2 * (691 / 32760 - r2 / 12))))));
  return shift + Math.log(x) - 0.5 / x - series;
}

/**
 * ψ'(x), the trigamma function. Recurrence ψ'(x) = ψ'(x+1) + 1/x² up to x ≥ 10, then
 * 1/x + 1/(2x²) + Σ B_2k / x^(2k+1) (DLMF 5.15.8); reflection ψ'(1−x) + ψ'(x) = π²/sin²(πx) for x < 0.
 */
export function trigamma(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x === Infinity) return 0;
  if (x <= 0) {
    if (Number.isInteger(x)) return NaN;
    const s = sinPi(x);
    return (Math.PI * Math.PI) / (s * s) - trigamma(1 - x);
  }
  let shift = 0;
  while (x < 10) {
    shift += 1 / (x * x);
    x += 1;
  }
  const r = 1 / x;
  const r2 = r * r;
  const series =
    r * (1 + r * (0.5 + r * (1 / 6 - r2 * (1 / 30 - r2 * (1 / 42 - r2 * (1 / 30 - r2 * (5 / 66 - r2 * (691 / 2730 - (r2 * 7) / 6))))))));
  return shift + series;
}

/* ----------------------------------------------------------------------------------------------
 * Log-space arithmetic
 * -------------------------------------------------------------------------------------------- */

/** ln(e^a + e^b) without overflow. */
export function logSumExp(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  if (Number.isNaN(a) || Number.isNaN(b)) return NaN;
  const hi = Math.max(a, b);
  const lo = Math.min(a, b);
  if (hi === Infinity) return Infinity;
  return hi + Math.log1p(Math.exp(lo - hi));
}

/** ln Σ e^(v_i) over an array, without overflow; −∞ for an empty array. */
export function logSumExpArray(values: readonly number[]): number {
  let hi = -Infinity;
  for (const v of values) if (v > hi) hi = v;
  if (hi === -Infinity || hi === Infinity) return hi;
  let s = 0;
  for (const v of values) s += Math.exp(v - hi);
  return hi + Math.log(s);
}

/**
 * ln(e^a − e^b) for a ≥ b; −∞ when a = b; NaN when a < b. Uses log(−expm1(d)) for d > −ln 2 and
 * log1p(−e^d) otherwise (Mächler 2012, "Accurately computing log(1 − exp(−|a|))").
 */
export function logDiffExp(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b) || a < b) return NaN;
  if (b === -Infinity) return a;
  if (a === b) return -Infinity;
  const d = b - a; // < 0
  return a + (d > -Math.LN2 ? Math.log(-Math.expm1(d)) : Math.log1p(-Math.exp(d)));
}

/** ln(1 + e^x) without overflow or loss for very negative x (Mächler 2012). */
export function log1pExp(x: number): number {
  if (x <= -37) return Math.exp(x);
  if (x <= 18) return Math.log1p(Math.exp(x));
  if (x <= 33.3) return x + Math.exp(-x);
  return x;
}

/** 1/(1 + e^−x), the derivative of ln(1 + e^x), without overflow in either direction. */
export function logistic(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const z = Math.exp(x);
  return z / (1 + z);
}

/* ----------------------------------------------------------------------------------------------
 * Gauss hypergeometric function 2F1(a, b; c; z), real parameters, real z ≤ 1
 * -------------------------------------------------------------------------------------------- */

/** Options for `hyp2f1`/`logHyp2f1`. */
export interface Hyp2f1Options {
  /** Largest number of series terms before giving up with numericFailure (default 5,000,000). */
  maxTerms?: number;
}

const DEFAULT_MAX_TERMS = 5_000_000;
/** Above this estimated term count near z = 1 the connection formula is preferred to the series. */
const AFFORDABLE_TERMS = 2000;
const RESCALE = 1e280;
const LOG_RESCALE = Math.log(RESCALE);

function isNonPositiveInteger(v: number): boolean {
  return v <= 0 && Number.isInteger(v);
}

function fmt(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toPrecision(6);
}

/**
 * The defining power series Σ (a)_n (b)_n / ((c)_n n!) z^n (DLMF 15.2.1), summed with a running
 * rescale so it cannot overflow. Stops when the current term and a geometric bound on the tail are
 * below 1e-17 of the sum, or when the series terminates. Throws numericFailure after maxTerms terms.
 */
function hypSeries(a: number, b: number, c: number, z: number, maxTerms: number): SignedLog {
  let term = 1;
  let sum = 1;
  let compensation = 0; // Neumaier compensated summation: long series near z = 1 keep ~1e-16 accuracy
  let logScale = 0;
  let n = 0;
  for (; n < maxTerms; n++) {
    const ratio = ((a + n) * (b + n)) / ((c + n) * (n + 1)) * z;
    term *= ratio;
    const t = sum + term;
    compensation += Math.abs(sum) >= Math.abs(term) ? sum - t + term : term - t + sum;
    sum = t;
    if (term === 0) break; // terminating series: (a)_n or (b)_n hit zero
    if (!Number.isFinite(sum)) {
      throw numericFailure(`The hypergeometric series 2F1(${fmt(a)}, ${fmt(b)}; ${fmt(c)}; ${fmt(z)}) overflowed.`);
    }
    if (Math.abs(sum) > RESCALE) {
      sum /= RESCALE;
      term /= RESCALE;
      compensation /= RESCALE;
      logScale += LOG_RESCALE;
    }
    const r = Math.max(Math.abs(ratio), Math.abs(z));
    if (r < 1 && Math.abs(term) * (1 + r / (1 - r)) <= 1e-17 * Math.abs(sum) && n > 0) break;
  }
  if (n >= maxTerms) {
    throw numericFailure(
      `The hypergeometric series 2F1(${fmt(a)}, ${fmt(b)}; ${fmt(c)}; ${fmt(z)}) did not converge in ${maxTerms} terms.`,
    );
  }
  sum += compensation;
  if (sum === 0) return { sign: 0, log: -Infinity };
  return { sign: Math.sign(sum), log: Math.log(Math.abs(sum)) + logScale };
}

function signedAdd(x: SignedLog, y: SignedLog): SignedLog {
  if (x.sign === 0) return y;
  if (y.sign === 0) return x;
  if (x.sign === y.sign) return { sign: x.sign, log: logSumExp(x.log, y.log) };
  if (x.log === y.log) return { sign: 0, log: -Infinity };
  return x.log > y.log ? { sign: x.sign, log: logDiffExp(x.log, y.log) } : { sign: y.sign, log: logDiffExp(y.log, x.log) };
}

/** Γ(p1)Γ(p2)/(Γ(q1)Γ(q2)) as a SignedLog; 0 when a denominator gamma has a pole. */
function gammaRatio(p1: number, p2: number, q1: number, q2: number): SignedLog {
  const gp1 = lgammaSigned(p1);
  const gp2 = lgammaSigned(p2);
  const gq1 = lgammaSigned(q1);
  const gq2 = lgammaSigned(q2);
  if (gq1.sign === 0 || gq2.sign === 0) return { sign: 0, log: -Infinity };
  if (gp1.sign === 0 || gp2.sign === 0) return { sign: NaN, log: NaN };
  return { sign: gp1.sign * gp2.sign * gq1.sign * gq2.sign, log: gp1.log + gp2.log - gq1.log - gq2.log };
}

/** 2F1 for 0 ≤ z < 1 (the Pfaff step has already mapped negative z here). */
function hypUnitInterval(a: number, b: number, c: number, z: number, maxTerms: number, oneMinusZ = 1 - z): SignedLog {
  if (z === 0) return { sign: 1, log: 0 };
  // Terminating series (a polynomial) or small z: sum directly.
  if (isNonPositiveInteger(a) || isNonPositiveInteger(b) || z <= 0.5) return hypSeries(a, b, c, z, maxTerms);
  const m = c - a - b;
  // Euler's transformation 2F1(a,b;c;z) = (1−z)^(c−a−b) 2F1(c−a, c−b; c; z) (DLMF 15.8.1): terminating
  // when c−a or c−b is a non-positive integer, and its coefficients decay like n^(a+b−c−1) instead of
  // n^(c−a−b−1), i.e. faster when c−a−b < 0.
  const useEuler = isNonPositiveInteger(c - a) || isNonPositiveInteger(c - b) || m < 0;
  const seriesDirect = (): SignedLog => {
    if (!useEuler) return hypSeries(a, b, c, z, maxTerms);
    const inner = hypSeries(c - a, c - b, c, z, maxTerms);
    return { sign: inner.sign, log: inner.log + m * Math.log(oneMinusZ) };
  };
  if (isNonPositiveInteger(c - a) || isNonPositiveInteger(c - b)) return seriesDirect();
  const estimatedTerms = 40 / -Math.log(z);
  if (estimatedTerms <= AFFORDABLE_TERMS) return seriesDirect();
  const nearestInteger = Math.round(m);
  const distance = Math.abs(m - nearestInteger);
  if (distance >= 1e-2) return connectionAtOne(a, b, c, z, maxTerms, oneMinusZ);
  if (distance === 0) return integerConnection(a, b, c, z, maxTerms, oneMinusZ);
  if (estimatedTerms <= Math.min(maxTerms, 2_000_000)) return seriesDirect();
  // c − a − b is within 1e-2 of an integer and z is within ~2e-5 of 1. The general connection formula
  // loses about 1e-16/distance to cancellation; below distance 1e-8 the integer-case formula at the
  // nearest integer is closer (its error is O(distance)).
  if (distance > 1e-8) return connectionAtOne(a, b, c, z, maxTerms, oneMinusZ);
  return integerConnection(a, b, a + b + nearestInteger, z, maxTerms, oneMinusZ);
}

/**
 * The limiting connection formula for integer m = c − a − b (A&S 15.3.10-12, DLMF 15.8.10), valid for
 * 0 < 1−z < 1. For m < 0 Euler's transformation first makes m positive. With w = 1 − z and m ≥ 0:
 * 2F1(a,b;a+b+m;z) = Γ(m)Γ(a+b+m)/(Γ(a+m)Γ(b+m)) Σ_{k<m} (a)_k(b)_k/(k!(1−m)_k) w^k
 *   − (−w)^m Γ(a+b+m)/(Γ(a)Γ(b)) Σ_{k≥0} (a+m)_k(b+m)_k/(k!(k+m)!) w^k
 *        · [ln w − ψ(k+1) − ψ(k+m+1) + ψ(a+k+m) + ψ(b+k+m)].
 */
function integerConnection(a: number, b: number, c: number, z: number, maxTerms: number, oneMinusZ: number): SignedLog {
  let m = Math.round(c - a - b);
  let prefactorLog = 0;
  if (m < 0) {
    // Euler: 2F1(a,b;c;z) = (1−z)^m 2F1(c−a, c−b; c; z); the new c − a' − b' is −m.
    const a2 = c - a;
    const b2 = c - b;
    a = a2;
    b = b2;
    prefactorLog = m * Math.log(oneMinusZ);
    m = -m;
  }
  const w = oneMinusZ;
  const logW = Math.log(w);
  // Finite part: Γ(m)Γ(a+b+m)/(Γ(a+m)Γ(b+m)) Σ_{k<m} (a)_k (b)_k / (k! (1−m)_k) w^k
  let finitePart: SignedLog = { sign: 0, log: -Infinity };
  if (m > 0) {
    const g = gammaRatio(m, a + b + m, a + m, b + m);
    if (g.sign !== 0) {
      let term = 1;
      let sum = 1;
      for (let k = 0; k < m - 1; k++) {
        term *= ((a + k) * (b + k)) / ((k + 1) * (1 - m + k)) * w;
        sum += term;
      }
      if (sum !== 0) finitePart = { sign: g.sign * Math.sign(sum), log: g.log + Math.log(Math.abs(sum)) };
    }
  }
  // Logarithmic part.
  let logPart: SignedLog = { sign: 0, log: -Infinity };
  const g2 = gammaRatio(a + b + m, 1, a, b);
  if (g2.sign !== 0) {
    let psiK1 = -EULER_GAMMA; // ψ(k+1)
    let psiKm1 = digamma(m + 1); // ψ(k+m+1)
    let psiA = digamma(a + m); // ψ(a+k+m)
    let psiB = digamma(b + m); // ψ(b+k+m)
    let factorialM = 1;
    for (let j = 2; j <= m; j++) factorialM *= j;
    let coef = 1 / factorialM; // (a+m)_k (b+m)_k / (k! (k+m)!) w^k
    let sum = 0;
    let k = 0;
    for (; k < maxTerms; k++) {
      const term = coef * (logW - psiK1 - psiKm1 + psiA + psiB);
      sum += term;
      const ratio = ((a + m + k) * (b + m + k)) / ((k + 1) * (k + m + 1)) * w;
      if (Math.abs(term) <= 1e-17 * Math.abs(sum) && Math.abs(ratio) < 0.5 && k > 0) break;
      coef *= ratio;
      if (coef === 0) break;
      psiK1 += 1 / (k + 1);
      psiKm1 += 1 / (k + m + 1);
      psiA += 1 / (a + m + k);
      psiB += 1 / (b + m + k);
    }
    if (!Number.isFinite(sum) || k >= maxTerms) {
      throw numericFailure(`2F1(${fmt(a)}, ${fmt(b)}; ${fmt(c)}; ${fmt(z)}) could not be evaluated near z = 1.`);
    }
    if (sum !== 0) {
      // − (−w)^m · g2 · sum
      const sign = -(m % 2 === 0 ? 1 : -1) * g2.sign * Math.sign(sum);
      logPart = { sign, log: m * logW + g2.log + Math.log(Math.abs(sum)) };
    }
  }
  const out = signedAdd(finitePart, logPart);
  return { sign: out.sign, log: out.log + prefactorLog };
}

/**
 * The connection formula between z and 1−z (DLMF 15.8.4, A&S 15.3.6), valid for non-integer c−a−b:
 * 2F1(a,b;c;z) = Γ(c)Γ(c−a−b)/(Γ(c−a)Γ(c−b)) 2F1(a,b;a+b−c+1;1−z)
 *              + (1−z)^(c−a−b) Γ(c)Γ(a+b−c)/(Γ(a)Γ(b)) 2F1(c−a,c−b;c−a−b+1;1−z).
 */
function connectionAtOne(a: number, b: number, c: number, z: number, maxTerms: number, oneMinusZ: number): SignedLog {
  const m = c - a - b;
  const w = oneMinusZ;
  let first: SignedLog = { sign: 0, log: -Infinity };
  const g1 = gammaRatio(c, m, c - a, c - b);
  if (g1.sign !== 0) {
    const f1 = hypSeries(a, b, 1 - m, w, maxTerms);
    first = { sign: g1.sign * f1.sign, log: g1.log + f1.log };
  }
  let second: SignedLog = { sign: 0, log: -Infinity };
  const g2 = gammaRatio(c, -m, a, b);
  if (g2.sign !== 0) {
    const f2 = hypSeries(c - a, c - b, 1 + m, w, maxTerms);
    second = { sign: g2.sign * f2.sign, log: g2.log + f2.log + m * Math.log(w) };
  }
  const out = signedAdd(first, second);
  if (Number.isNaN(out.log) || Number.isNaN(out.sign)) {
    throw numericFailure(`2F1(${fmt(a)}, ${fmt(b)}; ${fmt(c)}; ${fmt(z)}) could not be evaluated near z = 1.`);
  }
  return out;
}

/**
 * 2F1(a, b; c; z) as sign and log-magnitude, for real a, b, c (c not a non-positive integer unless
 * the series terminates first) and real z ≤ 1.
 * - z < 0: Pfaff's transformation 2F1(a,b;c;z) = (1−z)^(−a) 2F1(a, c−b; c; z/(z−1)) (DLMF 15.8.1)
 *   maps to w = z/(z−1) ∈ (0, 1) with positive terms for positive parameters (no cancellation).
 * - 0 ≤ z ≤ ½: the power series.
 * - ½ < z < 1: the power series (with Euler's transformation when it decays faster) while it is
 *   short; otherwise the 1−z connection formula, with its limiting form when c−a−b is an integer.
 * - z = 1: Gauss's sum Γ(c)Γ(c−a−b)/(Γ(c−a)Γ(c−b)) when c−a−b > 0 (DLMF 15.4.20).
 * Throws numericFailure for z > 1, for a divergent value at z = 1 and when a series fails to converge.
 */
export function logHyp2f1(a: number, b: number, c: number, z: number, options: Hyp2f1Options = {}): SignedLog {
  const maxTerms = options.maxTerms ?? DEFAULT_MAX_TERMS;
  if ([a, b, c, z].some((v) => Number.isNaN(v))) return { sign: NaN, log: NaN };
  if (!Number.isFinite(a) || !Number.isFinite(b) || !Number.isFinite(c) || !Number.isFinite(z)) {
    throw numericFailure(`2F1 needs finite arguments; got (${a}, ${b}; ${c}; ${z}).`);
  }
  if (z > 1) throw numericFailure(`2F1 is evaluated only for z ≤ 1; got z = ${fmt(z)}.`);
  if (isNonPositiveInteger(c)) {
    // Defined only if the series terminates before the zero denominator (a or b is a larger non-positive integer).
    const terminates = (isNonPositiveInteger(a) && a > c) || (isNonPositiveInteger(b) && b > c);
    if (!terminates) throw numericFailure(`2F1 is undefined for c = ${fmt(c)} (a non-positive integer).`);
    return hypSeries(a, b, c, z, maxTerms);
  }
  if (z === 0 || a === 0 || b === 0) return { sign: 1, log: 0 };
  if (z === 1) {
    if (isNonPositiveInteger(a) || isNonPositiveInteger(b)) return hypSeries(a, b, c, z, maxTerms);
    if (!(c - a - b > 0)) throw numericFailure(`2F1(${fmt(a)}, ${fmt(b)}; ${fmt(c)}; 1) diverges (c − a − b ≤ 0).`);
    return gammaRatio(c, c - a - b, c - a, c - b);
  }
  if (z < 0) {
    if (isNonPositiveInteger(a) || isNonPositiveInteger(b)) {
      if (z >= -1) return hypSeries(a, b, c, z, maxTerms);
    }
    const w = z / (z - 1);
    const log1mz = Math.log1p(-z);
    // Pick the Pfaff form that keeps a terminating parameter, else the one with a smaller prefactor exponent.
    const keepA = isNonPositiveInteger(a) || isNonPositiveInteger(c - b) || (!isNonPositiveInteger(b) && !isNonPositiveInteger(c - a) && Math.abs(a) <= Math.abs(b));
    // 1 − w = 1/(1 − z) exactly, which keeps its relative accuracy when w is close to 1.
    const oneMinusW = 1 / (1 - z);
    const inner = keepA
      ? hypUnitInterval(a, c - b, c, w, maxTerms, oneMinusW)
      : hypUnitInterval(c - a, b, c, w, maxTerms, oneMinusW);
    return { sign: inner.sign, log: inner.log - (keepA ? a : b) * log1mz };
  }
  return hypUnitInterval(a, b, c, z, maxTerms);
}

/** 2F1(a, b; c; z) for real parameters and z ≤ 1 (see `logHyp2f1`); may overflow to ±Infinity. */
export function hyp2f1(a: number, b: number, c: number, z: number, options: Hyp2f1Options = {}): number {
  const r = logHyp2f1(a, b, c, z, options);
  if (r.sign === 0) return 0;
  return r.sign * Math.exp(r.log);
}

/* ----------------------------------------------------------------------------------------------
 * Tricomi's confluent hypergeometric function U(a, b, z)
 * -------------------------------------------------------------------------------------------- */

/**
 * ln U(a, b, z) for a > 0, z > 0 and any real b, from the integral representation (DLMF 13.4.4)
 *   U(a, b, z) = 1/Γ(a) ∫₀^∞ e^(−zt) t^(a−1) (1+t)^(b−a−1) dt
 * written with τ = z t as U = z^(−a)/Γ(a) ∫₀^∞ e^(−τ) τ^(a−1) (1+τ/z)^(b−a−1) dτ and integrated by the
 * exp-sinh (double-exponential) rule τ = exp(π/2·sinh s) (Takahasi & Mori 1974), which handles the
 * algebraic end-point behaviour at τ = 0 and the exponential decay at ∞. All sums are in log space
 * with one common scale, so very large or small values do not overflow. Step halving continues until
 * two successive levels agree to 1e-13 relative (the DE error then is far smaller).
 */
export function logTricomiU(a: number, b: number, z: number): number {
  if (Number.isNaN(a) || Number.isNaN(b) || Number.isNaN(z)) return NaN;
  if (!(a > 0) || !(z > 0) || !Number.isFinite(a) || !Number.isFinite(b) || !Number.isFinite(z)) {
    throw numericFailure(`Tricomi U(a, b, z) needs a > 0 and z > 0 (finite); got a = ${a}, b = ${b}, z = ${z}.`);
  }
  const p = b - a - 1;
  const logZ = Math.log(z);
  const halfPi = Math.PI / 2;
  // log of the transformed integrand at s: τ = e^u, u = π/2 sinh s, dτ = τ π/2 cosh s ds.
  const logTerm = (s: number): number => {
    const u = halfPi * Math.sinh(s);
    const tau = Math.exp(u);
    if (tau === Infinity) return -Infinity;
    const logOnePlus = p === 0 ? 0 : p * log1pExp(u - logZ);
    return -tau + a * u + logOnePlus + Math.log(halfPi * Math.cosh(s));
  };
  let h = 0.5;
  // Nodes k·h on a grid bounded by [sMin, sMax] where the log integrand is within e^-60 of its maximum.
  const sMax = findLimit(logTerm, 1);
  const sMin = -findLimit(logTerm, -1);
  let scale = -Infinity;
  for (let s = sMin; s <= sMax + 1e-12; s += 0.5) scale = Math.max(scale, logTerm(s));
  const kMin0 = Math.floor(sMin / h);
  const kMax0 = Math.ceil(sMax / h);
  let sum = 0;
  for (let k = kMin0; k <= kMax0; k++) {
    sum += Math.exp(logTerm(k * h) - scale);
  }
  let estimate = sum * h;
  for (let level = 1; level <= 12; level++) {
    h /= 2;
    // New nodes are the odd multiples of the new h.
    const kMin = Math.floor(sMin / h);
    const kMax = Math.ceil(sMax / h);
    for (let k = kMin % 2 === 0 ? kMin + 1 : kMin; k <= kMax; k += 2) sum += Math.exp(logTerm(k * h) - scale);
    const next = sum * h;
    const change = Math.abs(next - estimate);
    estimate = next;
    if (level >= 3 && change <= 1e-13 * Math.abs(next)) break;
  }
  if (!(estimate > 0) || !Number.isFinite(estimate)) {
    throw numericFailure(`Tricomi U(${fmt(a)}, ${fmt(b)}, ${fmt(z)}) could not be evaluated.`);
  }
  return -a * logZ - lgamma(a) + scale + Math.log(estimate);
}

/**
 * The outer end of the exp-sinh grid in direction dir: the first s (in steps of 1/4) past which the log
 * integrand stays more than 60 below its running maximum for a full unit of s.
 */
function findLimit(logTerm: (s: number) => number, dir: number): number {
  let runningMax = -Infinity;
  let lastSignificant = 0;
  for (let k = 0; k <= 80; k++) {
    const s = (k / 4) * dir;
    const v = logTerm(s);
    if (v > runningMax) runningMax = v;
    if (v > runningMax - 60) lastSignificant = k / 4;
    else if (k / 4 - lastSignificant >= 1) break;
  }
  return lastSignificant + 0.5;
}

/** Tricomi's U(a, b, z) for a > 0, z > 0, any real b (see `logTricomiU`). */
export function tricomiU(a: number, b: number, z: number): number {
  return Math.exp(logTricomiU(a, b, z));
}
