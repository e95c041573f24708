import { describe, expect, it } from "vitest";
import { serialFromIso } from "../../../src/core/data/dates";
import { buildDailyLedger } from "../../../src/core/data";
import { rfmTable } from "../../../src/core/rfm";
import { readCdnowTransactions } from "../../support/samples";

const d = (iso: string): number => serialFromIso(iso);

describe("RFM table (hand-computed)", () => {
  // as_of 2024-03-31. Days since last purchase / purchase days / spend:
  //   1: 01-01, 03-30           -> 1 / 2 / 300
  //   2: 02-01 50, 02-01 -50    -> cancelled: no purchase -> left out
  //   3: 01-15 40, 03-01 60 -10 -> 30 / 2 / 90
  //   4: 03-31 5                -> 0 / 1 / 5
  //   5: 01-02 500, 04-15 1     -> 89 / 1 / 500 (the April row is after as_of)
  const tx = {
    customer: [1, 1, 2, 2, 3, 3, 3, 4, 5, 5],
    day: ["2024-01-01", "2024-03-30", "2024-02-01", "2024-02-01", "2024-01-15", "2024-03-01", "2024-03-01", "2024-03-31", "2024-01-02", "2024-04-15"].map(d),
    amount: [100, 200, 50, -50, 40, 60, -10, 5, 500, 1],
  };
  it("computes recency in days, purchase days, net spend, scores, codes and segments", () => {
    const t = rfmTable(tx, { asOf: d("2024-03-31"), bins: 5 });
    expect(t.customer).toEqual([1, 3, 4, 5]);
    expect(Array.from(t.daysSinceLastPurchase)).toEqual([1, 30, 0, 89]);
    expect(Array.from(t.purchaseDays)).toEqual([2, 2, 1, 1]);
    expect(Array.from(t.totalSpend)).toEqual([300, 90, 5, 500]);
    // R (reversed; counts above): 1 -> 2 above (30, 89) -> 1+floor(10/4)=3; 30 -> 1 -> 2; 0 -> 3 -> 4; 89 -> 0 -> 1
    expect(Array.from(t.r)).toEqual([3, 2, 4, 1]);
    // F: 2 -> 2 below -> 1+floor(10/4)=3; 1 -> 1
    expect(Array.from(t.f)).toEqual([3, 3, 1, 1]);
    // M: 300 -> 2 below -> 3; 90 -> 1 -> 2; 5 -> 1; 500 -> 3 -> 4
    expect(Array.from(t.m)).toEqual([3, 2, 1, 4]);
    expect(t.code).toEqual(["333", "232", "411", "114"]);
    expect(t.segment).toEqual(["Need attention", "At risk", "Promising", "Lost"]);
    expect(t.excluded.customersWithoutPurchase).toBe(1);
  });
  it("defaults as_of to the last date in the data and accepts a prebuilt ledger", () => {
    const t = rfmTable(buildDailyLedger(tx));
    expect(t.asOf).toBe(d("2024-04-15"));
    expect(t.daysSinceLastPurchase[3]).toBe(0); // customer 5 bought on 04-15
  });
});

describe("RFM table of CDNOW (samples/CDNOW_sample.txt)", () => {
  it("scores all 2357 customers as of 1998-06-30 with every score in 1..5 and ties sharing scores", () => {
    const tx = readCdnowTransactions();
    const t = rfmTable({ customer: tx.customer, day: tx.date.map(d), amount: tx.amount });
    expect(t.asOf).toBe(d("1998-06-30"));
    expect(t.customer.length).toBe(2357);
    const fByDays = new Map<number, number>();
    for (let i = 0; i < t.customer.length; i++) {
      for (const s of [t.r[i], t.f[i], t.m[i]]) expect(s >= 1 && s <= 5).toBe(true);
      const prev = fByDays.get(t.purchaseDays[i]);
      if (prev !== undefined) expect(t.f[i]).toBe(prev);
      fByDays.set(t.purchaseDays[i], t.f[i]);
    }
    // Customers with a single purchase day are the lowest frequency: F = 1.
    expect(fByDays.get(1)).toBe(1);
  });
});
