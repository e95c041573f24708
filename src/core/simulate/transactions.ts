/**
 * A simulated transaction log (customer, day, amount) from a count model and the Gamma-Gamma spend
 * model: the input the rest of the add-in expects from real data, with known true parameters.
 *
 * - Acquisition: each customer's first purchase falls on a day drawn uniformly from
 *   [startDay, startDay + acquisitionDays] (default: the whole window).
 * - Repeat purchases: the count model's own per-customer simulator (`CountModel.simulateCustomer`)
 *   gives the times of repeat purchases in (0, T], T = the customer's age at endDay in the model's time
 *   unit; a time t becomes day first + ceil(t·daysPerUnit) (discrete models: opportunity k is day
 *   first + floor(k·daysPerUnit)). Two purchases that land on the same day stay two rows; a customer summary
 *   merges them (DESIGN §2).
 * - Amounts: Gamma-Gamma (Fader & Hardie 2013, note 025, after Colombo & Jiang 1999): the customer's
 *   ν ~ Gamma(shape q, rate γ); each transaction value ~ Gamma(shape p, rate ν). The first purchase is
 *   drawn the same way.
 */
import { invalidArgument } from "../errors";
import { createRng } from "../math/random";
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
  const rng = createRng(seed);
  const discrete = count.model.timeDomain === "discrete";
  const ids: number[] = [];
  const days: number[] = [];
  const amounts: number[] = [];
  for (let c = 1; c <= customers; c++) {
    const first = start + rng.integer(acquisition + 1);
    const ageDays = end - first;
    const T = discrete ? Math.floor(ageDays / daysPerUnit) : ageDays / daysPerUnit;
    const times = T > 0 ? count.model.simulateCustomer(count.params, T, rng) : [];
    const nu = rng.gamma(spend.q, 1 / spend.gamma); // rate γ ⇒ scale 1/γ
    const purchaseDays = [first];
    for (const t of times) {
      // Opportunity k of a discrete model starts k units after the first purchase; a continuous time t
      // falls on the day that contains it (never the first purchase's own day).
      const offset = discrete ? Math.floor(t * daysPerUnit + 1e-9) : Math.max(1, Math.ceil(t * daysPerUnit - 1e-9));
      purchaseDays.push(first + Math.min(ageDays, offset));
    }
    if (ids.length + purchaseDays.length > maxRows) {
      throw invalidArgument(
        `customers: the simulated log would exceed ${maxRows.toLocaleString("en-US")} rows after customer ${c}; simulate fewer customers or a shorter period.`,
      );
    }
    for (const day of purchaseDays) {
      ids.push(c);
      days.push(day);
      amounts.push(rng.gamma(spend.p, 1 / nu)); // rate ν ⇒ scale 1/ν
    }
  }
  return { customer: Int32Array.from(ids), day: Float64Array.from(days), amount: Float64Array.from(amounts), length: ids.length };
}
