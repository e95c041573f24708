import { describe, expect, it } from "vitest";
import { serialFromIso } from "../../../src/core/data/dates";
import { buildDailyLedger, summarizeTransactions } from "../../../src/core/data";
import { published, readCdnowTransactions, readSampleCsv } from "../../support/samples";
import { summaryRow } from "./summaryRow";

const d = (iso: string): number => serialFromIso(iso);


describe("CDNOW summary (samples/cdnow_customers_summary.csv, lifetimes copy of Fader-Hardie-Lee 2005 data)", () => {
  const tx = readCdnowTransactions();
  const expected = readSampleCsv("cdnow_customers_summary.csv");
  const serials = tx.date.map(d);

  it("reproduces all 2357 customers with period_end 1997-09-30 in weeks (x exact, t_x and T within 0.005)", () => {
    const s = summarizeTransactions({ customer: tx.customer, day: serials, amount: tx.amount }, { periodEnd: d("1997-09-30"), timeUnit: "W" });
    expect(s.customer.length).toBe(2357);
    expect(expected.length).toBe(2357);
    let maxErr = 0;
    expected.forEach((row, i) => {
      // Customers come out in numeric id order, the order of the CSV (ID 1..2357).
      expect(s.customer[i]).toBe(row.ID);
      expect(s.frequency[i]).toBe(row.frequency);
      maxErr = Math.max(maxErr, Math.abs(s.recency[i] - (row.recency as number)), Math.abs(s.T[i] - (row.T as number)));
    });
    // The CSV is rounded to 2 decimals: every value must round to it.
    expect(maxErr).toBeLessThanOrEqual(0.005 + 1e-12);
  });

  it("counts the data set's rows and same-day merges (published.json cdnow: 6919 rows, 223 repeated customer-days)", () => {
    const ref = published().cdnow;
    const ledger = buildDailyLedger({ customer: tx.customer, day: serials, amount: tx.amount });
    expect(ledger.rowCount).toBe(ref.n_transactions);
    expect(ledger.rowCount - ledger.day.length).toBe(ref.same_customer_same_day_rows);
    expect(ledger.customers.length).toBe(ref.n_customers);
    expect(ledger.returnCount).toBe(0);
  });

  it("monetary values give Fader-Hardie's Gamma-Gamma conditional expected spend for the first 10 customers", () => {
    // Fader & Hardie (2013), note 025, eq. (5): E(M | p, q, gamma, mbar, x) = (gamma + mbar x) p / (p x + q - 1),
    // at the maximum-likelihood p, q, gamma (published 6.25, 3.74, 15.44; peer MLE in published.json); x = 0 customers get the population mean p gamma / (q - 1).
    const gg = published().gammagamma_cdnow;
    const { p, q, gamma } = gg.mle_peer;
    const s = summarizeTransactions({ customer: tx.customer, day: serials, amount: tx.amount }, { periodEnd: d("1997-09-30"), timeUnit: "W" });
    let repeaters = 0;
    for (let i = 0; i < s.customer.length; i++) if (s.frequency[i] >= 1) repeaters++;
    expect(repeaters).toBe(946); // "the 946 CDNOW customers with x >= 1"
    const expectedSpend: number[] = gg.conditional_expected_average_spend_first_10_customers.published;
    expectedSpend.forEach((e, i) => {
      const x = s.frequency[i];
      const m = s.monetary[i];
      const value = x === 0 ? (p * gamma) / (q - 1) : ((gamma + m * x) * p) / (p * x + q - 1);
      // The published spends are rounded to cents.
      expect(Math.abs(value - e)).toBeLessThanOrEqual(0.005 + 1e-9);
    });
  });

  it("customer 1 by hand: purchases 1997-01-01 29.33, 01-18 29.73, 08-02 14.96 (12-12 is after period_end)", () => {
    const s = summarizeTransactions({ customer: tx.customer, day: serials, amount: tx.amount }, { periodEnd: d("1997-09-30"), timeUnit: "D" });
    const r = summaryRow(s, 1);
    expect(r.x).toBe(2);
    expect(r.tx).toBe(d("1997-08-02") - d("1997-01-01"));
    expect(r.T).toBe(d("1997-09-30") - d("1997-01-01"));
    expect(r.monetary).toBeCloseTo((29.73 + 14.96) / 2, 12);
    expect(r.spend).toBeCloseTo(29.33 + 29.73 + 14.96, 12);
    expect(r.first).toBe(d("1997-01-01"));
    expect(r.last).toBe(d("1997-08-02"));
    expect(r.transactions).toBe(3);
    expect(s.excluded.rowsAfterPeriodEnd).toBeGreaterThan(0);
  });
});
