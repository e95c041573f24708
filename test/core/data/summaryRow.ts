/** Test helper shared by the data tests: one customer's row of a summary, by customer id. */
import { expect } from "vitest";
import type { CustomerSummary } from "../../../src/core/data";

export function summaryRow(s: CustomerSummary, id: string | number) {
  const i = s.customer.indexOf(id);
  expect(i, `customer ${id} present`).toBeGreaterThanOrEqual(0);
  return {
    x: s.frequency[i],
    tx: s.recency[i],
    T: s.T[i],
    monetary: s.monetary[i],
    spend: s.totalSpend[i],
    first: s.firstPurchase[i],
    last: s.lastPurchase[i],
    transactions: s.transactions[i],
    returns: s.returns[i],
  };
}
