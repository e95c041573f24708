/**
 * Which column of the selected data is the customer, the date, the amount (and, optionally, a cost,
 * a channel and a segment).
 *
 * Detection reads the header row first (a list of the names people use for each role, matched on
 * normalised text), then falls back on the cells' content for required roles the headers did not
 * settle: a column of dates is the date, a numeric column with cents is the amount, what is left is
 * the customer. The user can remap every role in the pane; detection only proposes.
 */
import { widestRow } from "../core/data/cells";
import { columnLetter } from "./a1";
import { isExcelSerial, serialFromIso } from "../core/data/dates";

export const REQUIRED_ROLES = ["customer", "date", "amount"] as const;
export const OPTIONAL_ROLES = ["cost", "channel", "segment"] as const;
export const ROLES = [...REQUIRED_ROLES, ...OPTIONAL_ROLES] as const;
export type Role = (typeof ROLES)[number];

/** Column index (0-based within the selection) per role; absent roles are not mapped. */
export type ColumnMapping = Partial<Record<Role, number>>;

/** Header words per role, normalised (lower case, letters and digits only). Exact matches score highest. */
const SYNONYMS: Readonly<Record<Role, readonly string[]>> = {
  customer: ["customer", "customerid", "custid", "customerno", "customernumber", "customercode", "client", "clientid", "user", "userid", "member", "memberid", "account", "accountid", "buyer", "buyerid", "shopper", "donor", "donorid", "id", "cid"],
  date: ["date", "orderdate", "purchasedate", "transactiondate", "invoicedate", "txndate", "saledate", "day", "orderday", "timestamp", "datetime", "time", "ordertime", "purchasetime", "invoicedatetime"],
  amount: ["amount", "revenue", "sales", "salesamount", "value", "ordervalue", "spend", "total", "ordertotal", "totalamount", "price", "net", "netamount", "netsales", "gross", "dollars", "amt", "monetary", "payment", "turnover", "gmv", "transactionvalue", "purchaseamount", "invoiceamount"],
  cost: ["cost", "costs", "cogs", "costofgoods", "cac", "acquisitioncost", "marketingcost", "variablecost", "unitcost", "servicecost"],
  channel: ["channel", "acquisitionchannel", "source", "medium", "utmsource", "marketingchannel", "saleschannel", "referrer"],
  segment: ["segment", "customersegment", "group", "tier", "category", "class", "region", "country", "plan", "type", "customertype"],
};

/** Words that say a column is part of a role when they appear inside a longer header. */
const PARTIAL: Readonly<Record<Role, readonly string[]>> = {
  customer: ["customer", "client", "member", "buyer", "user", "account", "donor"],
  date: ["date", "time", "day"],
  amount: ["amount", "revenue", "sales", "value", "spend", "total", "price"],
  cost: ["cost", "cogs", "cac"],
  channel: ["channel", "source", "medium"],
  segment: ["segment", "group", "tier"],
};

export function normaliseHeader(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]/g, "");
}

function headerScore(role: Role, header: string): number {
  const h = normaliseHeader(header);
  if (h === "") return 0;
  if (SYNONYMS[role].includes(h)) return 3;
  if (PARTIAL[role].some((w) => h.includes(w))) {
    // "customer name" is a customer column, "order date" a date, but a date-ish word inside an amount
    // header ("days since ...") should not beat an exact synonym elsewhere: partial matches score 2.
    return 2;
  }
  return 0;
}

/** What a cell looks like, for content-based detection. */
type Kind = "blank" | "date" | "integer" | "decimal" | "text" | "other";

function cellKind(v: unknown): Kind {
  if (v === null || v === undefined || (typeof v === "string" && v.trim() === "")) return "blank";
  if (typeof v === "number") return Number.isInteger(v) ? "integer" : "decimal";
  if (typeof v === "string") return Number.isFinite(serialFromIso(v)) ? "date" : "text";
  return "other";
}

/** Serials between 1980-01-01 and 2100-12-31: an integer column wholly inside reads as dates. */
const PLAUSIBLE_FIRST = 29221;
const PLAUSIBLE_LAST = 73415;

interface ColumnProfile {
  dates: number;
  integers: number;
  decimals: number;
  texts: number;
  filled: number;
  plausibleSerials: number;
}

function profile(rows: readonly (readonly unknown[])[], column: number): ColumnProfile {
  const p: ColumnProfile = { dates: 0, integers: 0, decimals: 0, texts: 0, filled: 0, plausibleSerials: 0 };
  for (const row of rows) {
    const v = row[column];
    const k = cellKind(v);
    if (k === "blank") continue;
    p.filled++;
    if (k === "date") p.dates++;
    else if (k === "integer") p.integers++;
    else if (k === "decimal") p.decimals++;
    else if (k === "text") p.texts++;
    if (typeof v === "number" && isExcelSerial(v) && v >= PLAUSIBLE_FIRST && v <= PLAUSIBLE_LAST) p.plausibleSerials++;
  }
  return p;
}

export interface Detection {
  /** whether the first row holds headers */
  readonly hasHeader: boolean;
  /** a display name per column: the header text, or "Column C" without headers */
  readonly headers: readonly string[];
  readonly mapping: ColumnMapping;
}

/**
 * Proposes whether the first row is a header row and which column plays which role.
 * `rows` are the first rows of the selection (the header and a sample of data; 200 rows is plenty).
 * `firstColumn` (1-based sheet column of the selection's first column) names columns without headers.
 */
export function detectColumns(rows: readonly (readonly unknown[])[], firstColumn = 1): Detection {
  const width = widestRow(rows);
  const first = rows[0] ?? [];
  const sample = rows.slice(1);

  // The first row is a header row when it names a role, or when it has text above a column whose
  // other cells are numbers or dates (a data row would be numbers there too).
  let hasHeader = false;
  for (let c = 0; c < width && !hasHeader; c++) {
    const v = first[c];
    if (typeof v !== "string" || cellKind(v) !== "text") continue;
    if (ROLES.some((role) => headerScore(role, v) > 0)) hasHeader = true;
    else {
      const p = profile(sample, c);
      if (p.filled > 0 && (p.integers + p.decimals + p.dates) / p.filled >= 0.8) hasHeader = true;
    }
  }

  const headers: string[] = [];
  for (let c = 0; c < width; c++) {
    const v = first[c];
    const text = hasHeader && v !== null && v !== undefined ? String(v).trim() : "";
    headers.push(text !== "" ? text : `Column ${columnLetter(firstColumn + c)}`);
  }

  const data = hasHeader ? sample : rows;
  const profiles = Array.from({ length: width }, (_, c) => profile(data, c));
  const mapping: ColumnMapping = {};
  const used = new Set<number>();

  // 1. Headers: take the best (role, column) pairs first so an exact "Date" wins over "Order time".
  if (hasHeader) {
    const pairs: { role: Role; column: number; score: number }[] = [];
    for (const role of ROLES) {
      for (let c = 0; c < width; c++) {
        const s = headerScore(role, headers[c]);
        if (s > 0) pairs.push({ role, column: c, score: s + contentBonus(role, profiles[c]) });
      }
    }
    pairs.sort((a, b) => b.score - a.score || ROLES.indexOf(a.role) - ROLES.indexOf(b.role) || a.column - b.column);
    for (const p of pairs) {
      if (mapping[p.role] !== undefined || used.has(p.column)) continue;
      if (!contentFits(p.role, profiles[p.column])) continue;
      mapping[p.role] = p.column;
      used.add(p.column);
    }
  }

  // 2. Content, for the required roles still open: dates, then amounts, then customers.
  const free = (pred: (p: ColumnProfile) => boolean): number | undefined => {
    for (let c = 0; c < width; c++) if (!used.has(c) && profiles[c].filled > 0 && pred(profiles[c])) return c;
    return undefined;
  };
  const take = (role: Role, c: number | undefined): void => {
    if (c === undefined || mapping[role] !== undefined) return;
    mapping[role] = c;
    used.add(c);
  };
  if (mapping.date === undefined) {
    take("date", free((p) => p.dates / p.filled >= 0.9));
    take("date", free((p) => p.plausibleSerials / p.filled >= 0.9));
  }
  if (mapping.amount === undefined) {
    take("amount", free((p) => p.decimals > 0 && (p.integers + p.decimals) / p.filled >= 0.9));
    take("amount", free((p) => (p.integers + p.decimals) / p.filled >= 0.9));
  }
  if (mapping.customer === undefined) take("customer", free(() => true));
  return { hasHeader, headers, mapping };
}

/** A little extra weight when a header match is backed by the content (dates under "Date"). */
function contentBonus(role: Role, p: ColumnProfile): number {
  if (p.filled === 0) return 0;
  if (role === "date") return (p.dates + p.plausibleSerials) / p.filled >= 0.9 ? 0.5 : 0;
  if (role === "amount" || role === "cost") return (p.integers + p.decimals) / p.filled >= 0.9 ? 0.5 : 0;
  return 0;
}

/** A header match is refused when the content clearly contradicts it (a "Date" column of names). */
function contentFits(role: Role, p: ColumnProfile): boolean {
  if (p.filled === 0) return true;
  if (role === "date") return (p.dates + p.plausibleSerials) / p.filled >= 0.5;
  if (role === "amount" || role === "cost") return (p.integers + p.decimals) / p.filled >= 0.5;
  return true;
}

/** Problems with a mapping: a required role unmapped, or one column used twice. */
export function mappingProblems(mapping: ColumnMapping, headers: readonly string[]): string[] {
  const problems: string[] = [];
  for (const role of REQUIRED_ROLES) {
    if (mapping[role] === undefined) problems.push(`Choose the ${role} column.`);
  }
  const seen = new Map<number, Role>();
  for (const role of ROLES) {
    const c = mapping[role];
    if (c === undefined) continue;
    const other = seen.get(c);
    if (other) problems.push(`'${headers[c] ?? `column ${c + 1}`}' is mapped to both ${other} and ${role}; pick one column per role.`);
    else seen.set(c, role);
  }
  return problems;
}
