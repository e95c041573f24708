/**
 * Input checks, compression to unique rows, distinct indexes, content hashes and subsampling
 * (DESIGN §4.2: compress before fitting; §3: errors name the argument and row).
 */
import { describe, expect, it } from "vitest";
import {
  compressCountData,
  countDataHash,
  makeCountData,
  makeSpendData,
  subsampleCountData,
  systematicSubsample,
  timeIndex,
} from "../../../src/core/models/compress";
import { thrownBy as error } from "../../support/thrown";

describe("makeCountData checks every row", () => {
  it("accepts valid histories", () => {
    const d = makeCountData([0, 1, 3], [0, 2, 5.5], [10, 10, 10]);
    expect(d.length).toBe(3);
    expect(Array.from(d.weight)).toEqual([1, 1, 1]);
  });
  it("names the argument and row of each problem", () => {
    const label = (i: number) => `row ${i + 11}`;
    expect(error(() => makeCountData([1, 2], [1], [5, 5])).message).toMatch(/same number of rows \(frequency 2, recency 1, T 2\)/);
    expect(error(() => makeCountData([1, -1], [1, 1], [5, 5], undefined, { rowLabel: label })).message).toBe(
      "frequency: row 12 is -1; frequency is a whole number of repeat purchases (0 or more).",
    );
    expect(error(() => makeCountData([1, 1.5], [1, 1], [5, 5])).message).toMatch(/^frequency: row 2 is 1.5/);
    expect(error(() => makeCountData([1, 1], [1, 6], [5, 5])).message).toMatch(/^recency: row 2 is 6, larger than T \(5\)/);
    expect(error(() => makeCountData([0, 1], [2, 1], [5, 5])).message).toMatch(/^recency: row 1 is 2 but frequency is 0/);
    expect(error(() => makeCountData([1, 1], [1, 1], [5, NaN])).message).toMatch(/^T: row 2 is NaN/);
    expect(error(() => makeCountData([1, 1], [1, 1], [5, 5], [1, -2])).message).toMatch(/^weights: row 2 is -2/);
    expect(error(() => makeCountData([0, 0], [0, 0], [5, 5])).message).toMatch(/^frequency: every customer has 0 repeat purchases/);
    expect(error(() => makeCountData([1], [1], [5], [0])).message).toMatch(/all weights are 0/);
    expect(error(() => makeCountData([], [], [])).message).toMatch(/no customers/);
    expect(makeCountData([0, 0], [0, 0], [5, 5], undefined, { requireRepeat: false }).length).toBe(2);
  });
  it("checks discrete data (whole opportunities, x ≤ t_x)", () => {
    expect(error(() => makeCountData([1], [1.5], [6], undefined, { discrete: true })).message).toMatch(/^recency: row 1 is 1.5; in a discrete-time model/);
    expect(error(() => makeCountData([3], [2], [6], undefined, { discrete: true })).message).toMatch(/^frequency: row 1 is 3, more than recency \(2\)/);
  });
  it("checks spend data", () => {
    expect(error(() => makeSpendData([1, 2], [10])).message).toMatch(/same number of rows/);
    expect(error(() => makeSpendData([1, 2], [10, Infinity])).message).toMatch(/^monetary: row 2 is not a finite number/);
  });
});

describe("compressCountData", () => {
  const d = makeCountData([0, 2, 2, 5, 0, 2], [0, 10, 10, 20, 0, 11], [30, 30, 30, 31, 30, 30], [1, 1, 2, 1, 0.5, 0]);
  const c = compressCountData(d);
  it("merges identical rows, sums weights, drops weight-0 rows, keeps first-appearance order", () => {
    expect(c.length).toBe(3);
    expect(Array.from(c.x)).toEqual([0, 2, 5]);
    expect(Array.from(c.weight)).toEqual([1.5, 3, 1]);
    expect(c.totalWeight).toBe(5.5);
  });
  it("indexes the distinct frequencies", () => {
    expect(Array.from(c.xValues)).toEqual([0, 2, 5]);
    expect(Array.from(c.xIndex)).toEqual([0, 1, 2]);
    expect(Array.from(c.xWeight)).toEqual([1.5, 3, 1]);
  });
  it("is idempotent and its hash ignores row order", () => {
    expect(compressCountData(c)).toBe(c);
    const shuffled = compressCountData(makeCountData([5, 2, 0, 2, 0], [20, 10, 0, 10, 0], [31, 30, 30, 30, 30], [1, 2, 1, 1, 0.5]));
    expect(countDataHash(shuffled)).toBe(countDataHash(c));
    const other = compressCountData(makeCountData([5, 2, 0], [20, 10, 0], [31, 30, 30.01], [1, 3, 1.5]));
    expect(countDataHash(other)).not.toBe(countDataHash(c));
  });
  it("indexes distinct times when there are few", () => {
    const many = makeCountData(
      Array.from({ length: 1000 }, (_, i) => i % 3),
      Array.from({ length: 1000 }, (_, i) => (i % 3 ? (i % 7) / 7 : 0)),
      Array.from({ length: 1000 }, (_, i) => 30 + (i % 5) / 7),
    );
    const t = timeIndex(many)!;
    expect(t.values.length).toBeLessThan(20);
    for (let i = 0; i < many.length; i++) {
      expect(t.values[t.txIndex[i]]).toBe(many.tx[i]);
      expect(t.values[t.TIndex[i]]).toBe(many.T[i]);
    }
    const distinct = makeCountData(
      Array.from({ length: 1000 }, () => 1),
      Array.from({ length: 1000 }, (_, i) => i / 100),
      Array.from({ length: 1000 }, (_, i) => 20 + i / 77),
    );
    expect(timeIndex(distinct)).toBeNull();
  });
});

describe("systematic subsampling proportional to weight", () => {
  it("keeps the total weight and gives heavy rows their weight", () => {
    const w = Float64Array.from([5000, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2000, ...Array.from({ length: 3000 }, () => 1)]);
    const s = systematicSubsample(w, 100);
    const total = s.weight.reduce((a, b) => a + b, 0);
    expect(total).toBeCloseTo(10009, 6);
    expect(s.rows[0]).toBe(0);
    expect(Math.abs(s.weight[0] - 5000)).toBeLessThanOrEqual(100.09 + 1e-9);
  });
  it("builds a valid compressed subsample", () => {
    const d = compressCountData(makeCountData(Array.from({ length: 5000 }, (_, i) => i % 9), Array.from({ length: 5000 }, (_, i) => (i % 9 ? 1 + (i % 13) : 0)), Array.from({ length: 5000 }, () => 20)));
    const s = subsampleCountData(d, 500);
    expect(s.totalWeight).toBeCloseTo(5000, 6);
    expect(s.xValues.length).toBeGreaterThan(1);
  });
});
