/**
 * CLV.VALUE's core: monthly discounted expected transactions times expected spend (Fader, Hardie & Lee 2005, "RFM and CLV", §2).
 */
import { describe, expect, it } from "vitest";
import { customerValue, PERIODS_PER_MONTH } from "../../../src/core/models/value";
import { paretoNbd } from "../../../src/core/models/paretonbd";
import { relDiff } from "./helpers";
import type { CountModel } from "../../../src/core/models/model";

describe("customerValue", () => {
  const p = { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 };
  it("time units per month follow DESIGN §2 (a month is 365.25/12 days)", () => {
    expect(PERIODS_PER_MONTH.W).toBeCloseTo(4.348214, 6);
    expect(PERIODS_PER_MONTH.D).toBe(30.4375);
    expect(PERIODS_PER_MONTH.M).toBe(1);
    expect(PERIODS_PER_MONTH.Y).toBeCloseTo(1 / 12, 15);
  });
  it("without discounting equals spend × E[Y(months·f)]", () => {
    const f = PERIODS_PER_MONTH.W;
    const v = customerValue(paretoNbd, p, 30, 2, 30.43, 38.86, 12, 0, f);
    expect(relDiff(v, 30 * paretoNbd.expected(p, 12 * f, 2, 30.43, 38.86))).toBeLessThan(1e-12);
  });
  it("with a long horizon and a continuous-rate equivalent, approaches spend × DERT", () => {
    // Monthly discount d ↔ continuous weekly rate δ = ln(1+d)/f; monthly steps make the sum a
    // Riemann approximation of the DERT integral, hence a few percent.
    const f = PERIODS_PER_MONTH.W;
    const d = 0.01;
    const v = customerValue(paretoNbd, p, 1, 2, 30.43, 38.86, 1200, d, f);
    const dert = paretoNbd.dert!(p, Math.log1p(d) / f, 2, 30.43, 38.86);
    expect(relDiff(v, dert)).toBeLessThan(0.01);
  });
  it("refuses discrete-time transaction models with #N/A", () => {
    const discrete = { ...paretoNbd, name: "BG/BB", timeDomain: "discrete" } as unknown as CountModel;
    expect(() => customerValue(discrete, p, 1, 1, 1, 2, 12, 0.01, 1)).toThrow(/continuous-time transaction model/);
  });
});
