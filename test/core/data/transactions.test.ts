/**
 * The daily ledger and the summary rules on hand-made logs: same-day merges, partial and full refunds,
 * refunds on days without purchases, free orders, id identity and order, validation messages; then a
 * brute-force comparison on seeded random logs (a naive Map-based implementation of the same rules).
 */
import { describe, expect, it } from "vitest";
import { serialFromIso } from "../../../src/core/data/dates";
import { ClvError } from "../../../src/core/errors";
import { buildDailyLedger, readTransactionCells, summarizeTransactions, TransactionColumns, compareCustomerIds } from "../../../src/core/data";
import { canonicalCustomerId } from "../../../src/core/data/customerIds";
import { createRng } from "../../../src/core/math/random";
import { summaryRow } from "./summaryRow";

const d = (iso: string): number => serialFromIso(iso);

function log(rows: [unknown, string | number, number][]): TransactionColumns {
  return {
    customer: rows.map((r) => r[0]),
    day: rows.map((r) => (typeof r[1] === "string" ? d(r[1]) : r[1])),
    amount: rows.map((r) => r[2]),
  };
}


function errorOf(f: () => unknown): ClvError {
  try {
    f();
  } catch (e) {
    if (e instanceof ClvError) return e;
    throw e;
  }
  throw new Error("expected a ClvError");
}

describe("same-day merges and refunds (hand-computed)", () => {
  it("merges rows of one customer on one day into one purchase day with the net amount", () => {
    const s = summarizeTransactions(
      log([
        ["A", "2024-01-01", 10],
        ["A", "2024-01-01", 5], // same day: one purchase day of 15
        ["A", "2024-01-08", 20],
        ["A", "2024-01-08", 4],
        ["A", 45299.75, 6], // 2024-01-08 18:00: the time of day is ignored, same day again
      ]),
      { periodEnd: d("2024-01-15"), timeUnit: "D" },
    );
    expect(summaryRow(s, "A")).toEqual({ x: 1, tx: 7, T: 14, monetary: 30, spend: 45, first: d("2024-01-01"), last: d("2024-01-08"), transactions: 5, returns: 0 });
  });

  it("a partial refund nets within the day; the day stays a purchase day", () => {
    const s = summarizeTransactions(
      log([
        ["A", "2024-01-01", 100],
        ["A", "2024-01-10", 50],
        ["A", "2024-01-10", -20],
      ]),
      { periodEnd: d("2024-01-31"), timeUnit: "D" },
    );
    expect(summaryRow(s, "A")).toMatchObject({ x: 1, tx: 9, T: 30, monetary: 30, spend: 130, transactions: 3, returns: 1 });
  });

  it("a full refund on the day of the purchase cancels the purchase day", () => {
    const s = summarizeTransactions(
      log([
        ["A", "2024-01-01", 100],
        ["A", "2024-01-10", 50],
        ["A", "2024-01-10", -50],
        ["A", "2024-01-12", 40],
        ["A", "2024-01-12", -60], // refund larger than the day's purchases: net -20, not a purchase day
      ]),
      { periodEnd: d("2024-01-31"), timeUnit: "D" },
    );
    expect(summaryRow(s, "A")).toMatchObject({ x: 0, tx: 0, monetary: 0, spend: 80, last: d("2024-01-01"), transactions: 5, returns: 2 });
  });

  it("a refund on a day without purchases lowers spend but keeps every purchase day", () => {
    const s = summarizeTransactions(
      log([
        ["A", "2024-01-01", 100],
        ["A", "2024-01-05", 60],
        ["A", "2024-01-20", -60], // returns the 01-05 order two weeks later
      ]),
      { periodEnd: d("2024-01-31"), timeUnit: "D" },
    );
    expect(summaryRow(s, "A")).toMatchObject({ x: 1, tx: 4, monetary: 60, spend: 100, last: d("2024-01-05"), transactions: 3, returns: 1 });
  });

  it("a free order (amount 0, no return) is a purchase day; a customer with only refunds is left out and counted", () => {
    const s = summarizeTransactions(
      log([
        ["A", "2024-01-01", 0],
        ["A", "2024-01-03", 0],
        ["B", "2024-01-02", -15],
        ["C", "2024-01-02", 5],
        ["C", "2024-01-02", -5],
      ]),
      { periodEnd: d("2024-01-31"), timeUnit: "D" },
    );
    expect(s.customer).toEqual(["A"]);
    expect(summaryRow(s, "A")).toMatchObject({ x: 1, tx: 2, monetary: 0, spend: 0 });
    expect(s.excluded).toEqual({ rowsAfterPeriodEnd: 0, customersAfterPeriodEnd: 0, customersWithoutPurchase: 2, rowsWithoutPurchase: 3 });
    expect(s.returnCount).toBe(2);
    expect(s.rowCount).toBe(5);
  });

  it("ignores rows after period_end and leaves out customers first seen after it; period_end defaults to the last date", () => {
    const tx = log([
      ["A", "2024-01-01", 10],
      ["A", "2024-03-01", 10],
      ["B", "2024-02-15", 10],
    ]);
    const s = summarizeTransactions(tx, { periodEnd: d("2024-01-31"), timeUnit: "D" });
    expect(s.customer).toEqual(["A"]);
    expect(summaryRow(s, "A")).toMatchObject({ x: 0, T: 30, transactions: 1 });
    expect(s.excluded).toMatchObject({ rowsAfterPeriodEnd: 2, customersAfterPeriodEnd: 1 });
    const all = summarizeTransactions(tx, { timeUnit: "D" });
    expect(all.periodEnd).toBe(d("2024-03-01"));
    expect(all.customer).toEqual(["A", "B"]);
    expect(summaryRow(all, "B").T).toBe(d("2024-03-01") - d("2024-02-15"));
  });

  it("expresses recency and T in the unit: D = 1, W = 7, M = 365.25/12, Y = 365.25 days (DESIGN §2)", () => {
    const tx = log([
      ["A", "2023-01-01", 10],
      ["A", "2023-03-01", 10],
    ]);
    const end = d("2024-01-01"); // 365 days after the first purchase, 2023-03-01 is day 59
    const days = { D: 1, W: 7, M: 365.25 / 12, Y: 365.25 } as const;
    for (const unit of ["D", "W", "M", "Y"] as const) {
      const r = summaryRow(summarizeTransactions(tx, { periodEnd: end, timeUnit: unit }), "A");
      expect(r.tx).toBeCloseTo(59 / days[unit], 12);
      expect(r.T).toBeCloseTo(365 / days[unit], 12);
    }
  });

  it("sorts a long unsorted history (native-sort path, > 32 rows) and keeps same-day sums in input order", () => {
    const rows: [unknown, number, number][] = [];
    for (let i = 0; i < 200; i++) rows.push(["A", 45000 + ((i * 37) % 100), 1 + (i % 7)]);
    const s = summarizeTransactions(log(rows), { periodEnd: 45100 });
    const days = new Map<number, number>();
    for (const [, day, a] of rows) days.set(day, (days.get(day) ?? 0) + a);
    const sorted = [...days.keys()].sort((a, b) => a - b);
    const r = summaryRow(s, "A");
    expect(r.x).toBe(sorted.length - 1);
    expect(r.first).toBe(sorted[0]);
    expect(r.last).toBe(sorted[sorted.length - 1]);
    const repeatMean = sorted.slice(1).reduce((acc, day) => acc + days.get(day)!, 0) / (sorted.length - 1);
    expect(r.monetary).toBeCloseTo(repeatMean, 12);
  });
});

describe("customer ids", () => {
  it("treats a number and its plain text as one customer, keeps '0042' as text, trims text, orders numbers then text", () => {
    const s = summarizeTransactions(
      log([
        ["b", "2024-01-01", 1],
        [10, "2024-01-01", 1],
        ["42", "2024-01-01", 1],
        [42, "2024-01-02", 1],
        ["0042", "2024-01-01", 1],
        [" a ", "2024-01-01", 1],
        ["A", "2024-01-01", 1],
        [2, "2024-01-01", 1],
        [-3.5, "2024-01-01", 1],
        ["a", "2024-01-02", 1],
      ]),
    );
    expect(s.customer).toEqual([-3.5, 2, 10, 42, "0042", "A", "a", "b"]);
    expect(summaryRow(s, 42).x).toBe(1);
    expect(summaryRow(s, "a").x).toBe(1);
    expect(summaryRow(s, "A").x).toBe(0);
  });

  it("compares ids: numbers numerically before text, text ignoring case then by exact text", () => {
    expect(["b", 10, "B", 9, "a"].sort(compareCustomerIds)).toEqual([9, 10, "a", "B", "b"]);
  });
});

describe("validation (messages name the argument and the 1-based row)", () => {
  it("rejects a blank id, a non-serial date, a non-finite amount and mismatched lengths", () => {
    expect(errorOf(() => buildDailyLedger(log([["A", "2024-01-01", 1], ["", "2024-01-01", 1]]))).message).toBe(
      "customer_ids: row 2 is blank, not a customer id (text or a number)",
    );
    expect(errorOf(() => buildDailyLedger({ customer: ["A", "B"], day: [45000, -3], amount: [1, 1] })).message).toMatch(/^dates: row 2 is -3, not an Excel date serial/);
    expect(errorOf(() => buildDailyLedger({ customer: ["A"], day: [45000], amount: [NaN] })).message).toBe("amounts: row 1 is not a finite number");
    expect(errorOf(() => buildDailyLedger({ customer: ["A"], day: [45000, 45001], amount: [1] })).kind).toBe("value");
    expect(errorOf(() => buildDailyLedger({ customer: [], day: [], amount: [] })).kind).toBe("na");
  });

  it("says when no customer bought by period_end (#N/A)", () => {
    const e = errorOf(() => summarizeTransactions(log([["A", "2024-02-01", 1]]), { periodEnd: d("2024-01-01") }));
    expect(e.kind).toBe("na");
    expect(e.message).toBe("no customer made a purchase on or before 2024-01-01 (the data start on 2024-02-01)");
  });
});

/** Uniform numbers from the project's seeded generator, so the random data are the same on every run. */
function uniforms(seed: number): () => number {
  const generator = createRng(seed);
  return () => generator.uniform();
}

/** The summary rules written the slow, obvious way. */
function naiveSummary(tx: { customer: unknown[]; day: number[]; amount: number[] }, end: number, daysPerUnit: number) {
  const byCustomer = new Map<string, Map<number, { net: number; returns: number; rows: number }>>();
  for (let i = 0; i < tx.customer.length; i++) {
    const id = String(canonicalCustomerId(tx.customer[i]));
    const day = Math.floor(tx.day[i]);
    if (!byCustomer.has(id)) byCustomer.set(id, new Map());
    const days = byCustomer.get(id)!;
    const e = days.get(day) ?? { net: 0, returns: 0, rows: 0 };
    e.net += tx.amount[i];
    e.rows++;
    if (tx.amount[i] < 0) e.returns++;
    days.set(day, e);
  }
  const out = new Map<string, { x: number; tx: number; T: number; monetary: number; spend: number; transactions: number; returns: number }>();
  for (const [id, days] of byCustomer) {
    const list = [...days.entries()].filter(([day]) => day <= end).sort((a, b) => a[0] - b[0]);
    const purchases = list.filter(([, e]) => e.returns === 0 || e.net > 0);
    if (purchases.length === 0) continue;
    const first = purchases[0][0];
    const last = purchases[purchases.length - 1][0];
    const repeat = purchases.slice(1);
    out.set(id, {
      x: repeat.length,
      tx: (last - first) / daysPerUnit,
      T: (end - first) / daysPerUnit,
      monetary: repeat.length ? repeat.reduce((a, [, e]) => a + e.net, 0) / repeat.length : 0,
      spend: list.reduce((a, [, e]) => a + e.net, 0),
      transactions: list.reduce((a, [, e]) => a + e.rows, 0),
      returns: list.reduce((a, [, e]) => a + e.returns, 0),
    });
  }
  return out;
}

describe("brute force: the fast ledger agrees with a naive implementation on seeded random logs", () => {
  for (const seed of [1, 2, 3]) {
    it(`seed ${seed}: 5000 rows, 300 customers, 8% returns, fractional times of day`, () => {
      const r = uniforms(seed);
      const n = 5000;
      const tx: TransactionColumns & { customer: unknown[]; day: number[]; amount: number[] } = { customer: [], day: [], amount: [] };
      for (let i = 0; i < n; i++) {
        tx.customer.push(`C${Math.floor(r() * 300)}`);
        tx.day.push(45000 + Math.floor(r() * 400) + (r() < 0.3 ? r() : 0));
        tx.amount.push(r() < 0.08 ? -Math.round(r() * 5000) / 100 : Math.round(r() * 10000) / 100);
      }
      const end = 45300;
      const fast = summarizeTransactions(tx, { periodEnd: end, timeUnit: "W" });
      const slow = naiveSummary(tx, end, 7);
      expect(fast.customer.length).toBe(slow.size);
      fast.customer.forEach((id, i) => {
        const e = slow.get(String(id))!;
        expect(fast.frequency[i]).toBe(e.x);
        expect(fast.recency[i]).toBeCloseTo(e.tx, 12);
        expect(fast.T[i]).toBeCloseTo(e.T, 12);
        expect(fast.monetary[i]).toBeCloseTo(e.monetary, 9);
        expect(fast.totalSpend[i]).toBeCloseTo(e.spend, 9);
        expect(fast.transactions[i]).toBe(e.transactions);
        expect(fast.returns[i]).toBe(e.returns);
      });
      // Text ids "C10" < "C2" alphabetically (no numeric ids here).
      const ids = fast.customer as string[];
      expect(ids).toEqual([...ids].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1)));
      // Every row is accounted for.
      const kept = fast.transactions.reduce((a, b) => a + b, 0);
      expect(kept + fast.excluded.rowsAfterPeriodEnd + fast.excluded.rowsWithoutPurchase).toBe(n);
    });
  }
});

describe("brute force through the cell reader: the ledger of read cells agrees with the naive rules", () => {
  // The reader counts rows per id while it checks them and the ledger reuses the counts; ids that are
  // already canonical skip the second look-up table. Both paths are exercised: plain text ids, and a
  // mix of numbers, numeric text ("42" is 42), padded and case-variant text that must merge or stay apart.
  const mixed = (r: () => number): unknown => {
    const k = Math.floor(r() * 120);
    const form = Math.floor(r() * 5);
    return form === 0 ? k : form === 1 ? String(k) : form === 2 ? ` id${k} ` : form === 3 ? `ID${k}` : `id${k}`;
  };
  const plain = (r: () => number): unknown => `C${String(Math.floor(r() * 400)).padStart(4, "0")}`;
  for (const [name, idOf] of [["plain text ids", plain], ["mixed ids that merge", mixed]] as const) {
    for (const seed of [4, 5]) {
      it(`${name}, seed ${seed}: 6000 rows with same-day ties, returns and times of day`, () => {
        const r = uniforms(seed);
        const n = 6000;
        const tx = { customer: [] as unknown[], day: [] as number[], amount: [] as number[] };
        for (let i = 0; i < n; i++) {
          tx.customer.push(idOf(r));
          // Few distinct days: many same-day rows per customer, merged in input order.
          tx.day.push(45000 + Math.floor(r() * 60) + (r() < 0.3 ? r() : 0));
          tx.amount.push(r() < 0.15 ? -Math.round(r() * 5000) / 100 : Math.round(r() * 10000) / 100);
        }
        const cells = readTransactionCells(
          tx.customer.map((c) => [c]),
          tx.day.map((d) => [d]),
          tx.amount.map((a) => [a]),
        );
        const fromCells = buildDailyLedger(cells);
        const fromColumns = buildDailyLedger(tx);
        expect(fromCells).toEqual(fromColumns);
        const end = 45040;
        const fast = summarizeTransactions(fromCells, { periodEnd: end, timeUnit: "D" });
        const slow = naiveSummary(tx, end, 1);
        expect(fast.customer.length).toBe(slow.size);
        expect(fast.customer).toEqual([...fast.customer].sort(compareCustomerIds));
        fast.customer.forEach((id, i) => {
          const e = slow.get(String(id))!;
          expect(fast.frequency[i]).toBe(e.x);
          expect(fast.recency[i]).toBe(e.tx);
          expect(fast.monetary[i]).toBeCloseTo(e.monetary, 9);
          expect(fast.totalSpend[i]).toBeCloseTo(e.spend, 9);
          expect(fast.transactions[i]).toBe(e.transactions);
          expect(fast.returns[i]).toBe(e.returns);
        });
        expect(fromCells.rowCount).toBe(n);
        expect(fromCells.returnCount).toBe(tx.amount.filter((a) => a < 0).length);
        expect(fromCells.firstDay).toBe(Math.floor(tx.day.reduce((a, b) => Math.min(a, b))));
        expect(fromCells.lastDay).toBe(Math.floor(tx.day.reduce((a, b) => Math.max(a, b))));
      });
    }
  }
});
