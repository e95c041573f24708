import { describe, expect, it } from "vitest";
import { cholesky, hessianFromGradientSteps, invertSymmetric, logScaleStandardErrors } from "../../../src/core/math/hessian";
import { runSteps } from "../../../src/core/steps";

const hessianFromGradient = (g: (x: readonly number[]) => number[], x: readonly number[]) => runSteps(hessianFromGradientSteps(g, x));

describe("hessianFromGradientSteps", () => {
  it("reproduces the exact Hessian of a quadratic ½xᵀAx + bᵀx (gradient Ax + b) to 1e-9", () => {
    const A = [
      [5, 1.5, -0.5],
      [1.5, 2, 0.3],
      [-0.5, 0.3, 1],
    ];
    const b = [1, -2, 3];
    const g = (x: readonly number[]): number[] => A.map((row, i) => row.reduce((acc, v, j) => acc + v * x[j], b[i]));
    const H = hessianFromGradient(g, [0.3, -1.7, 12]);
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) expect(Math.abs(H[i][j] - A[i][j])).toBeLessThan(1e-9 * 5);
  });

  it("matches analytic second derivatives of a non-quadratic (f = e^x·y² + sin y) to 1e-8", () => {
    const [x, y] = [0.4, 1.3];
    const exact = [
      [Math.exp(x) * y * y, 2 * Math.exp(x) * y],
      [2 * Math.exp(x) * y, 2 * Math.exp(x) - Math.sin(y)],
    ];
    const Hg = hessianFromGradient((v) => [Math.exp(v[0]) * v[1] * v[1], 2 * Math.exp(v[0]) * v[1] + Math.cos(v[1])], [x, y]);
    for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) expect(Math.abs(Hg[i][j] - exact[i][j])).toBeLessThan(1e-8 * Math.abs(exact[i][j]) + 1e-9);
  });

  it("forward differences from a known gradient at x: the same non-quadratic to 1e-5, with one gradient per coordinate", () => {
    // Analytic second derivatives of f = e^x·y² + sin y (as above); forward differences are O(h) with
    // h = 1e-6·max(1, |x_j|), so the error is about h × third derivative.
    const [x, y] = [0.4, 1.3];
    const exact = [
      [Math.exp(x) * y * y, 2 * Math.exp(x) * y],
      [2 * Math.exp(x) * y, 2 * Math.exp(x) - Math.sin(y)],
    ];
    let evaluations = 0;
    const gradient = (v: readonly number[]) => {
      evaluations++;
      return [Math.exp(v[0]) * v[1] * v[1], 2 * Math.exp(v[0]) * v[1] + Math.cos(v[1])];
    };
    const g0 = gradient([x, y]);
    evaluations = 0;
    const Hf = runSteps(hessianFromGradientSteps(gradient, [x, y], g0));
    expect(evaluations).toBe(2);
    for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) expect(Math.abs(Hf[i][j] - exact[i][j])).toBeLessThan(1e-5 * Math.abs(exact[i][j]));
    // and it is not the central-difference result (which is accurate to 1e-8): the mode really switched
    const Hc = hessianFromGradient(gradient, [x, y]);
    expect(Math.abs(Hf[0][0] - Hc[0][0])).toBeGreaterThan(1e-9);
  });

  it("yields once before each of the 2·dim gradient evaluations", () => {
    let evaluations = 0;
    const steps = hessianFromGradientSteps((v) => {
      evaluations++;
      return v.map((t) => 2 * t);
    }, [1, 2, 3]);
    let yields = 0;
    for (let r = steps.next(); !r.done; r = steps.next()) {
      expect(evaluations).toBe(yields);
      yields++;
    }
    expect(yields).toBe(6);
    expect(evaluations).toBe(6);
  });
});

describe("invertSymmetric and standard errors", () => {
  it("inverts an SPD matrix (A·A⁻¹ = I to 1e-13) and returns null for indefinite or singular ones", () => {
    const A = [
      [4, 2, 0.6],
      [2, 3, 0.4],
      [0.6, 0.4, 1.5],
    ];
    const inv = invertSymmetric(A);
    expect(inv).not.toBeNull();
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 3; j++) {
        let s = 0;
        for (let k = 0; k < 3; k++) s += A[i][k] * (inv as number[][])[k][j];
        expect(Math.abs(s - (i === j ? 1 : 0))).toBeLessThan(1e-13);
      }
    const L = cholesky(A) as number[][];
    expect(L[0][0]).toBeCloseTo(2, 15);
    expect(invertSymmetric([
      [1, 2],
      [2, 1],
    ])).toBeNull(); // indefinite (eigenvalues 3, −1)
    expect(invertSymmetric([
      [1, 1],
      [1, 1],
    ])).toBeNull(); // singular
  });

  it("gives delta-method SEs exp(θ)·sqrt([H⁻¹]_ii), NaN when H is singular", () => {
    // Diagonal H: [H⁻¹]_ii = 1/H_ii, so se = exp(θ_i)/sqrt(H_ii) exactly.
    const theta = [Math.log(2), Math.log(0.5)];
    const se = logScaleStandardErrors(theta, [
      [16, 0],
      [0, 4],
    ]);
    expect(se[0]).toBeCloseTo(2 / 4, 14);
    expect(se[1]).toBeCloseTo(0.5 / 2, 14);
    const bad = logScaleStandardErrors(theta, [
      [1, 1],
      [1, 1],
    ]);
    expect(bad.every((v) => Number.isNaN(v))).toBe(true);
  });

  it("recovers the textbook Poisson-rate SE: for λ̂ = x̄ the SE is sqrt(λ̂/n) (observed information)", () => {
    // −LL(θ) with λ = e^θ: n·e^θ − Σx·θ (+const). d²/dθ² = n e^θ → se(λ) = e^θ/sqrt(n e^θ) = sqrt(λ/n).
    const n = 250;
    const total = 1234;
    const gradNegLL = (t: readonly number[]): number[] => [n * Math.exp(t[0]) - total];
    const thetaHat = [Math.log(total / n)];
    const se = logScaleStandardErrors(thetaHat, hessianFromGradient(gradNegLL, thetaHat));
    expect(Math.abs(se[0] - Math.sqrt(total / n / n))).toBeLessThan(1e-6 * Math.sqrt(total / n / n));
  });
});
