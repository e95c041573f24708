/**
 * Budget allocation across segments under diminishing returns.
 *
 * Each segment i responds to spend s with ceiling_i · (1 − exp(−rate_i · s)) (the response form of
 * Blattberg & Deighton 1996, "Manage Marketing by the Customer Equity Test", HBR 74(4), where the
 * acquisition or retention rate approaches a ceiling as spend grows), and each response is worth
 * value_i. The allocation maximises Σ value_i · ceiling_i · (1 − exp(−rate_i s_i)) subject to
 * Σ s_i = budget and min_i ≤ s_i ≤ max_i. The objective is concave, so the optimum is where every
 * funded segment has the same marginal return λ (Karush-Kuhn-Tucker conditions):
 *   value_i · ceiling_i · rate_i · exp(−rate_i s_i) = λ  ⇒  s_i(λ) = clamp(ln(value_i ceiling_i rate_i / λ) / rate_i, min_i, max_i),
 * and Σ s_i(λ) decreases in λ: the multiplier is found by bisection on log λ ("water filling").
 * The marginal ROI of a segment is its marginal return at the optimum (value gained by the next unit
 * of spend); equal across segments strictly inside their bounds.
 */
import { invalidArgument } from "../errors";

export interface AllocationInputs {
  readonly values: ArrayLike<number>;
  readonly ceilings: ArrayLike<number>;
  readonly rates: ArrayLike<number>;
  readonly budget: number;
  readonly min?: ArrayLike<number>;
  readonly max?: ArrayLike<number>;
}

export interface Allocation {
  readonly spend: Float64Array;
  readonly response: Float64Array;
  readonly value: Float64Array;
  readonly marginalRoi: Float64Array;
  /** the common marginal return of the funded segments */
  readonly multiplier: number;
  readonly totalValue: number;
  /** budget actually allocated (less than the budget only when every segment is at its maximum) */
  readonly allocated: number;
}

/** Value of segment i at spend s. */
export function segmentResponseValue(value: number, ceiling: number, rate: number, s: number): number {
  return value * ceiling * -Math.expm1(-rate * s);
}

export function allocateBudget(inputs: AllocationInputs): Allocation {
  const n = inputs.values.length;
  const { values, ceilings, rates, budget } = inputs;
  if (n === 0) throw invalidArgument("values is empty: give one row per segment");
  if (!(budget >= 0) || !Number.isFinite(budget)) throw invalidArgument(`budget is ${budget}; it must be an amount of at least 0`);
  const lo = new Float64Array(n);
  const hi = new Float64Array(n).fill(Infinity);
  let minTotal = 0;
  let maxTotal = 0;
  for (let i = 0; i < n; i++) {
    if (!(ceilings[i] >= 0)) throw invalidArgument(`ceilings: row ${i + 1} is ${ceilings[i]}; it must be at least 0`);
    if (!(rates[i] > 0)) throw invalidArgument(`rates: row ${i + 1} is ${rates[i]}; the response rate must be greater than 0`);
    if (!Number.isFinite(values[i])) throw invalidArgument(`values: row ${i + 1} must be a finite number`);
    lo[i] = inputs.min ? inputs.min[i] : 0;
    hi[i] = inputs.max ? inputs.max[i] : Infinity;
    if (!(lo[i] >= 0)) throw invalidArgument(`min: row ${i + 1} is ${lo[i]}; it must be at least 0`);
    if (!(hi[i] >= lo[i])) throw invalidArgument(`max: row ${i + 1} is ${hi[i]}, below min ${lo[i]}`);
    minTotal += lo[i];
    maxTotal += hi[i];
  }
  if (minTotal > budget * (1 + 1e-12)) throw invalidArgument(`The minimum spends add up to ${minTotal}, more than the budget of ${budget}: lower min or raise the budget`);
  const slope = (i: number) => values[i] * ceilings[i] * rates[i];
  const spendAt = (logLambda: number, out?: Float64Array): number => {
    let total = 0;
    for (let i = 0; i < n; i++) {
      const a = slope(i);
      const s = a > 0 ? (Math.log(a) - logLambda) / rates[i] : -Infinity;
      const c = Math.min(hi[i], Math.max(lo[i], s));
      if (out) out[i] = c;
      total += c;
    }
    return total;
  };
  const spend = new Float64Array(n);
  let logLambda: number;
  if (maxTotal <= budget) {
    // Every segment can take its maximum: the budget is not binding.
    for (let i = 0; i < n; i++) spend[i] = hi[i];
    logLambda = NaN;
  } else {
    // Bracket: at log λ = L_hi every segment sits at its minimum; at L_lo the total reaches the budget.
    let maxSlope = -Infinity;
    for (let i = 0; i < n; i++) if (slope(i) > 0) maxSlope = Math.max(maxSlope, Math.log(slope(i)) - rates[i] * lo[i]);
    if (!Number.isFinite(maxSlope)) {
      // No segment gains from spend: keep the minimums.
      for (let i = 0; i < n; i++) spend[i] = lo[i];
      logLambda = NaN;
    } else {
      let upper = maxSlope + 1;
      let lower = upper - 1;
      for (let k = 0; k < 2000 && spendAt(lower) < budget; k++) lower -= 2 * (upper - lower);
      for (let k = 0; k < 200; k++) {
        const mid = 0.5 * (lower + upper);
        if (spendAt(mid) > budget) lower = mid;
        else upper = mid;
        if (upper - lower < 1e-15 * Math.max(1, Math.abs(upper))) break;
      }
      logLambda = 0.5 * (lower + upper);
      spendAt(logLambda, spend);
      // Bisection leaves a rounding residue: give it to the segments strictly inside their bounds.
      const residue = budget - spend.reduce((a, b) => a + b, 0);
      const free = [...spend.keys()].filter((i) => spend[i] > lo[i] && spend[i] < hi[i]);
      if (free.length > 0) for (const i of free) spend[i] += residue / free.length;
    }
  }
  const response = new Float64Array(n);
  const value = new Float64Array(n);
  const marginalRoi = new Float64Array(n);
  let totalValue = 0;
  for (let i = 0; i < n; i++) {
    response[i] = ceilings[i] * -Math.expm1(-rates[i] * spend[i]);
    value[i] = values[i] * response[i];
    marginalRoi[i] = slope(i) * Math.exp(-rates[i] * spend[i]);
    totalValue += value[i];
  }
  return { spend, response, value, marginalRoi, multiplier: Math.exp(logLambda), totalValue, allocated: spend.reduce((a, b) => a + b, 0) };
}
