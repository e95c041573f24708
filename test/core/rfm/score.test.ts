/**
 * Quantile scores: score = 1 + floor(bins × count strictly below / n) (src/core/rfm/score.ts).
 * Hand examples, then properties checked by brute force on seeded random data.
 */
import { describe, expect, it } from "vitest";
import { quantileScores, rfmScores } from "../../../src/core/rfm";
import { ClvError } from "../../../src/core/errors";
import { createRng } from "../../../src/core/math/random";

const scores = (v: number[], bins = 5, desc = false) => Array.from(quantileScores(v, bins, desc));

describe("quantile scores (hand-computed)", () => {
  it("balances bins without ties: 10 values -> two per score, 12 values -> sizes 3,2,3,2,2", () => {
    expect(scores([5, 1, 9, 3, 7, 2, 10, 4, 8, 6])).toEqual([3, 1, 5, 2, 4, 1, 5, 2, 4, 3]);
    // below = 0..11: floor(5·below/12) = 0,0,0,1,1,2,2,2,3,3,4,4
    const twelve = scores([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(twelve).toEqual([1, 1, 1, 2, 2, 3, 3, 3, 4, 4, 5, 5]);
  });

  it("gives equal values the same score: 6 of 10 customers with one purchase all score 1", () => {
    // below: 1 -> 0; 2 -> 6; 3 -> 7; 5 -> 8; 8 -> 9  => 1, 4, 4, 5, 5
    expect(scores([1, 1, 1, 1, 1, 1, 2, 3, 5, 8])).toEqual([1, 1, 1, 1, 1, 1, 4, 4, 5, 5]);
    // a tie at the top: below = 0, 1, 2 for 1, 2, 3 (scores 1, 1 + floor(5/7) = 1, 1 + floor(10/7) = 2)
    // and 3 for the four 9s: 1 + floor(15/7) = 3 (no 4s or 5s: the tie cannot be split)
    expect(scores([1, 2, 3, 9, 9, 9, 9])).toEqual([1, 1, 2, 3, 3, 3, 3]);
    expect(scores([4, 4, 4])).toEqual([1, 1, 1]);
  });

  it("reverses recency: fewer days since the last purchase score higher", () => {
    expect(scores([0, 10, 20, 30, 40, 50, 60, 70, 80, 90], 5, true)).toEqual([5, 5, 4, 4, 3, 3, 2, 2, 1, 1]);
    expect(scores([3, 3, 100], 5, true)).toEqual([2, 2, 1]); // two recent ties: 1 value above them -> 1 + floor(5/3)
  });

  it("scores NaN (blank) rows 0 and leaves them out of n", () => {
    expect(scores([NaN, 1, 2, NaN, 3, 4, 5])).toEqual([0, 1, 2, 0, 3, 4, 5]);
  });

  it("combines R, F, M into a code and refuses bins outside 2..9", () => {
    const s = rfmScores([1, 30, 60], [5, 2, 1], [500, 120, 40], 3);
    expect(s.code).toEqual(["333", "222", "111"]);
    expect(() => rfmScores([1], [1], [1], 10)).toThrow(ClvError);
    expect(() => quantileScores([1], 1)).toThrow("bins is 1; use a whole number from 2 to 9");
  });
});

/** Uniform numbers from the project's seeded generator, so the random data are the same on every run. */
function uniforms(seed: number): () => number {
  const generator = createRng(seed);
  return () => generator.uniform();
}

describe("quantile score properties (brute force on seeded random data)", () => {
  it("ties share a score, scores never decrease with the value, and match the O(n^2) definition", () => {
    const r = uniforms(7);
    for (const bins of [2, 3, 5, 9]) {
      const values = Array.from({ length: 500 }, () => Math.floor(r() * 40)); // many ties
      const s = scores(values, bins);
      let mismatches = 0;
      values.forEach((v, i) => {
        const below = values.filter((w) => w < v).length;
        if (s[i] !== Math.min(bins, 1 + Math.floor((bins * below) / values.length))) mismatches++;
        values.forEach((w, j) => {
          if (w === v && s[j] !== s[i]) mismatches++;
          if (w > v && s[j] < s[i]) mismatches++;
        });
      });
      expect(mismatches, `bins=${bins}`).toBe(0);
    }
  });

  it("without ties, bin sizes differ by at most one for every n and bins", () => {
    for (let n = 1; n <= 60; n++) {
      for (const bins of [2, 3, 4, 5, 7, 9]) {
        const values = Array.from({ length: n }, (_, i) => (i * 7919) % 10007); // distinct
        const counts = new Array(bins).fill(0);
        for (const s of scores(values, bins)) counts[s - 1]++;
        const used = n >= bins ? counts : counts.filter((c) => c > 0);
        expect(used.reduce((a, b) => Math.max(a, b), -Infinity) - used.reduce((a, b) => Math.min(a, b), Infinity), `n=${n} bins=${bins}`).toBeLessThanOrEqual(1);
      }
    }
  });
});
