/**
 * The task pane at Excel's scale, shared by the end-to-end test (taskpane.scale.test.ts) and the pane
 * benchmark (bench/pane.bench.ts): a synthetic transaction log of up to 1,048,575 rows (Excel's last row
 * under a header) drawn from known BG/NBD and Gamma-Gamma parameters, the built pane in Debian's
 * Chromium with the office.js test double, and one full build of the four sheets (cohorts, rfm, model,
 * dashboard) with what the page measured about it.
 *
 * Measuring inside the page:
 * - step times: the pane's own User Timing measures (`clv:` prefix, src/taskpane/timing.ts);
 * - the longest main-thread task: a PerformanceObserver for "longtask" entries (Long Tasks API: every
 *   task of the page's main thread over 50 ms, with its duration), installed before the pane loads;
 * - memory: the renderer's JS heap sampled through the DevTools protocol (Performance.getMetrics,
 *   JSHeapUsedSize of the page; a worker's heap is its own and is sampled from the worker target), and
 *   the peak resident memory of Chromium's renderer processes (VmHWM in /proc/<pid>/status, Linux),
 *   which covers the page, its workers and the test double's workbook;
 * - progress: a MutationObserver records every text the progress line and the status line showed.
 */
import { readFileSync } from "node:fs";
import type { Server } from "node:http";
import { chromium, type Browser, type CDPSession, type Page } from "playwright-core";
import { CHROMIUM_ARGS, CHROMIUM_PATH, OFFICE_JS_URL, builtPane, fakeOfficeJs, serve } from "./support";
import { simulateTransactions } from "../../src/core/simulate/transactions";
import { bgnbd } from "../../src/core/models/bgnbd";
import { serialFromIso, ymdFromSerial } from "../../src/core/data/dates";
import { createRng } from "../../src/core/math/random";

/** Excel's rows under a header row: 1,048,576 − 1. */
export const EXCEL_DATA_ROWS = 1_048_575;

/** The generating parameters (weekly BG/NBD; Gamma-Gamma spend), the truth the fits are compared with. */
export const TRUE_BGNBD = { r: 0.5, alpha: 5, a: 0.7, b: 3 } as const;
export const TRUE_GG = { p: 6, q: 4, gamma: 16 } as const;
/** Two years of data. */
export const START_ISO = "2023-01-01";
export const END_ISO = "2024-12-31";
/** Rows per customer of that process over two years (first purchase included), measured: about 3.66. */
const ROWS_PER_CUSTOMER = 3.6;
export const CHANNELS = ["web", "store", "app"] as const;

export interface ScaleTruth {
  readonly rows: number;
  readonly customers: number;
  readonly firstDay: number;
  readonly lastDay: number;
  readonly revenue: number;
  /** customers per cohort month ("YYYY-MM" of the first purchase), in order */
  readonly cohortSizes: ReadonlyMap<string, number>;
  /** distinct (customer, day) pairs: purchase days */
  readonly purchaseDays: number;
}

export interface ScaleLog {
  /** header row plus one row per transaction: customer id, order date (Excel serial), amount, channel */
  readonly cells: unknown[][];
  readonly truth: ScaleTruth;
}

/**
 * A log of exactly `rows` transactions: customers drawn from the BG/NBD (TRUE_BGNBD, weeks) with
 * Gamma-Gamma amounts (TRUE_GG), acquired uniformly over two years, by the project's simulator with
 * `seed`. The simulator writes customers in order; the log keeps the first `rows` rows (whole customers,
 * except that the last kept customer may lose later purchases: one customer in about 290,000) and is
 * then sorted by date, as an exported order log is. Ids are text ("C0000001"), amounts in cents, and a
 * channel column is drawn per row.
 */
export function scaleLog(rows: number, seed = 20240501): ScaleLog {
  const customers = Math.ceil((rows / ROWS_PER_CUSTOMER) * 1.03) + 10;
  const sim = simulateTransactions({ model: bgnbd, params: TRUE_BGNBD }, TRUE_GG, customers, serialFromIso(START_ISO), serialFromIso(END_ISO), seed, {
    maxRows: Math.max(2 * rows, 1000),
  });
  if (sim.length < rows) throw new Error(`the simulation gave ${sim.length} rows, fewer than the ${rows} asked for`);
  const order = new Int32Array(rows);
  for (let i = 0; i < rows; i++) order[i] = i;
  order.sort((x, y) => sim.day[x] - sim.day[y] || x - y);
  const rng = createRng(seed + 1);
  const cells: unknown[][] = new Array(rows + 1);
  cells[0] = ["Customer ID", "Order date", "Amount", "Channel"];
  const first = new Map<number, number>();
  const days = new Set<number>();
  let revenue = 0;
  let firstDay = Infinity;
  let lastDay = -Infinity;
  for (let k = 0; k < rows; k++) {
    const i = order[k];
    const c = sim.customer[i];
    const day = sim.day[i];
    const amount = Math.round(100 * sim.amount[i]) / 100;
    cells[k + 1] = [`C${String(c).padStart(7, "0")}`, day, amount, CHANNELS[rng.integer(CHANNELS.length)]];
    revenue += amount;
    if (day < firstDay) firstDay = day;
    if (day > lastDay) lastDay = day;
    const f = first.get(c);
    if (f === undefined || day < f) first.set(c, day);
    days.add(c * 100_000 + day - 40_000);
  }
  const sizes = new Map<string, number>();
  for (const d of first.values()) {
    const { year, month } = ymdFromSerial(d);
    const label = `${year}-${String(month).padStart(2, "0")}`;
    sizes.set(label, (sizes.get(label) ?? 0) + 1);
  }
  const cohortSizes = new Map([...sizes].sort(([a], [b]) => (a < b ? -1 : 1)));
  return { cells, truth: { rows, customers: first.size, firstDay, lastDay, revenue, cohortSizes, purchaseDays: days.size } };
}

export interface ScalePane {
  readonly browser: Browser;
  readonly page: Page;
  readonly cdp: CDPSession;
  /** network requests other than office.js and the pane */
  readonly external: string[];
  readonly pageErrors: string[];
  close(): Promise<void>;
}

/** URL (under the pane's origin) from which the page fetches the log, served by the route. */
const DATA_PATH = "__scale-data.json";

/** Installed before the pane's scripts: the long-task observer and the progress/status recorder. */
function pageProbe(): void {
  const w = window as any;
  w.__longTasks = [];
  w.__texts = [];
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: "longtask", buffered: true });
  } catch {
    w.__longTasks = null; // not supported: reported as unknown
  }
  const watch = (): void => {
    for (const id of ["progress-text", "status"]) {
      const el = document.getElementById(id);
      if (!el) continue;
      new MutationObserver(() => w.__texts.push({ id, t: performance.now(), text: el.textContent ?? "" })).observe(el, { childList: true, characterData: true, subtree: true });
    }
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", watch);
  else watch();
}

let built: Promise<string> | undefined;

/** The built pane in Chromium, the test double in place of office.js, `log` served for the page to load. */
export async function openScalePane(log: ScaleLog): Promise<ScalePane> {
  built ??= builtPane("e2e-dist-scale");
  const dir = await built;
  const { server, base } = await serve(dir);
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS, "--enable-precise-memory-info"] });
  const context = await browser.newContext({ viewport: { width: 380, height: 900 }, deviceScaleFactor: 1 });
  const fake = fakeOfficeJs();
  const body = JSON.stringify(log.cells);
  const external: string[] = [];
  const pageErrors: string[] = [];
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (url === OFFICE_JS_URL) return route.fulfill({ status: 200, contentType: "application/javascript", body: fake });
    if (url === base + DATA_PATH) return route.fulfill({ status: 200, contentType: "application/json", body });
    if (url.startsWith(base)) return route.continue();
    external.push(url);
    return route.abort();
  });
  await context.addInitScript(pageProbe);
  const page = await context.newPage();
  page.on("pageerror", (e) => pageErrors.push(e.message));
  const cdp = await context.newCDPSession(page);
  await cdp.send("Performance.enable");
  await page.goto(base + "taskpane.html");
  await page.waitForFunction(() => /Version \d/.test(document.getElementById("version")?.textContent ?? ""));
  const rows = log.cells.length;
  await page.evaluate(
    async ({ path, rows }) => {
      const cells = await (await fetch(path)).json();
      const fake = (window as any).__fake;
      fake.setSheet("Data", cells);
      // The log keeps the cells of small blocks only (titles, fit tables); large blocks by their size.
      fake.setLogCellLimit(1000);
      fake.setSelection({ sheet: "Data", row: 0, column: 0, rows, columns: 4 });
    },
    { path: base + DATA_PATH, rows },
  );
  return {
    browser,
    page,
    cdp,
    external,
    pageErrors,
    async close() {
      await browser.close();
      await new Promise((done) => (server as Server).close(done));
    },
  };
}

/**
 * Peak resident memory (VmHWM, MB) of Chromium's renderer processes (the page, its workers, the double's
 * workbook), from the process ids the browser reports (SystemInfo.getProcessInfo) and Linux's
 * /proc/<pid>/status; undefined where either is unavailable.
 */
async function rendererPeakMB(browser: Browser): Promise<number | undefined> {
  try {
    const session = await browser.newBrowserCDPSession();
    const { processInfo } = (await session.send("SystemInfo.getProcessInfo")) as { processInfo: { type: string; id: number }[] };
    await session.detach();
    let peak = 0;
    for (const p of processInfo) {
      if (p.type !== "renderer") continue;
      const hwm = /VmHWM:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${p.id}/status`, "utf8"));
      if (hwm) peak = Math.max(peak, Number(hwm[1]) / 1024);
    }
    return peak || undefined;
  } catch {
    return undefined;
  }
}

export interface BuildMeasures {
  /** wall time of "Use selection" until the data were checked (read + parse), ms */
  readonly readMs: number;
  /** wall time of the build of the four sheets, ms */
  readonly buildMs: number;
  /** the pane's User Timing measures (name → total ms), in the order first seen */
  readonly steps: ReadonlyArray<{ name: string; ms: number }>;
  /** long tasks (over 50 ms) of the page's main thread during read and build, longest first, with the step they fell in; undefined: not observed */
  readonly longTasks?: ReadonlyArray<{ ms: number; during: string }>;
  /** peak of JSHeapUsedSize of the page's main thread sampled every 100 ms, MB */
  readonly peakHeapMB: number;
  /** JS heap before the read (the double's workbook already holds the log), MB */
  readonly baseHeapMB: number;
  /** peak resident memory of the renderer processes over the whole run, MB */
  readonly rendererPeakMB?: number;
  /** every text the progress line and the status line showed, in order */
  readonly texts: ReadonlyArray<{ id: string; text: string }>;
  readonly status: string;
  readonly error: string;
  /** the results list (one entry per sheet: built, or not built with the reason) */
  readonly results: readonly string[];
}

async function heapMB(cdp: CDPSession): Promise<number> {
  const { metrics } = (await cdp.send("Performance.getMetrics")) as { metrics: { name: string; value: number }[] };
  return (metrics.find((m) => m.name === "JSHeapUsedSize")?.value ?? 0) / 2 ** 20;
}

/**
 * "Use selection" (read and check), then a build of the four sheets in the mode `valuesOnly` (live
 * formulas by default, as the pane starts). Resolves with what the page measured.
 */
export async function buildFourSheets(pane: ScalePane, options: { valuesOnly?: boolean; timeoutMs?: number } = {}): Promise<BuildMeasures> {
  const { page, cdp } = pane;
  const timeout = options.timeoutMs ?? 600_000;
  for (const k of ["cohorts", "rfm", "model", "dashboard", "decisions", "modelCheck"]) await page.setChecked(`#sheet-${k}`, ["cohorts", "rfm", "model", "dashboard"].includes(k));
  await page.setChecked("#opt-values-only", options.valuesOnly === true);
  const baseHeapMB = await heapMB(cdp);
  await page.evaluate(() => {
    const w = window as any;
    performance.clearMeasures();
    if (w.__longTasks) w.__longTasks.length = 0;
    w.__texts.length = 0;
    w.__t0 = performance.now();
  });
  let peakHeapMB = baseHeapMB;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      try {
        peakHeapMB = Math.max(peakHeapMB, await heapMB(cdp));
      } catch {
        // the page may be busy; the next sample counts
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  const t0 = Date.now();
  try {
    await page.click("#use-selection");
    await page.waitForFunction(() => /^Data checked|Fix the problems/.test(document.getElementById("status")?.textContent ?? "") || (document.getElementById("error")?.textContent ?? "") !== "", undefined, {
      timeout,
      polling: 250,
    });
    const readMs = Date.now() - t0;
    const t1 = Date.now();
    await page.click("#build");
    await page.waitForFunction(
      () => {
        const s = document.getElementById("status")?.textContent ?? "";
        return /^Done|cancelled|stopped/.test(s);
      },
      undefined,
      { timeout, polling: 250 },
    );
    const buildMs = Date.now() - t1;
    sampling = false;
    await sampler;
    const inPage = await page.evaluate(() => {
      const w = window as any;
      const steps: { name: string; ms: number }[] = [];
      for (const m of performance.getEntriesByType("measure")) {
        if (!m.name.startsWith("clv:")) continue;
        const s = steps.find((x) => x.name === m.name);
        if (s) s.ms += m.duration;
        else steps.push({ name: m.name, ms: m.duration });
      }
      return {
        steps,
        longTasks: w.__longTasks
          ? (w.__longTasks as { start: number; duration: number }[])
              .filter((e) => e.start >= w.__t0)
              .map((e) => {
                // The innermost step (shortest "clv:" measure) that overlaps the task, if any.
                let during = "";
                let shortest = Infinity;
                for (const m of performance.getEntriesByType("measure")) {
                  if (!m.name.startsWith("clv:") || m.startTime > e.start + e.duration || m.startTime + m.duration < e.start) continue;
                  if (m.duration < shortest) {
                    shortest = m.duration;
                    during = m.name.slice(4);
                  }
                }
                return { ms: e.duration, during };
              })
              .sort((a, b) => b.ms - a.ms)
          : undefined,
        texts: (w.__texts as { id: string; text: string }[]).map(({ id, text }) => ({ id, text })),
        status: document.getElementById("status")?.textContent ?? "",
        error: document.getElementById("error")?.textContent ?? "",
        results: Array.from(document.querySelectorAll("#results li")).map((li) => li.textContent ?? ""),
      };
    });
    return { readMs, buildMs, baseHeapMB, peakHeapMB, rendererPeakMB: await rendererPeakMB(pane.browser), ...inPage };
  } finally {
    sampling = false;
    await sampler;
  }
}
