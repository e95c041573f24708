/**
 * `clv demo` end to end: the CDNOW sample (samples/CDNOW_sample.txt) built into clv-demo.xlsx (live
 * formulas with cached values) and clv-demo-values.xlsx, then
 * - the stored cells read straight from the package: every formula's cached value is the value the core
 *   computed for the same cell (the values-only plan of the same sheet), spills are dynamic arrays
 *   (cm="1", t="array", ref = the spill), add-in functions are stored as _xldudf_CLV_*;
 * - both files opened by LibreOffice Calc (headless): the values-only workbook shows the core's numbers
 *   in every cell; the live one shows the cached values in plain formulas and #NAME? in the spills,
 *   which LibreOffice recomputes on load and cannot compute (docs/workbook-files.md);
 * - the dashboard rendered to PDF and PNG in test-artifacts/cli/ for a person to look at.
 * Independent figures come from the raw file (customers, revenue), not from the core.
 */
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { join, resolve } from "node:path";
import { spawnSync } from "node:child_process";
import JSZip from "jszip";
import { command as demo, CDNOW_SAMPLE } from "../../src/cli/commands/demo";
import { analyse, buildSheets } from "../../src/cli/build";
import { readCdnowSample } from "../../src/cli/read";
import { fileFormula } from "../../src/cli/xlsx/formula";
import { cellAddress, rangeAddress } from "../../src/taskpane/a1";
import { DEFAULT_OPTIONS, SHEET_KINDS, sheetName } from "../../src/taskpane/builders/types";
import { isoFromSerial } from "../../src/core/data/dates";
import type { Cell } from "../../src/taskpane/plan";
import type { WorkbookSheet } from "../../src/cli/xlsx/writer";
import { readStoredWorkbook, type StoredWorkbook } from "./xlsxCells";
import { HAS_PDFTOPPM, SOFFICE, SOFFICE_SKIP_REASON, sheetsAsCsv, toPdf } from "./libreoffice";

const OUT = resolve(__dirname, "..", "..", "test-artifacts", "cli");
const LIVE = join(OUT, "clv-demo.xlsx");
const VALUES = join(OUT, "clv-demo-values.xlsx");

/** Relative agreement of two numbers (cached values are stored with 17 significant digits). */
function close(a: number, b: number, rel: number): boolean {
  return Math.abs(a - b) <= rel * Math.max(1, Math.abs(a), Math.abs(b));
}

/** Every cell a plan writes, by address. */
function planCells(s: WorkbookSheet["plan"]): Map<string, Cell> {
  const m = new Map<string, Cell>();
  for (const w of s.writes) w.cells.forEach((r, i) => r.forEach((v, j) => m.set(cellAddress(w.row + i, w.column + j), v)));
  return m;
}

let sheets: WorkbookSheet[];
let stored: StoredWorkbook;
let output = "";

beforeAll(async () => {
  rmSync(OUT, { recursive: true, force: true });
  const write = process.stdout.write.bind(process.stdout);
  const spy = vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    output += String(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
  try {
    expect(await demo.run(["-o", LIVE])).toBe(0);
  } finally {
    spy.mockRestore();
    err.mockRestore();
  }
  write(output);
  // The plans the command wrote, rebuilt from the same data (the build is deterministic).
  sheets = (await buildSheets(analyse(readCdnowSample(CDNOW_SAMPLE)), DEFAULT_OPTIONS, SHEET_KINDS)).sheets;
  stored = await readStoredWorkbook(readFileSync(LIVE));
}, 300_000);

describe("clv demo on the CDNOW sample", () => {
  it("writes both workbooks and a summary naming customers, models, tiers and the file", () => {
    expect(existsSync(LIVE) && existsSync(VALUES)).toBe(true);
    expect(output).toMatch(/Data: 6,919 transactions, 2,357 customers, 1997-01-01 to 1998-06-30/);
    expect(output).toMatch(/Purchase model: BG\/NBD r=.* \(converged/);
    expect(output).toMatch(/Spend model: Gamma-Gamma p=/);
    expect(output).toMatch(/Value tiers: High \d+, Medium [\d,]+, Low [\d,]+/);
    expect(output).toMatch(/no margin given, so revenue, not profit CLV/);
    expect(output).toContain(LIVE);
    expect(output).toMatch(/How to open it/);
  });

  it("has the Data sheet and every sheet of the pane's builder registry", () => {
    expect(stored.sheetNames).toEqual(["Data", ...SHEET_KINDS.map((k) => sheetName(k, DEFAULT_OPTIONS))]);
  });

  it("stores every formula with the core's value cached, spills as dynamic arrays", () => {
    let formulas = 0;
    let anchors = 0;
    for (const sheet of sheets.slice(1)) {
      const cells = stored.sheets.get(sheet.plan.name)!;
      const expected = planCells(sheet.cached!);
      for (const w of sheet.plan.writes) {
        if (w.kind !== "formulas") continue;
        w.cells.forEach((line, i) =>
          line.forEach((v, j) => {
            if (typeof v !== "string" || !v.startsWith("=")) return;
            formulas++;
            const address = cellAddress(w.row + i, w.column + j);
            const c = cells.get(address);
            const where = `${sheet.plan.name}!${address} ${v}`;
            expect(c?.formula, where).toBe(fileFormula(v).text);
            const want = expected.get(address);
            expect(want, `${where}: the values-only plan has this cell`).not.toBeUndefined();
            if (typeof want === "number" && Number.isFinite(want)) expect(close(c!.value as number, want, 1e-14), `${where}: ${c!.value} vs ${want}`).toBe(true);
            else expect(c!.value, where).toEqual(typeof want === "number" ? "" : want);
            if (w.spill) {
              anchors++;
              expect(c!.cm, where).toBe("1");
              expect(c!.formulaType, where).toBe("array");
              expect(c!.ref, where).toBe(rangeAddress(w.row, w.column, w.spill.rows, w.spill.columns));
              // the rest of the spill: cached values as plain cells
              for (let r = 0; r < w.spill.rows; r++) {
                for (let k = 0; k < w.spill.columns; k++) {
                  if (r === 0 && k === 0) continue;
                  const a = cellAddress(w.row + r, w.column + k);
                  const e = expected.get(a);
                  const got = cells.get(a);
                  if (e === undefined || e === "" || (typeof e === "number" && !Number.isFinite(e))) expect(got?.value, `${sheet.plan.name}!${a}`).toBeUndefined();
                  else if (typeof e === "number") expect(close(got!.value as number, e, 1e-14), `${sheet.plan.name}!${a}`).toBe(true);
                  else expect(got?.value, `${sheet.plan.name}!${a}`).toBe(e);
                  expect(got?.formula, `${sheet.plan.name}!${a}`).toBeUndefined();
                }
              }
            }
          }),
        );
      }
    }
    // The live sheets are mostly formulas: many cells, dozens of spills (cohort tables, summaries, fits).
    expect(formulas).toBeGreaterThan(100);
    expect(anchors).toBeGreaterThan(20);
  });

  it("stores add-in functions as _xldudf_CLV_* and declares the dynamic-array metadata", async () => {
    const all = [...stored.sheets.values()].flatMap((m) => [...m.values()]).filter((c) => c.formula !== undefined);
    expect(all.some((c) => c.formula!.includes("_xldudf_CLV_SUMMARY("))).toBe(true);
    expect(all.some((c) => c.formula!.includes("_xlfn.ANCHORARRAY("))).toBe(true);
    for (const c of all) {
      expect(c.formula!.startsWith("=")).toBe(false);
      expect(c.formula).not.toMatch(/(^|[^_A-Za-z])CLV\./);
      expect(c.formula).not.toMatch(/\$?[A-Z]{1,3}\$?\d+#/);
    }
    const meta = await stored.zip.file("xl/metadata.xml")!.async("string");
    expect(meta).toContain('<metadataType name="XLDAPR"');
    expect(meta).toContain('<xda:dynamicArrayProperties fDynamic="1" fCollapsed="0"/>');
    expect(await stored.zip.file("[Content_Types].xml")!.async("string")).toContain('PartName="/xl/metadata.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheetMetadata+xml"');
    expect(await stored.zip.file("xl/_rels/workbook.xml.rels")!.async("string")).toMatch(/relationships\/sheetMetadata" Target="metadata.xml"/);
  });

  it("writes one native chart part per chart of the plans, reading its own sheet's cells", async () => {
    const expected = sheets.reduce((n, s) => n + s.plan.charts.length, 0);
    const parts = Object.keys(stored.zip.files).filter((p) => /^xl\/charts\/chart\d+\.xml$/.test(p));
    expect(parts.length).toBe(expected);
    const dashboard = sheets.find((s) => s.plan.name === sheetName("dashboard", DEFAULT_OPTIONS))!;
    expect(dashboard.plan.charts.length).toBe(4);
    const titles = await Promise.all(parts.map(async (p) => (await stored.zip.file(p)!.async("string")).match(/<a:t>([^<]*)<\/a:t>/)![1]));
    for (const c of dashboard.plan.charts) expect(titles).toContain(c.title);
  });
});

describe.skipIf(!SOFFICE)("the demo workbooks in LibreOffice Calc", () => {
  it("shows the core's value in every cell of the values-only workbook", () => {
    const csv = sheetsAsCsv(VALUES, join(OUT, "csv-values"));
    let checked = 0;
    for (const sheet of sheets.slice(1)) {
      const rows = csv.get(sheet.plan.name);
      expect(rows, sheet.plan.name).toBeDefined();
      for (const [address, v] of planCells(sheet.cached!)) {
        if (typeof v !== "number" || !Number.isFinite(v)) continue;
        const m = /^([A-Z]+)(\d+)$/.exec(address)!;
        const col = [...m[1]].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
        const text = rows![Number(m[2]) - 1]?.[col - 1] ?? "";
        let got: number;
        if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
          expect(text, `${sheet.plan.name}!${address}`).toBe(isoFromSerial(v));
          checked++;
          continue;
        }
        if (text.endsWith("%")) got = Number(text.slice(0, -1).replace(/,/g, "")) / 100;
        else got = Number(text.replace(/,/g, ""));
        expect(close(got, v, 1e-9), `${sheet.plan.name}!${address}: LibreOffice shows '${text}', the core computed ${v}`).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(50_000);
  }, 300_000);

  it("shows the cached values of plain formulas in the live workbook, #NAME? in add-in spills", () => {
    const csv = sheetsAsCsv(LIVE, join(OUT, "csv-live"));
    const dash = csv.get(sheetName("dashboard", DEFAULT_OPTIONS))!;
    // Independent figures from the raw file: 2,357 customers and the total of the amounts.
    const raw = readFileSync(CDNOW_SAMPLE, "utf8").trim().split(/\r?\n/).map((l) => l.trim().split(/\s+/));
    const customers = new Set(raw.map((f) => f[1])).size;
    const revenue = raw.reduce((a, f) => a + Number(f[4]), 0);
    expect(customers).toBe(2357);
    expect(Number(dash[4][0])).toBe(customers);
    expect(close(Number(dash[4][1]), revenue, 1e-9)).toBe(true);
    // The customer summary is a spill of CLV.SUMMARY: recomputed by LibreOffice, which lacks it.
    const model = csv.get(sheetName("model", DEFAULT_OPTIONS))!;
    expect(model.flat()).toContain("#NAME?");
  }, 300_000);

  it.skipIf(!HAS_PDFTOPPM)("renders the dashboard to PDF and PNG (test-artifacts/cli/dashboard.png)", async () => {
    // Only the dashboard: the other sheets hidden in a copy (LibreOffice prints visible sheets only).
    const zip = await JSZip.loadAsync(readFileSync(VALUES));
    const wb = await zip.file("xl/workbook.xml")!.async("string");
    const dash = sheetName("dashboard", DEFAULT_OPTIONS);
    zip.file("xl/workbook.xml", wb.replace(/(<sheet [^>]*name="([^"]*)" )state="visible"/g, (m, head: string, name: string) => (name === dash ? m : `${head}state="hidden"`)));
    const copy = join(OUT, "dashboard.xlsx");
    writeFileSync(copy, await zip.generateAsync({ type: "nodebuffer" }));
    const pdf = toPdf(copy, OUT);
    const info = spawnSync("pdfinfo", [pdf], { encoding: "utf8" });
    expect(info.stdout).toMatch(/Pages:\s+1\n/);
    const png = spawnSync("pdftoppm", ["-png", "-r", "110", "-singlefile", pdf, join(OUT, "dashboard")], { timeout: 60_000 });
    expect(png.status).toBe(0);
    expect(statSync(join(OUT, "dashboard.png")).size).toBeGreaterThan(20_000);
  }, 300_000);
});

if (!SOFFICE) console.warn(SOFFICE_SKIP_REASON);
