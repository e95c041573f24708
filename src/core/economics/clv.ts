/**
 * Closed-form CLV formulas for a retention setting with a constant margin m per period, a constant
 * retention rate r and a discount rate d per period.
 *
 * Fader & Hardie (2012), "Reconciling and Clarifying CLV Formulas" (note 024), show that the three
 * textbook formulas differ only in when the first margin arrives and whether it is counted:
 *   - "none":  m·r/(1+d−r)      margins at the end of periods 1, 2, …, each earned only if the customer
 *                               survived to it (r^t); the acquisition-period margin is not counted
 *                               (Gupta & Lehmann 2003, "Customers as Assets").
 *   - "start": m(1+d)/(1+d−r)   the first margin is received now, undiscounted, then r^t/(1+d)^t.
 *   - "end":   m/(1+d−r)        the first margin is received at the end of period 1 (counted), then
 *                               r^(t−1)/(1+d)^t.
 * A finite horizon H sums H margins of the same stream instead of the geometric series.
 */
import { invalidArgument, numericFailure } from "../errors";

export type FirstPayment = "none" | "start" | "end";
export const FIRST_PAYMENT_OPTIONS: readonly FirstPayment[] = ["none", "start", "end"];

export interface RetentionInputs {
  /** Margin per period (may be negative: a loss-making customer has a negative CLV). */
  margin: number;
  /** Probability that a customer active this period is still active next period, in [0, 1]. */
  retention: number;
  /** Discount rate per period, > −1 (0 = no discounting). */
  discount: number;
}

function checkRetentionInputs({ margin, retention, discount }: RetentionInputs): void {
  if (!Number.isFinite(margin)) throw invalidArgument("margin must be a finite number");
  if (!(retention >= 0 && retention <= 1)) {
    throw invalidArgument(`retention is ${retention}; it must be a probability between 0 and 1 (e.g. 0.8 for 80%)`);
  }
  if (!(discount > -1) || !Number.isFinite(discount)) {
    throw invalidArgument(`discount is ${discount}; it must be a rate per period greater than -1 (e.g. 0.1 for 10%)`);
  }
}

/**
 * CLV of one customer under constant margin, retention and discount (Fader & Hardie 2012, note 024,
 * eqs. for the three timing conventions; finite-horizon sums as in Gupta & Lehmann 2003).
 *
 * @param horizon number of margins to count; `Infinity` for the closed forms.
 */
export function simpleClv(inputs: RetentionInputs, firstPayment: FirstPayment = "none", horizon = Infinity): number {
  checkRetentionInputs(inputs);
  const { margin, retention, discount } = inputs;
  if (!(horizon >= 0)) throw invalidArgument(`horizon is ${horizon}; it must be a whole number of periods ≥ 0`);
  if (Number.isFinite(horizon) && !Number.isInteger(horizon)) {
    throw invalidArgument(`horizon is ${horizon}; it must be a whole number of periods`);
  }
  // q is the per-period factor of the margin stream: survival times discounting.
  const q = retention / (1 + discount);
  // Stream "none": m q, m q², …; "end": (m/(1+d)) (1, q, q², …); "start": m (1, q, q², …).
  const first = firstPayment === "none" ? margin * q : firstPayment === "end" ? margin / (1 + discount) : margin;
  if (!Number.isFinite(horizon)) {
    if (q >= 1) {
      throw numericFailure(
        "The infinite-horizon CLV does not exist when retention ≥ 1 + discount (the discounted margins never shrink): give a horizon or a higher discount rate",
      );
    }
    return first / (1 - q);
  }
  if (horizon === 0) return 0;
  // Geometric sum of H terms; q = 1 is the plain sum.
  return q === 1 ? first * horizon : (first * (1 - q ** horizon)) / (1 - q);
}

/**
 * Gupta & Lehmann's margin multiple (2003, "Customers as Assets", J. Interactive Marketing 17(1)):
 * CLV = m · r/(1 + i − r) with constant margin; with margins growing at rate g per period it becomes
 * m · r/(1 + i − r(1 + g)) (Gupta & Lehmann 2005, "Managing Customers as Investments", ch. 2).
 */
export function marginMultiple(retention: number, discount: number, growth = 0): number {
  checkRetentionInputs({ margin: 1, retention, discount });
  if (!(growth > -1) || !Number.isFinite(growth)) throw invalidArgument(`growth is ${growth}; it must be a rate per period greater than -1`);
  const denominator = 1 + discount - retention * (1 + growth);
  if (!(denominator > 0)) {
    throw numericFailure("The margin multiple does not exist when retention × (1 + growth) ≥ 1 + discount: margins would grow faster than they are discounted");
  }
  return retention / denominator;
}
