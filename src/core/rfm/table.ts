/**
 * The RFM table: transactions -> per customer days since the last purchase, number of purchase days and
 * total spend as of a date, their quantile scores (score.ts), the RFM code and the R×F segment
 * (segments.ts).
 *
 * Rules (shared with the customer summary, src/core/data/summary.ts):
 * - purchase days: calendar days with a purchase not cancelled by same-day returns (rows merge per day);
 * - rows after `asOf` are ignored; customers without a purchase day by `asOf` are left out and counted in
 *   `excluded`;
 * - recency (R) = asOf - last purchase day, in days (DESIGN §2 "days since last purchase", not t_x);
 * - frequency (F) = number of purchase days (the first one included);
 * - monetary (M) = total net spend up to asOf, returns included;
 * - the segment uses R and F only (the R×F grid); the M score is in the code.
 */
import { notAvailable } from "../errors";
import { CustomerId } from "../data/customerIds";
import { SummaryExclusions, summarizeLedger } from "../data/summary";
import { ColumnNames, DEFAULT_COLUMN_NAMES, TransactionSource, dayOption, formatDay, ledgerOf } from "../data/transactions";
import { checkBins, rfmScores } from "./score";
import { RfmSegment, rfmSegment } from "./segments";

export interface RfmTableOptions {
  /** Date the recency is measured at (Excel serial, inclusive); default: the last date in the data. */
  asOf?: number;
  /** Number of score levels, 2..9; default 5. */
  bins?: number;
  names?: Partial<ColumnNames> & { asOf?: string; bins?: string };
}

export interface RfmTable {
  customer: CustomerId[];
  /** Days from the last purchase day to asOf. */
  daysSinceLastPurchase: Int32Array;
  /** Number of purchase days up to asOf. */
  purchaseDays: Int32Array;
  /** Net spend up to asOf, returns included. */
  totalSpend: Float64Array;
  r: Uint8Array;
  f: Uint8Array;
  m: Uint8Array;
  /** "545": R, F and M scores as one text. */
  code: string[];
  segment: RfmSegment[];
  asOf: number;
  bins: number;
  excluded: SummaryExclusions;
}

export function rfmTable(source: TransactionSource, options: RfmTableOptions = {}): RfmTable {
  const names: ColumnNames = { ...DEFAULT_COLUMN_NAMES, ...options.names };
  const ledger = ledgerOf(source, names);
  const bins = checkBins(options.bins, options.names?.bins ?? "bins");
  const asOf = options.asOf === undefined ? ledger.lastDay : dayOption(options.names?.asOf ?? "as_of", options.asOf);
  const summary = summarizeLedger(ledger, asOf, "D");
  const n = summary.customer.length;
  if (n === 0) throw notAvailable(`no customer made a purchase on or before ${formatDay(asOf)}`);
  const daysSinceLastPurchase = new Int32Array(n);
  const purchaseDays = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    daysSinceLastPurchase[i] = asOf - summary.lastPurchase[i];
    purchaseDays[i] = summary.frequency[i] + 1;
  }
  const scores = rfmScores(daysSinceLastPurchase, purchaseDays, summary.totalSpend, bins);
  const segment = new Array<RfmSegment>(n);
  for (let i = 0; i < n; i++) segment[i] = rfmSegment(scores.r[i], scores.f[i], undefined, bins);
  return {
    customer: summary.customer,
    daysSinceLastPurchase,
    purchaseDays,
    totalSpend: summary.totalSpend,
    r: scores.r,
    f: scores.f,
    m: scores.m,
    code: scores.code,
    segment,
    asOf,
    bins,
    excluded: summary.excluded,
  };
}
