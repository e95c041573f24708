/**
 * `clv summary`: a transaction log too large for Excel -> the customer summary (or its compressed
 * form), computed by sql/summary.sql on embedded DuckDB. DuckDB reads the files itself in parallel
 * chunks and writes the result with COPY; no transaction row passes through JavaScript, so the size
 * of the log is bounded by disk, not by the Node heap (DESIGN §5b).
 */
import { statSync } from "node:fs";
import type { CliCommand } from "../command";
import { openEngine, sqlFile, sqlString, type Engine } from "../duckdb/engine";
import { InputError } from "../read";
import { copyOptions, dateOption, outputFormat, positiveOption, runCommand, stringOption, unitOption } from "../duckdb/options";
import { createTransactionsView, type ColumnChoice } from "../duckdb/source";

const USAGE = `Usage: clv summary <transactions.parquet|.csv|glob> -o <summary.csv|.parquet> [options]

Summarises a transaction log per customer with the rules of CLV.SUMMARY (same-day purchases merge,
returns net within their day, a day they cancel is not a purchase): customer, frequency, recency, T,
monetary, total_spend, first_purchase, last_purchase, transactions, returns. The SQL is sql/summary.sql,
run on embedded DuckDB; a glob such as 'logs/2024-*.parquet' reads many files as one log.

Options:
  -o, --output FILE       where to write the summary (.csv or .parquet)
  --period-end DATE       last day of the observation period, YYYY-MM-DD (default: last date in the data)
  --unit D|W|M|Y          unit of recency and T: days, weeks (7 days), months (365.25/12 days),
                          years (365.25 days); default: the add-in's default unit
  --compressed            write one row per distinct (frequency, recency, T) with a 'customers' count,
                          to paste into Excel and fit with the FIT functions' weights argument
  --monetary-bin WIDTH    with --compressed: also keep monetary, rounded to a multiple of WIDTH
                          (e.g. 1 = whole currency units), for CLV.GG.FIT with weights
  --time-bin WIDTH        with --compressed: round recency and T to multiples of WIDTH units (e.g. 1
                          with --unit W = whole weeks): far fewer rows, an approximation of the fit
  --customer, --date, --amount COLUMN
                          input columns (default: recognised from their names and content)
  --threads N, --memory-limit SIZE
                          DuckDB's worker threads and memory cap (e.g. 4GB); DuckDB spills to disk
  -q, --quiet             no progress or report on stderr
  -h, --help              this help

Exit codes: 0 done, 2 bad option or input (the message says what to fix), 1 unexpected failure.
`;

export interface SummaryRun {
  input: string;
  output: string;
  /** ISO date; undefined = the last date in the data. */
  periodEnd?: string;
  unit?: string;
  compressed?: boolean;
  monetaryBin?: number;
  timeBin?: number;
  columns?: ColumnChoice;
  threads?: number;
  memoryLimit?: string;
  quiet?: boolean;
}

export interface SummaryReport {
  rows: number;
  returns: number;
  periodEnd: string;
  unit: string;
  rowsAfterPeriodEnd: number;
  /** customers in the summary (for --compressed: the sum of the counts) */
  customers: number;
  /** rows up to the period end of customers left out for having no purchase day by then */
  rowsWithoutPurchase: number;
  /** rows written to the output (customers, or distinct rows when compressed) */
  outputRows: number;
  outputBytes: number;
  columns: { customer: string; date: string; amount: string };
}

/** Runs the summary (the code path of the command, also used by the benchmark). */
export async function summarize(run: SummaryRun, engine?: Engine): Promise<SummaryReport> {
  const format = outputFormat(run.output);
  const { unit, days } = unitOption(run.unit);
  if (run.monetaryBin !== undefined && !run.compressed) throw new InputError("--monetary-bin goes with --compressed");
  if (run.timeBin !== undefined && !run.compressed) throw new InputError("--time-bin goes with --compressed");
  const own = engine === undefined;
  const db = engine ?? (await openEngine({ progress: !run.quiet, threads: run.threads, memoryLimit: run.memoryLimit }));
  try {
    const source = await createTransactionsView(db, run.input, run.columns);
    const [checks] = await db.rows(sqlFile("summary_checks.sql"), { period_end: run.periodEnd ?? null });
    if (checks === undefined || Number(checks.rows) === 0) throw new InputError(`${run.input}: no transactions`);
    const missing = (["customer", "date", "amount"] as const)
      .map((role) => [role, Number(checks[`missing_${role}`])] as const)
      .filter(([, n]) => n > 0);
    if (missing.length > 0) {
      const [role, n] = missing[0];
      throw new InputError(`${n} row(s) have no ${role} (column '${source.columns[role]}'); fill or remove them (rows blank in all three columns are skipped)`);
    }
    const periodEnd = isoDate(checks.period_end);
    const firstDate = isoDate(checks.first_date);
    if (periodEnd < firstDate) throw new InputError(`--period-end ${periodEnd} is before the first date in the data (${firstDate})`);

    const params = { period_end: periodEnd, unit_days: days };
    const summarySql = sqlFile("summary.sql");
    let written: Record<string, unknown>;
    if (!run.compressed) {
      await db.run(`COPY (${summarySql}) TO ${sqlString(run.output)} ${copyOptions(format)}`, params, `summarising ${run.input}`);
      const reader = format === "parquet" ? `read_parquet(${sqlString(run.output)})` : `read_csv(${sqlString(run.output)})`;
      [written] = await db.rows(`SELECT COUNT(*) AS n, COUNT(*) AS customers, SUM(transactions) AS transactions FROM ${reader}`);
    } else {
      // The customer summary stays inside DuckDB (spilling to disk if need be); only the distinct rows are written.
      await db.run(`CREATE OR REPLACE TEMP TABLE clv_summary AS ${summarySql}`, params, `summarising ${run.input}`);
      const bin = run.monetaryBin;
      const money = bin !== undefined ? `, ROUND(monetary / ${bin}) * ${bin} AS monetary` : "";
      const tb = run.timeBin;
      const times = tb !== undefined ? `ROUND(recency / ${tb}) * ${tb} AS recency, ROUND(T / ${tb}) * ${tb} AS T` : "recency, T";
      await db.run(
        `COPY (SELECT frequency, ${times}${money}, COUNT(*) AS customers FROM clv_summary GROUP BY ALL ORDER BY ALL) TO ${sqlString(run.output)} ${copyOptions(format)}`,
        undefined,
        `compressing`,
      );
      const reader = format === "parquet" ? `read_parquet(${sqlString(run.output)})` : `read_csv(${sqlString(run.output)})`;
      [written] = await db.rows(
        `SELECT (SELECT COUNT(*) FROM ${reader}) AS n, COUNT(*) AS customers, SUM(transactions) AS transactions FROM clv_summary`,
      );
      await db.run(`DROP TABLE clv_summary`);
    }
    const customers = Number(written.customers);
    const rowsUpToEnd = Number(checks.rows) - Number(checks.rows_after_period_end);
    const report: SummaryReport = {
      rows: Number(checks.rows),
      returns: Number(checks.returns),
      periodEnd,
      unit,
      rowsAfterPeriodEnd: Number(checks.rows_after_period_end),
      customers,
      rowsWithoutPurchase: rowsUpToEnd - Number(written.transactions),
      outputRows: Number(written.n),
      outputBytes: statSync(run.output).size,
      columns: source.columns,
    };
    if (customers === 0) throw new InputError(`no customer made a purchase on or before ${periodEnd}`);
    if (!run.quiet) process.stderr.write(describe(run, report) + "\n");
    return report;
  } finally {
    if (own) db.close();
  }
}

function isoDate(v: unknown): string {
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return String(v);
}

const count = (n: number): string => n.toLocaleString("en-US");

/** The report on stderr: what was read, what was written, and everything left out. */
function describe(run: SummaryRun, r: SummaryReport): string {
  const lines = [
    `read ${count(r.rows)} rows (${count(r.returns)} returns) from ${run.input} ` +
      `[customer: ${r.columns.customer}, date: ${r.columns.date}, amount: ${r.columns.amount}]`,
    `period end ${r.periodEnd}, unit ${r.unit}: ${count(r.customers)} customers -> ${count(r.outputRows)} rows ` +
      `(${(r.outputBytes / 2 ** 20).toFixed(2)} MB) in ${run.output}`,
  ];
  const left: string[] = [];
  if (r.rowsAfterPeriodEnd > 0) left.push(`${count(r.rowsAfterPeriodEnd)} rows after the period end`);
  if (r.rowsWithoutPurchase > 0) {
    left.push(`${count(r.rowsWithoutPurchase)} rows of customers with no purchase day by then (only returns, or purchases cancelled on their day)`);
  }
  if (left.length > 0) lines.push(`left out: ${left.join("; ")}`);
  return lines.join("\n");
}

export const command: CliCommand = {
  summary: "customer summary (or its compressed form) of a large CSV/Parquet log on DuckDB",
  run: (args) =>
    runCommand(
      "summary",
      USAGE,
      {
        output: { type: "string", short: "o" },
        "period-end": { type: "string" },
        unit: { type: "string" },
        compressed: { type: "boolean" },
        "monetary-bin": { type: "string" },
        "time-bin": { type: "string" },
        customer: { type: "string" },
        date: { type: "string" },
        amount: { type: "string" },
        threads: { type: "string" },
        "memory-limit": { type: "string" },
        quiet: { type: "boolean", short: "q" },
      },
      args,
      async (p) => {
        if (p.positionals.length !== 1) throw new InputError(p.positionals.length === 0 ? "give the transaction file (or a glob)" : `give one input (a glob reads many files); got ${p.positionals.join(" ")}`);
        const output = stringOption(p, "output");
        if (output === undefined) throw new InputError("give the output file with -o summary.csv (or .parquet)");
        const periodEnd = stringOption(p, "period-end");
        const threads = positiveOption("threads", stringOption(p, "threads"));
        if (threads !== undefined && !Number.isInteger(threads)) throw new InputError(`--threads ${threads}: use a whole number`);
        await summarize({
          input: p.positionals[0],
          output,
          periodEnd: periodEnd === undefined ? undefined : dateOption("period-end", periodEnd),
          unit: stringOption(p, "unit"),
          compressed: p.values.compressed === true,
          monetaryBin: positiveOption("monetary-bin", stringOption(p, "monetary-bin")),
          timeBin: positiveOption("time-bin", stringOption(p, "time-bin")),
          columns: { customer: stringOption(p, "customer"), date: stringOption(p, "date"), amount: stringOption(p, "amount") },
          threads,
          memoryLimit: stringOption(p, "memory-limit"),
          quiet: p.values.quiet === true,
        });
      },
    ),
};
