import { describe, expect, it } from "vitest";
import { marginMultiple, simpleClv } from "../../../src/core/economics";
import { ClvError } from "../../../src/core/errors";
import { published } from "../../support/samples";

const base = { margin: 100, retention: 0.8, discount: 0.1 };

// Brute force: sum the margin stream term by term, to check the closed forms independently.
function bruteForce(firstPayment: "none" | "start" | "end", horizon: number): number {
  const { margin: m, retention: r, discount: d } = base;
  let total = 0;
  for (let t = 0; t < horizon; t++) {
    if (firstPayment === "none") total += (m * r ** (t + 1)) / (1 + d) ** (t + 1);
    else if (firstPayment === "start") total += (m * r ** t) / (1 + d) ** t;
    else total += (m * r ** t) / (1 + d) ** (t + 1);
  }
  return total;
}

describe("simpleClv: Fader & Hardie (2012) note 024 formulas", () => {
  it("matches the textbook figures in published.json (m=100, r=0.8, d=0.1), to the cent", () => {
    // published.json formulas.simple_clv.variants: 266.67 / 366.67 / 333.33; finite_horizon 212.41.
    expect(simpleClv(base, "none")).toBeCloseTo(266.6667, 3);
    expect(simpleClv(base, "start")).toBeCloseTo(366.6667, 3);
    expect(simpleClv(base, "end")).toBeCloseTo(333.3333, 3);
    expect(simpleClv(base, "none", 5)).toBeCloseTo(212.41, 2);
  });

  it("reads the same figures from test/fixtures/published.json", () => {
    const f = published().formulas;
    expect(simpleClv(base, "none")).toBeCloseTo(f.simple_clv.variants["no first payment, end of period: m*r/(1+d-r)"], 2);
    expect(simpleClv(base, "start")).toBeCloseTo(f.simple_clv.variants["first payment at start, included: m(1+d)/(1+d-r)"], 2);
    expect(simpleClv(base, "end")).toBeCloseTo(f.simple_clv.variants["m/(1+d-r)"], 2);
    expect(simpleClv(base, "none", f.finite_horizon.inputs.horizon)).toBeCloseTo(f.finite_horizon.value, 2);
    expect(marginMultiple(0.8, 0.1)).toBeCloseTo(f.margin_multiple.value, 4);
  });

  it("finite horizons equal the term-by-term sum, and converge to the closed form", () => {
    for (const timing of ["none", "start", "end"] as const) {
      for (const h of [1, 2, 7, 30]) expect(simpleClv(base, timing, h)).toBeCloseTo(bruteForce(timing, h), 9);
      expect(simpleClv(base, timing, 2000)).toBeCloseTo(simpleClv(base, timing), 9);
    }
    expect(simpleClv(base, "none", 0)).toBe(0);
  });

  it("handles r = 1 with d = 0 on a finite horizon and refuses the divergent infinite sum", () => {
    expect(simpleClv({ margin: 10, retention: 1, discount: 0 }, "start", 12)).toBeCloseTo(120, 12);
    expect(() => simpleClv({ margin: 10, retention: 1, discount: 0 }, "none")).toThrow(ClvError);
  });

  it("rejects retention outside [0, 1] and discount ≤ −1 with argument-named messages", () => {
    expect(() => simpleClv({ ...base, retention: 1.5 })).toThrow(/retention is 1.5/);
    expect(() => simpleClv({ ...base, discount: -1 })).toThrow(/discount is -1/);
    expect(() => simpleClv(base, "none", 2.5)).toThrow(/horizon/);
  });
});

describe("marginMultiple: Gupta & Lehmann (2003)", () => {
  it("is r/(1+i−r) = 2.6667 for r=0.8, i=0.1 (published.json formulas.margin_multiple)", () => {
    expect(marginMultiple(0.8, 0.1)).toBeCloseTo(2.6667, 4);
  });
  it("with growth g is r/(1+i−r(1+g)) and equals SIMPLE/margin without growth", () => {
    expect(marginMultiple(0.8, 0.1, 0.05)).toBeCloseTo(0.8 / (1.1 - 0.84), 12);
    expect(marginMultiple(0.9, 0.12)).toBeCloseTo(simpleClv({ margin: 1, retention: 0.9, discount: 0.12 }), 12);
  });
  it("refuses growth that outruns discounting", () => {
    expect(() => marginMultiple(0.9, 0.05, 0.2)).toThrow(/does not exist/);
  });
});
