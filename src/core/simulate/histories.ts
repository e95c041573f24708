/**
 * Seeded simulation of customer histories from fitted (or hand-typed) models, for parameter-recovery
 * tests, for teaching, and for the CLV.SIMULATE worksheet function. Every draw comes from the
 * project's own generator (src/core/math/random.ts), so the same seed gives the same data everywhere.
 */
import { invalidArgument } from "../errors";
import { runSteps } from "../steps";
import type { Rng } from "../math/random";
import { bgbbSimulate, type BgbbParams } from "../models/bgbb";
import type { CountModel, Params, SimulatedHistories } from "../models/model";
import { sbgSimulateLifetimes, type SbgParams } from "../models/sbg";

function checkCustomers(customers: number): void {
  if (!Number.isInteger(customers) || customers < 1) {
    throw invalidArgument(`customers is ${customers}; it must be a whole number of at least 1.`);
  }
}

export interface DiscreteHistories {
  /** transactions in opportunities 1..n */
  readonly frequency: Float64Array;
  /** the opportunity of the last transaction (0 when none) */
  readonly recency: Float64Array;
  /** n, the number of opportunities observed */
  readonly periods: Float64Array;
}

/**
 * BG/BB histories (the Fader, Hardie & Shang 2010 story) of `customers` customers who each had
 * `periods` transaction opportunities.
 */
export function simulateBgbb(params: BgbbParams, customers: number, periods: number, rng: Rng): DiscreteHistories {
  checkCustomers(customers);
  if (!Number.isInteger(periods) || periods < 1) {
    throw invalidArgument(`periods is ${periods}; it must be a whole number of at least 1.`);
  }
  const h = bgbbSimulate(params, new Float64Array(customers).fill(periods), rng);
  return { frequency: h.x, recency: h.tx, periods: h.T };
}

/**
 * sBG lifetimes: the period (1, 2, …) in which each of `customers` new customers cancels
 * (θ ~ Beta(α, β), T | θ ~ Geometric(θ); Fader & Hardie 2007).
 */
export function simulateSbg(params: SbgParams, customers: number, rng: Rng): Float64Array {
  checkCustomers(customers);
  return sbgSimulateLifetimes(params, customers, rng);
}

/** Customers simulated between two yields of `simulateCountHistoriesSteps`. */
const CUSTOMERS_PER_STEP = 5000;

/**
 * Histories (x, t_x, T) of `customers` customers of any count model, all observed for T time units
 * (T in the model's own time unit; whole opportunities for discrete-time models).
 */
export function simulateCountHistories<P extends Params>(model: CountModel<P>, params: P, customers: number, T: number, rng: Rng): SimulatedHistories {
  return runSteps(simulateCountHistoriesSteps(model, params, customers, T, rng));
}

/**
 * The same histories in steps of a few thousand customers (each customer costs a bounded number of
 * draws, `CountModel.simulateHistory`), for a caller that yields to its host between steps. The draws
 * are the same as in one call.
 */
export function* simulateCountHistoriesSteps<P extends Params>(
  model: CountModel<P>,
  params: P,
  customers: number,
  T: number,
  rng: Rng,
): Generator<number, SimulatedHistories, void> {
  checkCustomers(customers);
  if (!(T > 0) || !Number.isFinite(T)) throw invalidArgument(`T is ${T}; it must be a number greater than 0.`);
  if (model.timeDomain === "discrete" && !Number.isInteger(T)) {
    throw invalidArgument(`T is ${T}; ${model.name} counts whole transaction opportunities, so T must be a whole number.`);
  }
  const x = new Float64Array(customers);
  const tx = new Float64Array(customers);
  for (let from = 0; from < customers; from += CUSTOMERS_PER_STEP) {
    const to = Math.min(customers, from + CUSTOMERS_PER_STEP);
    const h = model.simulate(params, new Float64Array(to - from).fill(T), rng);
    x.set(h.x, from);
    tx.set(h.tx, from);
    yield to;
  }
  return { x, tx, T: new Float64Array(customers).fill(T) };
}
