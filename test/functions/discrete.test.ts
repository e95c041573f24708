/**
 * The discrete-time / contractual worksheet functions, called directly (the CustomFunctions global is
 * stubbed in test/support/setup.ts). Expected values: FHS 2010 (donations), FH2007 (sBG cohorts), and
 * the core functions they wrap.
 */
import { describe, expect, it } from "vitest";
import {
  bgbbFit,
  derl,
  retention,
  sbgFit,
  sbgValue,
  simulate,
  simulateTransactionsFn,
  survival,
} from "../../src/functions/discrete";
import { sbgDerl, sbgSurvival } from "../../src/core/models/sbg";
import { published, readSampleCsv } from "../support/samples";
import { thrownBy as throws } from "../support/thrown";

const col = (values: unknown[]): unknown[][] => values.map((v) => [v]);

/** The value next to a label in a fitted table. */
function row(table: unknown[][], label: string): unknown[] {
  const r = table.find((x) => x[0] === label);
  if (!r) throw new Error(`no row ${label}`);
  return r;
}

async function rejects(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p;
  } catch (e) {
    return e as { code: string; message: string };
  }
  throw new Error("expected an error");
}

const REGULAR = [1000, 631, 468, 382, 326, 289, 262, 241];
const SBG_TABLE = [
  ["model", "sBG"],
  ["alpha", 0.704],
  ["beta", 1.182],
];

describe("CLV.BGBB.FIT on the donations data", () => {
  it("spills the fitted table with FHS 2010's estimates and LL −33,225.6", async () => {
    const rows = readSampleCsv("donations.csv");
    const ref = published().bgbb_donations;
    const table = await bgbbFit(
      col(rows.map((r) => r.frequency)) as any[][],
      col(rows.map((r) => r.recency)) as any[][],
      col(rows.map((r) => r.periods)) as any[][],
      col(rows.map((r) => r.weights)) as any[][],
      null,
    );
    expect(table[0]).toEqual(["model", "BG/BB", ""]);
    expect(table[1]).toEqual(["time unit", "W", ""]);
    expect(table[2]).toEqual(["parameter", "estimate", "std. error"]);
    for (const name of ["alpha", "beta", "gamma", "delta"]) {
      expect(Math.abs((row(table, name)[1] as number) - ref.published[name])).toBeLessThan(5e-4 + 1e-9);
      expect(row(table, name)[2] as number).toBeGreaterThan(0);
    }
    expect(Math.abs((row(table, "log-likelihood")[1] as number) - -33225.6)).toBeLessThan(0.05);
    expect(row(table, "customers")[1]).toBe(11104);
    expect(row(table, "converged")[1]).toBe(true);
    const noHeaders = await bgbbFit(
      col(rows.map((r) => r.frequency)) as any[][],
      col(rows.map((r) => r.recency)) as any[][],
      col(rows.map((r) => r.periods)) as any[][],
      col(rows.map((r) => r.weights)) as any[][],
      false,
    );
    expect(noHeaders.length).toBe(table.length - 1);
  });
});

describe("CLV.BGBB.FIT input errors", () => {
  it("names the argument and the row: non-integer frequency, recency above periods, weight ≤ 0", async () => {
    let e = await rejects(bgbbFit([[1], [1.5]], [[1], [2]], [[3], [3]]));
    expect(e.code).toBe("#VALUE!");
    expect(e.message).toMatch(/frequency: row 2 is 1.5/);
    e = await rejects(bgbbFit([[1], [2]], [[1], [4]], [[3], [3]]));
    expect(e.message).toMatch(/recency: row 2 is 4, larger than periods \(3\)/);
    e = await rejects(bgbbFit([[1], [2]], [[1], [2]], [[3], [3]], [[1], [0]]));
    expect(e.message).toMatch(/weights: row 2 is 0; it must be greater than 0/);
    e = await rejects(bgbbFit([[1], [3]], [[1], [2]], [[3], [3]]));
    expect(e.message).toMatch(/frequency: row 2 is 3, more than recency/);
  });
});

describe("CLV.SBG.FIT and the retention functions", () => {
  it("fits FH2007's regular cohort (α 0.704, β 1.182) and says how survivors were read", async () => {
    const table = await sbgFit(col(REGULAR) as any[][]);
    expect(table[0]).toEqual(["model", "sBG", ""]);
    expect(Math.abs((row(table, "alpha")[1] as number) - 0.704)).toBeLessThan(5e-4);
    expect(Math.abs((row(table, "beta")[1] as number) - 1.182)).toBeLessThan(5e-4);
    expect(row(table, "periods")[1]).toBe(7);
    expect(row(table, "survivors as")[1]).toBe("counts");
    const pct = await sbgFit(col(REGULAR.map((v) => v / 10)) as any[][], false);
    expect(row(pct, "survivors as")[1]).toBe("percentages (scaled to a nominal cohort of 1,000)");
    expect(Math.abs((row(pct, "alpha")[1] as number) - 0.704)).toBeLessThan(5e-4);
    // the fitted table feeds the prediction functions
    const s = survival(table as any[][], 3);
    expect(s[0][0]).toBeCloseTo(sbgSurvival({ alpha: row(table, "alpha")[1] as number, beta: row(table, "beta")[1] as number }, 3), 12);
  });

  it("rejects rising survivors and fewer than 3 periods with the row named", async () => {
    let e = await rejects(sbgFit(col([1000, 800, 850, 700]) as any[][]));
    expect(e.code).toBe("#VALUE!");
    expect(e.message).toMatch(/survivors: row 3 is 850, more than row 2/);
    e = await rejects(sbgFit(col([1000, 800]) as any[][]));
    expect(e.message).toMatch(/at least 3 periods/);
  });

  it("CLV.SURVIVAL and CLV.RETENTION spill a column aligned with t (blank rows give \"\")", () => {
    const p = { alpha: 0.704, beta: 1.182 };
    const s = survival(SBG_TABLE, [[0], [1], [""], [5]]);
    expect(s.length).toBe(4);
    expect(s[0][0]).toBe(1);
    expect(s[1][0]).toBeCloseTo(sbgSurvival(p, 1), 14);
    expect(s[2][0]).toBe("");
    expect(s[3][0]).toBeCloseTo(sbgSurvival(p, 5), 14);
    const r = retention(SBG_TABLE, [[1], [2]]);
    expect(r[0][0]).toBeCloseTo(p.beta / (p.alpha + p.beta), 14);
    expect(r[1][0]).toBeCloseTo((p.beta + 1) / (p.alpha + p.beta + 1), 14);
    expect(throws(() => retention(SBG_TABLE, 0)).message).toMatch(/t is 0; it must be at least 1/);
    // a count model is not a retention model: #N/A with the reason
    const e = throws(() => survival([["model", "BG/BB"], ["alpha", 1], ["beta", 1], ["gamma", 1], ["delta", 1]], 2));
    expect(e.code).toBe("#N/A");
  });

  it("CLV.DERL and CLV.SBG.VALUE match FH2010's DERL = (β+n−1)/(α+β+n−1)·2F1(1, β+n; α+β+n; 1/(1+d))", () => {
    const p = { alpha: 0.704, beta: 1.182 };
    expect(derl(SBG_TABLE, 0.1)[0][0]).toBeCloseTo(sbgDerl(p, 0.1, 0), 13);
    const byRenewals = derl(SBG_TABLE, 0.1, [[0], [3], [10]]);
    expect(byRenewals.map((r) => r[0])).toEqual([0, 3, 10].map((n) => sbgDerl(p, 0.1, n)));
    // SBG.VALUE takes an annual rate and converts it to the model's period: a yearly model at 10 % a
    // year discounts 10 % a period; the same table without a time unit row is read in weeks.
    const yearly = [...SBG_TABLE, ["time unit", "Y"]];
    expect(sbgValue(yearly, 50, 0.1, 3)[0][0]).toBeCloseTo(50 * sbgDerl(p, 0.1, 3), 10);
    expect(sbgValue(SBG_TABLE, 50, 0.1, 3)[0][0]).toBeCloseTo(50 * sbgDerl(p, 1.1 ** (7 / 365.25) - 1, 3), 10);
    expect(throws(() => sbgValue(yearly, 50, 10)).message).toBe("discount is 10: enter 10% or 0.1 (rates are fractions)");
    expect(throws(() => derl(SBG_TABLE, 0)).message).toMatch(/discount is 0; it must be greater than 0/);
    expect(throws(() => derl(SBG_TABLE, 0.1, 1.5)).message).toMatch(/renewals is 1.5; it must be a whole number/);
  });
});

describe("CLV.SIMULATE and CLV.SIMULATE.TRANSACTIONS", () => {
  const BGNBD = [
    ["model", "BG/NBD"],
    ["r", 0.243],
    ["alpha", 4.414],
    ["a", 0.793],
    ["b", 2.426],
  ];
  const BGBB = [
    ["model", "BG/BB"],
    ["alpha", 1.204],
    ["beta", 0.75],
    ["gamma", 0.657],
    ["delta", 2.783],
  ];
  const GG = [
    ["model", "Gamma-Gamma"],
    ["p", 6.25],
    ["q", 3.74],
    ["gamma", 15.44],
  ];

  it("simulates BG/NBD customers (customer, frequency, recency, T), reproducibly per seed", async () => {
    const a = await simulate(BGNBD, 500, 39, 7);
    const b = await simulate(BGNBD, 500, 39, 7);
    const c = await simulate(BGNBD, 500, 39, 8);
    expect(a[0]).toEqual(["customer", "frequency", "recency", "T"]);
    expect(a.length).toBe(501);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(a.slice(1).every((r) => (r[2] as number) <= 39 && r[3] === 39)).toBe(true);
  });

  it("simulates BG/BB histories that CLV.BGBB.FIT accepts and sBG lifetimes with a censoring flag", async () => {
    const sim = await simulate(BGBB, 3000, 6, 11, false);
    expect(sim[0].length).toBe(3);
    const fit = await bgbbFit(
      sim.map((r) => [r[0]]),
      sim.map((r) => [r[1]]),
      sim.map((r) => [r[2]]),
    );
    expect(row(fit, "converged")[1]).toBe(true);
    const life = await simulate(SBG_TABLE, 2000, 5, 3);
    expect(life[0]).toEqual(["customer", "lifetime", "censored"]);
    for (const r of life.slice(1)) {
      expect((r[1] as number) >= 1 && (r[1] as number) <= 5).toBe(true);
      if (r[2] === true) expect(r[1]).toBe(5);
    }
  });

  it("caps the number of customers with a message saying why", async () => {
    const e = await rejects(simulate(BGNBD, 200_000, 39));
    expect(e.code).toBe("#VALUE!");
    expect(e.message).toMatch(/at most 100,000 customers/);
    expect((await rejects(simulate(BGBB, 10, 2.5))).message).toMatch(/T is 2.5; it must be a whole number/);
  });

  it("simulates a transaction log (customer, date, amount) between two dates", async () => {
    const log = await simulateTransactionsFn(BGNBD, GG, 200, "2024-01-01", "2024-12-31", 5, "W");
    expect(log[0]).toEqual(["customer", "date", "amount"]);
    const start = 45292; // 2024-01-01 as an Excel serial
    for (const r of log.slice(1)) {
      expect((r[1] as number) >= start && (r[1] as number) <= start + 365).toBe(true);
      expect(r[2] as number).toBeGreaterThan(0);
    }
    expect(await simulateTransactionsFn(BGNBD, GG, 200, "2024-01-01", "2024-12-31", 5, "W")).toEqual(log);
    const e = await rejects(simulateTransactionsFn(GG, GG, 10, "2024-01-01", "2024-12-31"));
    expect(e.code).toBe("#N/A");
    expect((await rejects(simulateTransactionsFn(BGNBD, BGNBD, 10, "2024-01-01", "2024-12-31"))).code).toBe("#N/A");
  });
});
