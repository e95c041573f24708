/**
 * Maximum-likelihood fitting shared by the models (DESIGN §4.2): optimise on log parameters with
 * L-BFGS from several starts, keep the best finite optimum, then standard errors from the observed
 * information (Hessian of −LL on the log scale, from central differences of the analytic gradient)
 * mapped back by the delta method.
 *
 * Large data: the starts are first run on a small weighted subsample (systematic sampling with
 * probability proportional to weight, so heavy compressed rows such as "x = 0, same T" keep their
 * share), and only the best of them is polished on the full data. A fit of 100k customers therefore
 * costs about one single-start fit plus the Hessian, not one per start.
 *
 * No finite optimum: when a log parameter runs beyond ±LOG_PARAM_LIMIT, or beyond ±LOG_PARAM_SUSPECT
 * without a usable standard error, the likelihood keeps increasing towards a boundary (e.g. no
 * drop-out visible in the data, b → ∞; under-dispersed counts, r → ∞); the fit throws a numericFailure naming
 * the parameter rather than returning an estimate that is only where the optimiser stopped.
 */
import { invalidArgument, numericFailure } from "../errors";
import { hessianFromGradientSteps, invertSymmetric, logScaleStandardErrors } from "../math/hessian";
import { minimizeMultiStartSteps, minimizeSteps, type MinimizeOptions, type MinimizeResult } from "../math/optimize";
import type { Fit, FitOptions, FitProgress, Params } from "./model";

/**
 * Fewer customers than this per parameter cannot pin the estimates down: a fit that runs away on so
 * few is reported as "too few customers", not as a property of the data.
 */
const MIN_CUSTOMERS_PER_PARAMETER = 10;

/** A likelihood on log parameters, as the models provide it. */
export interface LogLikProblem {
  /** parameter names, in the order of theta */
  readonly names: readonly string[];
  /** number of customers (sum of weights); the optimiser works on the mean log-likelihood */
  readonly n: number;
  /** log-likelihood at parameters exp(theta); fills `grad` with d LL / d theta when given */
  logLik(theta: readonly number[], grad?: Float64Array): number;
}

export interface FitPlan {
  /** the problem on the full data */
  readonly full: LogLikProblem;
  /** the same problem on a subsample for the multi-start phase (omit for small data) */
  readonly subsample?: LogLikProblem;
  /** starting points on the log scale, best guess first */
  readonly starts: readonly (readonly number[])[];
  /** a short description of the model, for messages ("BG/NBD") */
  readonly modelName: string;
}

/** Rows above which the multi-start phase runs on a subsample. */
export const SUBSAMPLE_ABOVE_ROWS = 8000;
/** Customers drawn (with probability proportional to weight) for that subsample. */
export const SUBSAMPLE_SIZE = 4000;

/** Largest |ln parameter| accepted as a finite optimum (e^18 ≈ 7e7). */
export const LOG_PARAM_LIMIT = 18;
/** Beyond e^±11.5 (≈ 1e5) an estimate also needs a finite standard error below 100 times itself. */
export const LOG_PARAM_SUSPECT = 11.5;

/**
 * The negative mean log-likelihood as an L-BFGS objective. Value and gradient are computed together
 * and the gradient is cached for the point just evaluated (the optimiser asks for the value first).
 */
function objectiveOf(problem: LogLikProblem) {
  const dim = problem.names.length;
  let lastX: number[] | null = null;
  let lastGrad: number[] = [];
  const grad = new Float64Array(dim);
  const scale = 1 / problem.n;
  const evaluate = (x: readonly number[]): number => {
    if (x.some((v) => !Number.isFinite(v) || Math.abs(v) > 2 * LOG_PARAM_LIMIT)) return NaN;
    const ll = problem.logLik(x, grad);
    lastX = x.slice();
    lastGrad = Array.from(grad, (g) => -g * scale);
    return Number.isFinite(ll) && lastGrad.every(Number.isFinite) ? -ll * scale : NaN;
  };
  return {
    value: evaluate,
    gradient(x: readonly number[]): number[] {
      if (!lastX || lastX.some((v, i) => v !== x[i])) evaluate(x);
      return lastGrad.slice();
    },
  };
}

/** The gradient of −LL (total, not mean) on the log scale, for the Hessian. */
function totalGradient(problem: LogLikProblem): (x: readonly number[]) => number[] {
  const grad = new Float64Array(problem.names.length);
  return (x) => {
    problem.logLik(x, grad);
    return Array.from(grad, (g) => -g);
  };
}

function optimiserOptions(opts: FitOptions): MinimizeOptions {
  return {
    maxIterations: opts.maxIterations ?? 400,
    gradientTolerance: opts.tolerance ?? 1e-9,
  };
}

/** The fit as steps (one optimiser iteration each); returns estimates and standard errors. */
export function* fitSteps<P extends Params>(plan: FitPlan, opts: FitOptions = {}): Generator<FitProgress, Fit<P>, void> {
  const names = plan.full.names;
  const starts: (readonly number[])[] = [];
  if (opts.initial) {
    const init = names.map((nm) => Math.log((opts.initial as Params)[nm]));
    if (init.every(Number.isFinite)) starts.push(init);
  }
  for (const s of plan.starts.slice(0, Math.max(1, opts.starts ?? plan.starts.length))) starts.push(s);
  const options = optimiserOptions(opts);

  // Phase 1: all starts (on the subsample when there is one).
  const phase1Problem = plan.subsample ?? plan.full;
  const multi = minimizeMultiStartSteps(objectiveOf(phase1Problem), starts, plan.subsample ? { ...options, gradientTolerance: 1e-7 } : options);
  let best: MinimizeResult;
  let iterations = 0;
  for (;;) {
    const step = multi.next();
    if (step.done) {
      best = step.value;
      break;
    }
    yield { start: step.value.start, starts: starts.length, iteration: step.value.iteration, logLik: -step.value.value * phase1Problem.n };
  }
  iterations += best.iterations;

  // Phase 2: polish the best subsample optimum on the full data. Newton steps with the subsample's
  // Hessian (a chord method) converge in a few full-data evaluations because the subsample's
  // curvature is close to the full data's; L-BFGS takes over if they do not.
  if (plan.subsample) {
    const progress = (iteration: number, ll: number): FitProgress => ({ start: starts.length, starts: starts.length, iteration, logLik: ll });
    const Hs = yield* hessianSteps(plan.subsample, best.x, progress(iterations, -best.value * phase1Problem.n));
    const inverse = invertSymmetric(Hs);
    yield progress(iterations, -best.value * phase1Problem.n); // the polish starts with a full-data evaluation
    const chord = inverse ? yield* chordNewton(plan.full, best.x, inverse, (it, ll) => progress(iterations + it, ll)) : null;
    if (chord && chord.converged) {
      best = chord;
    } else {
      const polish = minimizeSteps(objectiveOf(plan.full), chord ? chord.x : best.x, options);
      for (;;) {
        const step = polish.next();
        if (step.done) {
          best = step.value;
          break;
        }
        yield progress(iterations + step.value.iteration, -step.value.value * plan.full.n);
      }
    }
    iterations += best.iterations;
  }

  const theta = best.x;
  const logLik = -best.value * plan.full.n;
  if (!Number.isFinite(logLik)) throw numericFailure(`${plan.modelName}: the log-likelihood is not finite at the estimate.`);

  let se = theta.map(() => NaN);
  if (!opts.skipStdErrors) {
    // Large data (a subsample plan): forward differences from the gradient the optimiser ended on,
    // half the full-data passes of central differences (standard errors within ~1e-5 relative).
    const gradientAtTheta = plan.subsample ? best.gradient.map((g) => g * plan.full.n) : undefined;
    const H = yield* hessianSteps(plan.full, theta, { start: starts.length, starts: starts.length, iteration: iterations, logLik }, gradientAtTheta);
    se = logScaleStandardErrors(theta, H);
  }
  // A parameter far out on the log scale whose standard error is undefined or enormous means the
  // likelihood keeps rising towards a boundary: report that instead of where the optimiser stopped.
  const runaway = theta.findIndex(
    (t, i) => Math.abs(t) > LOG_PARAM_LIMIT || (Math.abs(t) > LOG_PARAM_SUSPECT && !(se[i] / Math.exp(t) < 100)),
  );
  if (runaway >= 0 && !(opts.skipStdErrors && Math.abs(theta[runaway]) <= LOG_PARAM_LIMIT)) {
    const direction = theta[runaway] > 0 ? "grows without bound" : "shrinks towards 0";
    if (plan.full.n < MIN_CUSTOMERS_PER_PARAMETER * names.length) {
      // With a handful of customers a runaway estimate says nothing about the data's units or shape.
      throw invalidArgument(
        `${plan.modelName}: too few customers to fit: ${plan.full.n} customers for ${names.length} parameters ` +
          `(the likelihood has no finite maximum: ${names[runaway]} ${direction}). Fit on more customers, a few hundred or more.`,
      );
    }
    throw numericFailure(
      `${plan.modelName}: the likelihood has no finite maximum (parameter ${names[runaway]} ${direction}); ` +
        `the data do not identify this model.`,
    );
  }
  const params: Record<string, number> = {};
  const stdErrors: Record<string, number> = {};
  names.forEach((nm, i) => {
    params[nm] = Math.exp(theta[i]);
    stdErrors[nm] = se[i];
  });
  return {
    params: params as unknown as P,
    stdErrors: stdErrors as unknown as P,
    logLik,
    n: plan.full.n,
    iterations,
    converged: best.converged,
    message: best.converged ? undefined : best.message,
  };
}

/** Hessian of −LL (total) on the log scale, yielding `progress` before each full-data gradient. */
function* hessianSteps(
  problem: LogLikProblem,
  theta: readonly number[],
  progress: FitProgress,
  gradientAtTheta?: readonly number[],
): Generator<FitProgress, number[][], void> {
  const steps = hessianFromGradientSteps(totalGradient(problem), theta, gradientAtTheta);
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
    yield progress;
  }
}

/**
 * Quasi-Newton polish started from the subsample's inverse Hessian: damped steps x ← x − t·H⁻¹∇f
 * with backtracking on t, and BFGS updates of H⁻¹ after each step (Nocedal & Wright eq. 6.17), so it
 * starts with good curvature and still converges superlinearly where the subsample's curvature is
 * off (e.g. Pareto/NBD's weakly identified β). Converged when the Newton decrement ∇fᵀH⁻¹∇f (about
 * twice the distance to the optimum in log-likelihood units) is below 1e-10·|LL|. Returns null when
 * the starting point cannot be evaluated.
 */
function* chordNewton(
  problem: LogLikProblem,
  x0: readonly number[],
  inverse0: number[][],
  progress: (iteration: number, logLik: number) => FitProgress,
): Generator<FitProgress, MinimizeResult | null, void> {
  const dim = x0.length;
  const grad = new Float64Array(dim);
  const evaluate = (x: readonly number[]): { f: number; g: number[] } => {
    const ll = problem.logLik(x, grad);
    return { f: -ll, g: Array.from(grad, (v) => -v) };
  };
  const inverse = inverse0.map((row) => row.slice());
  let x = x0.slice();
  let cur = evaluate(x);
  if (!Number.isFinite(cur.f) || !cur.g.every(Number.isFinite)) return null;
  const maxIterations = 30;
  let evaluations = 1;
  const result = (iterations: number, converged: boolean, message: string): MinimizeResult => ({
    x,
    value: cur.f / problem.n,
    gradient: cur.g.map((v) => v / problem.n),
    iterations,
    evaluations,
    converged,
    message,
  });
  for (let it = 0; it < maxIterations; it++) {
    const step = inverse.map((row) => -row.reduce((acc, v, j) => acc + v * cur.g[j], 0));
    const decrement = -step.reduce((acc, v, j) => acc + v * cur.g[j], 0);
    if (!(decrement >= 0)) return result(it, false, "the Newton direction is not a descent direction");
    if (decrement <= 1e-10 * Math.max(1, Math.abs(cur.f))) return result(it, true, "Newton decrement below tolerance");
    let t = 1;
    let next: { f: number; g: number[] } | null = null;
    let xn = x;
    for (let k = 0; k < 30; k++) {
      xn = x.map((v, i) => v + t * step[i]);
      if (xn.every((v) => Math.abs(v) <= 2 * LOG_PARAM_LIMIT)) {
        yield progress(it, -cur.f); // one full-data evaluation per step
        const trial = evaluate(xn);
        evaluations++;
        if (Number.isFinite(trial.f) && trial.g.every(Number.isFinite) && trial.f <= cur.f - 1e-4 * t * decrement) {
          next = trial;
          break;
        }
      }
      t /= 2;
    }
    if (!next) return result(it, false, "no Newton step lowered the objective");
    // BFGS update of the inverse Hessian with s = step taken, y = change in gradient.
    const sv = xn.map((v, i) => v - x[i]);
    const yv = next.g.map((v, i) => v - cur.g[i]);
    const sy = sv.reduce((acc, v, i) => acc + v * yv[i], 0);
    if (sy > 1e-12 * Math.sqrt(sv.reduce((a, v) => a + v * v, 0) * yv.reduce((a, v) => a + v * v, 0))) {
      const rho = 1 / sy;
      const Hy = inverse.map((row) => row.reduce((acc, v, j) => acc + v * yv[j], 0));
      const yHy = yv.reduce((acc, v, i) => acc + v * Hy[i], 0);
      for (let i = 0; i < dim; i++) {
        for (let j = 0; j < dim; j++) {
          inverse[i][j] += -rho * (Hy[i] * sv[j] + sv[i] * Hy[j]) + (rho * rho * yHy + rho) * sv[i] * sv[j];
        }
      }
    }
    x = xn;
    cur = next;
  }
  return result(maxIterations, false, "the Newton polish did not converge");
}
