/**
 * G = 2F1(1, b; m+1; w) against the general 2F1 of math/special.ts (DLMF 15.8.1 form) and finite
 * differences of its own value.
 */
import { describe, expect, it } from "vitest";
import {
  PFAFF_TABLE_STRIDE,
  W_TABLE_STRIDE,
  buildPfaffTable,
  buildSeriesTable,
  hyp1bInto,
  logHyp1b,
  pfaffFromTable,
  seriesFromTable,
} from "../../../src/core/math/hyp1b";
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
  it("sums the same series from per-(b, m) coefficient tables as directly (to 1e-14)", () => {
    // The tables only reorder the products of each term, so value and derivatives agree to rounding;
    // outside their range (too few terms, or quadrature) they decline and the caller falls back.
    const direct = new Float64Array(5);
    const tabled = new Float64Array(5);
    const seriesTable = new Float64Array(W_TABLE_STRIDE + 7);
    const pfaffTable = new Float64Array(PFAFF_TABLE_STRIDE + 7);
    const close = () => {
      expect(Math.abs(tabled[0] + Math.log(tabled[4]) - (direct[0] + Math.log(direct[4])))).toBeLessThan(1e-14 * Math.max(1, Math.abs(direct[0])));
      for (let k = 1; k <= 3; k++) expect(Math.abs(tabled[k] - direct[k])).toBeLessThan(1e-14 * Math.max(1, Math.abs(direct[k])));
    };
    let pfaffUsed = 0;
    let pfaffDeclined = 0;
    for (const [b, m] of [[1.6, 2.2], [0.6, 1.1], [0.51, 0.8], [1.3, 30], [30, 31], [300, 301], [1.2, 1.5]] as const) {
      buildSeriesTable(b, m, seriesTable, 7);
      buildPfaffTable(b, m, pfaffTable, 7);
      for (const w of [-0.01, -0.2, -0.5, -0.51, -1, -2.5, -4, -8, -200]) {
        hyp1bInto(b, m, w, direct, 0);
        const ok = w >= -0.5 ? seriesFromTable(seriesTable, 7, w, tabled, 0) : pfaffFromTable(pfaffTable, 7, b, w, tabled, 0);
        if (ok) close();
        if (w < -0.5) {
          if (ok) pfaffUsed++;
          else pfaffDeclined++;
        }
      }
    }
    expect(pfaffUsed).toBeGreaterThan(20);
    // b = 300 at |w| ≥ 1 needs more terms than the table holds, and |w| = 200 is left to quadrature.
    expect(pfaffDeclined).toBeGreaterThan(3);
  });
});
