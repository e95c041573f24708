/**
 * `clv workbook`: a transactions file (.csv or .xlsx) in, the pane's sheets out, with the pane's column
 * detection, data check (messages and exit code 2) and options. The fitted model cached in the written
 * file is compared with the core's fit of the same transactions (fitModels over the same summary),
 * and the values-only file is opened in LibreOffice Calc.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { join, resolve } from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { main } from "../../src/cli/main";
import { parseCsv, csvValue } from "../../src/cli/read";
import { simulateTransactions } from "../../src/core/simulate/transactions";
import { bgnbd } from "../../src/core/models/bgnbd";
import { isoFromSerial, serialFromIso } from "../../src/core/data/dates";
import { inputFromRows } from "../taskpane/cdnow";
import { fitModels, modelData } from "../../src/taskpane/builders/modelData";
import { DEFAULT_OPTIONS } from "../../src/taskpane/builders/types";
import { readStoredWorkbook } from "./xlsxCells";
import { SOFFICE, sheetsAsCsv } from "./libreoffice";

const DIR = resolve(__dirname, "..", "..", "test-artifacts", "cli-workbook");

/** Runs `clv ...args`, capturing what it prints. */
async function clv(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const o = vi.spyOn(process.stdout, "write").mockImplementation((c: string | Uint8Array) => ((out += String(c)), true));
  const e = vi.spyOn(process.stderr, "write").mockImplementation((c: string | Uint8Array) => ((err += String(c)), true));
  try {
    return { code: await main(args), out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

/** 400 customers from BG/NBD (r 0.25, alpha 4, a 0.8, b 2.5 per week) and Gamma-Gamma spend, seed 8 (with seed 7 the 400 simulated customers happen to leave BG/NBD's drop-out heterogeneity unidentified). */
const sim = simulateTransactions({ model: bgnbd, params: { r: 0.25, alpha: 4, a: 0.8, b: 2.5 } }, { p: 6, q: 4, gamma: 16 }, 400, serialFromIso("2023-01-01"), serialFromIso("2024-12-31"), 8);
const CSV = join(DIR, "sales.csv");

beforeAll(() => {
  rmSync(DIR, { recursive: true, force: true });
  mkdirSync(DIR, { recursive: true });
  const lines = ["Order,Customer ID,Order date,Revenue,Channel"];
  for (let i = 0; i < sim.length; i++) lines.push(`${i + 1},C${sim.customer[i]},${isoFromSerial(sim.day[i])},${sim.amount[i].toFixed(2)},${sim.customer[i] % 3 === 0 ? "store" : "web"}`);
  writeFileSync(CSV, lines.join("\n") + "\n");
});
afterAll(() => undefined);

describe("reading transaction files as Excel reads them", () => {
  it("parses quoted CSV fields and detects ; and tab separators", () => {
    expect(parseCsv('a,b\n"x, ""y""",2\r\n')).toEqual([["a", "b"], ['x, "y"', "2"]]);
    expect(parseCsv("a;b\n1;2\n")).toEqual([["a", "b"], ["1", "2"]]);
    expect(parseCsv("a\tb\n1\t2")).toEqual([["a", "b"], ["1", "2"]]);
  });
  it("turns numbers into numbers and ISO dates into serials, keeps ids with leading zeros as text", () => {
    expect(csvValue("12.5").value).toBe(12.5);
    expect(csvValue("-3").value).toBe(-3);
    expect(csvValue("00123").value).toBe("00123");
    expect(csvValue("1997-01-31")).toEqual({ value: 35461, date: true });
    expect(csvValue(" ").value).toBeNull();
    expect(csvValue("19970131").value).toBe(19970131); // the data check then says it looks like YYYYMMDD
  });
});

describe("clv workbook", () => {
  it("builds every sheet from a CSV, with the core's fit cached in the model sheet", async () => {
    const out = join(DIR, "analysis.xlsx");
    const r = await clv("workbook", CSV, "-o", out, "--margin", "0.3", "--discount", "8%");
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/400 customers/);
    expect(r.out).toMatch(/30% margin/);
    const stored = await readStoredWorkbook(readFileSync(out));
    expect(stored.sheetNames).toEqual(["Data", "CLV Cohorts", "CLV RFM", "CLV Model", "CLV Dashboard", "CLV Decisions", "CLV Model check"]);
    // Data: the CSV as Excel would import it (text ids, date serials, numbers).
    const data = stored.sheets.get("Data")!;
    expect(data.get("B2")!.value).toBe(`C${sim.customer[0]}`);
    expect(data.get("C2")!.value).toBe(sim.day[0]);
    // The core's fit of the same transactions, as the pane would parse them.
    const rows: unknown[][] = [["Order", "Customer ID", "Order date", "Revenue", "Channel"]];
    for (let i = 0; i < sim.length; i++) rows.push([i + 1, `C${sim.customer[i]}`, sim.day[i], Number(sim.amount[i].toFixed(2)), sim.customer[i] % 3 === 0 ? "store" : "web"]);
    const input = inputFromRows(rows);
    const options = { ...DEFAULT_OPTIONS, margin: 0.3, annualDiscount: 0.08 };
    const fits = await fitModels(modelData(input, options), options);
    const model = stored.sheets.get("CLV Model")!;
    const cells = [...model.entries()];
    const fitAnchor = cells.find(([, c]) => c.formula?.startsWith("_xldudf_CLV_BGNBD_FIT("));
    expect(fitAnchor).toBeDefined();
    const [address] = fitAnchor!;
    const m = /^([A-Z]+)(\d+)$/.exec(address)!;
    const row = Number(m[2]);
    const col = m[1];
    const next = String.fromCharCode(col.charCodeAt(0) + 1);
    // rows: model, time unit, header, r, alpha, a, b
    const got = ["r", "alpha", "a", "b"].map((_, k) => model.get(`${next}${row + 3 + k}`)!.value as number);
    const want = [fits.count.fit.params.r, fits.count.fit.params.alpha, fits.count.fit.params.a, fits.count.fit.params.b];
    got.forEach((g, k) => expect(g).toBeCloseTo(want[k], 12));
    // ... and the fit recovers the simulating parameters roughly (400 customers: loose bounds).
    expect(want[0]).toBeGreaterThan(0.1);
    expect(want[0]).toBeLessThan(0.6);
    // The margin setting cell holds 0.3, the discount 0.08.
    const settings = [...model.values()].map((c) => c.value);
    expect(settings).toContain(0.3);
    expect(settings).toContain(0.08);
  });

  it("writes only the chosen sheets, as plain numbers with --values-only, and LibreOffice reads them", async () => {
    const out = join(DIR, "values.xlsx");
    const r = await clv("workbook", CSV, "-o", out, "--sheets", "rfm,cohorts", "--values-only");
    expect(r.code, r.err).toBe(0);
    const stored = await readStoredWorkbook(readFileSync(out));
    expect(stored.sheetNames).toEqual(["Data", "CLV Cohorts", "CLV RFM"]);
    for (const cells of stored.sheets.values()) for (const c of cells.values()) expect(c.formula).toBeUndefined();
    if (SOFFICE) {
      const csv = sheetsAsCsv(out, join(DIR, "csv"));
      const rfm = csv.get("CLV RFM")!;
      // Segment summary total (column L of the total row): every customer counted once.
      const total = rfm.find((line) => line[10] === "Total")!;
      expect(Number(total[11])).toBe(400);
    }
  }, 300_000);

  it("reads .xlsx input (dates as Excel dates) and remaps columns by header or letter", async () => {
    const xlsx = join(DIR, "sales.xlsx");
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("Sales");
    ws.addRow(["Who", "When", "Paid", "Note"]);
    for (let i = 0; i < 200; i++) ws.addRow([`C${sim.customer[i]}`, new Date((sim.day[i] - 25569) * 86_400_000), sim.amount[i], "x"]);
    await wb.xlsx.writeFile(xlsx);
    const out = join(DIR, "from-xlsx.xlsx");
    const r = await clv("workbook", xlsx, "-o", out, "--customer", "Who", "--date", "B", "--amount", "Paid", "--sheets", "cohorts");
    expect(r.code, r.err).toBe(0);
    const data = (await readStoredWorkbook(readFileSync(out))).sheets.get("Data")!;
    expect(data.get("B2")!.value).toBe(sim.day[0]);
  });

  it("refuses bad data with the pane's messages and exit code 2, writing nothing", async () => {
    const bad = join(DIR, "bad.csv");
    writeFileSync(bad, "customer,date,amount\n1,2024-01-01,abc\n2,19970131,5\n3,2024-01-03,\n");
    const out = join(DIR, "bad.xlsx");
    const r = await clv("workbook", bad, "-o", out);
    expect(r.code).toBe(2);
    expect(r.err).toContain("3 problems must be fixed before building.");
    expect(r.err).toContain("Row 2, amount: 'abc' is not a number");
    expect(r.err).toContain("Row 3, date: 19970131 is not a date (it looks like YYYYMMDD");
    expect(r.err).toContain("Row 4, amount: the amount is blank");
    expect(existsSync(out)).toBe(false);
  });

  it("refuses bad options and missing files with exit code 2", async () => {
    expect((await clv("workbook", CSV, "-o", join(DIR, "m.xlsx"), "--margin", "1.5")).err).toMatch(/--margin is 1.5; rates are fractions between 0 and 1/);
    expect((await clv("workbook", CSV, "--bogus")).code).toBe(2);
    expect((await clv("workbook", join(DIR, "nope.csv"))).code).toBe(2);
    expect((await clv("workbook", CSV, "-o", join(DIR, "s.xlsx"), "--sheets", "charts")).err).toMatch(/'charts' is not a sheet/);
    expect((await clv("workbook", CSV, "-o", join(DIR, "c.xlsx"), "--customer", "Nobody")).err).toMatch(/--customer 'Nobody' is neither a column header nor a column letter/);
    // an existing output is never replaced without --force
    const r = await clv("workbook", CSV, "-o", join(DIR, "analysis.xlsx"));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/exists; choose another --output, or add --force/);
  });

  it("documents every option in --help", async () => {
    const r = await clv("workbook", "--help");
    expect(r.code).toBe(0);
    for (const o of ["--output", "--force", "--sheets", "--sheet", "--margin", "--discount", "--horizon", "--cac", "--model", "--time-unit", "--cohort-unit", "--calibration-end", "--no-holdout", "--values-only", "--customer", "--date", "--amount", "--cost", "--channel", "--segment"]) {
      expect(r.out).toContain(o);
    }
  });
});
