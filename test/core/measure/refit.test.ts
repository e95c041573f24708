/**
 * Decay: refits at successive snapshots on simulated logs (the project's seeded simulator,
 * src/core/simulate/transactions.ts). With a change (customers acquired in the second year buy four
 * times less often: alpha 4 → 16) the purchase-rate parameter must be flagged; without one, nothing.
 */
import { describe, expect, it } from "vitest";
import { serialFromIso } from "../../../src/core/data/dates";
import { buildDailyLedger } from "../../../src/core/data/transactions";
import { splitCalibrationHoldout } from "../../../src/core/data/split";
import { bgnbd } from "../../../src/core/models/bgnbd";
import { runSteps as runFit } from "../../../src/core/steps";
import { simulateTransactions } from "../../../src/core/simulate/transactions";
import { refitSteps, movedParameters } from "../../../src/core/measure/refit";
import { thrownBy } from "../../support/thrown";

const START = serialFromIso("2020-01-01");
const END = START + 730;
const SPEND = { p: 6, q: 4, gamma: 15 };
const BEFORE = { r: 0.25, alpha: 4, a: 0.8, b: 2.5 };
const AFTER = { r: 0.25, alpha: 16, a: 0.8, b: 2.5 };

function log(second: typeof BEFORE) {
  const one = simulateTransactions({ model: bgnbd, params: BEFORE }, SPEND, 2500, START, END, 11, { daysPerUnit: 7, acquisitionDays: 84 });
  const two = simulateTransactions({ model: bgnbd, params: second }, SPEND, 2500, START + 365, END, 12, { daysPerUnit: 7, acquisitionDays: 84 });
  return buildDailyLedger({
    customer: [...Array.from(one.customer), ...Array.from(two.customer, (c) => c + 100000)],
    day: [...one.day, ...two.day],
    amount: [...one.amount, ...two.amount],
  });
}

const SNAPSHOTS = [START + 300, START + 700];

describe("refits at snapshots", () => {
  it("a change in the newer customers' purchase rate moves alpha by more than two standard errors", () => {
    const rows = runFit(refitSteps(log(AFTER), bgnbd, SNAPSHOTS, "W"));
    expect(rows).toHaveLength(2);
    expect(rows[0].moves).toEqual([]);
    const moved = rows[1].moves.map((m) => m.parameter);
    expect(moved).toContain("alpha");
    const z = rows[1].moves.find((m) => m.parameter === "alpha")!.standardErrors;
    expect(z).toBeCloseTo(Math.abs(rows[1].fit.params.alpha - rows[0].fit.params.alpha) / rows[0].fit.stdErrors.alpha, 10);
    expect(z).toBeGreaterThan(2);
  });

  it("without a change nothing is flagged, and each row's next-period error is predicted vs actual", () => {
    const ledger = log(BEFORE);
    const rows = runFit(refitSteps(ledger, bgnbd, SNAPSHOTS, "W"));
    expect(rows[1].moves).toEqual([]);
    // First snapshot: the forecast of (s1, s2] is the calibration/holdout split at s1, summed by hand.
    const split = splitCalibrationHoldout(ledger, { calibrationEnd: SNAPSHOTS[0], observationEnd: SNAPSHOTS[1], timeUnit: "W" });
    let predicted = 0;
    let actual = 0;
    for (let i = 0; i < split.customer.length; i++) {
      predicted += bgnbd.expected(rows[0].fit.params as typeof BEFORE, 400 / 7, split.frequency[i], split.recency[i], split.T[i]);
      actual += split.frequencyHoldout[i];
    }
    expect(rows[0].nextEnd).toBe(SNAPSHOTS[1]);
    expect(rows[0].predicted).toBeCloseTo(predicted, 8);
    expect(rows[0].actual).toBe(actual);
    expect(rows[0].relativeError).toBeCloseTo((predicted - actual) / actual, 12);
    // The last snapshot predicts up to the last date in the data.
    expect(rows[1].nextEnd).toBe(ledger.lastDay);
    expect(rows[0].customers).toBe(2500);
  });

  it("the flag rule: |θ₂ − θ₁| > 2 se(θ₁)", () => {
    const fit = (alpha: number, se: number) => ({ params: { r: 1, alpha, a: 1, b: 1 }, stdErrors: { r: 1, alpha: se, a: 1, b: 1 }, logLik: 0, n: 1, iterations: 1, converged: true });
    expect(movedParameters(bgnbd, fit(4, 0.5), fit(5.01, 0.5)).map((m) => m.parameter)).toEqual(["alpha"]);
    expect(movedParameters(bgnbd, fit(4, 0.5), fit(4.99, 0.5))).toEqual([]);
  });

  it("snapshots out of order or outside the data are argument errors", () => {
    const ledger = buildDailyLedger({ customer: [1, 1], day: [START, START + 100], amount: [1, 1] });
    expect(thrownBy(() => runFit(refitSteps(ledger, bgnbd, [START + 50, START + 20], "W"))).message).toMatch(/increasing order/);
    expect(thrownBy(() => runFit(refitSteps(ledger, bgnbd, [START + 500], "W"))).message).toMatch(/outside the data/);
  });
});
