/**
 * G = 2F1(1, b; m+1; w) against the general 2F1 of math/special.ts (DLMF 15.8.1 form) and finite
 * differences of its own value.
 */
import { describe, expect, it } from "vitest";
import { logHyp1b } from "../../../src/core/math/hyp1b";
import { logHyp2f1 } from "../../../src/core/math/special";

describe("G = 2F1(1, b; m+1; w), the Pareto/NBD hypergeometric term", () => {
  const cases: [number, number, number][] = [
    // [b, m, w]: series in w, direct series after Pfaff, and quadrature
    [1.6, 2.2, -0.05],
    [221.5, 222, -0.116],
    [0.6, 1.1, -0.49],
    [0.51, 0.8, -3.9],
    [1.3, 30, -8],
    [30, 31, -2],
    [300, 301, -5],
    [2000, 2001, -0.9],
    [1.2, 1.5, -200],
  ];
  it("agrees with the general 2F1 (DLMF 15.8.1 form) in every regime", () => {
    for (const [b, m, w] of cases) {
      const out = logHyp1b(b, m, w);
      const ref = logHyp2f1(1, b, m + 1, w);
      expect(Math.abs(out.value - ref.log)).toBeLessThan(1e-10 * Math.max(1, Math.abs(ref.log)));
    }
  });
  it("has derivatives that match finite differences", () => {
    const fd = (f: (h: number) => number, h: number) => (f(h) - f(-h)) / (2 * h);
    const val = (b: number, m: number, w: number) => logHyp1b(b, m, w).value;
    for (const [b, m, w] of cases) {
      const { db, dm, dw } = logHyp1b(b, m, w);
      const hb = 1e-6 * b;
      const hm = 1e-6 * m;
      const hw = 1e-6 * Math.abs(w);
      expect(Math.abs(db - fd((h) => val(b + h, m, w), hb))).toBeLessThan(1e-6 * Math.max(1, Math.abs(db)));
      expect(Math.abs(dm - fd((h) => val(b, m + h, w), hm))).toBeLessThan(1e-6 * Math.max(1, Math.abs(dm)));
      expect(Math.abs(dw - fd((h) => val(b, m, w + h), hw))).toBeLessThan(1e-6 * Math.max(1, Math.abs(dw)));
    }
  });
});
