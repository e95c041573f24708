/**
 * Transactions -> customers at scale: CLV.SUMMARY, CLV.RFM.TABLE and CLV.COHORT on 1M
 * transactions of 100k customers through the function path (any[][] ranges in, table out), plus the
 * core steps alone. Target: each function ≤ 1 s on the project machine. Figures are printed, not asserted.
 *
 * The log is generated deterministically (the seeded generator of src/core/math/random.ts, seed 20240501): text ids "C000001".., rows in
 * random order, dates over two years as Excel serials, amounts 5..200 with 5 % returns.
 */
import { describe, it } from "vitest";
import { measure } from "./harness";
import { cohort, rfmTableFn, split, summary } from "../src/functions/data";
import { buildDailyLedger, cohortTable, readTransactionCells, summarizeTransactions } from "../src/core/data";
import { rfmTable } from "../src/core/rfm";
import { createRng } from "../src/core/math/random";

/** Uniform numbers from the project's seeded generator, so the random data are the same on every run. */
function uniforms(seed: number): () => number {
  const generator = createRng(seed);
  return () => generator.uniform();
}

function generate(rows: number, customers: number, textIds: boolean) {
  const r = uniforms(20240501);
  const ids = Array.from({ length: customers }, (_, i) => (textIds ? `C${String(i + 1).padStart(6, "0")}` : i + 1));
  const start = 44927; // 2023-01-01
  const customer: unknown[][] = new Array(rows);
  const date: unknown[][] = new Array(rows);
  const amount: unknown[][] = new Array(rows);
  for (let i = 0; i < rows; i++) {
    customer[i] = [ids[Math.floor(r() * customers)]];
    date[i] = [start + Math.floor(r() * 730)];
    const a = Math.round((5 + r() * 195) * 100) / 100;
    amount[i] = [r() < 0.05 ? -a : a];
  }
  return { customer, date, amount };
}

describe("data functions at 1M transactions / 100k customers", () => {
  const text = generate(1_000_000, 100_000, true);
  const numeric = generate(1_000_000, 100_000, false);

  it("function path (any[][] in, table out)", async () => {
    await measure("CLV.SUMMARY 1M rows, text ids", () => summary(text.customer, text.date, text.amount, null, "W", null));
    await measure("CLV.SUMMARY 1M rows, numeric ids", () => summary(numeric.customer, numeric.date, numeric.amount, null, "W", null));
    await measure("CLV.RFM.TABLE 1M rows, text ids", () => rfmTableFn(text.customer, text.date, text.amount, null, null, null));
    await measure("CLV.COHORT 1M rows, text ids (monthly, retention)", () => cohort(text.customer, text.date, text.amount, "M", "retention", null, null));
    await measure("CLV.COHORT 1M rows, text ids (weekly, revenue)", () => cohort(text.customer, text.date, text.amount, "W", "revenue", null, null));
    await measure("CLV.SPLIT 1M rows, text ids", () => split(text.customer, text.date, text.amount, 45292, 45656, "W", null));
  });

  it("core steps alone (text ids)", async () => {
    const cells = readTransactionCells(text.customer, text.date, text.amount);
    await measure("readTransactionCells 1M rows", () => readTransactionCells(text.customer, text.date, text.amount));
    await measure("buildDailyLedger 1M rows", () => buildDailyLedger(cells));
    const ledger = buildDailyLedger(cells);
    await measure("summarizeTransactions on a ledger (100k customers)", () => summarizeTransactions(ledger, { timeUnit: "W" }));
    await measure("rfmTable on a ledger", () => rfmTable(ledger));
    await measure("cohortTable on a ledger (monthly)", () => cohortTable(ledger, { metric: "retention" }));
  });

  it("ISO text dates (1M cells of 730 distinct texts)", async () => {
    const isoDates = text.date.map(([s]) => {
      const ms = ((s as number) - 25569) * 86_400_000;
      return [new Date(ms).toISOString().slice(0, 10)];
    });
    await measure("CLV.SUMMARY 1M rows, text ids, ISO text dates", () => summary(text.customer, isoDates, text.amount, null, "W", null));
  });
});
