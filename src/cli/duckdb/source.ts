/**
 * A transaction file (CSV or Parquet, one file or a glob) as the view `transactions(customer_id,
 * tx_date, amount)` that sql/summary.sql reads. DuckDB reads the files itself, in parallel and in
 * chunks; no row passes through JavaScript except a 200-row sample used to recognise the columns.
 *
 * Columns are taken from --customer/--date/--amount, or recognised from their names and content by
 * the task pane's detection (src/taskpane/columns.ts), so the CLI and the pane agree. Values are
 * read with the add-in's rules for cells:
 * - customer ids: text is trimmed; CSV ids with leading zeros stay text ("0042" is not 42);
 * - dates: DATE, TIMESTAMP (time of day ignored), ISO text (1997-01-31, 1997/01/31, 19970131, with an
 *   optional time), or numbers: 8-digit numbers as YYYYMMDD, others as Excel serials (1900 system);
 * - amounts: any number; text must be a plain number (no currency signs or thousands separators).
 * A value that cannot be read stops the command with DuckDB's message naming it (never dropped).
 */
import { existsSync } from "node:fs";
import { extname } from "node:path";
import { detectColumns } from "../../taskpane/columns";
import { sqlIdentifier, sqlString, type Engine } from "./engine";
import { InputError } from "../read";

export interface ColumnChoice {
  customer?: string;
  date?: string;
  amount?: string;
}

export interface TransactionSourceInfo {
  /** The DuckDB table function that reads the input. */
  readonly reader: string;
  /** The input columns used for each role. */
  readonly columns: { customer: string; date: string; amount: string };
}

const GLOB = /[*?[{]/;

/** The DuckDB reader of a path or glob, chosen by its extension. */
export function readerOf(input: string): string {
  if (!GLOB.test(input) && !existsSync(input)) throw new InputError(`file not found: ${input}`);
  const name = input.toLowerCase().replace(/\.(gz|zst)$/, "");
  const ext = extname(name);
  if (ext === ".parquet" || ext === ".pq") return `read_parquet(${sqlString(input)})`;
  if (ext === ".csv" || ext === ".tsv" || ext === ".txt") return `read_csv(${sqlString(input)})`;
  throw new InputError(`${input}: use a .parquet or .csv file (or a glob such as 'logs/*.parquet')`);
}

const INTEGER_TYPES = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT)$/;
const NUMBER_TYPES = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL.*)$/;

/** Creates the view `transactions` over the input and says which columns it used. */
export async function createTransactionsView(engine: Engine, input: string, choice: ColumnChoice = {}): Promise<TransactionSourceInfo> {
  const reader = readerOf(input);
  const described = await engine.rows(`DESCRIBE SELECT * FROM ${reader}`);
  const names = described.map((r) => String(r.column_name));
  const types = described.map((r) => String(r.column_type).toUpperCase());
  const pick = (role: keyof ColumnChoice, given: string | undefined, detected: number | undefined): number => {
    if (given !== undefined) {
      const at = names.findIndex((n) => n.toLowerCase() === given.toLowerCase());
      if (at < 0) throw new InputError(`--${role} ${given}: no such column in ${input} (columns: ${names.join(", ")})`);
      return at;
    }
    if (detected === undefined) {
      throw new InputError(`cannot tell which column of ${input} is the ${role} (columns: ${names.join(", ")}); name it with --${role}`);
    }
    return detected;
  };
  let detected: Partial<Record<keyof ColumnChoice, number>> = {};
  if (choice.customer === undefined || choice.date === undefined || choice.amount === undefined) {
    const sample = await engine.rows(`SELECT * FROM ${reader} LIMIT 200`);
    const rows: unknown[][] = [names, ...sample.map((r) => names.map((n) => cellOf(r[n])))];
    detected = detectColumns(rows).mapping;
  }
  const c = pick("customer", choice.customer, detected.customer);
  const d = pick("date", choice.date, detected.date);
  const a = pick("amount", choice.amount, detected.amount);
  if (new Set([c, d, a]).size < 3) throw new InputError(`the customer, date and amount columns must differ (got ${names[c]}, ${names[d]}, ${names[a]})`);

  const cx = sqlIdentifier(names[c]);
  const dx = sqlIdentifier(names[d]);
  const ax = sqlIdentifier(names[a]);
  const customer = types[c] === "VARCHAR" ? `NULLIF(TRIM(${cx}), '')` : cx;
  const amount = NUMBER_TYPES.test(types[a]) ? `CAST(${ax} AS DOUBLE)` : `CAST(NULLIF(TRIM(CAST(${ax} AS VARCHAR)), '') AS DOUBLE)`;
  await engine.run(
    `CREATE OR REPLACE VIEW transactions AS
     SELECT ${customer} AS customer_id, ${dateExpression(dx, types[d])} AS tx_date, ${amount} AS amount
     FROM ${reader}
     WHERE ${cx} IS NOT NULL OR ${dx} IS NOT NULL OR ${ax} IS NOT NULL`,
  );
  return { reader, columns: { customer: names[c], date: names[d], amount: names[a] } };
}

/** SQL turning the date column (of DuckDB type `type`) into a DATE, with the add-in's date rules. */
function dateExpression(col: string, type: string): string {
  if (type === "DATE") return col;
  if (type.startsWith("TIMESTAMP")) return `CAST(${col} AS DATE)`;
  if (NUMBER_TYPES.test(type)) {
    // Excel serials (1900 system; serial 61 = 1900-03-01 onwards) or 8-digit YYYYMMDD numbers.
    const serial = `DATE '1899-12-30' + CAST(FLOOR(${col}) AS INTEGER)`;
    const ymd = `CAST(strptime(CAST(CAST(${col} AS BIGINT) AS VARCHAR), '%Y%m%d') AS DATE)`;
    return INTEGER_TYPES.test(type)
      ? `CASE WHEN ${col} >= 10000000 THEN ${ymd} ELSE ${serial} END`
      : `CASE WHEN ${col} >= 10000000 AND ${col} = FLOOR(${col}) THEN ${ymd} ELSE ${serial} END`;
  }
  const text = `NULLIF(TRIM(CAST(${col} AS VARCHAR)), '')`;
  return `CASE WHEN regexp_full_match(${text}, '[0-9]{8}') THEN CAST(strptime(${text}, '%Y%m%d') AS DATE)
          ELSE CAST(CAST(replace(${text}, '/', '-') AS TIMESTAMP) AS DATE) END`;
}

/** A sampled value as the pane's detection expects a cell: numbers, text, ISO dates. */
function cellOf(v: unknown): unknown {
  if (typeof v === "bigint") return Number(v);
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (v === null || v === undefined) return "";
  return typeof v === "number" || typeof v === "string" ? v : String(v);
}
