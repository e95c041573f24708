/**
 * Fitted model <-> labelled table (DESIGN §3 "fitted models are values").
 */
import { describe, expect, it } from "vitest";
import { fitToTable, paramsToTable, parseModelTable, predictionUnit } from "../../../src/core/models/table";
import { bgnbd } from "../../../src/core/models/bgnbd";
import { gammaGamma, LEFT_OUT_LABEL } from "../../../src/core/models/gammagamma";
import { paretoNbd } from "../../../src/core/models/paretonbd";
import type { Fit } from "../../../src/core/models/model";
import { thrownBy as error } from "../../support/thrown";

const FIT: Fit = {
  params: { r: 0.2426, alpha: 4.4135, a: 0.7929, b: 2.4258 },
  stdErrors: { r: 0.0126, alpha: 0.378, a: NaN, b: 0.705 },
  logLik: -9582.43,
  n: 2357,
  iterations: 16,
  converged: true,
};

describe("fitToTable", () => {
  it("writes the agreed layout; non-finite numbers become blank", () => {
    expect(fitToTable(bgnbd, FIT)).toEqual([
      ["model", "BG/NBD", ""],
      ["time unit", "W", ""],
      ["parameter", "estimate", "std. error"],
      ["r", 0.2426, 0.0126],
      ["alpha", 4.4135, 0.378],
      ["a", 0.7929, ""],
      ["b", 2.4258, 0.705],
      ["log-likelihood", -9582.43, ""],
      ["parameters", 4, ""],
      // AIC = 2k − 2LL = 8 + 19164.86; BIC = k ln n − 2LL = 4 ln 2357 + 19164.86 (Akaike 1974, Schwarz 1978)
      ["AIC", expect.closeTo(19172.86, 9), ""],
      ["BIC", expect.closeTo(4 * Math.log(2357) + 19164.86, 9), ""],
      ["customers", 2357, ""],
      ["converged", true, ""],
      ["iterations", 16, ""],
    ]);
    expect(fitToTable(bgnbd, FIT, false)[2][0]).toBe("r");
    expect(fitToTable(bgnbd, FIT, true, "D")[1]).toEqual(["time unit", "D", ""]);
  });

  it("appends model-specific rows", () => {
    const t = fitToTable(gammaGamma, { ...FIT, params: { p: 6, q: 4, gamma: 15 }, stdErrors: { p: 1, q: 0.3, gamma: 4 }, extras: [{ label: LEFT_OUT_LABEL, value: 1411 }] });
    expect(t[t.length - 1]).toEqual([LEFT_OUT_LABEL, 1411, ""]);
  });

  it("adds a status row in words when the fit did not converge, after the model's own rows, and still reads back", () => {
    const t = fitToTable(gammaGamma, {
      ...FIT,
      params: { p: 6, q: 4, gamma: 15 },
      stdErrors: { p: 1, q: 0.3, gamma: 4 },
      converged: false,
      message: "stopped after the maximum of 400 iterations",
      extras: [{ label: LEFT_OUT_LABEL, value: 1411 }],
    });
    expect(t.slice(-2)).toEqual([
      [LEFT_OUT_LABEL, 1411, ""],
      ["status", "did not converge: stopped after the maximum of 400 iterations", ""],
    ]);
    expect(t.find((r) => r[0] === "converged")).toEqual(["converged", false, ""]);
    expect(parseModelTable(t).converged).toBe(false);
    expect(fitToTable(bgnbd, FIT).some((r) => r[0] === "status")).toBe(false);
  });

  it("round-trips through parseModelTable", () => {
    const spec = parseModelTable(fitToTable(bgnbd, FIT));
    expect(spec.model).toBe(bgnbd);
    expect(spec.params).toEqual(FIT.params);
    expect(spec.stdErrors).toEqual({ r: 0.0126, alpha: 0.378, b: 0.705 });
    expect(spec).toMatchObject({ logLik: -9582.43, n: 2357, converged: true, iterations: 16, timeUnit: "W", timeUnitStated: true });
    expect(parseModelTable(fitToTable(bgnbd, FIT, true, "M"))).toMatchObject({ timeUnit: "M", timeUnitStated: true });
    expect(parseModelTable(paramsToTable(paretoNbd, { r: 1, alpha: 2, s: 3, beta: 4 })).params).toEqual({ r: 1, alpha: 2, s: 3, beta: 4 });
  });
});

describe("parseModelTable on hand-typed tables", () => {
  it("accepts 2 columns, any label case and order, Greek letters, numeric text, extra rows", () => {
    const spec = parseModelTable([
      ["  MODEL ", "pareto/nbd"],
      ["source", "FHL 2005"],
      ["β", "11.669"],
      ["R", 0.553],
      ["α", 10.578],
      ["s", 0.606],
      [null, null],
    ]);
    expect(spec.model).toBe(paretoNbd);
    expect(spec.params).toEqual({ r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 });
    expect(spec.converged).toBeUndefined();
  });

  it("names the missing or bad label and row", () => {
    expect(error(() => parseModelTable([["model", "BG/NBD"], ["r", 1], ["alpha", 2], ["a", 3]])).message).toMatch(/no 'b' row; a BG\/NBD table needs rows r, alpha, a, b/);
    expect(error(() => parseModelTable([["r", 1]])).message).toMatch(/no 'model' row/);
    expect(error(() => parseModelTable([["model", ""]])).message).toMatch(/'model' row \(row 1\) has no name/);
    expect(error(() => parseModelTable([["model", "BG/NBD"], ["r", "abc"], ["alpha", 2], ["a", 3], ["b", 4]])).message).toMatch(/'r' row \(row 2\) has 'abc', not a positive number/);
    expect(error(() => parseModelTable([["model", "BG/NBD"], ["r", 0], ["alpha", 2], ["a", 3], ["b", 4]])).message).toMatch(/'r' row \(row 2\) has 0/);
    expect(error(() => parseModelTable([["model", "BG/NBD"], ["r", 1], ["r", 2], ["alpha", 2], ["a", 3], ["b", 4]])).message).toMatch(/more than one 'r' row \(rows 2, 3\)/);
    expect(error(() => parseModelTable([["model"], ["r"]])).message).toMatch(/at least 2 columns/);
    const e = error(() => parseModelTable([["model", "NBD/XYZ"]], "transaction_model"));
    expect(e.kind).toBe("value");
    expect(e.message).toMatch(/^transaction_model: unknown model 'NBD\/XYZ'. Known models: BG\/NBD, Pareto\/NBD, MBG\/NBD/);
  });
});

describe("time units in model tables", () => {
  const hand = [
    ["model", "BG/NBD"],
    ["r", 0.243],
    ["alpha", 4.414],
    ["a", 0.793],
    ["b", 2.426],
  ];
  it("a table without a time unit row is read in the default unit, weeks, and says so", () => {
    expect(parseModelTable(hand)).toMatchObject({ timeUnit: "W", timeUnitStated: false });
    expect(parseModelTable([...hand, ["Time Unit", "days"]])).toMatchObject({ timeUnit: "D", timeUnitStated: true });
  });
  it("an unreadable unit is named", () => {
    expect(error(() => parseModelTable([...hand, ["time unit", "fortnight"]])).message).toMatch(/'time unit' row \(row 6\) has 'fortnight'; write D, W, M or Y/);
  });
  it("an explicit unit that disagrees with the table is an error saying both", () => {
    const spec = parseModelTable(fitToTable(bgnbd, FIT, true, "W"));
    expect(predictionUnit(spec, undefined)).toBe("W");
    expect(predictionUnit(spec, "W")).toBe("W");
    const e = error(() => predictionUnit(spec, "D"));
    expect(e.kind).toBe("value");
    expect(e.message).toMatch(/^time_unit is D \(days\) but model was fitted in weeks \(its 'time unit' row says W\)/);
    expect(error(() => predictionUnit(parseModelTable(hand), "M")).message).toMatch(/model has no 'time unit' row, so it is read in the default unit W \(weeks\)/);
  });
});
