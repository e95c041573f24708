/**
 * Transactions -> a per-customer daily ledger, the common first step of the summary, the
 * calibration/holdout split, the RFM table and the cohort table.
 *
 * Rules (DESIGN §2; every consumer and the function reference state the same):
 * - A date is an Excel serial (1900 date system); its time of day is ignored, so all rows of one
 *   customer on one calendar day merge into one ledger day whose amount is their net sum.
 * - A negative amount is a return or refund. It nets against the other rows of the same customer on
 *   the same day. A day with a return whose net amount is <= 0 is not a purchase day (a full refund on
 *   the day of the purchase cancels it). A refund on a day without purchases is kept as a day with a
 *   negative net amount: it lowers total spend but never removes an earlier purchase day (which purchase
 *   it refunds is unknown).
 * - A day without returns is a purchase day even when its amount is 0: a free order is still an order.
 *   (The CDNOW sample of Fader, Hardie & Lee 2005 has 8 customers whose only purchase is $0.00, and
 *   the published summary counts them; see samples/cdnow_customers_summary.csv.)
 * - Every row is counted (`rows`, `returns`) so reports can account for all of them.
 *
 * Performance (1M rows, 100k customers): no per-row objects. Ids arrive interned to integer codes (one
 * look-up per row in the cell reader, or encodeValues: valueCodes.ts); the distinct ids are put in report
 * order by a radix sort (customerIds.ts); rows are grouped by customer with one counting sort (O(n),
 * from the reader's row counts when it has checked the rows already), each customer's rows are then
 * sorted by day (insertion sort for the usual few rows, a native sort for long histories) and merged
 * in the same pass.
 */
import { invalidArgument, notAvailable } from "../errors";
import { MAX_EXCEL_SERIAL, isoFromSerial } from "./dates";
import { CustomerId, CustomerInterner, reportOrder } from "./customerIds";
import { encodeValues } from "./valueCodes";

/**
 * Customer ids stored once each: row i's id is `values[codes[i]]`. This is what readTransactionCells
 * produces; it saves a million-entry array and most of the id look-ups on large logs.
 */
export interface EncodedCustomerIds {
  readonly codes: ArrayLike<number>;
  readonly values: readonly unknown[];
}

/** A transaction log as parallel columns, one entry per transaction row. */
export interface TransactionColumns {
  /**
   * Customer id of each row: a number or text (see customerIds.ts for which ids are equal), either one
   * per row or encoded as codes into a list of distinct values.
   */
  customer: ArrayLike<unknown> | EncodedCustomerIds;
  /** Date of each row as an Excel date serial (1900 date system); a time-of-day fraction is ignored. */
  day: ArrayLike<number>;
  /** Amount of each row; negative amounts are returns or refunds. */
  amount: ArrayLike<number>;
}

export function isEncodedCustomerIds(customer: ArrayLike<unknown> | EncodedCustomerIds): customer is EncodedCustomerIds {
  return !Array.isArray(customer) && (customer as EncodedCustomerIds).codes !== undefined && (customer as EncodedCustomerIds).values !== undefined;
}

/** Argument names used in error messages (the Excel wrappers pass their parameter names). */
export interface ColumnNames {
  customer: string;
  day: string;
  amount: string;
}

export const DEFAULT_COLUMN_NAMES: ColumnNames = { customer: "customer_ids", day: "dates", amount: "amounts" };

/**
 * The transactions merged to one entry per customer and calendar day, customers in report order
 * (numeric ids numerically, then text ids alphabetically; see customerIds.ts).
 * Entries of customer `c` are `dayStart[c] .. dayStart[c + 1] - 1`, in increasing `day` order.
 */
export interface DailyLedger {
  readonly kind: "daily-ledger";
  /** Customer ids in report order. */
  readonly customers: readonly CustomerId[];
  /** Start of each customer's entries; length = customers + 1. */
  readonly dayStart: Int32Array;
  /** Whole-day Excel serial of each entry. */
  readonly day: Int32Array;
  /** Net amount of the day (purchases minus returns). */
  readonly net: Float64Array;
  /** Number of input rows merged into the entry. */
  readonly rows: Int32Array;
  /** Number of those rows with a negative amount (returns, refunds). */
  readonly returns: Int32Array;
  /**
   * 1 when the entry is a purchase day: no returns that day, or a positive net amount after them.
   * (A day with returns and net <= 0 is not a purchase day.)
   */
  readonly purchase: Uint8Array;
  /** Number of input rows. */
  readonly rowCount: number;
  /** Number of rows with a negative amount. */
  readonly returnCount: number;
  /** Earliest and latest whole-day serial in the data. */
  readonly firstDay: number;
  readonly lastDay: number;
}

/** Something the data functions accept: raw columns, or a ledger already built from them. */
export type TransactionSource = TransactionColumns | DailyLedger;

export function isDailyLedger(source: TransactionSource): source is DailyLedger {
  return (source as DailyLedger).kind === "daily-ledger";
}

/** The ledger of a source, building it when given raw columns. */
export function ledgerOf(source: TransactionSource, names: ColumnNames = DEFAULT_COLUMN_NAMES): DailyLedger {
  return isDailyLedger(source) ? source : buildDailyLedger(source, names);
}

/** Insertion sort below this many rows per customer; a native index sort above (avoids O(k^2)). */
const INSERTION_SORT_LIMIT = 32;

/**
 * What a reader that has already checked every row learned in its pass (cells.ts): the ledger then
 * neither validates nor counts the rows again. Attached to the columns object it describes.
 */
export interface CheckedColumnFacts {
  /** Rows of each distinct id value (`rowsPerCode[v]` counts the rows with code v). */
  rowsPerCode: Int32Array;
  /** Earliest and latest whole-day serial. */
  firstDay: number;
  lastDay: number;
  /** Rows with a negative amount. */
  returnCount: number;
}

const checkedColumns = new WeakMap<object, CheckedColumnFacts>();

/**
 * Record that every row of `tx` has been checked (a customer id that is a number or non-blank text, a
 * date serial in Excel's range, a finite amount) and what was counted on the way.
 */
export function markCheckedColumns(tx: TransactionColumns, facts: CheckedColumnFacts): void {
  checkedColumns.set(tx, facts);
}

/**
 * Canonical customers of the distinct id values: `ids` in order of first appearance and, when some
 * values merge (42 and "42", " a" and "a"), the customer of each value. Values that are already their
 * own canonical form (finite numbers other than -0; text that cannot be trimmed and cannot be the plain
 * form of a number) are distinct customers as they are: no second look-up table is built for them.
 */
function canonicalCustomers(values: readonly unknown[], codes: ArrayLike<number>, names: ColumnNames): { ids: CustomerId[]; customerOfValue?: Int32Array } {
  let plain = true;
  for (let v = 0; v < values.length && plain; v++) plain = isCanonicalAsIs(values[v]);
  if (plain) return { ids: values as CustomerId[] };
  const interner = new CustomerInterner();
  const customerOfValue = new Int32Array(values.length);
  for (let v = 0; v < values.length; v++) {
    const c = interner.add(values[v]);
    if (c < 0) {
      let row = 0;
      while (codes[row] !== v) row++;
      throw invalidArgument(`${names.customer}: row ${row + 1} is ${describe(values[v])}, not a customer id (text or a number)`);
    }
    customerOfValue[v] = c;
  }
  return { ids: interner.ids, customerOfValue };
}

/** A character that String.prototype.trim may remove (white space and line terminators start at 9). */
function mayBeSpace(code: number): boolean {
  return code <= 32 || code === 160 || code >= 0x1680;
}

/** Whether canonicalCustomerId(v) is v itself (checked without trimming or parsing for ordinary ids). */
function isCanonicalAsIs(v: unknown): boolean {
  if (typeof v === "number") return Number.isFinite(v) && !Object.is(v, -0);
  if (typeof v !== "string" || v.length === 0) return false;
  const first = v.charCodeAt(0);
  // The plain text of a number starts with a digit or a minus sign.
  if (mayBeSpace(first) || (first >= 48 && first <= 57) || first === 45) return false;
  return !mayBeSpace(v.charCodeAt(v.length - 1));
}

/**
 * Build the daily ledger of a transaction log.
 * Throws #VALUE! naming the argument and the 1-based row for a missing id, a date that is not an Excel
 * serial, or an amount that is not a finite number; #N/A for an empty log.
 *
 * Steps: the distinct ids get their canonical customer and report-order rank (a radix sort for the
 * usual ids, customerIds.ts); one counting pass gives each customer's block of rows; one scatter pass
 * places every row's day and amount in its customer's block, in input order; then each block is sorted
 * by day (insertion sort for the usual few rows) and its same-day rows merged into the ledger's entries.
 */
export function buildDailyLedger(tx: TransactionColumns, names: ColumnNames = DEFAULT_COLUMN_NAMES): DailyLedger {
  const encoded = isEncodedCustomerIds(tx.customer);
  const ids = encoded ? (tx.customer as EncodedCustomerIds) : encodeValues(tx.customer as ArrayLike<unknown>);
  const { codes, values } = ids;
  const n = codes.length;
  if (tx.day.length !== n || tx.amount.length !== n) {
    throw invalidArgument(
      `${names.customer}, ${names.day} and ${names.amount} must have the same number of rows (got ${n}, ${tx.day.length} and ${tx.amount.length})`,
    );
  }
  if (n === 0) throw notAvailable(`${names.customer}: there are no transactions`);

  // 1. Canonical customers of the distinct id values, and their rank in report order.
  const { ids: customerIds, customerOfValue } = canonicalCustomers(values, codes, names);
  const k = customerIds.length;
  const { rank, sorted } = reportOrder(customerIds);
  const rankOfCode = customerOfValue === undefined ? rank : new Int32Array(values.length);
  if (customerOfValue !== undefined) for (let v = 0; v < values.length; v++) rankOfCode[v] = rank[customerOfValue[v]];

  // 2. Rows per customer (from the reader's counts, or validating every row here).
  const rowStart = new Int32Array(k + 1);
  const facts = encoded ? checkedColumns.get(tx) : undefined;
  let firstDay: number;
  let lastDay: number;
  let returnCount: number;
  if (facts !== undefined && facts.rowsPerCode.length === values.length) {
    for (let v = 0; v < values.length; v++) rowStart[rankOfCode[v] + 1] += facts.rowsPerCode[v];
    ({ firstDay, lastDay, returnCount } = facts);
  } else {
    ({ firstDay, lastDay, returnCount } = countAndValidate(tx, codes, values.length, rankOfCode, rowStart, names));
  }

  // 3. Group rows by customer in report order: a stable counting sort on the rank. Each row's day and
  // amount go to its customer's block as one (day, amount) pair of a scratch array, so that placing a
  // row costs one cache miss, not two (the blocks are scattered over megabytes at 1M rows).
  for (let c = 0; c < k; c++) rowStart[c + 1] += rowStart[c];
  const pairs = scratchPairs(n);
  const txDay = tx.day;
  const txAmount = tx.amount;
  if (customerOfValue === undefined) {
    // One customer per id value: the next free position of each value's block, indexed by its code.
    const next = new Int32Array(k);
    for (let v = 0; v < k; v++) next[v] = rowStart[rankOfCode[v]];
    for (let i = 0; i < n; i++) {
      const at = next[codes[i]]++ << 1;
      // Serials are >= 1 (checked), so truncation is the floor: the whole day.
      pairs[at] = txDay[i] | 0;
      pairs[at + 1] = txAmount[i];
    }
  } else {
    const next = rowStart.slice(0, k);
    for (let i = 0; i < n; i++) {
      const at = next[rankOfCode[codes[i]]]++ << 1;
      pairs[at] = txDay[i] | 0;
      pairs[at + 1] = txAmount[i];
    }
  }

  // 4. Per customer: sort the rows by day, stably (same-day amounts are summed in input order), and
  // merge same-day rows into the ledger's entries.
  const dayStart = new Int32Array(k + 1);
  const sDay = new Int32Array(n);
  const sAmount = new Float64Array(n);
  const rows = new Int32Array(n);
  const returns = new Int32Array(n);
  const purchase = new Uint8Array(n);
  let m = 0;
  for (let c = 0; c < k; c++) {
    dayStart[c] = m;
    let r = rowStart[c] << 1;
    const end = rowStart[c + 1] << 1;
    sortPairsByDay(pairs, r, end);
    while (r < end) {
      const d = pairs[r];
      let sum = 0;
      let count = 0;
      let neg = 0;
      while (r < end && pairs[r] === d) {
        const a = pairs[r + 1];
        sum += a;
        count++;
        if (a < 0) neg++;
        r += 2;
      }
      sDay[m] = d;
      sAmount[m] = sum;
      rows[m] = count;
      returns[m] = neg;
      purchase[m] = neg === 0 || sum > 0 ? 1 : 0;
      m++;
    }
  }
  dayStart[k] = m;

  return {
    kind: "daily-ledger",
    customers: sorted,
    dayStart,
    day: sDay.subarray(0, m),
    net: sAmount.subarray(0, m),
    rows: rows.subarray(0, m),
    returns: returns.subarray(0, m),
    purchase: purchase.subarray(0, m),
    rowCount: n,
    returnCount,
    firstDay,
    lastDay,
  };
}

/**
 * Check every row (id code, date serial, finite amount) while counting rows per customer rank into
 * `rowStart[rank + 1]`; returns the whole-day span and the number of returns.
 */
function countAndValidate(
  tx: TransactionColumns,
  codes: ArrayLike<number>,
  valueCount: number,
  rankOfCode: Int32Array,
  rowStart: Int32Array,
  names: ColumnNames,
): { firstDay: number; lastDay: number; returnCount: number } {
  let firstDay = Infinity;
  let lastDay = -Infinity;
  let returnCount = 0;
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i];
    if (!(code >= 0 && code < valueCount)) throw invalidArgument(`${names.customer}: row ${i + 1} has no id (code ${code})`);
    rowStart[rankOfCode[code] + 1]++;
    const serial = tx.day[i];
    if (typeof serial !== "number" || !(serial >= 1 && serial < MAX_EXCEL_SERIAL + 1)) {
      throw invalidArgument(`${names.day}: row ${i + 1} is ${describe(serial)}, not an Excel date serial (1900-01-01 .. 9999-12-31)`);
    }
    if (serial < firstDay) firstDay = serial;
    if (serial > lastDay) lastDay = serial;
    const a = tx.amount[i];
    if (typeof a !== "number" || !Number.isFinite(a)) {
      throw invalidArgument(
        typeof a === "number" ? `${names.amount}: row ${i + 1} is not a finite number` : `${names.amount}: row ${i + 1} is ${describe(a)}, not a number`,
      );
    }
    if (a < 0) returnCount++;
  }
  return { firstDay: Math.floor(firstDay), lastDay: Math.floor(lastDay), returnCount };
}

/**
 * Scratch for the (day, amount) pairs of buildDailyLedger, kept between calls: it never leaves the
 * function, and a million-row log would otherwise allocate (and the collector account for) 16 MB on
 * every recalculation.
 */
let pairScratch = new Float64Array(0);

function scratchPairs(rows: number): Float64Array {
  if (pairScratch.length < 2 * rows) pairScratch = new Float64Array(2 * rows);
  return pairScratch;
}

/** Stable sort of the (day, amount) pairs at even positions [from, to) by day. */
function sortPairsByDay(pairs: Float64Array, from: number, to: number): void {
  const len = (to - from) >> 1;
  if (len < 2) return;
  if (len <= INSERTION_SORT_LIMIT) {
    for (let i = from + 2; i < to; i += 2) {
      const d = pairs[i];
      if (d >= pairs[i - 2]) continue;
      const a = pairs[i + 1];
      let j = i - 2;
      while (j >= from && pairs[j] > d) {
        pairs[j + 2] = pairs[j];
        pairs[j + 3] = pairs[j + 1];
        j -= 2;
      }
      pairs[j + 2] = d;
      pairs[j + 3] = a;
    }
    return;
  }
  let ordered = true;
  for (let i = from + 2; i < to && ordered; i += 2) ordered = pairs[i] >= pairs[i - 2];
  if (ordered) return;
  const index = new Int32Array(len);
  for (let i = 0; i < len; i++) index[i] = i;
  const segment = pairs.slice(from, to);
  index.sort((a, b) => segment[2 * a] - segment[2 * b] || a - b);
  for (let i = 0; i < len; i++) {
    pairs[from + 2 * i] = segment[2 * index[i]];
    pairs[from + 2 * i + 1] = segment[2 * index[i] + 1];
  }
}

/** How a value is shown in a message. */
function describe(value: unknown): string {
  if (typeof value === "string") return value.trim() === "" ? "blank" : `'${value.length > 30 ? `${value.slice(0, 27)}...` : value}'`;
  if (value === null || value === undefined) return "blank";
  if (typeof value === "number") return Number.isNaN(value) ? "not a number" : String(value);
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  return "an error or unsupported value";
}

/** A whole-day serial from a date option, validated; `name` is the argument name for messages. */
export function dayOption(name: string, serial: number): number {
  if (typeof serial !== "number" || !(serial >= 1 && serial < MAX_EXCEL_SERIAL + 1)) {
    throw invalidArgument(`${name} is ${describe(serial)}, not an Excel date serial (1900-01-01 .. 9999-12-31)`);
  }
  return Math.floor(serial);
}

/** ISO text of a serial for messages. */
export function formatDay(serial: number): string {
  return isoFromSerial(serial);
}
