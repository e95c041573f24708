/**
 * Plain-language readings: every number is the closed form of the table's parameters (formulas in
 * src/core/measure/explain.ts with their sources), and the sentence shows that same number.
 */
import { describe, expect, it } from "vitest";
import { bgnbd } from "../../../src/core/models/bgnbd";
import { paretoNbd } from "../../../src/core/models/paretonbd";
import { mbgnbd } from "../../../src/core/models/mbgnbd";
import { bgbb } from "../../../src/core/models/bgbb";
import { gammaGamma } from "../../../src/core/models/gammagamma";
import { sbg } from "../../../src/core/models/sbg";
import { explainModel, formatNumber, formatShare, type Reading } from "../../../src/core/measure/explain";

function shown(r: Reading): void {
  const asShare = formatShare(r.value);
  const asNumber = formatNumber(r.value);
  expect(r.text.includes(asShare) || r.text.includes(asNumber), `${r.text} should show ${asNumber} or ${asShare}`).toBe(true);
}

describe("readings", () => {
  it("BG/NBD (FHL 2005 estimates, weeks): rate r/α, spread 1/√r, drop-out a/(a+b), a year of 52.18 weeks", () => {
    const p = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
    const rows = explainModel(bgnbd, p, "W");
    const year = 365.25 / 7;
    expect(rows.map((r) => r.value)).toEqual([
      expect.closeTo(0.243 / 4.414, 14),
      expect.closeTo(1 / Math.sqrt(0.243), 14),
      expect.closeTo(0.793 / (0.793 + 2.426), 14),
      expect.closeTo(bgnbd.pmf!(p, 0, year), 14),
      expect.closeTo(bgnbd.expectedNew(p, year), 14),
    ]);
    rows.forEach(shown);
    expect(rows[0].text).toContain("0.0551 times per week");
    expect(rows[2].text).toContain("24.6 %");
    expect(rows[4].unit).toBe("purchases");
  });

  it("the unit comes from the table: in days a year is 365.25 units", () => {
    const p = { r: 0.243, alpha: 4.414 * 7, a: 0.793, b: 2.426 };
    const days = explainModel(bgnbd, p, "D");
    const weeks = explainModel(bgnbd, { ...p, alpha: 4.414 }, "W");
    expect(days[4].value).toBeCloseTo(weeks[4].value, 10);
    expect(days[0].unit).toBe("purchases per day");
  });

  it("MBG/NBD reads like BG/NBD with its own predictions", () => {
    const p = { r: 0.525, alpha: 6.183, a: 0.891, b: 1.614 };
    const rows = explainModel(mbgnbd, p, "W");
    expect(rows[4].value).toBeCloseTo(mbgnbd.expectedNew(p, 365.25 / 7), 14);
    rows.forEach(shown);
  });

  it("Pareto/NBD: drop-out rate s/β and survival (β/(β+t))^s", () => {
    const p = { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 };
    const rows = explainModel(paretoNbd, p, "W");
    const year = 365.25 / 7;
    expect(rows[2].value).toBeCloseTo(0.606 / 11.669, 14);
    expect(rows[3].value).toBeCloseTo(Math.pow(11.669 / (11.669 + year), 0.606), 14);
    rows.forEach(shown);
  });

  it("BG/BB (FHS 2010 estimates): α/(α+β), γ/(γ+δ), 10 opportunities", () => {
    const p = { alpha: 1.204, beta: 0.75, gamma: 0.657, delta: 2.783 };
    const rows = explainModel(bgbb, p, "W");
    expect(rows[0].value).toBeCloseTo(1.204 / 1.954, 14);
    expect(rows[1].value).toBeCloseTo(0.657 / 3.44, 14);
    expect(rows[rows.length - 1].value).toBeCloseTo(bgbb.expectedNew(p, 10), 14);
    rows.forEach(shown);
  });

  it("Gamma-Gamma (note 025 estimates): mean pγ/(q−1) = 35.1, weights p·x/(p·x+q−1)", () => {
    const p = { p: 6.25, q: 3.74, gamma: 15.44 };
    const rows = explainModel(gammaGamma, p, "W");
    expect(rows[0].value).toBeCloseTo((6.25 * 15.44) / 2.74, 12);
    expect(rows[0].text).toContain("35.2");
    expect(rows[1].value).toBeCloseTo(1 / Math.sqrt(6.25), 14);
    expect(rows[2].value).toBeCloseTo(1 / Math.sqrt(1.74), 14);
    expect(rows[3].value).toBeCloseTo(6.25 / (6.25 + 2.74), 14);
    expect(rows[4].value).toBeCloseTo(31.25 / (31.25 + 2.74), 14);
    rows.forEach(shown);
  });

  it("sBG: churn α/(α+β), retention S(t)/S(t−1), survival after 5 periods", () => {
    const p = { alpha: 0.668, beta: 3.806 };
    const rows = explainModel(sbg, p, "W");
    expect(rows[0].value).toBeCloseTo(0.668 / 4.474, 14);
    expect(rows[1].value).toBeCloseTo(sbg.survival(p, 1), 14);
    expect(rows[2].value).toBeCloseTo(sbg.survival(p, 5) / sbg.survival(p, 4), 14);
    expect(rows[3].value).toBeCloseTo(sbg.survival(p, 5), 14);
    rows.forEach(shown);
  });
});
