/**
 * `clv summary` on small CSV and Parquet files whose summaries are worked out by hand, the options
 * (--compressed, --monetary-bin, columns, globs) and the bad-input paths (exit code 2 with a message).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { command, summarize } from "../../../src/cli/commands/summary";
import { openEngine, type Engine } from "../../../src/cli/duckdb/engine";
import { DEFAULT_TIME_UNIT } from "../../../src/core/data/units";

const num = (v: unknown): number => (typeof v === "bigint" ? Number(v) : (v as number));

/** Runs the command in-process; returns the exit code and what it wrote to stderr and stdout. */
async function run(args: string[]): Promise<{ code: number; err: string; out: string }> {
  let err = "";
  let out = "";
  const e = vi.spyOn(process.stderr, "write").mockImplementation((s) => ((err += String(s)), true));
  const o = vi.spyOn(process.stdout, "write").mockImplementation((s) => ((out += String(s)), true));
  try {
    const code = await command.run(args);
    return { code, err, out };
  } finally {
    e.mockRestore();
    o.mockRestore();
  }
}

// Three customers, period end 2024-01-31, by hand (days):
//   1: 01-01 (10 + 5 merge), 01-15 (20), 01-29 (-3 refund: not a purchase day) -> x 1, t_x 14, T 30,
//      monetary 20, spend 32, 4 rows, 1 return;
//   2: 01-10 (7), 02-05 (8, after the period end)                               -> x 0, t_x 0, T 21;
//   3: 01-03 (0, a free order), 01-17 (9), 01-31 (11)                           -> x 2, t_x 28, T 28, monetary 10.
const CSV = `customer,date,amount
1,2024-01-01,10
1,2024-01-01,5
1,2024-01-15,20
1,2024-01-29,-3
2,2024-01-10,7
2,2024-02-05,8
3,2024-01-03,0
3,2024-01-17,9
3,2024-01-31,11
`;

describe("clv summary", () => {
  let dir: string;
  let csv: string;
  let engine: Engine;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "clv-summary-"));
    csv = join(dir, "tx.csv");
    writeFileSync(csv, CSV);
    engine = await openEngine({ progress: false });
  });
  afterAll(() => {
    engine?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const read = (file: string) => engine.rows(`SELECT * FROM '${file}'`);

  it("CSV in, CSV out: the hand-worked summary, and a report of what was left out", async () => {
    const out = join(dir, "s.csv");
    const r = await run([csv, "-o", out, "--period-end", "2024-01-31", "--unit", "D"]);
    expect(r.code).toBe(0);
    expect(r.err).toContain("read 9 rows (1 returns)");
    expect(r.err).toContain("1 rows after the period end");
    const rows = await read(out);
    expect(rows.map((x) => [num(x.customer), num(x.frequency), num(x.recency), num(x.T), num(x.monetary), num(x.total_spend), num(x.transactions), num(x.returns)])).toEqual([
      [1, 1, 14, 30, 20, 32, 4, 1],
      [2, 0, 0, 21, 0, 7, 1, 0],
      [3, 2, 28, 28, 10, 20, 3, 0],
    ]);
    expect(readFileSync(out, "utf8").split("\n")[0]).toBe("customer,frequency,recency,T,monetary,total_spend,first_purchase,last_purchase,transactions,returns");
  });

  it("Parquet in (DATE, TIMESTAMP with times of day, DECIMAL amounts), Parquet out: the same summary in weeks", async () => {
    const pq = join(dir, "tx.parquet");
    await engine.run(
      `COPY (SELECT customer AS client_id, CAST(date AS TIMESTAMP) + INTERVAL 13 HOUR AS order_time, CAST(amount AS DECIMAL(10,2)) AS revenue FROM read_csv('${csv}')) TO '${pq}' (FORMAT parquet)`,
    );
    const out = join(dir, "s.parquet");
    const r = await run([pq, "-o", out, "--period-end", "2024-01-31", "--unit", "W", "-q"]);
    expect(r.code).toBe(0);
    expect(r.err).toBe("");
    const rows = await read(out);
    expect(rows.map((x) => [num(x.customer), num(x.frequency), num(x.recency), num(x.T)])).toEqual([
      [1, 1, 14 / 7, 30 / 7],
      [2, 0, 0, 21 / 7],
      [3, 2, 28 / 7, 28 / 7],
    ]);
  });

  it("dates as Excel serials or YYYYMMDD numbers, columns named by option", async () => {
    const f = join(dir, "serials.csv");
    // 45292 = 2024-01-01 in Excel's 1900 date system.
    writeFileSync(f, "who,when,paid,note\n1,45292,10,x\n1,20240115,20,y\n2,45301.75,7,z\n");
    const out = join(dir, "serials-out.csv");
    const r = await run([f, "-o", out, "--customer", "who", "--date", "when", "--amount", "paid", "--period-end", "45322", "--unit", "D", "-q"]);
    expect(r.code).toBe(0);
    const rows = await read(out);
    expect(rows.map((x) => [num(x.customer), num(x.frequency), num(x.recency), num(x.T)])).toEqual([
      [1, 1, 14, 30],
      [2, 0, 0, 21],
    ]);
  });

  it("a glob reads several files as one log", async () => {
    const parts = join(dir, "parts");
    rmSync(parts, { recursive: true, force: true });
    spawnSync("mkdir", ["-p", parts]);
    const lines = CSV.trim().split("\n");
    writeFileSync(join(parts, "a.csv"), [lines[0], ...lines.slice(1, 5)].join("\n") + "\n");
    writeFileSync(join(parts, "b.csv"), [lines[0], ...lines.slice(5)].join("\n") + "\n");
    const whole = await summarize({ input: csv, output: join(dir, "whole.csv"), periodEnd: "2024-01-31", quiet: true });
    const globbed = await summarize({ input: join(parts, "*.csv"), output: join(dir, "glob.csv"), periodEnd: "2024-01-31", quiet: true });
    expect(globbed.rows).toBe(9);
    // Without --unit, the add-in's default unit.
    expect(whole.unit).toBe(DEFAULT_TIME_UNIT);
    expect(await read(join(dir, "glob.csv"))).toEqual(await read(join(dir, "whole.csv")));
    expect(whole.customers).toBe(3);
  });

  it("--compressed: distinct (frequency, recency, T) with customer counts; --monetary-bin keeps rounded monetary", async () => {
    const f = join(dir, "twins.csv");
    // Customers 1 and 2 have identical histories; 3 differs only in spend.
    writeFileSync(f, "customer,date,amount\n1,2024-01-01,5\n1,2024-01-08,10.2\n2,2024-01-01,6\n2,2024-01-08,10.4\n3,2024-01-01,6\n3,2024-01-08,30\n4,2024-01-02,1\n");
    const out = join(dir, "c.csv");
    const r = await run([f, "-o", out, "--period-end", "2024-01-15", "--unit", "W", "--compressed", "-q"]);
    expect(r.code).toBe(0);
    const rows = await read(out);
    expect(Object.keys(rows[0])).toEqual(["frequency", "recency", "T", "customers"]);
    expect(rows.map((x) => [num(x.frequency), num(x.recency), num(x.T), num(x.customers)])).toEqual([
      [0, 0, 13 / 7, 1],
      [1, 1, 2, 3],
    ]);
    const binned = join(dir, "cb.csv");
    expect((await run([f, "-o", binned, "--period-end", "2024-01-15", "--unit", "W", "--compressed", "--monetary-bin", "1", "-q"])).code).toBe(0);
    expect((await read(binned)).map((x) => [num(x.frequency), num(x.monetary), num(x.customers)])).toEqual([
      [0, 0, 1],
      [1, 10, 2],
      [1, 30, 1],
    ]);
    // --time-bin 1 in weeks: customer 4's T of 13/7 weeks rounds to 2.
    const weeks = join(dir, "cw.csv");
    expect((await run([f, "-o", weeks, "--period-end", "2024-01-15", "--unit", "W", "--compressed", "--time-bin", "1", "-q"])).code).toBe(0);
    expect((await read(weeks)).map((x) => [num(x.frequency), num(x.recency), num(x.T), num(x.customers)])).toEqual([
      [0, 0, 2, 1],
      [1, 1, 2, 3],
    ]);
  });

  it("--help prints the options and exits 0", async () => {
    const r = await run(["--help"]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("--compressed");
    expect(r.out).toContain("--period-end");
  });

  describe("bad input: exit code 2 and a message saying what to fix", () => {
    const cases: [string, () => string[], RegExp][] = [
      ["no output file", () => [csv], /-o summary\.csv/],
      ["missing input file", () => [join(dir, "nope.csv"), "-o", join(dir, "x.csv")], /file not found/],
      ["unknown unit", () => [csv, "-o", join(dir, "x.csv"), "--unit", "Q"], /--unit is 'Q'; use "D", "W", "M" or "Y"/],
      ["period end that is not a date", () => [csv, "-o", join(dir, "x.csv"), "--period-end", "31/01/2024"], /--period-end 31\/01\/2024: not a date/],
      ["period end before the data", () => [csv, "-o", join(dir, "x.csv"), "--period-end", "2023-01-01"], /before the first date in the data \(2024-01-01\)/],
      ["output that is neither CSV nor Parquet", () => [csv, "-o", join(dir, "x.xlsx")], /write a \.csv or a \.parquet file/],
      ["--monetary-bin without --compressed", () => [csv, "-o", join(dir, "x.csv"), "--monetary-bin", "1"], /goes with --compressed/],
      ["--time-bin that is not a positive number", () => [csv, "-o", join(dir, "x.csv"), "--compressed", "--time-bin", "0"], /--time-bin 0: use a number above 0/],
      ["unknown column", () => [csv, "-o", join(dir, "x.csv"), "--amount", "price"], /--amount price: no such column/],
      ["unknown option", () => [csv, "--bogus"], /Unknown option '--bogus'/],
    ];
    for (const [name, args, message] of cases) {
      it(name, async () => {
        const r = await run(args());
        expect(r.code).toBe(2);
        expect(r.err).toMatch(message);
      });
    }

    it("a date the data cannot be read as (DuckDB's message names the value)", async () => {
      const f = join(dir, "baddate.csv");
      writeFileSync(f, "customer,date,amount\n1,2024-01-01,1\n2,yesterday,2\n");
      const r = await run([f, "-o", join(dir, "x.csv")]);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/yesterday/);
    });

    it("a row without an amount", async () => {
      const f = join(dir, "noamount.csv");
      writeFileSync(f, "customer,date,amount\n1,2024-01-01,1\n2,2024-01-02,\n,,\n");
      const r = await run([f, "-o", join(dir, "x.csv")]);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/1 row\(s\) have no amount \(column 'amount'\)/);
    });
  });

  it("through bin/clv.js in a real process: exit code 2 on bad input, 0 on success", () => {
    const bin = resolve(__dirname, "..", "..", "..", "bin", "clv.js");
    const bad = spawnSync(process.execPath, [bin, "summary", join(dir, "nope.parquet"), "-o", join(dir, "x.csv")], { encoding: "utf8" });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("file not found");
    const good = spawnSync(process.execPath, [bin, "summary", csv, "-o", join(dir, "bin.csv"), "-q"], { encoding: "utf8" });
    expect(good.status).toBe(0);
    expect(readFileSync(join(dir, "bin.csv"), "utf8").trim().split("\n")).toHaveLength(4);
  });
});
