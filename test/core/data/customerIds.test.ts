/**
 * The report order of customer ids (customerIds.ts): the radix sort of text ids and the direct
 * placement of whole-number ids against the reference comparison, `compareCustomerIds` used as a
 * comparator (brute force on seeded random ids: case variants that tie ignoring case, prefixes,
 * varying lengths, common prefixes, non-ASCII and over-long ids that take the comparison path).
 */
import { describe, expect, it } from "vitest";
import { compareCustomerIds, reportOrder, sortTexts, type CustomerId } from "../../../src/core/data/customerIds";
import { createRng } from "../../../src/core/math/random";

/** Uniform numbers from the project's seeded generator, so the random ids are the same on every run. */
function uniforms(seed: number): () => number {
  const generator = createRng(seed);
  return () => generator.uniform();
}

/** The reference: ids sorted with the comparator. */
function referenceOrder(ids: readonly CustomerId[]): CustomerId[] {
  return [...ids].sort(compareCustomerIds);
}

function distinct<T>(values: T[]): T[] {
  return [...new Set(values)];
}

/** Random text ids over a small alphabet so that prefixes, case variants and common prefixes occur. */
function randomTexts(r: () => number, n: number, alphabet: string, maxLength: number, prefix = ""): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const length = 1 + Math.floor(r() * maxLength);
    let s = prefix;
    for (let j = 0; j < length; j++) s += alphabet[Math.floor(r() * alphabet.length)];
    out.push(s);
  }
  return distinct(out);
}

describe("sortTexts (radix path) agrees with the comparator on random ids", () => {
  const cases: [string, string, number, string][] = [
    ["letters of both cases (ties ignoring case, prefixes)", "aAbB", 6, ""],
    ["digits, punctuation and letters around the upper/lower-case boundary", "09@AZ[_`az{~ -", 5, ""],
    ["a common prefix and fixed-looking ids", "0123456789", 6, "C"],
    ["printable ASCII", Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join(""), 8, ""],
    ["lengths up to 48 (the key rows widen from 16 as longer ids come)", "abAB01", 48, ""],
  ];
  for (const [name, alphabet, maxLength, prefix] of cases) {
    for (const seed of [11, 12]) {
      it(`${name}, seed ${seed}`, () => {
        const r = uniforms(seed);
        const texts = randomTexts(r, 3000, alphabet, maxLength, prefix);
        expect(texts.length).toBeGreaterThan(64);
        const order = sortTexts(texts);
        expect(Array.from(order, (i) => texts[i])).toEqual(referenceOrder(texts));
      });
    }
  }

  it("non-ASCII ids and ids longer than the radix width take the comparison path with the same order", () => {
    const r = uniforms(13);
    const accented = randomTexts(r, 500, "aAéÉbß", 4);
    expect(Array.from(sortTexts(accented), (i) => accented[i])).toEqual(referenceOrder(accented));
    const long = randomTexts(r, 200, "aB", 60, "x".repeat(40));
    expect(long.some((s) => s.length > 48)).toBe(true);
    expect(Array.from(sortTexts(long), (i) => long[i])).toEqual(referenceOrder(long));
  });

  it("puts ids that differ only in case in exact-text order ('A' before 'a'), also in long runs", () => {
    const texts = distinct(["ab", "aB", "Ab", "AB", "a", "A", "abc", "ABC", "b", "B", ...Array.from({ length: 100 }, (_, i) => `id${i}`)]);
    const sorted = Array.from(sortTexts(texts), (i) => texts[i]);
    expect(sorted.slice(0, 8)).toEqual(["A", "a", "AB", "Ab", "aB", "ab", "ABC", "abc"]);
    expect(sorted).toEqual(referenceOrder(texts));
  });
});

describe("reportOrder: numbers first, then text, rank consistent with the sorted list", () => {
  function check(ids: CustomerId[]): void {
    const { rank, sorted } = reportOrder(ids);
    expect(sorted).toEqual(referenceOrder(ids));
    ids.forEach((id, i) => expect(sorted[rank[i]]).toBe(id));
  }

  it("dense whole numbers (direct placement), sparse and fractional numbers, negative ids, mixed with text", () => {
    const r = uniforms(21);
    const dense = distinct(Array.from({ length: 2000 }, () => 1 + Math.floor(r() * 3000)));
    check(dense);
    check(dense.map((v) => v - 1500));
    check(distinct(Array.from({ length: 500 }, () => Math.floor(r() * 1e9))));
    check(distinct(Array.from({ length: 500 }, () => Math.round(r() * 1e4) / 100)));
    check([...dense.slice(0, 300), ...randomTexts(r, 300, "aAbB01", 5)].sort(() => r() - 0.5));
    check([5, 3, "b", "A"]);
  });
});
