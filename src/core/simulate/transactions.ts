/**
 * A simulated transaction log (customer, day, amount) from a count model and the Gamma-Gamma spend
 * model: the input the rest of the add-in expects from real data, with known true parameters.
 *
 * - Acquisition: each customer's first purchase falls on a day drawn uniformly from
 *   [startDay, startDay + acquisitionDays] (default: the whole window).
 * - Repeat purchases: the count model's own per-customer simulator (`CountModel.simulateHistory`)
 *   gives the number x of repeat purchases in (0, T] and the time t_x of the last, T = the customer's age
 *   at endDay in the model's time unit; the x − 1 earlier times are uniform on (0, t_x) (continuous
 *   models: a Poisson process given its x-th arrival) or a uniform subset of the opportunities
 *   1..t_x − 1 (discrete models: Bernoulli trials given their count). A time t becomes day
 *   first + ceil(t·daysPerUnit) (discrete models: opportunity k is day first + floor(k·daysPerUnit)).
 *   Two purchases that land on the same day stay two rows; a customer summary merges them (DESIGN §2).
 * - Size: the expected number of rows, Σ (1 + E[X(T)]) over customers from the model's own E[X(t)], is
 *   checked against the row cap before anything is drawn, and each customer's count before its rows
 *   are written, so memory never exceeds the cap however extreme the parameters.
 * - Amounts: Gamma-Gamma (Fader & Hardie 2013, note 025, after Colombo & Jiang 1999): the customer's
 *   ν ~ Gamma(shape q, rate γ); each transaction value ~ Gamma(shape p, rate ν). The first purchase is
 *   drawn the same way.
 */
import { invalidArgument } from "../errors";
import { runSteps } from "../steps";
import { createRng, type Rng } from "../math/random";
import type { CountModel, Params } from "../models/model";

export interface SpendParams {
  readonly p: number;
  readonly q: number;
  readonly gamma: number;
}

export interface SimulatedTransactions {
  /** customer ids 1..customers */
  readonly customer: Int32Array;
  /** whole-day Excel serials */
  readonly day: Float64Array;
  readonly amount: Float64Array;
  readonly length: number;
}

export interface TransactionSimulationOptions {
  /** days per time unit of the count model's parameters (7 for weekly parameters; default 7) */
  readonly daysPerUnit?: number;
  /** first purchases fall in [startDay, startDay + acquisitionDays]; default endDay − startDay */
  readonly acquisitionDays?: number;
  /** stop with #VALUE! when the log would exceed this many rows (default 1,000,000) */
  readonly maxRows?: number;
}

/** Customers simulated between two yields of `simulateTransactionsSteps`. */
const CUSTOMERS_PER_STEP = 2000;

/**
 * Simulates the transaction log of `customers` customers between startDay and endDay (inclusive,
 * whole-day Excel serials) with the given seed. Same inputs and seed → identical log.
 */
export function simulateTransactions<P extends Params>(
  count: { readonly model: CountModel<P>; readonly params: P },
  spend: SpendParams,
  customers: number,
  startDay: number,
  endDay: number,
  seed: number,
  options: TransactionSimulationOptions = {},
): SimulatedTransactions {
  return runSteps(simulateTransactionsSteps(count, spend, customers, startDay, endDay, seed, options));
}

/**
 * The same simulation as steps of a few thousand customers each (for a caller that yields to its host
 * between steps); the generator returns the log.
 */
export function* simulateTransactionsSteps<P extends Params>(
  count: { readonly model: CountModel<P>; readonly params: P },
  spend: SpendParams,
  customers: number,
  startDay: number,
  endDay: number,
  seed: number,
  options: TransactionSimulationOptions = {},
): Generator<number, SimulatedTransactions, void> {
  if (!Number.isInteger(customers) || customers < 1) throw invalidArgument(`customers is ${customers}; it must be a whole number of at least 1.`);
  if (!Number.isFinite(startDay) || !Number.isFinite(endDay)) throw invalidArgument("start_date and end_date must be dates.");
  const start = Math.floor(startDay);
  const end = Math.floor(endDay);
  if (end < start) throw invalidArgument(`end_date (${end}) is before start_date (${start}).`);
  const daysPerUnit = options.daysPerUnit ?? 7;
  if (!(daysPerUnit > 0)) throw invalidArgument(`daysPerUnit is ${daysPerUnit}; it must be greater than 0.`);
  const acquisition = Math.min(end - start, Math.max(0, Math.floor(options.acquisitionDays ?? end - start)));
  const maxRows = options.maxRows ?? 1_000_000;
  for (const [name, v] of Object.entries(spend)) {
    if (!(v > 0) || !Number.isFinite(v)) throw invalidArgument(`spend_model: ${name} is ${v}; Gamma-Gamma parameters must be positive.`);
  }
  const discrete = count.model.timeDomain === "discrete";
  const unitsOf = (ageDays: number): number => (discrete ? Math.floor(ageDays / daysPerUnit) : ageDays / daysPerUnit);
  const expected = expectedRows(count, customers, end - start - acquisition, end - start, unitsOf);
  const cap = maxRows.toLocaleString("en-US");
  const tooMany = (size: string): never => {
    throw invalidArgument(
      `customers: the simulated log would have ${size}; one call may return at most ${cap} rows. ` +
        "Simulate fewer customers or a shorter period (or split the customers over several seeds).",
    );
  };
  // NaN (the model's E[X(t)] failed for these parameters) leaves the check to each customer below.
  if (expected > maxRows) tooMany(Number.isFinite(expected) ? `about ${Math.round(expected).toLocaleString("en-US")} rows` : "too many rows");
  yield 0;

  const rng = createRng(seed);
  const ids: number[] = [];
  const days: number[] = [];
  const amounts: number[] = [];
  for (let c = 1; c <= customers; c++) {
    const first = start + rng.integer(acquisition + 1);
    const ageDays = end - first;
    const T = unitsOf(ageDays);
    const h = T > 0 ? count.model.simulateHistory(count.params, T, rng) : { x: 0, tx: 0 };
    if (ids.length + 1 + h.x > maxRows) tooMany(`more than ${cap} rows by customer ${c}`);
    const nu = rng.gamma(spend.q, 1 / spend.gamma); // rate γ ⇒ scale 1/γ
    const times = purchaseTimes(h.x, h.tx, discrete, rng);
    ids.push(c);
    days.push(first);
    amounts.push(rng.gamma(spend.p, 1 / nu)); // rate ν ⇒ scale 1/ν
    for (const t of times) {
      // Opportunity k of a discrete model starts k units after the first purchase; a continuous time t
      // falls on the day that contains it (never the first purchase's own day).
      const offset = discrete ? Math.floor(t * daysPerUnit + 1e-9) : Math.max(1, Math.ceil(t * daysPerUnit - 1e-9));
      ids.push(c);
      days.push(first + Math.min(ageDays, offset));
      amounts.push(rng.gamma(spend.p, 1 / nu));
    }
    if (c % CUSTOMERS_PER_STEP === 0) yield c;
  }
  return { customer: Int32Array.from(ids), day: Float64Array.from(days), amount: Float64Array.from(amounts), length: ids.length };
}

/**
 * Expected rows of the log: each customer's first purchase plus E[X(T)] repeat purchases, averaged over
 * ages uniform on [minAgeDays, maxAgeDays] (a 64-point midpoint rule; E[X(t)] is smooth and increasing,
 * so this is accurate to a few per cent, enough for a size check). NaN when the model cannot say.
 */
function expectedRows<P extends Params>(
  count: { readonly model: CountModel<P>; readonly params: P },
  customers: number,
  minAgeDays: number,
  maxAgeDays: number,
  unitsOf: (days: number) => number,
): number {
  const points = minAgeDays === maxAgeDays ? 1 : 64;
  let sum = 0;
  for (let i = 0; i < points; i++) {
    const age = minAgeDays + ((i + 0.5) / points) * (maxAgeDays - minAgeDays);
    const T = unitsOf(age);
    let e: number;
    try {
      e = T > 0 ? count.model.expectedNew(count.params, T) : 0;
    } catch {
      return NaN;
    }
    sum += e;
  }
  return customers * (1 + sum / points);
}

/**
 * Times of x repeat purchases given the last at t_x, ascending: the x − 1 earlier ones uniform on
 * (0, t_x) for a continuous-time model, or a uniform random subset of opportunities 1..t_x − 1 (Floyd's
 * sampling without replacement, Bentley & Floyd 1987) for a discrete one.
 */
function purchaseTimes(x: number, tx: number, discrete: boolean, rng: Rng): number[] {
  if (x === 0) return [];
  const times: number[] = [];
  if (!discrete) {
    for (let i = 1; i < x; i++) times.push(tx * rng.uniform());
  } else {
    const chosen = new Set<number>();
    const pool = tx - 1;
    for (let j = pool - (x - 1) + 1; j <= pool; j++) {
      const t = 1 + rng.integer(j);
      chosen.add(chosen.has(t) ? j : t);
    }
    for (const t of chosen) times.push(t);
  }
  times.sort((a, b) => a - b);
  times.push(tx);
  return times;
}
