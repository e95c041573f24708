/**
 * Reliability at the edges (DESIGN §3: never hang, never crash, Excel's limits): the attacks that once
 * crashed the runtime, blocked it for a minute or returned results Excel cannot take, each answered
 * with a clear error or a right number.
 *
 * The simulator cases run the BUILT bundle in a child Node process with a memory cap
 * (--max-old-space-size), in the process's own realm as Excel's JavaScript runtime would run it: a
 * simulator that kept every purchase time (10^12 purchases a week) would abort that process ("invalid
 * size", heap out of memory) instead of this one, and the test would see the crash. A generous timeout
 * guards against a hang; no speed is asserted (bench/ measures time).
 */
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { DIST, ensureBuilt } from "../support/bundle";
import { cohort, summary } from "../../src/functions/data";
import { bgnbdFit, expected, ggFit, palive, paretoFit } from "../../src/functions/models";
import { cdnowSummary, relDiff } from "../core/models/helpers";
import { cdnowSpend } from "../core/models/cdnowSpend";
import { paretoNbd } from "../../src/core/models/paretonbd";
import { createRng } from "../../src/core/math/random";

/** Heap of the child process: far below what keeping 10^13 purchase times would need. */
const CHILD_HEAP_MB = 256;
/** Hang guard for one child (start-up, bundle load and the call). */
const CHILD_TIMEOUT_MS = 60_000;

/**
 * The child: binds the bundle's functions through a minimal CustomFunctions stand-in, calls one, and
 * prints what came back (a summary of large tables) or the error's code and message.
 */
const CHILD = `
const registry = new Map();
class CFError extends Error { constructor(code, message) { super(message); this.code = code; } }
globalThis.CustomFunctions = {
  Error: CFError,
  ErrorCode: { invalidValue: "#VALUE!", notAvailable: "#N/A", invalidNumber: "#NUM!", divisionByZero: "#DIV/0!", nullReference: "#NULL!", invalidName: "#NAME?", invalidReference: "#REF!", gettingData: "#GETTING_DATA" },
  associate(idOrMap, fn) {
    if (typeof idOrMap === "string") registry.set(idOrMap.toUpperCase(), fn);
    else for (const [k, f] of Object.entries(idOrMap)) registry.set(k.toUpperCase(), f);
  },
};
globalThis.Office = { onReady: (cb) => (cb && cb(), Promise.resolve({})) };
require(process.env.BUNDLE);
const { id, args } = JSON.parse(process.env.CALL);
Promise.resolve()
  .then(() => registry.get(id)(...args))
  .then((rows) => {
    const body = rows.slice(1);
    const col = (k) => body.map((r) => r[k]);
    const mean = (v) => v.reduce((a, b) => a + b, 0) / v.length;
    const x = col(rows[0].indexOf("frequency")), tx = col(rows[0].indexOf("recency"));
    const m = mean(x);
    const varX = x.reduce((a, b) => a + (b - m) ** 2, 0) / Math.max(1, x.length - 1);
    process.stdout.write(JSON.stringify({ rows: rows.length, header: rows[0], first: rows[1], meanX: m, varX, maxTx: Math.max.apply(null, tx.slice(0, 1000)), allFinite: body.every((r) => r.every((c) => typeof c !== "number" || Number.isFinite(c))) }));
  })
  .catch((e) => process.stdout.write(JSON.stringify({ code: e.code, message: e.message })));
`;

interface ChildOutcome {
  status: number | null;
  signal: string | null;
  stderr: string;
  result?: { rows?: number; header?: unknown[]; first?: unknown[]; meanX?: number; varX?: number; maxTx?: number; allFinite?: boolean; code?: string; message?: string };
}

function inChild(id: string, args: unknown[]): ChildOutcome {
  const r = spawnSync(process.execPath, [`--max-old-space-size=${CHILD_HEAP_MB}`, "-e", CHILD], {
    env: { ...process.env, BUNDLE: resolve(DIST, "functions.js"), CALL: JSON.stringify({ id, args }) },
    timeout: CHILD_TIMEOUT_MS,
    encoding: "utf8",
    maxBuffer: 16 * 1024 * 1024,
  });
  let result: ChildOutcome["result"];
  try {
    result = JSON.parse(r.stdout);
  } catch {
    result = undefined;
  }
  return { status: r.status, signal: r.signal, stderr: r.stderr.slice(0, 2000), result };
}

/** A labelled model table as a hand-typed range (Excel's array constant {"model","BG/NBD";"r",1E6;…}). */
const table = (model: string, params: Record<string, number>): unknown[][] => [["model", model], ...Object.entries(params)];

const CRASH_BG = table("BG/NBD", { r: 1e6, alpha: 1e-6, a: 1, b: 1e9 });
const CRASH_PARETO = table("Pareto/NBD", { r: 1e6, alpha: 1e-6, s: 1, beta: 1e9 });
const SLOW_BG = table("BG/NBD", { r: 10, alpha: 1, a: 0.01, b: 100 });
const GG = table("Gamma-Gamma", { p: 6, q: 4, gamma: 15 });

describe("simulators in a memory-capped child process", () => {
  beforeAll(() => ensureBuilt(), 300_000);

  it("=CLV.SIMULATE(BG/NBD r 1E6, alpha 1E-6, a 1, b 1E9; 2 customers, T 52): counts near 10^12 a week, no crash", () => {
    const c = inChild("SIMULATE", [CRASH_BG, 2, 52, 1, null]);
    expect(c.signal, c.stderr).toBeNull();
    expect(c.status, c.stderr).toBe(0);
    const r = c.result!;
    expect(r.header).toEqual(["customer", "frequency", "recency", "T"]);
    expect(r.rows).toBe(3);
    expect(r.allFinite).toBe(true);
    // λ ~ Gamma(10^6, rate 10^-6) is 10^12 (±0.1 %) a week and drop-out p ~ Beta(1, 10^9) about 10^-9: a
    // customer makes ~10^9 purchases (geometric, so anything from 10^7 to 10^10) within the first weeks
    const [, x, tx, T] = r.first as number[];
    expect(T).toBe(52);
    expect(x).toBeGreaterThan(1e5);
    expect(tx).toBeGreaterThan(0);
    expect(tx).toBeLessThanOrEqual(52);
    // t_x is the x-th arrival of a 10^12-a-week Poisson process: x/λ, within λ's 0.5 % (5 s.d.)
    expect(Math.abs(tx / (x / 1e12) - 1)).toBeLessThan(0.01);
  });

  it("=CLV.SIMULATE(Pareto/NBD r 1E6, alpha 1E-6, s 1, beta 1E9; 2, 52): x ≈ 5.2·10^13, no crash", () => {
    const c = inChild("SIMULATE", [CRASH_PARETO, 2, 52, 1, null]);
    expect(c.signal, c.stderr).toBeNull();
    expect(c.status, c.stderr).toBe(0);
    const [, x, tx] = c.result!.first as number[];
    // lifetime ~ Exp(μ ≈ 10^-9 a week) outlasts 52 weeks: x ~ Poisson(λ·52), λ = 10^12 (±0.5 %)
    expect(Math.abs(x / 5.2e13 - 1)).toBeLessThan(0.01);
    expect(tx).toBeCloseTo(52, 6);
  });

  it("=CLV.SIMULATE(BG/NBD r 10, alpha 1, a 0.01, b 100; 100,000 customers, T 100): the mean count is E[X(100)] (±5 s.e.)", () => {
    const c = inChild("SIMULATE", [SLOW_BG, 100_000, 100, 1, null]);
    expect(c.signal, c.stderr).toBeNull();
    expect(c.status, c.stderr).toBe(0);
    const r = c.result!;
    expect(r.rows).toBe(100_001);
    expect(r.allFinite).toBe(true);
    // E[X(t)] for a new customer from the model's closed form (FHL 2005 eq. 7) through CLV.EXPECTED
    const e = expected(SLOW_BG, [[100]])[0][0] as number;
    expect(e).toBeGreaterThan(100);
    expect(Math.abs(r.meanX! - e)).toBeLessThan(5 * Math.sqrt(r.varX! / 100_000));
  });

  it("=CLV.SIMULATE.TRANSACTIONS with those parameters: refused up front with #VALUE! naming customers and the row limit", () => {
    for (const model of [CRASH_BG, SLOW_BG]) {
      const c = inChild("SIMULATE.TRANSACTIONS", [model, GG, model === SLOW_BG ? 100_000 : 2, "2020-01-01", "2021-12-31", 1, "W", null]);
      expect(c.signal, c.stderr).toBeNull();
      expect(c.result?.code).toBe("#VALUE!");
      expect(c.result?.message).toMatch(/^customers: the simulated log would have .*; one call may return at most 125,000 rows\. Simulate fewer customers or a shorter period/);
    }
  });
});

describe("results within Excel's limits, with a message saying how to narrow the call", () => {
  /** What a call throws (CustomFunctions.Error: code and message). */
  function thrown(f: () => unknown): { code: string; message: string } {
    try {
      f();
    } catch (e) {
      return e as { code: string; message: string };
    }
    throw new Error("expected an error");
  }

  it("CLV.COHORT's default width over a 9999-12-31 placeholder date: #VALUE! naming dates, not 422,640 columns", () => {
    const ids = [[1], [2], [3]];
    const dates = [["2024-01-05"], ["2024-02-11"], ["9999-12-31"]];
    const amounts = [[10], [20], [30]];
    const e = thrown(() => cohort(ids, dates, amounts, "W"));
    expect(e.code).toBe("#VALUE!");
    expect(e.message).toMatch(/^dates: the dates run from 2024-01-05 to 9999-12-31, .* weeks, more than the 10,000 period columns/);
    // an explicit width over the same data is fine
    expect(cohort(ids, dates, amounts, "W", null, 4)[0]).toEqual(["cohort", "size", "W0", "W1", "W2", "W3"]);
  });

  it("CLV.SUMMARY of 100,000 customers (about 5.9 MB) and CLV.PALIVE over 1,048,575 rows: #VALUE! with the size and the way out", () => {
    const n = 100_000;
    const ids = Array.from({ length: 2 * n }, (_, i) => [`customer-${(i % n) + 1}`]);
    const dates = Array.from({ length: 2 * n }, (_, i) => [45000 + (i < n ? 0 : 30 + (i % 97))]);
    const amounts = Array.from({ length: 2 * n }, (_, i) => [10 + (i % 1000) / 7]);
    const e = thrown(() => summary(ids, dates, amounts));
    expect(e.code).toBe("#VALUE!");
    expect(e.message).toMatch(/^The result would be 100,001 rows by \d+ columns, about \d+\.\d MB or more, over the 5 MB Excel accepts from one function: split the range over several formulas/);

    const rows = 1_048_575;
    const col = (v: (i: number) => number) => Array.from({ length: rows }, (_, i) => [v(i)]);
    const BG = table("BG/NBD", { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 });
    const p = thrown(() => palive(BG, col((i) => i % 5), col((i) => (i % 5 === 0 ? 0 : 10 + (i % 20))), col(() => 38)));
    expect(p.code).toBe("#VALUE!");
    expect(p.message).toMatch(/^The result would be 1,048,575 rows by 1 column, .*over the 5 MB/);
  });
});

describe("predictions at the edges answer with a number or a message naming the user's argument", () => {
  const BG = table("BG/NBD", { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 });
  const cell = (rows: unknown[][]) => rows[0][0] as { code?: string; message?: string } | number;

  it("CLV.EXPECTED(BG, 10, 10000, 30, 38) is 0: P(alive) underflows (10,000 purchases, then 8 weeks of silence)", () => {
    // P(alive) = 1/(1 + a/(b+x−1)·((α+T)/(α+t_x))^(r+x)) (FHL 2005 eq. 11): ln odds ≈ 10,000·ln(42.4/34.4) ≈ 2,090
    expect(cell(expected(BG, [[10]], [[10000]], [[30]], [[38]]))).toBe(0);
  });

  it("an alpha of 1E308 gives expected counts of 0 or more, never a negative rounding residue", () => {
    const huge = table("BG/NBD", { r: 0.243, alpha: 1e308, a: 0.793, b: 2.426 });
    for (const v of [cell(expected(huge, [[10]])), cell(expected(huge, [[10]], [[2]], [[30]], [[38]]))]) {
      expect(typeof v).toBe("number");
      expect(v as number).toBeGreaterThanOrEqual(0);
      // E[X(10)] ≈ (a+b−1)/(a−1)·(1 − (α/(α+t))^r·2F1(…)) → 0 as α → ∞ (purchase rates near 0)
      expect(v as number).toBeLessThan(1e-300);
    }
  });

  it("t = 1E300: #VALUE! saying t is too long, not an internal series message", () => {
    for (const v of [cell(expected(BG, [[1e300]])), cell(expected(BG, [[1e300]], [[2]], [[30]], [[38]]))]) {
      expect(typeof v).toBe("object");
      const e = v as { code: string; message: string };
      expect(e.code).toBe("#VALUE!");
      expect(e.message).toMatch(/^t is 1e\+300; that horizon is too long to evaluate/);
      expect(e.message).not.toMatch(/2F1|hypergeometric/);
    }
  });
});

describe("fits answer the same whatever the unit of time or money", () => {
  const col = (v: readonly number[]): number[][] => v.map((x) => [x]);
  const rowOf = (t: unknown[][], label: string) => t.find((r) => r[0] === label)!;
  const MS_PER_WEEK = 7 * 86_400_000;

  it("=CLV.BGNBD.FIT on the CDNOW summary with recency and T in milliseconds: the weeks table with α × 604,800,000, not an error", async () => {
    const c = cdnowSummary();
    const weeks = await bgnbdFit(col(c.x), col(c.tx), col(c.T));
    const ms = await bgnbdFit(col(c.x), col(c.tx.map((v) => v * MS_PER_WEEK)), col(c.T.map((v) => v * MS_PER_WEEK)));
    // FHL 2005 (CDNOW, weeks): r 0.243, α 4.414, a 0.793, b 2.426
    expect(rowOf(weeks, "alpha")[1] as number).toBeCloseTo(4.414, 3);
    for (const k of ["r", "a", "b"]) expect(relDiff(rowOf(ms, k)[1] as number, rowOf(weeks, k)[1] as number)).toBeLessThan(1e-5);
    expect(relDiff((rowOf(ms, "alpha")[1] as number) / MS_PER_WEEK, rowOf(weeks, "alpha")[1] as number)).toBeLessThan(1e-5);
    expect(rowOf(ms, "converged")[1]).toBe(true);
    // the log-likelihood of purchase times in milliseconds: − Σx · ln 604,800,000 (one density per repeat purchase)
    const repeat = c.x.reduce((a, b) => a + b, 0);
    expect(relDiff(rowOf(ms, "log-likelihood")[1] as number, (rowOf(weeks, "log-likelihood")[1] as number) - repeat * Math.log(MS_PER_WEEK))).toBeLessThan(1e-9);
  });

  it("=CLV.PARETO.FIT in milliseconds and =CLV.GG.FIT with spend × 1E9 give tables, scaled by the unit", async () => {
    const c = cdnowSummary();
    const pw = await paretoFit(col(c.x), col(c.tx), col(c.T));
    const pm = await paretoFit(col(c.x), col(c.tx.map((v) => v * MS_PER_WEEK)), col(c.T.map((v) => v * MS_PER_WEEK)));
    for (const k of ["alpha", "beta"]) expect(relDiff((rowOf(pm, k)[1] as number) / MS_PER_WEEK, rowOf(pw, k)[1] as number)).toBeLessThan(1e-5);
    const s = cdnowSpend();
    const g1 = await ggFit(col(s.frequency), col(s.monetary));
    const g9 = await ggFit(col(s.frequency), col(s.monetary.map((v) => v * 1e9)));
    // note 025: γ 15.44 in dollars
    expect(rowOf(g1, "gamma")[1] as number).toBeCloseTo(15.44, 2);
    expect(relDiff((rowOf(g9, "gamma")[1] as number) / 1e9, rowOf(g1, "gamma")[1] as number)).toBeLessThan(1e-5);
    expect(relDiff(rowOf(g9, "q")[1] as number, rowOf(g1, "q")[1] as number)).toBeLessThan(1e-5);
  });
});

describe("fit messages name the function's own arguments", () => {
  const col = (v: readonly number[]): number[][] => v.map((x) => [x]);
  async function messageOf(f: () => Promise<unknown>): Promise<{ code: string; message: string }> {
    try {
      await f();
    } catch (e) {
      return e as { code: string; message: string };
    }
    throw new Error("expected an error");
  }

  it("=CLV.GG.FIT that cannot be fitted talks about frequency and monetary, never recency or T", async () => {
    const n = 300;
    const cases = [
      // every customer spends the same on average: no spread to fit
      { x: Array.from({ length: n }, (_, i) => 1 + (i % 4)), m: Array.from({ length: n }, () => 25) },
      // three customers for three parameters
      { x: [1, 2, 3], m: [5, 6, 7] },
      // no repeat buyer with a positive average
      { x: [0, 0, 2], m: [0, 0, -4] },
    ];
    for (const { x, m } of cases) {
      const e = await messageOf(() => ggFit(col(x), col(m)));
      expect(e.code).toBe("#VALUE!");
      expect(e.message).toMatch(/frequency|monetary|spend/);
      expect(e.message).not.toMatch(/recency|\bT\b|t_x/);
    }
  });
});

describe("fits that cannot improve end soon, with the reason", () => {
  const col = (v: ArrayLike<number>): number[][] => Array.from(v, (x) => [x]);

  it("=CLV.PARETO.FIT with every T equal over 100,000 customers: a table when the data carry the model, else #VALUE! saying why", async () => {
    const n = 100_000;
    const T = new Float64Array(n).fill(38);
    // FHL 2005's CDNOW Pareto/NBD parameters, everyone observed for 38 weeks
    const h = paretoNbd.simulate({ r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 }, T, createRng(5));
    const table = await paretoFit(col(h.x), col(h.tx), col(T));
    const row = (label: string) => table.find((r) => r[0] === label)!;
    expect(row("converged")[1]).toBe(true);
    // recovered within a few standard errors of the simulated r and s
    expect(Math.abs((row("r")[1] as number) - 0.553)).toBeLessThan(4 * (row("r")[2] as number));
    expect(Math.abs((row("s")[1] as number) - 0.606)).toBeLessThan(4 * (row("s")[2] as number));
    // everyone bought last at the very end: no spread in purchase rates shows, r runs away
    const x = Array.from({ length: n }, (_, i) => i % 5);
    let e: { code: string; message: string } | undefined;
    await paretoFit(col(x), col(x.map((v) => (v > 0 ? 38 : 0))), col(T)).catch((err) => (e = err));
    expect(e?.code).toBe("#VALUE!");
    expect(e?.message).toMatch(/^Pareto\/NBD: the likelihood has no finite maximum \(parameter r grows without bound\); the purchase rates .* as if every customer bought at the same rate, so the data do not identify this model\. Switch model/);
  }, 60_000);
});
