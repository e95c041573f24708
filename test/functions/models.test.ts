/**
 * The model custom functions through their Excel signatures: ranges in as any[][] (with nulls for
 * omitted optional arguments), labelled tables and aligned columns out, error values with messages.
 * Figures: test/fixtures/published.json (see test/core/models for the sources of each).
 */
import { describe, expect, it } from "vitest";
import { published } from "../support/samples";
import { bgnbd, bgnbdFit, dert, expected, ggFit, mbgnbdFit, palive, pareto, paretoFit, pmf, spend, value } from "../../src/functions/models";
import { cdnowSummary } from "../core/models/helpers";
import { cdnowSpend } from "../core/models/cdnowSpend";
import { bgnbd as bgnbdModel } from "../../src/core/models/bgnbd";
import { paretoNbd } from "../../src/core/models/paretonbd";
import { createRng } from "../../src/core/math/random";

const col = (v: readonly (number | string | null)[]): (number | string | null)[][] => v.map((x) => [x]);
/** The row of a model table with this label (tables are read by label, never by position). */
const rowOf = (table: unknown[][], label: string): unknown[] => table.find((r) => r[0] === label)!;

async function errorOf(f: () => unknown): Promise<{ code: string; message: string }> {
  try {
    await f();
  } catch (e) {
    return e as { code: string; message: string };
  }
  throw new Error("expected an error value");
}

/** A model table typed by hand: two columns, labels in any case, rows in any order, extra rows. */
const HAND_BGNBD = [
  ["Model", "bg/nbd"],
  ["notes", "FHL 2005 Table 1"],
  ["B", 2.426],
  ["r", 0.243],
  ["ALPHA", 4.414],
  ["a", 0.793],
];

describe("fits through the Excel functions on CDNOW", () => {
  const c = cdnowSummary();
  const ref = published();

  it("CLV.BGNBD.FIT spills the agreed table and matches the peer fit", async () => {
    const table = await bgnbdFit(col(c!.x), col(c!.tx), col(c!.T), null as any, null);
    expect(table[0]).toEqual(["model", "BG/NBD", ""]);
    expect(table[1]).toEqual(["time unit", "W", ""]);
    expect(table[2]).toEqual(["parameter", "estimate", "std. error"]);
    expect(table.slice(3, 7).map((r) => r[0])).toEqual(["r", "alpha", "a", "b"]);
    expect(table[3][1] as number).toBeCloseTo(ref.bgnbd_cdnow.mle_peer.r, 5);
    expect(table[6][2] as number).toBeCloseTo(ref.bgnbd_cdnow.standard_errors_peer.b, 3);
    expect(table[7][0]).toBe("log-likelihood");
    const ll = table[7][1] as number;
    expect(Math.abs(ll - ref.bgnbd_cdnow.log_likelihood_peer)).toBeLessThan(1e-3);
    // AIC = 2k − 2LL, BIC = k ln n − 2LL with k = 4 parameters and n = 2,357 customers.
    expect(table.slice(8)).toEqual([
      ["parameters", 4, ""],
      ["AIC", expect.closeTo(8 - 2 * ll, 9), ""],
      ["BIC", expect.closeTo(4 * Math.log(2357) - 2 * ll, 9), ""],
      ["customers", 2357, ""],
      ["converged", true, ""],
      ["iterations", expect.any(Number), ""],
    ]);
    const noHeaders = await bgnbdFit(col(c!.x), col(c!.tx), col(c!.T), null as any, false);
    expect(noHeaders.length).toBe(table.length - 1);
    expect(noHeaders[2][0]).toBe("r");
  });

  it("CLV.PARETO.FIT and CLV.MBGNBD.FIT reach the peer log-likelihoods", async () => {
    const p = await paretoFit(col(c!.x), col(c!.tx), col(c!.T), null as any, null);
    expect(p[0][1]).toBe("Pareto/NBD");
    expect(Math.abs((rowOf(p, "log-likelihood")[1] as number) - ref.paretonbd_cdnow.log_likelihood_peer)).toBeLessThan(1e-3);
    const m = await mbgnbdFit(col(c!.x), col(c!.tx), col(c!.T), null as any, null);
    expect(m[0][1]).toBe("MBG/NBD");
    expect(Math.abs((rowOf(m, "log-likelihood")[1] as number) - ref.mbgnbd_cdnow.log_likelihood_peer)).toBeLessThan(1e-3);
  });

  it("weights: the same fit from unique rows with counts", async () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < c!.x.length; i++) {
      const k = `${c!.x[i]}|${c!.tx[i]}|${c!.T[i]}`;
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    const rows = [...counts.entries()].map(([k, n]) => [...k.split("|").map(Number), n]);
    const table = await bgnbdFit(
      rows.map((r) => [r[0]]),
      rows.map((r) => [r[1]]),
      rows.map((r) => [r[2]]),
      rows.map((r) => [r[3]]),
      true,
    );
    expect(Math.abs((rowOf(table, "log-likelihood")[1] as number) - ref.bgnbd_cdnow.log_likelihood_peer)).toBeLessThan(1e-3);
    expect(rowOf(table, "customers")).toEqual(["customers", 2357, ""]);
  });

  it("CLV.GG.FIT leaves out x = 0 customers and counts them; CLV.SPEND gives the note's E(M)", async () => {
    const s = cdnowSpend();
    const table = await ggFit(col(s.frequency), col(s.monetary), null as any, null);
    expect(table[0]).toEqual(["model", "Gamma-Gamma", ""]);
    expect(table[1]).toEqual(["parameter", "estimate", "std. error"]);
    expect(table.slice(2, 5).map((r) => r[0])).toEqual(["p", "q", "gamma"]);
    expect(rowOf(table, "customers")).toEqual(["customers", 946, ""]);
    expect(table[table.length - 1]).toEqual(["left out (x = 0 or spend ≤ 0)", 1411, ""]);
    const em = spend(table, col(s.frequency.slice(0, 10)), col(s.monetary.slice(0, 10)));
    const published10 = ref.gammagamma_cdnow.conditional_expected_average_spend_first_10_customers.published;
    em.forEach((r, i) => expect(Math.abs((r[0] as number) - published10[i])).toBeLessThan(0.006));
  });

  it("CLV.EXPECTED and CLV.PALIVE from the fitted table match the peer per-customer figures", async () => {
    const table = await bgnbdFit(col(c!.x), col(c!.tx), col(c!.T), null as any, null);
    const first = ref.bgnbd_cdnow.first_10_customers_peer;
    const e = expected(table, [[39]], col(first.map((r: any) => r.frequency)), col(first.map((r: any) => r.recency)), col(first.map((r: any) => r.T)));
    const a = palive(table, col(first.map((r: any) => r.frequency)), col(first.map((r: any) => r.recency)), col(first.map((r: any) => r.T)));
    first.forEach((r: any, i: number) => {
      expect(e[i][0] as number).toBeCloseTo(r.expected_purchases_t39, 4);
      expect(a[i][0] as number).toBeCloseTo(r.p_alive, 4);
    });
  });

  it("one-shot CLV.PARETO and CLV.BGNBD spill each customer's expected transactions", async () => {
    const p = await pareto(col(c!.x), col(c!.tx), col(c!.T), [[52]]);
    expect(p.length).toBe(2357);
    const fit = paretoNbd.fit(c!.data);
    expect(p[0][0] as number).toBeCloseTo(paretoNbd.expected(fit.params, 52, c!.x[0], c!.tx[0], c!.T[0]), 8);
    const b = await bgnbd(col(c!.x), col(c!.tx), col(c!.T), [[39]]);
    expect(b[0][0] as number).toBeCloseTo(ref.bgnbd_cdnow.first_10_customers_peer[0].expected_purchases_t39, 4);
  });
});

describe("prediction functions on hand-typed tables", () => {
  it("read a 2-column table with labels in any case and order, extra rows ignored", () => {
    const v = expected(HAND_BGNBD, [[39]], [[2]], [[30.43]], [[38.86]]);
    expect(v[0][0] as number).toBeCloseTo(bgnbdModel.expected({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, 39, 2, 30.43, 38.86), 12);
  });

  it("CLV.EXPECTED for a new customer spills one value per t", () => {
    const v = expected(HAND_BGNBD, col([1, 39, null, 78]), null as any, null as any, null as any);
    expect(v.length).toBe(4);
    expect(v[2][0]).toBe("");
    expect(v[1][0] as number).toBeCloseTo(bgnbdModel.expectedNew({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, 39), 12);
  });

  it("CLV.EXPECTED with t as a column for one customer, and aligned t and history columns", () => {
    const one = expected(HAND_BGNBD, col([13, 26, 39]), [[2]], [[30.43]], [[38.86]]);
    expect(one.length).toBe(3);
    const aligned = expected(HAND_BGNBD, col([13, 26]), col([2, 0]), col([30.43, 0]), col([38.86, 38.86]));
    expect(aligned[1][0] as number).toBeCloseTo(bgnbdModel.expected({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, 26, 0, 0, 38.86), 12);
  });

  it("CLV.PMF at the published parameters (R BTYD manual)", () => {
    const v = pmf(HAND_BGNBD, col([11, 12, 13]), [[30]]);
    expect(v[0][0] as number).toBeCloseTo(0.0019995214, 9);
    expect(v[2][0] as number).toBeCloseTo(0.001163315, 9);
  });

  it("CLV.DERT for Pareto/NBD, #N/A with a message for BG/NBD", async () => {
    const par = [
      ["model", "Pareto/NBD"],
      ["r", 0.553],
      ["alpha", 10.578],
      ["s", 0.606],
      ["beta", 11.669],
    ];
    // FHL 2005 value customers at 15 % a year, "a continuously compounded rate of δ = 0.0027" a week:
    // δ = ln(1.15)·7/365.25 (the table has no time unit row, so weeks, the default).
    const v = dert(par, 0.15, [[2]], [[30.43]], [[38.86]]);
    const delta = (Math.log(1.15) * 7) / 365.25;
    expect(delta).toBeCloseTo(0.0027, 4);
    expect(v[0][0] as number).toBeCloseTo(paretoNbd.dert!({ r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 }, delta, 2, 30.43, 38.86), 10);
    // The same model stated in days reads recency and T in days and discounts per day.
    const perDay = dert([...par, ["time unit", "D"]].map((r) => [...r]).map((r, i) => (i >= 1 && i <= 4 && r[0] !== "r" && r[0] !== "s" ? [r[0], (r[1] as number) * 7] : r)), 0.15, [[2]], [[30.43 * 7]], [[38.86 * 7]]);
    expect(perDay[0][0] as number).toBeCloseTo(v[0][0] as number, 8);
    expect(await errorOf(() => dert(HAND_BGNBD, 0.01, [[2]], [[30]], [[38]]))).toMatchObject({ code: "#N/A", message: expect.stringMatching(/CLV.DERT is not defined for BG\/NBD/) });
  });

  it("CLV.VALUE sums monthly discounted expected transactions times expected spend", () => {
    const gg = [
      ["model", "Gamma-Gamma"],
      ["p", 6.25],
      ["q", 3.74],
      ["gamma", 15.44],
    ];
    const p = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
    // discount 0.1268250301 a year = 1 % a month.
    const v = value(HAND_BGNBD, gg, col([2, 0]), col([30.43, 0]), col([38.86, 38.86]), col([20, 0]), null, 1.01 ** 12 - 1, null);
    const f = 365.25 / 12 / 7;
    const em = (6.25 * (15.44 + 2 * 20)) / (6.25 * 2 + 3.74 - 1);
    let brute = 0;
    for (let i = 1; i <= 12; i++) {
      brute += (em * (bgnbdModel.expected(p, i * f, 2, 30.43, 38.86) - bgnbdModel.expected(p, (i - 1) * f, 2, 30.43, 38.86))) / Math.pow(1.01, i);
    }
    expect(v[0][0] as number).toBeCloseTo(brute, 9);
    // a customer without repeat purchases is valued at the population mean spend
    expect(v[1][0] as number).toBeGreaterThan(0);
    // A margin turns revenue into CLV; default discount 10 % a year.
    const withMargin = value(HAND_BGNBD, gg, [[2]], [[30.43]], [[38.86]], [[20]], 12, 1.01 ** 12 - 1, null, 0.3);
    expect(withMargin[0][0] as number).toBeCloseTo(0.3 * brute, 9);
    const tenPercent = value(HAND_BGNBD, gg, [[2]], [[30.43]], [[38.86]], [[20]], null, null, null);
    expect(tenPercent[0][0] as number).toBeGreaterThan(v[0][0] as number);
  });
});

describe("bad input gives error values naming the argument and row", () => {
  it("mismatched sizes, text, negatives, non-integer x, t_x > T, all-zero frequency", async () => {
    expect(await errorOf(() => bgnbdFit(col([1, 2, 3]), col([1, 2]), col([5, 5, 5]), null as any, null))).toMatchObject({
      code: "#VALUE!",
      message: expect.stringMatching(/frequency has 3 rows but recency has 2/),
    });
    expect(await errorOf(() => bgnbdFit(col([1, "x", 3]), col([1, 2, 2]), col([5, 5, 5]), null as any, null))).toMatchObject({
      code: "#VALUE!",
      message: expect.stringMatching(/^frequency: row 2 is 'x'/),
    });
    expect(await errorOf(() => bgnbdFit(col([1, 2, 3]), col([1, -2, 2]), col([5, 5, 5]), null as any, null))).toMatchObject({
      message: expect.stringMatching(/^recency: row 2 is -2/),
    });
    expect(await errorOf(() => paretoFit(col([1, 2.5, 3]), col([1, 2, 2]), col([5, 5, 5]), null as any, null))).toMatchObject({
      message: expect.stringMatching(/^frequency: row 2 is 2.5; it must be a whole number/),
    });
    expect(await errorOf(() => bgnbdFit(col([1, 2, 3]), col([1, 7, 2]), col([5, 5, 5]), null as any, null))).toMatchObject({
      message: expect.stringMatching(/^recency: row 2 is 7, larger than T \(5\)/),
    });
    expect(await errorOf(() => bgnbdFit(col([0, 0, 0]), col([0, 0, 0]), col([5, 6, 7]), null as any, null))).toMatchObject({
      code: "#VALUE!",
      message: expect.stringMatching(/^frequency: every customer has 0 repeat purchases/),
    });
    expect(await errorOf(() => mbgnbdFit(col([0, 1]), col([3, 1]), col([5, 5]), null as any, null))).toMatchObject({
      message: expect.stringMatching(/^recency: row 1 is 3 but frequency is 0/),
    });
  });

  it("data without a finite optimum end with #VALUE! and the reason (a #NUM! could not carry it), not a hang or junk", async () => {
    // Half the customers never bought again, the other half bought 10 times up to the end: drop-out
    // chances spread to the extremes, so BG/NBD's a runs to 0 (no meaningful limit to report).
    const n = 200;
    const x = Array.from({ length: n }, (_, i) => (i % 2 ? 0 : 10));
    const e = await errorOf(() => bgnbdFit(col(x), col(x.map((v) => (v ? 30 : 0))), col(x.map(() => 30)), null as any, null));
    expect(e.code).toBe("#VALUE!");
    expect(e.message).toMatch(/no finite maximum/);
  });

  it("model tables: missing or invalid rows are named", async () => {
    expect(await errorOf(() => expected([["model", "BG/NBD"], ["r", 0.2], ["alpha", 4], ["a", 0.8]], [[1]]))).toMatchObject({
      code: "#VALUE!",
      message: expect.stringMatching(/no 'b' row/),
    });
    expect(await errorOf(() => expected([["r", 0.2]], [[1]]))).toMatchObject({ message: expect.stringMatching(/no 'model' row/) });
    expect(await errorOf(() => expected([["model", "XYZ"]], [[1]]))).toMatchObject({ message: expect.stringMatching(/unknown model 'XYZ'/) });
    expect(await errorOf(() => expected([["model", "BG/NBD"], ["r", -1], ["alpha", 4], ["a", 0.8], ["b", 2]], [[1]]))).toMatchObject({
      message: expect.stringMatching(/'r' row \(row 2\) has -1, not a positive number/),
    });
    expect(await errorOf(() => spend(HAND_BGNBD, [[1]], [[10]]))).toMatchObject({ code: "#N/A", message: expect.stringMatching(/needs a spend model/) });
    expect(await errorOf(() => palive([["model", "Gamma-Gamma"], ["p", 1], ["q", 2], ["gamma", 3]], [[1]], [[1]], [[2]]))).toMatchObject({
      code: "#N/A",
      message: expect.stringMatching(/needs a transaction model/),
    });
  });

  it("history given in part is refused; per-row problems in predictions name the row", async () => {
    expect(await errorOf(() => expected(HAND_BGNBD, [[1]], [[2]], null as any, null as any))).toMatchObject({
      message: expect.stringMatching(/^recency is required/),
    });
    expect(await errorOf(() => palive(HAND_BGNBD, col([1, 2]), col([1, 9]), col([5, 5])))).toMatchObject({
      message: expect.stringMatching(/^recency: row 2 is 9/),
    });
  });
});

describe("cancellation (CustomFunctions.CancelableInvocation)", () => {
  it("stops the fit when Excel cancels the call: #N/A saying so, and the next call fits afresh", async () => {
    // 3,000 customers simulated from FHL 2005's CDNOW estimates.
    const T = Float64Array.from({ length: 3000 }, (_, i) => 20 + (19 * i) / 3000);
    const h = bgnbdModel.simulate({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, T, createRng(11));
    const args = [Array.from(h.x, (v) => [v]), Array.from(h.tx, (v) => [v]), Array.from(h.T, (v) => [v])] as const;
    // An invocation that Excel cancels as soon as the function listens (the scheduler then stops at its
    // first check; test/runtime covers cancellation between slices).
    let listened = false;
    const invocation = {
      set onCanceled(handler: () => void) {
        listened = true;
        handler();
      },
    } as unknown as CustomFunctions.CancelableInvocation;
    const e = await bgnbdFit(...args, undefined, undefined, undefined, invocation).then(
      () => undefined,
      (err: { code: string; message: string }) => err,
    );
    expect(listened).toBe(true);
    expect(e?.code).toBe("#N/A");
    expect(e?.message).toMatch(/cancelled/);
    const table = await bgnbdFit(...args);
    expect(table[0]).toEqual(["model", "BG/NBD", ""]);
  });
});
