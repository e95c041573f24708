/**
 * Sheet plans at Excel's scale: a write as tall as a sheet (1,048,575 data rows under a header) is
 * planned without spreading its rows into a call (`Math.max(...rows.map(...))` overflowed the stack at
 * about 120,000 rows in V8; the lint rule no-restricted-syntax now forbids the pattern everywhere).
 */
import { describe, expect, it } from "vitest";
import { PlanDraft, planCellCount } from "../../src/taskpane/plan";
import { widestRow } from "../../src/core/data/cells";

describe("plans of a full sheet", () => {
  it("values and formulas blocks of 1,048,575 rows report their area", () => {
    const rows = Array.from({ length: 1_048_575 }, (_, i) => (i === 7 ? [1, 2, 3] : [1]));
    const d = new PlanDraft("cohorts", "Tall");
    expect(d.values(2, 1, rows)).toEqual({ row: 2, column: 1, rows: 1_048_575, columns: 3 });
    expect(d.formulas(2, 5, rows).columns).toBe(3);
    expect(planCellCount(d.done())).toBe(2 * (1_048_575 + 2));
  });

  it("widestRow: the longest row, at least the minimum, of any size", () => {
    expect(widestRow([[1], [1, 2], []])).toBe(2);
    expect(widestRow([], 1)).toBe(1);
    expect(widestRow(Array.from({ length: 2_000_000 }, () => [0, 0]))).toBe(2);
  });
});
