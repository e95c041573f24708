/**
 * A data-quality report on a transaction log: what the summary rules (DESIGN §2, summary.ts) will do
 * to it, counted, so that nothing is merged, netted or left out unseen.
 *
 * Counts:
 * - rows; customers (distinct ids after SUMMARY's id rules, customerIds.ts); purchase days;
 * - same-day rows merged: rows that share a customer and a day with another row (each such day keeps
 *   one row and merges the others into it);
 * - returns (negative amounts): on the day of a purchase (they net against it), on a later day than a
 *   purchase of the same customer (they lower total spend only), unmatched (no earlier purchase day of
 *   that customer: a refund of something bought before the data start, or an id error);
 * - zero amounts, negative amounts;
 * - outliers: positive amounts above Tukey's far-out fence Q3 + 3·IQR of the positive amounts
 *   (Tukey 1977, Exploratory Data Analysis; quartiles as Excel's QUARTILE.INC);
 * - rows dated after the period end;
 * - ids with spaces around them (SUMMARY trims them: same customer), and groups of distinct ids that
 *   differ only by case, inner spaces or Unicode form (NFC vs NFD, Unicode Standard Annex #15):
 *   SUMMARY keeps them apart, and they are probably one customer;
 * - customers SUMMARY leaves out: first purchase after the period end; no purchase day by then (only
 *   returns, or every purchase cancelled on its day).
 */
import { canonicalCustomerId } from "../data/customerIds";
import { isoFromSerial } from "../data/dates";
import { summarizeLedger } from "../data/summary";
import { buildDailyLedger, isEncodedCustomerIds, type EncodedCustomerIds, type TransactionColumns } from "../data/transactions";

export interface QualityRow {
  readonly check: string;
  readonly count: number;
  readonly note: string;
}

/** Multiplier of the interquartile range in the outlier rule. */
export const OUTLIER_IQR_MULTIPLE = 3;

/** Quantile by linear interpolation between order statistics (Excel QUARTILE.INC / PERCENTILE.INC). */
export function quantileInc(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** The key under which ids that differ only by case, spaces or Unicode form collide. */
export function looseIdKey(id: string): string {
  return id.normalize("NFC").toLowerCase().replace(/\s+/g, "");
}

function fmt(v: number): string {
  return Number.isInteger(v) ? v.toLocaleString("en-US") : v.toLocaleString("en-US", { maximumFractionDigits: 2 });
}

/** The report (rows in the order above). `periodEnd` defaults to the last date in the data. */
export function qualityReport(tx: TransactionColumns, periodEnd?: number): QualityRow[] {
  const ledger = buildDailyLedger(tx);
  const n = tx.amount.length;
  const end = periodEnd === undefined ? ledger.lastDay : Math.floor(periodEnd);
  const rows: QualityRow[] = [];
  const add = (check: string, count: number, note: string) => rows.push({ check, count, note });

  let purchaseDays = 0;
  let merged = 0;
  let sameDay = 0;
  let laterDay = 0;
  let unmatched = 0;
  const { dayStart, rows: entryRows, returns, purchase } = ledger;
  for (let c = 0; c < ledger.customers.length; c++) {
    let seenPurchase = false;
    for (let e = dayStart[c]; e < dayStart[c + 1]; e++) {
      merged += entryRows[e] - 1;
      if (returns[e] > 0) {
        if (entryRows[e] > returns[e]) sameDay += returns[e];
        else if (seenPurchase) laterDay += returns[e];
        else unmatched += returns[e];
      }
      if (purchase[e] === 1) {
        purchaseDays++;
        seenPurchase = true;
      }
    }
  }
  let zero = 0;
  let negative = 0;
  let afterEnd = 0;
  const positive: number[] = [];
  for (let i = 0; i < n; i++) {
    const a = tx.amount[i];
    if (a === 0) zero++;
    else if (a < 0) negative++;
    else positive.push(a);
    if (Math.floor(tx.day[i]) > end) afterEnd++;
  }
  positive.sort((a, b) => a - b);
  const q1 = quantileInc(positive, 0.25);
  const q3 = quantileInc(positive, 0.75);
  const fence = q3 + OUTLIER_IQR_MULTIPLE * (q3 - q1);
  let outliers = 0;
  for (const a of positive) if (a > fence) outliers++;

  add("rows", n, "transaction rows read (blank rows ignored)");
  add("customers", ledger.customers.length, "distinct customer ids as SUMMARY counts them (42 and \"42\" are one id; spaces around ids ignored)");
  add("purchase days", purchaseDays, "customer-days with a purchase (what frequency counts)");
  add("same-day rows merged", merged, "rows on the same day as another row of the same customer: SUMMARY merges them into one purchase day");
  add("returns on the day of a purchase", sameDay, "negative amounts netted against that day's purchases (a day netted to 0 or less is no purchase)");
  add("returns on a later day", laterDay, "negative amounts on a day without purchases after an earlier purchase: they lower total_spend only");
  add("returns without an earlier purchase", unmatched, "negative amounts of a customer with no earlier purchase day: check the id, or the purchase is before the data");
  add("zero amounts", zero, "rows with amount 0: a day with only such rows still counts as a purchase (a free order)");
  add("negative amounts", negative, "rows with a negative amount (returns and refunds)");
  add(
    "outliers",
    outliers,
    positive.length > 0
      ? `positive amounts above Q3 + ${OUTLIER_IQR_MULTIPLE}×IQR = ${fmt(fence)} (Q1 ${fmt(q1)}, Q3 ${fmt(q3)} of the positive amounts); kept, but check them`
      : "no positive amounts",
  );
  add(
    "rows after the period end",
    afterEnd,
    periodEnd === undefined ? `no period_end given: the period ends on the last date, ${isoFromSerial(end)}` : `rows dated after ${isoFromSerial(end)}: SUMMARY ignores them`,
  );

  // Ids: raw text with spaces around it, and distinct ids that collide under the loose key.
  const ids: EncodedCustomerIds = isEncodedCustomerIds(tx.customer) ? tx.customer : { codes: Int32Array.from({ length: n }, (_, i) => i), values: Array.from(tx.customer as ArrayLike<unknown>) };
  let padded = 0;
  const canonical = new Set<string>();
  for (const v of ids.values) {
    if (typeof v === "string" && v !== v.trim() && v.trim() !== "") padded++;
    const c = canonicalCustomerId(v);
    if (typeof c === "string") canonical.add(c);
  }
  const groups = new Map<string, string[]>();
  for (const id of canonical) {
    const key = looseIdKey(id);
    const list = groups.get(key);
    if (list) list.push(id);
    else groups.set(key, [id]);
  }
  const clashes = [...groups.values()].filter((g) => g.length > 1);
  add("ids with spaces around them", padded, "distinct id cells with leading or trailing spaces: SUMMARY trims them (same customer as without)");
  add(
    "ids differing only by case, spaces or Unicode form",
    clashes.length,
    clashes.length > 0
      ? `groups of ids SUMMARY keeps apart but that look like one customer, e.g. ${clashes[0].map((s) => `'${s}'`).join(" and ")}`
      : "no two ids differ only by case, inner spaces or Unicode normalization",
  );

  const s = summarizeLedger(ledger, end, "D");
  add("customers in SUMMARY", s.customer.length, `customers with a purchase day on or before ${isoFromSerial(end)}`);
  add("left out: first purchase after the period end", s.excluded.customersAfterPeriodEnd, "customers whose rows all fall after the period end");
  add(
    "left out: no purchase day",
    s.excluded.customersWithoutPurchase,
    `customers with only returns, or whose purchases were all cancelled on their day (${s.excluded.rowsWithoutPurchase} rows)`,
  );
  return rows;
}
