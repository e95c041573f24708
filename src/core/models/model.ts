/**
 * The common shape of every CLV model (DESIGN §4.1).
 *
 * Three kinds of model exist, and generic code (the Excel wrappers, the task pane, the simulators)
 * dispatches on `kind` and then on which optional predictions a model provides:
 * - "count":     a transaction-count model on customer histories (x, t_x, T). Continuous time
 *                (BG/NBD, Pareto/NBD, MBG/NBD) or discrete time (BG/BB, where T is the number of
 *                transaction opportunities n and t_x the opportunity of the last transaction).
 * - "spend":     a model of the average transaction value (Gamma-Gamma).
 * - "retention": a contractual retention model fitted to survivor counts (sBG).
 *
 * Parameters are plain objects keyed by the parameter names a model lists in `paramNames`, in the
 * order its fitted table shows them (DESIGN §3; table layout in table.ts). Every parameter of the
 * models in this project is strictly positive, which is why fits optimise on log parameters.
 */

/** Parameter values keyed by name, e.g. `{ r, alpha, a, b }`. */
export type Params = Readonly<Record<string, number>>;

export type ModelKind = "count" | "spend" | "retention";

/**
 * What a parameter carries besides a pure number: a time (a gamma rate parameter such as α or β is in
 * the data's time unit, so E[λ] = r/α is per time unit) or an amount of money (Gamma-Gamma's γ).
 * Fits divide the data by a scale and multiply these parameters back (fitting.ts `FitScaling`), so
 * the answer does not depend on the unit the user chose.
 */
export type ParamDimension = "time" | "money";

/** Whether a count model's clock is continuous (weeks, days, ...) or counts discrete opportunities. */
export type TimeDomain = "continuous" | "discrete";

/**
 * Customer histories in the BTYD convention (DESIGN §2), one entry per customer or per unique
 * (x, t_x, T) row. `weight` says how many customers a row stands for (1 for uncompressed data; may
 * be fractional for user-supplied weights). For discrete-time models T is the number of
 * opportunities n and t_x the opportunity of the last transaction (0 when x = 0).
 */
export interface CountData {
  readonly x: Float64Array;
  readonly tx: Float64Array;
  readonly T: Float64Array;
  readonly weight: Float64Array;
  /** number of rows (not customers) */
  readonly length: number;
}

/**
 * `CountData` compressed to unique rows (compress.ts), plus an index of the distinct frequencies so
 * likelihood terms that depend only on x (e.g. lgamma(r + x)) are computed once per distinct x
 * (DESIGN §4.2).
 */
export interface CompressedCountData extends CountData {
  /** sum of weights: the number of customers */
  readonly totalWeight: number;
  /** the distinct frequencies, ascending */
  readonly xValues: Float64Array;
  /** for each row, the index of its x in `xValues` */
  readonly xIndex: Int32Array;
  /** weight summed per distinct x (same order as `xValues`) */
  readonly xWeight: Float64Array;
}

/**
 * Per-customer data of a spend model: frequency x (repeat transactions) and the average value m of
 * those repeat transactions (Gamma-Gamma convention, DESIGN §2).
 */
export interface SpendData {
  readonly x: Float64Array;
  readonly m: Float64Array;
  readonly weight: Float64Array;
  readonly length: number;
}

/**
 * Survivor counts of one contractual cohort: `alive[t]` customers are still active at the start of
 * period t = 0..n (alive[0] is the cohort size; counts never increase).
 */
export interface RetentionData {
  readonly alive: Float64Array;
}

/** A labelled extra row of a fitted table, e.g. Gamma-Gamma's count of customers left out. */
export interface ExtraRow {
  readonly label: string;
  readonly value: number | string | boolean;
}

/**
 * A fitted model (DESIGN §4.1). `stdErrors` come from the observed information (numerical or
 * analytic Hessian of the log-likelihood on log parameters, mapped back by the delta method); a
 * standard error that cannot be computed (singular Hessian) is NaN and shows as "" in the table.
 */
export interface Fit<P extends Params = Params> {
  readonly params: P;
  readonly stdErrors: P;
  readonly logLik: number;
  /** number of customers the fit used (sum of weights) */
  readonly n: number;
  readonly iterations: number;
  readonly converged: boolean;
  /** why a fit did not converge, or other notes for the user */
  readonly message?: string;
  /** model-specific rows appended to the fitted table after the standard rows */
  readonly extras?: readonly ExtraRow[];
  /**
   * Set when the likelihood has no finite maximum and the fit is the limiting model it runs to (a
   * boundary fit, fitting.ts `BoundaryLimit`): what that limit means for the data, in words. The
   * parameters then stand for the limit (some very large) and predict as the limit does.
   */
  readonly boundary?: string;
}

/**
 * Progress of a long fit: what each step of `fitSteps` yields. The core has no timers (DESIGN §1);
 * adapters drive the steps in time slices (src/runtime/scheduling.ts `runInSlices`) so a
 * long fit never blocks Excel, and may show progress or stop early by not resuming the generator.
 */
export interface FitProgress {
  readonly start: number;
  readonly starts: number;
  readonly iteration: number;
  readonly logLik: number;
}

export interface FitOptions<P extends Params = Params> {
  /** number of starting points for the multi-start optimiser (model default when absent) */
  readonly starts?: number;
  /** cap on optimiser iterations per start */
  readonly maxIterations?: number;
  /** convergence tolerance on the gradient norm of the mean negative log-likelihood */
  readonly tolerance?: number;
  /** a starting point to try first (e.g. the previous fit) */
  readonly initial?: P;
  /** seed of the generator that jitters extra starting points (fits are reproducible) */
  readonly seed?: number;
  /** skip the Hessian and standard errors (they come back NaN) */
  readonly skipStdErrors?: boolean;
}

/** The seeded generator `createRng(seed)` returns (src/core/math/random.ts); gamma takes shape and scale. */
export type { Rng } from "../math/random";
import type { Rng } from "../math/random";

/** Simulated histories of a population of customers (a `CountData` with unit weights). */
export interface SimulatedHistories {
  readonly x: Float64Array;
  readonly tx: Float64Array;
  readonly T: Float64Array;
}

interface ModelBase<P extends Params> {
  readonly kind: ModelKind;
  /** the name written in the fitted table's `model` row, e.g. "BG/NBD" */
  readonly name: string;
  /** other names accepted in a hand-typed table (matched case-insensitively, ignoring / - _ space) */
  readonly aliases?: readonly string[];
  /** parameter names in table order */
  readonly paramNames: readonly string[];
  /** the paper (and equation) the model follows, for documentation */
  readonly reference: string;
  /** parameters that carry a time or an amount (the others are pure numbers); absent: all unitless */
  readonly paramDimensions?: Readonly<Partial<Record<string, ParamDimension>>>;
  /**
   * Checks a parameter set beyond "finite and positive" (which table parsing already checks);
   * throws a ClvError naming the parameter. Optional.
   */
  checkParams?(p: P): void;
}

/** A transaction-count model (BG/NBD, Pareto/NBD, MBG/NBD, BG/BB). */
export interface CountModel<P extends Params = Params> extends ModelBase<P> {
  readonly kind: "count";
  readonly timeDomain: TimeDomain;
  /** log-likelihood summed over customers (rows times weights) */
  logLikelihood(p: P, d: CountData): number;
  /** maximum-likelihood fit; the data may be raw or compressed */
  fit(d: CountData, opts?: FitOptions<P>): Fit<P>;
  /** the same fit as steps (about one optimiser iteration each); the generator returns the fit */
  fitSteps(d: CountData, opts?: FitOptions<P>): Generator<FitProgress, Fit<P>, void>;
  /** E[X(t)]: expected transactions in (0, t] for a new customer (t in periods for discrete models) */
  expectedNew(p: P, t: number): number;
  /** E[Y(t) | x, t_x, T]: expected transactions in (T, T + t] given the history */
  expected(p: P, t: number, x: number, tx: number, T: number): number;
  /** P(alive | x, t_x, T) at T (discrete models: at the next opportunity, as documented there) */
  pAlive(p: P, x: number, tx: number, T: number): number;
  /** P(X(t) = n) for a new customer */
  pmf?(p: P, n: number, t: number): number;
  /**
   * Discounted expected residual transactions given the history. The discount rate is per time
   * unit of the data: continuous (force of interest) for continuous-time models, per period for
   * discrete ones; each model documents which.
   */
  dert?(p: P, discount: number, x: number, tx: number, T: number): number;
  /**
   * One customer's repeat transactions in (0, T] (the first purchase is at time 0) as their count x and
   * the time t_x of the last, drawn from the model's story with the customer's latent traits drawn from
   * the mixing distributions, in a bounded number of steps whatever the parameters. Discrete models
   * count opportunities 1..T. Given (x, t_x) the earlier purchases are uniform on (0, t_x) (continuous)
   * or a uniform subset of 1..t_x−1 (discrete), which is how transaction logs fill them in.
   */
  simulateHistory(p: P, T: number, rng: Rng): { readonly x: number; readonly tx: number };
  /** histories (x, t_x, T) of `T.length` customers observed for T[i] each */
  simulate(p: P, T: ArrayLike<number>, rng: Rng): SimulatedHistories;
}

/** A model of average spend per transaction (Gamma-Gamma). */
export interface SpendModel<P extends Params = Params> extends ModelBase<P> {
  readonly kind: "spend";
  logLikelihood(p: P, d: SpendData): number;
  /** fits on customers with x >= 1 and m > 0; the others are left out and counted in `extras` */
  fit(d: SpendData, opts?: FitOptions<P>): Fit<P>;
  fitSteps(d: SpendData, opts?: FitOptions<P>): Generator<FitProgress, Fit<P>, void>;
  /** E[M | x, m]: conditional expected average spend (x = 0 gives the population mean) */
  expectedSpend(p: P, x: number, m: number): number;
  /** E[M] for a new customer (the population mean of average spend) */
  meanSpend(p: P): number;
}

/** A contractual retention model (sBG). */
export interface RetentionModel<P extends Params = Params> extends ModelBase<P> {
  readonly kind: "retention";
  logLikelihood(p: P, d: RetentionData): number;
  fit(d: RetentionData, opts?: FitOptions<P>): Fit<P>;
  fitSteps(d: RetentionData, opts?: FitOptions<P>): Generator<FitProgress, Fit<P>, void>;
  /** S(t): probability a new customer is still active after t periods */
  survival(p: P, t: number): number;
  /** r(t) = S(t) / S(t - 1): retention rate in period t */
  retention(p: P, t: number): number;
  /** DERL given `renewals` renewals so far, discount rate per period */
  derl?(p: P, discount: number, renewals: number): number;
}

export type AnyModel = CountModel | SpendModel | RetentionModel;
