/** The data-quality report on a small crafted log whose every count is known by construction. */
import { describe, expect, it } from "vitest";
import { serialFromIso } from "../../../src/core/data/dates";
import { looseIdKey, qualityReport, quantileInc } from "../../../src/core/measure/quality";

const NFC: string = "Jos\u00e9";
const NFD: string = "Jose\u0301";
// [id, date, amount, why]
const LOG: [string, string, number, string][] = [
  ["A", "2020-01-01", 10, "purchase"],
  ["A", "2020-01-01", 5, "same day: merged"],
  ["A", "2020-01-01", -3, "return on the purchase day"],
  ["A", "2020-01-10", -5, "return on a later day"],
  ["B", "2020-01-05", -7, "return before any purchase: unmatched"],
  ["B", "2020-01-06", 20, "purchase"],
  ["C", "2020-01-07", 0, "zero amount (a free order)"],
  [" C ", "2020-01-08", 12, "spaces around the id: same customer as C"],
  ["c", "2020-01-09", 11, "differs from C by case only"],
  [NFC, "2020-01-02", 30, "composed é"],
  [NFD, "2020-01-03", 31, "decomposed é: differs by Unicode form"],
  ["D", "2020-01-04", 1000, "outlier"],
  ["E", "2020-02-15", 14, "after the period end: customer left out"],
  ["F", "2020-01-20", -9, "only a return: customer left out, unmatched return"],
  ["G", "2020-01-21", 9, "purchase"],
  ["H", "2020-01-22", 13, "purchase"],
  ["I", "2020-01-23", 10, "purchase"],
  ["AB 12", "2020-01-24", 15, "inner space"],
  ["ab12", "2020-01-25", 16, "differs from 'AB 12' by case and a space"],
];

describe("data-quality report", () => {
  const report = qualityReport(
    { customer: LOG.map((r) => r[0]), day: LOG.map((r) => serialFromIso(r[1])), amount: LOG.map((r) => r[2]) },
    serialFromIso("2020-01-31"),
  );
  const count = (check: string) => {
    const row = report.find((r) => r.check === check);
    if (!row) throw new Error(`no row '${check}'`);
    return row.count;
  };

  it("rows, customers (C and ' C ' are one), purchase days", () => {
    expect(count("rows")).toBe(19);
    expect(count("customers")).toBe(14);
    expect(count("purchase days")).toBe(14);
  });

  it("same-day rows merged: A's three rows on 2020-01-01 make one day, two merged", () => {
    expect(count("same-day rows merged")).toBe(2);
  });

  it("returns: one on the purchase day, one on a later day, two without an earlier purchase", () => {
    expect(count("returns on the day of a purchase")).toBe(1);
    expect(count("returns on a later day")).toBe(1);
    expect(count("returns without an earlier purchase")).toBe(2);
    expect(count("negative amounts")).toBe(4);
    expect(count("zero amounts")).toBe(1);
  });

  it("outliers by Q3 + 3·IQR of the positive amounts (QUARTILE.INC): only 1,000", () => {
    const positive = LOG.map((r) => r[2]).filter((a) => a > 0).sort((a, b) => a - b);
    // 14 values: Q1 = 10.25, Q3 = 19 (by hand: positions 3.25 and 9.75), fence 19 + 3 × 8.75 = 45.25.
    expect(quantileInc(positive, 0.25)).toBeCloseTo(10.25, 12);
    expect(quantileInc(positive, 0.75)).toBeCloseTo(19, 12);
    expect(count("outliers")).toBe(1);
    expect(report.find((r) => r.check === "outliers")!.note).toMatch(/45\.25/);
  });

  it("one row after the period end", () => {
    expect(count("rows after the period end")).toBe(1);
  });

  it("ids: one with spaces around it; three look-alike groups (case, Unicode form, inner space)", () => {
    expect(count("ids with spaces around them")).toBe(1);
    expect(count("ids differing only by case, spaces or Unicode form")).toBe(3);
    expect(looseIdKey(NFC)).toBe(looseIdKey(NFD));
    expect(NFC === NFD).toBe(false);
  });

  it("customers SUMMARY leaves out, and why", () => {
    expect(count("customers in SUMMARY")).toBe(12);
    expect(count("left out: first purchase after the period end")).toBe(1);
    expect(count("left out: no purchase day")).toBe(1);
  });

  it("without a period end the last date ends the period", () => {
    const r = qualityReport({ customer: ["A", "A"], day: [serialFromIso("2020-01-01"), serialFromIso("2020-03-01")], amount: [1, 2] });
    expect(r.find((x) => x.check === "rows after the period end")!.count).toBe(0);
    expect(r.find((x) => x.check === "rows after the period end")!.note).toMatch(/2020-03-01/);
  });
});
