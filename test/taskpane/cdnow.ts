/**
 * The CDNOW sample as the task pane sees it after "Use selection": a sheet "Data" with headers in
 * row 1 (customer, date, amount) and 6,919 transactions in rows 2..6920, parsed by the pane's parser.
 */
import { readCdnowTransactions } from "../support/samples";
import { detectColumns } from "../../src/taskpane/columns";
import { parseTransactions, type DataSource } from "../../src/taskpane/dataset";
import { buildDailyLedger } from "../../src/core/data/transactions";
import { serialFromIso } from "../../src/core/data/dates";
import type { BuildInput } from "../../src/taskpane/builders/types";

/** Rows of the Data sheet as Excel's Range.values would return them (dates as serials). */
export function cdnowSheetRows(): unknown[][] {
  const { customer, date, amount } = readCdnowTransactions();
  const rows: unknown[][] = [["Customer ID", "Order date", "Amount"]];
  for (let i = 0; i < customer.length; i++) rows.push([Number(customer[i]), serialFromIso(date[i]), amount[i]]);
  return rows;
}

export function cdnowInput(): BuildInput {
  return inputFromRows(cdnowSheetRows());
}

/** A build input from sheet rows (header first) on sheet "Data" from A1, as the pane would parse them. */
export function inputFromRows(rows: unknown[][]): BuildInput {
  const detection = detectColumns(rows.slice(0, 201), 1);
  const source: DataSource = { sheet: "Data", headerRow: 1, firstRow: 2, lastRow: rows.length, firstColumn: 1, headers: detection.headers };
  const { transactions } = parseTransactions(rows.slice(1), detection.mapping, detection.headers, 2);
  const ledger = buildDailyLedger({ customer: transactions.customer, day: transactions.date, amount: transactions.amount });
  return { source, mapping: detection.mapping, transactions, ledger };
}

/** Independent per-customer facts from the raw file (no core code): purchase days and spend. */
export function cdnowFacts(): Map<number, { days: Set<number>; spend: number; first: number; last: number }> {
  const { customer, date, amount } = readCdnowTransactions();
  const m = new Map<number, { days: Set<number>; spend: number; first: number; last: number }>();
  for (let i = 0; i < customer.length; i++) {
    const id = Number(customer[i]);
    const day = serialFromIso(date[i]);
    const e = m.get(id) ?? { days: new Set<number>(), spend: 0, first: Infinity, last: -Infinity };
    e.days.add(day);
    e.spend += amount[i];
    e.first = Math.min(e.first, day);
    e.last = Math.max(e.last, day);
    m.set(id, e);
  }
  return m;
}
