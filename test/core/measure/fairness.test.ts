/**
 * Tier audit by hand: counts, shares, four-fifths ratios, and Pearson's chi-square with its p-value
 * checked against closed forms of the chi-square upper tail (df = 2: e^(−x/2); df = 4:
 * e^(−x/2)(1 + x/2)).
 */
import { describe, expect, it } from "vitest";
import { chiSquarePValue, tierAudit } from "../../../src/core/measure/fairness";
import { thrownBy } from "../../support/thrown";

function expand(spec: Record<string, Record<string, number>>): { tiers: string[]; groups: string[] } {
  const tiers: string[] = [];
  const groups: string[] = [];
  for (const [g, byTier] of Object.entries(spec)) {
    for (const [t, n] of Object.entries(byTier)) {
      for (let i = 0; i < n; i++) {
        tiers.push(t);
        groups.push(g);
      }
    }
  }
  return { tiers, groups };
}

describe("chi-square p-value (jStat) against closed forms", () => {
  it.each([0.5, 2, 5.99146, 13.8])("df 2 and 4 at x = %s", (x) => {
    expect(chiSquarePValue(x, 2)).toBeCloseTo(Math.exp(-x / 2), 10);
    expect(chiSquarePValue(x, 4)).toBeCloseTo(Math.exp(-x / 2) * (1 + x / 2), 10);
  });
});

describe("tier audit", () => {
  // Groups of 10: A 6/2/2, B 3/3/4, C 1/2/7 (High/Medium/Low).
  const data = expand({ A: { High: 6, Medium: 2, Low: 2 }, B: { High: 3, Medium: 3, Low: 4 }, C: { High: 1, Medium: 2, Low: 7 } });
  const audit = tierAudit(data.tiers, data.groups);

  it("orders CLV.TIER's labels High, Medium, Low and groups alphabetically", () => {
    expect(audit.tiers).toEqual(["High", "Medium", "Low"]);
    expect(audit.groups.map((g) => g.group)).toEqual(["A", "B", "C"]);
    expect(audit.groups[2].counts).toEqual([1, 2, 7]);
    expect(audit.groups[2].shares[2]).toBeCloseTo(0.7, 14);
    expect(audit.all.counts).toEqual([10, 7, 13]);
  });

  it("four-fifths ratios relative to the best group (A, 60 % High)", () => {
    expect(audit.reference).toBe("A");
    expect(audit.groups.map((g) => g.ratio)).toEqual([1, 0.5, expect.closeTo(1 / 6, 14)]);
    expect(audit.reading).toMatch(/2 groups below four-fifths of 'A'/);
  });

  it("chi-square by hand: expected = row × column / N, df = 4, p = e^(−x/2)(1 + x/2)", () => {
    const obs = [
      [6, 2, 2],
      [3, 3, 4],
      [1, 2, 7],
    ];
    const col = [10, 7, 13];
    let x = 0;
    for (const row of obs) row.forEach((o, j) => (x += (o - (10 * col[j]) / 30) ** 2 / ((10 * col[j]) / 30)));
    expect(audit.chiSquare).toBeCloseTo(x, 12);
    expect(audit.df).toBe(4);
    expect(audit.pValue).toBeCloseTo(Math.exp(-x / 2) * (1 + x / 2), 10);
    expect(audit.minExpected).toBeCloseTo(7 / 3, 12);
    expect(audit.reading).toMatch(/expected counts are below 5/);
  });

  it("two tiers, three groups: df = 2 and p = e^(−x/2); a reference group and a top tier by name", () => {
    const d = expand({ Jan: { Low: 66, High: 34 }, Feb: { Low: 67, High: 33 }, Mar: { Low: 13, High: 87 } });
    const a = tierAudit(d.tiers, d.groups, { reference: "feb" });
    expect(a.reference).toBe("Feb");
    expect(a.df).toBe(2);
    expect(a.pValue).toBeCloseTo(Math.exp(-a.chiSquare / 2), 12);
    expect(a.pValue).toBeLessThan(0.001);
    expect(a.groups.find((g) => g.group === "Mar")!.ratio).toBeCloseTo(87 / 33, 12);
    const low = tierAudit(d.tiers, d.groups, { topTier: "low" });
    expect(low.topTier).toBe("Low");
    expect(low.reference).toBe("Feb");
    expect(low.groups.find((g) => g.group === "Mar")!.ratio).toBeCloseTo(13 / 67, 12);
  });

  it("labels other than High/Medium/Low: numbers ascending, the first is the top", () => {
    const a = tierAudit(["2", "1", "3", "1"], ["x", "x", "y", "y"]);
    expect(a.tiers).toEqual(["1", "2", "3"]);
  });

  it("unknown reference group or top tier is an argument error naming it", () => {
    expect(thrownBy(() => tierAudit(data.tiers, data.groups, { reference: "Z" })).message).toMatch(/reference_group: 'Z'/);
    expect(thrownBy(() => tierAudit(data.tiers, data.groups, { topTier: "Gold" })).message).toMatch(/top_tier: 'Gold'/);
  });

  it("one group: nothing to compare, no test", () => {
    const a = tierAudit(["High", "Low"], ["A", "A"]);
    expect(a.df).toBe(0);
    expect(a.pValue).toBeNaN();
    expect(a.reading).toMatch(/Only one group/);
  });
});
