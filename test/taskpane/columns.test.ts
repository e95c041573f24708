import { describe, expect, it } from "vitest";
import { detectColumns, mappingProblems, normaliseHeader } from "../../src/taskpane/columns";

const serial = (iso: string) => {
  const [y, m, d] = iso.split("-").map(Number);
  return Math.round(Date.UTC(y, m - 1, d) / 86400000) + 25569;
};

describe("detectColumns", () => {
  it("reads common headers in any order, including optional roles", () => {
    const rows = [
      ["Order date", "Revenue", "Channel", "Client ID", "COGS", "Segment"],
      [serial("2024-01-05"), 10.5, "web", "C1", 4, "B2B"],
      [serial("2024-01-09"), 22, "store", "C2", 9, "B2C"],
    ];
    const d = detectColumns(rows, 1);
    expect(d.hasHeader).toBe(true);
    expect(d.mapping).toEqual({ date: 0, amount: 1, channel: 2, customer: 3, cost: 4, segment: 5 });
    expect(d.headers).toEqual(["Order date", "Revenue", "Channel", "Client ID", "COGS", "Segment"]);
  });

  it("prefers exact synonyms and refuses a header its content contradicts", () => {
    // "Date of birth" is text here, so the real purchase date column wins; "Customer name" is a
    // partial match and loses to the exact "customer_id".
    const rows = [
      ["Customer name", "customer_id", "Date of birth", "purchase date", "Total"],
      ["Ann", 1, "unknown", "2024-01-02", 5],
      ["Bob", 2, "unknown", "2024-02-03", 7.25],
    ];
    const d = detectColumns(rows, 1);
    expect(d.mapping.customer).toBe(1);
    expect(d.mapping.date).toBe(3);
    expect(d.mapping.amount).toBe(4);
  });

  it("falls back on content when there are no headers: dates, then cents, then the customer", () => {
    const rows = [
      [1001, serial("1997-01-01"), 29.33],
      [1001, serial("1997-01-18"), 29.73],
      [1002, serial("1997-01-02"), 12],
    ];
    const d = detectColumns(rows, 3);
    expect(d.hasHeader).toBe(false);
    expect(d.mapping).toEqual({ date: 1, amount: 2, customer: 0 });
    expect(d.headers).toEqual(["Column C", "Column D", "Column E"]);
  });

  it("treats a first row of text above numbers as headers even with unknown names", () => {
    const rows = [
      ["kunde", "datum", "betrag"],
      ["K1", "2024-03-01", 10.5],
      ["K2", "2024-03-02", 11.5],
    ];
    const d = detectColumns(rows, 1);
    expect(d.hasHeader).toBe(true);
    expect(d.mapping).toEqual({ date: 1, amount: 2, customer: 0 });
  });
});

describe("mappingProblems", () => {
  it("names missing required roles and columns used twice", () => {
    expect(mappingProblems({ customer: 0, date: 1, amount: 2 }, ["a", "b", "c"])).toEqual([]);
    expect(mappingProblems({ customer: 0, date: 1 }, ["a", "b"])).toEqual(["Choose the amount column."]);
    expect(mappingProblems({ customer: 0, date: 1, amount: 1 }, ["id", "when"])).toEqual(["'when' is mapped to both date and amount; pick one column per role."]);
  });

  it("normalises headers to letters and digits", () => {
    expect(normaliseHeader(" Customer-ID #")).toBe("customerid");
  });
});
