import { describe, expect, it } from "vitest";
import { TransactionParser, columnReference, describeSource, isErrorText, parseTransactions, reportHeadline, type DataSource } from "../../src/taskpane/dataset";
import { serialFromIso } from "../../src/core/data/dates";

const headers = ["Customer", "Date", "Amount", "Channel"];
const mapping = { customer: 0, date: 1, amount: 2, channel: 3 };

describe("parseTransactions", () => {
  it("reads serials and ISO text, merges numeric and text ids, counts returns and blank rows", () => {
    const rows = [
      [42, serial("2024-01-05"), 10, "web"],
      ["42", "2024-01-06", -2.5, ""],
      ["", "", "", "ignored: blank in customer, date and amount"],
      ["C7", "2024-02-01T10:30", 0, "store"],
    ];
    const { transactions, report } = parseTransactions(rows, mapping, headers, 2);
    expect(transactions.length).toBe(3);
    expect(transactions.customer).toEqual([42, 42, "C7"]);
    expect(Array.from(transactions.date)).toEqual([serial("2024-01-05"), serial("2024-01-06"), serial("2024-02-01") + 10.5 / 24]);
    expect(Array.from(transactions.sheetRow)).toEqual([2, 3, 5]);
    expect(transactions.channel).toEqual(["web", "", "store"]);
    expect(report).toMatchObject({ rowsRead: 4, transactions: 3, blankRows: 1, customers: 2, returns: 1, returnsValue: -2.5, zeroAmounts: 1, revenue: 7.5, errorCount: 0 });
    expect(report.firstDate).toBe(serial("2024-01-05"));
    expect(Math.floor(report.lastDate!)).toBe(serial("2024-02-01"));
    expect(reportHeadline(report)).toBe("3 transactions, 2 customers, 2024-01-05 to 2024-02-01");
  });

  it("reports every problem with its sheet row and column, and keeps no row that has one", () => {
    const rows = [
      [1, 19970101, 5, ""],
      [2, "31/01/1997", 5, ""],
      [3, "1997-01-31", "5", ""],
      ["", "1997-01-31", 5, ""],
      [4, "1997-01-31", "#VALUE!", ""],
      ["#N/A", "1997-01-31", 1, ""],
      [5, true, 1, ""],
      [6, "1997-02-30", 1, ""],
      [7, "1997-02-01", 3, ""],
    ];
    const { transactions, report } = parseTransactions(rows, mapping, headers, 10);
    expect(transactions.length).toBe(1);
    expect(report.errorCount).toBe(8);
    expect(report.problems.map((p) => `${p.row} ${p.column}: ${p.message}`)).toEqual([
      "10 Date: 19970101 is not a date (it looks like YYYYMMDD: enter a date or text like 1997-01-31)",
      "11 Date: '31/01/1997' is not a date (use an Excel date or ISO text like 1997-01-31)",
      "12 Amount: '5' is a number stored as text (convert it with VALUE())",
      "13 Customer: the customer is blank",
      "14 Amount: the amount cell shows the error #VALUE!",
      "15 Customer: the customer cell shows the error #N/A",
      "16 Date: TRUE is not a date",
      "17 Date: '1997-02-30' is not a date (use an Excel date or ISO text like 1997-01-31)",
    ]);
  });

  it("lists at most 50 problems but counts them all", () => {
    const rows = Array.from({ length: 120 }, (_, i) => [i, "nope", 1, ""]);
    const { report } = parseTransactions(rows, mapping, headers, 2);
    expect(report.errorCount).toBe(120);
    expect(report.problems).toHaveLength(50);
    expect(report.problems[49].row).toBe(51);
  });

  it("parses in chunks exactly as in one go", () => {
    const rows = Array.from({ length: 1000 }, (_, i) => [i % 37, serialFromIso("2024-01-01") + (i % 300), (i % 11) - 1, i % 2 ? "a" : "b"]);
    const whole = parseTransactions(rows, mapping, headers, 2);
    const p = new TransactionParser(mapping, headers);
    for (let s = 0; s < rows.length; s += 333) p.add(rows.slice(s, s + 333), 2 + s);
    const chunked = p.finish();
    expect(chunked.report).toEqual(whole.report);
    expect(Array.from(chunked.transactions.amount)).toEqual(Array.from(whole.transactions.amount));
    expect(Array.from(chunked.transactions.sheetRow)).toEqual(Array.from(whole.transactions.sheetRow));
  });
});

describe("isErrorText", () => {
  it("recognises Excel's error values", () => {
    for (const e of ["#N/A", "#VALUE!", "#REF!", "#DIV/0!", "#NUM!", "#NAME?", "#NULL!", "#SPILL!", "#CALC!"]) expect(isErrorText(e)).toBe(true);
    expect(isErrorText("#1 customer")).toBe(false);
    expect(isErrorText(5)).toBe(false);
  });
});

describe("columnReference", () => {
  const source: DataSource = { sheet: "Sales data", headerRow: 3, firstRow: 4, lastRow: 1003, firstColumn: 2, headers: ["Id", "When", "Total [USD]"] };
  const m = { customer: 0, date: 1, amount: 2 };
  it("spells absolute ranges on the data sheet, quoting the sheet name", () => {
    expect(columnReference(source, m, "customer")).toBe("'Sales data'!$B$4:$B$1003");
    expect(columnReference(source, m, "amount")).toBe("'Sales data'!$D$4:$D$1003");
    expect(describeSource(source)).toBe("Sales data!B3:D1003");
  });
  it("uses structured references for a table, escaping special characters", () => {
    const t = { ...source, table: "Sales" };
    expect(columnReference(t, m, "customer")).toBe("Sales[[Id]]");
    expect(columnReference(t, m, "amount")).toBe("Sales[[Total '[USD']]]");
    expect(describeSource(t)).toBe("table Sales (Sales data!B3:D1003)");
  });
  it("refuses an unmapped role", () => {
    expect(() => columnReference(source, m, "cost")).toThrow(/not mapped/);
  });
});

function serial(iso: string): number {
  return serialFromIso(iso);
}
