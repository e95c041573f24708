import { describe, expect, it } from "vitest";
import { retentionLevers, retentionValue } from "../../../src/core/decisions/levers";
import { modelLevers, monthlyFromAnnual, totalModelValue, type ModelLeverInputs } from "../../../src/core/decisions/modelLevers";
import { bgnbd } from "../../../src/core/models/bgnbd";
import { paretoNbd } from "../../../src/core/models/paretonbd";
import { gammaGamma } from "../../../src/core/models/gammagamma";
import { customerValue, PERIODS_PER_MONTH } from "../../../src/core/models/value";
import { thrownBy } from "../../support/thrown";

/** Central finite-difference elasticity of f at x: (f(x+h) − f(x−h))/(2h) · x/f(x). */
function fdElasticity(f: (x: number) => number, x: number): number {
  const h = 1e-6 * Math.max(1, Math.abs(x));
  return ((f(x + h) - f(x - h)) / (2 * h)) * (x / f(x));
}

describe("retention levers (closed forms of V = m r/(1+d−r) − c)", () => {
  const m = 100;
  const r = 0.8;
  const d = 0.1;
  const c = 50;
  const rows = retentionLevers({ margin: m, retention: r, discount: d, cac: c }, 0.1);
  const byName = Object.fromEntries(rows.map((row) => [row.lever, row]));

  it("base value and the values at ±10% are the formula at those levels", () => {
    expect(byName.retention.value).toBeCloseTo((100 * 0.8) / 0.3 - 50, 10);
    expect(byName.retention.valueHigh).toBeCloseTo((100 * 0.88) / (1.1 - 0.88) - 50, 10);
    expect(byName.retention.valueLow).toBeCloseTo((100 * 0.72) / (1.1 - 0.72) - 50, 10);
    expect(byName.margin.valueHigh).toBeCloseTo((110 * 0.8) / 0.3 - 50, 10);
    expect(byName.discount.valueLow).toBeCloseTo((100 * 0.8) / (1.09 - 0.8) - 50, 10);
    expect(byName["acquisition cost"].valueHigh).toBeCloseTo((100 * 0.8) / 0.3 - 55, 10);
  });

  it("every elasticity matches a central finite difference to 1e-6", () => {
    expect(byName.retention.elasticity).toBeCloseTo(fdElasticity((x) => retentionValue(m, x, d, c), r), 6);
    expect(byName.margin.elasticity).toBeCloseTo(fdElasticity((x) => retentionValue(x, r, d, c), m), 6);
    expect(byName.discount.elasticity).toBeCloseTo(fdElasticity((x) => retentionValue(m, r, x, c), d), 6);
    expect(byName["acquisition cost"].elasticity).toBeCloseTo(fdElasticity((x) => retentionValue(m, r, d, x), c), 6);
  });

  it("without CAC the retention elasticity is (1+d)/(1+d−r) and the margin elasticity 1 (Gupta, Lehmann & Stuart 2004)", () => {
    const plain = retentionLevers({ margin: m, retention: r, discount: d }, 0.1);
    expect(plain[0].elasticity).toBeCloseTo(1.1 / 0.3, 12);
    expect(plain[1].elasticity).toBeCloseTo(1, 12);
  });

  it("a step that pushes retention above 1 gives that cell an error, the others stay", () => {
    const high = retentionLevers({ margin: m, retention: 0.95, discount: d }, 0.1);
    expect(high[0].highError?.message).toMatch(/above 1/);
    expect(Number.isFinite(high[0].valueLow)).toBe(true);
  });

  it("refuses percentages typed as whole numbers, with the fix", () => {
    expect(thrownBy(() => retentionLevers({ margin: m, retention: r, discount: 10 })).message).toMatch(/^discount is 10: enter 10% or 0.1/);
    expect(thrownBy(() => retentionLevers({ margin: m, retention: 80, discount: d })).message).toMatch(/^retention is 80: enter 80% or 0.8/);
  });
});

describe("model levers (total CLV.VALUE of a customer base)", () => {
  // Published CDNOW parameters: BG/NBD (Fader, Hardie & Lee 2005) and Gamma-Gamma (Fader & Hardie 2013 note).
  const bg = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
  const gg = { p: 6.25, q: 3.74, gamma: 15.44 };
  const customers = { frequency: [0, 2, 5, 2, 10], recency: [0, 30.4, 35, 30.4, 38], T: [38, 38.8, 39, 38.8, 39], monetary: [0, 20, 35.5, 20, 60] };
  const inputs: ModelLeverInputs = {
    countModel: bgnbd,
    countParams: bg,
    spendModel: gammaGamma,
    spendParams: gg,
    customers,
    margin: 0.3,
    annualDiscount: 0.1,
    months: 12,
    periodsPerMonth: PERIODS_PER_MONTH.W,
  };

  it("the base is the sum of CLV.VALUE over customers times the margin", () => {
    let sum = 0;
    for (let i = 0; i < 5; i++) {
      const spend = gammaGamma.expectedSpend(gg, customers.frequency[i], customers.monetary[i]);
      sum += customerValue(bgnbd, bg, spend, customers.frequency[i], customers.recency[i], customers.T[i], 12, monthlyFromAnnual(0.1), PERIODS_PER_MONTH.W);
    }
    expect(totalModelValue(inputs)).toBeCloseTo(0.3 * sum, 9);
  });

  it("margin and order value are linear: elasticity 1 and ±10% exactly", () => {
    const rows = modelLevers(inputs, 0.1);
    const byName = Object.fromEntries(rows.map((row) => [row.lever, row]));
    for (const lever of ["margin", "order value"]) {
      expect(byName[lever].elasticity).toBeCloseTo(1, 10);
      expect(byName[lever].valueHigh / byName[lever].value).toBeCloseTo(1.1, 10);
    }
  });

  it("purchase rate and drop-out move every customer's future process; elasticities match finite differences", () => {
    const rows = modelLevers(inputs, 0.1);
    const byName = Object.fromEntries(rows.map((row) => [row.lever, row]));
    // BG/NBD: a purchase rate 10% higher is the same process on a clock 10% faster.
    let faster = 0;
    for (let i = 0; i < 5; i++) {
      const spend = gammaGamma.expectedSpend(gg, customers.frequency[i], customers.monetary[i]);
      const m = monthlyFromAnnual(0.1);
      let prev = 0;
      for (let j = 1; j <= 12; j++) {
        const e = bgnbd.expected(bg, 1.1 * j * PERIODS_PER_MONTH.W, customers.frequency[i], customers.recency[i], customers.T[i]);
        faster += (0.3 * spend * (e - prev)) / (1 + m) ** j;
        prev = e;
      }
    }
    expect(byName["purchase rate"].valueHigh).toBeCloseTo(faster, 9);
    expect(byName["purchase rate"].valueHigh).toBeGreaterThan(byName["purchase rate"].value);
    expect(byName["drop-out"].valueHigh).toBeLessThan(byName["drop-out"].value);
    const small = modelLevers(inputs, 0.01);
    expect(small[0].elasticity).toBeCloseTo(fdElasticity((k) => totalModelValue(inputs, { kRate: k }), 1), 3);
    expect(small[1].elasticity).toBeCloseTo(fdElasticity((k) => totalModelValue(inputs, { kDrop: k }), 1), 3);
    expect(small[4].elasticity).toBeCloseTo(fdElasticity((x) => totalModelValue(inputs, { annualDiscount: x }), 0.1), 3);
  });

  it("Pareto/NBD: the purchase rate enters linearly (elasticity 1); the drop-out level is s/beta", () => {
    const pp = { r: 0.55, alpha: 10.58, s: 0.61, beta: 11.67 };
    const pin = { ...inputs, countModel: paretoNbd, countParams: pp };
    const rows = modelLevers(pin, 0.1);
    expect(rows[0].elasticity).toBeCloseTo(1, 10);
    expect(rows[1].level).toBeCloseTo(0.61 / 11.67, 12);
    expect(rows[1].elasticity).toBeLessThan(0);
  });
});
