/** Benchmark of the unit-economics functions (cheap closed forms: a sanity baseline for the harness). */
import { describe, it } from "vitest";
import { payback, simple } from "../src/functions/economics";
import { measure } from "./harness";

describe("unit economics", () => {
  it("100k CLV.SIMPLE and CLV.PAYBACK calls", async () => {
    await measure("CLV.SIMPLE × 100k (function path)", () => {
      let s = 0;
      for (let i = 0; i < 100_000; i++) s += simple(100, 0.5 + (i % 40) / 100, 0.1, null, null)[0][0] as number;
      return s;
    });
    await measure("CLV.PAYBACK × 100k (function path)", () => {
      let s = 0;
      for (let i = 0; i < 100_000; i++) s += payback(100 + (i % 50), 10, 0.95, 0.01)[0][0] as number;
      return s;
    });
  });
});
