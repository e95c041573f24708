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
 * - "cdnow-split":        the 39 + 39-week calibration/holdout split of FHL (2005) computed here by brute
 *                         force from CDNOW_sample.txt (distinct purchase days per customer, no returns in
 *                         the file): frequency_cal, recency_cal, T_cal (weeks, calibration end 1997-09-30),
 *                         frequency_holdout (purchase days to 1998-06-30), duration_holdout (39).
 *
 * A reference may name several columns (`"columns": [...]`): the argument is then a block with a
 * header row, like a spilled CLV.SPLIT table.
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

function cdnowSplit(): Columns {
  const { customer, date } = readCdnowTransactions();
  const cal = serialFromIso("1997-09-30");
  const obs = serialFromIso("1998-06-30");
  const days = new Map<number, Set<number>>();
  customer.forEach((c, i) => {
    const set = days.get(Number(c)) ?? new Set<number>();
    set.add(serialFromIso(date[i]));
    days.set(Number(c), set);
  });
  const out: Columns = { frequency_cal: [], recency_cal: [], T_cal: [], frequency_holdout: [], duration_holdout: [] };
  for (const id of [...days.keys()].sort((a, b) => a - b)) {
    const sorted = [...days.get(id)!].sort((a, b) => a - b);
    const calDays = sorted.filter((d) => d <= cal);
    if (calDays.length === 0) continue;
    out.frequency_cal.push(calDays.length - 1);
    out.recency_cal.push((calDays[calDays.length - 1] - calDays[0]) / 7);
    out.T_cal.push((cal - calDays[0]) / 7);
    out.frequency_holdout.push(sorted.filter((d) => d > cal && d <= obs).length);
    out.duration_holdout.push((obs - cal) / 7);
  }
  return out;
}

const BUILDERS: Record<string, () => Columns> = {
  "cdnow-summary": cdnowSummary,
  "cdnow-compressed": cdnowCompressed,
  "cdnow-repeat-spend": cdnowRepeatSpend,
  "cdnow-transactions": cdnowTransactions,
  donations,
  "cdnow-split": cdnowSplit,
};

export interface SampleColumnRef {
  $sample: string;
  column?: string;
  columns?: string[];
  rows?: number;
}

export function isSampleColumnRef(v: unknown): v is SampleColumnRef {
  return typeof v === "object" && v !== null && !Array.isArray(v) && typeof (v as SampleColumnRef).$sample === "string";
}

/**
 * The referenced column as an Excel range argument (a column of one-cell rows), or with `columns` a
 * block of those columns under a header row.
 */
export function sampleColumn(ref: SampleColumnRef): (number | string)[][] {
  const build = BUILDERS[ref.$sample];
  if (!build) throw new Error(`unknown sample dataset '${ref.$sample}'`);
  let data = cache.get(ref.$sample);
  if (!data) {
    data = build();
    cache.set(ref.$sample, data);
  }
  const names = ref.columns ?? [ref.column ?? ""];
  const columns = names.map((name) => {
    const column = data![name];
    if (!column) throw new Error(`dataset '${ref.$sample}' has no column '${name}'`);
    return column.slice(0, ref.rows ?? column.length);
  });
  const body = columns[0].map((_, i) => columns.map((c) => c[i]));
  return ref.columns ? [names, ...body] : body;
}
