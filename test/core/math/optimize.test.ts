import { describe, expect, it } from "vitest";
import { minimizeMultiStartSteps, minimizeSteps, type MinimizeOptions, type MinimizeProgress, type ObjectiveLike } from "../../../src/core/math/optimize";
import { ClvError } from "../../../src/core/errors";
import { runSteps } from "../../../src/core/steps";

const minimize = (f: ObjectiveLike, x0: readonly number[], options?: MinimizeOptions) => runSteps(minimizeSteps(f, x0, options));
const minimizeMultiStart = (f: ObjectiveLike, starts: readonly (readonly number[])[]) => runSteps(minimizeMultiStartSteps(f, starts));

/** Rosenbrock's function: minimum 0 at (1, 1). */
const rosenbrock = (x: readonly number[]): number => 100 * (x[1] - x[0] * x[0]) ** 2 + (1 - x[0]) ** 2;
const rosenbrockGradient = (x: readonly number[]): number[] => [
  -400 * x[0] * (x[1] - x[0] * x[0]) - 2 * (1 - x[0]),
  200 * (x[1] - x[0] * x[0]),
];

/** A convex quadratic ½(x−m)ᵀA(x−m) + 7 with known minimiser m and minimum 7. */
const A = [
  [4, 1, 0.5],
  [1, 3, -0.2],
  [0.5, -0.2, 2],
];
const m = [1.5, -2, 0.25];
const quadratic = (x: readonly number[]): number => {
  const d = x.map((v, i) => v - m[i]);
  let s = 0;
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) s += 0.5 * d[i] * A[i][j] * d[j];
  return s + 7;
};

describe("minimize (L-BFGS, strong Wolfe)", () => {
  it("finds Rosenbrock's minimum (1, 1) from (−1.2, 1) with an analytic gradient to 1e-6", () => {
    const r = minimize({ value: rosenbrock, gradient: rosenbrockGradient }, [-1.2, 1]);
    expect(r.converged).toBe(true);
    expect(Math.abs(r.x[0] - 1)).toBeLessThan(1e-6);
    expect(Math.abs(r.x[1] - 1)).toBeLessThan(1e-6);
    expect(r.value).toBeLessThan(1e-12);
    expect(r.iterations).toBeGreaterThan(5);
    expect(r.iterations).toBeLessThan(200);
  });

  it("finds Rosenbrock's minimum with central-difference gradients (bare function objective) to 1e-5", () => {
    const r = minimize(rosenbrock, [-1.2, 1]);
    expect(r.converged).toBe(true);
    expect(Math.abs(r.x[0] - 1)).toBeLessThan(1e-5);
    expect(Math.abs(r.x[1] - 1)).toBeLessThan(1e-5);
    // numerical gradient costs 2·dim evaluations per gradient
    expect(r.evaluations).toBeGreaterThan(4 * r.iterations);
  });

  it("finds the minimiser of a 3-d quadratic to 1e-7 and the minimum value 7", () => {
    const r = minimize(quadratic, [0, 0, 0]);
    expect(r.converged).toBe(true);
    r.x.forEach((v, i) => expect(Math.abs(v - m[i])).toBeLessThan(1e-7));
    expect(r.value).toBeCloseTo(7, 12);
    expect(r.gradient.length).toBe(3);
  });

  it("backs off from non-finite values: minimises −ln x − ln(1−x) (NaN outside (0,1)) to x = 1/2", () => {
    const f = (x: readonly number[]): number => (x[0] > 0 && x[0] < 1 ? -Math.log(x[0]) - Math.log(1 - x[0]) : NaN);
    const r = minimize(f, [0.999]);
    expect(r.converged).toBe(true);
    expect(Math.abs(r.x[0] - 0.5)).toBeLessThan(1e-6);
  });

  it("throws numericFailure when the start is not finite, and reports non-convergence honestly", () => {
    expect(() => minimize(() => NaN, [1])).toThrow(ClvError);
    const r = minimize({ value: rosenbrock, gradient: rosenbrockGradient }, [-1.2, 1], { maxIterations: 3 });
    expect(r.converged).toBe(false);
    expect(r.iterations).toBe(3);
    expect(r.message).toMatch(/maximum of 3 iterations/);
  });

  it("minimizeSteps yields once per iteration and returns the same result as minimize", () => {
    const steps = minimizeSteps(rosenbrock, [-1.2, 1]);
    const seen: MinimizeProgress[] = [];
    let next = steps.next();
    while (!next.done) {
      seen.push(next.value);
      next = steps.next();
    }
    const direct = minimize(rosenbrock, [-1.2, 1]);
    expect(seen.length).toBe(direct.iterations);
    expect(next.value.x).toEqual(direct.x);
    // values decrease monotonically (every accepted step satisfies sufficient decrease)
    for (let i = 1; i < seen.length; i++) expect(seen[i].value).toBeLessThanOrEqual(seen[i - 1].value);
  });
});

describe("multi-start", () => {
  it("keeps the best finite optimum across starts (double well with minima at ±1, tilted)", () => {
    // f(x) = (x²−1)² + 0.3x: global minimum near x = −1.04, local one near x = +0.96
    const f = (x: readonly number[]): number => (x[0] * x[0] - 1) ** 2 + 0.3 * x[0];
    const r = minimizeMultiStart(f, [[2], [NaN], [0.5], [-3]]);
    expect(r.x[0]).toBeLessThan(-1);
    expect(r.startValues[1]).toBeNaN(); // the NaN start failed and was skipped
    expect(r.bestStart === 3 || r.bestStart === 2).toBe(true);
    expect(() => minimizeMultiStart(() => Infinity, [[1], [2]])).toThrow(/No starting point/);
  });
});
