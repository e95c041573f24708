import { describe, expect, it } from "vitest";
import { serialFromIso } from "../../../src/core/data/dates";
import { ClvError } from "../../../src/core/errors";
import { splitCalibrationHoldout, summarizeTransactions } from "../../../src/core/data";
import { published, readCdnowTransactions } from "../../support/samples";

const d = (iso: string): number => serialFromIso(iso);

describe("CDNOW calibration/holdout split (Fader, Hardie & Lee 2005 §4; published.json cdnow.holdout)", () => {
  const tx = readCdnowTransactions();
  const columns = { customer: tx.customer, day: tx.date.map(d), amount: tx.amount };
  const ref = published().cdnow.holdout;
  const s = splitCalibrationHoldout(columns, { calibrationEnd: d(ref.calibration_end), observationEnd: d(ref.observation_end), timeUnit: "W" });

  it("has 1882 repeat purchase days in the 39-week holdout in total", () => {
    expect(s.customer.length).toBe(2357);
    expect(s.frequencyHoldout.reduce((a, b) => a + b, 0)).toBe(ref.actual_repeat_purchase_days_in_holdout_total);
    expect(s.durationHoldout).toBe(ref.holdout_weeks);
  });

  it("has calibration columns equal to the summary at calibration_end", () => {
    const cal = summarizeTransactions(columns, { periodEnd: d(ref.calibration_end), timeUnit: "W" });
    expect(Array.from(s.frequency)).toEqual(Array.from(cal.frequency));
    expect(Array.from(s.T)).toEqual(Array.from(cal.T));
  });

  it("customer 1 by hand: one holdout purchase, 1997-12-12, $26.48", () => {
    expect(s.frequencyHoldout[0]).toBe(1);
    expect(s.monetaryHoldout[0]).toBeCloseTo(26.48, 12);
  });
});

describe("split rules (hand-computed)", () => {
  const tx = {
    customer: ["A", "A", "A", "A", "A", "B", "C"],
    day: ["2024-01-01", "2024-02-10", "2024-02-10", "2024-02-20", "2024-04-15", "2024-02-05", "2024-01-15"].map(d),
    amount: [10, 30, -30, 20, 99, 5, 8],
  };
  it("counts holdout purchase days after calibration_end up to observation_end, cancelled days excluded", () => {
    const s = splitCalibrationHoldout(tx, { calibrationEnd: d("2024-01-31"), observationEnd: d("2024-03-31"), timeUnit: "D" });
    // B's first purchase is in the holdout: not listed. A: 02-10 cancelled by the refund, 02-20 counts, 04-15 is after the end.
    expect(s.customer).toEqual(["A", "C"]);
    expect(Array.from(s.frequencyHoldout)).toEqual([1, 0]);
    expect(Array.from(s.monetaryHoldout)).toEqual([20, 0]);
    expect(s.durationHoldout).toBe(60);
    expect(s.rowsAfterObservationEnd).toBe(1);
  });
  it("refuses observation_end on or before calibration_end", () => {
    expect(() => splitCalibrationHoldout(tx, { calibrationEnd: d("2024-01-31"), observationEnd: d("2024-01-31") })).toThrow(
      new ClvError("value", "observation_end (2024-01-31) must be after calibration_end (2024-01-31)"),
    );
  });
});
