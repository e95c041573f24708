/**
 * Headless host test: the built bundle, loaded in a bare JavaScript context with only the
 * CustomFunctions and Office globals, binds every function listed in functions.json and answers every
 * worked example in docs/examples/*.json, through the function's Excel id.
 */
import { beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error: plain JavaScript module without type declarations
import { loadExamples } from "../../scripts/generate-docs.mjs";
import { loadBundle, type LoadedBundle } from "../support/bundle";
import { isSampleColumnRef, sampleColumn } from "../support/sampleDatasets";

interface Example {
  formula: string;
  args: unknown[];
  value?: number | string | boolean;
  tolerance?: number;
  error?: string;
  cells?: [number, number, number | string | boolean, number?][];
  rows?: number;
  source: string;
}
const examples = loadExamples() as Record<string, Example[]>;

let bundle: LoadedBundle;
beforeAll(() => {
  bundle = loadBundle();
});

async function settle(id: string, args: unknown[]): Promise<{ value?: unknown; error?: { code: string; message: string } }> {
  try {
    return { value: await bundle.call(id, args) };
  } catch (e) {
    return { error: e as { code: string; message: string } };
  }
}

describe("the built bundle in a bare host", () => {
  it("binds every function of functions.json through CustomFunctions.associate", () => {
    const bound = [...bundle.customFunctions.registry.keys()].sort();
    expect(bound).toEqual(bundle.metadata.map((f) => f.id).sort());
    expect(bound.length).toBeGreaterThan(0);
  });

  it("follows Excel's message rule: an overflow is a bare #NUM!, and the host refuses a message on #NUM!", async () => {
    // 1e308 / 1e-300 overflows double precision: the one self-evident #NUM!.
    // (A scalar call throws the error; a call that spills returns it as the cell.)
    const { value, error } = await settle("LTV_CAC", [1e308, 1e-300]);
    expect(error ?? (value as unknown[][])?.[0]?.[0]).toMatchObject({ code: "#NUM!", message: "" });
    // The stub host behaves as the rule says Excel does: a message is shown only with #VALUE! and #N/A.
    const cf = bundle.customFunctions;
    expect(() => new cf.Error(cf.ErrorCode.invalidNumber, "explained")).toThrow(/only #VALUE! and #N\/A/);
    expect(() => new cf.Error(cf.ErrorCode.divisionByZero, "explained")).toThrow(/only #VALUE! and #N\/A/);
    expect(new cf.Error(cf.ErrorCode.notAvailable, "explained").message).toBe("explained");
  });

  it("has at least one worked example for every function", () => {
    const missing = bundle.metadata.map((f) => f.id).filter((id) => !(examples[id]?.length > 0));
    expect(missing).toEqual([]);
  });

  it("passes objects only as references to a column of a sample data set", () => {
    // Excel never passes an object: any other object among the arguments is a typo in an example.
    const stray = Object.entries(examples).flatMap(([id, cases]) =>
      cases.flatMap((c) => c.args.filter((a) => typeof a === "object" && a !== null && !Array.isArray(a) && !isSampleColumnRef(a)).map((a) => `${id}: ${JSON.stringify(a)}`)),
    );
    expect(stray).toEqual([]);
  });

  describe.each(Object.entries(examples))("CLV.%s", (id, cases) => {
    const run = async (example: Example) => {
      const args = example.args.map((a) => (isSampleColumnRef(a) ? sampleColumn(a) : a));
      const { value, error } = await settle(id, args);
      if (example.error) {
        expect(error, `expected ${example.error}, got ${JSON.stringify(value)}`).toBeDefined();
        expect(error!.code).toBe(example.error);
        // Excel shows a custom message only with #VALUE! and #N/A (CustomFunctions.ErrorCode reference):
        // those must explain themselves; a #NUM! carries none (the stub refuses one).
        if (example.error === "#VALUE!" || example.error === "#N/A") expect(error!.message.length).toBeGreaterThan(10);
        else expect(error!.message).toBe("");
        return;
      }
      expect(error, error ? `${error.code} ${error.message}` : "").toBeUndefined();
      if (example.value !== undefined) {
        // A function that spills one result per row answers a single value as a 1 x 1 array.
        const single = Array.isArray(value) && value.length === 1 && Array.isArray(value[0]) && value[0].length === 1 ? value[0][0] : value;
        if (typeof example.value === "number") expect(Math.abs((single as number) - example.value)).toBeLessThanOrEqual(example.tolerance ?? 0);
        else expect(single).toEqual(example.value);
      }
      if (example.rows !== undefined) expect((value as unknown[][]).length).toBe(example.rows);
      for (const [r, c, expected, tol] of example.cells ?? []) {
        const cell = (value as unknown[][])[r]?.[c];
        if (typeof expected === "number") expect(Math.abs((cell as number) - expected), `cell [${r}, ${c}] = ${String(cell)}`).toBeLessThanOrEqual(tol ?? 0);
        else expect(cell, `cell [${r}, ${c}]`).toEqual(expected);
      }
    };
    it.each(cases.map((c) => [c.formula, c] as const))("%s", (_formula, example) => run(example));
  });
});
