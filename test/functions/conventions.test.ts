/**
 * One set of conventions (DESIGN §2-3): defaults that compose, units that travel with the model, rates
 * as fractions, an explicit margin, tables in, and a clear error for each mistake a new user makes.
 *
 * The chain test runs on the CDNOW transaction log (Fader, Hardie & Lee 2005; 2,357 customers) over
 * FHL's calibration period, 1997-01-01 to 1997-09-30 (39 weeks). The model is invariant to the time unit (a fit in days has its rate
 * parameter scaled by 7 against one in weeks, and VALUE's horizon is in months whatever the unit), so
 * the all-defaults chain and explicitly-stated chains in days and in weeks must give the same CLV up to
 * the optimiser's tolerance; 0.5 % is the bound.
 */
import { describe, expect, it } from "vitest";
import { summary, tier } from "../../src/functions/data";
import { bgnbdFit, ggFit, palive, value } from "../../src/functions/models";
import { sampleColumn } from "../support/sampleDatasets";
import { thrownBy } from "../support/thrown";

async function errorOf(f: () => unknown): Promise<{ code: string; message: string }> {
  try {
    await f();
  } catch (e) {
    return e as { code: string; message: string };
  }
  throw new Error("expected an error value");
}

/** End of FHL 2005's calibration period. */
const END = "1997-09-30";

const mean = (column: unknown[][]): number => {
  const v = column.map((r) => r[0]).filter((x): x is number => typeof x === "number");
  return v.reduce((a, b) => a + b, 0) / v.length;
};

describe("SUMMARY -> FIT -> VALUE on CDNOW", () => {
  const ids = sampleColumn({ $sample: "cdnow-transactions", column: "customer" });
  const dates = sampleColumn({ $sample: "cdnow-transactions", column: "date" });
  const amounts = sampleColumn({ $sample: "cdnow-transactions", column: "amount" });

  it("gives the same CLV with every default as with explicit units, in weeks or in days (within 0.5 %)", async () => {
    // All defaults, tables in: =CLV.SUMMARY(...) in A1, =CLV.BGNBD.FIT(A1#), =CLV.GG.FIT(A1#), =CLV.VALUE(fit, gg, A1#).
    const s = summary(ids, dates, amounts, END);
    expect(s[0].slice(0, 5)).toEqual(["customer", "frequency", "recency", "T", "monetary"]);
    expect(s.length).toBe(2357 + 1);
    const bg = await bgnbdFit(s);
    expect(bg[1]).toEqual(["time unit", "W", ""]);
    const gg = await ggFit(s);
    const byDefault = mean(value(bg, gg, s));

    // Explicit weeks, separate columns with their header cells on top.
    const col = (j: number) => s.map((r) => [r[j]]);
    const sW = summary(ids, dates, amounts, END, "W");
    const bgW = await bgnbdFit(sW.map((r) => [r[1]]), sW.map((r) => [r[2]]), sW.map((r) => [r[3]]), null as any, null, "W");
    const explicitWeeks = mean(value(bgW, gg, col(1), col(2), col(3), col(4), 12, 0.1, "W"));

    // Explicit days: the fit records "D" and VALUE reads recency and T in days.
    const sD = summary(ids, dates, amounts, END, "D");
    const bgD = await bgnbdFit(sD, null as any, null as any, null as any, null, "D");
    expect(bgD[1]).toEqual(["time unit", "D", ""]);
    const explicitDays = mean(value(bgD, gg, sD, null as any, null as any, null as any, 12, 0.1, "D"));

    expect(Math.abs(explicitWeeks / byDefault - 1)).toBeLessThan(1e-12);
    expect(Math.abs(explicitDays / byDefault - 1)).toBeLessThan(0.005);
    // The figure for the correctly-united chain: mean 12-month value 30.36 at 1 % a month
    // (12.68 % a year), revenue (no margin).
    const atOnePercentMonthly = mean(value(bg, gg, s, null as any, null as any, null as any, 12, 1.01 ** 12 - 1));
    expect(Math.abs(atOnePercentMonthly / 30.36 - 1)).toBeLessThan(0.005);
  }, 120_000);

  it("refuses the mistakes of the old defaults: a summary in days read by a model fitted in weeks", async () => {
    const s = summary(ids, dates, amounts, END);
    const bg = await bgnbdFit(s);
    const gg = await ggFit(s);
    const sD = summary(ids, dates, amounts, END, "D");
    const e = thrownBy(() => value(bg, gg, sD, null as any, null as any, null as any, 12, null, "D"));
    expect(e).toMatchObject({ code: "#VALUE!" });
    expect(e.message).toMatch(/^time_unit is D \(days\) but transaction_model was fitted in weeks/);
  }, 120_000);

  it("refuses ids and dates swapped in CLV.SUMMARY", () => {
    const e = thrownBy(() => summary(dates, ids, amounts));
    expect(e).toMatchObject({ code: "#VALUE!" });
    expect(e.message).toMatch(/^dates are all before 1950 while customer_ids look like recent dates: are the customer_ids and dates ranges swapped\?/);
  });
});

describe("each mistake gives a clear error", () => {
  const HAND_BGNBD = [
    ["model", "BG/NBD"],
    ["r", 0.243],
    ["alpha", 4.414],
    ["a", 0.793],
    ["b", 2.426],
  ];
  const GG = [
    ["model", "Gamma-Gamma"],
    ["p", 6.25],
    ["q", 3.74],
    ["gamma", 15.44],
  ];

  it("a discount typed as a percentage, or negative, in CLV.VALUE", () => {
    expect(thrownBy(() => value(HAND_BGNBD, GG, [[2]], [[30]], [[38]], [[20]], 12, 10))).toMatchObject({
      code: "#VALUE!",
      message: "discount is 10: enter 10% or 0.1 (rates are fractions)",
    });
    expect(thrownBy(() => value(HAND_BGNBD, GG, [[2]], [[30]], [[38]], [[20]], 12, -0.5))).toMatchObject({
      code: "#VALUE!",
      message: expect.stringMatching(/^discount is -0.5; it cannot be negative/),
    });
  });

  it("a margin typed as a percentage", () => {
    expect(thrownBy(() => value(HAND_BGNBD, GG, [[2]], [[30]], [[38]], [[20]], 12, 0.1, null, 30))).toMatchObject({
      code: "#VALUE!",
      message: "margin is 30: enter 30% or 0.3 (rates are fractions)",
    });
  });

  it("tables in: a whole summary spill with its header row is read by header; a header cell on a column is skipped", () => {
    const spill = [
      ["customer", "frequency", "recency", "T", "monetary"],
      ["A", 2, 30.43, 38.86, 20],
      ["B", 0, 0, 38.86, 0],
    ];
    const whole = palive(HAND_BGNBD, spill);
    const columns = palive(HAND_BGNBD, [["frequency"], [2], [0]], [["recency"], [30.43], [0]], [["T"], [38.86], [38.86]]);
    const plain = palive(HAND_BGNBD, [[2], [0]], [[30.43], [0]], [[38.86], [38.86]]);
    expect(whole).toEqual(plain);
    expect(columns).toEqual(plain);
    expect(thrownBy(() => palive(HAND_BGNBD, spill, [[1], [2]]))).toMatchObject({ code: "#VALUE!", message: expect.stringMatching(/^frequency: a whole table was given, so leave recency out/) });
    expect(thrownBy(() => palive(HAND_BGNBD, [["customer", "frequency"], ["A", 1]]))).toMatchObject({ code: "#VALUE!", message: expect.stringMatching(/^frequency: the table has no 'recency' column/) });
  });

  it("an explicit time unit that disagrees with a hand-typed table without a unit row", () => {
    expect(thrownBy(() => palive(HAND_BGNBD, [[2]], [[213]], [[272]], "D"))).toMatchObject({
      code: "#VALUE!",
      message: expect.stringMatching(/^time_unit is D \(days\) but model has no 'time unit' row, so it is read in the default unit W \(weeks\)/),
    });
  });

  it("TIER cut-offs that can be neither quantiles nor values ask for cutoff_kind", () => {
    const values = [[12], [40], [55], [3], [27]];
    expect(thrownBy(() => tier(values, [[80], [50]]))).toMatchObject({
      code: "#VALUE!",
      message: expect.stringMatching(/^cutoffs: 80 is outside the values' range \(3 to 55\).*enter fractions \(0\.8 and 0\.5 for 80% and 50%\) or set cutoff_kind/),
    });
    // Values inside the range, or an explicit kind, are fine.
    expect(tier(values, [[50], [20]]).map((r) => r[0])).toEqual(["Low", "Medium", "High", "Low", "Medium"]);
    expect(tier(values, [[80], [50]], null as any, "value").map((r) => r[0])).toEqual(["Low", "Low", "Medium", "Low", "Low"]);
  });

  it("too few customers to fit is said as such", async () => {
    const e = await errorOf(() => bgnbdFit([[1], [2], [0]], [[5], [10], [0]], [[30], [30], [30]]));
    expect(e.code).toBe("#VALUE!");
    expect(e.message).toMatch(/^BG\/NBD: too few customers to fit: 3 customers for 4 parameters/);
    expect(e.message).not.toMatch(/time unit/);
  });

  it("ids and dates swapped on a small log", () => {
    expect(thrownBy(() => summary([[35431], [35440]], [[1], [2]], [[10], [20]]))).toMatchObject({ code: "#VALUE!", message: expect.stringMatching(/swapped/) });
    // ISO date text in the id column is caught too.
    expect(thrownBy(() => summary([["1997-01-01"], ["1997-01-10"]], [[1], [2]], [[10], [20]]))).toMatchObject({ code: "#VALUE!", message: expect.stringMatching(/swapped/) });
  });
});
