import { describe, expect, it } from "vitest";
import { integrate, tanhSinhNodes } from "../../../src/core/math/quadrature";

describe("tanh-sinh quadrature", () => {
  it("integrates smooth, end-point-singular and peaked integrands (closed forms)", () => {
    expect(integrate((x) => Math.exp(x), 0, 1)).toBeCloseTo(Math.E - 1, 13);
    expect(integrate((x) => 1 / Math.sqrt(x), 0, 4)).toBeCloseTo(4, 11); // singular at 0
    expect(integrate((x, toUpper) => Math.log(toUpper), 0, 1)).toBeCloseTo(-1, 11); // log-singular at 1
    expect(integrate((x) => 200 * Math.pow(1 - x, 199), 0, 1)).toBeCloseTo(1, 11); // sharp end-point peak
  });
  it("has positive weights summing to the interval length", () => {
    const nodes = tanhSinhNodes(1 / 16, 3.6);
    expect(nodes.every((n) => n.weight > 0 && n.x > 0 && n.oneMinusX > 0)).toBe(true);
    expect(nodes.reduce((s, n) => s + n.weight, 0)).toBeCloseTo(1, 13);
  });
});
