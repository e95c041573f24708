/**
 * Pieces shared by the builders: the look of the sheets (titles, header rows, number formats), the
 * references to the data columns, and "blocks" (a table written either as a live spilled formula or
 * as static values) with the references formulas use to read one of their columns.
 */
import { cellAddress, formulaString, rangeAddress } from "../a1";
import { columnReference, describeSource } from "../dataset";
import { PlanDraft, area, type Area, type Cell } from "../plan";
import type { BuildInput, BuildOptions } from "./types";

export const COLORS = {
  brand: "#0F6CBD",
  title: "#242424",
  subtitle: "#616161",
  headerFill: "#EBF3FC",
  headerBorder: "#0F6CBD",
  sectionFill: "#F3F2F1",
  totalFill: "#F5F5F5",
  kpiFill: "#F3F9FD",
  heatLow: "#FFFFFF",
  heatMid: "#9FC5E8",
  heatHigh: "#1F5FA8",
  bar: "#0F6CBD",
  tabCohorts: "#0F6CBD",
  tabRfm: "#107C10",
  tabModel: "#8764B8",
  tabDashboard: "#CA5010",
  tabDecisions: "#C239B3",
} as const;

export const FORMATS = {
  count: "#,##0",
  money: "#,##0.00",
  percent: "0.0%",
  percent0: "0%",
  decimal: "0.000",
  decimal2: "0.00",
  date: "yyyy-mm-dd",
  probability: "0.000",
} as const;

/** References of the three transaction columns, as formulas spell them. */
export interface DataRefs {
  readonly customer: string;
  readonly date: string;
  readonly amount: string;
  /** "cust, dates, amounts" for a CLV.* call */
  readonly args: string;
}

export function dataRefs(input: BuildInput): DataRefs {
  const customer = columnReference(input.source, input.mapping, "customer");
  const date = columnReference(input.source, input.mapping, "date");
  const amount = columnReference(input.source, input.mapping, "amount");
  return { customer, date, amount, args: `${customer},${date},${amount}` };
}

/** A formula argument for a text option. */
export const str = formulaString;

/** Title (row 1) and a subtitle (row 2) saying what the sheet is and where the data come from. */
export function titleRows(d: PlanDraft, input: BuildInput, options: BuildOptions, title: string, what: string): number {
  d.values(1, 1, [[title]]);
  d.format({ area: area(1, 1), bold: true, fontSize: 16, fontColor: COLORS.title });
  const mode = options.valuesOnly
    ? `Values only: static numbers computed when the sheet was built${options.valuesOnlyReason ? `, because ${options.valuesOnlyReason}` : "."}`
    : "Live CLV.* formulas: the tables recalculate when the data change.";
  if (options.valuesOnly && options.valuesOnlyReason) d.note(`Values only, because ${options.valuesOnlyReason}`);
  d.values(2, 1, [[`${what} Data: ${describeSource(input.source)}. ${mode}`]]);
  d.format({ area: area(2, 1), italic: true, fontColor: COLORS.subtitle });
  return 4;
}

/** A section title at `row`. */
export function sectionTitle(d: PlanDraft, row: number, column: number, text: string, width = 1): void {
  d.values(row, column, [[text]]);
  d.format({ area: area(row, column, 1, Math.max(1, width)), bold: true, fontSize: 12, fontColor: COLORS.brand });
}

/** A small explanatory line. */
export function noteRow(d: PlanDraft, row: number, column: number, text: string): void {
  d.values(row, column, [[text]]);
  d.format({ area: area(row, column), italic: true, fontColor: COLORS.subtitle });
}

/** Header labels at `row`, styled as a table header. */
export function headerRow(d: PlanDraft, row: number, column: number, labels: readonly string[]): Area {
  const a = d.values(row, column, [labels]);
  d.format({ area: a, bold: true, fill: COLORS.headerFill, bottomBorder: COLORS.headerBorder, wrapText: true });
  return a;
}

/**
 * A table's data area (header excluded) and how formulas reach it: a live block is a spilled formula
 * anchored at its top-left cell (`A6#`), a static block a plain range.
 */
export interface Block {
  readonly row: number;
  readonly column: number;
  /** data rows and columns (expected size of the spill for live blocks) */
  readonly rows: number;
  readonly columns: number;
  readonly live: boolean;
}

/** Reference to column `k` (0-based) of a block's data, e.g. `INDEX($A$6#,0,2)` or `$B$6:$B$2362`. */
export function blockColumn(b: Block, k: number): string {
  if (b.live) return b.columns === 1 ? `${cellAddress(b.row, b.column, true)}#` : `INDEX(${cellAddress(b.row, b.column, true)}#,0,${k + 1})`;
  return rangeAddress(b.row, b.column + k, b.rows, 1, true);
}

/** Reference to a whole block: `$A$6#` or `$A$6:$J$2362`. */
export function blockRef(b: Block): string {
  return b.live ? `${cellAddress(b.row, b.column, true)}#` : rangeAddress(b.row, b.column, b.rows, b.columns, true);
}

/** What goes under a table's header: one spilling formula (with its expected rows), or values. */
export type TableContent = { readonly formula: string; readonly rows: number } | { readonly values: Cell[][] };

/**
 * Writes a table: header labels at `row`, then the content. Returns the data block.
 */
export function writeTable(d: PlanDraft, row: number, column: number, headers: readonly string[], content: TableContent, label: string): Block {
  headerRow(d, row, column, headers);
  const dataRow = row + 1;
  if ("formula" in content) {
    d.formula(dataRow, column, content.formula, content.rows, headers.length, label);
    return { row: dataRow, column, rows: content.rows, columns: headers.length, live: true };
  }
  d.values(dataRow, column, content.values, label);
  return { row: dataRow, column, rows: content.values.length, columns: headers.length, live: false };
}

/**
 * A SUMIFS/COUNTIFS criterion matching exactly the text in the cell `ref`. Criteria read `*` and `?` as
 * wildcards and `~` as their escape, and a leading `<`, `>` or `=` as an operator (Excel's SUMIFS
 * reference), so a segment called "A*" would also sum "AB" and one called ">5" would compare numbers.
 * The text is therefore escaped and prefixed with "=".
 */
export function equalsCriterion(ref: string): string {
  return `"="&SUBSTITUTE(SUBSTITUTE(SUBSTITUTE(${ref},"~","~~"),"*","~*"),"?","~?")`;
}

/** NaN and infinities as a blank cell (Excel shows "" for unobserved cohort periods, never 0). */
export function cell(v: number): Cell {
  return Number.isFinite(v) ? v : "";
}

/** A text for the data's size, e.g. "2,357 customers". */
export function count(n: number, word: string): string {
  return `${n.toLocaleString("en-US")} ${word}${n === 1 ? "" : "s"}`;
}
