/**
 * The data custom functions through their Excel signatures: ranges as any[][], optional arguments as
 * null, tables with headers, "" for blanks, and error values whose messages name argument and row.
 */
import { describe, expect, it } from "vitest";
import { cohort, rfmScore, rfmSegmentFn, rfmTableFn, split, summary, tier } from "../../src/functions/data";
import { serialFromIso } from "../../src/core/data/dates";
import { clearLedgerCache } from "../../src/core/data";
import { published, readCdnowTransactions, readSampleCsv } from "../support/samples";
import { thrownBy as errorOf } from "../support/thrown";

const col = (...v: unknown[]): unknown[][] => v.map((x) => [x]);
/** What Excel passes for an omitted optional range argument (typed `p?: any[][]`). */
const OMITTED = null as unknown as undefined;
const d = (iso: string): number => serialFromIso(iso);

/** A small log with a same-day merge, a partial refund, a full refund and a blank tail. */
const ids = col("B", "A", "A", "A", 10, 10, "B", null, null);
const dates = col("2024-01-05", "2024-01-01", "2024-01-01", d("2024-01-15"), "2024-01-02", "2024-01-20", "2024-01-05", null, "");
const amounts = col(40, 10, 5, 20, 7, -7, -10, "", null);

describe("CLV.SUMMARY", () => {
  it("spills one row per customer with headers, ordered numbers first, returns counted", () => {
    const t = summary(ids, dates, amounts, "2024-01-31", "D", null);
    expect(t[0]).toEqual(["customer", "frequency", "recency", "T", "monetary", "total_spend", "first_purchase", "last_purchase", "transactions", "returns"]);
    // 10: 01-02 +7, 01-20 -7 (refund on a day without purchase): x 0, spend 0, 1 return
    expect(t[1]).toEqual([10, 0, 0, 29, 0, 0, d("2024-01-02"), d("2024-01-02"), 2, 1]);
    // A: 01-01 10 + 5 merge, 01-15 20
    expect(t[2]).toEqual(["A", 1, 14, 30, 20, 35, d("2024-01-01"), d("2024-01-15"), 3, 0]);
    // B: 01-05 40 and -10 on the same day: partial refund, one purchase day of 30
    expect(t[3]).toEqual(["B", 0, 0, 26, 0, 30, d("2024-01-05"), d("2024-01-05"), 2, 1]);
    expect(t.length).toBe(4);
  });

  it("defaults period_end to the last date, time_unit to weeks (the project default), and drops the header row on request", () => {
    const t = summary(ids, dates, amounts, null, null, false);
    expect(t.length).toBe(3);
    expect(t[1][3]).toBeCloseTo((d("2024-01-20") - d("2024-01-01")) / 7, 12); // A's T in weeks
    const days = summary(ids, dates, amounts, null, "D", false);
    expect(days[1][3]).toBe(19);
  });

  it("gives #VALUE! naming the argument and row for a partly blank row, an unreadable date or a text amount", () => {
    expect(errorOf(() => summary(col("A", "B"), col(d("2024-01-01"), null), col(1, 2), null, null, null))).toEqual(
      expect.objectContaining({ code: "#VALUE!", message: "dates: row 2 is blank but customer_ids and amounts have a value; fill it in or clear the whole row" }),
    );
    expect(errorOf(() => summary(col("A", "B"), col("2024-01-01", "2024-13-01"), col(1, 2), null, null, null))).toEqual(
      expect.objectContaining({ code: "#VALUE!", message: "dates: row 2 is '2024-13-01', not a date (use an Excel date or ISO text like 1997-01-31)" }),
    );
    expect(errorOf(() => summary(col("A", "B"), col("2024-01-01", "2024-01-02"), col(1, "ten"), null, null, null))).toEqual(
      expect.objectContaining({ code: "#VALUE!", message: "amounts: row 2 is 'ten', not a number" }),
    );
    expect(errorOf(() => summary(col("A"), col("2024-01-01"), col(1), "soon", null, null))).toMatchObject({ code: "#VALUE!", message: expect.stringMatching(/^period_end is 'soon', not a date/) });
    expect(errorOf(() => summary(col("A"), col("2024-01-01"), col(1), null, "fortnight", null))).toMatchObject({ code: "#VALUE!", message: expect.stringMatching(/^time_unit is 'fortnight'/) });
    expect(errorOf(() => summary(col(null), col(null), col(null), null, null, null))).toMatchObject({ code: "#N/A" });
    expect(errorOf(() => summary(col("A"), col("2024-01-01"), col(1), "2023-12-31", null, null))).toMatchObject({
      code: "#N/A",
      message: "no customer made a purchase on or before 2023-12-31 (the data start on 2024-01-01)",
    });
  });
});

describe("CLV.SUMMARY recalculated over the same cells (the ledger and its last summary are reused)", () => {
  // Serial dates, so that the cells' ledger is cached; each answer must be the uncached one.
  const c = col("B", "A", "A", 10);
  const s = col(d("2024-01-05"), d("2024-01-01"), d("2024-01-15"), d("2024-01-02"));
  const a = col(40, 10, 20, 7);
  const fresh = (...args: unknown[]) => {
    clearLedgerCache();
    return summary(c, s, a, ...(args as [unknown, unknown, unknown, unknown]));
  };

  it("a new period_end, time_unit or count_by gives its own summary, never the last one", () => {
    clearLedgerCache();
    const calls: unknown[][] = [
      ["2024-01-31", "D", null, null],
      ["2024-01-20", "D", null, null],
      ["2024-01-20", "W", null, null],
      ["2024-01-20", "W", null, "W"],
      ["2024-01-31", "D", null, null],
    ];
    const answers = calls.map((args) => summary(c, s, a, ...(args as [unknown, unknown, unknown, unknown])));
    calls.forEach((args, i) => expect(answers[i]).toEqual(fresh(...args)));
    // A's T: 30 days to 01-31, 19 days to 01-20, 19/7 weeks; counted in calendar weeks, 2 whole weeks.
    expect(answers.map((t) => t[2][3])).toEqual([30, 19, 19 / 7, 2, 30]);
  });

  it("a table over Excel's 5 MB is refused again on recalculation, and other arguments still get their table", () => {
    clearLedgerCache();
    // 100,000 customers, one purchase each, on 1,000 different days: a 100,001-row summary (about 5.5 MB with T in weeks).
    const n = 100_000;
    const many = Array.from({ length: n }, (_, i) => [`C${String(i).padStart(6, "0")}`]);
    const days = Array.from({ length: n }, (_, i) => [d("2024-01-01") + (i % 1_000)]);
    const ones = Array.from({ length: n }, () => [1]);
    const first = errorOf(() => summary(many, days, ones, null, "W", null));
    expect(first).toMatchObject({ code: "#VALUE!", message: expect.stringMatching(/^The result would be 100,001 rows by 10 columns, about 4\.8 MB or more, over the 5 MB/) });
    expect(errorOf(() => summary(many, days, ones, null, "W", null))).toEqual(first);
    // Up to the first day only customers 0, 1000, 2000, ... have bought: 100 rows.
    const early = summary(many, days, ones, "2024-01-01", "W", null);
    expect(early.length).toBe(101);
    expect(early[1]).toEqual(["C000000", 0, 0, 0, 0, 1, d("2024-01-01"), d("2024-01-01"), 1, 0]);
    expect(errorOf(() => summary(many, days, ones, null, "W", null))).toEqual(first);
  });

  it("SPLIT, RFM.TABLE and COHORT recalculated with other arguments give their own answers, never the last one", () => {
    clearLedgerCache();
    const uncached = <T>(call: () => T): T => {
      clearLedgerCache();
      return call();
    };
    const splits = [
      () => split(c, s, a, "2024-01-10", "2024-01-31", "D", null),
      () => split(c, s, a, "2024-01-05", "2024-01-31", "D", null),
      () => split(c, s, a, "2024-01-05", "2024-01-31", "W", null),
    ];
    const rfms = [() => rfmTableFn(c, s, a, null, null, null), () => rfmTableFn(c, s, a, "2024-01-10", null, null), () => rfmTableFn(c, s, a, "2024-01-10", 3, false)];
    const cohorts = [
      () => cohort(c, s, a, "M", "customers", null, null),
      () => cohort(c, s, a, "W", "customers", null, null),
      () => cohort(c, s, a, "W", "revenue", null, null),
      () => cohort(c, s, a, "W", "revenue", 2, false),
    ];
    for (const calls of [splits, rfms, cohorts] as (() => unknown[][])[][]) {
      clearLedgerCache();
      const answers = calls.map((call) => call());
      calls.forEach((call, i) => expect(answers[i]).toEqual(uncached(call)));
      expect(new Set(answers.map((t) => JSON.stringify(t))).size).toBe(calls.length);
    }
  });
});

describe("CDNOW through the function path (samples/)", () => {
  const tx = readCdnowTransactions();
  const idCells = tx.customer.map((c) => [Number(c)]);
  const textDates = tx.date.map((t) => [t]);
  const serialDates = tx.date.map((t) => [d(t)]);
  const amountCells = tx.amount.map((a) => [a]);

  it("CLV.SUMMARY(…, 1997-09-30, \"W\") reproduces cdnow_customers_summary.csv (x exact; t_x, T within 0.005), ISO text = serials", () => {
    const expected = readSampleCsv("cdnow_customers_summary.csv");
    const fromText = summary(idCells, textDates, amountCells, "1997-09-30", "W", true);
    const fromSerial = summary(idCells, serialDates, amountCells, d("1997-09-30"), "W", true);
    expect(fromText).toEqual(fromSerial);
    expect(fromText.length).toBe(2358);
    expected.forEach((row, i) => {
      const r = fromText[i + 1];
      expect(r[0]).toBe(row.ID);
      expect(r[1]).toBe(row.frequency);
      expect(Math.abs((r[2] as number) - (row.recency as number))).toBeLessThanOrEqual(0.005 + 1e-12);
      expect(Math.abs((r[3] as number) - (row.T as number))).toBeLessThanOrEqual(0.005 + 1e-12);
    });
  });

  it("CLV.SPLIT at 1997-09-30 / 1998-06-30 has 1882 holdout repeat purchase days (published.json cdnow.holdout)", () => {
    const t = split(idCells, textDates, amountCells, "1997-09-30", "1998-06-30", "W", true);
    expect(t[0]).toEqual(["customer", "frequency_cal", "recency_cal", "T_cal", "monetary_cal", "frequency_holdout", "monetary_holdout", "duration_holdout"]);
    const total = t.slice(1).reduce((acc, r) => acc + (r[5] as number), 0);
    expect(total).toBe(published().cdnow.holdout.actual_repeat_purchase_days_in_holdout_total);
    expect(t[1][7]).toBe(39);
  });

  it("CLV.COHORT has 3 monthly cohorts adding to 2357, with \"\" after the data end", () => {
    const t = cohort(idCells, serialDates, amountCells, null, "retention", null, null);
    expect(t[0].slice(0, 4)).toEqual(["cohort", "size", "M0", "M1"]);
    expect(t[0].length).toBe(2 + 18);
    expect(t.slice(1).map((r) => r[0])).toEqual(["1997-01", "1997-02", "1997-03"]);
    expect(t.slice(1).reduce((acc, r) => acc + (r[1] as number), 0)).toBe(2357);
    expect(t[3][2]).toBe(1);
    expect(t[3][2 + 16]).toBe(""); // March cohort, period 16 = July 1998: after the data end
    expect(t[3][2 + 15]).not.toBe("");
  });

  it("CLV.RFM.TABLE scores every customer", () => {
    const t = rfmTableFn(idCells, serialDates, amountCells, null, null, null);
    expect(t[0]).toEqual(["customer", "days_since_last_purchase", "purchase_days", "total_spend", "R", "F", "M", "RFM", "segment"]);
    expect(t.length).toBe(2358);
    expect(t[1][7]).toBe(`${t[1][4]}${t[1][5]}${t[1][6]}`);
  });
});

describe("CLV.SPLIT, CLV.RFM.TABLE and CLV.COHORT on the small log", () => {
  it("CLV.SPLIT checks the dates", () => {
    expect(errorOf(() => split(ids, dates, amounts, "2024-01-31", "2024-01-01", null, null))).toMatchObject({
      code: "#VALUE!",
      message: "observation_end (2024-01-01) must be after calibration_end (2024-01-31)",
    });
    const t = split(ids, dates, amounts, "2024-01-10", "2024-01-31", "D", false);
    expect(t.map((r) => [r[0], r[5], r[6], r[7]])).toEqual([
      [10, 0, 0, 21],
      ["A", 1, 20, 21],
      ["B", 0, 0, 21],
    ]);
  });

  it("CLV.RFM.TABLE gives days since last purchase, purchase days, spend, scores and segment", () => {
    const t = rfmTableFn(ids, dates, amounts, "2024-01-31", 3, false);
    // days since: 10 -> 29, A -> 16, B -> 26; purchase days 1, 2, 1; spend 0, 35, 30
    expect(t.map((r) => r.slice(0, 4))).toEqual([
      [10, 29, 1, 0],
      ["A", 16, 2, 35],
      ["B", 26, 1, 30],
    ]);
    // bins 3: R (above-counts 0, 2, 1) -> 1, 3, 2; F (below 0, 2, 0) -> 1, 3, 1; M (below 0, 2, 1) -> 1, 3, 2
    expect(t.map((r) => r.slice(4))).toEqual([
      [1, 1, 1, "111", "Lost"],
      [3, 3, 3, "333", "Champions"],
      [2, 1, 2, "212", "About to sleep"],
    ]);
  });

  it("CLV.COHORT by week with the revenue metric", () => {
    const t = cohort(ids, dates, amounts, "W", "revenue", null, true);
    // 2024-01-01 is a Monday (2024-W01). A and 10 join in W01, B too (01-05). W02 (01-08 .. 01-14) has no
    // rows; W03 (01-15 .. 01-21) has A's 20 and 10's refund of 7. The data end, 01-20, is in W03.
    expect(t[0]).toEqual(["cohort", "size", "W0", "W1", "W2"]);
    expect(t[1]).toEqual(["2024-W01", 3, 15 + 7 + 30, 0, 20 - 7]);
  });

  it("refuses an unknown metric or unit", () => {
    expect(errorOf(() => cohort(ids, dates, amounts, "D", null, null, null))).toMatchObject({ code: "#VALUE!", message: expect.stringMatching(/^cohort_unit is 'D'/) });
    expect(errorOf(() => cohort(ids, dates, amounts, null, "profit", null, null))).toMatchObject({ code: "#VALUE!", message: expect.stringMatching(/^metric is 'profit'/) });
  });
});

describe("CLV.RFM.SCORE, CLV.RFM.SEGMENT, CLV.TIER", () => {
  it("CLV.RFM.SCORE spills R, F, M and the code aligned with the input, blank rows blank", () => {
    // n = 4 scored rows, bins 5: score = 1 + floor(5 × count / 4) with count = values above (R) or
    // below (F, M): counts 0..3 give 1, 2, 3, 4 (with 4 customers no one reaches 5).
    const t = rfmScore(col(5, 40, null, 10, 90), col(4, 1, null, 2, 1), col(300, 20, null, 80, 15), null);
    expect(t).toEqual([
      [4, 4, 4, "444"],
      [2, 1, 2, "212"],
      ["", "", "", ""],
      [3, 3, 3, "333"],
      [1, 1, 1, "111"],
    ]);
    expect(errorOf(() => rfmScore(col(5, "x"), col(1, 1), col(1, 1), null))).toMatchObject({ code: "#VALUE!", message: expect.stringMatching(/^recency_days: row 2 is 'x'/) });
    expect(errorOf(() => rfmScore(col(5), col(1), col(1), 12))).toMatchObject({ code: "#VALUE!", message: expect.stringMatching(/^bins is 12/) });
  });

  it("CLV.RFM.SEGMENT works on single cells and on columns", () => {
    // A single value reaches a range parameter as a 1×1 matrix.
    expect(rfmSegmentFn([[5]], [[5]], OMITTED, null)).toEqual([["Champions"]]);
    expect(rfmSegmentFn(col(1, null, 3), col(1, null, 3), OMITTED, null)).toEqual([["Lost"], [""], ["Need attention"]]);
    expect(rfmSegmentFn([[5]], [[3]], [[5]], null)).toEqual([["Champions"]]);
    expect(rfmSegmentFn([[3]], [[3]], OMITTED, 3)).toEqual([["Champions"]]);
    expect(errorOf(() => rfmSegmentFn([[6]], [[1]], OMITTED, null))).toMatchObject({ code: "#VALUE!", message: expect.stringMatching(/^r: row 1 is 6; it must be at most 5/) });
  });

  it("CLV.TIER labels values by default quantiles, user cutoffs and labels, blanks stay blank", () => {
    const values = col(10, 20, 30, 40, null, 50, 60, 70, 80, 90, 100);
    expect(tier(values, OMITTED, OMITTED, null).map((r) => r[0])).toEqual(["Low", "Low", "Low", "Low", "", "Low", "Medium", "Medium", "Medium", "High", "High"]);
    expect(tier(col(5, 50, 500), col(100, 10), col("Gold", "Silver", "Bronze"), null)).toEqual([["Bronze"], ["Silver"], ["Gold"]]);
    expect(tier(col(0.2, 0.6), [[0.5]], [["likely", "unlikely"]], "value")).toEqual([["unlikely"], ["likely"]]);
    expect(errorOf(() => tier(col(1, 2), col(0.8, 0.5), col("a", "b"), null))).toMatchObject({
      code: "#VALUE!",
      message: "labels: 2 cutoffs make 3 tiers, so give 3 labels (got 2)",
    });
  });
});

describe("SUMMARY and SPLIT counting by calendar period (count_by)", () => {
  // 2024-01-01 is a Monday: A buys in weeks 0, 0, 1 and 7 (see test/core/data/periodCounting.test.ts).
  const ids = [["A"], ["A"], ["A"], ["A"]];
  const dates = [["2024-01-01"], ["2024-01-03"], ["2024-01-09"], ["2024-02-20"]];
  const amounts = [[10], [20], [5], [7]];

  it("count_by W gives whole weeks; days stay the default", () => {
    const byWeek = summary(ids, dates, amounts, "2024-03-31", null, null, "W") as unknown[][];
    expect(byWeek[1].slice(0, 4)).toEqual(["A", 2, 7, 12]);
    const byDay = summary(ids, dates, amounts, "2024-03-31", "D", null, null) as unknown[][];
    expect(byDay[1].slice(0, 4)).toEqual(["A", 3, 50, 90]);
  });

  it("SPLIT with count_by M: duration in months", () => {
    const out = split(ids, dates, amounts, "2024-01-31", "2024-03-31", null, null, "M") as unknown[][];
    expect(out[1]).toEqual(["A", 0, 0, 0, 0, 1, 7, 2]);
  });

  it("a time_unit that disagrees with count_by is #VALUE! naming both", () => {
    let err: any;
    try {
      summary(ids, dates, amounts, null, "D", null, "W");
    } catch (e) {
      err = e;
    }
    expect(err.code).toBe("#VALUE!");
    expect(err.message).toMatch(/time_unit.*count_by/);
  });
});
