/**
 * Calibration / holdout split for validating a model: the customer summary at the end of the
 * calibration period plus what each of those customers actually did in the holdout period
 * (calibrationEnd, observationEnd]. This is the set-up of Fader, Hardie & Lee (2005), §4 (39-week
 * calibration, 39-week holdout on CDNOW), where predicted and actual holdout purchases are compared.
 *
 * Rules: the calibration columns follow summary.ts with periodEnd = calibrationEnd; only customers with
 * a purchase day by calibrationEnd are included (the model can only predict for them). In the holdout,
 * purchase days are counted exactly as in the calibration period (same-day rows merge; a day whose
 * returns bring its net amount to <= 0 is not a purchase day):
 * - frequencyHoldout: number of purchase days in (calibrationEnd, observationEnd];
 * - monetaryHoldout: mean net amount of those days (0 when there are none);
 * - durationHoldout: (observationEnd - calibrationEnd) in days / unit, the same for every customer.
 * Rows after observationEnd are ignored and counted in `rowsAfterObservationEnd`.
 */
import { invalidArgument, notAvailable } from "../errors";
import { DAYS_PER_UNIT, TimeUnit } from "./dates";
import { CustomerSummary, checkTimeUnit, summarizeLedger } from "./summary";
import { ColumnNames, DEFAULT_COLUMN_NAMES, TransactionSource, dayOption, formatDay, ledgerOf } from "./transactions";

export interface SplitOptions {
  /** Last day of the calibration period (Excel serial, inclusive). */
  calibrationEnd: number;
  /** Last day of the holdout period (Excel serial, inclusive); must be after calibrationEnd. */
  observationEnd: number;
  /** Unit of recency, T and duration; default "D". */
  timeUnit?: TimeUnit;
  names?: Partial<ColumnNames> & { calibrationEnd?: string; observationEnd?: string; timeUnit?: string };
}

/** The calibration summary (columns of CustomerSummary) plus holdout columns aligned with it. */
export interface CalibrationHoldout extends CustomerSummary {
  frequencyHoldout: Int32Array;
  monetaryHoldout: Float64Array;
  /** Length of the holdout period in `timeUnit` (one value; the table repeats it per customer). */
  durationHoldout: number;
  calibrationEnd: number;
  observationEnd: number;
  /** Rows dated after observationEnd (ignored). */
  rowsAfterObservationEnd: number;
}

export function splitCalibrationHoldout(source: TransactionSource, options: SplitOptions): CalibrationHoldout {
  const names: ColumnNames = { ...DEFAULT_COLUMN_NAMES, ...options.names };
  const calName = options.names?.calibrationEnd ?? "calibration_end";
  const obsName = options.names?.observationEnd ?? "observation_end";
  const ledger = ledgerOf(source, names);
  const unit = checkTimeUnit(options.names?.timeUnit ?? "time_unit", options.timeUnit);
  const calEnd = dayOption(calName, options.calibrationEnd);
  const obsEnd = dayOption(obsName, options.observationEnd);
  if (obsEnd <= calEnd) {
    throw invalidArgument(`${obsName} (${formatDay(obsEnd)}) must be after ${calName} (${formatDay(calEnd)})`);
  }
  const cal = summarizeLedger(ledger, calEnd, unit);
  if (cal.customer.length === 0) {
    throw notAvailable(`no customer made a purchase on or before ${calName} (${formatDay(calEnd)})`);
  }

  const n = cal.customer.length;
  const frequencyHoldout = new Int32Array(n);
  const monetaryHoldout = new Float64Array(n);
  const { dayStart, day, net, rows, purchase } = ledger;
  let rowsAfterObservationEnd = 0;
  // Customers in the summary are the ledger's customers in the same order, minus those left out.
  let out = 0;
  for (let c = 0; c < ledger.customers.length; c++) {
    const stop = dayStart[c + 1];
    if (out >= n || ledger.customers[c] !== cal.customer[out]) {
      for (let e = dayStart[c]; e < stop; e++) if (day[e] > obsEnd) rowsAfterObservationEnd += rows[e];
      continue;
    }
    let count = 0;
    let sum = 0;
    for (let e = dayStart[c]; e < stop; e++) {
      const d = day[e];
      if (d > obsEnd) {
        rowsAfterObservationEnd += rows[e];
        continue;
      }
      if (d > calEnd && purchase[e] === 1) {
        count++;
        sum += net[e];
      }
    }
    frequencyHoldout[out] = count;
    monetaryHoldout[out] = count > 0 ? sum / count : 0;
    out++;
  }
  return {
    ...cal,
    frequencyHoldout,
    monetaryHoldout,
    durationHoldout: (obsEnd - calEnd) / DAYS_PER_UNIT[unit],
    calibrationEnd: calEnd,
    observationEnd: obsEnd,
    rowsAfterObservationEnd,
  };
}
