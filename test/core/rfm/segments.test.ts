import { describe, expect, it } from "vitest";
import { RFM_SEGMENTS, RFM_SEGMENT_GRID, RFM_SEGMENT_DESCRIPTIONS, rfmSegment, rfmSegmentGridMarkdown, rfmSegmentGridTable, toFivePointScale } from "../../../src/core/rfm";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";

describe("RFM segment grid (src/core/rfm/segments.ts)", () => {
  it("maps every (R, F) cell as the documented grid says", () => {
    // The grid written out here independently of the exported data, row R = 5 first.
    const expected = [
      ["New", "Potential loyalists", "Potential loyalists", "Champions", "Champions"],
      ["Promising", "Potential loyalists", "Potential loyalists", "Loyal", "Loyal"],
      ["About to sleep", "About to sleep", "Need attention", "Loyal", "Loyal"],
      ["Hibernating", "Hibernating", "At risk", "At risk", "Can't lose them"],
      ["Lost", "Hibernating", "At risk", "At risk", "Can't lose them"],
    ];
    for (let r = 1; r <= 5; r++) for (let f = 1; f <= 5; f++) expect(rfmSegment(r, f), `R${r} F${f}`).toBe(expected[5 - r][f - 1]);
    expect(RFM_SEGMENT_GRID).toEqual(expected);
  });

  it("uses all eleven named segments, each described", () => {
    expect(new Set(RFM_SEGMENT_GRID.flat())).toEqual(new Set(RFM_SEGMENTS));
    expect(RFM_SEGMENTS.length).toBe(11);
    for (const s of RFM_SEGMENTS) expect(RFM_SEGMENT_DESCRIPTIONS[s].length).toBeGreaterThan(10);
  });

  it("the doc-comment table in segments.ts matches the exported grid", () => {
    const source = readFileSync(resolve(__dirname, "../../../src/core/rfm/segments.ts"), "utf8");
    for (const [i, row] of RFM_SEGMENT_GRID.entries()) {
      const line = source.split("\n").find((l) => l.startsWith(` * | ${5 - i}     |`));
      expect(line, `doc row R=${5 - i}`).toBeDefined();
      const cells = line!.split("|").slice(2, 7).map((c) => c.trim());
      expect(cells).toEqual(row);
    }
  });

  it("prints as a table with a header row", () => {
    const t = rfmSegmentGridTable();
    expect(t[0]).toEqual(["R \\ F", 1, 2, 3, 4, 5]);
    expect(t[1]).toEqual([5, "New", "Potential loyalists", "Potential loyalists", "Champions", "Champions"]);
    expect(t.length).toBe(6);
    const md = rfmSegmentGridMarkdown().split("\n");
    expect(md[0]).toBe("| R \\ F | 1 | 2 | 3 | 4 | 5 |");
    expect(md[1]).toBe("| --- | --- | --- | --- | --- | --- |");
    expect(md[6]).toBe("| 1 | Lost | Hibernating | At risk | At risk | Can't lose them |");
  });

  it("with M, uses the rounded mean of F and M as the column (halves up)", () => {
    expect(rfmSegment(5, 3, 5)).toBe("Champions"); // (3 + 5) / 2 = 4
    expect(rfmSegment(5, 3, 4)).toBe("Champions"); // 3.5 -> 4
    expect(rfmSegment(5, 3, 3)).toBe("Potential loyalists");
    expect(rfmSegment(2, 5, 1)).toBe("At risk"); // 3
  });

  it("maps other scales to 1..5 through the middle of each band", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9].map((s) => toFivePointScale(s, 9))).toEqual([1, 1, 2, 2, 3, 4, 4, 5, 5]);
    expect([1, 2, 3].map((s) => toFivePointScale(s, 3))).toEqual([1, 3, 5]);
    expect(rfmSegment(3, 3, undefined, 3)).toBe("Champions");
    expect(rfmSegment(1, 1, undefined, 3)).toBe("Lost");
  });

  it("refuses scores outside 1..bins", () => {
    expect(() => rfmSegment(6, 1)).toThrow("r is 6; a score is a whole number from 1 to 5");
    expect(() => rfmSegment(2, 1.5)).toThrow("f is 1.5; a score is a whole number from 1 to 5");
    expect(() => rfmSegment(2, 2, 0)).toThrow("m is 0");
  });
});
