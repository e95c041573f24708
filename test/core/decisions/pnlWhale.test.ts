import { describe, expect, it } from "vitest";
import { customerPnl } from "../../../src/core/decisions/pnl";
import { whaleCurve } from "../../../src/core/decisions/whale";
import { segmentValues } from "../../../src/core/decisions/segments";

describe("customer P&L (hand counts)", () => {
  // Three customers: B (2 orders, one return), 7 (numeric id, given once as text), A.
  const ids = ["B", 7, "A", "B", "7", "B"];
  const amounts = [100, 50, 30, -20, 70, 40];
  const costs = [60, 20, 10, -12, 30, 25];
  it("sums revenue, cost of goods, cost to serve per row and one acquisition cost per customer", () => {
    const p = customerPnl({ ids, amounts, costs, costToServe: 5, acquisitionCost: 15 });
    expect(p.customer).toEqual([7, "A", "B"]);
    expect(Array.from(p.orders)).toEqual([2, 1, 3]);
    expect(Array.from(p.revenue)).toEqual([120, 30, 120]);
    expect(Array.from(p.costOfGoods)).toEqual([50, 10, 73]);
    expect(Array.from(p.contribution)).toEqual([70, 20, 47]);
    expect(Array.from(p.costToServe)).toEqual([10, 5, 15]);
    expect(Array.from(p.acquisitionCost)).toEqual([15, 15, 15]);
    expect(Array.from(p.profit)).toEqual([45, 0, 17]);
  });
  it("columns of cost to serve and acquisition cost are summed per customer; no costs means contribution = revenue", () => {
    const p = customerPnl({ ids, amounts, costToServe: [1, 2, 3, 4, 5, 6], acquisitionCost: [10, NaN, 8, NaN, 4, NaN] });
    expect(p.hasCosts).toBe(false);
    expect(Array.from(p.contribution)).toEqual([120, 30, 120]);
    expect(Array.from(p.costToServe)).toEqual([7, 3, 11]);
    expect(Array.from(p.acquisitionCost)).toEqual([4, 8, 10]);
  });
});

describe("whale curve (sort and sum by hand)", () => {
  const profits = [10, -5, 40, 0, -15, 30, 20];
  // Sorted: 40, 30, 20, 10, 0, −5, −15; total 80; cumulative 40, 70, 90, 100, 100, 95, 80.
  const w = whaleCurve(profits);
  it("cumulative shares", () => {
    expect(Array.from(w.profit)).toEqual([0, 40, 30, 20, 10, 0, -5, -15]);
    expect(Array.from(w.cumulativeProfit)).toEqual([0, 40, 70, 90, 100, 100, 95, 80]);
    const expected = [0, 0.5, 0.875, 1.125, 1.25, 1.25, 1.1875, 1];
    w.profitShare.forEach((v, k) => expect(v).toBeCloseTo(expected[k], 12));
    w.customerShare.forEach((v, k) => expect(v).toBeCloseTo(k / 7, 12));
  });
  it("peak, where it is reached, and the value destroyers", () => {
    expect(w.peak).toBeCloseTo(1.25, 12);
    expect(w.peakCustomerShare).toBeCloseTo(4 / 7, 12);
    expect(w.destroyingShare).toBeCloseTo(2 / 7, 12);
    expect(w.destroyedProfit).toBe(-20);
    expect(w.totalProfit).toBe(80);
  });
  it("a total profit of 0 or less has no whale curve (#N/A)", () => {
    expect(() => whaleCurve([5, -5])).toThrow(/not above 0/);
  });
});

describe("segment valuation (hand counts)", () => {
  const values = [100, 300, 50, 200, 10, 40];
  const groups = ["Gold", "Gold", "Silver", "Gold", "Bronze", "Silver"];
  it("customers, totals, means, shares, LTV:CAC and rank", () => {
    const rows = segmentValues(values, groups, undefined, 20);
    expect(rows.map((r) => r.segment)).toEqual(["Gold", "Silver", "Bronze"]);
    expect(rows.map((r) => r.customers)).toEqual([3, 2, 1]);
    expect(rows.map((r) => r.total)).toEqual([600, 90, 10]);
    expect(rows.map((r) => r.mean)).toEqual([200, 45, 10]);
    expect(rows[0].share).toBeCloseTo(600 / 700, 12);
    expect(rows.map((r) => r.ltvCac)).toEqual([10, 2.25, 0.5]);
    expect(rows.map((r) => r.rank)).toEqual([1, 2, 3]);
  });
  it("costs are subtracted; a per-customer CAC column is averaged per segment; ties share a rank", () => {
    const rows = segmentValues([10, 20, 30], ["a", "b", "b"], [0, 10, 10], [4, 2, 6]);
    expect(rows.map((r) => [r.segment, r.total, r.cac, r.rank])).toEqual([
      ["b", 30, 4, 1],
      ["a", 10, 4, 2],
    ]);
    const tied = segmentValues([5, 5], ["x", "y"]);
    expect(tied.map((r) => r.rank)).toEqual([1, 1]);
    expect(Number.isNaN(tied[0].ltvCac)).toBe(true);
  });
});
