/**
 * Shared pieces of the count models' simulators. A simulated customer is summarised by what the
 * models need, the repeat-purchase count x and the time t_x of the last one, drawn in a bounded number
 * of steps whatever the parameters (a purchase rate of 10^12 per period costs as much as 0.1), so
 * memory and time stay proportional to the number of customers.
 */
import { invalidArgument } from "../errors";
import type { SimulatedHistories } from "./model";

/** One simulated customer: x repeat purchases, the last at t_x (0 when x = 0). */
export interface CustomerHistory {
  readonly x: number;
  readonly tx: number;
}

export const NO_REPEAT_PURCHASES: CustomerHistory = { x: 0, tx: 0 };

/**
 * The count of a customer drawn from `mean` (a Poisson or binomial mean): refused when the parameters
 * make it non-finite or beyond 2^53 (counts no longer exact), naming the model argument.
 */
export function checkedCount(count: number, modelName: string): number {
  if (!Number.isFinite(count) || count > Number.MAX_SAFE_INTEGER) {
    throw invalidArgument(
      `model: a ${modelName} customer with these parameters would make more than 2^53 purchases; ` +
        "check the parameters (a purchase rate per time unit, e.g. r/alpha) and the time unit.",
    );
  }
  return count;
}

/** Histories of customers observed for T[i] each, one bounded draw per customer. */
export function simulatePopulation(T: ArrayLike<number>, one: (T: number) => CustomerHistory): SimulatedHistories {
  const n = T.length;
  const x = new Float64Array(n);
  const tx = new Float64Array(n);
  const Ts = Float64Array.from(T);
  for (let i = 0; i < n; i++) {
    const h = one(Ts[i]);
    x[i] = h.x;
    tx[i] = h.tx;
  }
  return { x, tx, T: Ts };
}
