/**
 * Shared test helpers for the model tests: the CDNOW calibration summary as CountData, relative
 * differences, a finite-difference gradient check, and seeded simulated populations.
 */
import { readSampleCsv } from "../../support/samples";
import { makeCountData } from "../../../src/core/models/compress";
import type { CountData, CountModel, Params } from "../../../src/core/models/model";
import { createRng } from "../../../src/core/math/random";
import { serialFromIso } from "../../../src/core/data/dates";

export interface Cdnow {
  readonly data: CountData;
  readonly id: number[];
  readonly x: number[];
  readonly tx: number[];
  readonly T: number[];
}

/** samples/cdnow_customers_summary.csv (2357 customers, weeks). */
export function cdnowSummary(): Cdnow {
  const rows = readSampleCsv("cdnow_customers_summary.csv");
  const id = rows.map((r) => r.ID as number);
  const x = rows.map((r) => r.frequency as number);
  const tx = rows.map((r) => r.recency as number);
  const T = rows.map((r) => r.T as number);
  return { data: makeCountData(x, tx, T), id, x, tx, T };
}

/**
 * A transaction log with no model structure: `rows` purchases whose customers (of `customers`), days
 * (two years from 2023-01-01) and amounts (10.00 to 100.00) are drawn uniformly with the project's
 * seeded generator. Every customer then buys at the same rate, so the models' limits show.
 */
export function uniformLog(rows: number, customers: number, seed: number): { ids: string[]; days: number[]; amounts: number[] } {
  const rng = createRng(seed);
  const start = serialFromIso("2023-01-01");
  const ids: string[] = [];
  const days: number[] = [];
  const amounts: number[] = [];
  for (let i = 0; i < rows; i++) {
    ids.push(`C${1 + Math.floor(rng.uniform() * customers)}`);
    days.push(start + Math.floor(rng.uniform() * 730));
    amounts.push(Math.round(1000 + 9000 * rng.uniform()) / 100);
  }
  return { ids, days, amounts };
}

export function relDiff(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
}

/**
 * Largest relative error of an analytic log-parameter gradient against the five-point central
 * difference of the log-likelihood (h = 1e-3 on the log scale; truncation error O(h⁴) ≈ 1e-12 relative,
 * rounding error ≈ 1e-13·|LL|/h).
 */
export function gradientError(logLik: (theta: number[], grad?: Float64Array) => number, theta: number[]): number {
  const g = new Float64Array(theta.length);
  logLik(theta, g);
  let worst = 0;
  const h = 1e-3;
  const at = (i: number, step: number) => {
    const t = theta.slice();
    t[i] += step;
    return logLik(t);
  };
  for (let i = 0; i < theta.length; i++) {
    const fd = (8 * (at(i, h) - at(i, -h)) - (at(i, 2 * h) - at(i, -2 * h))) / (12 * h);
    worst = Math.max(worst, Math.abs(fd - g[i]) / Math.max(1, Math.abs(fd)));
  }
  return worst;
}

/**
 * A seeded population observed like real data: first purchases spread uniformly over `cohortWeeks`
 * weeks (whole days), observed until the end of week `cohortWeeks + weeksAfter`; times in weeks and
 * rounded to whole days as a summary of dated transactions would give.
 */
export function simulatePopulation<P extends Params>(
  model: CountModel<P>,
  params: P,
  customers: number,
  seed: number,
  options: { cohortWeeks?: number; weeksAfter?: number; roundToDays?: boolean } = {},
): CountData {
  const rng = createRng(seed);
  const cohortDays = 7 * (options.cohortWeeks ?? 12);
  const endDay = cohortDays + 7 * (options.weeksAfter ?? 27);
  const T = new Float64Array(customers);
  for (let i = 0; i < customers; i++) T[i] = (endDay - rng.integer(cohortDays)) / 7;
  const h = model.simulate(params, T, rng);
  const round = options.roundToDays ?? true;
  const tx = round ? h.tx.map((v) => Math.min(Math.floor(v * 7) / 7, v)) : h.tx;
  // Rounding down to a day can put two purchases on one day: BTYD data merge them, so recount x as
  // the number of distinct days is out of reach here; keep x (the tests only need valid histories).
  return makeCountData(h.x, tx, h.T);
}
