/**
 * sql/summary.sql and sql/split.sql, run on DuckDB through the CLI's code path, against the core
 * functions behind CLV.SUMMARY and CLV.SPLIT on the same data: customer by customer, frequency exact,
 * recency and T within 1e-9 in the unit (the SQL divides the same whole-day differences by the same
 * double, so they agree exactly in practice), money within 1e-9 (sums in another order).
 *
 * Data: the CDNOW sample (Fader, Hardie & Lee 2005; samples/CDNOW_sample.txt) and a small log built to
 * hit every rule of docs/notes/SUMMARY.md (same-day merge, returns, $0 days, ids, period end).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serialFromIso } from "../../src/core/data/dates";
import { summarizeTransactions, splitCalibrationHoldout, type CustomerSummary } from "../../src/core/data";
import { DAYS_PER_UNIT, type TimeUnit } from "../../src/core/data/dates";
import { openEngine, sqlFile, type Engine } from "../../src/cli/duckdb/engine";
import { createTransactionsView } from "../../src/cli/duckdb/source";
import { summarize } from "../../src/cli/commands/summary";
import { readCdnowTransactions } from "../support/samples";

interface Log {
  customer: string[];
  date: string[];
  amount: number[];
}

function writeCsv(path: string, log: Log): void {
  const lines = ["customer,date,amount"];
  log.customer.forEach((c, i) => lines.push(`${c},${log.date[i]},${log.amount[i]}`));
  writeFileSync(path, lines.join("\n") + "\n");
}

type Row = Record<string, unknown>;
const num = (v: unknown): number => (typeof v === "bigint" ? Number(v) : (v as number));
const iso = (v: unknown): string => (v as Date).toISOString().slice(0, 10);

/** Compares SQL rows with a core summary, keyed by customer id; returns the largest time error. */
function compare(rows: Row[], core: CustomerSummary): number {
  expect(rows.length).toBe(core.customer.length);
  const byId = new Map(rows.map((r) => [String(r.customer), r]));
  let maxTimeErr = 0;
  core.customer.forEach((id, i) => {
    const r = byId.get(String(id));
    expect(r, `customer ${id}`).toBeDefined();
    expect(num(r!.frequency)).toBe(core.frequency[i]);
    maxTimeErr = Math.max(maxTimeErr, Math.abs(num(r!.recency) - core.recency[i]), Math.abs(num(r!.T) - core.T[i]));
    expect(Math.abs(num(r!.monetary) - core.monetary[i])).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(core.monetary[i])));
    expect(Math.abs(num(r!.total_spend) - core.totalSpend[i])).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(core.totalSpend[i])));
    expect(serialFromIso(iso(r!.first_purchase))).toBe(core.firstPurchase[i]);
    expect(serialFromIso(iso(r!.last_purchase))).toBe(core.lastPurchase[i]);
    expect(num(r!.transactions)).toBe(core.transactions[i]);
    expect(num(r!.returns)).toBe(core.returns[i]);
  });
  return maxTimeErr;
}

const UNITS: TimeUnit[] = ["D", "W", "M", "Y"];

describe("sql/summary.sql on DuckDB = CLV.SUMMARY's core (CDNOW sample, 6919 rows, 2357 customers)", () => {
  let dir: string;
  let csv: string;
  let log: Log;
  let engine: Engine;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "clv-sql-"));
    csv = join(dir, "cdnow.csv");
    log = readCdnowTransactions();
    writeCsv(csv, log);
    engine = await openEngine({ progress: false });
  });
  afterAll(() => {
    engine?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const unit of UNITS) {
    it(`period end 1997-09-30, unit ${unit}: every customer equal (x exact, t_x and T within 1e-9)`, async () => {
      const out = join(dir, `summary-${unit}.parquet`);
      const report = await summarize({ input: csv, output: out, periodEnd: "1997-09-30", unit, quiet: true });
      const rows = await engine.rows(`SELECT * FROM read_parquet('${out}')`);
      const core = summarizeTransactions(
        { customer: log.customer, day: log.date.map(serialFromIso), amount: log.amount },
        { periodEnd: serialFromIso("1997-09-30"), timeUnit: unit },
      );
      expect(core.customer.length).toBe(2357);
      expect(compare(rows, core)).toBeLessThanOrEqual(1e-9);
      // Same order as CLV.SUMMARY for numeric ids.
      expect(rows.map((r) => num(r.customer))).toEqual(core.customer);
      // The bookkeeping matches the core's: 1959 rows after the period end (6919 - 4960 up to it).
      expect(report.rows).toBe(core.rowCount);
      expect(report.rowsAfterPeriodEnd).toBe(core.excluded.rowsAfterPeriodEnd);
      expect(report.rowsWithoutPurchase).toBe(0);
    });
  }

  it("without a period end both use the last date in the data (1998-06-30)", async () => {
    const out = join(dir, "summary-default.csv");
    const report = await summarize({ input: csv, output: out, unit: "W", quiet: true });
    expect(report.periodEnd).toBe("1998-06-30");
    const rows = await engine.rows(`SELECT * FROM read_csv('${out}')`);
    const core = summarizeTransactions({ customer: log.customer, day: log.date.map(serialFromIso), amount: log.amount }, { timeUnit: "W" });
    expect(compare(rows, core)).toBeLessThanOrEqual(1e-9);
  });

  it("sql/split.sql = CLV.SPLIT's core (calibration to 1997-09-30, holdout to 1998-06-30, weeks)", async () => {
    await createTransactionsView(engine, csv);
    const rows = await engine.rows(sqlFile("split.sql"), { calibration_end: "1997-09-30", observation_end: "1998-06-30", unit_days: DAYS_PER_UNIT.W });
    const core = splitCalibrationHoldout(
      { customer: log.customer, day: log.date.map(serialFromIso), amount: log.amount },
      { calibrationEnd: serialFromIso("1997-09-30"), observationEnd: serialFromIso("1998-06-30"), timeUnit: "W" },
    );
    expect(rows.length).toBe(core.customer.length);
    let holdoutPurchases = 0;
    core.customer.forEach((id, i) => {
      const r = rows[i];
      expect(num(r.customer)).toBe(id);
      expect(num(r.frequency_cal)).toBe(core.frequency[i]);
      expect(Math.abs(num(r.recency_cal) - core.recency[i])).toBeLessThanOrEqual(1e-9);
      expect(Math.abs(num(r.T_cal) - core.T[i])).toBeLessThanOrEqual(1e-9);
      expect(Math.abs(num(r.monetary_cal) - core.monetary[i])).toBeLessThanOrEqual(1e-9 * Math.max(1, core.monetary[i]));
      expect(num(r.frequency_holdout)).toBe(core.frequencyHoldout[i]);
      expect(Math.abs(num(r.monetary_holdout) - core.monetaryHoldout[i])).toBeLessThanOrEqual(1e-9 * Math.max(1, core.monetaryHoldout[i]));
      expect(num(r.duration_holdout)).toBe(core.durationHoldout);
      holdoutPurchases += core.frequencyHoldout[i];
    });
    // 39 weeks of holdout (Fader, Hardie & Lee 2005, §4: 1997-10-01 .. 1998-06-30).
    expect(core.durationHoldout).toBe(39);
    expect(holdoutPurchases).toBeGreaterThan(0);
  });
});

describe("sql/summary.sql = the core on a log built to exercise every rule", () => {
  // customer, date, amount: each block is one rule of docs/notes/SUMMARY.md.
  const rows: [string, string, number][] = [
    // A: two rows on one day merge; a later $0 day still counts (a free order); a refund on a later day
    //    lowers total spend only.
    ["A", "2024-01-01", 10], ["A", "2024-01-01 15:30:00", 5], ["A", "2024-01-08", 0], ["A", "2024-01-20", -4], ["A", "2024-02-01", 30],
    // B: a same-day full refund cancels the first day; the first purchase is then 2024-01-05.
    ["B", "2024-01-02", 20], ["B", "2024-01-02", -20], ["B", "2024-01-05", 12], ["B", "2024-01-09", 8],
    // C: buy 20 and return an older 50 on the same day: no purchase that day.
    ["C", "2024-01-03", 50], ["C", "2024-01-10", 20], ["C", "2024-01-10", -50],
    // D: only returns -> left out.
    ["D", "2024-01-04", -5],
    // E: first purchase after the period end -> left out; F: rows on both sides of it.
    ["E", "2024-03-01", 9], ["F", "2024-01-06", 7], ["F", "2024-02-20", 7],
    // ids: "0042" and "42" differ; " g " is "g"; "G" and "g" differ.
    ["0042", "2024-01-07", 1], ["42", "2024-01-07", 2], [" g ", "2024-01-07", 3], ["g", "2024-01-09", 4], ["G", "2024-01-09", 5],
    // H: a $0 first purchase only (as 8 CDNOW customers).
    ["H", "2024-01-11", 0],
  ];
  const periodEnd = "2024-02-15";
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "clv-sql-rules-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  for (const unit of UNITS) {
    it(`unit ${unit}`, async () => {
      const csv = join(dir, "rules.csv");
      writeFileSync(csv, "customer,date,amount\n" + rows.map(([c, d, a]) => `"${c}",${d},${a}`).join("\n") + "\n");
      const out = join(dir, `rules-${unit}.parquet`);
      const report = await summarize({ input: csv, output: out, periodEnd, unit, quiet: true });
      const engine = await openEngine({ progress: false });
      const got = await engine.rows(`SELECT * FROM read_parquet('${out}')`);
      engine.close();
      const core = summarizeTransactions(
        { customer: rows.map((r) => r[0]), day: rows.map((r) => serialFromIso(r[1])), amount: rows.map((r) => r[2]) },
        { periodEnd: serialFromIso(periodEnd), timeUnit: unit },
      );
      expect(compare(got, core)).toBeLessThanOrEqual(1e-9);
      // D's only row is a return: left out, and counted.
      expect(core.excluded.rowsWithoutPurchase).toBe(1);
      expect(report.rowsWithoutPurchase).toBe(core.excluded.rowsWithoutPurchase);
      expect(report.rowsAfterPeriodEnd).toBe(core.excluded.rowsAfterPeriodEnd);
      // By hand: A has days 01-01 (15), 01-08 (0), 01-20 (-4, a refund day: not a purchase), 02-01 (30).
      const a = got.find((r) => r.customer === "A")!;
      expect(num(a.frequency)).toBe(2);
      expect(num(a.monetary)).toBe(15);
      expect(num(a.total_spend)).toBe(41);
      expect(num(a.recency)).toBe(31 / DAYS_PER_UNIT[unit]);
      expect(got.map((r) => String(r.customer)).sort()).toEqual(["0042", "42", "A", "B", "C", "F", "G", "H", "g"].sort());
      expect(num(got.find((r) => r.customer === "g")!.frequency)).toBe(1);
    });
  }
});
