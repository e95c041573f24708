/**
 * Tables in (DESIGN §3): customer columns given separately or as one CLV.SUMMARY / CLV.SPLIT spill.
 */
import { type CellValue, isOmitted } from "./cells";
import { fail } from "./errors";

/**
 * Customer columns by header ("tables in", DESIGN §3). A function that needs customer columns accepts
 * either separate columns, each with or without its header cell on top, or the whole CLV.SUMMARY /
 * CLV.SPLIT spill (header row included) as its first column argument, from which it picks the columns
 * by header. `headers` lists, per argument, the header names that identify its column.
 */
const CUSTOMER_HEADERS: Readonly<Record<string, readonly string[]>> = {
  frequency: ["frequency", "frequency_cal", "x"],
  recency: ["recency", "recency_cal", "t_x"],
  T: ["T", "T_cal"],
  monetary: ["monetary", "monetary_cal"],
  weights: ["weights", "weight", "count"],
  periods: ["periods", "n"],
};

function headerKey(v: CellValue): string | undefined {
  return typeof v === "string" ? v.trim().toLowerCase() : undefined;
}

function matchesHeader(v: CellValue, names: readonly string[]): boolean {
  const key = headerKey(v);
  return key !== undefined && names.some((n) => n.toLowerCase() === key);
}

function columnOf(rows: readonly CellValue[][], j: number, from: number): CellValue[][] {
  const out: CellValue[][] = new Array(rows.length - from);
  for (let i = from; i < rows.length; i++) out[i - from] = [rows[i][j]];
  return out;
}

/**
 * Resolve customer column arguments. `args` maps argument names (in order; the first is the one that
 * may hold a whole table) to their values; `required` names the arguments that must end up present.
 * Returns the columns as ranges (header cells removed); omitted optional arguments stay as given.
 */
export function customerColumns<K extends string>(args: Record<K, CellValue>, required: readonly NoInfer<K>[]): Record<K, CellValue> {
  const names = Object.keys(args) as K[];
  const first = names[0];
  const v = args[first];
  const out = { ...args };
  if (Array.isArray(v) && v.length > 1 && Array.isArray(v[0]) && (v[0] as CellValue[]).length > 1) {
    const rows = v as CellValue[][];
    const head = rows[0];
    const known = names.filter((n) => CUSTOMER_HEADERS[n]);
    const found = known.filter((n) => head.some((c) => matchesHeader(c, CUSTOMER_HEADERS[n])));
    if (found.length > 0) {
      const given = names.slice(1).filter((n) => !isOmitted(args[n]) && found.includes(n));
      if (given.length > 0) {
        fail(`${first}: a whole table was given, so leave ${given.join(" and ")} out (its columns are picked by header), or select single columns`);
      }
      for (const n of names) {
        const j = CUSTOMER_HEADERS[n] ? head.findIndex((c) => matchesHeader(c, CUSTOMER_HEADERS[n])) : -1;
        if (j >= 0) out[n] = columnOf(rows, j, 1);
        else if (n === first || required.includes(n)) {
          const shown = head.filter((c) => typeof c === "string" && c.trim() !== "").map((c) => `'${String(c).trim()}'`);
          fail(
            `${first}: the table has no '${CUSTOMER_HEADERS[n]?.[0] ?? n}' column (its headers are ${shown.join(", ")}); ` +
              `pass the whole CLV.SUMMARY or CLV.SPLIT result with its header row, or select the columns one by one`,
          );
        }
      }
      return out;
    }
  }
  for (const n of names) {
    const value = out[n];
    if (Array.isArray(value) && value.length > 1 && CUSTOMER_HEADERS[n]) {
      const top = Array.isArray(value[0]) ? (value[0] as CellValue[]) : [value[0]];
      if (top.length === 1 && matchesHeader(top[0], CUSTOMER_HEADERS[n])) {
        out[n] = (value as CellValue[]).slice(1);
        continue;
      }
      // A header row over a row range: drop its first cell.
      if (!Array.isArray(value[0]) && matchesHeader(value[0], CUSTOMER_HEADERS[n])) out[n] = (value as CellValue[]).slice(1);
    } else if (Array.isArray(value) && value.length === 1 && Array.isArray(value[0]) && (value[0] as CellValue[]).length > 1 && CUSTOMER_HEADERS[n]) {
      const row = value[0] as CellValue[];
      if (matchesHeader(row[0], CUSTOMER_HEADERS[n])) out[n] = [row.slice(1)];
    }
    if (required.includes(n) && isOmitted(out[n])) {
      fail(`${n} is required: select its column, or pass the whole CLV.SUMMARY table (with its header row) as ${first}`);
    }
  }
  return out;
}
