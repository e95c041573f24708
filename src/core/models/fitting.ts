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
import { ClvError, invalidArgument, numericFailure } from "../errors";
import { hessianFromGradientSteps, invertSymmetric, logScaleStandardErrors } from "../math/hessian";
import { minimizeMultiStartSteps, type MinimizeOptions, type MinimizeResult, type RunWatch } from "../math/optimize";
import type { Fit, FitOptions, FitProgress, ParamDimension, Params } from "./model";

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

/**
 * How a plan's problem was put on a well-conditioned scale (scaleCountTimes, Gamma-Gamma's money
 * scale): the data were divided by a scale c, so a parameter carrying time or money is c times
 * smaller on the scaled data and the log-likelihood differs by the log-Jacobian of the densities.
 * `fitSteps` maps everything back to the user's units.
 */
export interface FitScaling {
  /** ln of the factor that turns each scaled parameter (theta order) back into the user's units: ln c or 0 */
  readonly logFactor: readonly number[];
  /** LL in the user's units = LL on the scaled data + logLikShift */
  readonly logLikShift: number;
}

/**
 * The scaling of a plan whose data were divided by `scale.time` (times) and `scale.money` (amounts):
 * parameters declared with that dimension are multiplied back by the scale (ln factor).
 */
export function scalingOf(
  names: readonly string[],
  dimensions: Readonly<Partial<Record<string, ParamDimension>>> | undefined,
  scale: { readonly time?: number; readonly money?: number },
  logLikShift: number,
): FitScaling {
  const logFactor = names.map((nm) => {
    const dim = dimensions?.[nm];
    const c = dim ? scale[dim] : undefined;
    return c !== undefined && c > 0 && Number.isFinite(c) ? Math.log(c) : 0;
  });
  return { logFactor, logLikShift };
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
  /** how the data were rescaled (the problems and starts are on the scaled data); none: the user's units */
  readonly scaling?: FitScaling;
  /** meaningful limiting models to fit when a parameter runs away towards them (see `BoundaryLimit`) */
  readonly boundaries?: readonly BoundaryLimit[];
  /**
   * What a runaway parameter means for the user's data, in words naming the user's arguments (e.g.
   * "every customer seems to spend the same amount"), for the message when no limit applies.
   */
  readonly meaning?: (param: string, grows: boolean) => string | undefined;
  /** what the user can do instead (switch model, more data), appended to that message */
  readonly advice?: string;
  /** who counts as a customer of this fit, in the user's terms, for messages (default "customers") */
  readonly population?: string;
}

/**
 * A limiting model at the edge of a model's parameter space that is itself a meaningful model, e.g.
 * BG/NBD with a, b → ∞ at fixed p = a/(a+b): every customer has the same drop-out probability p.
 * When the fit's parameters run away in that direction, the likelihood's supremum is the limit's
 * maximum; the fit then reports the limit (its maximum-likelihood fit on the reduced parameters) as
 * a boundary fit instead of failing, with parameters that stand for it in the full model.
 */
export interface BoundaryLimit {
  /** the full model's parameters (indices into the plan's names) that grow without bound in this limit */
  readonly runaway: readonly number[];
  /** the limit's likelihood on the plan's (scaled) data, on its own log parameters */
  readonly problem: LogLikProblem;
  /** a start for the limit's parameters from the full model's log parameters where the optimiser stopped */
  start(theta: readonly number[]): number[];
  /** full-model log parameters (scaled) that stand for the limit: large finite values with the limit's predictions */
  represent(reduced: readonly number[]): number[];
  /** for each full parameter, the index of the same parameter among the limit's (its standard error carries over), or −1 */
  readonly shared: readonly number[];
  /**
   * ln of the factors that turn the limit's parameters back into the user's units, from the full
   * parameters' (`FitScaling.logFactor`): e.g. a common purchase rate λ = r/α is per unit of time.
   */
  logFactors(logFactor: readonly number[]): number[];
  /**
   * The status words: what the limit means for the data, from the representative parameters in the
   * user's units, the limit's own estimates and standard errors (natural scale, by the limit's names)
   * and the log-likelihood in the user's units.
   */
  describe(params: Params, limit: { readonly estimates: Params; readonly stdErrors: Params }, logLik: number): string;
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
  const logFactor = plan.scaling?.logFactor ?? names.map(() => 0);
  const llShift = plan.scaling?.logLikShift ?? 0;
  const starts: (readonly number[])[] = [];
  if (opts.initial) {
    const init = names.map((nm, i) => Math.log((opts.initial as Params)[nm]) - logFactor[i]);
    if (init.every(Number.isFinite)) starts.push(init);
  }
  for (const s of plan.starts.slice(0, Math.max(1, opts.starts ?? plan.starts.length))) starts.push(s);
  const options = optimiserOptions(opts);

  // Phase 1: all starts (on the subsample when there is one).
  const phase1Problem = plan.subsample ?? plan.full;
  const multi = minimizeMultiStartSteps(objectiveOf(phase1Problem), starts, { ...options, ...(plan.subsample ? { gradientTolerance: 1e-7 } : {}), watch: driftWatch(phase1Problem.n) });
  let best: MinimizeResult;
  let iterations = 0;
  for (;;) {
    const step = multi.next();
    if (step.done) {
      best = step.value;
      break;
    }
    yield { start: step.value.start, starts: starts.length, iteration: step.value.iteration, logLik: -step.value.value * phase1Problem.n + llShift };
  }
  iterations += best.iterations;
  // A best start that drifts towards a boundary (see `drifting`) is where the fit ends: polishing it on
  // the full data would only drift further, at a cost that grows with the parameters (Pareto/NBD's
  // series need more terms as r grows), to the same conclusion.
  const drift = best.stoppedOn;
  if (drift !== undefined && plan.subsample) {
    const value = objectiveOf(plan.full).value(best.x);
    best = { ...best, value };
  }

  // Phase 2: polish the best subsample optimum on the full data. Newton steps with the subsample's
  // Hessian (a chord method) converge in a few full-data evaluations because the subsample's
  // curvature is close to the full data's; L-BFGS takes over if they do not.
  if (plan.subsample && drift === undefined) {
    const progress = (iteration: number, ll: number): FitProgress => ({ start: starts.length, starts: starts.length, iteration, logLik: ll + llShift });
    const Hs = yield* hessianSteps(plan.subsample, best.x, progress(iterations, -best.value * phase1Problem.n));
    const inverse = invertSymmetric(Hs);
    yield progress(iterations, -best.value * phase1Problem.n); // the polish starts with a full-data evaluation
    const chord = inverse ? yield* chordNewton(plan.full, best.x, inverse, (it, ll) => progress(iterations + it, ll)) : null;
    if (chord && (chord.converged || chord.stoppedOn !== undefined)) {
      best = chord;
    } else {
      const polish = minimizeMultiStartSteps(objectiveOf(plan.full), [chord ? chord.x : best.x], { ...options, watch: driftWatch(plan.full.n) });
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
  const drifted = best.stoppedOn;

  const theta = best.x;
  const scaledLogLik = -best.value * plan.full.n;
  if (!Number.isFinite(scaledLogLik)) throw numericFailure(`${plan.modelName}: the log-likelihood is not finite at the estimate.`);
  // Back to the user's units: ln θ_user = ln θ_scaled + ln c for parameters carrying time or money; the
  // log-likelihood by the log-Jacobian of the rescaled densities (FitScaling).
  const logLik = scaledLogLik + llShift;
  const thetaUser = theta.map((t, i) => t + logFactor[i]);

  let se = theta.map(() => NaN);
  if (!opts.skipStdErrors && drifted === undefined) {
    // Large data (a subsample plan): forward differences from the gradient the optimiser ended on,
    // half the full-data passes of central differences (standard errors within ~1e-5 relative).
    const gradientAtTheta = plan.subsample ? best.gradient.map((g) => g * plan.full.n) : undefined;
    const H = yield* hessianSteps(plan.full, theta, { start: starts.length, starts: starts.length, iteration: iterations, logLik }, gradientAtTheta);
    // The Hessian on the log scale does not change when ln θ shifts by ln c, so the delta method at
    // the user's θ gives the user's standard errors (c times the scaled ones).
    se = logScaleStandardErrors(thetaUser, H);
  }
  // A parameter far out on the log scale whose standard error is undefined or enormous means the
  // likelihood keeps rising towards a boundary: report that instead of where the optimiser stopped.
  // On the scaled data the limits do not depend on the user's units.
  const runaway =
    drifted ??
    theta.findIndex((t, i) => Math.abs(t) > LOG_PARAM_LIMIT || (Math.abs(t) > LOG_PARAM_SUSPECT && !(se[i] / Math.exp(thetaUser[i]) < 100)));
  if (runaway >= 0 && (drifted !== undefined || !(opts.skipStdErrors && Math.abs(theta[runaway]) <= LOG_PARAM_LIMIT))) {
    const grows = theta[runaway] > 0;
    const direction = grows ? "grows without bound" : "shrinks towards 0";
    const enough = plan.full.n >= MIN_CUSTOMERS_PER_PARAMETER * names.length;
    if (enough && grows && plan.boundaries) {
      const limit = yield* boundaryFit(plan, theta, scaledLogLik, runaway, opts);
      if (limit) {
        const { boundary, fit } = limit;
        const full = boundary.represent(boundary.problem.names.map((nm) => Math.log(fit.params[nm])));
        const userTheta = full.map((t, i) => t + logFactor[i]);
        const params: Record<string, number> = {};
        const stdErrors: Record<string, number> = {};
        names.forEach((nm, i) => {
          params[nm] = Math.exp(userTheta[i]);
          const j = boundary.shared[i];
          stdErrors[nm] = j >= 0 ? fit.stdErrors[boundary.problem.names[j]] * Math.exp(logFactor[i]) : NaN;
        });
        const estimates: Record<string, number> = {};
        const limitErrors: Record<string, number> = {};
        const limitFactors = boundary.logFactors(logFactor);
        boundary.problem.names.forEach((nm, j) => {
          const f = Math.exp(limitFactors[j]);
          estimates[nm] = fit.params[nm] * f;
          limitErrors[nm] = fit.stdErrors[nm] * f;
        });
        const ll = fit.logLik + llShift;
        return {
          params: params as unknown as P,
          stdErrors: stdErrors as unknown as P,
          logLik: ll,
          n: plan.full.n,
          iterations: iterations + fit.iterations,
          converged: fit.converged,
          message: fit.message,
          boundary: boundary.describe(params, { estimates, stdErrors: limitErrors }, ll),
        };
      }
    }
    if (!enough) {
      // With a handful of customers a runaway estimate says nothing about the data's units or shape.
      throw invalidArgument(
        `${plan.modelName}: too few customers to fit: ${plan.full.n} ${plan.population ?? "customers"} for ${names.length} parameters ` +
          `(the likelihood has no finite maximum: ${names[runaway]} ${direction}). Fit on more customers, a few hundred or more.`,
      );
    }
    const meaning = plan.meaning?.(names[runaway], grows);
    throw numericFailure(
      `${plan.modelName}: the likelihood has no finite maximum (parameter ${names[runaway]} ${direction}); ` +
        `${meaning ? `${meaning}, so the data do not identify this model.` : "the data do not identify this model."}` +
        `${plan.advice ? ` ${plan.advice}` : ""}`,
    );
  }
  const params: Record<string, number> = {};
  const stdErrors: Record<string, number> = {};
  names.forEach((nm, i) => {
    params[nm] = Math.exp(thetaUser[i]);
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

/** From this |ln θ| on, a start whose parameter keeps moving outward without improving is stopped (`drifting`). */
export const DRIFT_FROM = 9;
/** Iterations over which a drift is judged. */
const DRIFT_ITERATIONS = 5;
/** Largest gain in the total log-likelihood over those iterations that still counts as "no improvement". */
const DRIFT_GAIN = 0.05;

/**
 * Whether the last iterations of a start run towards a boundary: one log parameter beyond ±DRIFT_FROM
 * (e^9 ≈ 8,000 times the data's scale, where no finite optimum of these models has a usable standard
 * error) moved outward at every one of the last DRIFT_ITERATIONS iterations, by at least 1 in all,
 * while the log-likelihood gained less than DRIFT_GAIN: the likelihood is flat in that direction and
 * the optimiser would only follow it out (each step dearer as the parameter grows). Returns the
 * parameter's index or −1.
 */
function drifting(history: readonly { x: readonly number[]; value: number }[], n: number): number {
  const k = history.length;
  if (k <= DRIFT_ITERATIONS) return -1;
  const last = history[k - 1];
  const first = history[k - 1 - DRIFT_ITERATIONS];
  if (!((first.value - last.value) * n < DRIFT_GAIN)) return -1;
  for (let i = 0; i < last.x.length; i++) {
    const sign = Math.sign(last.x[i]);
    if (Math.abs(last.x[i]) < DRIFT_FROM || sign * (last.x[i] - first.x[i]) < 1) continue;
    let outward = true;
    for (let j = k - DRIFT_ITERATIONS; j < k && outward; j++) outward = sign * (history[j].x[i] - history[j - 1].x[i]) > 0;
    if (outward) return i;
  }
  return -1;
}

/**
 * A fresh `drifting` watch for each start of the optimiser (`MinimizeOptions.watch`): a start that
 * drifts towards a boundary is stopped there and names the drifting parameter (`stoppedOn`). The
 * multi-start keeps the best start as usual (lowest objective; within 1e-9 a converged one); a drifting
 * winner means no finite optimum.
 */
function driftWatch(n: number): () => RunWatch {
  return () => {
    const history: { x: readonly number[]; value: number }[] = [];
    return (progress) => {
      history.push({ x: progress.x.slice(), value: progress.value });
      const parameter = drifting(history, n);
      return parameter >= 0 ? { reason: DRIFTING, parameter } : undefined;
    };
  };
}

const DRIFTING = "drifting towards a boundary";

/**
 * Fits the plan's limits that the runaway parameter points to and returns the best whose maximum is
 * at least the likelihood where the full fit stopped (the supremum lies in that direction), or null.
 * A limit that itself has no finite maximum is skipped.
 */
function* boundaryFit(
  plan: FitPlan,
  theta: readonly number[],
  scaledLogLik: number,
  runaway: number,
  opts: FitOptions,
): Generator<FitProgress, { boundary: BoundaryLimit; fit: Fit } | null, void> {
  let best: { boundary: BoundaryLimit; fit: Fit } | null = null;
  for (const boundary of plan.boundaries ?? []) {
    if (!boundary.runaway.includes(runaway)) continue;
    // Far out (r ≈ 1e14, say) the full likelihood's large terms, such as N·r·ln α against
    // Σ(r+x)·ln(α+T), cancel to rounding errors of many units, so the value where the optimiser
    // stopped may stand far above any true value. There the full model is the limit up to O(1/r),
    // and the limit's own likelihood (free of such terms) at the corresponding point is a
    // trustworthy stand-in; the smaller of the two is the bar the limit's maximum must reach.
    const stand = boundary.problem.logLik(boundary.start(theta));
    const bar = Number.isFinite(stand) ? Math.min(scaledLogLik, stand) : scaledLogLik;
    const tolerance = 1e-3 + 1e-9 * Math.abs(bar);
    let fit: Fit;
    try {
      fit = yield* fitSteps({ full: boundary.problem, starts: [boundary.start(theta)], modelName: plan.modelName }, { ...opts, initial: undefined, starts: 1 });
    } catch (e) {
      if (e instanceof ClvError) continue;
      throw e;
    }
    if (fit.logLik >= bar - tolerance && (!best || fit.logLik > best.fit.logLik)) best = { boundary, fit };
  }
  return best;
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
  const history: { x: readonly number[]; value: number }[] = [];
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
    history.push({ x, value: cur.f / problem.n });
    const drift = drifting(history, problem.n);
    if (drift >= 0) return { ...result(it + 1, false, DRIFTING), stoppedOn: drift };
  }
  return result(maxIterations, false, "the Newton polish did not converge");
}
