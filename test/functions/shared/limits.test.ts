/**
 * The payload estimate of Excel's result limit (limits.ts): a number's length is counted without
 * formatting whole numbers below 1e15; it must equal the length of the number's JavaScript text, which
 * is what JSON writes (checked here against String(x) on edge cases and seeded random values). A table
 * checked as columns before it is built (tableFromColumns) must get exactly the verdict and message
 * that the finished table gets from the guard, on both sides of the budget.
 */
import { describe, expect, it } from "vitest";
import { numberLength } from "../../../src/functions/shared/limits";
import { guard, table, tableFromColumns } from "../../../src/functions/shared/args";
import { createRng } from "../../../src/core/math/random";

describe("numberLength", () => {
  it("equals String(x).length at powers of ten, their neighbours, signs, zero and large or fractional values", () => {
    const values: number[] = [0, -0, 1, -1, 9, 10, 11, 99, 100, 999_999_999_999_999, 1e15, -1e15, 1e15 - 1, -(1e15 - 1), 1e21, 1e22, 0.1, -2.5, 1 / 3, 5e-7, 2 ** 53];
    for (let p = 0; p <= 16; p++) values.push(10 ** p, 10 ** p - 1, 10 ** p + 1, -(10 ** p), -(10 ** p) + 1);
    for (const x of values) expect(numberLength(x), String(x)).toBe(String(x).length);
  });

  it("equals String(x).length on seeded random whole and fractional numbers of every magnitude", () => {
    const g = createRng(7);
    for (let i = 0; i < 20_000; i++) {
      const magnitude = 10 ** Math.floor(g.uniform() * 18);
      const whole = Math.floor(g.uniform() * magnitude) * (g.uniform() < 0.3 ? -1 : 1);
      const fraction = (g.uniform() - 0.5) * magnitude;
      expect(numberLength(whole)).toBe(String(whole).length);
      expect(numberLength(fraction)).toBe(String(fraction).length);
    }
    // Again, from the cache of formatted lengths, over values that repeat (k / 7) and collide in it.
    for (let k = 0; k < 20_000; k++) {
      const x = (k % 3000) / 7 + (k % 5) * 1e-9;
      expect(numberLength(x)).toBe(String(x).length);
    }
  });
});

/** What the guard answers for a result: its row count, or the error message. */
function verdict(f: () => unknown[][]): string {
  try {
    return `${guard(f).length} rows`;
  } catch (e) {
    return (e as { message: string }).message;
  }
}

describe("tableFromColumns: the columnar check agrees with the guard's check of the built table", () => {
  it("at the 4.8 MB budget, with and without headers, with blanks and non-finite cells", () => {
    // A row [1/3, "ab", 7] is 3 + (18 + 1) + (2 + 3) + (1 + 1) = 29 bytes: the budget falls near 165,517 rows.
    for (const n of [165_515, 165_516, 165_517, 165_518, 200_000]) {
      for (const headers of [true, false]) {
        const a = new Float64Array(n).fill(1 / 3);
        const b = new Array<string | null>(n).fill("ab");
        const c = new Float64Array(n).fill(7);
        b[5] = null;
        c[9] = Infinity;
        const head = ["x", "y", "z"];
        const rows = Array.from({ length: n }, (_, i) => [a[i], b[i], c[i]]);
        const fromRows = verdict(() => table(head, rows, headers));
        const fromColumns = verdict(() => tableFromColumns(head, [a, b, c], n, headers));
        expect(fromColumns).toBe(fromRows);
      }
    }
    expect(verdict(() => tableFromColumns(["x"], [new Float64Array(300_000).fill(1 / 3)], 300_000, true))).toMatch(
      /^The result would be 300,001 rows by 1 column, about 4\.8 MB or more, over the 5 MB/,
    );
  });

  it("builds the same cells as table() (non-finite numbers become error cells, blanks empty text)", () => {
    const built = guard(() => tableFromColumns(["a", "b"], [["p", null], new Float64Array([1.5, NaN])], 2, true));
    const reference = guard(() => table(["a", "b"], [["p", 1.5], [null, NaN]], true));
    expect(built).toEqual(reference);
    expect(guard(() => tableFromColumns(["a", "b"], [[], []], 0, false))).toEqual([["", ""]]);
  });
});
