import { describe, expect, it } from "vitest";
import { valueTiers } from "../../../src/core/rfm";

describe("value tiers (hand examples)", () => {
  it("default: top 20 % High, next 30 % Medium, rest Low", () => {
    const t = valueTiers([10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
    expect(t.label).toEqual(["Low", "Low", "Low", "Low", "Low", "Medium", "Medium", "Medium", "High", "High"]);
    expect(t.kind).toBe("quantile");
    expect(t.cutoffs).toEqual([0.8, 0.5]);
  });

  it("gives equal values the same tier", () => {
    // below-counts: 1 -> 0, 5 -> 1, 7 -> 7 (shares 0, 0.1, 0.7); the six 5s share one tier (0.1 < 0.5: Low)
    const t = valueTiers([5, 5, 5, 5, 5, 5, 1, 7, 9, 9]);
    // 9: 8 of 10 below -> 0.8 -> High (both 9s); 7: 0.7 -> Medium; 5 and 1: Low.
    expect(t.label).toEqual(["Low", "Low", "Low", "Low", "Low", "Low", "Low", "Medium", "High", "High"]);
  });

  it("reads 0.7 × 10 = 7.000000000000001 as 7 (no floating-point off-by-one)", () => {
    const t = valueTiers([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], { cutoffs: [0.7], labels: ["Top", "Rest"] });
    expect(t.label.filter((l) => l === "Top").length).toBe(3);
  });

  it("absolute cutoffs in any order with custom labels; values at a cutoff reach it", () => {
    const t = valueTiers([0, 99.99, 100, 500, 1000, 2500], { cutoffs: [100, 1000], labels: ["Gold", "Silver", "Bronze"] });
    expect(t.label).toEqual(["Bronze", "Bronze", "Silver", "Silver", "Gold", "Gold"]);
    expect(t.kind).toBe("value");
  });

  it("reads cutoffs in (0, 1) as values when asked (e.g. probabilities)", () => {
    const t = valueTiers([0.1, 0.5, 0.9], { cutoffs: [0.5], kind: "value", labels: ["Likely", "Unlikely"] });
    expect(t.label).toEqual(["Unlikely", "Likely", "Likely"]);
  });

  it("numbers tiers for other cutoff counts and blanks NaN", () => {
    // shares below: 0, 1/3, 2/3 (NaN left out of n = 3): only 3 reaches 0.5
    const t = valueTiers([1, 2, 3, NaN], { cutoffs: [0.5] });
    expect(t.label).toEqual(["Tier 2", "Tier 2", "Tier 1", ""]);
    expect(Array.from(t.tier)).toEqual([2, 2, 1, 0]);
  });

  it("refuses wrong label counts, duplicate cutoffs and quantiles outside (0, 1)", () => {
    expect(() => valueTiers([1], { cutoffs: [0.8, 0.5], labels: ["a", "b"] })).toThrow("labels: 2 cutoffs make 3 tiers, so give 3 labels (got 2)");
    expect(() => valueTiers([1], { cutoffs: [0.5, 0.5] })).toThrow("cutoffs: the cutoff 0.5 appears twice");
    expect(() => valueTiers([1], { cutoffs: [1.5], kind: "quantile" })).toThrow(/strictly between 0 and 1/);
  });
});
