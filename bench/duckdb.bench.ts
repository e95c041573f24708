/**
 * Large logs (DESIGN §5b): `clv summary` on a generated 10-million-row Parquet log (1M customers),
 * beside the in-add-in summary (CLV.SUMMARY's function path) on 1M rows of the same shape.
 * Reports wall time, rows per second and peak process RSS (sampled every 10 ms; DuckDB's memory is
 * native memory of this process, so RSS, not the JS heap, is the figure that matters). Figures are
 * printed, not asserted.
 *
 * The log is generated inside DuckDB (range() and random() after setseed, one thread so the stream is
 * reproducible) in a temporary directory that is removed afterwards (see `generator` for its shape);
 * text ids "C0000001"...
 */
import { afterAll, beforeAll, describe, it } from "vitest";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { openEngine } from "../src/cli/duckdb/engine";
import { summarize, type SummaryRun } from "../src/cli/commands/summary";
import { summary } from "../src/functions/data";

const ROWS = 10_000_000;
/** Customers generated; the 10M rows hold about 850k of them. */
const CUSTOMERS = 1_000_000;

interface Sample {
  ms: number;
  cpuMs: number;
  peakMB: number;
  baseMB: number;
}

/**
 * Runs `task` while sampling RSS; returns wall time, CPU time of the process (all threads, DuckDB's
 * included: on a shared machine it says more than the wall time) and the peak RSS in MB, with the
 * RSS before the task (or `baseline`, to count memory the task's input already holds).
 */
async function withRss(task: () => Promise<unknown> | unknown, baseline?: number): Promise<Sample> {
  (globalThis as { gc?: () => void }).gc?.();
  const base = baseline ?? process.memoryUsage.rss();
  let peak = base;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 10);
  const cpu = process.cpuUsage();
  const start = performance.now();
  await task();
  const ms = performance.now() - start;
  const used = process.cpuUsage(cpu);
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage.rss());
  return { ms, cpuMs: (used.user + used.system) / 1000, peakMB: peak / 2 ** 20, baseMB: base / 2 ** 20 };
}

function report(name: string, rows: number, r: Sample, extra = ""): void {
  const perSecond = (rows / (r.ms / 1000) / 1e6).toFixed(2);
  const perCpuSecond = (rows / (r.cpuMs / 1000) / 1e6).toFixed(2);
  console.log(
    `${name.padEnd(58)} ${(r.ms / 1000).toFixed(2).padStart(7)} s  ${perSecond.padStart(6)} M rows/s  ` +
      `CPU ${(r.cpuMs / 1000).toFixed(1)} s (${perCpuSecond} M rows per CPU-s)  ` +
      `peak RSS ${r.peakMB.toFixed(0)} MB (+${(r.peakMB - r.baseMB).toFixed(0)})${extra}  [load ${loadavg()[0].toFixed(1)}]`,
  );
}

/**
 * SQL of a generated log of `rows` rows from up to `customers` customers, shaped like the CDNOW cohort
 * (Fader, Hardie & Lee 2005): customers acquired over one quarter from 2023-01-01, each with an
 * exponential purchase rate (mean 0.028 a day) and an exponential lifetime whose rate is itself
 * exponential (mean 400 days at the median customer), observed for two years; amounts 5..200 with 5 %
 * returns. The first `rows` rows are kept, so the last customers are cut off like any log extract.
 */
function generator(rows: number, customers: number): string {
  return `WITH customers AS (
            SELECT i AS c,
                   CAST(floor(random() * 90) AS INTEGER) AS first_day,
                   -ln(1 - random()) * 0.028 AS rate,
                   least(-ln(1 - random()) * 400 / (-ln(1 - random()) + 1e-9), 730) AS life
            FROM range(${customers}) t(i)
          ),
          spans AS (SELECT c, first_day, rate, least(life, 729 - first_day) AS span FROM customers),
          days AS (
            SELECT c, first_day + CASE WHEN k = 0 THEN 0 ELSE CAST(floor(random() * span) AS INTEGER) END AS day,
                   random() AS u, random() AS v
            FROM spans, unnest(range(1 + CAST(floor(-ln(1 - random()) * rate * span) AS INTEGER))) AS r(k)
          )
          SELECT 'C' || lpad(CAST(c + 1 AS VARCHAR), 7, '0') AS customer_id,
                 DATE '2023-01-01' + day AS order_date,
                 round((5 + u * 195) * CASE WHEN v < 0.05 THEN -1 ELSE 1 END, 2) AS amount
          FROM days
          LIMIT ${rows}`;
}

describe("clv summary on DuckDB: 10M-row Parquet log", () => {
  let dir: string;
  let log10m: string;
  let log1m: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "clv-bench-"));
    log10m = join(dir, "tx10m.parquet");
    log1m = join(dir, "tx1m.parquet");
    const engine = await openEngine({ progress: false, threads: 1 });
    const started = performance.now();
    await engine.run(`SELECT setseed(0.20240501)`);
    await engine.run(`COPY (${generator(ROWS, CUSTOMERS)}) TO '${log10m}' (FORMAT parquet)`);
    await engine.run(`SELECT setseed(0.20240501)`);
    await engine.run(`COPY (${generator(ROWS / 10, CUSTOMERS / 10)}) TO '${log1m}' (FORMAT parquet)`);
    engine.close();
    console.log(
      `generated ${ROWS.toLocaleString("en-US")} rows (${(statSync(log10m).size / 2 ** 20).toFixed(0)} MB Parquet) and ` +
        `${(ROWS / 10).toLocaleString("en-US")} rows (${(statSync(log1m).size / 2 ** 20).toFixed(0)} MB) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
  }, 600_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("summaries through the CLI's code path (summarize), DuckDB defaults (all cores)", async () => {
    const runs: [string, number, SummaryRun][] = [
      ["clv summary 10M rows -> summary.parquet", ROWS, { input: log10m, output: join(dir, "s.parquet"), unit: "W", quiet: true }],
      ["clv summary 10M rows -> summary.csv", ROWS, { input: log10m, output: join(dir, "s.csv"), unit: "W", quiet: true }],
      ["clv summary 10M rows --compressed -> .csv", ROWS, { input: log10m, output: join(dir, "c.csv"), unit: "W", compressed: true, quiet: true }],
      ["clv summary 10M rows --compressed --time-bin 1 (weeks)", ROWS, { input: log10m, output: join(dir, "cw.csv"), unit: "W", compressed: true, timeBin: 1, quiet: true }],
      ["clv summary 10M rows, --memory-limit 512MB --threads 1", ROWS, { input: log10m, output: join(dir, "s1.parquet"), unit: "W", quiet: true, memoryLimit: "512MB", threads: 1 }],
      ["clv summary 1M rows -> summary.parquet", ROWS / 10, { input: log1m, output: join(dir, "s1m.parquet"), unit: "W", quiet: true }],
    ];
    for (const [name, rows, run] of runs) {
      let out = { outputRows: 0, outputBytes: 0 };
      const r = await withRss(async () => {
        out = await summarize(run);
      });
      report(name, rows, r, `  -> ${out.outputRows.toLocaleString("en-US")} rows, ${(out.outputBytes / 2 ** 20).toFixed(1)} MB`);
    }
  });

  it("beside it: CLV.SUMMARY's function path on the 1M-row log (RSS counted from before the cells are loaded)", async () => {
    (globalThis as { gc?: () => void }).gc?.();
    const before = process.memoryUsage.rss();
    const engine = await openEngine({ progress: false });
    const reader = await engine.connection.runAndReadAll(`SELECT customer_id, date_diff('day', DATE '1899-12-30', order_date) AS serial, amount FROM '${log1m}'`);
    const [ids, serials, amounts] = reader.getColumnsJS() as [string[], bigint[], number[]];
    engine.close();
    const customer = ids.map((v) => [v]);
    const date = serials.map((v) => [Number(v)]);
    const amount = amounts.map((v) => [v]);
    summary(customer, date, amount, null, "W", null); // warm-up
    for (let i = 0; i < 3; i++) {
      let n = 0;
      const r = await withRss(() => {
        n = (summary(customer, date, amount, null, "W", null) as unknown[][]).length - 1;
      }, before);
      report("CLV.SUMMARY function path, 1M rows", ROWS / 10, r, `  -> ${n.toLocaleString("en-US")} customers`);
    }
  });
});
