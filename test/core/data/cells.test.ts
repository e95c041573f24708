/**
 * Reading transaction ranges from cells: shapes, blank rows, error messages (argument + row), and the
 * ISO-text vs Excel-serial equivalence on the CDNOW sample.
 */
import { describe, expect, it } from "vitest";
import { serialFromIso } from "../../../src/core/data/dates";
import { ClvError } from "../../../src/core/errors";
import { buildDailyLedger, clearLedgerCache, readTransactionCells, readTransactionLedger, summarizeTransactions } from "../../../src/core/data";
import { readCdnowTransactions } from "../../support/samples";

const col = (...v: unknown[]): unknown[][] => v.map((x) => [x]);

function messageOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof ClvError) return e.message;
    throw e;
  }
  throw new Error("expected a ClvError");
}

describe("readTransactionCells", () => {
  it("reads columns, skips rows blank in all three (blank tail and blank rows inside), keeps row positions", () => {
    const r = readTransactionCells(
      col("A", 7, null, "B", "", undefined, "  ", "\u00a0"),
      col(45000, "1997-01-31", null, "19970201", "", null, " ", null),
      col(10, -2.5, "", 3, null, "", null, "\t"),
    );
    expect(Array.from(r.customer.codes, (c) => r.customer.values[c])).toEqual(["A", 7, "B"]);
    expect(Array.from(r.day)).toEqual([45000, serialFromIso("1997-01-31"), serialFromIso("1997-02-01")]);
    expect(Array.from(r.amount)).toEqual([10, -2.5, 3]);
    expect(Array.from(r.rowIndex!)).toEqual([0, 1, 3]);
    expect(r.inputRows).toBe(8);
  });

  it("accepts rows, single cells and shorter ranges whose missing rows would be blank", () => {
    const r = readTransactionCells([["A", "B"]], [[45000, 45001]], [[1, 2]]);
    expect(r.customer.values).toEqual(["A", "B"]);
    const single = readTransactionCells("A", 45000, 5);
    expect(Array.from(single.amount)).toEqual([5]);
    const tail = readTransactionCells(col("A", null), col(45000), col(1, ""));
    expect(Array.from(tail.customer.codes)).toEqual([0]);
  });

  it("names the argument and row of every bad cell", () => {
    expect(messageOf(() => readTransactionCells(col("A", "B"), col(45000, "abc"), col(1, 2)))).toBe(
      "dates: row 2 is 'abc', not a date (use an Excel date or ISO text like 1997-01-31)",
    );
    expect(messageOf(() => readTransactionCells(col("A", "B"), col(45000, 45001), col(1, "12")))).toBe(
      "amounts: row 2 is '12', not a number (a number stored as text: convert it with VALUE())",
    );
    expect(messageOf(() => readTransactionCells(col("A", "B", "C"), col(45000, null, 45001), col(1, 2, 3)))).toBe(
      "dates: row 2 is blank but customer_ids and amounts have a value; fill it in or clear the whole row",
    );
    expect(messageOf(() => readTransactionCells(col("A"), col(19970131), col(1)))).toBe(
      "dates: row 1 is 19970131, not a date (it looks like YYYYMMDD: enter it as a date or as text like 1997-01-31)",
    );
    expect(messageOf(() => readTransactionCells(col(true), col(45000), col(1)))).toBe("customer_ids: row 1 is TRUE, not a customer id (text or a number)");
    expect(messageOf(() => readTransactionCells([["A", "B"]], [[45000, "x"]], [[1, 2]]))).toMatch(/^dates: column 2 is 'x'/);
    expect(messageOf(() => readTransactionCells(col("Customer", "A"), col("Date", 45000), col("Amount", 1)))).toBe(
      "dates: row 1 is 'Date', not a date (use an Excel date or ISO text like 1997-01-31) (if this is a header row, leave it out of the selection)",
    );
    expect(messageOf(() => readTransactionCells(col("A", "B"), col(45000, 45001), col(1)))).toBe(
      "customer_ids has 2 rows but amounts has 1: select ranges of the same size",
    );
    expect(messageOf(() => readTransactionCells([["A", "B"], ["C", "D"]], col(1, 2), col(1, 2)))).toBe(
      "customer_ids: expected a single column or row, got 2 rows × 2 columns; select one column",
    );
  });
});

describe("numeric ids on the reader's inline path", () => {
  it("codes 0 and -0 as one id, 7 and '7' as one customer, and names a non-finite id by its row", () => {
    const r = readTransactionCells(col(7, 0, -0, 7, "7", 3), col(45000, 45001, 45002, 45003, 45004, 45005), col(1, 2, 3, 4, 5, 6));
    expect(Array.from(r.customer.codes)).toEqual([0, 1, 1, 0, 2, 3]);
    expect(r.customer.values).toEqual([7, 0, "7", 3]);
    const s = summarizeTransactions(buildDailyLedger(r), { timeUnit: "D" });
    expect(s.customer).toEqual([0, 3, 7]);
    expect(Array.from(s.transactions)).toEqual([2, 1, 3]);
    expect(messageOf(() => buildDailyLedger(readTransactionCells(col(1, 2, NaN), col(45000, 45001, 45002), col(1, 2, 3))))).toBe(
      "customer_ids: row 3 is not a number, not a customer id (text or a number)",
    );
  });
});

describe("ISO text dates and Excel serials give the same summary (CDNOW, samples/CDNOW_sample.txt)", () => {
  it("summaries from text-date cells and from serial-date cells are identical for all customers", () => {
    const tx = readCdnowTransactions();
    const ids = tx.customer.map((c) => [Number(c)]);
    const amounts = tx.amount.map((a) => [a]);
    const fromText = readTransactionCells(ids, tx.date.map((t) => [t]), amounts);
    const fromSerial = readTransactionCells(ids, tx.date.map((t) => [serialFromIso(t)]), amounts);
    const end = serialFromIso("1997-09-30");
    const a = summarizeTransactions(fromText, { periodEnd: end, timeUnit: "W" });
    const b = summarizeTransactions(fromSerial, { periodEnd: end, timeUnit: "W" });
    expect(a.customer.length).toBe(2357);
    expect(a.customer).toEqual(b.customer);
    for (const key of ["frequency", "recency", "T", "monetary", "totalSpend", "firstPurchase", "lastPurchase", "transactions", "returns"] as const) {
      expect(Array.from(a[key]), key).toEqual(Array.from(b[key]));
    }
  });
});

describe("encoded customer ids", () => {
  it("stores each distinct id cell once and gives the same ledger as per-row ids", async () => {
    const { buildDailyLedger } = await import("../../../src/core/data");
    const r = readTransactionCells(col("A", 7, "A", "7", 7), col(45000, 45001, 45002, 45003, 45004), col(1, 2, 3, 4, 5));
    expect(r.customer.values).toEqual(["A", 7, "7"]);
    expect(Array.from(r.customer.codes)).toEqual([0, 1, 0, 2, 1]);
    const encoded = buildDailyLedger(r);
    const plain = buildDailyLedger({ customer: ["A", 7, "A", "7", 7], day: [45000, 45001, 45002, 45003, 45004], amount: [1, 2, 3, 4, 5] });
    expect(encoded.customers).toEqual([7, "A"]); // 7 and "7" are one customer
    expect(plain.customers).toEqual(encoded.customers);
    expect(Array.from(encoded.day)).toEqual(Array.from(plain.day));
    expect(Array.from(encoded.dayStart)).toEqual([0, 3, 5]);
  });
});

describe("readTransactionLedger (the ledger shared by recalculations over the same cells)", () => {
  // The expected ledgers are those of a fresh read and build of the same cells (the uncached path,
  // whose rules the tests above and transactions.test.ts check against hand counts).
  const fresh = (c: unknown[][], d: unknown[][], a: unknown[][]) => buildDailyLedger(readTransactionCells(c, d, a));
  const ledgerColumns = (l: ReturnType<typeof fresh>) => ({
    customers: [...l.customers],
    dayStart: Array.from(l.dayStart),
    day: Array.from(l.day),
    net: Array.from(l.net),
    rows: Array.from(l.rows),
  });

  it("returns the same entry for the same cell values in new arrays, and a correct new ledger when any cell differs", () => {
    clearLedgerCache();
    const make = () => [col("B", 7, null, "A", "B"), col(45001, 45000, null, 45002, 45001), col(10, 5, "", -2, 3)] as const;
    const first = readTransactionLedger(...make());
    const again = readTransactionLedger(...make());
    expect(again).toBe(first);
    // B's two rows on 45001 merge (10 + 3); 7 is numeric, so it comes first.
    expect(ledgerColumns(first.ledger)).toEqual({ customers: [7, "A", "B"], dayStart: [0, 1, 2, 3], day: [45000, 45002, 45001], net: [5, -2, 13], rows: [1, 1, 2] });

    const [c, d, a] = make();
    a[4] = [4];
    const changedAmount = readTransactionLedger(c, d, a);
    expect(changedAmount).not.toBe(first);
    expect(ledgerColumns(changedAmount.ledger)).toEqual(ledgerColumns(fresh(c, d, a)));
    expect(changedAmount.ledger.net[2]).toBe(14);

    const [c2, d2, a2] = make();
    c2[2] = ["C"];
    d2[2] = [45003];
    a2[2] = [1];
    const filledBlank = readTransactionLedger(c2, d2, a2);
    expect(ledgerColumns(filledBlank.ledger).customers).toEqual([7, "A", "B", "C"]);

    const [c3, d3, a3] = make();
    d3[0] = ["2023-03-15"]; // serial 45000: B now buys on 45000 and 45001 (text dates are read afresh, not compared)
    const textDate = readTransactionLedger(c3, d3, a3);
    expect(ledgerColumns(textDate.ledger)).toEqual({ ...ledgerColumns(first.ledger), day: [45000, 45002, 45000, 45001], dayStart: [0, 1, 2, 4], net: [5, -2, 10, 3], rows: [1, 1, 1, 1] });
  });

  it("a log without blank rows keeps no row positions; the same values hit, blanking a row misses and reads afresh", () => {
    clearLedgerCache();
    const make = () => [col("B", 7, "A", "B"), col(45001, 45000, 45002, 45001), col(10, 5, -2, 3)] as const;
    const first = readTransactionLedger(...make());
    expect(first.tx.rowIndex).toBeUndefined();
    expect(readTransactionLedger(...make())).toBe(first);
    const [c, d, a] = make();
    c[1] = [null];
    d[1] = [null];
    a[1] = [null];
    const blanked = readTransactionLedger(c, d, a);
    expect(blanked).not.toBe(first);
    expect(Array.from(blanked.tx.rowIndex!)).toEqual([0, 2, 3]);
    expect(ledgerColumns(blanked.ledger)).toEqual({ customers: ["A", "B"], dayStart: [0, 1, 2], day: [45002, 45001], net: [-2, 13], rows: [1, 2] });
  });

  it("a number and its text are not the same cell: 42 then \"42\" reads afresh (same customer, same ledger)", () => {
    clearLedgerCache();
    const one = readTransactionLedger(col(42), col(45000), col(1));
    const two = readTransactionLedger(col("42"), col(45000), col(1));
    expect(two).not.toBe(one);
    expect(two.tx.customer.values).toEqual(["42"]);
    expect([...two.ledger.customers]).toEqual([42]);
  });

  it("errors are not cached: a bad cell fails every time with its message", () => {
    clearLedgerCache();
    const bad = () => readTransactionLedger(col("A", "B"), col(45000, "abc"), col(1, 2));
    expect(messageOf(bad)).toMatch(/dates: row 2 is 'abc', not a date/);
    expect(messageOf(bad)).toMatch(/dates: row 2 is 'abc', not a date/);
  });
});
