/**
 * Embedded DuckDB for the CLI: one in-memory database per command, statements run with progress on
 * stderr, and DuckDB's own errors sorted into "your input is wrong" (exit code 2) and "something
 * broke" (exit code 1).
 *
 * Only the CLI imports this module; the add-in bundle never loads DuckDB.
 */
import { DuckDBConnection, DuckDBInstance, type DuckDBValue } from "@duckdb/node-api";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { InputError } from "../read";

/** The repository's sql/ folder (the CLI runs from the source tree through tsx). */
const SQL_DIR = resolve(__dirname, "..", "..", "..", "sql");

/** Text of a file in sql/, e.g. "summary.sql", without a trailing semicolon (it is embedded in COPY). */
export function sqlFile(name: string): string {
  return readFileSync(resolve(SQL_DIR, name), "utf8").trim().replace(/;\s*$/, "");
}

/** Named parameters of a statement, bound as DuckDB's `$name`. */
export type SqlParams = Record<string, DuckDBValue>;

export interface Engine {
  readonly connection: DuckDBConnection;
  /** Runs a statement; `label` shows with a percentage on stderr while it runs (when `progress`). */
  run(sql: string, params?: SqlParams, label?: string): Promise<void>;
  /** Runs a query and returns its rows as plain JS values (for small results only). */
  rows(sql: string, params?: SqlParams): Promise<Record<string, unknown>[]>;
  close(): void;
}

export interface EngineOptions {
  /** Write progress lines to stderr (default true). */
  progress?: boolean;
  /** DuckDB memory limit, e.g. "4GB" (default: DuckDB's own, 80 % of RAM). */
  memoryLimit?: string;
  /** Worker threads (default: DuckDB's own, one per core). */
  threads?: number;
}

/** Milliseconds between progress reads. */
const PROGRESS_EVERY_MS = 500;

export async function openEngine(options: EngineOptions = {}): Promise<Engine> {
  const config: Record<string, string> = {};
  if (options.memoryLimit) config.memory_limit = options.memoryLimit;
  if (options.threads) config.threads = String(options.threads);
  const instance = await DuckDBInstance.create(":memory:", config);
  const connection = await instance.connect();
  const showProgress = options.progress !== false;
  // DuckDB tracks a query's progress only with its progress bar enabled; it must not print it itself.
  if (showProgress) await connection.run("SET enable_progress_bar = true; SET enable_progress_bar_print = false");
  return {
    connection,
    async run(sql, params, label) {
      const started = Date.now();
      let shown = false;
      const timer =
        showProgress && label
          ? setInterval(() => {
              const p = connection.progress;
              const pct = p.percentage >= 0 ? `${p.percentage.toFixed(0).padStart(3)} %` : "  ...";
              process.stderr.write(`\r${label}: ${pct}  ${((Date.now() - started) / 1000).toFixed(1)} s`);
              shown = true;
            }, PROGRESS_EVERY_MS)
          : undefined;
      try {
        await connection.run(sql, params);
      } catch (err) {
        throw classify(err);
      } finally {
        if (timer) clearInterval(timer);
        if (shown) process.stderr.write("\n");
      }
    },
    async rows(sql, params) {
      try {
        const reader = await connection.runAndReadAll(sql, params);
        return reader.getRowObjectsJS() as Record<string, unknown>[];
      } catch (err) {
        throw classify(err);
      }
    },
    close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

/**
 * DuckDB errors that mean the input is wrong (a missing file, a value that is not a date, a CSV it
 * cannot parse) become InputError with DuckDB's message; everything else is passed on.
 */
function classify(err: unknown): unknown {
  if (err instanceof InputError || !(err instanceof Error)) return err;
  const m = err.message;
  if (/^(IO|Conversion|Invalid Input|Binder|Parser|Out of Range) Error/.test(m) || /No files found/.test(m)) {
    return new InputError(m.split("\n")[0]);
  }
  return err;
}

/** A SQL string literal (single quotes doubled). */
export function sqlString(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** A quoted SQL identifier. */
export function sqlIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
