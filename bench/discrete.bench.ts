/**
 * Discrete-time and contractual models: BG/BB fit on the donations data (22 patterns,
 * 11,104 donors) and on 100k simulated customers, sBG fit on FH2007's cohort, the same fits through
 * the worksheet functions, simulation of 100k customers and of a 100k-customer transaction log.
 * Figures are printed (median ms, peak heap), never asserted.
 */
import { beforeAll, describe, it } from "vitest";
import { measure } from "./harness";
import { readSampleCsv } from "../test/support/samples";
import { bgbb, bgbbSimulate } from "../src/core/models/bgbb";
import { bgnbd } from "../src/core/models/bgnbd";
import { makeCountData } from "../src/core/models/compress";
import { findModel, registerModel } from "../src/core/models/registry";
import { prepareSurvivors, sbg } from "../src/core/models/sbg";
import { createRng } from "../src/core/math/random";
import { hyp2f1, lgamma, tricomiU } from "../src/core/math/special";
import { simulateBgbb } from "../src/core/simulate/histories";
import { simulateTransactions } from "../src/core/simulate/transactions";
import { bgbbFit, sbgFit, simulate } from "../src/functions/discrete";

const REGULAR = [1000, 631, 468, 382, 326, 289, 262, 241];

beforeAll(() => {
  if (!findModel("sBG")) registerModel(sbg);
});

describe("discrete-time and contractual models", () => {
  it("BG/BB fit on the donations data", async () => {
    const rows = readSampleCsv("donations.csv");
    const d = makeCountData(
      rows.map((r) => r.frequency as number),
      rows.map((r) => r.recency as number),
      rows.map((r) => r.periods as number),
      rows.map((r) => r.weights as number),
      { discrete: true },
    );
    await measure("BG/BB fit, donations (22 patterns, 11,104 donors)", () => bgbb.fit(d));
    const col = (k: string) => rows.map((r) => [r[k]]);
    await measure("CLV.BGBB.FIT, donations", () => bgbbFit(col("frequency"), col("recency"), col("periods"), col("weights")));
  });

  it("BG/BB fit on 100k simulated customers (n = 12, uncompressed rows)", async () => {
    const sim = bgbbSimulate({ alpha: 1.2, beta: 0.75, gamma: 0.66, delta: 2.78 }, new Float64Array(100_000).fill(12), createRng(1));
    const d = makeCountData(sim.x, sim.tx, sim.T, undefined, { discrete: true });
    await measure("BG/BB fit, 100k simulated customers", () => bgbb.fit(d), 5);
  });

  it("sBG fit", async () => {
    const d = prepareSurvivors(REGULAR).data;
    await measure("sBG fit, FH2007 regular cohort (7 periods)", () => sbg.fit(d));
    await measure("CLV.SBG.FIT, FH2007 regular cohort", () => sbgFit(REGULAR.map((v) => [v])));
  });

  it("simulate 100k customers", async () => {
    const bgnbdTable = [
      ["model", "BG/NBD"],
      ["r", 0.243],
      ["alpha", 4.414],
      ["a", 0.793],
      ["b", 2.426],
    ];
    await measure("simulateBgbb, 100k customers, n = 6", () => simulateBgbb({ alpha: 1.2, beta: 0.75, gamma: 0.66, delta: 2.78 }, 100_000, 6, createRng(3)));
    await measure("CLV.SIMULATE BG/NBD, 100k customers, T = 39 weeks", () => simulate(bgnbdTable, 100_000, 39, 1));
    await measure("simulateTransactions BG/NBD + Gamma-Gamma, 100k customers, 1 year", () =>
      simulateTransactions({ model: bgnbd, params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } }, { p: 6.25, q: 3.74, gamma: 15.44 }, 100_000, 45292, 45657, 9),
    );
  });

  it("special functions (1e5 calls each)", async () => {
    await measure("lgamma ×1e5", () => {
      let s = 0;
      for (let i = 1; i <= 100_000; i++) s += lgamma(i * 0.01);
      return s;
    });
    await measure("hyp2f1 ×1e4 (z in (0, 0.99))", () => {
      let s = 0;
      for (let i = 0; i < 10_000; i++) s += hyp2f1(1.3, 2.1, 3.7, (i / 10_000) * 0.99);
      return s;
    });
    await measure("tricomiU ×1e3 (Pareto/NBD DERT shape U(s, s; z))", () => {
      let s = 0;
      for (let i = 1; i <= 1000; i++) s += tricomiU(0.6, 0.6, i * 0.01);
      return s;
    });
  });
});
