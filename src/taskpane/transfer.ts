/**
 * What the pane and its planning worker (plan.worker.ts) send each other, and how, so that no single
 * message is data-sized. Structured cloning runs on the sending and the receiving thread in one go: a
 * million customer-id strings, or a sheet plan with 2.6 million cells, would each block the page for
 * hundreds of milliseconds. Therefore:
 * - the transactions go as typed arrays (copied as memory) with the text columns coded: each distinct
 *   customer id or label once, and per row its Int32 code; the coding runs in slices on the page;
 * - a plan comes back as its skeleton (formats, charts, small writes) followed by the rows of its large
 *   writes in messages of about PLAN_CHUNK_CELLS cells as JSON text, parsed on the page only when the
 *   renderer writes them (so that the page never holds a whole plan's cells as objects).
 */
import type { CustomerId } from "../core/data/customerIds";
import { yieldToHost, type CancelSignal, Cancelled } from "../runtime/scheduling";
import type { BuildOptions, SheetKind } from "./builders/types";
import { ValueCoder } from "../core/data/valueCodes";
import type { ColumnMapping } from "./columns";
import type { DataSource, Transactions } from "./dataset";
import type { Cell, SheetPlan, Write } from "./plan";

/** Cells per message of a plan's rows (each message deserialises in a few milliseconds). */
export const PLAN_CHUNK_CELLS = 50_000;
/** Rows coded between two yields to the page. */
const CODE_SLICE_ROWS = 25_000;

/** A text column: each distinct value once, and per row the index of its value. */
export interface CodedColumn<T> {
  readonly values: T[];
  readonly codes: Int32Array;
}

export interface CodedTransactions {
  readonly customer: CodedColumn<CustomerId>;
  readonly date: Float64Array;
  readonly amount: Float64Array;
  readonly cost?: Float64Array;
  readonly channel?: CodedColumn<string>;
  readonly segment?: CodedColumn<string>;
  readonly sheetRow: Int32Array;
  readonly length: number;
}

async function codeColumn<T>(column: readonly T[], signal: CancelSignal): Promise<CodedColumn<T>> {
  const codes = new Int32Array(column.length);
  const coder = new ValueCoder();
  for (let start = 0; start < column.length; start += CODE_SLICE_ROWS) {
    const end = Math.min(column.length, start + CODE_SLICE_ROWS);
    for (let i = start; i < end; i++) codes[i] = coder.code(column[i]);
    await yieldToHost();
    if (signal.aborted) throw new Cancelled("The build was cancelled; no sheet was left behind.");
  }
  return { values: coder.values as T[], codes };
}

function decodeColumn<T>(c: CodedColumn<T>): T[] {
  const out: T[] = new Array(c.codes.length);
  for (let i = 0; i < c.codes.length; i++) out[i] = c.values[c.codes[i]];
  return out;
}

const coded = new WeakMap<Transactions, CodedTransactions>();

/** The transactions coded for a worker (in slices; remembered for the next build of the same data). */
export async function codeTransactions(t: Transactions, signal: CancelSignal): Promise<CodedTransactions> {
  const known = coded.get(t);
  if (known) return known;
  const result: CodedTransactions = {
    customer: await codeColumn(t.customer, signal),
    date: t.date,
    amount: t.amount,
    cost: t.cost,
    channel: t.channel ? await codeColumn(t.channel, signal) : undefined,
    segment: t.segment ? await codeColumn(t.segment, signal) : undefined,
    sheetRow: t.sheetRow,
    length: t.length,
  };
  coded.set(t, result);
  return result;
}

export function decodeTransactions(c: CodedTransactions): Transactions {
  return {
    customer: decodeColumn(c.customer),
    date: c.date,
    amount: c.amount,
    cost: c.cost,
    channel: c.channel ? decodeColumn(c.channel) : undefined,
    segment: c.segment ? decodeColumn(c.segment) : undefined,
    sheetRow: c.sheetRow,
    length: c.length,
  };
}

/** A measure the worker took (absolute start: its timeOrigin + startTime), copied into the page's timeline. */
export interface TransferredMeasure {
  readonly name: string;
  readonly start: number;
  readonly duration: number;
}

/** An error as it crosses: enough for the pane's messages (describeError reads name, message, code). */
export interface TransferredError {
  readonly name: string;
  readonly message: string;
  readonly code?: string;
}

export type ToWorker =
  | { readonly type: "prepare"; readonly source: DataSource; readonly mapping: ColumnMapping; readonly transactions: CodedTransactions; readonly options: BuildOptions }
  | { readonly type: "plan"; readonly kind: SheetKind; readonly options: BuildOptions };

export type FromWorker =
  | { readonly type: "prepared"; readonly options: BuildOptions; readonly measures: TransferredMeasure[] }
  | { readonly type: "progress"; readonly fraction: number; readonly message: string }
  /** the plan without the rows of its large writes; `rows[i]` of them follow for write i */
  | { readonly type: "plan"; readonly plan: SheetPlan; readonly rows: Record<number, number> }
  /** `rows` rows of write i (`cells` cells), as the JSON of their cells */
  | { readonly type: "rows"; readonly write: number; readonly rows: number; readonly cells: number; readonly json: string }
  | { readonly type: "planned"; readonly measures: TransferredMeasure[] }
  | { readonly type: "failed"; readonly error: TransferredError; readonly modelFit: boolean; readonly measures: TransferredMeasure[] };

export function transferError(e: unknown): TransferredError {
  const err = e as { name?: unknown; message?: unknown; code?: unknown };
  return {
    name: typeof err?.name === "string" ? err.name : "Error",
    message: typeof err?.message === "string" ? err.message : String(e),
    code: typeof err?.code === "string" ? err.code : undefined,
  };
}

export function restoreError(t: TransferredError): Error {
  const e = new Error(t.message) as Error & { code?: string };
  e.name = t.name;
  if (t.code !== undefined) e.code = t.code;
  return e;
}

/** Sends a plan as its skeleton and then the rows of its large writes in chunks of about `chunkCells`. */
export function sendPlan(plan: SheetPlan, post: (m: FromWorker) => void, chunkCells = PLAN_CHUNK_CELLS): void {
  const rows: Record<number, number> = {};
  const writes: Write[] = plan.writes.map((w, i) => {
    let cells = 0;
    for (const r of w.cells) cells += r.length;
    if (cells <= chunkCells) return w;
    rows[i] = w.cells.length;
    return { ...w, cells: [] };
  });
  post({ type: "plan", plan: { ...plan, writes }, rows });
  for (const key of Object.keys(rows)) {
    const i = Number(key);
    const w = plan.writes[i];
    let start = 0;
    while (start < w.cells.length) {
      let end = start;
      let cells = 0;
      while (end < w.cells.length && (end === start || cells + w.cells[end].length <= chunkCells)) cells += w.cells[end++].length;
      // As JSON text: one flat string to copy, and no objects on the page until the renderer reads it.
      post({ type: "rows", write: i, rows: end - start, cells, json: JSON.stringify(w.cells.slice(start, end)) });
      start = end;
    }
  }
}

/**
 * A block of rows whose cells are parsed from their JSON each time they are read: the renderer reads a
 * write's cells once, writes them and lets them go, so a received plan never holds millions of cell
 * objects on the page at once (each would have to be traced by the garbage collector).
 */
function lazyRows(base: Write, row: number, cellCount: number, json: string, first: boolean): Write {
  const write = { kind: base.kind, row, column: base.column, label: base.label, cellCount, spill: first ? base.spill : undefined };
  Object.defineProperty(write, "cells", { enumerable: true, get: (): Cell[][] => JSON.parse(json) as Cell[][] });
  return write as unknown as Write;
}

/**
 * Reassembles a plan from the messages of `sendPlan`: a large write becomes consecutive writes of its
 * chunks (the same cells at the same places), each materialised only when it is rendered.
 */
export class PlanReceiver {
  private plan?: SheetPlan;
  private chunks = new Map<number, { rows: number; cells: number; json: string }[]>();

  take(m: FromWorker): void {
    if (m.type === "plan") {
      this.plan = m.plan;
      this.chunks = new Map(Object.keys(m.rows).map((k) => [Number(k), []]));
    } else if (m.type === "rows") {
      this.chunks.get(m.write)?.push({ rows: m.rows, cells: m.cells, json: m.json });
    }
  }

  result(): SheetPlan {
    if (!this.plan) throw new Error("no plan was received");
    const plan = this.plan;
    this.plan = undefined;
    const writes: Write[] = [];
    plan.writes.forEach((w, i) => {
      const chunks = this.chunks.get(i);
      if (!chunks) {
        writes.push(w);
        return;
      }
      let row = w.row;
      chunks.forEach((c, k) => {
        writes.push(lazyRows(w, row, c.cells, c.json, k === 0));
        row += c.rows;
      });
    });
    this.chunks.clear();
    return { ...plan, writes };
  }
}
