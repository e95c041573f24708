/**
 * Option parsing and exit codes shared by the DuckDB commands (`clv summary`, `clv fit`):
 * `--help` prints the usage and exits 0; a bad option or bad input prints one clear line and the
 * usage hint and exits 2; an unexpected failure exits 1.
 */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { ClvError } from "../../core/errors";
import { serialFromIso, isoFromSerial, isExcelSerial } from "../../core/data/dates";
import { checkTimeUnit } from "../../core/data/summary";
import { DAYS_PER_UNIT, type TimeUnit } from "../../core/data/dates";
import { InputError } from "../read";

type Options = NonNullable<ParseArgsConfig["options"]>;

export interface Parsed {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

/**
 * Runs a command body with the shared conventions. `usage` is the full help text; `options` the
 * node:util parseArgs option table (a `help` flag is added).
 */
export async function runCommand(name: string, usage: string, options: Options, args: string[], body: (p: Parsed) => Promise<void>): Promise<number> {
  let parsed: Parsed;
  try {
    const r = parseArgs({ args, options: { ...options, help: { type: "boolean", short: "h" } }, allowPositionals: true, strict: true });
    parsed = { values: r.values as Parsed["values"], positionals: r.positionals };
  } catch (err) {
    process.stderr.write(`clv ${name}: ${(err as Error).message}\nRun 'clv ${name} --help' for the options.\n`);
    return 2;
  }
  if (parsed.values.help) {
    process.stdout.write(usage.trimEnd() + "\n");
    return 0;
  }
  try {
    await body(parsed);
    return 0;
  } catch (err) {
    if (err instanceof InputError || err instanceof ClvError) {
      process.stderr.write(`clv ${name}: ${err.message}\nRun 'clv ${name} --help' for the options.\n`);
      return 2;
    }
    process.stderr.write(`clv ${name}: ${(err as Error)?.stack ?? String(err)}\n`);
    return 1;
  }
}

/** The value of a string option, or undefined. */
export function stringOption(p: Parsed, name: string): string | undefined {
  const v = p.values[name];
  return typeof v === "string" ? v : undefined;
}

/** ISO date (YYYY-MM-DD) of a date option given as ISO text or an Excel serial. */
export function dateOption(name: string, text: string): string {
  const asNumber = Number(text);
  const serial = text.trim() !== "" && Number.isFinite(asNumber) && !/^\d{8}$/.test(text.trim()) ? asNumber : serialFromIso(text);
  if (!isExcelSerial(serial)) throw new InputError(`--${name} ${text}: not a date; write it as YYYY-MM-DD (e.g. 1997-09-30)`);
  return isoFromSerial(serial);
}

/** A time unit option ("D", "W", "M", "Y"; the core's default when absent) and its length in days. */
export function unitOption(text: string | undefined): { unit: TimeUnit; days: number } {
  const unit = checkTimeUnit("--unit", text === undefined ? undefined : (text.trim().toUpperCase() as TimeUnit));
  return { unit, days: DAYS_PER_UNIT[unit] };
}

/** A positive number option. */
export function positiveOption(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const v = Number(text);
  if (!(Number.isFinite(v) && v > 0)) throw new InputError(`--${name} ${text}: use a number above 0`);
  return v;
}

/** The output format of a path: "csv" or "parquet" by extension. */
export function outputFormat(path: string, option = "-o"): "csv" | "parquet" {
  const p = path.toLowerCase();
  if (p.endsWith(".parquet") || p.endsWith(".pq")) return "parquet";
  if (p.endsWith(".csv")) return "csv";
  throw new InputError(`${option} ${path}: write a .csv or a .parquet file`);
}

/** The COPY options of a format. */
export function copyOptions(format: "csv" | "parquet"): string {
  return format === "parquet" ? "(FORMAT parquet)" : "(FORMAT csv, HEADER true)";
}
