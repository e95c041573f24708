/**
 * Unconstrained minimisation for maximum-likelihood fits: limited-memory BFGS (Nocedal & Wright,
 * "Numerical Optimization", 2nd ed., Algorithm 7.4 with the two-loop recursion 7.5) with a line search
 * satisfying the strong Wolfe conditions (Algorithms 3.5 and 3.6, c1 = 1e-4, c2 = 0.9).
 *
 * The objective
 * -------------
 * One shape, `Objective`: an object with `value(x)` and, optionally, `gradient(x)`. A bare function
 * `(x) => number` is accepted as shorthand for `{ value: f }`. Without `gradient`, central differences
 * are used (2·dim extra evaluations per gradient). `value` may return NaN or ±Infinity where the
 * model is undefined (e.g. a likelihood that underflows): the line search treats such points as
 * "too far" and backs off, so fits can start near the edge of the feasible region.
 *
 * Steps
 * -----
 * `minimizeSteps` is a generator that yields a `MinimizeProgress` after every iteration and returns the
 * `MinimizeResult` (see src/core/steps.ts): callers drain it synchronously or in time slices, so a long
 * fit never blocks the Excel runtime for more than a slice (DESIGN §3).
 */
import { numericFailure } from "../errors";

/** The function to minimise (see module comment). */
export interface Objective {
  /** f(x). NaN/±Infinity mark points where f is undefined; the line search backs off from them. */
  value(x: readonly number[]): number;
  /** ∇f(x), optional; central differences are used when absent. */
  gradient?(x: readonly number[]): number[];
}

export type ObjectiveLike = Objective | ((x: readonly number[]) => number);

export interface MinimizeOptions {
  /** Largest number of L-BFGS iterations (default 500). */
  maxIterations?: number;
  /** Stop when ‖∇f‖∞ ≤ gradientTolerance · max(1, |f|) (default 1e-8). */
  gradientTolerance?: number;
  /** Stop when (f_prev − f)/max(1, |f_prev|, |f|) ≤ functionTolerance in an iteration (default 1e-13). */
  functionTolerance?: number;
  /** Stop when no coordinate moves by more than stepTolerance · max(1, |x_i|) (default 1e-12). */
  stepTolerance?: number;
  /** Number of correction pairs kept (default 10). */
  memory?: number;
  /** Largest number of objective evaluations in one line search (default 40). */
  maxLineSearchEvaluations?: number;
  /**
   * Makes a fresh watch for each run (each start of a multi-start). The watch sees every iteration's
   * progress; when it names a parameter, the run stops there, not converged, with the watch's reason,
   * and the result carries that parameter as `stoppedOn`.
   */
  watch?: () => RunWatch;
}

/** See `MinimizeOptions.watch`. */
export type RunWatch = (progress: MinimizeProgress) => { readonly reason: string; readonly parameter: number } | undefined;

export interface MinimizeResult {
  x: number[];
  value: number;
  gradient: number[];
  iterations: number;
  /** Number of objective value evaluations, including those spent on numerical gradients. */
  evaluations: number;
  converged: boolean;
  /** Why the iteration stopped, in words. */
  message: string;
  /** the parameter a `watch` stopped the run on */
  stoppedOn?: number;
}

export interface MinimizeProgress {
  iteration: number;
  value: number;
  x: readonly number[];
  gradientNorm: number;
  evaluations: number;
}

const DEFAULTS = {
  maxIterations: 500,
  gradientTolerance: 1e-8,
  functionTolerance: 1e-13,
  stepTolerance: 1e-12,
  memory: 10,
  maxLineSearchEvaluations: 40,
};

const C1 = 1e-4;
const C2 = 0.9;

function asObjective(objective: ObjectiveLike): Objective {
  return typeof objective === "function" ? { value: objective } : objective;
}

function dot(a: readonly number[], b: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function normInf(a: readonly number[]): number {
  let m = 0;
  for (const v of a) m = Math.max(m, Math.abs(v));
  return m;
}

/** An evaluation counter around the objective, with a central-difference gradient when needed. */
class CountedObjective {
  evaluations = 0;
  constructor(private readonly objective: Objective) {}

  value(x: readonly number[]): number {
    this.evaluations++;
    const v = this.objective.value(x);
    return typeof v === "number" && !Number.isNaN(v) ? v : NaN;
  }

  /**
   * ∇f at x where f(x) = fx is known. Central differences with h_i = ε^(1/3)·max(1, |x_i|) (error
   * O(h²), Nocedal & Wright §8.1); one-sided when a neighbour is not finite.
   */
  gradient(x: readonly number[], fx: number): number[] {
    if (this.objective.gradient) {
      this.evaluations++;
      return this.objective.gradient(x).slice();
    }
    const g = new Array<number>(x.length);
    const probe = x.slice();
    for (let i = 0; i < x.length; i++) {
      const h = 6.055454452393343e-6 * Math.max(1, Math.abs(x[i]));
      probe[i] = x[i] + h;
      const up = this.value(probe);
      probe[i] = x[i] - h;
      const down = this.value(probe);
      probe[i] = x[i];
      if (Number.isFinite(up) && Number.isFinite(down)) g[i] = (up - down) / (2 * h);
      else if (Number.isFinite(up)) g[i] = (up - fx) / h;
      else if (Number.isFinite(down)) g[i] = (fx - down) / h;
      else g[i] = NaN;
    }
    return g;
  }
}

interface LinePoint {
  alpha: number;
  value: number;
  x: number[];
  gradient?: number[];
  slope?: number;
}

/**
 * Line search for the strong Wolfe conditions (Nocedal & Wright Algorithm 3.5 with zoom, Algorithm 3.6).
 * Non-finite values count as "sufficient decrease violated", so the step shrinks towards feasibility.
 * Returns null when no acceptable step was found.
 */
function lineSearch(
  f: CountedObjective,
  x: readonly number[],
  fx: number,
  direction: readonly number[],
  slope0: number,
  initialStep: number,
  maxEvaluations: number,
): LinePoint | null {
  let evaluations = 0;
  const at = (alpha: number): LinePoint => {
    evaluations++;
    const xn = x.map((xi, i) => xi + alpha * direction[i]);
    return { alpha, value: f.value(xn), x: xn };
  };
  const withGradient = (p: LinePoint): LinePoint => {
    if (!p.gradient) {
      p.gradient = f.gradient(p.x, p.value);
      p.slope = dot(p.gradient, direction);
    }
    return p;
  };
  const sufficient = (p: LinePoint): boolean => Number.isFinite(p.value) && p.value <= fx + C1 * p.alpha * slope0;
  const curvature = (p: LinePoint): boolean => Math.abs(p.slope as number) <= -C2 * slope0;
  let bestDecrease: LinePoint | null = null;
  const remember = (p: LinePoint): void => {
    if (sufficient(p) && (!bestDecrease || p.value < bestDecrease.value)) bestDecrease = p;
  };

  const zoom = (lo: LinePoint, hi: LinePoint): LinePoint | null => {
    while (evaluations < maxEvaluations) {
      const width = hi.alpha - lo.alpha;
      let alpha: number;
      if (Number.isFinite(hi.value) && lo.slope !== undefined) {
        // Minimiser of the quadratic through φ(lo), φ'(lo), φ(hi), safeguarded to the inner 80 %.
        const denom = 2 * (hi.value - lo.value - lo.slope * width);
        alpha = denom > 0 ? lo.alpha - (lo.slope * width * width) / denom : lo.alpha + width / 2;
        const low = Math.min(lo.alpha, hi.alpha) + 0.1 * Math.abs(width);
        const high = Math.max(lo.alpha, hi.alpha) - 0.1 * Math.abs(width);
        if (!(alpha >= low && alpha <= high)) alpha = lo.alpha + width / 2;
      } else {
        // hi is not finite: bisect towards lo, more cautiously.
        alpha = lo.alpha + width * (Number.isFinite(hi.value) ? 0.5 : 0.25);
      }
      if (Math.abs(alpha - lo.alpha) <= 1e-16 * Math.max(1, Math.abs(lo.alpha))) break;
      const p = at(alpha);
      remember(p);
      if (!sufficient(p) || p.value >= lo.value) {
        hi = p;
      } else {
        withGradient(p);
        if (curvature(p)) return p;
        if ((p.slope as number) * (hi.alpha - lo.alpha) >= 0) hi = lo;
        lo = p;
      }
    }
    return null;
  };

  let previous: LinePoint = { alpha: 0, value: fx, x: x.slice(), slope: slope0 };
  let alpha = initialStep;
  for (let i = 0; evaluations < maxEvaluations; i++) {
    const p = at(alpha);
    remember(p);
    if (!sufficient(p) || (i > 0 && p.value >= previous.value)) {
      const found = zoom(previous, p);
      return found ?? bestDecrease;
    }
    withGradient(p);
    if (curvature(p)) return p;
    if ((p.slope as number) >= 0) {
      const found = zoom(p, previous);
      return found ?? bestDecrease;
    }
    previous = p;
    alpha *= 2.5; // extrapolate while the slope is still steeply negative
  }
  return bestDecrease;
}

/**
 * L-BFGS as a generator: yields progress after every iteration and returns the result. Throws
 * numericFailure when the objective is not finite at x0 (no direction can be computed there).
 */
export function* minimizeSteps(
  objectiveLike: ObjectiveLike,
  x0: readonly number[],
  options: MinimizeOptions = {},
): Generator<MinimizeProgress, MinimizeResult, void> {
  const opts = { ...DEFAULTS, ...stripUndefined(options) };
  const f = new CountedObjective(asObjective(objectiveLike));
  let x = x0.slice();
  let fx = f.value(x);
  if (!Number.isFinite(fx)) {
    throw numericFailure("The objective is not finite at the starting point; try other starting values.");
  }
  let g = f.gradient(x, fx);
  if (g.some((v) => !Number.isFinite(v))) {
    throw numericFailure("The gradient is not finite at the starting point; try other starting values.");
  }
  const sList: number[][] = [];
  const yList: number[][] = [];
  const rhoList: number[] = [];
  let iterations = 0;
  let converged = false;
  let message = "";
  let restartedOnce = false;

  const watch = options.watch?.();
  const gradientSmall = (): boolean => normInf(g) <= opts.gradientTolerance * Math.max(1, Math.abs(fx));
  if (gradientSmall()) {
    return { x, value: fx, gradient: g, iterations, evaluations: f.evaluations, converged: true, message: "gradient is already zero at the start" };
  }

  while (iterations < opts.maxIterations) {
    // Two-loop recursion: direction = −H·g with H the L-BFGS inverse-Hessian approximation.
    const q = g.slice();
    const alphas = new Array<number>(sList.length);
    for (let k = sList.length - 1; k >= 0; k--) {
      alphas[k] = rhoList[k] * dot(sList[k], q);
      for (let i = 0; i < q.length; i++) q[i] -= alphas[k] * yList[k][i];
    }
    if (sList.length > 0) {
      const last = sList.length - 1;
      const gammaScale = dot(sList[last], yList[last]) / dot(yList[last], yList[last]);
      for (let i = 0; i < q.length; i++) q[i] *= gammaScale;
    }
    for (let k = 0; k < sList.length; k++) {
      const beta = rhoList[k] * dot(yList[k], q);
      for (let i = 0; i < q.length; i++) q[i] += sList[k][i] * (alphas[k] - beta);
    }
    let direction = q.map((v) => -v);
    let slope = dot(direction, g);
    if (!(slope < 0)) {
      // Not a descent direction (round-off in the memory): fall back to steepest descent.
      sList.length = yList.length = rhoList.length = 0;
      direction = g.map((v) => -v);
      slope = dot(direction, g);
    }
    // First step: scale steepest descent so the first trial moves about one unit (Nocedal & Wright §3.5).
    const initialStep = sList.length === 0 ? Math.min(1, 1 / Math.max(normInf(direction), 1e-300)) : 1;
    const point = lineSearch(f, x, fx, direction, slope, initialStep, opts.maxLineSearchEvaluations);
    if (!point) {
      if (sList.length > 0 && !restartedOnce) {
        // Retry once from steepest descent with a fresh memory before giving up.
        sList.length = yList.length = rhoList.length = 0;
        restartedOnce = true;
        continue;
      }
      message = "line search found no lower value (the objective may be flat, noisy or undefined nearby)";
      converged = gradientSmall();
      break;
    }
    restartedOnce = false;
    const gNew = point.gradient ?? f.gradient(point.x, point.value);
    const s = point.x.map((v, i) => v - x[i]);
    const y = gNew.map((v, i) => v - g[i]);
    const sy = dot(s, y);
    const fPrev = fx;
    x = point.x;
    fx = point.value;
    g = gNew;
    iterations++;
    if (sy > 1e-12 * Math.sqrt(dot(s, s) * dot(y, y))) {
      // Keep the pair only when the curvature condition holds, so H stays positive definite.
      sList.push(s);
      yList.push(y);
      rhoList.push(1 / sy);
      if (sList.length > opts.memory) {
        sList.shift();
        yList.shift();
        rhoList.shift();
      }
    }
    const progress = { iteration: iterations, value: fx, x, gradientNorm: normInf(g), evaluations: f.evaluations };
    yield progress;
    const stop = watch?.(progress);
    if (stop) return { x, value: fx, gradient: g, iterations, evaluations: f.evaluations, converged: false, message: stop.reason, stoppedOn: stop.parameter };
    if (g.some((v) => !Number.isFinite(v))) {
      message = "the gradient became non-finite";
      break;
    }
    if (gradientSmall()) {
      converged = true;
      message = "gradient below tolerance";
      break;
    }
    if ((fPrev - fx) / Math.max(1, Math.abs(fPrev), Math.abs(fx)) <= opts.functionTolerance) {
      converged = true;
      message = "relative change in the objective below tolerance";
      break;
    }
    if (s.every((si, i) => Math.abs(si) <= opts.stepTolerance * Math.max(1, Math.abs(x[i])))) {
      converged = true;
      message = "step below tolerance";
      break;
    }
  }
  if (!message) message = `stopped after the maximum of ${opts.maxIterations} iterations`;
  return { x, value: fx, gradient: g, iterations, evaluations: f.evaluations, converged, message };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined && v !== null) (out as Record<string, unknown>)[k] = v;
  return out;
}

export interface MultiStartResult extends MinimizeResult {
  /** Index of the start that gave the best value. */
  bestStart: number;
  /** Value reached from each start (NaN when that start failed). */
  startValues: number[];
}

/**
 * Multi-start as a generator: runs `minimizeSteps` from each start in turn, yields its progress, and
 * returns the best finite optimum, preferring converged runs (a converged run with value within 1e-9
 * relative of a non-converged lower one wins). Throws numericFailure when no start gives a finite value.
 */
export function* minimizeMultiStartSteps(
  objective: ObjectiveLike,
  starts: readonly (readonly number[])[],
  options: MinimizeOptions = {},
): Generator<MinimizeProgress & { start: number }, MultiStartResult, void> {
  let best: MinimizeResult | null = null;
  let bestStart = -1;
  const startValues: number[] = [];
  let lastError: unknown = null;
  for (let s = 0; s < starts.length; s++) {
    let result: MinimizeResult;
    try {
      const steps = minimizeSteps(objective, starts[s], options);
      for (;;) {
        const next = steps.next();
        if (next.done) {
          result = next.value;
          break;
        }
        yield { ...next.value, start: s };
      }
    } catch (e) {
      lastError = e;
      startValues.push(NaN);
      continue;
    }
    startValues.push(result.value);
    if (!Number.isFinite(result.value)) continue;
    if (best === null || isBetter(result, best)) {
      best = result;
      bestStart = s;
    }
  }
  if (best === null) {
    const detail = lastError instanceof Error ? ` (${lastError.message})` : "";
    throw numericFailure(`No starting point gave a finite objective value${detail}.`);
  }
  return { ...best, bestStart, startValues };
}

function isBetter(candidate: MinimizeResult, incumbent: MinimizeResult): boolean {
  const scale = Math.max(1, Math.abs(incumbent.value));
  if (candidate.converged !== incumbent.converged && Math.abs(candidate.value - incumbent.value) <= 1e-9 * scale) {
    return candidate.converged;
  }
  return candidate.value < incumbent.value;
}
