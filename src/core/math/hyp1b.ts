/**
 * G = 2F1(1, b; m+1; w) for b > 0, m > 0, w ≤ 0, with the derivatives of ln G with respect to b, m
 * and w: the hypergeometric term of the Pareto/NBD likelihood after Pfaff's transformation (Fader &
 * Hardie 2005, note 008 eqs. 19–22; DLMF 15.8.1), see models/paretonbd.ts. Three evaluations cover
 * the whole range (the series in w, the series after Pfaff's transformation, Euler's integral by
 * tanh-sinh quadrature); results go to a Float64Array so the likelihood's hot loop boxes no doubles.
 */
import { numericFailure } from "../errors";
import { tanhSinhNodes } from "./quadrature";

/** ln G and its partial derivatives with respect to b, m and w. */
export interface LogHyp1b {
  readonly value: number;
  readonly db: number;
  readonly dm: number;
  readonly dw: number;
}

/** |w| up to which the series in w itself is summed (terms shrink by at least |w| each). */
export const PFAFF_SERIES_MAX_W = 0.5;
/** Longest direct series accepted before switching to quadrature. */
const DIRECT_SERIES_MAX_TERMS = 4000;

const QUAD_NODES = tanhSinhNodes(1 / 16, 3.6).map((n) => ({ logOneMinusX: Math.log(n.oneMinusX), weight: n.weight }));

/**
 * ln 2F1(1, b; m+1; w) for b > 0, m > 0, w ≤ 0 as out[o] + ln out[o+4] (a log prefactor and a sum,
 * so the likelihood can take ratios of sums without logarithms), and d/db, d/dm, d/dw of it in
 * out[o+1..o+3].
 * - |w| ≤ ½: the defining series Σ (b)_n/(m+1)_n wⁿ (DLMF 15.2.1), alternating with ratio < |w|.
 * - |w| > ½: Pfaff's transformation back to 2F1(m, b; m+1; z), z = w/(w−1) ∈ (⅓, 1) (DLMF 15.8.1),
 *   whose terms m/(m+n)·(b)_n zⁿ/n! are positive, summed while that takes at most a few thousand terms.
 * - otherwise (large b and |w|): Euler's integral G = m ∫₀¹ (1−t)^(m−1) (1−wt)^(−b) dt (DLMF 15.6.1)
 *   with τ = 1−(1−t)^m, i.e. G = ∫₀¹ (1 − w·t(τ))^(−b) dτ, by tanh-sinh quadrature.
 * The likelihood sums the first series from per-x coefficient tables instead (see `seriesFromTable`).
 */
export function hyp1bInto(b: number, m: number, w: number, out: Float64Array, o: number): void {
  if (w === 0) {
    out[o] = 0;
    out[o + 1] = 0;
    out[o + 2] = 0;
    out[o + 3] = b / (m + 1);
    out[o + 4] = 1;
    return;
  }
  const aw = -w;
  if (aw <= PFAFF_SERIES_MAX_W) {
    let t = 1;
    let sum = 1;
    let sB = 0;
    let sM = 0;
    let dbSum = 0;
    let dmSum = 0;
    let dwSum = 0; // Σ (n+1) t_(n+1), divided by w at the end
    for (let n = 0; n < 2000; n++) {
      const ib = 1 / (b + n);
      const im = 1 / (m + 1 + n);
      t *= (b + n) * im * w;
      sB += ib;
      sM += im;
      sum += t;
      dbSum += t * sB;
      dmSum -= t * sM;
      dwSum += (n + 1) * t;
      if (Math.abs(t) * (n + 2) * (1 + sB + sM) <= 1e-17 * sum) break;
    }
    out[o] = 0;
    out[o + 1] = dbSum / sum;
    out[o + 2] = dmSum / sum;
    out[o + 3] = dwSum / (w * sum);
    out[o + 4] = sum;
    return;
  }
  const log1mw = Math.log1p(aw);
  const hump = (b - 1) * aw;
  if (b * log1mw < 650 && hump + 60 * (1 + aw) < DIRECT_SERIES_MAX_TERMS) {
    const z = aw / (1 + aw);
    let u = 1;
    let sum = 1;
    let sB = 0;
    let dbSum = 0;
    let dmSum = 0;
    let dzSum = 0; // Σ n t_n, divided by z at the end
    for (let n = 1; n < 2 * DIRECT_SERIES_MAX_TERMS; n++) {
      const ib = 1 / (b + n - 1);
      const imn = 1 / (m + n);
      u *= ((b + n - 1) * z) / n;
      sB += ib;
      const tn = u * m * imn;
      sum += tn;
      dmSum += u * n * imn * imn;
      dbSum += tn * sB;
      dzSum += n * tn;
      if (n > hump && tn * (n + 1) * (1 + sB) <= 1e-17 * sum) break;
    }
    out[o] = -b * log1mw;
    out[o + 4] = sum;
    out[o + 1] = -log1mw + dbSum / sum;
    out[o + 2] = dmSum / sum;
    // d/dw[−b ln(1−w)] = b/(1−w); dz/dw = −1/(1−w)².
    out[o + 3] = b / (1 + aw) - dzSum / (z * sum) / ((1 + aw) * (1 + aw));
    return;
  }
  // Quadrature: f(τ) = (1 − w t)^(−b), t = 1 − (1−τ)^(1/m). Sums are scaled by f at τ→0 (= 1).
  let g = 0;
  let gb = 0;
  let gm = 0;
  let gw = 0;
  for (const node of QUAD_NODES) {
    const L = node.logOneMinusX;
    const e = Math.exp(L / m);
    const t = 1 - e; // = −expm1(L/m), fine at this accuracy since t is not used near 0 alone
    const onePlus = 1 - w * t;
    const logOnePlus = Math.log1p(-w * t);
    const f = Math.exp(-b * logOnePlus) * node.weight;
    if (f === 0) continue;
    g += f;
    gb -= f * logOnePlus;
    gw += (f * b * t) / onePlus;
    gm += (((f * b * w) / onePlus) * e * L) / (m * m);
  }
  if (!(g > 0)) throw numericFailure(`2F1(1, ${b}; ${m} + 1; ${w}) could not be evaluated.`);
  out[o] = 0;
  out[o + 1] = gb / g;
  out[o + 2] = gm / g;
  out[o + 3] = gw / g;
  out[o + 4] = g;
}

/** ln 2F1(1, b; m+1; w) and its derivatives (see `hyp1bInto`). */
export function logHyp1b(b: number, m: number, w: number): LogHyp1b {
  const out = new Float64Array(5);
  hyp1bInto(b, m, w, out, 0);
  return { value: out[0] + Math.log(out[4]), db: out[1], dm: out[2], dw: out[3] };
}

/**
 * Coefficient tables of the series in w, for callers that evaluate G for many w at the same (b, m):
 * in the Pareto/NBD likelihood b and m depend on the row only through x (models/paretonbd.ts), so
 * the ratios (b)_k/(m+1)_k and the harmonic-type sums of their derivatives are computed once per
 * distinct x; each row then sums c_k wᵏ with multiplications only. Per term k = 1..W_TABLE_TERMS the table holds
 *   c_k = (b)_k/(m+1)_k,  c_k·Σ_{n<k} 1/(b+n),  c_k·Σ_{n<k} 1/(m+1+n),  k·c_k,
 * and the bound c_k (k+1)(1 + Σ1/(b+n) + Σ1/(m+1+n)) of the stopping rule of `hyp1bInto`, so the
 * sums (and where they stop) are those of the direct series. With |w| ≤ ½ and c_k ≤ 1 (b < m+1
 * here) 64 terms reach the 1e-17 stopping rule except for very small b; longer series fall back to
 * `hyp1bInto`.
 */
const W_TABLE_TERMS = 64;
export const W_TABLE_STRIDE = 5 * W_TABLE_TERMS;

export function buildSeriesTable(b: number, m: number, table: Float64Array, base: number): void {
  let c = 1;
  let sB = 0;
  let sM = 0;
  for (let n = 0; n < W_TABLE_TERMS; n++) {
    const ib = 1 / (b + n);
    const im = 1 / (m + 1 + n);
    c *= (b + n) * im;
    sB += ib;
    sM += im;
    const o = base + 5 * n;
    table[o] = c;
    table[o + 1] = c * sB;
    table[o + 2] = c * sM;
    table[o + 3] = (n + 1) * c;
    table[o + 4] = c * (n + 2) * (1 + sB + sM);
  }
}

/**
 * The series branch of `hyp1bInto` (0 < |w| ≤ ½) from a table built by `buildSeriesTable`, into
 * out[o..o+4] as there. Returns false when the table is too short for the stopping rule.
 */
export function seriesFromTable(table: Float64Array, base: number, w: number, out: Float64Array, o: number): boolean {
  let wk = 1;
  let sum = 1;
  let db = 0;
  let dm = 0;
  let dw = 0;
  const end = base + W_TABLE_STRIDE;
  for (let q = base; q < end; q += 5) {
    wk *= w;
    sum += table[q] * wk;
    db += table[q + 1] * wk;
    dm -= table[q + 2] * wk;
    dw += table[q + 3] * wk;
    if (table[q + 4] * Math.abs(wk) <= 1e-17 * sum) {
      out[o] = 0;
      out[o + 1] = db / sum;
      out[o + 2] = dm / sum;
      out[o + 3] = dw / (w * sum);
      out[o + 4] = sum;
      return true;
    }
  }
  return false;
}

/**
 * Coefficient tables of the series after Pfaff's transformation (the second branch of `hyp1bInto`,
 * ½ < |w|), for callers that evaluate G for many w at the same (b, m): with A_n = (b)_n/n! the terms
 * are t_n = A_n m/(m+n) zⁿ, z = w/(w−1), and per n = 1..PFAFF_TABLE_TERMS the table holds
 *   c_n = A_n m/(m+n),  A_n n/(m+n)²,  c_n·Σ_{k<n} 1/(b+k),  n·c_n,
 * and the bound c_n (n+1)(1 + Σ_{k<n} 1/(b+k)) of the stopping rule, so each w costs multiplications
 * only and the sums (and where they stop) are those of `hyp1bInto`. 256 terms cover |w| up to about 4
 * for moderate b; longer series, and b·ln(1−w) ≥ 650 (quadrature), are left to `hyp1bInto`.
 */
const PFAFF_TABLE_TERMS = 256;
export const PFAFF_TABLE_STRIDE = 5 * PFAFF_TABLE_TERMS;

export function buildPfaffTable(b: number, m: number, table: Float64Array, base: number): void {
  let A = 1;
  let sB = 0;
  for (let n = 1; n <= PFAFF_TABLE_TERMS; n++) {
    const imn = 1 / (m + n);
    A *= (b + n - 1) / n;
    sB += 1 / (b + n - 1);
    const c = A * m * imn;
    const o = base + 5 * (n - 1);
    // Beyond the range of doubles the table ends (a zero bound never passes the stopping rule).
    const ok = A < 1e280;
    table[o] = ok ? c : 0;
    table[o + 1] = ok ? A * n * imn * imn : 0;
    table[o + 2] = ok ? c * sB : 0;
    table[o + 3] = ok ? n * c : 0;
    table[o + 4] = ok ? c * (n + 1) * (1 + sB) : Infinity;
  }
}

/**
 * The Pfaff branch of `hyp1bInto` (w < −½) from a table built by `buildPfaffTable` for the same b
 * and m, into out[o..o+4] as there. Returns false when `hyp1bInto` would not take this branch or the
 * table is too short for its stopping rule.
 */
export function pfaffFromTable(table: Float64Array, base: number, b: number, w: number, out: Float64Array, o: number): boolean {
  const aw = -w;
  const log1mw = Math.log1p(aw);
  const hump = (b - 1) * aw;
  if (!(b * log1mw < 650 && hump + 60 * (1 + aw) < DIRECT_SERIES_MAX_TERMS)) return false;
  const z = aw / (1 + aw);
  let zn = 1;
  let sum = 1;
  let dbSum = 0;
  let dmSum = 0;
  let dzSum = 0;
  const end = base + PFAFF_TABLE_STRIDE;
  let n = 1;
  for (let q = base; q < end; q += 5, n++) {
    zn *= z;
    const tn = table[q] * zn;
    sum += tn;
    dmSum += table[q + 1] * zn;
    dbSum += table[q + 2] * zn;
    dzSum += table[q + 3] * zn;
    if (n > hump && table[q + 4] * zn <= 1e-17 * sum) {
      out[o] = -b * log1mw;
      out[o + 4] = sum;
      out[o + 1] = -log1mw + dbSum / sum;
      out[o + 2] = dmSum / sum;
      out[o + 3] = b / (1 + aw) - dzSum / (z * sum) / ((1 + aw) * (1 + aw));
      return true;
    }
  }
  return false;
}
