/**
 * Custom-function metadata, generated through the API (the CLI exits 0 even when it reports errors:
 * DESIGN §6). Every function and parameter must be described for users who know Excel better than
 * statistics; ids are upper case and stable forever once released, hence the golden list.
 */
import { readdirSync } from "node:fs";
import { resolve } from "node:path";
import { generateCustomFunctionsMetadata } from "custom-functions-metadata";
import { beforeAll, describe, expect, it } from "vitest";
import type { FunctionMetadata } from "../support/bundle";
import { GOLDEN_IDS } from "./goldenIds";

const ROOT = resolve(__dirname, "..", "..");
const functionFiles = readdirSync(resolve(ROOT, "src/functions"))
  .filter((f) => f.endsWith(".ts"))
  .sort()
  .map((f) => resolve(ROOT, "src/functions", f));

let errors: string[] = [];
let functions: FunctionMetadata[] = [];
beforeAll(async () => {
  const result = await generateCustomFunctionsMetadata(functionFiles);
  errors = result.errors;
  functions = result.metadataJson ? (JSON.parse(result.metadataJson) as { functions: FunctionMetadata[] }).functions : [];
}, 120_000);

describe("custom-functions metadata", () => {
  it("generates without errors", () => {
    expect(errors).toEqual([]);
  });

  it("declares exactly the golden list of ids (ids are never renamed once released)", () => {
    expect(functions.map((f) => f.id).sort()).toEqual([...GOLDEN_IDS].sort());
  });

  it("uses upper-case ids of at least three characters, equal to their names", () => {
    for (const f of functions) {
      expect(f.id).toMatch(/^[A-Z][A-Z0-9._]{2,127}$/);
      expect(f.name).toBe(f.id);
    }
  });

  it("describes every function and every parameter, and links each to its reference section", () => {
    for (const f of functions) {
      expect(f.description?.length ?? 0, `${f.id} description`).toBeGreaterThan(20);
      expect(f.helpUrl, `${f.id} helpUrl`).toBe(`https://localhost:3000/reference.html#${f.id.toLowerCase().replace(/\./g, "-")}`);
      for (const p of f.parameters) expect(p.description?.length ?? 0, `${f.id}(${p.name}) description`).toBeGreaterThan(5);
    }
  });

  it("keeps a typed result (functions throw errors instead of returning a union)", () => {
    for (const f of functions) expect(f.result.type ?? f.result.dimensionality, `${f.id} result`).toBeDefined();
  });

  it("puts optional parameters after required ones", () => {
    for (const f of functions) {
      const firstOptional = f.parameters.findIndex((p) => p.optional);
      if (firstOptional >= 0) expect(f.parameters.slice(firstOptional).every((p) => p.optional), f.id).toBe(true);
    }
  });
});
