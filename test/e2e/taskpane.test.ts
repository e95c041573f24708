/**
 * End to end: the built task pane in headless Chromium (Debian's /usr/bin/chromium via playwright-core)
 * with office.js replaced by a local test double (fake-office.js) that records every operation handed
 * to Excel. The test selects data, builds each sheet, and checks the operations; screenshots go to
 * test-artifacts/ (gitignored). Skipped, with a message, only when /usr/bin/chromium is missing.
 *
 * Data: the CDNOW sample in samples/ (6,919 transactions, 2,357 customers, 1997-01-01 to 1998-06-30).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Server } from "node:http";
import { chromium, type Browser, type Page } from "playwright-core";
import { ARTIFACTS, CHROMIUM_ARGS, CHROMIUM_PATH, CHROMIUM_SKIP_REASON, HAS_CHROMIUM, OFFICE_JS_URL, builtPane, fakeOfficeJs, serve } from "./support";
import { cdnowSheetRows } from "../taskpane/cdnow";
import { serialFromIso, ymdFromSerial } from "../../src/core/data/dates";
import { PROBE_SHEET } from "../../src/taskpane/probe";
import { SAFE_PAYLOAD_BYTES } from "../../src/taskpane/payload";
import { bgnbd } from "../../src/core/models/bgnbd";
import { simulateTransactions } from "../../src/core/simulate/transactions";
import { createRng } from "../../src/core/math/random";

if (!HAS_CHROMIUM) console.warn(CHROMIUM_SKIP_REASON);

interface LogEntry {
  op: string;
  [key: string]: any;
}

const rows = cdnowSheetRows();
const lastRow = rows.length; // header in row 1
const customers = new Set(rows.slice(1).map((r) => r[0])).size;
const DATA_ARGS = `Data!$A$2:$A$${lastRow},Data!$B$2:$B$${lastRow},Data!$C$2:$C$${lastRow}`;

/** Operations of the build itself: the dynamic-array probe's scratch sheet (added and deleted) left out. */
function built(ops: LogEntry[]): LogEntry[] {
  return ops.filter((o) => !((o.op === "addSheet" || o.op === "deleteSheet") && String(o.name).startsWith(PROBE_SHEET)));
}

/** Cohort labels (first-purchase month, "YYYY-MM") of the test data, computed from the rows alone. */
function cohortLabels(): string[] {
  const first = new Map<unknown, number>();
  for (const r of rows.slice(1)) first.set(r[0], Math.min(first.get(r[0]) ?? Infinity, r[1] as number));
  const labels = new Set<string>();
  for (const d of first.values()) {
    const { year, month } = ymdFromSerial(d);
    labels.add(`${year}-${String(month).padStart(2, "0")}`);
  }
  return [...labels].sort();
}

interface DrawnChart {
  id: string;
  type: string;
  seriesBy: string;
  series: { name: string; values: string; points: number }[];
}

describe.skipIf(!HAS_CHROMIUM)("task pane end to end (headless Chromium, fake office.js)", () => {
  let server: Server;
  let base: string;
  let browser: Browser;
  let page: Page;
  const external: string[] = [];
  const pageErrors: string[] = [];

  async function log(): Promise<LogEntry[]> {
    return page.evaluate(() => (window as any).__fake.log.map((e: any) => ({ ...e })));
  }

  async function clearLog(): Promise<void> {
    await page.evaluate(() => (window as any).__fake.clearLog());
  }

  async function chooseSheets(...kinds: string[]): Promise<void> {
    for (const k of ["cohorts", "rfm", "model", "dashboard", "decisions", "modelCheck"]) await page.setChecked(`#sheet-${k}`, kinds.includes(k));
  }

  async function buildAndWait(): Promise<void> {
    await page.click("#build");
    await page.waitForFunction(() => {
      const s = document.getElementById("status")?.textContent ?? "";
      return /^Done|cancelled|stopped/.test(s) || (document.getElementById("error")?.textContent ?? "") !== "";
    }, undefined, { timeout: 120_000 });
  }

  async function shot(name: string): Promise<void> {
    await page.screenshot({ path: join(ARTIFACTS, name), fullPage: true });
  }

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    const dir = await builtPane();
    ({ server, base } = await serve(dir));
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    const context = await browser.newContext({ viewport: { width: 380, height: 900 }, deviceScaleFactor: 1 });
    const fake = fakeOfficeJs();
    // No network: office.js comes from the test double, the pane from 127.0.0.1; anything else is refused.
    await context.route("**/*", (route) => {
      const url = route.request().url();
      if (url === OFFICE_JS_URL) return route.fulfill({ status: 200, contentType: "application/javascript", body: fake });
      if (url.startsWith(base)) return route.continue();
      external.push(url);
      return route.abort();
    });
    page = await context.newPage();
    page.on("pageerror", (e) => pageErrors.push(e.message));
    await freshWorkbook();
  }, 180_000);

  /** (Re)loads the pane on a workbook holding only the Data sheet, with the data selected. */
  async function freshWorkbook(): Promise<void> {
    await page.goto(base + "taskpane.html");
    await page.waitForFunction(() => /Version \d/.test(document.getElementById("version")?.textContent ?? ""));
    await page.evaluate(
      ({ rows, lastRow }) => {
        const fake = (window as any).__fake;
        fake.setSheet("Data", rows);
        fake.setSelection({ sheet: "Data", row: 0, column: 0, rows: lastRow, columns: 3 });
      },
      { rows, lastRow },
    );
  }

  async function useSelection(): Promise<void> {
    await page.click("#use-selection");
    await page.waitForFunction(() => (document.getElementById("stat-customers")?.textContent ?? "") !== "" && !(document.getElementById("build") as HTMLButtonElement).disabled);
  }

  afterAll(async () => {
    await browser?.close();
    await new Promise((done) => (server ? server.close(done) : done(undefined)));
  });

  it("shows the add-in's name and version and what the functions are", async () => {
    expect(await page.textContent("h1")).toBe("CLV for Excel");
    expect(await page.textContent("#version")).toMatch(/^Version \d+\.\d+\.\d+$/);
    const about = await page.textContent(".about");
    expect(about).toContain("Models");
    expect(about).toContain("Transactions, RFM and cohorts");
    expect(about).toContain("Unit economics");
    expect(await page.isDisabled("#build")).toBe(true);
    await shot("taskpane-start.png");
  });

  it("is keyboard accessible: the first Tab reaches 'Use selection', controls are labelled, status is live", async () => {
    await page.focus("body");
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("use-selection");
    for (const label of ["Cohort period", "Purchase model", "Annual discount (%)", "CAC (optional)", "Values only"]) {
      expect(await page.getByLabel(label, { exact: false }).count()).toBeGreaterThan(0);
    }
    expect(await page.getAttribute("#status", "aria-live")).toBe("polite");
    expect(await page.getAttribute("#error", "role")).toBe("alert");
  });

  it("reads the selection, detects the columns and checks the data", async () => {
    await page.click("#use-selection");
    await page.waitForFunction(() => (document.getElementById("stat-customers")?.textContent ?? "") !== "");
    expect(await page.inputValue("#map-customer")).toBe("0");
    expect(await page.inputValue("#map-date")).toBe("1");
    expect(await page.inputValue("#map-amount")).toBe("2");
    expect(await page.inputValue("#map-cost")).toBe("");
    expect(await page.textContent("#stat-rows")).toBe((lastRow - 1).toLocaleString("en-US"));
    expect(await page.textContent("#stat-customers")).toBe(customers.toLocaleString("en-US"));
    expect(await page.textContent("#stat-rows")).toBe("6,919");
    expect(await page.textContent("#stat-customers")).toBe("2,357");
    expect(await page.textContent("#stat-dates")).toBe("1997-01-01 to 1998-06-30");
    expect(await page.inputValue("#opt-calibration-end")).toBe("1997-09-30");
    expect(await page.textContent("#source")).toContain(`Data!A1:C${lastRow}`);
    expect(await page.textContent("#check-banner")).toMatch(/Ready to build/);
    expect(await page.isEnabled("#build")).toBe(true);
    await shot("taskpane-data-checked.png");
  });

  it("builds the Cohorts sheet: live CLV.COHORT spills, a heat map and a retention line chart", async () => {
    await clearLog();
    await chooseSheets("cohorts");
    await buildAndWait();
    expect(await page.textContent("#error")).toBe("");
    const ops = await log();
    expect(built(ops).filter((o) => o.op === "addSheet").map((o) => o.name)).toEqual(["CLV Cohorts"]);
    const formulas = ops.filter((o) => o.op === "formulas").flatMap((o) => o.formulas.flat());
    expect(formulas).toContain(`=CLV.COHORT(${DATA_ARGS},"M","retention",,FALSE)`);
    expect(formulas.filter((f: string) => f.startsWith("=CLV.COHORT("))).toHaveLength(5);
    expect(ops.some((o) => o.op === "conditionalFormat" && o.type === "ColorScale")).toBe(true);
    const charts = ops.filter((o) => o.op === "chart");
    expect(charts.map((c) => c.type)).toEqual(["LineMarkers"]);
    expect(ops.some((o) => o.op === "set" && o.path === `${charts[0].id}.title.text` && o.value === "Retention curves by cohort")).toBe(true);
    // As Excel draws it (the double splits a chart's source by Excel.ChartSeriesBy): one curve per cohort,
    // each a row of the retention table with one point per observed month.
    const [drawn] = (await page.evaluate(() => (window as any).__fake.charts())) as DrawnChart[];
    const labels = cohortLabels().slice(0, 12);
    expect(drawn.series.map((s) => s.name)).toEqual(labels);
    for (const s of drawn.series) {
      expect(s.values).toMatch(/^CLV Cohorts!C(\d+)(:[A-Z]+\1)?$/);
      expect(s.points).toBeGreaterThanOrEqual(1);
    }
    expect(drawn.series[0].points).toBeGreaterThan(1);
    // Dynamic arrays were checked once, on a scratch sheet that is gone again.
    const probe = ops.filter((o) => (o.op === "addSheet" || o.op === "deleteSheet") && String(o.name).startsWith(PROBE_SHEET)).map((o) => o.op);
    expect(probe).toEqual(["addSheet", "deleteSheet"]);
    // Every live CLV formula over the data carries less than the payload threshold.
    const payloads = ops.filter((o) => o.op === "cfPayload");
    expect(payloads.length).toBe(5);
    for (const p of payloads) expect(p.inBytes).toBeGreaterThan(0);
    for (const p of payloads) expect(p.inBytes).toBeLessThan(SAFE_PAYLOAD_BYTES);
    // Three for the dynamic-array probe (list sheets; write and read; delete), one to list the
    // workbook's sheets, one to render the whole sheet.
    expect(ops.filter((o) => o.op === "sync").length).toBeLessThanOrEqual(6);
    expect(await page.textContent("#results")).toContain("CLV Cohorts");
  });

  it("builds the RFM sheet: a live CLV.RFM.TABLE, a segment summary and a bar chart", async () => {
    await clearLog();
    await chooseSheets("rfm");
    await buildAndWait();
    expect(await page.textContent("#error")).toBe("");
    const ops = await log();
    expect(built(ops).filter((o) => o.op === "addSheet").map((o) => o.name)).toEqual(["CLV RFM"]);
    const formulas = ops.filter((o) => o.op === "formulas").flatMap((o) => o.formulas.flat());
    expect(formulas).toContain(`=CLV.RFM.TABLE(${DATA_ARGS},,,FALSE)`);
    expect(formulas).toContain("=COUNTIF(INDEX($A$6#,0,9),K6)");
    expect(ops.filter((o) => o.op === "chart").map((c) => c.type)).toEqual(["BarClustered"]);
    expect(ops.filter((o) => o.op === "table")).toEqual([]);
  });

  it("builds the CLV model sheet: summary, fitted BG/NBD and Gamma-Gamma tables, predictions and the holdout charts", async () => {
    await clearLog();
    await chooseSheets("model");
    await buildAndWait();
    expect(await page.textContent("#error")).toBe("");
    const ops = await log();
    expect(built(ops).filter((o) => o.op === "addSheet").map((o) => o.name)).toEqual(["CLV Model"]);
    const formulas = ops.filter((o) => o.op === "formulas").flatMap((o) => o.formulas.flat());
    expect(formulas).toContain(`=CLV.SUMMARY(${DATA_ARGS},,"W",FALSE)`);
    expect(formulas).toContain('=CLV.BGNBD.FIT(INDEX($A$25#,0,2),INDEX($A$25#,0,3),INDEX($A$25#,0,4),,,"W")');
    expect(formulas).toContain("=CLV.GG.FIT(INDEX($A$25#,0,2),INDEX($A$25#,0,5))");
    // The margin field starts empty: the value column is revenue, and CLV.VALUE gets no margin.
    expect(await page.inputValue("#opt-margin")).toBe("");
    expect(formulas).toContain('=CLV.VALUE($D$5#,$H$5#,INDEX($A$25#,0,2),INDEX($A$25#,0,3),INDEX($A$25#,0,4),INDEX($A$25#,0,5),$B$7,$B$8,"W")');
    expect(formulas.some((f: string) => typeof f === "string" && f.startsWith("=CLV.VALUE($D$5#,$H$5#,"))).toBe(true);
    expect(formulas.some((f: string) => typeof f === "string" && f.startsWith("=CLV.SPLIT("))).toBe(true);
    expect(ops.filter((o) => o.op === "chart").map((c) => c.type)).toEqual(["ColumnClustered", "Line"]);
  });

  it("builds the dashboard: key figures, four charts and the live workings", async () => {
    await clearLog();
    await chooseSheets("dashboard");
    // With a contribution margin typed in, the values are CLV and labelled so.
    await page.fill("#opt-margin", "30");
    await buildAndWait();
    await page.fill("#opt-margin", "");
    expect(await page.textContent("#error")).toBe("");
    const ops = await log();
    expect(built(ops).filter((o) => o.op === "addSheet").map((o) => o.name)).toEqual(["CLV Dashboard"]);
    const charts = ops.filter((o) => o.op === "chart");
    expect(charts.map((c) => c.type)).toEqual(["LineMarkers", "ColumnClustered", "BarClustered", "ColumnClustered"]);
    const titles = charts.map((c) => ops.find((o) => o.op === "set" && o.path === `${c.id}.title.text`)?.value);
    expect(titles).toEqual(["Cohort retention", "CLV distribution", "Segment mix (customers)", "Revenue by cohort"]);
    // One retention curve per cohort; the other charts one series each, over one column of values.
    const drawn = (await page.evaluate(() => (window as any).__fake.charts())) as DrawnChart[];
    expect(drawn[0].series.map((s) => s.name)).toEqual(cohortLabels().slice(0, 12));
    for (const s of drawn[0].series) expect(s.values).toMatch(/^CLV Dashboard!C(\d+)(:[A-Z]+\1)?$/);
    expect(drawn.slice(1).map((c) => c.series.map((s) => s.name))).toEqual([["customers"], ["customers"], ["revenue"]]);
    expect(drawn[1].series[0].points).toBe(11);
    for (const p of ops.filter((o) => o.op === "cfPayload")) expect(p.inBytes).toBeLessThan(SAFE_PAYLOAD_BYTES);
    const kpiLabels = ops.find((o) => o.op === "values" && o.sheet === "CLV Dashboard" && o.address === "CLV Dashboard!A4:F4");
    expect(kpiLabels?.values).toEqual([["Customers", "Revenue", "Repeat rate", "Average CLV", "Customer equity (today's + new)", "LTV:CAC (new customer)"]]);
    const formulas = ops.filter((o) => o.op === "formulas").flatMap((o) => o.formulas.flat());
    expect(formulas.some((f: string) => typeof f === "string" && f.startsWith("=CLV.EQUITY("))).toBe(true);
  });

  it("builds the Decisions sheet: levers with a tornado chart, segments and allocation, whale curve, equity projection, churn", async () => {
    await clearLog();
    await chooseSheets("decisions");
    await buildAndWait();
    expect(await page.textContent("#error")).toBe("");
    expect(await page.textContent("#status")).toBe("Done: 1 sheet built.");
    const ops = built(await log());
    expect(ops.filter((o) => o.op === "addSheet").map((o) => o.name)).toEqual(["CLV Decisions"]);
    const charts = ops.filter((o) => o.op === "chart");
    expect(charts.map((c) => c.type)).toEqual(["BarClustered", "XYScatter", "Line"]);
    const titles = charts.map((c) => ops.find((o) => o.op === "set" && o.path === `${c.id}.title.text`)?.value);
    expect(titles[0]).toMatch(/^Tornado/);
    const formulas = ops.filter((o) => o.op === "formulas" && o.sheet === "CLV Decisions").flatMap((o) => o.formulas.flat());
    for (const f of ["PNL", "WHALE", "SEGMENTS", "ALLOCATE", "LEVERS", "EQUITY.PROJECT", "CHURN"]) {
      expect(formulas.some((x: unknown) => typeof x === "string" && x.includes(`CLV.${f}(`)), f).toBe(true);
    }
    await shot("decisions-built.png");
  });

  it("builds the Model check sheet: data check, candidate models compared, tracking and by-frequency charts, accuracy, decay", async () => {
    await clearLog();
    await chooseSheets("modelCheck");
    await buildAndWait();
    expect(await page.textContent("#error")).toBe("");
    expect(await page.textContent("#status")).toBe("Done: 1 sheet built.");
    const ops = built(await log());
    expect(ops.filter((o) => o.op === "addSheet").map((o) => o.name)).toEqual(["CLV Model check"]);
    expect(ops.filter((o) => o.op === "chart").map((c) => c.type)).toEqual(["Line", "ColumnClustered"]);
    const formulas = ops.filter((o) => o.op === "formulas" && o.sheet === "CLV Model check").flatMap((o) => o.formulas.flat());
    for (const f of ["QUALITY", "SPLIT", "COMPARE", "TRACK", "HOLDOUT.BYFREQ", "ACCURACY", "REFIT"]) {
      expect(formulas.some((x: unknown) => typeof x === "string" && x.startsWith(`=CLV.${f}(`)), f).toBe(true);
    }
    await shot("model-check-built.png");
  });

  it("builds all four sheets in one go, values only, with the fits computed in the pane", async () => {
    await freshWorkbook();
    await useSelection();
    await clearLog();
    await chooseSheets("cohorts", "rfm", "model", "dashboard");
    await page.setChecked("#opt-values-only", true);
    await page.fill("#opt-cac", "25");
    await buildAndWait();
    await page.setChecked("#opt-values-only", false);
    await page.fill("#opt-cac", "");
    expect(await page.textContent("#error")).toBe("");
    expect(await page.textContent("#status")).toBe("Done: 4 sheets built.");
    const ops = await log();
    expect(built(ops).filter((o) => o.op === "addSheet").map((o) => o.name)).toEqual(["CLV Cohorts", "CLV RFM", "CLV Model", "CLV Dashboard"]);
    const formulas = ops.filter((o) => o.op === "formulas").flatMap((o) => o.formulas.flat());
    expect(formulas.filter((f: string) => typeof f === "string" && f.includes("CLV."))).toEqual([]);
    // The calibration BG/NBD fitted in the browser matches Fader, Hardie & Lee (2005): r = 0.243.
    const cal = ops.find((o) => o.op === "values" && o.sheet === "CLV Model" && Array.isArray(o.values[0]) && o.values[0][0] === "model" && o.column === 16);
    const r = cal!.values.find((row: unknown[]) => row[0] === "r")[1];
    expect(r).toBeCloseTo(0.2426, 3);
    expect(await page.$$eval("#results li", (lis) => lis.length)).toBe(4);
    await shot("taskpane-built.png");
  });

  it("asks before touching an existing sheet: keep both, replace, cancel", async () => {
    await clearLog();
    await chooseSheets("cohorts");
    await page.click("#build");
    await page.waitForSelector("#conflict:not([hidden])");
    expect(await page.textContent("#conflict-text")).toContain('"CLV Cohorts" already exists');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("conflict-keep");
    await shot("taskpane-conflict.png");
    await page.click("#conflict-keep");
    await page.waitForFunction(() => /^Done/.test(document.getElementById("status")?.textContent ?? ""));
    let ops = await log();
    expect(built(ops).filter((o) => o.op === "addSheet").map((o) => o.name)).toEqual(["CLV Cohorts (2)"]);
    expect(built(ops).filter((o) => o.op === "deleteSheet")).toEqual([]);

    await clearLog();
    await page.click("#build");
    await page.waitForSelector("#conflict:not([hidden])");
    await page.click("#conflict-replace");
    await page.waitForFunction(() => /^Done/.test(document.getElementById("status")?.textContent ?? ""));
    ops = await log();
    const structural = built(ops).filter((o) => o.op === "deleteSheet" || o.op === "addSheet").map((o) => `${o.op} ${o.name}`);
    expect(structural).toEqual(["deleteSheet CLV Cohorts", "addSheet CLV Cohorts"]);

    await clearLog();
    await page.click("#build");
    await page.waitForSelector("#conflict:not([hidden])");
    await page.keyboard.press("Escape");
    await page.waitForFunction(() => /cancelled/.test(document.getElementById("status")?.textContent ?? ""));
    ops = await log();
    expect(built(ops).filter((o) => o.op === "addSheet" || o.op === "deleteSheet")).toEqual([]);
  });

  it("values only: static numbers, an Excel table, no CLV formulas", async () => {
    await clearLog();
    await page.setChecked("#opt-values-only", true);
    await chooseSheets("rfm");
    await page.click("#build");
    await page.waitForSelector("#conflict:not([hidden])");
    await page.click("#conflict-keep");
    await page.waitForFunction(() => /^Done/.test(document.getElementById("status")?.textContent ?? ""));
    const ops = await log();
    const formulas = ops.filter((o) => o.op === "formulas").flatMap((o) => o.formulas.flat());
    expect(formulas.filter((f: string) => typeof f === "string" && f.includes("CLV."))).toEqual([]);
    const values = ops.filter((o) => o.op === "values" && o.sheet === "CLV RFM (2)");
    const customerRows = values.filter((o) => o.column === 0 && o.columns === 9).reduce((a, o) => a + o.rows, 0);
    expect(customerRows).toBe(customers + 1); // header + one row per customer
    expect(ops.filter((o) => o.op === "table")).toHaveLength(1);
    await page.setChecked("#opt-values-only", false);
  });

  it("cancels a running build and leaves no partial sheet", async () => {
    await clearLog();
    await page.evaluate(() => (window as any).__fake.setSyncDelay(400));
    await chooseSheets("cohorts");
    await page.click("#build");
    await page.waitForSelector("#conflict:not([hidden])");
    await page.click("#conflict-keep");
    await page.waitForSelector("#progress:not([hidden])");
    await page.click("#cancel");
    await page.waitForFunction(() => /cancelled/.test(document.getElementById("status")?.textContent ?? ""));
    await page.evaluate(() => (window as any).__fake.setSyncDelay(0));
    const ops = await log();
    const added = built(ops).filter((o) => o.op === "addSheet").map((o) => o.name);
    const deleted = built(ops).filter((o) => o.op === "deleteSheet").map((o) => o.name);
    expect(deleted).toEqual(added);
    const names: string[] = await page.evaluate(() => (window as any).__fake.sheetNames());
    expect(names.filter((n) => n.startsWith("CLV Cohorts (3)"))).toEqual([]);
  });

  it("uses an Excel table around the selected cell, with structured references in the formulas", async () => {
    await freshWorkbook();
    await page.evaluate((lastRow) => {
      const fake = (window as any).__fake;
      fake.addTable({ name: "Sales", sheet: "Data", row: 0, column: 0, rows: lastRow, columns: 3, showHeaders: true });
      fake.setSelection({ sheet: "Data", row: 5, column: 1, rows: 1, columns: 1 });
    }, lastRow);
    await useSelection();
    expect(await page.textContent("#source")).toContain(`table Sales (Data!A1:C${lastRow})`);
    await clearLog();
    await chooseSheets("cohorts");
    await buildAndWait();
    const ops = await log();
    const formulas = ops.filter((o) => o.op === "formulas").flatMap((o) => o.formulas.flat());
    expect(formulas).toContain('=CLV.COHORT(Sales[[Customer ID]],Sales[[Order date]],Sales[[Amount]],"M","retention",,FALSE)');
  });

  it("lists problems with their rows and blocks the build until they are fixed", async () => {
    const bad = [
      ["Customer", "Date", "Amount"],
      [1, "2024-01-05", 10],
      [2, "yesterday", 12.5],
      ["", "2024-01-07", 3],
      [3, "2024-01-09", "12.50"],
      [4, "2024-02-01", "#N/A"],
      [5, "<img src=x onerror=alert(1)>", 4],
    ];
    await page.evaluate((rows) => {
      const fake = (window as any).__fake;
      fake.setSheet("Bad", rows);
      fake.setSelection({ sheet: "Bad", row: 1, column: 1, rows: 1, columns: 1 });
    }, bad);
    await page.click("#use-selection");
    await page.waitForFunction(() => (document.getElementById("problems")?.children.length ?? 0) > 0);
    const problems = await page.$$eval("#problems li", (lis) => lis.map((li) => li.textContent));
    expect(problems).toEqual([
      "Row 3, Date: 'yesterday' is not a date (use an Excel date or ISO text like 1997-01-31)",
      "Row 4, Customer: the customer is blank",
      "Row 5, Amount: '12.50' is a number stored as text (convert it with VALUE())",
      "Row 6, Amount: the amount cell shows the error #N/A",
      "Row 7, Date: '<img src=x onerror=alert(1)>' is not a date (use an Excel date or ISO text like 1997-01-31)",
    ]);
    // Markup in the data is shown as text, never parsed.
    expect(await page.$$eval("#problems img", (imgs) => imgs.length)).toBe(0);
    expect(await page.textContent("#check-banner")).toMatch(/5 problems must be fixed/);
    expect(await page.isDisabled("#build")).toBe(true);
    await shot("taskpane-problems.png");
  });

  it("without dynamic arrays builds values only and says why, on the sheet and in the pane", async () => {
    await freshWorkbook();
    await useSelection();
    await page.evaluate(() => (window as any).__fake.setDynamicArrays(false));
    await clearLog();
    await chooseSheets("cohorts");
    await buildAndWait();
    await page.evaluate(() => (window as any).__fake.setDynamicArrays(true));
    expect(await page.textContent("#error")).toBe("");
    const ops = await log();
    const formulas = ops.filter((o) => o.op === "formulas").flatMap((o) => o.formulas.flat());
    expect(formulas.filter((f: string) => typeof f === "string" && f.includes("CLV."))).toEqual([]);
    const subtitle = ops.find((o) => o.op === "values" && o.sheet === "CLV Cohorts" && o.address === "CLV Cohorts!A2");
    expect(subtitle?.values[0][0]).toMatch(/Values only: .*no dynamic arrays/);
    expect(await page.textContent("#results")).toMatch(/no dynamic arrays/);
  });

  it("writes values, and says why on the sheet, where live formulas would pass Excel more than the payload threshold", async () => {
    // 12,000 transactions whose customer ids are 200 characters long: about 2.5 MB of data columns,
    // which every CLV.COHORT formula would receive (Excel caps a custom function's payload at ~5 MB).
    const wide: unknown[][] = [["Customer ID", "Order date", "Amount"]];
    const start = serialFromIso("2024-01-01");
    for (let i = 0; i < 12_000; i++) wide.push([`${"customer-".padEnd(190, "x")}${String(i % 3000).padStart(10, "0")}`, start + (i % 300), 10 + (i % 17)]);
    await freshWorkbook();
    await page.evaluate((w) => {
      const fake = (window as any).__fake;
      fake.setSheet("Wide", w);
      fake.setSelection({ sheet: "Wide", row: 0, column: 0, rows: w.length, columns: 3 });
    }, wide);
    await useSelection();
    await clearLog();
    await chooseSheets("cohorts");
    await buildAndWait();
    expect(await page.textContent("#error")).toBe("");
    const ops = await log();
    const formulas = ops.filter((o) => o.op === "formulas").flatMap((o) => o.formulas.flat());
    expect(formulas.filter((f: string) => typeof f === "string" && f.includes("CLV."))).toEqual([]);
    expect(ops.filter((o) => o.op === "cfPayload")).toEqual([]);
    const subtitle = ops.find((o) => o.op === "values" && o.sheet === "CLV Cohorts" && o.address === "CLV Cohorts!A2");
    expect(subtitle?.values[0][0]).toMatch(/Values only: .*live CLV formulas would pass about 2\.\d MB of data/);
    expect(await page.textContent("#results")).toMatch(/Values only, because live CLV formulas would pass/);
  });

  it("explains a selection of several areas", async () => {
    await page.evaluate(() => (window as any).__fake.setSelection({ sheet: "Data", row: 0, column: 0, rows: 5, columns: 3, areas: 2 }));
    await page.click("#use-selection");
    await page.waitForFunction(() => (document.getElementById("error")?.textContent ?? "") !== "");
    expect(await page.textContent("#error")).toMatch(/several areas/);
  });

  it("plans on the page itself, with the same sheets, where the planning worker cannot load or there are no workers", async () => {
    for (const variant of ["worker script refused", "no Worker"] as const) {
      const other = await browser.newPage();
      const requested: string[] = [];
      await other.route("**/*", (route) => {
        const url = route.request().url();
        if (url === OFFICE_JS_URL) return route.fulfill({ status: 200, contentType: "application/javascript", body: fakeOfficeJs() });
        // The page's own bundles load; any other script (the worker and its chunks) is refused.
        if (variant === "worker script refused" && url.startsWith(base) && /\.js(\?|$)/.test(url) && !/\/(taskpane|functions|commands)\.js/.test(url)) {
          requested.push(url);
          return route.abort();
        }
        if (url.startsWith(base)) return route.continue();
        return route.abort();
      });
      if (variant === "no Worker") await other.addInitScript(() => delete (window as any).Worker);
      await other.goto(base + "taskpane.html");
      await other.waitForFunction(() => /Version \d/.test(document.getElementById("version")?.textContent ?? ""));
      await other.evaluate(
        ({ rows, lastRow }) => {
          const fake = (window as any).__fake;
          fake.setSheet("Data", rows);
          fake.setSelection({ sheet: "Data", row: 0, column: 0, rows: lastRow, columns: 3 });
        },
        { rows, lastRow },
      );
      await other.click("#use-selection");
      await other.waitForFunction(() => !(document.getElementById("build") as HTMLButtonElement).disabled);
      for (const k of ["cohorts", "rfm", "model", "dashboard", "decisions", "modelCheck"]) await other.setChecked(`#sheet-${k}`, k === "model");
      await other.setChecked("#opt-values-only", true);
      await other.click("#build");
      await other.waitForFunction(() => /^Done|stopped/.test(document.getElementById("status")?.textContent ?? ""), undefined, { timeout: 120_000 });
      expect(await other.textContent("#status"), variant).toBe("Done: 1 sheet built.");
      // The calibration BG/NBD fitted on the page: r = 0.243 (Fader, Hardie & Lee 2005), as in the worker.
      const r = await other.evaluate(() => {
        const o = (window as any).__fake.log.find((e: any) => e.op === "values" && e.sheet === "CLV Model" && e.column === 16 && e.values?.[0]?.[0] === "model");
        return o.values.find((row: unknown[]) => row[0] === "r")[1];
      });
      expect(r).toBeCloseTo(0.2426, 3);
      if (variant === "worker script refused") expect(requested.length).toBeGreaterThan(0);
      await other.close();
    }
  });

  it("shows a message instead of a blank pane where the pane's script cannot run (an old webview)", async () => {
    // A separate page whose bundle fails to parse, as ES2020 does in Internet Explorer 11's webview.
    const old = await browser.newPage();
    await old.route("**/*", (route) => {
      const url = route.request().url();
      if (url === OFFICE_JS_URL) return route.fulfill({ status: 200, contentType: "application/javascript", body: fakeOfficeJs() });
      if (url.startsWith(base) && /\.js(\?|$)/.test(url)) return route.fulfill({ status: 200, contentType: "application/javascript", body: "const a = ;" });
      if (url.startsWith(base)) return route.continue();
      return route.abort();
    });
    await old.goto(base + "taskpane.html");
    await old.waitForSelector("#unsupported:not([hidden])");
    expect(await old.textContent("#unsupported")).toMatch(/cannot run CLV for Excel/);
    expect(await old.isHidden("#app")).toBe(true);
    await old.close();
    // The working pane never shows it.
    expect(await page.isHidden("#unsupported")).toBe(true);
  });

  /** Loads `data` as the only sheet of a fresh workbook and builds all four sheets as values with `model`. */
  async function buildAllAsValues(data: unknown[][], model = "BG/NBD"): Promise<void> {
    // a fresh workbook (no CLV sheets from the tests before) holding these data
    await page.goto(base + "taskpane.html");
    await page.waitForFunction(() => /Version \d/.test(document.getElementById("version")?.textContent ?? ""));
    await page.evaluate(
      ({ data }) => {
        const fake = (window as any).__fake;
        fake.setSheet("Data", data);
        fake.setSelection({ sheet: "Data", row: 0, column: 0, rows: data.length, columns: 3 });
      },
      { data },
    );
    await useSelection();
    await page.setChecked("#opt-values-only", true);
    await page.selectOption("#opt-model", model);
    await clearLog();
    await chooseSheets("cohorts", "rfm", "model", "dashboard");
    await buildAndWait();
  }

  it("keeps building when the purchase model cannot be identified: the other sheets are built, the reason and the way out listed", async () => {
    // A uniform synthetic log (the kind on which the issue found the whole build stopping): 2,000 rows
    // whose customers (200) and dates (two years) are drawn uniformly, seed 1. Every customer then buys
    // at the same rate, so Pareto/NBD's r runs to infinity, a limit its fit does not report (BG/NBD
    // reports it as a boundary fit: test/core/models/boundary.test.ts).
    const rng = createRng(1);
    const start = serialFromIso("2023-01-01");
    const data: unknown[][] = [["Customer ID", "Order date", "Amount"]];
    for (let i = 0; i < 2000; i++) data.push([`C${1 + Math.floor(rng.uniform() * 200)}`, start + Math.floor(rng.uniform() * 730), Math.round(1000 + 9000 * rng.uniform()) / 100]);
    await buildAllAsValues(data, "Pareto/NBD");
    const status = (await page.textContent("#status")) ?? "";
    expect(status).toMatch(/^Done: 2 of 4 sheets built; not built: CLV Model, CLV Dashboard/);
    expect(built(await log()).filter((o) => o.op === "addSheet").map((o) => o.name)).toEqual(["CLV Cohorts", "CLV RFM"]);
    const results = (await page.textContent("#results")) ?? "";
    expect(results).toMatch(/Not built: CLV Model.*Pareto\/NBD.*no finite maximum.*every customer bought at the same rate.*choose it under "Purchase model"/);
    expect(await page.textContent("#error")).toMatch(/^CLV Model was not built: Pareto\/NBD/);
    await page.selectOption("#opt-model", "BG/NBD");
    await page.setChecked("#opt-values-only", false);
    await freshWorkbook();
  });

  it("builds every sheet on a boundary fit and says so: the model table's status row and the pane's notes", async () => {
    // 400 customers drawn from the BG/NBD (r 0.25, alpha 4, a 0.8, b 2.5 a week) with seed 7: a sample in
    // which BG/NBD's likelihood keeps rising as a, b → ∞, the limit in which every customer has the same
    // drop-out chance p (test/core/models/boundary.test.ts: p = 0.138).
    const sim = simulateTransactions({ model: bgnbd, params: { r: 0.25, alpha: 4, a: 0.8, b: 2.5 } }, { p: 6, q: 4, gamma: 16 }, 400, serialFromIso("2023-01-01"), serialFromIso("2024-12-31"), 7);
    const data: unknown[][] = [["Customer ID", "Order date", "Amount"]];
    for (let i = 0; i < sim.length; i++) data.push([sim.customer[i], sim.day[i], Math.round(100 * sim.amount[i]) / 100]);
    await buildAllAsValues(data);
    expect((await page.textContent("#status")) ?? "").toMatch(/^Done: 4 sheets built/);
    const ops = built(await log());
    expect(ops.filter((o) => o.op === "addSheet").map((o) => o.name)).toEqual(["CLV Cohorts", "CLV RFM", "CLV Model", "CLV Dashboard"]);
    for (const sheet of ["CLV Model", "CLV Dashboard"]) {
      const table = ops.find((o) => o.op === "values" && o.sheet === sheet && Array.isArray(o.values[0]) && o.values[0][0] === "model" && o.values[0][1] === "BG/NBD");
      const statusRow = (table?.values as unknown[][] | undefined)?.find((r) => r[0] === "status");
      expect(statusRow?.[1]).toMatch(/^boundary: a, b → ∞: every customer has the same chance p = 0\.138 /);
    }
    expect((await page.textContent("#results")) ?? "").toMatch(/The BG\/NBD fit is a boundary fit/);
    expect(await page.textContent("#error")).toBe("");
    await page.setChecked("#opt-values-only", false);
    await freshWorkbook();
  });

  it("made no network request besides office.js and the pane itself, and raised no page error", () => {
    expect(external).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
