/**
 * Observed-information standard errors: a Hessian from central differences of the gradient, a
 * Cholesky inverse for symmetric positive-definite matrices and the delta method from log parameters
 * back to the natural scale.
 *
 * Models fit θ = ln(parameters) by minimising the negative log-likelihood −LL(θ). The observed
 * information on the log scale is H = ∇²(−LL)(θ̂); Var(θ̂) ≈ H⁻¹, and for φ = exp(θ) the delta method
 * gives se(φ_i) = exp(θ_i)·sqrt([H⁻¹]_ii) (Casella & Berger, "Statistical Inference", §5.5.4).
 */

/** A square matrix as rows. */
export type Matrix = number[][];

/**
 * ∇²f(x) from an analytic gradient by differences of the gradient, symmetrised:
 * H_ij = ½(D_j g_i + D_i g_j) with D_j the difference quotient along e_j.
 * - Central differences (the default): D_j g = [g(x+h_j e_j) − g(x−h_j e_j)]/(2h_j) with
 *   h_j = ε^(1/3)·max(1, |x_j|), error O(h²), two gradients per coordinate.
 * - Forward differences when the gradient at x is already known (`gradientAtX`, e.g. from the
 *   optimiser's last step): D_j g = [g(x+h_j e_j) − g(x)]/h_j with h_j = 1e-6·max(1, |x_j|) (see
 *   FORWARD_STEP), one gradient per coordinate, so half the passes over the data.
 * (Nocedal & Wright, "Numerical Optimization", §8.1.) As steps: yields before each gradient
 * evaluation (a full pass over the data in a fit), so a large fit keeps yielding. Non-finite entries
 * become NaN (standard errors are then NaN).
 */
/**
 * Relative step of forward differences. The textbook ε^(1/2) assumes a gradient accurate to ε, but a
 * likelihood gradient summed over 10^5 customers carries a rounding error about 10^5 times larger;
 * 1e-6 balances that against the O(h) truncation error (standard errors within ~1e-5 relative of
 * central differences on 100k simulated Pareto/NBD customers).
 */
const FORWARD_STEP = 1e-6;
export function* hessianFromGradientSteps(
  gradient: (x: readonly number[]) => number[],
  x: readonly number[],
  gradientAtX?: readonly number[],
): Generator<void, Matrix, void> {
  const n = x.length;
  const cols: number[][] = [];
  const probe = x.slice();
  const forward = gradientAtX !== undefined && gradientAtX.length === n && gradientAtX.every(Number.isFinite);
  const relativeStep = forward ? FORWARD_STEP : 6.055454452393343e-6;
  const h = x.map((xi) => relativeStep * Math.max(1, Math.abs(xi)));
  for (let j = 0; j < n; j++) {
    probe[j] = x[j] + h[j];
    yield;
    const up = gradient(probe);
    if (forward) {
      probe[j] = x[j];
      cols.push(up.map((u, i) => (u - gradientAtX[i]) / h[j]));
      continue;
    }
    probe[j] = x[j] - h[j];
    yield;
    const down = gradient(probe);
    probe[j] = x[j];
    cols.push(up.map((u, i) => (u - down[i]) / (2 * h[j])));
  }
  const H: Matrix = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const v = 0.5 * (cols[j][i] + cols[i][j]);
      H[i][j] = Number.isFinite(v) ? v : NaN;
    }
  }
  return H;
}

/**
 * Cholesky factor L (lower triangular, A = L·Lᵀ) of a symmetric matrix; null when A is not
 * (numerically) positive definite or has non-finite entries.
 */
export function cholesky(a: Matrix): Matrix | null {
  const n = a.length;
  const L: Matrix = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let j = 0; j < n; j++) {
    let d = a[j][j];
    for (let k = 0; k < j; k++) d -= L[j][k] * L[j][k];
    // Relative pivot threshold: a pivot that is round-off of the diagonal counts as singular.
    if (!(d > 1e-14 * Math.abs(a[j][j])) || !Number.isFinite(d)) return null;
    const djj = Math.sqrt(d);
    L[j][j] = djj;
    for (let i = j + 1; i < n; i++) {
      let s = a[i][j];
      for (let k = 0; k < j; k++) s -= L[i][k] * L[j][k];
      L[i][j] = s / djj;
      if (!Number.isFinite(L[i][j])) return null;
    }
  }
  return L;
}

/** Inverse of a symmetric positive-definite matrix via Cholesky; null when not positive definite. */
export function invertSymmetric(m: Matrix): Matrix | null {
  const n = m.length;
  if (m.some((row) => row.length !== n)) return null;
  const L = cholesky(m);
  if (!L) return null;
  // Invert L (lower triangular) by forward substitution, then A⁻¹ = L⁻ᵀ L⁻¹.
  const Li: Matrix = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let j = 0; j < n; j++) {
    Li[j][j] = 1 / L[j][j];
    for (let i = j + 1; i < n; i++) {
      let s = 0;
      for (let k = j; k < i; k++) s -= L[i][k] * Li[k][j];
      Li[i][j] = s / L[i][i];
    }
  }
  const inv: Matrix = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let k = i; k < n; k++) s += Li[k][i] * Li[k][j];
      inv[i][j] = s;
      inv[j][i] = s;
    }
  }
  return inv;
}

/**
 * Standard errors of exp(θ̂) by the delta method, se_i = exp(θ̂_i)·sqrt([H⁻¹]_ii), where H is the Hessian
 * of the negative log-likelihood with respect to θ = ln(parameters) at the optimum (observed
 * information). All entries are NaN when H is singular or not positive definite (no valid covariance).
 */
export function logScaleStandardErrors(thetaHat: readonly number[], hessianOnLogScale: Matrix): number[] {
  const inv = invertSymmetric(hessianOnLogScale);
  if (!inv) return thetaHat.map(() => NaN);
  return thetaHat.map((t, i) => {
    const v = inv[i][i];
    return v > 0 && Number.isFinite(v) ? Math.exp(t) * Math.sqrt(v) : NaN;
  });
}
