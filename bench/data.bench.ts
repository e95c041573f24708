/**
 * Transactions -> customers at scale: CLV.SUMMARY, CLV.RFM.TABLE and CLV.COHORT on 1M
 * transactions of 100k customers through the function path (any[][] ranges in, table out), plus the
 * core steps alone. Figures are printed, not asserted.
 *
 * Target (issue "speed to the limit"): CLV.SUMMARY on 1M rows in ≤ 150 ms on the 2-core machine,
 * printed with its ratio to a plain typed-array pass over the same three columns (copy dates and
 * amounts into Float64Arrays, touch every id cell), so a loaded machine slows both sides alike.
 * Two figures: the first call (ledger cache cleared before every run: read, ledger, summary, table)
 * and a recalculation (the same cell values in new arrays with new id strings, as Excel marshals them
 * on every recalculation: a comparison pass finds the cached ledger, then summary and table).
 * Every function-path figure below clears the cache in each run, i.e. is a first call.
 *
 * A 100k-customer table (SUMMARY, SPLIT, RFM.TABLE) is over the ~5 MB Excel accepts from one function,
 * so those calls end in the #VALUE! that says so, after all the work (read, ledger, summary, table, and
 * the payload count that refuses it); the figures are the time to that answer and the lines say which
 * answer it was. The core path alone (cells -> ledger -> summary columns, what the pane runs) is
 * printed beside the target too.
 *
 * The log is generated deterministically (the seeded generator of src/core/math/random.ts, seed 20240501): text ids "C000001".., rows in
 * random order, dates over two years as Excel serials, amounts 5..200 with 5 % returns.
 */
import { describe, it } from "vitest";
import { measure } from "./harness";
import { cohort, rfmTableFn, split, summary } from "../src/functions/data";
import { buildDailyLedger, clearLedgerCache, cohortTable, readTransactionCells, summarizeTransactions } from "../src/core/data";
import { rfmTable } from "../src/core/rfm";
import { createRng } from "../src/core/math/random";

/** Uniform numbers from the project's seeded generator, so the random data are the same on every run. */
function uniforms(seed: number): () => number {
  const generator = createRng(seed);
  return () => generator.uniform();
}

/** A call that may end in Excel's payload refusal: returns which answer it gave, rethrows anything else. */
function answer(call: () => unknown): () => string {
  return () => {
    try {
      const table = call() as unknown[][];
      return `a table of ${table.length} rows`;
    } catch (e) {
      const message = (e as { message?: string }).message ?? "";
      if (/over the 5 MB Excel accepts/.test(message)) return "#VALUE! (over Excel's 5 MB payload)";
      throw e;
    }
  };
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

  it("target: CLV.SUMMARY 1M rows ≤ 150 ms, against a plain typed-array pass", async () => {
    const plain = await measure("plain typed-array pass over the 3 columns (1M rows)", () => {
      const n = text.customer.length;
      const idLength = new Int32Array(n);
      const day = new Float64Array(n);
      const amount = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        idLength[i] = (text.customer[i][0] as string).length;
        day[i] = text.date[i][0] as number;
        amount[i] = text.amount[i][0] as number;
      }
      return idLength[n - 1] + day[n - 1] + amount[n - 1];
    });
    const firstCall = answer(() => summary(text.customer, text.date, text.amount, null, "W", null));
    const outcome = firstCall();
    const first = await measure("CLV.SUMMARY 1M rows, text ids, first call", () => {
      clearLedgerCache();
      return firstCall();
    });
    const core = await measure("core path: readTransactionCells + buildDailyLedger + summarizeTransactions", () =>
      summarizeTransactions(buildDailyLedger(readTransactionCells(text.customer, text.date, text.amount)), { timeUnit: "W" }),
    );
    // New arrays and new id strings with the same values, as each recalculation receives them (made
    // after the first-call and core-path figures, so that those run with the same heap as the plain pass).
    const copies = [0, 1].map(() => JSON.parse(JSON.stringify(text)) as typeof text);
    let turn = 0;
    clearLedgerCache();
    const recalc = await measure("CLV.SUMMARY 1M rows, text ids, recalculation", () => {
      const c = copies[turn++ % 2];
      return answer(() => summary(c.customer, c.date, c.amount, null, "W", null))();
    });
    copies.length = 0;
    clearLedgerCache();
    const load = (await import("node:os")).loadavg()[0].toFixed(2);
    console.log(`CLV.SUMMARY's answer on this log: ${outcome}`);
    for (const [label, r] of [["first call", first], ["recalculation", recalc], ["core path (pane)", core]] as const) {
      console.log(
        `TARGET CLV.SUMMARY 1M rows ≤ 150 ms, ${label}: ${r.medianMs.toFixed(0)} ms wall, ${r.cpuMs.toFixed(0)} ms cpu; ` +
          `${(r.medianMs / plain.medianMs).toFixed(1)}x the plain pass (${plain.medianMs.toFixed(0)} ms wall, ${(r.cpuMs / plain.cpuMs).toFixed(1)}x in cpu); ` +
          `${r.medianMs <= 150 ? "met" : "NOT met"} (load average ${load} on ${(await import("node:os")).cpus().length} cores)`,
      );
    }
  });

  it("function path (any[][] in, table out), first calls", async () => {
    const first = <T>(f: () => T) => () => {
      clearLedgerCache();
      return f();
    };
    await measure("CLV.SUMMARY 1M rows, numeric ids", first(answer(() => summary(numeric.customer, numeric.date, numeric.amount, null, "W", null))));
    await measure("CLV.RFM.TABLE 1M rows, text ids", first(answer(() => rfmTableFn(text.customer, text.date, text.amount, null, null, null))));
    await measure("CLV.COHORT 1M rows, text ids (monthly, retention)", first(answer(() => cohort(text.customer, text.date, text.amount, "M", "retention", null, null))));
    await measure("CLV.COHORT 1M rows, text ids (weekly, revenue)", first(answer(() => cohort(text.customer, text.date, text.amount, "W", "revenue", null, null))));
    await measure("CLV.SPLIT 1M rows, text ids", first(answer(() => split(text.customer, text.date, text.amount, 45292, 45656, "W", null))));
  });

  it("function path, recalculations sharing the ledger of the same cells", async () => {
    clearLedgerCache();
    answer(() => summary(text.customer, text.date, text.amount, null, "W", null))();
    // The first run (the harness's warm-up) computes on the cached ledger; the timed runs are
    // recalculations with the same arguments, which reuse the function's last answer on that ledger.
    await measure("CLV.RFM.TABLE 1M rows, text ids, recalculation", answer(() => rfmTableFn(text.customer, text.date, text.amount, null, null, null)));
    await measure("CLV.COHORT 1M rows, text ids (monthly), recalculation", answer(() => cohort(text.customer, text.date, text.amount, "M", "retention", null, null)));
    await measure("CLV.SPLIT 1M rows, text ids, recalculation", answer(() => split(text.customer, text.date, text.amount, 45292, 45656, "W", null)));
    // Another argument each run: computed on the cached ledger.
    let bins = 2;
    await measure("CLV.RFM.TABLE 1M rows, text ids, cached ledger, new bins", answer(() => rfmTableFn(text.customer, text.date, text.amount, null, 2 + (bins++ % 8), null)));
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
    const call = answer(() => summary(text.customer, isoDates, text.amount, null, "W", null));
    await measure("CLV.SUMMARY 1M rows, text ids, ISO text dates", () => {
      clearLedgerCache();
      return call();
    });
  });
});
