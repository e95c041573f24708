/**
 * The function reference (docs/functions.md) is generated from the metadata and the worked examples;
 * this test fails when someone changed a function's doc comment or example without regenerating it
 * (`npm run docs`).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
// @ts-expect-error: plain JavaScript module without type declarations
import { REFERENCE_PATH, loadInputs, renderReference } from "../scripts/generate-docs.mjs";
import { ensureBuilt } from "./support/bundle";

describe("docs/functions.md", () => {
  it("is up to date with functions.json and docs/examples/*.json", () => {
    ensureBuilt();
    const { functions, examples, notes } = loadInputs();
    const expected = renderReference(functions, examples, notes);
    expect(readFileSync(REFERENCE_PATH, "utf8"), "run `npm run docs` to regenerate docs/functions.md").toBe(expected);
  });

  it("mentions every function with its anchor", () => {
    const text = readFileSync(REFERENCE_PATH, "utf8");
    for (const f of loadInputs().functions as { id: string; name: string }[]) {
      expect(text).toContain(`### CLV.${f.name}`);
      expect(text).toContain(`<a id="${f.id.toLowerCase().replace(/\./g, "-")}"></a>`);
    }
  });
});
