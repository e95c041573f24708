/**
 * ValueCoder against the reference it replaces: a JavaScript Map, whose key equality (SameValueZero)
 * defines which cells are the same value. Codes must be the Map's first-appearance indices, exactly.
 */
import { describe, expect, it } from "vitest";
import { ValueCoder, encodeValues } from "../../../src/core/data/valueCodes";
import { createRng } from "../../../src/core/math/random";

/** First-appearance codes by a Map: the reference. */
function mapCodes(column: readonly unknown[]): { codes: number[]; values: unknown[] } {
  const seen = new Map<unknown, number>();
  const values: unknown[] = [];
  const codes = column.map((v) => {
    let code = seen.get(v);
    if (code === undefined) {
      code = values.length;
      values.push(v);
      seen.set(v, code);
    }
    return code;
  });
  return { codes, values };
}

/** A column of `rows` cells drawn from `distinct` texts and numbers, with fresh string objects per cell. */
function column(rows: number, distinct: number, seed: number): unknown[] {
  const rng = createRng(seed);
  const out: unknown[] = [];
  for (let i = 0; i < rows; i++) {
    const k = Math.floor(rng.uniform() * distinct);
    // Built anew for each cell (as Excel passes them), so equal texts are usually different objects.
    out.push(k % 7 === 0 ? k : ["C", String(k).padStart(6, "0")].join(""));
  }
  return out;
}

describe("ValueCoder: the same codes as a Map (SameValueZero), in order of first appearance", () => {
  it("200,000 cells of 30,000 values: texts (fresh objects per cell) and numbers, through several table growths", () => {
    const cells = column(200_000, 30_000, 11);
    const reference = mapCodes(cells);
    const coded = encodeValues(cells);
    expect(coded.values).toEqual(reference.values);
    expect(Array.from(coded.codes)).toEqual(reference.codes);
  });

  it("edge values: 0 and -0 are one value, NaN is one value, 1 and '1' are two, '' and ' ' are texts, case matters", () => {
    const cells = [0, -0, NaN, NaN, 1, "1", "", " ", "a", "A", "a", null, undefined, null, true, "é", "e\u0301"];
    const reference = mapCodes(cells);
    const coder = new ValueCoder();
    expect(cells.map((v) => coder.code(v))).toEqual(reference.codes);
    expect(coder.values).toEqual(reference.values);
    // 0 and -0 share code 0; the two spellings of é are different texts (no normalisation).
    expect(reference.codes.slice(0, 4)).toEqual([0, 0, 1, 1]);
    expect(new Set(reference.codes).size).toBe(13);
  });

  it("texts whose hashes agree in the table's bits still get their own codes (every candidate is compared)", () => {
    // 5,000 texts in a table of 4,096 slots before it grows: many share a home slot and a tag byte.
    const cells: string[] = [];
    for (let round = 0; round < 3; round++) for (let k = 0; k < 5_000; k++) cells.push(`id-${k}`);
    const coded = encodeValues(cells);
    expect(coded.values.length).toBe(5_000);
    expect(Array.from(coded.codes)).toEqual(cells.map((_, i) => i % 5_000));
  });

  it("texts beyond the table's capacity of codes go through a Map with the same result", () => {
    const cells = column(5_000, 400, 12);
    const reference = mapCodes(cells);
    const coder = new ValueCoder(50); // only the first 50 codes in the table
    expect(cells.map((v) => coder.code(v))).toEqual(reference.codes);
    expect(coder.values).toEqual(reference.values);
  });
});
