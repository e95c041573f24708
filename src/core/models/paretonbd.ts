/**
 * Pareto/NBD: Schmittlein, Morrison & Colombo (1987), "Counting your customers: who are they and
 * what will they do next?", Management Science 33(1); in the formulation of Fader & Hardie (2005),
 * "A note on deriving the Pareto/NBD model and related expressions" (note 008), and Fader, Hardie &
 * Lee (2005), "RFM and CLV: using iso-value curves for customer base analysis", JMR 42(4).
 *
 * While alive a customer buys at Poisson rate λ ~ Gamma(r, α); her lifetime is exponential with
 * rate μ ~ Gamma(s, β). Note 008 eq. 10 writes the likelihood as
 *
 *   L(x, t_x, T) = Γ(r+x) α^r β^s / Γ(r) · [ (α+T)^−(r+x) (β+T)^−s + s ∫_{t_x}^{T} (α+y)^−(r+x) (β+y)^−(s+1) dy ]
 *
 * and evaluates the integral with 2F1 (note 008 eqs. 19–22). We write it as F(t_x) − F(T) with
 * F(y) = ∫_y^∞ (α+u)^−(r+x) (β+u)^−(s+1) du. With M = max(α, β) ("use the larger of α and β",
 * note 008 §3) the hypergeometric argument |α−β|/(M+y) lies in [0, 1). Pfaff's transformation
 * (DLMF 15.8.1) turns that 2F1(m, b; m+1; ·) into G = 2F1(1, b; m+1; w) with w = −|α−β|/(min(α,β)+y) ≤ 0
 * and factors out the large powers:
 *   α ≥ β:  F(y) = (α+y)^−(r+x−1) (β+y)^−(s+1) G(b = s+1) / m
 *   α < β:  F(y) = (α+y)^−(r+x)   (β+y)^−s     G(b = r+x) / m,        m = r+s+x.
 * The powers are combined in log space (they reach 10^−450 for heavy buyers) and only the ratio
 * sD/E of the two likelihood terms is exponentiated, α = β gives w = 0 and G = 1 (no special branch
 * needed), and T = t_x drops the integral. G and its derivatives with respect to b, m and w come from
 * one of three evaluations (see `hyp1bInto` in math/hyp1b.ts), so the likelihood has an analytic gradient, which is
 * what makes 100k-customer fits fast. For speed the likelihood sums the series of G from per-x
 * coefficient tables, computes F(0) once per x (every customer without repeat purchases has t_x = 0),
 * and passes doubles between its per-row functions in typed arrays (see the section on ln F). On data
 * with few distinct times (day resolution) F and E are computed once per (x, time) pair and scaled so
 * that a row costs a single log1p (see `pairRows`). On continuous times the rows without repeat
 * purchases are summed through Chebyshev interpolants in T, and the others with the large powers
 * divided out of the ratio sD/E (see `continuousRows`).
 */
import { digamma, lgamma, logPochhammer, logTricomiU } from "../math/special";
import { compressCountData, purchaseRate, repeatPurchases, scaleCountTimes, subsampleCountData, timeIndex, timeScale, type TimeIndex } from "./compress";
import { fitSteps, scalingOf, SUBSAMPLE_ABOVE_ROWS, SUBSAMPLE_SIZE, type FitPlan, type LogLikProblem } from "./fitting";
import { runSteps } from "../steps";
import type { CompressedCountData, CountData, CountModel, FitOptions, Rng, SimulatedHistories } from "./model";
import { integrate } from "../math/quadrature";
import {
  PFAFF_SERIES_MAX_W,
  PFAFF_TABLE_STRIDE,
  W_TABLE_STRIDE,
  buildPfaffTable as buildPfaff,
  buildSeriesTable as buildTable,
  hyp1bInto as hyp1b,
  pfaffFromTable as pfaffSum,
  seriesFromTable as seriesSum,
} from "../math/hyp1b";
import { checkedCount, NO_REPEAT_PURCHASES, simulatePopulation, type CustomerHistory } from "./simulation";

/*
 * Module-local bindings of the math routines and constants called once per (x, time) pair: module
 * loaders that are not bundlers (the test and benchmark runners, the CLI) reach imported bindings
 * through accessor calls, which the hot loops would otherwise pay per call.
 */
const SERIES_MAX_W = PFAFF_SERIES_MAX_W;
const TABLE_STRIDE = W_TABLE_STRIDE;
const PFAFF_STRIDE = PFAFF_TABLE_STRIDE;
const buildSeriesTable = buildTable;
const buildPfaffTable = buildPfaff;
const hyp1bInto = hyp1b;
const seriesFromTable = seriesSum;
const pfaffFromTable = pfaffSum;

export type ParetoNbdParams = { readonly r: number; readonly alpha: number; readonly s: number; readonly beta: number };

/* ----------------------------------------------------------------------------------------------
 * ln F(y) and its gradient
 *
 * The functions below run once or twice per customer per evaluation and are too large for the
 * JavaScript engine to inline, and a double passed to or returned from a call that is not inlined is
 * boxed on the heap. They therefore take their floating-point inputs from, and write their results
 * to, preallocated Float64Arrays (indices are small integers, which are not boxed).
 * -------------------------------------------------------------------------------------------- */

/** Parameters of the current evaluation: r, α, s, β and ln s (set by `setParams`). */
const PARAMS = new Float64Array(5);

function setParams(r: number, alpha: number, s: number, beta: number): void {
  PARAMS[0] = r;
  PARAMS[1] = alpha;
  PARAMS[2] = s;
  PARAMS[3] = beta;
  PARAMS[4] = Math.log(s);
}

/**
 * Per-x constants of ln F in groups of X_WIDTH: p1 = r + x, m = r + s + x, ln m, 1/m.
 * Per-time arguments in groups of Y_WIDTH: ln(α+y), ln(β+y), 1/(α+y), 1/(β+y).
 */
const X_WIDTH = 4;
const Y_WIDTH = 4;

function setXConstants(x: number, xc: Float64Array, xo: number): void {
  const p1 = PARAMS[0] + x;
  const m = p1 + PARAMS[2];
  xc[xo] = p1;
  xc[xo + 1] = m;
  xc[xo + 2] = Math.log(m);
  xc[xo + 3] = 1 / m;
}

function setYArguments(y: number, Y: Float64Array, yo: number): void {
  const a = PARAMS[1] + y;
  const b = PARAMS[3] + y;
  Y[yo] = Math.log(a);
  Y[yo + 1] = Math.log(b);
  Y[yo + 2] = 1 / a;
  Y[yo + 3] = 1 / b;
}

const gScratch = new Float64Array(5);
/** b, m and w of the next `hypergeometric` call (doubles passed as arguments to a call that is not inlined are boxed). */
const hypArgs = new Float64Array(3);
/** Width of one ln F entry: the power terms, four derivatives, and the hypergeometric sum. */
const F_WIDTH = 6;

/**
 * G = 2F1(1, b; m+1; w) and its derivatives into g (see `hyp1bInto`). In the likelihood b and m
 * depend on a row only through x, so with a workspace the j-th x's coefficient tables of the series in
 * w (|w| ≤ ½) and of the series after Pfaff's transformation (|w| > ½) are built once per evaluation,
 * when first needed, and each (x, time) pair sums its series by multiplications only. Takes b, m and w
 * from `hypArgs`.
 */
function hypergeometric(ws: Workspace | null, j: number, stamp: number, g: Float64Array): void {
  const b = hypArgs[0];
  const m = hypArgs[1];
  const w = hypArgs[2];
  if (ws !== null && w !== 0) {
    if (w >= -SERIES_MAX_W) {
      const tables = ws.tables;
      if (tables !== null) {
        const base = j * TABLE_STRIDE;
        if (ws.tableStamp[j] !== stamp) {
          buildSeriesTable(b, m, tables, base);
          ws.tableStamp[j] = stamp;
        }
        if (seriesFromTable(tables, base, w, g, 0)) return;
      }
    } else {
      if (ws.pfaffTables === null && ws.pfaffAllowed) ws.pfaffTables = new Float64Array(ws.pfaffStamp.length * PFAFF_STRIDE);
      const tables = ws.pfaffTables;
      if (tables !== null) {
        const base = j * PFAFF_STRIDE;
        if (ws.pfaffStamp[j] !== stamp) {
          buildPfaffTable(b, m, tables, base);
          ws.pfaffStamp[j] = stamp;
        }
        if (pfaffFromTable(tables, base, b, w, g, 0)) return;
      }
    }
  }
  hyp1bInto(b, m, w, g, 0);
}

/**
 * ln F(y) = ln ∫_y^∞ (α+u)^−p1 (β+u)^−(s+1) du (see module comment) as out[o] + ln out[o+5] (the
 * power terms, and the hypergeometric sum left unlogged), and its derivatives with respect to
 * p1 = r + x, α, s, β in out[o+1..o+4]; x's constants at xc[xo], y's arguments at Y[yo] (see above).
 * With a workspace, G comes from the j-th x's coefficient tables where they apply (see `hypergeometric`).
 */
function logF(xc: Float64Array, xo: number, Y: Float64Array, yo: number, ws: Workspace | null, j: number, stamp: number, out: Float64Array, o: number): void {
  const alpha = PARAMS[1];
  const s = PARAMS[2];
  const beta = PARAMS[3];
  const p1 = xc[xo];
  const m = xc[xo + 1];
  const logM = xc[xo + 2];
  const invM = xc[xo + 3];
  const la = Y[yo];
  const lb = Y[yo + 1];
  const iA = Y[yo + 2];
  const iB = Y[yo + 3];
  const g = gScratch;
  if (alpha >= beta) {
    const w = -(alpha - beta) * iB;
    hypArgs[0] = s + 1;
    hypArgs[1] = m;
    hypArgs[2] = w;
    hypergeometric(ws, j, stamp, g);
    out[o] = -(p1 - 1) * la - (s + 1) * lb - logM + g[0];
    out[o + 1] = -la - invM + g[2];
    out[o + 2] = -(p1 - 1) * iA - g[3] * iB;
    out[o + 3] = -lb - invM + g[1] + g[2];
    out[o + 4] = -(s + 1) * iB + (g[3] * iB * iB) / iA;
  } else {
    const w = -(beta - alpha) * iA;
    hypArgs[0] = p1;
    hypArgs[1] = m;
    hypArgs[2] = w;
    hypergeometric(ws, j, stamp, g);
    out[o] = -p1 * la - s * lb - logM + g[0];
    out[o + 1] = -la - invM + g[1] + g[2];
    out[o + 2] = -p1 * iA + (g[3] * iA * iA) / iB;
    out[o + 3] = -lb - invM + g[2];
    out[o + 4] = -s * iB - g[3] * iA;
  }
  out[o + 5] = g[4];
}

/** ρ = F(T)/F(t_x) above which D = F(t_x) − F(T) is taken by the midpoint rule instead: e^(−1e-6). */
const RHO_MIDPOINT = Math.exp(-1e-6);
/** Largest |ln q| for which the ratio q = sD/E is formed directly (e^±690 stays a normal double). */
const RATIO_MAX_LOG = 690;

/**
 * The per-customer pieces of the likelihood, in a scratch array: [0] ln E = ln[(α+T)^−(r+x) (β+T)^−s],
 * [1..4] its gradient in (r, α, s, β); [5] ln(sD/E) when [10] is NaN; [6..9] the gradient of ln(sD),
 * sD = s (F(t_x) − F(T)); [10] the ratio q = sD/E (0 when t_x = T, NaN when out of the range of
 * doubles).
 */
const PARTS_LOG_RATIO = 5;
const PARTS_RATIO = 10;

/**
 * One history: t_x = H[0], T = H[1], and T's arguments at H[2..5] (Y layout), from F(t_x) (in FA at
 * offset oa) and F(T) (FB at ob) in the layout of `logF` (unused when t_x = T); x's constants at
 * xc[xo]. Fills `parts` (gradients only `withGrad`). Forming q = sD/E as the product of one
 * exponential and the two hypergeometric sums takes two transcendental calls per row where logs of
 * every factor take five.
 */
function rowParts(xc: Float64Array, xo: number, H: Float64Array, FA: Float64Array, oa: number, FB: Float64Array, ob: number, withGrad: boolean, parts: Float64Array): void {
  const alpha = PARAMS[1];
  const s = PARAMS[2];
  const beta = PARAMS[3];
  const p1 = xc[xo];
  const tx = H[0];
  const T = H[1];
  const laT = H[2];
  const lbT = H[3];
  const logE = -p1 * laT - s * lbT;
  parts[0] = logE;
  if (withGrad) {
    parts[1] = -laT;
    parts[2] = -p1 * H[4];
    parts[3] = -lbT;
    parts[4] = -s * H[5];
  }
  if (!(T > tx)) {
    parts[PARTS_RATIO] = 0;
    return;
  }
  // ρ = F(T)/F(t_x) = e^ld · R with R the ratio of the hypergeometric sums; 1 − ρ through expm1
  // when ρ may be near 1, where 1 − ρ = −(R − 1) − R·expm1(ld) keeps its digits.
  const ld = FB[ob] - FA[oa];
  const GA = FA[oa + 5];
  const R = FB[ob + 5] / GA;
  let rho = 2;
  let oneMinusRho = 0;
  if (ld < -0.7) {
    rho = Math.exp(ld) * R;
    oneMinusRho = 1 - rho;
  }
  if (rho > 0.5) {
    const e = Math.expm1(ld);
    rho = (1 + e) * R;
    oneMinusRho = -((FB[ob + 5] - GA) / GA) - R * e;
  }
  if (rho < RHO_MIDPOINT) {
    if (withGrad) {
      const k = 1 / oneMinusRho;
      parts[6] = (FA[oa + 1] - rho * FB[ob + 1]) * k;
      parts[7] = (FA[oa + 2] - rho * FB[ob + 2]) * k;
      parts[8] = (FA[oa + 3] - rho * FB[ob + 3]) * k + 1 / s;
      parts[9] = (FA[oa + 4] - rho * FB[ob + 4]) * k;
    }
    // ln(sD/E) = ln s + ln F(t_x) + ln(1 − ρ) − ln E
    const lead = PARAMS[4] + FA[oa] - logE;
    if (lead > -RATIO_MAX_LOG && lead < RATIO_MAX_LOG) {
      const q = Math.exp(lead) * GA * oneMinusRho;
      if (q > 1e-290 && q < 1e290) {
        parts[PARTS_RATIO] = q;
        return;
      }
    }
    parts[PARTS_LOG_RATIO] = lead + Math.log(GA) + Math.log(oneMinusRho);
    parts[PARTS_RATIO] = NaN;
    return;
  }
  // F(t_x) and F(T) agree to 6 digits (T − t_x tiny): the difference would lose digits, while
  // D ≈ (T − t_x) × integrand at the midpoint is then exact to ~1e-13 (midpoint rule, error ∝ diff²).
  const y = 0.5 * (tx + T);
  const la = Math.log(alpha + y);
  const lb = Math.log(beta + y);
  parts[PARTS_LOG_RATIO] = PARAMS[4] + Math.log(T - tx) - p1 * la - (s + 1) * lb - logE;
  parts[PARTS_RATIO] = NaN;
  if (withGrad) {
    parts[6] = -la;
    parts[7] = -p1 / (alpha + y);
    parts[8] = -lb + 1 / s;
    parts[9] = -(s + 1) / (beta + y);
  }
}

/**
 * Adds one history's ln(E + sD) = ln E + ln(1 + q), times weight[i], to acc[0] and its gradient in
 * (r, α, s, β) to acc[1..4]: the mix of those of ln E and ln(sD) with weights E/(E + sD) = 1/(1 + q)
 * and q/(1 + q).
 */
function accumulateRow(parts: Float64Array, weights: Float64Array, i: number, withGrad: boolean, acc: Float64Array): void {
  const weight = weights[i];
  const logE = parts[0];
  const q = parts[PARTS_RATIO];
  if (q === 0) {
    acc[0] += weight * logE;
    if (withGrad) {
      acc[1] += weight * parts[1];
      acc[2] += weight * parts[2];
      acc[3] += weight * parts[3];
      acc[4] += weight * parts[4];
    }
    return;
  }
  let wE = 0;
  if (q === q) {
    acc[0] += weight * (logE + Math.log1p(q));
    wE = 1 / (1 + q);
  } else {
    // ln(E + sD) with one exp and one log1p whatever the size of ln q.
    const u = parts[PARTS_LOG_RATIO];
    if (u < 0) {
      const e = Math.exp(u);
      acc[0] += weight * (logE + Math.log1p(e));
      wE = 1 / (1 + e);
    } else {
      const e = Math.exp(-u);
      acc[0] += weight * (logE + u + Math.log1p(e));
      wE = e / (1 + e);
    }
  }
  if (withGrad) {
    const wD = 1 - wE;
    acc[1] += weight * (wE * parts[1] + wD * parts[6]);
    acc[2] += weight * (wE * parts[2] + wD * parts[7]);
    acc[3] += weight * (wE * parts[3] + wD * parts[8]);
    acc[4] += weight * (wE * parts[4] + wD * parts[9]);
  }
}

/**
 * For data with few distinct times (summaries of dated transactions take one value per day), ln F(y)
 * and ln E depend on a row only through (x, y): index the distinct (x, t_x) and (x, T) pairs once, so
 * each evaluation computes F and E once per pair instead of once or twice per row. Pairs and the rows
 * with T > t_x are grouped by x (see `pairRows`). Cached per data object.
 */
interface PairIndex {
  /** per pair: index into xValues and time index; the pairs of the j-th x are xStart[j] .. xStart[j+1] − 1 */
  readonly xIndex: Int32Array;
  readonly time: Int32Array;
  readonly xStart: Int32Array;
  /** per pair: ROLE_A when it is some row's (x, t_x) with T > t_x, ROLE_B when it is some such row's (x, T) */
  readonly role: Uint8Array;
  /** per pair: total weight of the rows with t_x = T whose (x, T) it is (their likelihood is E alone) */
  readonly eqWeight: Float64Array;
  /** the rows with T > t_x grouped by x (rowStart as xStart): pair of (x, t_x), pair of (x, T), weight, row */
  readonly rowA: Int32Array;
  readonly rowB: Int32Array;
  readonly rowW: Float64Array;
  readonly row: Int32Array;
  readonly rowStart: Int32Array;
}

const ROLE_A = 1;
const ROLE_B = 2;

const pairCache = new WeakMap<CompressedCountData, PairIndex | null>();

function pairIndex(d: CompressedCountData): PairIndex | null {
  const cached = pairCache.get(d);
  if (cached !== undefined) return cached;
  const times = timeIndex(d);
  if (!times) {
    pairCache.set(d, null);
    return null;
  }
  const n = d.length;
  const nx = d.xValues.length;
  const nTimes = times.values.length;
  // Provisional pair numbers in order of appearance, looked up in a direct table when it is small.
  const direct = nx * nTimes <= 4 * n + 4096 ? new Int32Array(nx * nTimes).fill(-1) : null;
  const map = direct ? null : new Map<number, number>();
  const px = new Int32Array(2 * n);
  const pt = new Int32Array(2 * n);
  let nPairs = 0;
  const lookup = (j: number, ti: number): number => {
    const key = j * nTimes + ti;
    let k = direct ? direct[key] : (map!.get(key) ?? -1);
    if (k < 0) {
      k = nPairs++;
      if (direct) direct[key] = k;
      else map!.set(key, k);
      px[k] = j;
      pt[k] = ti;
    }
    return k;
  };
  const aOf = new Int32Array(n);
  const bOf = new Int32Array(n);
  let rowsD = 0;
  for (let i = 0; i < n; i++) {
    bOf[i] = lookup(d.xIndex[i], times.TIndex[i]);
    if (d.T[i] > d.tx[i]) {
      aOf[i] = lookup(d.xIndex[i], times.txIndex[i]);
      rowsD++;
    } else {
      aOf[i] = -1;
    }
  }
  if (!(nPairs < 0.75 * 2 * n)) {
    pairCache.set(d, null);
    return null;
  }
  // Number the pairs by x (a counting sort keeps their order of appearance within each x).
  const xStart = new Int32Array(nx + 1);
  for (let k = 0; k < nPairs; k++) xStart[px[k] + 1]++;
  for (let j = 0; j < nx; j++) xStart[j + 1] += xStart[j];
  const fill = xStart.slice(0, nx);
  const renumber = new Int32Array(nPairs);
  const xIndex = new Int32Array(nPairs);
  const time = new Int32Array(nPairs);
  for (let k = 0; k < nPairs; k++) {
    const kk = fill[px[k]]++;
    renumber[k] = kk;
    xIndex[kk] = px[k];
    time[kk] = pt[k];
  }
  const role = new Uint8Array(nPairs);
  const eqWeight = new Float64Array(nPairs);
  const rowStart = new Int32Array(nx + 1);
  for (let i = 0; i < n; i++) if (aOf[i] >= 0) rowStart[d.xIndex[i] + 1]++;
  for (let j = 0; j < nx; j++) rowStart[j + 1] += rowStart[j];
  const rowFill = rowStart.slice(0, nx);
  const rowA = new Int32Array(rowsD);
  const rowB = new Int32Array(rowsD);
  const rowW = new Float64Array(rowsD);
  const row = new Int32Array(rowsD);
  for (let i = 0; i < n; i++) {
    const b = renumber[bOf[i]];
    if (aOf[i] < 0) {
      eqWeight[b] += d.weight[i];
      continue;
    }
    const a = renumber[aOf[i]];
    role[a] |= ROLE_A;
    role[b] |= ROLE_B;
    const q = rowFill[d.xIndex[i]]++;
    rowA[q] = a;
    rowB[q] = b;
    rowW[q] = d.weight[i];
    row[q] = i;
  }
  const out: PairIndex = { xIndex, time, xStart, role, eqWeight, rowA, rowB, rowW, row, rowStart };
  pairCache.set(d, out);
  return out;
}

/**
 * Scratch space of the likelihood for one data object, reused by every evaluation (a fit evaluates
 * the same data a hundred times): per distinct x the constants of `logF`, the coefficient tables of G, and
 * ln F(0) (every customer without repeat purchases has t_x = 0, so F(t_x) is one value per x for
 * them); per distinct time the arguments of `logF`; per (x, time) pair ln F, ln E and the scaled
 * values of `pairRows`. Entries computed on demand carry the number of the evaluation that filled them.
 */
interface Workspace {
  readonly xc: Float64Array;
  readonly tables: Float64Array | null;
  readonly tableStamp: Float64Array;
  /** allocated on first use (most fits never leave |w| ≤ ½ on most x) when `pfaffAllowed` */
  pfaffTables: Float64Array | null;
  readonly pfaffAllowed: boolean;
  readonly pfaffStamp: Float64Array;
  readonly f0: Float64Array;
  readonly f0Stamp: Float64Array;
  readonly timeArgs: Float64Array | null;
  readonly pairs: PairWorkspace | null;
  /** per x, for `continuousRows`: G(0) (layout of `hyp1bInto`) and its stamp, the running product of A and its power of two */
  readonly zeroSeries: Float64Array;
  readonly zeroStamp: Float64Array;
  readonly prodA: Float64Array;
  readonly prodAExp: Float64Array;
}

/** Per pair: ln F (layout of `logF`), ln E, F·e^−c and s·e^c/E, and the per-pair sums of `pairRows`. */
interface PairWorkspace {
  readonly F: Float64Array;
  readonly logE: Float64Array;
  readonly scaledF: Float64Array;
  readonly scaledInvE: Float64Array;
  readonly sumU: Float64Array;
  readonly sumC: Float64Array;
  /** per x: 1 when its pairs take the scaled form */
  readonly scaled: Uint8Array;
}

/** Distinct x values up to which series tables are kept (at most 2.5 kB each). */
const W_TABLE_MAX_X = 2048;
/** Tables pay when each distinct x serves several rows: a table costs about six rows' series. */
const W_TABLE_MIN_ROWS_PER_X = 8;
/** Distinct x values up to which tables of the series after Pfaff's transformation are kept (10 kB each). */
const PFAFF_TABLE_MAX_X = 256;

const workspaces = new WeakMap<CompressedCountData, Workspace>();
let evaluationCount = 0;

function workspaceOf(d: CompressedCountData): Workspace {
  let ws = workspaces.get(d);
  if (!ws) {
    const nx = d.xValues.length;
    const times = timeIndex(d);
    const pairs = pairIndex(d);
    const nPairs = pairs ? pairs.xIndex.length : 0;
    ws = {
      xc: new Float64Array(X_WIDTH * nx),
      tables: nx <= W_TABLE_MAX_X && nx * W_TABLE_MIN_ROWS_PER_X <= d.length ? new Float64Array(nx * TABLE_STRIDE) : null,
      tableStamp: new Float64Array(nx),
      pfaffTables: null,
      pfaffAllowed: nx <= PFAFF_TABLE_MAX_X && nx * W_TABLE_MIN_ROWS_PER_X <= d.length,
      pfaffStamp: new Float64Array(nx),
      f0: new Float64Array(F_WIDTH * nx),
      f0Stamp: new Float64Array(nx),
      timeArgs: times ? new Float64Array(Y_WIDTH * times.values.length) : null,
      pairs: pairs
        ? {
            F: new Float64Array(F_WIDTH * nPairs),
            logE: new Float64Array(nPairs),
            scaledF: new Float64Array(nPairs),
            scaledInvE: new Float64Array(nPairs),
            sumU: new Float64Array(nPairs),
            sumC: new Float64Array(nPairs),
            scaled: new Uint8Array(nx),
          }
        : null,
      zeroSeries: new Float64Array(5 * nx),
      zeroStamp: new Float64Array(nx),
      prodA: new Float64Array(nx),
      prodAExp: new Float64Array(nx),
    };
    workspaces.set(d, ws);
  }
  return ws;
}

/** ln F(y) for the j-th distinct x into out[o..] (see `logF`). */
function logFOfX(ws: Workspace, j: number, stamp: number, Y: Float64Array, yo: number, out: Float64Array, o: number): void {
  logF(ws.xc, X_WIDTH * j, Y, yo, ws, j, stamp, out, o);
}

const fA = new Float64Array(F_WIDTH);
const fB = new Float64Array(F_WIDTH);
const parts = new Float64Array(11);
const acc = new Float64Array(5);
/** t_x, T and T's `logF` arguments of the current row; [6..9] t_x's arguments; [10..13] those of y = 0. */
const history = new Float64Array(14);

/**
 * Largest |exponent| of the scaled pair values: with F·e^−c ∈ [e^−300, 1]·G and s·e^c/E ≤ s·e^300,
 * q and the sums stay far inside the range of doubles.
 */
const SCALE_MAX_LOG = 300;

/**
 * The rows with T > t_x of data with a pair index, added to acc (value and gradient in (r, α, s, β))
 * like `accumulateRow`. With c_x the largest ln F among the pairs of x, each pair holds
 * F̃ = F·e^−c_x and K = s·e^c_x/E, so a row's ratio is q = sD/E = (F̃(t_x) − F̃(T))·K(T): the only
 * transcendental call per row is log1p(q) (the exponentials are taken once per pair). The gradient
 * of ln(E + sD) = ln E + ln(1 + q) is
 *   u·∇ln E + (1−u)·(1/s)·e_s + u·K·(F̃(t_x) ∇ln F(t_x) − F̃(T) ∇ln F(T)),   u = 1/(1+q),
 * so a row only adds u·w to a sum per (x, T) pair and ±u·w·K to a sum per pair; the pairs' gradients
 * are weighted by those sums once at the end. An x whose pairs span more than ~e^±300 (or whose
 * hypergeometric sums are extreme), and rows whose F(t_x) and F(T) agree to 6 digits, take the
 * per-row form of `rowParts` instead.
 */
function pairRows(d: CompressedCountData, ws: Workspace, pw: PairWorkspace, pairs: PairIndex, times: TimeIndex, stamp: number, withGrad: boolean): void {
  const s = PARAMS[2];
  const xc = ws.xc;
  const TA = ws.timeArgs!;
  const PF = pw.F;
  const logE = pw.logE;
  const scaledF = pw.scaledF;
  const scaledInvE = pw.scaledInvE;
  const sumU = pw.sumU;
  const sumC = pw.sumC;
  const role = pairs.role;
  const nx = d.xValues.length;
  for (let j = 0; j < nx; j++) {
    const k0 = pairs.xStart[j];
    const k1 = pairs.xStart[j + 1];
    const p1 = xc[X_WIDTH * j];
    let c = -Infinity;
    for (let k = k0; k < k1; k++) {
      const yo = Y_WIDTH * pairs.time[k];
      logE[k] = -p1 * TA[yo] - s * TA[yo + 1];
      if (role[k] !== 0) {
        logFOfX(ws, j, stamp, TA, yo, PF, F_WIDTH * k);
        if (PF[F_WIDTH * k] > c) c = PF[F_WIDTH * k];
      }
    }
    let ok = 1;
    for (let k = k0; k < k1; k++) {
      if (role[k] === 0) continue;
      const o = F_WIDTH * k;
      const e = PF[o] - c;
      const G = PF[o + 5];
      if (!(e >= -SCALE_MAX_LOG && G >= 1e-100 && G <= 1e100)) ok = 0;
      scaledF[k] = Math.exp(e) * G;
      if (role[k] & ROLE_B) {
        const eE = c - logE[k];
        if (!(eE >= -SCALE_MAX_LOG && eE <= SCALE_MAX_LOG)) ok = 0;
        scaledInvE[k] = s * Math.exp(eE);
      }
    }
    pw.scaled[j] = ok;
  }
  sumU.fill(0);
  sumC.fill(0);
  const rowA = pairs.rowA;
  const rowB = pairs.rowB;
  const rowW = pairs.rowW;
  let ll = 0;
  let wD = 0;
  for (let j = 0; j < nx; j++) {
    const i1 = pairs.rowStart[j + 1];
    if (pw.scaled[j] === 0) {
      for (let i = pairs.rowStart[j]; i < i1; i++) pairRowParts(d, ws, pairs, times, i, j, withGrad);
      continue;
    }
    for (let i = pairs.rowStart[j]; i < i1; i++) {
      const a = rowA[i];
      const b = rowB[i];
      const fa = scaledF[a];
      const fb = scaledF[b];
      const K = scaledInvE[b];
      const q = (fa - fb) * K;
      if (!(fb < RHO_MIDPOINT * fa) || !(q < Infinity)) {
        pairRowParts(d, ws, pairs, times, i, j, withGrad);
        continue;
      }
      const w = rowW[i];
      ll += w * (logE[b] + Math.log1p(q));
      const wu = w / (1 + q);
      wD += wu * q;
      sumU[b] += wu;
      const wc = wu * K;
      sumC[a] += wc;
      sumC[b] -= wc;
    }
  }
  acc[0] += ll;
  const eqWeight = pairs.eqWeight;
  for (let k = 0; k < eqWeight.length; k++) acc[0] += eqWeight[k] * logE[k];
  if (!withGrad) return;
  for (let k = 0; k < eqWeight.length; k++) {
    const cE = sumU[k] + eqWeight[k];
    if (cE !== 0) {
      const yo = Y_WIDTH * pairs.time[k];
      acc[1] -= cE * TA[yo];
      acc[2] -= cE * xc[X_WIDTH * pairs.xIndex[k]] * TA[yo + 2];
      acc[3] -= cE * TA[yo + 1];
      acc[4] -= cE * s * TA[yo + 3];
    }
    const cF = sumC[k];
    if (cF !== 0) {
      const f = cF * scaledF[k];
      const o = F_WIDTH * k;
      acc[1] += f * PF[o + 1];
      acc[2] += f * PF[o + 2];
      acc[3] += f * PF[o + 3];
      acc[4] += f * PF[o + 4];
    }
  }
  acc[3] += wD / s;
}

/** One row of `pairRows` in the per-row form of `rowParts`, from the pairs' ln F. */
function pairRowParts(d: CompressedCountData, ws: Workspace, pairs: PairIndex, times: TimeIndex, i: number, j: number, withGrad: boolean): void {
  const row = pairs.row[i];
  const TA = ws.timeArgs!;
  const PF = ws.pairs!.F;
  const H = history;
  const qT = Y_WIDTH * times.TIndex[row];
  H[0] = d.tx[row];
  H[1] = d.T[row];
  H[2] = TA[qT];
  H[3] = TA[qT + 1];
  H[4] = TA[qT + 2];
  H[5] = TA[qT + 3];
  rowParts(ws.xc, X_WIDTH * j, H, PF, F_WIDTH * pairs.rowA[i], PF, F_WIDTH * pairs.rowB[i], withGrad, parts);
  accumulateRow(parts, pairs.rowW, i, withGrad, acc);
}

/**
 * One row of data without a time index, in the general form: ln F of t_x and T by `logF` (F(0) once
 * per x), then `rowParts` and `accumulateRow`. Expects y = 0's arguments in history[10..13].
 */
function perRow(d: CompressedCountData, ws: Workspace, i: number, stamp: number, withGrad: boolean): void {
  const H = history;
  const j = d.xIndex[i];
  const tx = d.tx[i];
  const T = d.T[i];
  H[0] = tx;
  H[1] = T;
  setYArguments(T, H, 2);
  let FA: Float64Array = fA;
  let oa = 0;
  if (T > tx) {
    logFOfX(ws, j, stamp, H, 2, fB, 0);
    if (tx === 0) {
      // F(0) is the same for every row with this x.
      const f0 = ws.f0;
      if (ws.f0Stamp[j] !== stamp) {
        logFOfX(ws, j, stamp, H, 10, f0, F_WIDTH * j);
        ws.f0Stamp[j] = stamp;
      }
      FA = f0;
      oa = F_WIDTH * j;
    } else {
      setYArguments(tx, H, 6);
      logFOfX(ws, j, stamp, H, 6, fA, 0);
    }
  }
  rowParts(ws.xc, X_WIDTH * j, H, FA, oa, fB, 0, withGrad, parts);
  accumulateRow(parts, d.weight, i, withGrad, acc);
}

/*
 * Rows without repeat purchases in continuous time. A customer with t_x = 0 (every one with x = 0)
 * contributes ℓ_x(T) = ln(E + sD) with D = F(0) − F(T): for a given x a smooth function of T alone,
 * analytic for T > −min(α, β). On an interval of T it is replaced by its Chebyshev interpolant
 * p(u) = Σ'' a_k T_k(u), u = (T − mid)/half, at the Chebyshev–Lobatto points (Trefethen, "Approximation
 * Theory and Approximation Practice", ch. 3–4), and the sum over the interval's rows becomes
 *   Σ_i w_i ℓ_x(T_i) ≈ Σ'' a_k M_k,   M_k = Σ_i w_i T_k(u_i),
 * with the moments M_k fixed by the data, so an evaluation costs a few dozen rows' worth per interval
 * whatever the number of customers (and the same for the four gradient components). The coefficients
 * of a function analytic in the Bernstein ellipse of parameter ρ fall like ρ^−k (ibid. ch. 8): the
 * intervals are dyadic, (T_max/2^(k+1), T_max/2^k], so the singularities at T = −α and T = −β lie at
 * least one interval width from each and ρ ≥ 3 + √8 for them whatever α and β. An interval is used in
 * an evaluation only when the last three coefficients of the value and of each gradient component
 * are below CHEB_TOLERANCE of the function's size (at degree 16, else 32); otherwise its rows take
 * the per-row form, so the sums stay those of the rows to about 1e-14 relative.
 * -------------------------------------------------------------------------------------------- */

/** Highest degree of the interpolants. */
const CHEB_MAX = 32;
/** Degree tried first (its points are every second one of CHEB_MAX's). */
const CHEB_FIRST = 16;
/** Relative size of the last coefficients below which an interpolant is accepted: value, gradient. */
const CHEB_TOLERANCE = 4e-15;
const CHEB_TOLERANCE_GRADIENT = 1e-13;
/** Fewest rows for which an interval is interpolated (below this the rows are cheaper one by one). */
const CHEB_MIN_ROWS = 256;
/** Dyadic intervals below T_max (rows with smaller T take the per-row form). */
const CHEB_MAX_LEVEL = 30;

/** cos(jkπ/CHEB_MAX) for j, k = 0..CHEB_MAX. */
const CHEB_COS = (() => {
  const c = new Float64Array((CHEB_MAX + 1) * (CHEB_MAX + 1));
  for (let j = 0; j <= CHEB_MAX; j++) for (let k = 0; k <= CHEB_MAX; k++) c[j * (CHEB_MAX + 1) + k] = Math.cos((((j * k) % (2 * CHEB_MAX)) * Math.PI) / CHEB_MAX);
  return c;
})();

/** The intervals of T interpolated for rows with t_x = 0, per data object. */
interface ZeroPieces {
  /** per row: its interval, or −1 */
  readonly piece: Int32Array;
  /** the rows of interval p are rows[start[p] .. start[p+1] − 1] */
  readonly rows: Int32Array;
  readonly start: Int32Array;
  /** per interval: index of its x, centre and half-width */
  readonly xIndex: Int32Array;
  readonly mid: Float64Array;
  readonly half: Float64Array;
  /** per interval: moments M_0..M_CHEB_MAX (computed up to momentsTo) */
  readonly moments: Float64Array;
  readonly momentsTo: Int32Array;
  /** per interval, set by each evaluation: 1 when its rows' sums came from the interpolant */
  readonly used: Uint8Array;
}

const zeroPieceCache = new WeakMap<CompressedCountData, ZeroPieces | null>();

function zeroPieces(d: CompressedCountData): ZeroPieces | null {
  const cached = zeroPieceCache.get(d);
  if (cached !== undefined) return cached;
  const n = d.length;
  const nx = d.xValues.length;
  const txs = d.tx;
  const Ts = d.T;
  const xIndexOf = d.xIndex;
  const tMax = new Float64Array(nx);
  for (let i = 0; i < n; i++) {
    const j = xIndexOf[i];
    if (txs[i] === 0 && Ts[i] > tMax[j]) tMax[j] = Ts[i];
  }
  // Level of each row's T below its x's largest; rows counted per (x, level).
  const levels = CHEB_MAX_LEVEL + 1;
  const count = new Int32Array(nx * levels);
  const key = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const T = Ts[i];
    key[i] = -1;
    if (txs[i] !== 0 || !(T > 0)) continue;
    const j = xIndexOf[i];
    // floor(log2(T_max / T)), mostly 0
    let level = 0;
    for (let bound = 0.5 * tMax[j]; T <= bound && level < levels; bound *= 0.5) level++;
    if (level >= levels) continue;
    const k = j * levels + level;
    key[i] = k;
    count[k]++;
  }
  const id = new Int32Array(nx * levels);
  const sizes: number[] = [];
  for (let k = 0; k < id.length; k++) id[k] = count[k] >= CHEB_MIN_ROWS ? sizes.push(count[k]) - 1 : -1;
  const m = sizes.length;
  if (m === 0) {
    zeroPieceCache.set(d, null);
    return null;
  }
  const start = new Int32Array(m + 1);
  for (let p = 0; p < m; p++) start[p + 1] = start[p] + sizes[p];
  const fill = start.slice(0, m);
  const rows = new Int32Array(start[m]);
  const piece = new Int32Array(n);
  const xIndex = new Int32Array(m);
  const lo = new Float64Array(m).fill(Infinity);
  const hi = new Float64Array(m).fill(-Infinity);
  for (let i = 0; i < n; i++) {
    const k = key[i];
    const p = k < 0 ? -1 : id[k];
    piece[i] = p;
    if (p < 0) continue;
    rows[fill[p]++] = i;
    xIndex[p] = xIndexOf[i];
    const T = Ts[i];
    if (T < lo[p]) lo[p] = T;
    if (T > hi[p]) hi[p] = T;
  }
  const mid = new Float64Array(m);
  const half = new Float64Array(m);
  for (let p = 0; p < m; p++) {
    mid[p] = 0.5 * (lo[p] + hi[p]);
    half[p] = 0.5 * (hi[p] - lo[p]);
  }
  const out: ZeroPieces = { piece, rows, start, xIndex, mid, half, moments: new Float64Array(m * (CHEB_MAX + 1)), momentsTo: new Int32Array(m).fill(-1), used: new Uint8Array(m) };
  zeroPieceCache.set(d, out);
  return out;
}

/** The moments M_0..M_K of every interval, K = CHEB_FIRST or CHEB_MAX. */
function zeroMoments(d: CompressedCountData, zp: ZeroPieces, K: number): void {
  const M = zp.moments;
  const S = CHEB_MAX + 1;
  const Ts = d.T;
  const weights = d.weight;
  const rows = zp.rows;
  M.fill(0);
  for (let p = 0; p < zp.mid.length; p++) {
    const mid = zp.mid[p];
    const h = zp.half[p];
    const scale = h > 0 ? 1 / h : 0;
    const o = p * S;
    const i1 = zp.start[p + 1];
    if (K === 16) {
      // Sums in locals (not memory, which would bound the loop by its stores); T_(m+n) = 2 T_m T_n −
      // T_(m−n) gives a dependency chain of depth 4 instead of the recurrence's 15.
      let m0 = 0, m1 = 0, m2 = 0, m3 = 0, m4 = 0, m5 = 0, m6 = 0, m7 = 0, m8 = 0;
      let m9 = 0, m10 = 0, m11 = 0, m12 = 0, m13 = 0, m14 = 0, m15 = 0, m16 = 0;
      for (let q = zp.start[p]; q < i1; q++) {
        const i = rows[q];
        const w = weights[i];
        const u = (Ts[i] - mid) * scale;
        const t2 = 2 * u * u - 1;
        const t3 = 2 * t2 * u - u;
        const t4 = 2 * t2 * t2 - 1;
        const t5 = 2 * t4 * u - t3;
        const t6 = 2 * t4 * t2 - t2;
        const t7 = 2 * t4 * t3 - u;
        const t8 = 2 * t4 * t4 - 1;
        m0 += w;
        m1 += w * u;
        m2 += w * t2;
        m3 += w * t3;
        m4 += w * t4;
        m5 += w * t5;
        m6 += w * t6;
        m7 += w * t7;
        m8 += w * t8;
        m9 += w * (2 * t8 * u - t7);
        m10 += w * (2 * t8 * t2 - t6);
        m11 += w * (2 * t8 * t3 - t5);
        m12 += w * (2 * t8 * t4 - t4);
        m13 += w * (2 * t8 * t5 - t3);
        m14 += w * (2 * t8 * t6 - t2);
        m15 += w * (2 * t8 * t7 - u);
        m16 += w * (2 * t8 * t8 - 1);
      }
      M[o] = m0;
      M[o + 1] = m1;
      M[o + 2] = m2;
      M[o + 3] = m3;
      M[o + 4] = m4;
      M[o + 5] = m5;
      M[o + 6] = m6;
      M[o + 7] = m7;
      M[o + 8] = m8;
      M[o + 9] = m9;
      M[o + 10] = m10;
      M[o + 11] = m11;
      M[o + 12] = m12;
      M[o + 13] = m13;
      M[o + 14] = m14;
      M[o + 15] = m15;
      M[o + 16] = m16;
      continue;
    }
    for (let q = zp.start[p]; q < i1; q++) {
      const i = rows[q];
      const w = weights[i];
      const u = (Ts[i] - mid) * scale;
      M[o] += w;
      M[o + 1] += w * u;
      let t0 = 1;
      let t1 = u;
      for (let k = 2; k <= K; k++) {
        const t2 = 2 * u * t1 - t0;
        M[o + k] += w * t2;
        t0 = t1;
        t1 = t2;
      }
    }
  }
  zp.momentsTo.fill(K);
}

const ONE_WEIGHT = new Float64Array([1]);
const nodeAcc = new Float64Array(5);
/** Node values of one interval: value and gradient (layout of acc) at the CHEB_MAX + 1 points. */
const nodeValues = new Float64Array(5 * (CHEB_MAX + 1));
const chebCoef = new Float64Array(5 * (CHEB_MAX + 1));

/** ℓ_x(T) of a row (x, 0, T) with weight 1 and its gradient into out[o..o+4] (layout of acc), by `rowParts`. */
function zeroRow(ws: Workspace, j: number, T: number, stamp: number, withGrad: boolean, out: Float64Array, o: number): void {
  const H = history;
  H[0] = 0;
  H[1] = T;
  setYArguments(T, H, 2);
  logFOfX(ws, j, stamp, H, 2, fB, 0);
  const f0 = ws.f0;
  if (ws.f0Stamp[j] !== stamp) {
    logFOfX(ws, j, stamp, H, 10, f0, F_WIDTH * j);
    ws.f0Stamp[j] = stamp;
  }
  rowParts(ws.xc, X_WIDTH * j, H, f0, F_WIDTH * j, fB, 0, withGrad, parts);
  nodeAcc.fill(0);
  accumulateRow(parts, ONE_WEIGHT, 0, withGrad, nodeAcc);
  for (let c = 0; c < 5; c++) out[o + c] = nodeAcc[c];
}

/**
 * Chebyshev coefficients of degree K (CHEB_FIRST or CHEB_MAX) from the node values (stored at the
 * CHEB_MAX-point positions, step CHEB_MAX/K), a_j = (2/K) Σ''_k f_k cos(jkπ/K); true when the
 * last three coefficients of each function are below its tolerance.
 */
function chebCoefficients(K: number, functions: number): boolean {
  const step = CHEB_MAX / K;
  const S = CHEB_MAX + 1;
  for (let c = 0; c < functions; c++) {
    let size = 0;
    for (let k = 0; k <= K; k++) size = Math.max(size, Math.abs(nodeValues[5 * k * step + c]));
    for (let j = 0; j <= K; j++) {
      let sum = 0;
      for (let k = 0; k <= K; k++) {
        const f = nodeValues[5 * k * step + c];
        sum += (k === 0 || k === K ? 0.5 * f : f) * CHEB_COS[j * S + k * step];
      }
      chebCoef[5 * j + c] = (2 / K) * sum;
    }
    const tail = Math.abs(chebCoef[5 * K + c]) + Math.abs(chebCoef[5 * (K - 1) + c]) + Math.abs(chebCoef[5 * (K - 2) + c]);
    if (!(tail <= (c === 0 ? CHEB_TOLERANCE : CHEB_TOLERANCE_GRADIENT) * size)) return false;
  }
  return true;
}

/**
 * The interpolated intervals' sums Σ w ℓ and Σ w ∇ℓ added to acc; marks in `used` which intervals
 * were interpolated (their rows are then skipped by `continuousRows`).
 */
function zeroPieceSums(d: CompressedCountData, ws: Workspace, zp: ZeroPieces, stamp: number, withGrad: boolean): void {
  const functions = withGrad ? 5 : 1;
  const S = CHEB_MAX + 1;
  for (let p = 0; p < zp.used.length; p++) {
    zp.used[p] = 0;
    const j = zp.xIndex[p];
    const mid = zp.mid[p];
    const half = zp.half[p];
    const step = CHEB_MAX / CHEB_FIRST;
    for (let k = 0; k <= CHEB_MAX; k += step) zeroRow(ws, j, mid + half * CHEB_COS[S + k], stamp, withGrad, nodeValues, 5 * k);
    let K = CHEB_FIRST;
    if (!chebCoefficients(K, functions)) {
      for (let k = 1; k < CHEB_MAX; k += step) zeroRow(ws, j, mid + half * CHEB_COS[S + k], stamp, withGrad, nodeValues, 5 * k);
      K = CHEB_MAX;
      if (!chebCoefficients(K, functions)) continue;
    }
    if (zp.momentsTo[p] < K) zeroMoments(d, zp, K);
    const M = zp.moments;
    const o = p * S;
    for (let c = 0; c < functions; c++) {
      let sum = 0.5 * (chebCoef[c] * M[o] + chebCoef[5 * K + c] * M[o + K]);
      for (let k = 1; k < K; k++) sum += chebCoef[5 * k + c] * M[o + k];
      acc[c] += sum;
    }
    zp.used[p] = 1;
  }
}

/** 1 − RHO_MIDPOINT: the smallest (F(t_x) − F(T))/F(t_x) that `continuousRows` forms as a difference. */
const MIDPOINT_GAP = -Math.expm1(-1e-6);
/** Bounds of the running products of `continuousRows` (factors stay within 2^±300, see there). */
const PRODUCT_HIGH = 2 ** 400;
const PRODUCT_LOW = 2 ** -400;
const PRODUCT_FACTOR_MAX = 2 ** 300;
/** Largest ratio q = sD/E whose 1 + q enters the product of `continuousRows` (larger ones take log1p). */
const PRODUCT_Q_MAX = 2 ** 300;

/**
 * The rows of data with continuous (nearly all distinct) times, added to acc like `accumulateRow`,
 * with three transcendental calls per row instead of seven. Writing a = α+t_x, b = β+t_x, A = α+T,
 * B = β+T and G_y = 2F1(1, b; m+1; w_y) as in `logF`, the ratio q = sD/E of the row is
 *   α ≥ β:  q = s·A/(B·m) · (K·G(t_x) − G(T)),   K = (A/a)^(r+x−1) (B/b)^(s+1)
 *   α < β:  q = s/m · (K·G(t_x) − G(T)),           K = (A/a)^(r+x) (B/b)^s
 * (the powers of F(t_x)/E and F(T)/E of note 008 eqs. 19–22 divided out), so a row takes ln(A/a),
 * ln(B/b) and one exponential K, and K·G(t_x) − G(T) = (K−1)·G(t_x) + (G(t_x) − G(T)) carries the
 * absolute rounding error of a few units of 1e-16, as 1 − ρ does in `rowParts` (rows where it is
 * below 1e-6 of K·G(t_x) take the midpoint rule there). The row's ln E + ln(1 + q) =
 * −(r+x) ln A − s ln B + ln(1 + q) needs no logarithm of its own: A per x, B and 1 + q are multiplied
 * into running products (rescaled by powers of two), whose logarithms are taken once per evaluation.
 * The two series of G share their coefficient table (`buildSeriesTable`, per x) and one loop. The
 * gradient is that of `rowParts`/`accumulateRow` in the same quantities: with ρ = F(T)/F(t_x),
 * k_a = 1/(1−ρ) = K·G(t_x)/(K·G(t_x) − G(T)) and k_T = ρ/(1−ρ),
 *   ∇ln(sD) − ∇ln E = e_s/s + k_a (∇ln F(t_x) − ∇ln E) − k_T (∇ln F(T) − ∇ln E).
 * Rows outside this form (|w| > ½ where the series is not summed from the table, K or q beyond
 * range, F(t_x) and F(T) agreeing to 6 digits, weights other than 1 for the products) take `perRow`.
 * Returns false, having added nothing, when the evaluation cannot use this form at all.
 */
function continuousRows(d: CompressedCountData, ws: Workspace, stamp: number, withGrad: boolean): boolean {
  const tables = ws.tables;
  if (tables === null) return false;
  const alpha = PARAMS[1];
  const s = PARAMS[2];
  const beta = PARAMS[3];
  if (!(alpha > 1 / PRODUCT_FACTOR_MAX && beta > 1 / PRODUCT_FACTOR_MAX && alpha < PRODUCT_FACTOR_MAX / 2 && beta < PRODUCT_FACTOR_MAX / 2)) return false;
  const n = d.length;
  const txs = d.tx;
  const Ts = d.T;
  const weights = d.weight;
  const xIndex = d.xIndex;
  const xs = d.xValues;
  const nx = xs.length;
  const xc = ws.xc;
  const zero = ws.zeroSeries;
  const prodA = ws.prodA;
  const expA = ws.prodAExp;
  const aGeB = alpha >= beta;
  const delta = aGeB ? alpha - beta : beta - alpha;
  const lo = aGeB ? beta : alpha;
  const w0 = -delta / lo;
  // Exponents of A/a and B/b in K, less r+x for A/a: −1, s+1 (α ≥ β) or 0, s (α < β).
  const shiftA = aGeB ? -1 : 0;
  const powB = aGeB ? s + 1 : s;
  const invS = 1 / s;
  const ia0 = 1 / alpha;
  const ib0 = 1 / beta;
  for (let j = 0; j < nx; j++) {
    const p1 = xc[X_WIDTH * j];
    const m = xc[X_WIDTH * j + 1];
    const b = aGeB ? s + 1 : p1;
    if (ws.tableStamp[j] !== stamp) {
      buildSeriesTable(b, m, tables, j * TABLE_STRIDE);
      ws.tableStamp[j] = stamp;
    }
    prodA[j] = 1;
    expA[j] = 0;
  }
  const zp = zeroPieces(d);
  if (zp !== null) zeroPieceSums(d, ws, zp, stamp, withGrad);
  const piece = zp !== null ? zp.piece : null;
  const used = zp !== null ? zp.used : null;
  let prodB = 1;
  let expB = 0;
  let prodQ = 1;
  let expQ = 0;
  let direct = 0; // Σ of the rows' ln E + ln(1+q) not in the products
  let gR = 0;
  let gA = 0;
  let gS = 0;
  let gB = 0;
  const g = gScratch;
  for (let i = 0; i < n; i++) {
    if (piece !== null) {
      const pc = piece[i];
      if (pc >= 0 && used![pc] === 1) continue;
    }
    const tx = txs[i];
    const T = Ts[i];
    const w = weights[i];
    const j = xIndex[i];
    const xo = X_WIDTH * j;
    const p1 = xc[xo];
    const invM = xc[xo + 3];
    const A = alpha + T;
    const B = beta + T;
    if (!(T < PRODUCT_FACTOR_MAX / 2) || w !== 1) {
      perRow(d, ws, i, stamp, withGrad);
      continue;
    }
    // one division for the two reciprocals (and below for a, b and for the two sums)
    const iAB = 1 / (A * B);
    const iA = B * iAB;
    const iB = A * iAB;
    let q = 0;
    if (T > tx) {
      const base = j * TABLE_STRIDE;
      const end = base + TABLE_STRIDE;
      const wT = -delta * (aGeB ? iB : iA);
      // G(T) and its derivatives in (b, m, w), summed with the table of x (see `seriesFromTable`).
      let pT = 1;
      let sT = 1;
      let dbT = 0;
      let dmT = 0;
      let dwT = 0;
      let sA = 1;
      let dbA = 0;
      let dmA = 0;
      let dwA = 0;
      let g0A = 0;
      let iST = 0;
      let ia = ia0;
      let ib = ib0;
      let a = alpha;
      let bb = beta;
      let ok = false;
      if (tx === 0) {
        if (!(wT >= -SERIES_MAX_W)) {
          perRow(d, ws, i, stamp, withGrad);
          continue;
        }
        const zo = 5 * j;
        if (ws.zeroStamp[j] !== stamp) {
          hypArgs[0] = aGeB ? s + 1 : p1;
          hypArgs[1] = xc[xo + 1];
          hypArgs[2] = w0;
          hypergeometric(ws, j, stamp, g);
          zero[zo] = g[0];
          zero[zo + 1] = g[1];
          zero[zo + 2] = g[2];
          zero[zo + 3] = g[3];
          zero[zo + 4] = g[4];
          ws.zeroStamp[j] = stamp;
        }
        g0A = zero[zo];
        dbA = zero[zo + 1];
        dmA = zero[zo + 2];
        dwA = zero[zo + 3];
        sA = zero[zo + 4];
        for (let k = base; k < end; k += 5) {
          dwT += tables[k + 3] * pT;
          pT *= wT;
          const c = tables[k];
          sT += c * pT;
          dbT += tables[k + 1] * pT;
          dmT -= tables[k + 2] * pT;
          if (tables[k + 4] * Math.abs(pT) <= 1e-17 * sT) {
            ok = true;
            break;
          }
        }
      } else {
        a = alpha + tx;
        bb = beta + tx;
        const iab = 1 / (a * bb);
        ia = bb * iab;
        ib = a * iab;
        const wA = -delta * (aGeB ? ib : ia);
        if (!(wA >= -SERIES_MAX_W)) {
          perRow(d, ws, i, stamp, withGrad);
          continue;
        }
        let pA = 1;
        for (let k = base; k < end; k += 5) {
          const cw = tables[k + 3];
          dwA += cw * pA;
          dwT += cw * pT;
          pA *= wA;
          pT *= wT;
          const c = tables[k];
          sA += c * pA;
          sT += c * pT;
          const cb = tables[k + 1];
          dbA += cb * pA;
          dbT += cb * pT;
          const cm = tables[k + 2];
          dmA -= cm * pA;
          dmT -= cm * pT;
          const bound = tables[k + 4];
          // |w(T)| ≤ |w(t_x)|: the stopping rule of `seriesFromTable` for both sums.
          if (bound * Math.abs(pA) <= 1e-17 * (sA < sT ? sA : sT)) {
            ok = true;
            break;
          }
        }
        const iS = 1 / (sA * sT);
        iST = sA * iS;
        const iSA = sT * iS;
        dbA *= iSA;
        dmA *= iSA;
        dwA *= iSA;
      }
      if (!ok) {
        perRow(d, ws, i, stamp, withGrad);
        continue;
      }
      const La = Math.log(A * ia);
      const Lb = Math.log(B * ib);
      const Z = (p1 + shiftA) * La + powB * Lb + g0A;
      if (!(Z < 690)) {
        perRow(d, ws, i, stamp, withGrad);
        continue;
      }
      const K = Math.exp(Z);
      const em1 = K - 1;
      const KG = K * sA;
      const N = em1 * sA + (sA - sT);
      if (!(N > MIDPOINT_GAP * KG)) {
        perRow(d, ws, i, stamp, withGrad);
        continue;
      }
      q = s * (aGeB ? A * iB * invM : invM) * N;
      if (q < PRODUCT_Q_MAX) {
        prodQ *= 1 + q;
        if (!(prodQ < PRODUCT_HIGH)) {
          prodQ *= PRODUCT_LOW;
          expQ += 400;
        }
      } else {
        direct += Math.log1p(q);
      }
      if (withGrad) {
        if (tx === 0) iST = 1 / sT;
        dbT *= iST;
        dmT *= iST;
        dwT *= iST;
        const wd = q / (1 + q);
        const iN = 1 / N;
        const ka = KG * iN;
        const kT = sT * iN;
        let d1 = 0;
        let d2 = 0;
        let d3 = 0;
        let d4 = 0;
        if (aGeB) {
          d1 = ka * (La + dmA) - kT * dmT;
          d2 = -ka * ((p1 - 1) * ia + dwA * ib) + kT * ((p1 - 1) * iA + dwT * iB);
          d3 = ka * (Lb + dbA + dmA) - kT * (dbT + dmT);
          d4 = ka * (dwA * a * ib * ib - (s + 1) * ib) - kT * (dwT * A * iB * iB - (s + 1) * iB);
        } else {
          d1 = ka * (La + dbA + dmA) - kT * (dbT + dmT);
          d2 = ka * (dwA * bb * ia * ia - p1 * ia) - kT * (dwT * B * iA * iA - p1 * iA);
          d3 = ka * (Lb + dmA) - kT * dmT;
          d4 = -ka * (s * ib + dwA * ia) + kT * (s * iB + dwT * iA);
        }
        gR += wd * (d1 - invM);
        gA += wd * (d2 + p1 * iA);
        gS += wd * (d3 + invS - invM);
        gB += wd * (d4 + s * iB);
      }
    }
    // ln E = −(r+x) ln A − s ln B, through the products.
    let pa = prodA[j] * A;
    if (!(pa < PRODUCT_HIGH && pa > PRODUCT_LOW)) {
      if (pa >= PRODUCT_HIGH) {
        pa *= PRODUCT_LOW;
        expA[j] += 400;
      } else {
        pa *= PRODUCT_HIGH;
        expA[j] -= 400;
      }
    }
    prodA[j] = pa;
    prodB *= B;
    if (!(prodB < PRODUCT_HIGH && prodB > PRODUCT_LOW)) {
      if (prodB >= PRODUCT_HIGH) {
        prodB *= PRODUCT_LOW;
        expB += 400;
      } else {
        prodB *= PRODUCT_HIGH;
        expB -= 400;
      }
    }
    if (withGrad) {
      gA -= p1 * iA;
      gB -= s * iB;
    }
  }
  const sumLogB = Math.log(prodB) + expB * Math.LN2;
  let ll = direct + Math.log(prodQ) + expQ * Math.LN2 - s * sumLogB;
  let sumLogA = 0;
  for (let j = 0; j < nx; j++) {
    const la = Math.log(prodA[j]) + expA[j] * Math.LN2;
    sumLogA += la;
    ll -= xc[X_WIDTH * j] * la;
  }
  acc[0] += ll;
  if (withGrad) {
    acc[1] += gR - sumLogA;
    acc[2] += gA;
    acc[3] += gS - sumLogB;
    acc[4] += gB;
  }
  return true;
}

/**
 * Pareto/NBD log-likelihood (note 008 eq. 10) summed over weighted rows; `grad` receives the
 * gradient with respect to (ln r, ln α, ln s, ln β).
 */
export function paretoLogLik(p: ParetoNbdParams, d: CompressedCountData, grad?: Float64Array): number {
  const { r, alpha, s, beta } = p;
  if (!(r > 0 && alpha > 0 && s > 0 && beta > 0) || !Number.isFinite(r + alpha + s + beta)) return NaN;
  const withGrad = grad !== undefined;
  const ws = workspaceOf(d);
  const stamp = ++evaluationCount;
  setParams(r, alpha, s, beta);
  // x-only part: ln Γ(r+x)/Γ(r) and ψ(r+x) − ψ(r) per distinct x; the constants of logF per x.
  let constant = 0;
  let dConstR = 0;
  const xs = d.xValues;
  const psiR = withGrad ? digamma(r) : 0;
  for (let j = 0; j < xs.length; j++) {
    const W = d.xWeight[j];
    constant += W * logPochhammer(r, xs[j]);
    if (withGrad && xs[j] > 0) dConstR += W * (digamma(r + xs[j]) - psiR);
    setXConstants(xs[j], ws.xc, X_WIDTH * j);
  }
  acc.fill(0);
  const H = history;
  const xIndex = d.xIndex;
  const times = timeIndex(d);
  const pairs = pairIndex(d);
  if (times) {
    const tv = times.values;
    const TA = ws.timeArgs!;
    for (let k = 0; k < tv.length; k++) setYArguments(tv[k], TA, Y_WIDTH * k);
    if (pairs && ws.pairs) {
      pairRows(d, ws, ws.pairs, pairs, times, stamp, withGrad);
    } else {
      for (let i = 0; i < d.length; i++) {
        const j = xIndex[i];
        const qT = Y_WIDTH * times.TIndex[i];
        H[0] = d.tx[i];
        H[1] = d.T[i];
        H[2] = TA[qT];
        H[3] = TA[qT + 1];
        H[4] = TA[qT + 2];
        H[5] = TA[qT + 3];
        if (d.T[i] > d.tx[i]) {
          logFOfX(ws, j, stamp, TA, qT, fB, 0);
          logFOfX(ws, j, stamp, TA, Y_WIDTH * times.txIndex[i], fA, 0);
        }
        rowParts(ws.xc, X_WIDTH * j, H, fA, 0, fB, 0, withGrad, parts);
        accumulateRow(parts, d.weight, i, withGrad, acc);
      }
    }
  } else {
    setYArguments(0, H, 10);
    if (!continuousRows(d, ws, stamp, withGrad)) for (let i = 0; i < d.length; i++) perRow(d, ws, i, stamp, withGrad);
  }
  const N = d.totalWeight;
  const logAlpha = Math.log(alpha);
  const logBeta = Math.log(beta);
  const ll = acc[0] + constant + N * (r * logAlpha + s * logBeta);
  if (grad) {
    grad[0] = r * (acc[1] + dConstR + N * logAlpha);
    grad[1] = alpha * (acc[2] + (N * r) / alpha);
    grad[2] = s * (acc[3] + N * logBeta);
    grad[3] = beta * (acc[4] + (N * s) / beta);
  }
  return ll;
}

/* ----------------------------------------------------------------------------------------------
 * Predictions
 * -------------------------------------------------------------------------------------------- */

const xOne = new Float64Array(X_WIDTH);

/**
 * P(alive | x, t_x, T) = E / (E + sD) in the notation above (note 008 eq. 13 / FHL 2005 JMR eq. A11):
 * the share of the likelihood that comes from "still alive at T", i.e. 1/(1 + q) with q = sD/E.
 * Finite in [0, 1] for heavy buyers because q comes from log space when it is out of range.
 */
export function paretoPAlive(p: ParetoNbdParams, x: number, tx: number, T: number): number {
  setParams(p.r, p.alpha, p.s, p.beta);
  setXConstants(x, xOne, 0);
  const H = history;
  H[0] = tx;
  H[1] = T;
  setYArguments(T, H, 2);
  if (T > tx) {
    setYArguments(tx, H, 6);
    logF(xOne, 0, H, 6, null, 0, 0, fA, 0);
    logF(xOne, 0, H, 2, null, 0, 0, fB, 0);
  }
  rowParts(xOne, 0, H, fA, 0, fB, 0, false, parts);
  const q = parts[PARTS_RATIO];
  if (q === q) return 1 / (1 + q);
  const d = parts[PARTS_LOG_RATIO];
  return d > 0 ? Math.exp(-d) / (1 + Math.exp(-d)) : 1 / (1 + Math.exp(d));
}

/** [1 − q^(s−1)]/(s−1) for q ∈ (0, 1], written to stay accurate at s = 1 (limit −ln q). */
function powerIntegral(logQ: number, s: number): number {
  const e = s - 1;
  if (Math.abs(e * logQ) < 1e-10) return -logQ * (1 + (e * logQ) / 2);
  return -Math.expm1(e * logQ) / e;
}

/** E[X(t)] = rβ/(α(s−1)) · [1 − (β/(β+t))^(s−1)] (note 008 eq. 17; s = 1: (rβ/α) ln(1 + t/β)). */
export function paretoExpectedNew(p: ParetoNbdParams, t: number): number {
  if (t === 0) return 0;
  const { r, alpha, s, beta } = p;
  return ((r * beta) / alpha) * powerIntegral(-Math.log1p(t / beta), s);
}

/**
 * E[Y(t) | x, t_x, T] = (r+x)(β+T) / ((α+T)(s−1)) · [1 − ((β+T)/(β+T+t))^(s−1)] · P(alive)
 * (note 008 eq. 21 / SMC 1987).
 */
export function paretoExpected(p: ParetoNbdParams, t: number, x: number, tx: number, T: number): number {
  if (t === 0) return 0;
  const { r, alpha, s, beta } = p;
  const rate = (r + x) / (alpha + T);
  return rate * (beta + T) * powerIntegral(-Math.log1p(t / (beta + T)), s) * paretoPAlive(p, x, tx, T);
}

/**
 * DERT(δ | x, t_x, T) = α^r β^s δ^(s−1) Γ(r+x+1) U(s, s; δ(β+T)) / (Γ(r)(α+T)^(r+x+1) L)
 * (Fader, Hardie & Lee 2005, JMR 42(4), eq. 2), δ the continuously compounded discount rate per time
 * unit of the data. Dividing by L as written above it is
 *   P(alive) · (r+x)/(α+T) · δ^(s−1) (β+T)^s U(s, s; δ(β+T)).
 */
export function paretoDert(p: ParetoNbdParams, delta: number, x: number, tx: number, T: number): number {
  const { r, alpha, s, beta } = p;
  const z = delta * (beta + T);
  const logU = logTricomiU(s, s, z);
  const value = Math.exp(Math.log(r + x) - Math.log(alpha + T) + (s - 1) * Math.log(delta) + s * Math.log(beta + T) + logU);
  return value * paretoPAlive(p, x, tx, T);
}

/**
 * P(X(t) = n) for a new customer. Conditioning on the lifetime τ (note 008 §2):
 *   P(X(t) = n) = NB(n; t) (β/(β+t))^s + ∫₀ᵗ NB(n; τ) · s β^s (β+τ)^−(s+1) dτ,
 * NB(n; τ) = Γ(r+n)/(Γ(r) n!) (α/(α+τ))^r (τ/(α+τ))^n the gamma-Poisson count of a customer alive
 * throughout (0, τ]. The integral is smooth and is evaluated by tanh-sinh quadrature to ~1e-12
 * relative; this avoids the four 2F1 terms of the closed form (Fader & Hardie note 012), whose
 * alternating sum loses accuracy for large n.
 */
export function paretoPmf(p: ParetoNbdParams, n: number, t: number): number {
  const { r, alpha, s, beta } = p;
  if (t === 0) return n === 0 ? 1 : 0;
  const logCoef = logPochhammer(r, n) - lgamma(n + 1);
  const logNB = (tau: number): number =>
    logCoef + r * (Math.log(alpha) - Math.log(alpha + tau)) + (n === 0 ? 0 : n * (Math.log(tau) - Math.log(alpha + tau)));
  const alive = Math.exp(logNB(t) + s * (Math.log(beta) - Math.log(beta + t)));
  const logSBs = Math.log(s) + s * Math.log(beta);
  const died = integrate((tau) => (tau > 0 || n === 0 ? Math.exp(logNB(tau) + logSBs - (s + 1) * Math.log(beta + tau)) : 0), 0, t, 1e-13);
  return alive + died;
}

/**
 * One customer's repeat purchases in (0, T]: λ ~ Gamma(r, rate α), μ ~ Gamma(s, rate β), lifetime
 * τ ~ Exp(μ), purchases a Poisson process of rate λ on (0, min(τ, T)] (SMC 1987 assumptions). Drawn in a
 * bounded number of steps: x ~ Poisson(λ·min(τ, T)), and given x the purchase times are the order
 * statistics of x uniforms on that interval, so t_x = min(τ, T)·U^(1/x).
 */
export function paretoSimulateHistory(p: ParetoNbdParams, T: number, rng: Rng): CustomerHistory {
  const lambda = rng.gamma(p.r, 1 / p.alpha);
  const mu = rng.gamma(p.s, 1 / p.beta);
  const lifetime = mu > 0 ? rng.exponential(mu) : Infinity;
  const end = Math.min(lifetime, T);
  if (!(lambda > 0)) return NO_REPEAT_PURCHASES;
  const x = checkedCount(rng.poisson(lambda * end), "Pareto/NBD");
  return x === 0 ? NO_REPEAT_PURCHASES : { x, tx: end * Math.pow(rng.uniform(), 1 / x) };
}

export function paretoSimulate(p: ParetoNbdParams, T: ArrayLike<number>, rng: Rng): SimulatedHistories {
  return simulatePopulation(T, (t) => paretoSimulateHistory(p, t, rng));
}

/* ----------------------------------------------------------------------------------------------
 * Fit
 * -------------------------------------------------------------------------------------------- */

function problem(d: CompressedCountData): LogLikProblem {
  const g = new Float64Array(4);
  return {
    names: ["r", "alpha", "s", "beta"],
    n: d.totalWeight,
    logLik(theta, grad) {
      const p = { r: Math.exp(theta[0]), alpha: Math.exp(theta[1]), s: Math.exp(theta[2]), beta: Math.exp(theta[3]) };
      const ll = paretoLogLik(p, d, grad ? g : undefined);
      if (grad) grad.set(g);
      return ll;
    },
  };
}

/**
 * Starting points: the purchase rate λ̂ = Σx/ΣT fixes E[λ] = r/α; E[μ] = s/β starts at one lifetime
 * per mean observation length, and at a quarter and four times that.
 */
function starts(d: CompressedCountData): number[][] {
  const { rate, totalTime: sT } = purchaseRate(d);
  const meanT = sT > 0 ? sT / d.totalWeight : 1;
  const shapes: [number, number, number][] = [
    [1, 1, 1],
    [0.5, 0.5, 4],
    [2, 2, 0.25],
  ];
  return shapes.map(([r, s, life]) => [Math.log(r), Math.log(r / rate), Math.log(s), Math.log(s * meanT * life)]);
}

/** What a runaway parameter means for the user's data (fitting.ts `FitPlan.meaning`). */
function paretoMeaning(param: string, grows: boolean): string | undefined {
  if ((param === "r" || param === "alpha") && grows) {
    return "the purchase rates (frequency over T) spread less than any gamma mixture allows, as if every customer bought at the same rate";
  }
  if (param === "r" && !grows) return "the purchase rates spread without limit, as if a few customers made nearly all repeat purchases";
  if (param === "beta" && grows) return "no customer seems to drop out (customers keep buying up to the end of T), so lifetimes cannot be estimated";
  if (param === "s" && grows) return "every customer seems to have the same lifetime rate, so its spread cannot be estimated";
  if (param === "s" && !grows) return "lifetimes spread to the extremes, as if customers either left at once or never";
  return undefined;
}

/** α and β are rate parameters of gamma-distributed rates (purchase λ, drop-out μ): they carry time. */
const PARETO_DIMENSIONS = { alpha: "time", beta: "time" } as const;

/** Steps of the time grid of the multi-start subsample, per longest T (see `startSubsample`). */
const START_TIME_GRID = 128;

/**
 * The subsample of the multi-start phase (fitting.ts) with t_x and T rounded to a grid of 1/128 of
 * the longest T. That phase only has to find the basin of the optimum and its curvature; the estimate
 * itself comes from the polish on the full, unrounded data. Rounding moves a subsample optimum by far
 * less than its own sampling error (about √(N/n) standard errors for n of N customers), and with at
 * most 129 distinct times the subsample usually takes the likelihood's pair form (`pairRows`): about
 * half the distinct (x, time) pairs of day-resolution data, and pairs instead of two series per row
 * on continuous times.
 */
function startSubsample(d: CompressedCountData): CompressedCountData {
  const sub = subsampleCountData(d, SUBSAMPLE_SIZE);
  const n = sub.length;
  let maxT = 0;
  for (let i = 0; i < n; i++) if (sub.T[i] > maxT) maxT = sub.T[i];
  if (!(maxT > 0)) return sub;
  const h = maxT / START_TIME_GRID;
  const tx = new Float64Array(n);
  const T = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    T[i] = Math.round(sub.T[i] / h) * h;
    tx[i] = Math.min(T[i], Math.round(sub.tx[i] / h) * h);
  }
  return compressCountData({ x: sub.x, tx, T, weight: sub.weight, length: n });
}

/**
 * The fit plan on times divided by the mean age c (`timeScale`): α = c·α', β = c·β', and since each
 * of the x repeat purchases contributes a purchase-time density to note 008 eq. 10 (the bracket's
 * (α+y)^−(r+x)(β+y)^−s terms scale by c^(r+x+s), α^r β^s by c^−(r+s)), LL = LL' − (Σ w·x)·ln c.
 */
export function paretoFitPlan(data: CountData): FitPlan {
  const raw = compressCountData(data);
  const c = timeScale(raw);
  const d = scaleCountTimes(raw, c);
  return {
    full: problem(d),
    subsample: d.length > SUBSAMPLE_ABOVE_ROWS ? problem(startSubsample(d)) : undefined,
    starts: starts(d),
    modelName: "Pareto/NBD",
    scaling: scalingOf(["r", "alpha", "s", "beta"], PARETO_DIMENSIONS, { time: c }, -repeatPurchases(raw) * Math.log(c)),
    meaning: paretoMeaning,
    advice: "Switch model (BG/NBD or MBG/NBD), or fit on a longer period or more customers.",
  };
}

export const paretoNbd: CountModel<ParetoNbdParams> = {
  kind: "count",
  name: "Pareto/NBD",
  aliases: ["ParetoNBD", "Pareto", "Pareto NBD"],
  timeDomain: "continuous",
  paramNames: ["r", "alpha", "s", "beta"],
  paramDimensions: PARETO_DIMENSIONS,
  reference: "Schmittlein, Morrison & Colombo (1987); Fader & Hardie (2005) note 008; Fader, Hardie & Lee (2005) JMR 42(4)",
  logLikelihood: (p, d) => paretoLogLik(p, compressCountData(d)),
  fitSteps: (d: CountData, opts?: FitOptions<ParetoNbdParams>) => fitSteps<ParetoNbdParams>(paretoFitPlan(d), opts),
  fit: (d, opts) => runSteps(fitSteps<ParetoNbdParams>(paretoFitPlan(d), opts)),
  expectedNew: paretoExpectedNew,
  expected: paretoExpected,
  pAlive: paretoPAlive,
  pmf: paretoPmf,
  dert: paretoDert,
  simulateHistory: paretoSimulateHistory,
  simulate: paretoSimulate,
};
