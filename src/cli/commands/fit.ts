/**
 * `clv fit`: fits a count model (BG/NBD, Pareto/NBD, ... from the model registry) to a customer
 * summary file, full or compressed, and writes the model table with the same labels as the FIT
 * functions' spill, plus optional per-customer predictions.
 *
 * DuckDB reads the summary and groups it to distinct (frequency, recency, T) rows with summed weights
 * (DESIGN §4.2), so only those rows enter JavaScript; a full summary and its compressed form therefore
 * give the same fit. Predictions are computed once per distinct row and joined back to every input
 * row by DuckDB, which writes them with COPY.
 */
import { writeFileSync } from "node:fs";
import type { CliCommand } from "../command";
import { openEngine, sqlIdentifier, sqlString, type Engine } from "../duckdb/engine";
import { InputError } from "../read";
import { copyOptions, outputFormat, positiveOption, runCommand, stringOption, unitOption } from "../duckdb/options";
import { readerOf } from "../duckdb/source";
import { listModels, getModel, countModel } from "../../core/models/registry";
import { compressCountData, makeCountData } from "../../core/models/compress";
import { fitToTable, type TableCell } from "../../core/models/table";
import type { CountModel, Fit } from "../../core/models/model";

const countModelNames = (): string[] => listModels().filter((m) => m.kind === "count").map((m) => m.name);

const USAGE = `Usage: clv fit <summary.csv|.parquet> --model bgnbd|pareto [options]

Fits a model to a customer summary (from 'clv summary', compressed or not, or CLV.SUMMARY pasted to a
CSV) and writes the model table with the same labels as CLV.BGNBD.FIT / CLV.PARETO.FIT, ready to paste
into Excel and use with CLV.EXPECTED, CLV.PALIVE and the other prediction functions.

Options:
  --model NAME            the model: ${countModelNames().join(", ")} (bgnbd and pareto work too)
  -o, --output FILE       where to write the model table (.csv; default: print it)
  --unit D|W|M|Y          time unit of recency and T in the file (the --unit given to clv summary),
                          written into the model table's time unit row; default: the add-in's default
  --weights COLUMN        column with the number of customers per row (default: 'customers', 'weight'
                          or 'weights' when the file has one, else 1 per row)
  --frequency, --recency, --T COLUMN
                          input columns (default: frequency, recency, T or frequency_cal, recency_cal, T_cal)
  --predict FILE          also write every input row with its predictions (.csv or .parquet):
                          expected = expected purchases in the next --horizon time units, p_alive
  --horizon T             length of the prediction period, in the summary's time unit (with --predict)
  -q, --quiet             no progress on stderr
  -h, --help              this help

Exit codes: 0 done, 2 bad option or input (the message says what to fix), 1 unexpected failure.
`;

export interface FitRun {
  input: string;
  model: string;
  /** Unit of recency and T in the file; default: the core's default unit. */
  unit?: string;
  output?: string;
  weights?: string;
  columns?: { frequency?: string; recency?: string; T?: string };
  predict?: string;
  horizon?: number;
  quiet?: boolean;
}

export interface FitResult {
  model: CountModel;
  fit: Fit;
  table: TableCell[][];
  /** distinct (frequency, recency, T) rows the fit used */
  distinctRows: number;
  inputRows: number;
}

/** Fits the summary file (the code path of the command). */
export async function fitSummary(run: FitRun, engine?: Engine): Promise<FitResult> {
  const model = countModel(getModel(run.model, "--model"), "clv fit", "--model");
  const { unit } = unitOption(run.unit);
  if (run.output !== undefined && !run.output.toLowerCase().endsWith(".csv")) throw new InputError(`-o ${run.output}: the model table is written as .csv`);
  if (run.predict !== undefined) outputFormat(run.predict, "--predict");
  if ((run.predict === undefined) !== (run.horizon === undefined)) throw new InputError("--predict and --horizon go together");
  const own = engine === undefined;
  const db = engine ?? (await openEngine({ progress: !run.quiet }));
  try {
    const reader = readerOf(run.input);
    const described = await db.rows(`DESCRIBE SELECT * FROM ${reader}`);
    const names = described.map((r) => String(r.column_name));
    const find = (option: string, given: string | undefined, candidates: string[]): string | undefined => {
      const wanted = given !== undefined ? [given] : candidates;
      for (const w of wanted) {
        const hit = names.find((n) => n.toLowerCase() === w.toLowerCase());
        if (hit !== undefined) return hit;
      }
      if (given !== undefined) throw new InputError(`--${option} ${given}: no such column in ${run.input} (columns: ${names.join(", ")})`);
      return undefined;
    };
    const required = (option: string, given: string | undefined, candidates: string[]): string => {
      const hit = find(option, given, candidates);
      if (hit === undefined) throw new InputError(`${run.input} has no ${candidates[0]} column (columns: ${names.join(", ")}); name it with --${option}`);
      return hit;
    };
    const fx = required("frequency", run.columns?.frequency, ["frequency", "frequency_cal", "x"]);
    const rx = required("recency", run.columns?.recency, ["recency", "recency_cal", "t_x"]);
    const tx = required("T", run.columns?.T, ["T", "T_cal"]);
    const wx = find("weights", run.weights, ["customers", "weight", "weights"]);
    const w = wx === undefined ? "1.0" : `CAST(${sqlIdentifier(wx)} AS DOUBLE)`;

    await db.run(
      `CREATE OR REPLACE TEMP TABLE clv_input AS
       SELECT row_number() OVER () AS clv_row, *,
              CAST(${sqlIdentifier(fx)} AS DOUBLE) AS clv_x, CAST(${sqlIdentifier(rx)} AS DOUBLE) AS clv_tx,
              CAST(${sqlIdentifier(tx)} AS DOUBLE) AS clv_t, ${w} AS clv_w
       FROM ${reader}`,
      undefined,
      `reading ${run.input}`,
    );
    const isCsv = !/\.(parquet|pq)$/i.test(run.input);
    const rowLabel = (row: number): string => (isCsv && !/[*?[{]/.test(run.input) ? `line ${row + 1} of ${run.input}` : `row ${row} of ${run.input}`);
    const argNames = { x: fx, tx: rx, T: tx, weight: wx ?? "weights" };
    const [bad] = await db.rows(
      `SELECT clv_row, clv_x, clv_tx, clv_t, clv_w FROM clv_input
       WHERE NOT COALESCE(clv_x >= 0 AND clv_x = FLOOR(clv_x) AND clv_tx >= 0 AND clv_t >= 0 AND clv_tx <= clv_t * (1 + 1e-12)
                          AND (clv_x > 0 OR clv_tx = 0) AND clv_w >= 0 AND isfinite(clv_x) AND isfinite(clv_tx) AND isfinite(clv_t) AND isfinite(clv_w), FALSE)
       ORDER BY clv_row LIMIT 1`,
    );
    if (bad !== undefined) {
      const row = Number(bad.clv_row);
      const cell = (v: unknown): number => (v === null || v === undefined ? NaN : Number(v));
      const one = (v: unknown) => [cell(v)];
      makeCountData(one(bad.clv_x), one(bad.clv_tx), one(bad.clv_t), one(bad.clv_w), { rowLabel: () => rowLabel(row), names: argNames, requireRepeat: false });
      throw new InputError(`${rowLabel(row)} has a missing value in ${fx}, ${rx}, ${tx}${wx ? ` or ${wx}` : ""}`);
    }

    const grouped = await db.connection.runAndReadAll(
      `SELECT clv_x, clv_tx, clv_t, SUM(clv_w) AS clv_w FROM clv_input GROUP BY ALL HAVING SUM(clv_w) > 0 ORDER BY ALL`,
    );
    const cols = grouped.getColumnsJS() as number[][];
    const [inputCount] = await db.rows(`SELECT COUNT(*) AS n FROM clv_input`);
    const x = Float64Array.from(cols[0]);
    const t = Float64Array.from(cols[1]);
    const T = Float64Array.from(cols[2]);
    const weight = Float64Array.from(cols[3]);
    if (x.length === 0) throw new InputError(`${run.input}: no customers to fit (empty, or every weight is 0)`);
    const data = compressCountData(makeCountData(x, t, T, weight, { discrete: model.timeDomain === "discrete", names: argNames }));
    const fit = runFit(model, data, run.quiet === true);
    const table = fitToTable(model, fit, true, unit);
    if (run.output !== undefined) writeFileSync(run.output, csvOf(table));
    else process.stdout.write(csvOf(table));

    if (run.predict !== undefined && run.horizon !== undefined) {
      await db.run(`CREATE OR REPLACE TEMP TABLE clv_predictions (clv_x DOUBLE, clv_tx DOUBLE, clv_t DOUBLE, expected DOUBLE, p_alive DOUBLE)`);
      const appender = await db.connection.createAppender("clv_predictions");
      for (let i = 0; i < x.length; i++) {
        appender.appendDouble(x[i]);
        appender.appendDouble(t[i]);
        appender.appendDouble(T[i]);
        appender.appendDouble(model.expected(fit.params, run.horizon, x[i], t[i], T[i]));
        appender.appendDouble(model.pAlive(fit.params, x[i], t[i], T[i]));
        appender.endRow();
      }
      appender.closeSync();
      await db.run(
        `COPY (SELECT i.* EXCLUDE (clv_row, clv_x, clv_tx, clv_t, clv_w), p.expected, p.p_alive
               FROM clv_input i LEFT JOIN clv_predictions p USING (clv_x, clv_tx, clv_t)
               ORDER BY i.clv_row)
         TO ${sqlString(run.predict)} ${copyOptions(outputFormat(run.predict, "--predict"))}`,
        undefined,
        `writing ${run.predict}`,
      );
    }
    if (!run.quiet) {
      process.stderr.write(
        `${model.name}: ${Number(inputCount.n).toLocaleString("en-US")} input rows, ${x.length.toLocaleString("en-US")} distinct (frequency, recency, T), ` +
          `${fit.n.toLocaleString("en-US")} customers; ${fit.converged ? "converged" : "NOT converged"} after ${fit.iterations} iterations\n`,
      );
    }
    return { model, fit, table, distinctRows: x.length, inputRows: Number(inputCount.n) };
  } finally {
    if (own) db.close();
  }
}

/** Runs the fit's steps, reporting progress on stderr about twice a second. */
function runFit(model: CountModel, data: ReturnType<typeof compressCountData>, quiet: boolean): Fit {
  const steps = model.fitSteps(data);
  let last = Date.now();
  let shown = false;
  for (;;) {
    const step = steps.next();
    if (step.done) {
      if (shown) process.stderr.write("\n");
      return step.value;
    }
    if (!quiet && Date.now() - last > 500) {
      const s = step.value;
      process.stderr.write(`\rfitting ${model.name}: start ${s.start + 1}/${s.starts}, iteration ${s.iteration}, log-likelihood ${s.logLik.toFixed(2)}`);
      last = Date.now();
      shown = true;
    }
  }
}

/** A model table as CSV: numbers at full precision, text quoted when needed. */
function csvOf(table: TableCell[][]): string {
  const cell = (v: TableCell): string => {
    if (typeof v === "number") return String(v);
    if (typeof v === "boolean") return v ? "TRUE" : "FALSE";
    return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
  };
  return table.map((r) => r.map(cell).join(",")).join("\n") + "\n";
}

export const command: CliCommand = {
  summary: "fit BG/NBD or Pareto/NBD to a (compressed) summary file; model table and predictions",
  run: (args) =>
    runCommand(
      "fit",
      USAGE,
      {
        model: { type: "string" },
        unit: { type: "string" },
        output: { type: "string", short: "o" },
        weights: { type: "string" },
        frequency: { type: "string" },
        recency: { type: "string" },
        T: { type: "string" },
        predict: { type: "string" },
        horizon: { type: "string" },
        quiet: { type: "boolean", short: "q" },
      },
      args,
      async (p) => {
        if (p.positionals.length !== 1) throw new InputError("give one summary file (.csv or .parquet)");
        const model = stringOption(p, "model");
        if (model === undefined) throw new InputError(`give the model with --model (${countModelNames().join(", ")})`);
        const horizon = stringOption(p, "horizon");
        await fitSummary({
          input: p.positionals[0],
          model,
          unit: stringOption(p, "unit"),
          output: stringOption(p, "output"),
          weights: stringOption(p, "weights"),
          columns: { frequency: stringOption(p, "frequency"), recency: stringOption(p, "recency"), T: stringOption(p, "T") },
          predict: stringOption(p, "predict"),
          horizon: horizon === "0" ? 0 : positiveOption("horizon", horizon),
          quiet: p.values.quiet === true,
        });
      },
    ),
};
