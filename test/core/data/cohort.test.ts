import { describe, expect, it } from "vitest";
import { serialFromIso } from "../../../src/core/data/dates";
import { buildCohorts, cohortMetric, cohortTable } from "../../../src/core/data";
import { readCdnowTransactions } from "../../support/samples";

const d = (iso: string): number => serialFromIso(iso);
const rows = (values: Float64Array[]) => values.map((v) => Array.from(v, (x) => (Number.isNaN(x) ? "" : Math.round(x * 1e9) / 1e9)));

/**
 * Hand example. Data end 2024-03-20.
 *   A: Jan 05 100, Jan 20 50, Mar 02 40          -> cohort 2024-01, active in periods 0 and 2
 *   B: Jan 10 60, Feb 03 30 and -30 (cancelled),
 *      Feb 25 -10 (refund, no purchase)         -> cohort 2024-01, active in period 0 only; revenue Feb -10
 *   C: Dec 28 (2023) -5 (refund before buying),
 *      Feb 14 80, Mar 10 20                      -> cohort 2024-02 (the refund counts in period 0)
 *   D: Feb 01 -15 only                           -> no purchase: no cohort
 * Cohort 2024-01 (A, B), size 2: customers 2, 0, 1; revenue 210, -10, 40.
 * Cohort 2024-02 (C), size 1: customers 1, 1, ""; revenue 75, 20, "" (period 2 = April, after the data end).
 */
const example = {
  customer: ["A", "A", "A", "B", "B", "B", "B", "C", "C", "C", "D"],
  day: ["2024-01-05", "2024-01-20", "2024-03-02", "2024-01-10", "2024-02-03", "2024-02-03", "2024-02-25", "2023-12-28", "2024-02-14", "2024-03-10", "2024-02-01"].map(d),
  amount: [100, 50, 40, 60, 30, -30, -10, -5, 80, 20, -15],
};
// The data end is the last date of any row: add an unrelated row on 2024-03-20.
example.customer.push("E");
example.day.push(d("2024-03-20"));
example.amount.push(12);

describe("cohort table on a hand-computed example", () => {
  const data = buildCohorts(example, { cohortUnit: "M" });
  it("finds the cohorts, their sizes and the periods (E joins 2024-03)", () => {
    expect(data.labels).toEqual(["2024-01", "2024-02", "2024-03"]);
    expect(Array.from(data.sizes)).toEqual([2, 1, 1]);
    expect(data.periods).toBe(3);
    expect(Array.from(data.observed)).toEqual([3, 2, 1]);
    expect(data.excluded).toEqual({ customersWithoutPurchase: 1, rowsWithoutPurchase: 1, rowsBeyondPeriods: 0 });
  });
  it("computes every metric, with blanks (NaN) after the data end", () => {
    expect(rows(cohortMetric(data, "customers"))).toEqual([[2, 0, 1], [1, 1, ""], [1, "", ""]]);
    expect(rows(cohortMetric(data, "retention"))).toEqual([[1, 0, 0.5], [1, 1, ""], [1, "", ""]]);
    expect(rows(cohortMetric(data, "revenue"))).toEqual([[210, -10, 40], [75, 20, ""], [12, "", ""]]);
    expect(rows(cohortMetric(data, "revenue_per_customer"))).toEqual([[105, -5, 20], [75, 20, ""], [12, "", ""]]);
    expect(rows(cohortMetric(data, "cumulative_revenue_per_customer"))).toEqual([[105, 100, 120], [75, 95, ""], [12, "", ""]]);
  });
  it("truncates or extends the period columns on request", () => {
    const two = cohortTable(example, { metric: "customers", periods: 2 });
    expect(rows(two.values)).toEqual([[2, 0], [1, 1], [1, ""]]);
    expect(two.excluded.rowsBeyondPeriods).toBe(1); // A's March purchase is period 2
    const five = cohortTable(example, { metric: "customers", periods: 5 });
    expect(rows(five.values)[0]).toEqual([2, 0, 1, "", ""]);
  });
  it("groups by quarter and year", () => {
    const q = cohortTable(example, { cohortUnit: "Q", metric: "customers" });
    expect(q.labels).toEqual(["2024-Q1"]);
    expect(rows(q.values)).toEqual([[4]]);
    const w = cohortTable(example, { cohortUnit: "W", metric: "customers" });
    expect(w.labels[0]).toBe("2024-W01"); // A: Friday 2024-01-05
    expect(w.periods).toBe(12); // 2024-W01 .. 2024-W12 (2024-03-20 is in W12)
  });
});

describe("CDNOW cohorts (samples/CDNOW_sample.txt: first purchases in 1997 Q1)", () => {
  const tx = readCdnowTransactions();
  const columns = { customer: tx.customer, day: tx.date.map(d), amount: tx.amount };
  it("has 3 monthly cohorts whose sizes add to 2357, matching a direct count of first-purchase months", () => {
    const t = cohortTable(columns, { cohortUnit: "M", metric: "retention" });
    expect(t.labels).toEqual(["1997-01", "1997-02", "1997-03"]);
    expect(t.sizes.reduce((a, b) => a + b, 0)).toBe(2357);
    const firstMonth = new Map<string, string>();
    tx.customer.forEach((c, i) => {
      const m = tx.date[i].slice(0, 7);
      if (!firstMonth.has(c) || m < firstMonth.get(c)!) firstMonth.set(c, m);
    });
    const counts = ["1997-01", "1997-02", "1997-03"].map((m) => [...firstMonth.values()].filter((v) => v === m).length);
    expect(Array.from(t.sizes)).toEqual(counts);
    // 1997-01 .. 1998-06 is 18 months; the March cohort sees 16 of them.
    expect(t.periods).toBe(18);
    expect(Array.from(t.observed)).toEqual([18, 17, 16]);
    expect(t.values.map((v) => v[0])).toEqual([1, 1, 1]);
    expect(Number.isNaN(t.values[2][16])).toBe(true);
    const q = cohortTable(columns, { cohortUnit: "Q" });
    expect(Array.from(q.sizes)).toEqual([2357]);
  });
});

describe("cohort width", () => {
  it("refuses a default width past 10,000 periods (a 9999-12-31 placeholder) and names dates and the way out", () => {
    const placeholder = { customer: ["A", "B"], day: [d("2024-01-05"), d("9999-12-31")], amount: [10, 20] };
    // 2024-W01 to 9999-W52: (serial 2,958,465 − 45,296) / 7 ≈ 416,167 weeks, far past 10,000 columns
    expect(() => cohortTable(placeholder, { cohortUnit: "W" })).toThrow(
      /dates: the dates run from 2024-01-05 to 9999-12-31, 416,1\d\d weeks, more than the 10,000 period columns .* give periods, a longer cohort_unit, or remove placeholder dates/,
    );
    // an explicit width still works on the same data: the first 3 weeks
    const t = cohortTable(placeholder, { cohortUnit: "W", periods: 3 });
    expect(t.periods).toBe(3);
    // yearly cohorts of the same data fit: 2024 to 9999 is 7,976 years
    expect(cohortTable(placeholder, { cohortUnit: "Y" }).periods).toBe(7976);
  });
});
