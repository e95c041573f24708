/**
 * The pane's planners (src/taskpane/planner.ts, workerPlanner.ts) and what crosses to the planning
 * worker (transfer.ts): the same-thread planner gives exactly the plans of the builders; coded
 * transactions and chunked plans come back identical; where there are no Web Workers (Node here) the
 * pane plans on its own thread. The worker itself runs in the end-to-end tests (test/e2e/), in Chromium.
 */
import { describe, expect, it } from "vitest";
import { cdnowInput, cdnowSheetRows, inputFromRows } from "./cdnow";
import { buildSheet, fitModels, modelData, predictAsync } from "../../src/taskpane/builders";
import { DEFAULT_OPTIONS, type BuildOptions } from "../../src/taskpane/builders/types";
import { LocalPlanner, SheetFailed } from "../../src/taskpane/planner";
import { createPlanner } from "../../src/taskpane/workerPlanner";
import { PLAN_CHUNK_CELLS, PlanReceiver, codeTransactions, decodeTransactions, sendPlan, type FromWorker } from "../../src/taskpane/transfer";
import { Cancelled } from "../../src/runtime/scheduling";
import { planCellCount } from "../../src/taskpane/plan";
import { serialFromIso } from "../../src/core/data/dates";
import { createRng } from "../../src/core/math/random";

const VALUES: BuildOptions = { ...DEFAULT_OPTIONS, valuesOnly: true };

describe("LocalPlanner", () => {
  it("plans each sheet exactly as the builders do (CDNOW, values only, fits computed first)", async () => {
    const input = cdnowInput();
    const planner = new LocalPlanner(input, { aborted: false });
    const options = await planner.prepare(VALUES);
    expect(options).toEqual(VALUES);
    const data = modelData(input, VALUES);
    const fits = await fitModels(data, VALUES);
    await predictAsync(data.summary, fits, VALUES);
    for (const kind of ["cohorts", "rfm", "model", "dashboard"] as const) {
      const messages: string[] = [];
      const plan = await planner.plan(kind, options, (_f, m) => messages.push(m));
      expect(plan).toEqual(buildSheet(kind, input, VALUES, { data, fits }));
      expect(messages.some((m) => m.startsWith("Planning CLV "))).toBe(true);
    }
  });

  it("a fit that fails fails only the sheets that need it, marked as the model's", async () => {
    // A uniform synthetic log, 2,000 rows over 200 customers and two years, seed 1 (the same case as the
    // end-to-end test): every customer buys at the same rate, so Pareto/NBD's r runs to infinity, a limit
    // its fit does not report (BG/NBD reports it as a boundary fit).
    const rng = createRng(1);
    const start = serialFromIso("2023-01-01");
    const rows: unknown[][] = [["Customer ID", "Order date", "Amount"]];
    for (let i = 0; i < 2000; i++) rows.push([`C${1 + Math.floor(rng.uniform() * 200)}`, start + Math.floor(rng.uniform() * 730), Math.round(1000 + 9000 * rng.uniform()) / 100]);
    const planner = new LocalPlanner(inputFromRows(rows), { aborted: false });
    const options = await planner.prepare({ ...VALUES, model: "Pareto/NBD" });
    await expect(planner.plan("cohorts", options, () => {})).resolves.toMatchObject({ kind: "cohorts" });
    const failure = await planner.plan("model", options, () => {}).catch((e) => e);
    expect(failure).toBeInstanceOf(SheetFailed);
    expect(failure.modelFit).toBe(true);
    expect(String(failure.message)).toMatch(/Pareto\/NBD.*no finite maximum/);
    // The dashboard needs the same fit: it fails with the same error, without fitting again.
    const again = await planner.plan("dashboard", options, () => {}).catch((e) => e);
    expect(again.error).toBe(failure.error);
    await expect(planner.plan("rfm", options, () => {})).resolves.toMatchObject({ kind: "rfm" });
  });

  it("stops with Cancelled when the signal is set", async () => {
    const signal = { aborted: false };
    const planner = new LocalPlanner(cdnowInput(), signal);
    const options = await planner.prepare(VALUES);
    signal.aborted = true;
    await expect(planner.plan("rfm", options, () => {})).rejects.toBeInstanceOf(Cancelled);
  });
});

describe("what crosses to the planning worker", () => {
  it("coded transactions decode to the same columns (each distinct id and channel once)", async () => {
    const rows = cdnowSheetRows().map((r, i) => (i === 0 ? [...r, "Channel"] : [...r, ["web", "store"][i % 2]]));
    const t = inputFromRows(rows).transactions;
    expect(t.channel).toBeDefined();
    const coded = await codeTransactions(t, { aborted: false });
    expect(coded.customer.values.length).toBe(2357);
    expect(coded.channel!.values).toEqual(["store", "web"]);
    expect(decodeTransactions(coded)).toEqual(t);
  });

  it("a plan sent in chunks is received with the same cells at the same places, no message over the chunk size", async () => {
    const input = cdnowInput();
    const plan = buildSheet("rfm", input, VALUES);
    const messages: FromWorker[] = [];
    const chunk = 4000;
    sendPlan(plan, (m) => messages.push(structuredClone(m)), chunk);
    const rows = messages.filter((m) => m.type === "rows");
    // 2,357 customers × 9 columns = 21,213 cells: six pieces of at most 4,000 cells (444 rows).
    expect(rows).toHaveLength(Math.ceil(2357 / Math.floor(chunk / 9)));
    for (const m of rows) expect(m.type === "rows" && m.cells).toBeLessThanOrEqual(chunk);
    expect(PLAN_CHUNK_CELLS).toBeGreaterThan(chunk);
    const receiver = new PlanReceiver();
    for (const m of messages) receiver.take(m);
    const received = receiver.result();
    // Everything but the writes as sent; the writes put the same cells in the same places.
    expect({ ...received, writes: [] }).toEqual({ ...plan, writes: [] });
    const cellsOf = (p: typeof plan): Map<string, unknown> => {
      const out = new Map<string, unknown>();
      for (const w of p.writes) w.cells.forEach((line, i) => line.forEach((v, j) => out.set(`${w.kind} ${w.row + i},${w.column + j}`, v)));
      return out;
    };
    expect(cellsOf(received)).toEqual(cellsOf(plan));
    expect(planCellCount(received)).toBe(planCellCount(plan));
    expect(received.writes.length).toBe(plan.writes.length - 1 + rows.length);
  });

  it("without Web Workers (Node) the pane plans on its own thread", () => {
    expect(typeof (globalThis as { Worker?: unknown }).Worker).toBe("undefined");
    expect(createPlanner(cdnowInput(), { aborted: false })).toBeInstanceOf(LocalPlanner);
  });
});
