/**
 * The sample data sets are byte-identical copies of the files named in samples/SOURCES.md; the sha256
 * sums below are the ones listed there for the lifetimes repository's files.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { samplePath } from "./support/samples";

const SHA256: Record<string, string> = {
  "CDNOW_sample.txt": "6fae10155c0b0ba363c2c386e30f77990d22328220efd862a5edd1443420d94a",
  "cdnow_customers_summary.csv": "09d92ca80daaabe8be0f997d4c539f9c9606106baa5b199081fe01cbce5fa9f6",
  "donations.csv": "82c25f26a201ff047e1cd5fe3d7967a45db92a025ecedee72ff8940e50104544",
};

describe("samples/", () => {
  it.each(Object.entries(SHA256))("%s is the published copy (sha256 in samples/SOURCES.md)", (file, sum) => {
    expect(createHash("sha256").update(readFileSync(samplePath(file))).digest("hex")).toBe(sum);
    expect(readFileSync(samplePath("SOURCES.md"), "utf8")).toContain(sum);
  });
});
