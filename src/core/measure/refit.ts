/**
 * Model decay: the same model refitted at successive snapshot dates, with each fit's error on the
 * period up to the next snapshot and the parameters that moved.
 *
 * At snapshot s_j the customer summary is taken as of s_j (summary.ts rules), the model is fitted by
 * maximum likelihood (its module's fit), and its conditional expectation E[Y(t) | x, t_x, T] (FHL
 * 2005 eq. 10 for BG/NBD) for t = s_{j+1} − s_j (the last snapshot: up to the last date in the data)
 * is summed over the customers and compared with their actual repeat purchase days in (s_j, s_{j+1}]
 * (the calibration/holdout split of split.ts). Relative error = (predicted − actual) / actual.
 *
 * A parameter "moved" when |θ_j − θ_{j−1}| > 2 · se(θ_{j−1}), the earlier estimate's standard error
 * (observed information, DESIGN §4.2): a change the earlier fit's own uncertainty does not explain.
 * Consecutive fits share customers, so this is a screening rule, not a formal test.
 */
import { invalidArgument } from "../errors";
import { DAYS_PER_UNIT, isoFromSerial, type TimeUnit } from "../data/dates";
import { splitCalibrationHoldout } from "../data/split";
import { summarizeLedger } from "../data/summary";
import type { DailyLedger } from "../data/transactions";
import { compressCountData, makeCountData } from "../models/compress";
import type { CompressedCountData, CountModel, Fit, FitProgress } from "../models/model";

/** Standard errors a parameter must move by to be flagged. */
export const MOVE_THRESHOLD = 2;

export interface Move {
  readonly parameter: string;
  /** |θ_j − θ_{j−1}| / se(θ_{j−1}) */
  readonly standardErrors: number;
}

export interface RefitRow {
  readonly snapshot: number;
  readonly customers: number;
  readonly fit: Fit;
  /** end of the period predicted (next snapshot or the last date), or undefined when none follows */
  readonly nextEnd?: number;
  readonly predicted: number;
  readonly actual: number;
  /** (predicted − actual) / actual; NaN without a next period or when actual is 0 */
  readonly relativeError: number;
  readonly moves: readonly Move[];
}

/** Snapshot dates checked: whole days, increasing, inside the data. */
export function checkSnapshots(ledger: DailyLedger, snapshots: readonly number[]): number[] {
  const days = snapshots.map((s) => Math.floor(s));
  if (days.length === 0) throw invalidArgument("snapshot_dates: give at least one date.");
  days.forEach((d, i) => {
    if (i > 0 && d <= days[i - 1]) {
      throw invalidArgument(`snapshot_dates: row ${i + 1} (${isoFromSerial(d)}) is not after row ${i} (${isoFromSerial(days[i - 1])}); list the dates in increasing order.`);
    }
    if (d < ledger.firstDay || d > ledger.lastDay) {
      throw invalidArgument(`snapshot_dates: row ${i + 1} (${isoFromSerial(d)}) is outside the data (${isoFromSerial(ledger.firstDay)} to ${isoFromSerial(ledger.lastDay)}).`);
    }
  });
  return days;
}

/** The count data of the summary at `end`. */
export function snapshotData(ledger: DailyLedger, end: number, unit: TimeUnit): CompressedCountData {
  const s = summarizeLedger(ledger, end, unit);
  if (s.customer.length === 0) throw invalidArgument(`snapshot_dates: no customer made a purchase by ${isoFromSerial(end)}.`);
  return compressCountData(makeCountData(s.frequency, s.recency, s.T, undefined, { rowLabel: (i) => `customer ${i + 1}` }));
}

/** Parameters that moved by more than MOVE_THRESHOLD standard errors of the earlier fit. */
export function movedParameters(model: CountModel, previous: Fit, current: Fit): Move[] {
  const moves: Move[] = [];
  for (const name of model.paramNames) {
    const se = previous.stdErrors[name];
    if (!(se > 0)) continue;
    const z = Math.abs(current.params[name] - previous.params[name]) / se;
    if (z > MOVE_THRESHOLD) moves.push({ parameter: name, standardErrors: z });
  }
  return moves;
}

/** The refits as steps (one optimiser iteration each), returning one row per snapshot. */
export function* refitSteps(ledger: DailyLedger, model: CountModel, snapshots: readonly number[], unit: TimeUnit): Generator<FitProgress, RefitRow[], void> {
  if (model.timeDomain !== "continuous") {
    throw invalidArgument(`model: ${model.name} counts discrete opportunities; refitting on dated transactions needs a continuous-time model.`);
  }
  const days = checkSnapshots(ledger, snapshots);
  const rows: RefitRow[] = [];
  for (let j = 0; j < days.length; j++) {
    const s = days[j];
    const data = snapshotData(ledger, s, unit);
    const fit = yield* model.fitSteps(data);
    const nextEnd = j + 1 < days.length ? days[j + 1] : ledger.lastDay > s ? ledger.lastDay : undefined;
    let predicted = NaN;
    let actual = NaN;
    if (nextEnd !== undefined) {
      const split = splitCalibrationHoldout(ledger, { calibrationEnd: s, observationEnd: nextEnd, timeUnit: unit });
      predicted = 0;
      actual = 0;
      const t = (nextEnd - s) / DAYS_PER_UNIT[unit];
      for (let i = 0; i < split.customer.length; i++) {
        predicted += model.expected(fit.params, t, split.frequency[i], split.recency[i], split.T[i]);
        actual += split.frequencyHoldout[i];
      }
    }
    rows.push({
      snapshot: s,
      customers: data.totalWeight,
      fit,
      nextEnd,
      predicted,
      actual,
      relativeError: actual > 0 ? (predicted - actual) / actual : NaN,
      moves: j > 0 ? movedParameters(model, rows[j - 1].fit, fit) : [],
    });
  }
  return rows;
}
