/**
 * Tracking repeat purchases of the CDNOW cohort week by week (Fader, Hardie & Lee 2005, figures 1-2).
 * The paper draws these curves without printing the weekly values, so the actual series is checked
 * against a brute-force count from the raw file (written here without src/core/data), its holdout part
 * against the published total of 1,882 (published.json), and the predicted series against
 * Σ_i E[X(t_e − s_i)] evaluated customer by customer (FHL eq. 7), with E[X(t)] itself checked against
 * Hardie's spreadsheet values at the published parameters.
 */
import { describe, expect, it } from "vitest";
import { published, readCdnowTransactions } from "../../support/samples";
import { serialFromIso } from "../../../src/core/data/dates";
import { buildDailyLedger } from "../../../src/core/data/transactions";
import { bgnbd } from "../../../src/core/models/bgnbd";
import { bgbb } from "../../../src/core/models/bgbb";
import { periodEnds, trackRepeatPurchases } from "../../../src/core/measure/tracking";
import { thrownBy } from "../../support/thrown";

const PUBLISHED = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const CAL = serialFromIso("1997-09-30");
const OBS = serialFromIso("1998-06-30");
const START = serialFromIso("1997-01-01");

describe("period grid", () => {
  it("weeks are 7-day blocks from the first day, the last ending on the end date", () => {
    expect(periodEnds(START, START + 20, "W")).toEqual([START + 6, START + 13, START + 20]);
    expect(periodEnds(START, START + 16, "W")).toEqual([START + 6, START + 13, START + 16]);
  });
  it("months are calendar months, the first and last partial", () => {
    const ends = periodEnds(serialFromIso("1997-01-15"), serialFromIso("1997-04-10"), "M");
    expect(ends).toEqual([serialFromIso("1997-01-31"), serialFromIso("1997-02-28"), serialFromIso("1997-03-31"), serialFromIso("1997-04-10")]);
  });
  it("days are every day", () => {
    expect(periodEnds(START, START + 2, "D")).toEqual([START, START + 1, START + 2]);
  });
});

describe("refusals", () => {
  const ledger = buildDailyLedger({ customer: [1, 1, 2], day: [START, START + 10, START + 3], amount: [1, 1, 1] });
  it("a discrete-time model has no calendar tracking (#N/A)", () => {
    expect(thrownBy(() => trackRepeatPurchases(ledger, bgbb, { alpha: 1, beta: 1, gamma: 1, delta: 1 }, { calibrationEnd: START + 5, observationEnd: START + 20, period: "W", daysPerUnit: 7 })).kind).toBe("na");
  });
  it("an observation end before the calibration end is an argument error", () => {
    const e = thrownBy(() => trackRepeatPurchases(ledger, bgnbd, PUBLISHED, { calibrationEnd: START + 5, observationEnd: START + 5, period: "W", daysPerUnit: 7 }));
    expect(e.kind).toBe("value");
    expect(e.message).toMatch(/observation_end/);
  });
  it("small case by hand: one repeat in week 2, prediction = E[X] of each customer's age", () => {
    const t = trackRepeatPurchases(ledger, bgnbd, PUBLISHED, { calibrationEnd: START + 5, observationEnd: START + 13, period: "W", daysPerUnit: 7 });
    expect(t.actualIncremental).toEqual([0, 1]);
    expect(t.customers).toBe(2);
    const e = START + 13;
    expect(t.predictedCumulative[1]).toBeCloseTo(bgnbd.expectedNew(PUBLISHED, 13 / 7) + bgnbd.expectedNew(PUBLISHED, (e - START - 3) / 7), 12);
    expect(t.lastCalibrationPeriod).toBe(-1);
  });
});

describe("CDNOW weekly tracking, 39 + 39 weeks", () => {
  const raw = readCdnowTransactions();
  const ledger = buildDailyLedger({ customer: raw.customer.map(Number), day: raw.date.map(serialFromIso), amount: raw.amount });
  const t = trackRepeatPurchases(ledger, bgnbd, PUBLISHED, { calibrationEnd: CAL, observationEnd: OBS, period: "W", daysPerUnit: 7 });

  // Brute force: distinct purchase days per customer, repeat days binned by week since 1997-01-01.
  const brute = () => {
    const days = new Map<string, Set<number>>();
    raw.customer.forEach((c, i) => {
      const set = days.get(c) ?? new Set<number>();
      set.add(serialFromIso(raw.date[i]));
      days.set(c, set);
    });
    const weekly = new Array<number>(78).fill(0);
    const firsts: number[] = [];
    for (const set of days.values()) {
      const sorted = [...set].sort((a, b) => a - b);
      if (sorted[0] > CAL) continue;
      firsts.push(sorted[0]);
      for (const d of sorted.slice(1)) if (d <= OBS) weekly[Math.floor((d - START) / 7)]++;
    }
    return { weekly, firsts };
  };

  it("78 weeks from 1997-01-01 to 1998-06-30; the cohort is the 2,357 customers", () => {
    expect(t.periodEnd.length).toBe(78);
    expect(t.periodEnd[0]).toBe(START + 6);
    expect(t.periodEnd[77]).toBe(OBS);
    expect(t.lastCalibrationPeriod).toBe(38);
    expect(t.customers).toBe(published().cdnow.n_customers);
  });

  it("actual weekly repeat purchases equal the brute-force count; the holdout weeks add to 1,882", () => {
    const { weekly } = brute();
    expect(t.actualIncremental).toEqual(weekly);
    expect(t.actualCumulative[77] - t.actualCumulative[38]).toBe(published().cdnow.holdout.actual_repeat_purchase_days_in_holdout_total);
  });

  it("predicted cumulative purchases equal Σ E[X(t_e − s_i)] customer by customer", () => {
    const { firsts } = brute();
    for (const w of [0, 12, 38, 77]) {
      const e = t.periodEnd[w];
      const byCustomer = firsts.reduce((s, f) => s + (e > f ? bgnbd.expectedNew(PUBLISHED, (e - f) / 7) : 0), 0);
      expect(t.predictedCumulative[w]).toBeCloseTo(byCustomer, 6);
    }
    const inc = t.predictedIncremental.reduce((a, b) => a + b, 0);
    expect(inc).toBeCloseTo(t.predictedCumulative[77], 8);
  });

  it("E[X(t)] at the MLE matches Hardie's spreadsheet (note 004)", () => {
    const ref = published().bgnbd_cdnow;
    const e = ref.expected_purchases_new_customer;
    e.t.forEach((tt: number, i: number) => expect(bgnbd.expectedNew(ref.mle_peer, tt)).toBeCloseTo(e.published[i], 3));
  });

  it("the in-sample fit is close: cumulative predicted within 2 % of actual at week 39", () => {
    expect(Math.abs(t.predictedCumulative[38] / t.actualCumulative[38] - 1)).toBeLessThan(0.02);
  });
});
