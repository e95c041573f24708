/**
 * Payload estimates of live CLV.* formulas and the switch to values (src/taskpane/payload.ts). Excel
 * caps what a custom function receives and returns at about 5 MB (OfficeDev/office-js#4654); the
 * estimate is the JSON of the 2-D arrays Excel passes, checked here against JSON.stringify itself.
 */
import { describe, expect, it } from "vitest";
import { inputFromRows } from "./cdnow";
import { oversizedLiveFormulas } from "./planTools";
import { SAFE_PAYLOAD_BYTES, columnBytes, dataPayloadBytes, formulaPayloads, payloadOptions } from "../../src/taskpane/payload";
import { buildSheet, buildSheetWithinPayload, fitModelCheck, fitModels, modelData, predictAsync } from "../../src/taskpane/builders";
import { DEFAULT_OPTIONS, SHEET_KINDS, type BuildOptions } from "../../src/taskpane/builders/types";
import { serialFromIso } from "../../src/core/data/dates";
import { simulateTransactions } from "../../src/core/simulate/transactions";
import { bgnbd } from "../../src/core/models/bgnbd";

/** `customers` customers with `perCustomer(c)` purchases each over 2023 (ids "C1", "C2", ...). */
function rows(customers: number, perCustomer: number | ((c: number) => number)): unknown[][] {
  const out: unknown[][] = [["Customer ID", "Order date", "Amount"]];
  const start = serialFromIso("2023-01-01");
  for (let c = 0; c < customers; c++) {
    const n = typeof perCustomer === "number" ? perCustomer : perCustomer(c);
    for (let k = 0; k < n; k++) out.push([`C${c + 1}`, start + ((c * 7 + k * 53) % 360), 5 + ((c + k) % 40) * 0.25]);
  }
  return out;
}

describe("payload estimates", () => {
  const data = rows(300, 3);
  const input = inputFromRows(data);

  it("a data column's bytes are the JSON of the column as Excel passes it (within a byte)", () => {
    for (const [role, k] of [["customer", 0], ["date", 1], ["amount", 2]] as const) {
      const json = JSON.stringify(data.slice(1).map((r) => [r[k]])).length;
      expect(Math.abs(columnBytes(input, role) - json)).toBeLessThanOrEqual(1);
    }
  });

  it("each CLV.COHORT formula receives the three data columns and returns its spill", () => {
    const plan = buildSheet("cohorts", input, DEFAULT_OPTIONS);
    const p = formulaPayloads(plan, input);
    expect(p).toHaveLength(5);
    for (const f of p) {
      expect(f.inBytes).toBe(dataPayloadBytes(input));
      const spill = plan.writes.find((w) => w.row === f.row && w.column === f.column)!.spill!;
      expect(f.outBytes).toBe(spill.rows * spill.columns * 16);
    }
  });

  it("a fit over the summary spill receives three of its columns", () => {
    const plan = buildSheet("model", input, DEFAULT_OPTIONS);
    const fit = formulaPayloads(plan, input).find((f) => f.formula.startsWith("=CLV.BGNBD.FIT(INDEX("))!;
    expect(fit.inBytes).toBe(3 * 300 * 16);
  });

  it("small data stay live", async () => {
    expect(payloadOptions(input, DEFAULT_OPTIONS)).toBe(DEFAULT_OPTIONS);
    const checks = await fitModelCheck(input, DEFAULT_OPTIONS);
    for (const kind of SHEET_KINDS) expect(oversizedLiveFormulas(buildSheet(kind, input, DEFAULT_OPTIONS, { checks }), input)).toEqual([]);
  });
});

describe("builds too large for live custom functions are written as values, and say so", () => {
  it("data above the threshold: every sheet is values only, with the reason on the sheet", async () => {
    // Simulated from BG/NBD with the CDNOW estimates (Fader, Hardie & Lee 2005: r 0.243, alpha 4.414,
    // a 0.793, b 2.426, weekly) over 18 months: 60,000 customers, about 120,000 rows, ~3 MB of data.
    const start = serialFromIso("2023-01-01");
    const sim = simulateTransactions({ model: bgnbd, params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } }, { p: 6.25, q: 3.74, gamma: 15.44 }, 60_000, start, start + 547, 11);
    const log: unknown[][] = [["Customer ID", "Order date", "Amount"]];
    for (let i = 0; i < sim.length; i++) log.push([sim.customer[i], sim.day[i], Math.round(sim.amount[i] * 100) / 100]);
    const input = inputFromRows(log);
    expect(dataPayloadBytes(input)).toBeGreaterThan(SAFE_PAYLOAD_BYTES);
    const options: BuildOptions = payloadOptions(input, DEFAULT_OPTIONS);
    expect(options.valuesOnly).toBe(true);
    expect(options.valuesOnlyReason).toMatch(/about \d\.\d MB of data/);
    // The fits the values need, computed as the pane computes them.
    const data = modelData(input, options);
    const fits = await fitModels(data, options);
    await predictAsync(data.summary, fits, options);
    const checks = await fitModelCheck(input, options);
    for (const kind of SHEET_KINDS) {
      const plan = await buildSheetWithinPayload(kind, input, options, { data, fits, checks }, async () => fits);
      expect(oversizedLiveFormulas(plan, input)).toEqual([]);
      expect(formulaPayloads(plan, input)).toEqual([]);
      const subtitle = plan.writes.find((w) => w.row === 2 && w.column === 1)!.cells[0][0];
      expect(String(subtitle)).toContain("because live CLV formulas would pass about");
      expect(plan.notes.join(" ")).toMatch(/Values only, because live CLV formulas/);
    }
  }, 120_000);

  it("data under the threshold but a live fit over 42,000 summary rows: the sheet is rebuilt as values", async () => {
    // One or two purchases each: the data columns stay under the threshold, but the summary is too long
    // for a live spill (maxLiveCustomers) and the fit over its 3 x 42,000 static cells would pass ~2 MB.
    // Simulated from BG/NBD with the CDNOW estimates (Fader, Hardie & Lee 2005: r 0.243, alpha 4.414,
    // a 0.793, b 2.426, weekly) over 120 days, amounts rounded to cents.
    const start = serialFromIso("2023-01-01");
    const sim = simulateTransactions({ model: bgnbd, params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } }, { p: 6.25, q: 3.74, gamma: 15.44 }, 42_000, start, start + 120, 7);
    const log: unknown[][] = [["Customer ID", "Order date", "Amount"]];
    for (let i = 0; i < sim.length; i++) log.push([sim.customer[i], sim.day[i], Math.round(sim.amount[i] * 100) / 100]);
    const input = inputFromRows(log);
    expect(dataPayloadBytes(input)).toBeLessThan(SAFE_PAYLOAD_BYTES);
    const options = payloadOptions(input, DEFAULT_OPTIONS);
    expect(options.valuesOnly).toBe(false);
    // As the pane does it: the summary and the fits that a long per-customer table needs, then the
    // sheet; a rebuild as values asks for fits again (here they exist already).
    const data = modelData(input, options);
    const fits = await fitModels(data, options);
    await predictAsync(data.summary, fits, options);
    let asked = 0;
    const plan = await buildSheetWithinPayload("model", input, options, { data, fits }, async () => {
      asked++;
      return fits;
    });
    expect(asked).toBe(0);
    // The live attempt had the oversized fit formula; the sheet written has none.
    expect(oversizedLiveFormulas(buildSheet("model", input, options, { data, fits }), input).length).toBeGreaterThan(0);
    expect(oversizedLiveFormulas(plan, input)).toEqual([]);
    expect(plan.notes.join(" ")).toMatch(/Values only, because .* would pass about 2\.\d MB through a live CLV formula/);
  }, 120_000);
});
