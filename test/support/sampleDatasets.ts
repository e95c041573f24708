/**
 * Named columns of the data sets in samples/, for worked examples (docs/examples/*.json) whose
 * arguments are written as `{ "$sample": dataset, "column": name, "rows"?: n }`.
 *
 * Datasets:
 * - "cdnow-summary":      cdnow_customers_summary.csv (ID order): frequency, recency, T (weeks).
 * - "cdnow-compressed":   the same customers as unique (frequency, recency, T) rows in first-seen
 *                         order, with weight = number of customers sharing the row.
 * - "cdnow-repeat-spend": the 946 CDNOW customers with repeat purchases by 1997-09-30: frequency and
 *                         monetary = mean value of the repeat purchase days (same-day rows merged),
 *                         the Gamma-Gamma input of Fader & Hardie's note 025.
 * - "cdnow-transactions": every row of CDNOW_sample.txt in file order: customer (sample id), date (Excel
 *                         serial of the day), amount (dollars).
 * - "donations":          donations.csv: frequency, recency, periods, weights (Fader, Hardie & Shang 2010).
 */
import { serialFromIso } from "../../src/core/data/dates";
import { readCdnowTransactions, readSampleCsv } from "./samples";

type Columns = Record<string, number[]>;
const cache = new Map<string, Columns>();

function cdnowSummary(): Columns {
  const rows = readSampleCsv("cdnow_customers_summary.csv");
  return {
    frequency: rows.map((r) => Number(r.frequency)),
    recency: rows.map((r) => Number(r.recency)),
    T: rows.map((r) => Number(r.T)),
  };
}

function cdnowCompressed(): Columns {
  const s = cdnowSummary();
  const index = new Map<string, number>();
  const out: Columns = { frequency: [], recency: [], T: [], weight: [] };
  s.frequency.forEach((x, i) => {
    const key = `${x}|${s.recency[i]}|${s.T[i]}`;
    const at = index.get(key);
    if (at !== undefined) {
      out.weight[at]++;
      return;
    }
    index.set(key, out.frequency.length);
    out.frequency.push(x);
    out.recency.push(s.recency[i]);
    out.T.push(s.T[i]);
    out.weight.push(1);
  });
  return out;
}

function cdnowRepeatSpend(): Columns {
  const { customer, date, amount } = readCdnowTransactions();
  const byCustomer = new Map<number, Map<string, number>>();
  customer.forEach((c, i) => {
    if (date[i] > "1997-09-30") return;
    const id = Number(c);
    const days = byCustomer.get(id) ?? new Map<string, number>();
    days.set(date[i], (days.get(date[i]) ?? 0) + amount[i]);
    byCustomer.set(id, days);
  });
  const out: Columns = { frequency: [], monetary: [] };
  for (const id of [...byCustomer.keys()].sort((a, b) => a - b)) {
    const values = [...byCustomer.get(id)!.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, v]) => v);
    const repeat = values.slice(1);
    if (repeat.length === 0) continue;
    out.frequency.push(repeat.length);
    out.monetary.push(repeat.reduce((a, b) => a + b, 0) / repeat.length);
  }
  return out;
}

function cdnowTransactions(): Columns {
  const { customer, date, amount } = readCdnowTransactions();
  return { customer: customer.map(Number), date: date.map(serialFromIso), amount };
}

function donations(): Columns {
  const rows = readSampleCsv("donations.csv");
  return Object.fromEntries(["frequency", "recency", "periods", "weights"].map((c) => [c, rows.map((r) => Number(r[c]))]));
}

const BUILDERS: Record<string, () => Columns> = {
  "cdnow-summary": cdnowSummary,
  "cdnow-compressed": cdnowCompressed,
  "cdnow-repeat-spend": cdnowRepeatSpend,
  "cdnow-transactions": cdnowTransactions,
  donations,
};

export interface SampleColumnRef {
  $sample: string;
  column: string;
  rows?: number;
}

export function isSampleColumnRef(v: unknown): v is SampleColumnRef {
  return typeof v === "object" && v !== null && !Array.isArray(v) && typeof (v as SampleColumnRef).$sample === "string";
}

/** The referenced column as an Excel range argument (a column of one-cell rows). */
export function sampleColumn(ref: SampleColumnRef): number[][] {
  const build = BUILDERS[ref.$sample];
  if (!build) throw new Error(`unknown sample dataset '${ref.$sample}'`);
  let data = cache.get(ref.$sample);
  if (!data) {
    data = build();
    cache.set(ref.$sample, data);
  }
  const column = data[ref.column];
  if (!column) throw new Error(`dataset '${ref.$sample}' has no column '${ref.column}'`);
  return column.slice(0, ref.rows ?? column.length).map((v) => [v]);
}
