/**
 * `clv fit` on the CDNOW summary (full and compressed, both written by `clv summary`): the parameters
 * of Fader, Hardie & Lee (2005) for BG/NBD and Pareto/NBD, the same fit from the compressed file with
 * weights as from the full one (and as the Excel FIT functions with and without weights), per-customer
 * predictions against published figures, and bad input (exit code 2 naming the line).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { command, fitSummary } from "../../../src/cli/commands/fit";
import { summarize } from "../../../src/cli/commands/summary";
import { openEngine, type Engine } from "../../../src/cli/duckdb/engine";
import { serialFromIso } from "../../../src/core/data/dates";
import { summarizeTransactions } from "../../../src/core/data";
import { bgnbd, type BgNbdParams } from "../../../src/core/models/bgnbd";
import { compressCountData, makeCountData } from "../../../src/core/models/compress";
import { bgnbdFit } from "../../../src/functions/models";
import { published, readCdnowTransactions } from "../../support/samples";

const num = (v: unknown): number => (typeof v === "bigint" ? Number(v) : (v as number));
const rel = (a: number, b: number): number => Math.abs(a - b) / Math.max(1e-300, Math.abs(b));

async function run(args: string[]): Promise<{ code: number; err: string; out: string }> {
  let err = "";
  let out = "";
  const e = vi.spyOn(process.stderr, "write").mockImplementation((s) => ((err += String(s)), true));
  const o = vi.spyOn(process.stdout, "write").mockImplementation((s) => ((out += String(s)), true));
  try {
    return { code: await command.run(args), err, out };
  } finally {
    e.mockRestore();
    o.mockRestore();
  }
}

describe("clv fit on the CDNOW summary (weeks, period end 1997-09-30)", () => {
  let dir: string;
  let full: string;
  let compressed: string;
  let engine: Engine;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "clv-fit-"));
    const tx = readCdnowTransactions();
    const csv = join(dir, "cdnow.csv");
    writeFileSync(csv, "customer,date,amount\n" + tx.customer.map((c, i) => `${c},${tx.date[i]},${tx.amount[i]}`).join("\n") + "\n");
    full = join(dir, "summary.csv");
    compressed = join(dir, "compressed.csv");
    await summarize({ input: csv, output: full, periodEnd: "1997-09-30", unit: "W", quiet: true });
    await summarize({ input: csv, output: compressed, periodEnd: "1997-09-30", unit: "W", compressed: true, quiet: true });
    engine = await openEngine({ progress: false });
  });
  afterAll(() => {
    engine?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("BG/NBD: Fader, Hardie & Lee (2005) r 0.243, alpha 4.414, a 0.793, b 2.426, LL -9582.4; compressed = full", async () => {
    const ref = published().bgnbd_cdnow.published;
    const a = await fitSummary({ input: full, model: "bgnbd", unit: "W", output: join(dir, "m-full.csv"), quiet: true });
    const b = await fitSummary({ input: compressed, model: "BG/NBD", unit: "W", output: join(dir, "m-comp.csv"), quiet: true });
    expect(a.inputRows).toBe(2357);
    expect(b.inputRows).toBe(b.distinctRows);
    expect(b.inputRows).toBeLessThan(1100);
    expect(b.fit.n).toBe(2357);
    for (const p of ["r", "alpha", "a", "b"]) {
      // Published to 3 decimals.
      expect(Math.abs(a.fit.params[p] - ref[p])).toBeLessThanOrEqual(5e-4 + 1e-9);
      expect(rel(b.fit.params[p], a.fit.params[p])).toBeLessThanOrEqual(1e-9);
    }
    expect(Math.abs(a.fit.logLik - ref.log_likelihood)).toBeLessThanOrEqual(0.05);
    expect(a.fit.converged).toBe(true);
    // The table file carries the FIT spill's labels, so Excel's prediction functions read it.
    const lines = readFileSync(join(dir, "m-comp.csv"), "utf8").trim().split("\n");
    expect(lines[0]).toBe("model,BG/NBD,");
    expect(lines[1]).toBe("time unit,W,");
    expect(lines[2]).toBe("parameter,estimate,std. error");
    expect(lines.map((l) => l.split(",")[0])).toEqual(expect.arrayContaining(["r", "alpha", "a", "b", "log-likelihood", "customers", "converged"]));
    expect(lines.find((l) => l.startsWith("customers,"))).toBe("customers,2357,");
  });

  it("the compressed file with weights fits like the full summary in the core and in CLV.BGNBD.FIT", async () => {
    const cli = await fitSummary({ input: compressed, model: "bgnbd", output: join(dir, "m.csv"), quiet: true });
    // Core on the core's own summary (an independent path: no SQL, no DuckDB grouping).
    const tx = readCdnowTransactions();
    const s = summarizeTransactions({ customer: tx.customer, day: tx.date.map(serialFromIso), amount: tx.amount }, { periodEnd: serialFromIso("1997-09-30"), timeUnit: "W" });
    const core = bgnbd.fit(compressCountData(makeCountData(s.frequency, s.recency, s.T))) as { params: Record<string, number> };
    // The Excel function, fed the compressed file's columns and its counts as weights, and the full columns.
    const rows = await engine.rows(`SELECT * FROM read_csv('${compressed}')`);
    const col = (k: string) => rows.map((r) => [num(r[k])]);
    const weighted = (await bgnbdFit(col("frequency"), col("recency"), col("T"), col("customers"), true)) as unknown[][];
    const fullRows = await engine.rows(`SELECT * FROM read_csv('${full}')`);
    const fcol = (k: string) => fullRows.map((r) => [num(r[k])]);
    const unweighted = (await bgnbdFit(fcol("frequency"), fcol("recency"), fcol("T"), undefined, true)) as unknown[][];
    const param = (table: unknown[][], name: string) => table.find((r) => r[0] === name)![1] as number;
    for (const p of ["r", "alpha", "a", "b"]) {
      expect(rel(cli.fit.params[p], core.params[p])).toBeLessThanOrEqual(1e-6);
      expect(rel(param(weighted, p), param(unweighted, p))).toBeLessThanOrEqual(1e-6);
      expect(rel(param(weighted, p), cli.fit.params[p])).toBeLessThanOrEqual(1e-6);
    }
  });

  it("--time-bin 1 (whole weeks): fewer rows, and BG/NBD within one standard error of the exact fit", async () => {
    const binned = join(dir, "weeks.csv");
    const tx = join(dir, "cdnow.csv");
    await summarize({ input: tx, output: binned, periodEnd: "1997-09-30", unit: "W", compressed: true, timeBin: 1, quiet: true });
    const exact = await fitSummary({ input: compressed, model: "bgnbd", output: join(dir, "e.csv"), quiet: true });
    const approx = await fitSummary({ input: binned, model: "bgnbd", output: join(dir, "w.csv"), quiet: true });
    expect(approx.distinctRows).toBeLessThan(exact.distinctRows);
    expect(approx.fit.n).toBe(2357);
    for (const p of ["r", "alpha", "a", "b"]) {
      expect(Math.abs(approx.fit.params[p] - exact.fit.params[p])).toBeLessThan(exact.fit.stdErrors[p]);
    }
  });

  it("Pareto/NBD: r 0.553, alpha 10.578, s 0.606, beta 11.669, LL -9595.0 (Fader, Hardie & Lee 2005)", async () => {
    const ref = published().paretonbd_cdnow.published;
    const r = await run([compressed, "--model", "pareto", "--unit", "W", "-o", join(dir, "pareto.csv"), "-q"]);
    expect(r.code).toBe(0);
    const table = readFileSync(join(dir, "pareto.csv"), "utf8").trim().split("\n").map((l) => l.split(","));
    expect(table[0][1]).toBe("Pareto/NBD");
    expect(table[1]).toEqual(["time unit", "W", ""]);
    const v = (label: string) => Number(table.find((row) => row[0] === label)![1]);
    for (const p of ["r", "alpha", "s", "beta"]) expect(Math.abs(v(p) - ref[p])).toBeLessThanOrEqual(5e-4 + 1e-9);
    expect(Math.abs(v("log-likelihood") - ref.log_likelihood)).toBeLessThanOrEqual(0.05);
  });

  it("--unit D on a summary in days: the table says D, and the rates scale by 7 (alpha in days = 7 x alpha in weeks)", async () => {
    const days = join(dir, "days.csv");
    await summarize({ input: join(dir, "cdnow.csv"), output: days, periodEnd: "1997-09-30", unit: "D", compressed: true, quiet: true });
    const d = await fitSummary({ input: days, model: "bgnbd", unit: "D", output: join(dir, "md.csv"), quiet: true });
    const w = await fitSummary({ input: compressed, model: "bgnbd", unit: "W", output: join(dir, "mw.csv"), quiet: true });
    expect(d.table[1]).toEqual(["time unit", "D", ""]);
    // BG/NBD's alpha is a time scale (lambda ~ Gamma(r, alpha)); r, a, b are unit-free.
    expect(rel(d.fit.params.alpha, 7 * w.fit.params.alpha)).toBeLessThanOrEqual(1e-5);
    for (const p of ["r", "a", "b"]) expect(rel(d.fit.params[p], w.fit.params[p])).toBeLessThanOrEqual(1e-5);
  });

  it("--predict: every customer of the full summary with expected purchases in 39 weeks and P(alive)", async () => {
    const peer = published().bgnbd_cdnow.first_10_customers_peer;
    const out = join(dir, "pred.parquet");
    const r = await run([full, "--model", "bgnbd", "--predict", out, "--horizon", "39", "-q"]);
    expect(r.code).toBe(0);
    expect(r.out.split("\n")[0]).toBe("model,BG/NBD,");
    const rows = await engine.rows(`SELECT * FROM '${out}'`);
    expect(rows).toHaveLength(2357);
    expect(Object.keys(rows[0])).toEqual(["customer", "frequency", "recency", "T", "monetary", "total_spend", "first_purchase", "last_purchase", "transactions", "returns", "expected", "p_alive"]);
    expect(rows.every((row) => Number.isFinite(row.expected) && Number.isFinite(row.p_alive))).toBe(true);
    // Each row is the core's prediction at the fitted parameters for that row's history.
    const fit = await fitSummary({ input: full, model: "bgnbd", output: join(dir, "m3.csv"), quiet: true });
    for (const row of rows.slice(0, 200)) {
      const [x, t, T] = [num(row.frequency), row.recency as number, row.T as number];
      expect(rel(row.expected as number, bgnbd.expected(fit.fit.params as BgNbdParams, 39, x, t, T))).toBeLessThanOrEqual(1e-12);
      expect(rel(row.p_alive as number, bgnbd.pAlive(fit.fit.params as BgNbdParams, x, t, T))).toBeLessThanOrEqual(1e-12);
    }
    // Peer figures at the MLE for the first 10 customers (lifetimes on the summary CSV, whose recency
    // and T are rounded to 2 decimals, hence 1e-3), e.g. customer 1: 1.22591, 0.726609.
    peer.forEach((p: { ID: number; expected_purchases_t39: number; p_alive: number }) => {
      const row = rows.find((x) => num(x.customer) === p.ID)!;
      expect(Math.abs((row.expected as number) - p.expected_purchases_t39)).toBeLessThanOrEqual(1e-3);
      expect(Math.abs((row.p_alive as number) - p.p_alive)).toBeLessThanOrEqual(1e-3);
    });
  });

  it("--predict on the compressed file: one prediction per distinct row, CSV", async () => {
    const out = join(dir, "pred.csv");
    expect((await run([compressed, "--model", "bgnbd", "-o", join(dir, "m2.csv"), "--predict", out, "--horizon", "39", "-q"])).code).toBe(0);
    const rows = await engine.rows(`SELECT * FROM read_csv('${out}')`);
    const total = rows.reduce((s, row) => s + num(row.customers) * (row.expected as number), 0);
    const fullRows = await engine.rows(`SELECT SUM(expected) AS s FROM '${join(dir, "pred.parquet")}'`);
    expect(rel(total, fullRows[0].s as number)).toBeLessThanOrEqual(1e-9);
  });

  describe("bad input: exit code 2", () => {
    it("a row whose recency exceeds T names the line of the file", async () => {
      const f = join(dir, "bad.csv");
      writeFileSync(f, "frequency,recency,T\n1,2,5\n0,0,3\n2,6,5\n");
      const r = await run([f, "--model", "bgnbd"]);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/line 4 of .*bad\.csv is 6, larger than T \(5\)/);
    });
    it("an unknown model lists the known ones", async () => {
      const r = await run([compressed, "--model", "weibull"]);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/unknown model 'weibull'.*BG\/NBD/);
    });
    it("a file without a frequency column", async () => {
      const f = join(dir, "nofreq.csv");
      writeFileSync(f, "x1,recency,T\n1,2,5\n");
      const r = await run([f, "--model", "bgnbd"]);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/has no frequency column/);
    });
    it("--predict without --horizon", async () => {
      const r = await run([compressed, "--model", "bgnbd", "--predict", join(dir, "p.csv")]);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/--predict and --horizon go together/);
    });
    it("an unknown unit", async () => {
      const r = await run([compressed, "--model", "bgnbd", "--unit", "Q"]);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/--unit is 'Q'/);
    });
    it("no --model", async () => {
      const r = await run([compressed]);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/give the model with --model/);
    });
  });

  it("--help prints the options and exits 0", async () => {
    const r = await run(["--help"]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("--predict");
  });
});
