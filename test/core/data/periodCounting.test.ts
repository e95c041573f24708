/**
 * Period counting (calendar weeks Monday-Sunday and calendar months, as lifetimes'
 * summary_data_from_transaction_data(freq="W"/"M") does): a small log by hand, and CDNOW weekly
 * against a brute-force count written with JavaScript dates only.
 */
import { describe, expect, it } from "vitest";
import { serialFromIso } from "../../../src/core/data/dates";
import { splitByPeriod, summarizeTransactionsByPeriod } from "../../../src/core/data/periodCounting";
import { summarizeTransactions } from "../../../src/core/data/summary";
import { readCdnowTransactions } from "../../support/samples";

// 2024-01-01 is a Monday. A: two days in week 0, one in week 1, one in week 7 (with a return on the
// next day of that week). B: a purchase on Sunday 2024-01-07 (week 0) and a return only on Monday.
const LOG: [string, string, number][] = [
  ["A", "2024-01-01", 10],
  ["A", "2024-01-03", 20],
  ["A", "2024-01-09", 5],
  ["A", "2024-02-20", 7],
  ["A", "2024-02-21", -2],
  ["B", "2024-01-07", 10],
  ["B", "2024-01-08", -10],
];
const tx = { customer: LOG.map((r) => r[0]), day: LOG.map((r) => serialFromIso(r[1])), amount: LOG.map((r) => r[2]) };
const END = serialFromIso("2024-03-31"); // a Sunday: week 12 (from 2024-03-25), month March

describe("summary counted by calendar period", () => {
  it("weeks: A buys in weeks 0, 1 and 7 → x 2, recency 7, T 12, monetary (5 + 5)/2", () => {
    const s = summarizeTransactionsByPeriod(tx, { periodEnd: END }, "W");
    expect(s.customer).toEqual(["A", "B"]);
    expect(Array.from(s.frequency)).toEqual([2, 0]);
    expect(Array.from(s.recency)).toEqual([7, 0]);
    expect(Array.from(s.T)).toEqual([12, 12]);
    expect(s.monetary[0]).toBeCloseTo(5, 12);
    expect(s.timeUnit).toBe("W");
    // Dates, totals and counts stay those of the day-counted summary.
    const daily = summarizeTransactions(tx, { periodEnd: END });
    expect(Array.from(s.firstPurchase)).toEqual(Array.from(daily.firstPurchase));
    expect(Array.from(s.totalSpend)).toEqual(Array.from(daily.totalSpend));
    expect(daily.frequency[0]).toBe(3);
  });

  it("months: A buys in January and February → x 1, recency 1, T 2, monetary 7 − 2", () => {
    const s = summarizeTransactionsByPeriod(tx, { periodEnd: END }, "M");
    expect(Array.from(s.frequency)).toEqual([1, 0]);
    expect(Array.from(s.recency)).toEqual([1, 0]);
    expect(Array.from(s.T)).toEqual([2, 2]);
    expect(s.monetary[0]).toBeCloseTo(5, 12);
  });

  it("split: calibration to Wednesday 2024-01-31 (week 4), holdout to 2024-03-31", () => {
    const w = splitByPeriod(tx, { calibrationEnd: serialFromIso("2024-01-31"), observationEnd: END }, "W");
    expect(Array.from(w.frequency)).toEqual([1, 0]);
    expect(Array.from(w.T)).toEqual([4, 4]);
    expect(Array.from(w.frequencyHoldout)).toEqual([1, 0]);
    expect(w.monetaryHoldout[0]).toBeCloseTo(5, 12);
    expect(w.durationHoldout).toBe(8);
    const m = splitByPeriod(tx, { calibrationEnd: serialFromIso("2024-01-31"), observationEnd: END }, "M");
    expect(Array.from(m.frequency)).toEqual([0, 0]);
    expect(Array.from(m.frequencyHoldout)).toEqual([1, 0]);
    expect(m.durationHoldout).toBe(2);
  });
});

describe("CDNOW counted by calendar week, against brute force", () => {
  it("frequency, recency and T of all 2,357 customers at 1997-09-30", () => {
    const raw = readCdnowTransactions();
    const s = summarizeTransactionsByPeriod({ customer: raw.customer.map(Number), day: raw.date.map(serialFromIso), amount: raw.amount }, { periodEnd: serialFromIso("1997-09-30") }, "W");
    // Week number: days since Monday 1996-12-30, divided by 7 (JavaScript dates, UTC).
    const week = (iso: string) => Math.floor((Date.parse(`${iso}T00:00:00Z`) - Date.parse("1996-12-30T00:00:00Z")) / (7 * 86400000));
    const weeks = new Map<number, Set<number>>();
    raw.customer.forEach((c, i) => {
      if (raw.date[i] > "1997-09-30") return;
      const set = weeks.get(Number(c)) ?? new Set<number>();
      set.add(week(raw.date[i]));
      weeks.set(Number(c), set);
    });
    const ids = [...weeks.keys()].sort((a, b) => a - b);
    expect(s.customer).toEqual(ids);
    const endWeek = week("1997-09-30");
    ids.forEach((id, i) => {
      const w = [...weeks.get(id)!].sort((a, b) => a - b);
      expect(s.frequency[i]).toBe(w.length - 1);
      expect(s.recency[i]).toBe(w[w.length - 1] - w[0]);
      expect(s.T[i]).toBe(endWeek - w[0]);
    });
    // Counting weeks merges purchase days: fewer repeat purchases than CLV.SUMMARY's days.
    const days = summarizeTransactions({ customer: raw.customer.map(Number), day: raw.date.map(serialFromIso), amount: raw.amount }, { periodEnd: serialFromIso("1997-09-30") });
    expect(s.frequency.reduce((a, b) => a + b, 0)).toBeLessThan(days.frequency.reduce((a, b) => a + b, 0));
  });
});
