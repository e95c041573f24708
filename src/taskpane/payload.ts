/**
 * What a live CLV.* formula hands to the add-in and gets back, in bytes, so that the pane never writes
 * one that Excel cannot run.
 *
 * Excel passes a custom function its range arguments and takes back its result through one payload,
 * capped at about 5 MB ("Excel limits custom-function payloads to 5 MB ... by design", OfficeDev/
 * office-js#4654; Excel on the web also caps every request and response at 5 MB, resource-limits-and-
 * performance-optimization.md). Above it the cell stays #BUSY! or fails. The runtime's encoding of a
 * cell is not documented, so sizes are estimated as the JSON of the 2-D arrays (`[[v],[v],...]`) and
 * compared with a threshold well below the cap; a formula over it is written as values, with a note.
 * Only real Excel can confirm the cap (docs/excel-behaviour.md).
 */
import { columnReference, sourceRows } from "./dataset";
import type { ColumnMapping, Role } from "./columns";
import type { SheetPlan, Write } from "./plan";
import type { BuildInput, BuildOptions } from "./builders/types";

/** Excel's payload cap for a custom function (about 5 MB). */
const PAYLOAD_CAP_BYTES = 5_000_000;
/** What a live formula may carry (arguments plus result): 40 % of the cap, for the unknown encoding. */
export const SAFE_PAYLOAD_BYTES = 0.4 * PAYLOAD_CAP_BYTES;
/** Bytes assumed per result cell (numbers, short labels; customer ids in RFM and SUMMARY tables). */
const RESULT_CELL_BYTES = 16;
/** Bytes assumed per cell of a range on the plan's own sheet (numbers written by the pane). */
const SHEET_CELL_BYTES = 16;

/** JSON size of one cell inside a one-column 2-D array: `[v],`. */
export function cellBytes(v: unknown): number {
  if (typeof v === "number") return (Number.isFinite(v) ? String(v).length : 4) + 3;
  if (typeof v === "string") return JSON.stringify(v).length + 3;
  if (typeof v === "boolean") return (v ? 4 : 5) + 3;
  return 5; // blank: [""],
}

const cache = new WeakMap<BuildInput, Map<Role, number>>();

/** Bytes Excel passes for one data column of the source (blank rows included), computed once per input. */
export function columnBytes(input: BuildInput, role: Role): number {
  let roles = cache.get(input);
  if (!roles) cache.set(input, (roles = new Map()));
  const known = roles.get(role);
  if (known !== undefined) return known;
  const t = input.transactions;
  const column: ArrayLike<unknown> | undefined =
    role === "customer" ? t.customer : role === "date" ? t.date : role === "amount" ? t.amount : role === "cost" ? t.cost : role === "channel" ? t.channel : t.segment;
  let bytes = 2;
  const n = column ? Math.min(column.length, t.length) : 0;
  for (let i = 0; i < n; i++) bytes += cellBytes(column![i]);
  // Rows the parser skipped as blank still travel as blank cells.
  bytes += Math.max(0, sourceRows(input.source) - n) * cellBytes("");
  roles.set(role, bytes);
  return bytes;
}

/** Bytes of the customer, date and amount columns: what every CLV.* call over the data receives. */
export function dataPayloadBytes(input: BuildInput): number {
  return columnBytes(input, "customer") + columnBytes(input, "date") + columnBytes(input, "amount");
}

export interface FormulaPayload {
  /** 1-based cell of the formula on the plan's sheet */
  readonly row: number;
  readonly column: number;
  readonly formula: string;
  readonly label?: string;
  /** estimated bytes of the arguments Excel passes */
  readonly inBytes: number;
  /** estimated bytes of the result */
  readonly outBytes: number;
}

function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

/**
 * The estimated payload of every CLV.* formula in a plan: data columns by their actual contents;
 * spill references (`$A$21#`, `INDEX($A$21#,0,k)`) by the size of the spill the plan expects there;
 * ranges on the sheet by their cell count; the result by the spill the plan expects.
 */
export function formulaPayloads(plan: SheetPlan, input: BuildInput): FormulaPayload[] {
  const roles = Object.keys(input.mapping) as Role[];
  const dataRefs: { ref: string; bytes: number }[] = [];
  for (const role of roles) {
    if ((input.mapping as ColumnMapping)[role] === undefined) continue;
    dataRefs.push({ ref: columnReference(input.source, input.mapping, role), bytes: columnBytes(input, role) });
  }
  // Longer references first, so that a reference that contains another is taken whole.
  dataRefs.sort((a, b) => b.ref.length - a.ref.length);
  const anchors = new Map<string, Write>();
  for (const w of plan.writes) if (w.spill) anchors.set(`${w.row},${w.column}`, w);

  const out: FormulaPayload[] = [];
  for (const w of plan.writes) {
    if (w.kind !== "formulas") continue;
    w.cells.forEach((line, i) =>
      line.forEach((cell, j) => {
        if (typeof cell !== "string" || !/\bCLV\./i.test(cell)) return;
        let text = cell;
        let inBytes = 0;
        for (const d of dataRefs) {
          const parts = text.split(d.ref);
          inBytes += (parts.length - 1) * d.bytes;
          text = parts.join("");
        }
        // INDEX(anchor#,0,k): one column of a spill.
        text = text.replace(/INDEX\(\$?([A-Z]{1,3})\$?(\d+)#,0,\d+\)/g, (_m, col: string, row: string) => {
          const spill = anchors.get(`${row},${columnIndex(col)}`)?.spill;
          inBytes += (spill ? spill.rows : 1) * SHEET_CELL_BYTES;
          return "";
        });
        text = text.replace(/\$?([A-Z]{1,3})\$?(\d+)#/g, (_m, col: string, row: string) => {
          const spill = anchors.get(`${row},${columnIndex(col)}`)?.spill;
          inBytes += (spill ? spill.rows * spill.columns : 1) * SHEET_CELL_BYTES;
          return "";
        });
        text = text.replace(/\$?([A-Z]{1,3})\$?(\d+):\$?([A-Z]{1,3})\$?(\d+)/g, (_m, c1: string, r1: string, c2: string, r2: string) => {
          const cells = (Math.abs(Number(r2) - Number(r1)) + 1) * (Math.abs(columnIndex(c2) - columnIndex(c1)) + 1);
          inBytes += cells * SHEET_CELL_BYTES;
          return "";
        });
        const spill = i === 0 && j === 0 ? w.spill : undefined;
        const outBytes = (spill ? spill.rows * spill.columns : 1) * RESULT_CELL_BYTES;
        out.push({ row: w.row + i, column: w.column + j, formula: cell, label: w.label, inBytes, outBytes });
      }),
    );
  }
  return out;
}

/** The CLV.* formulas of a plan whose payload would exceed the safe threshold. */
export function oversizedFormulas(plan: SheetPlan, input: BuildInput): FormulaPayload[] {
  return formulaPayloads(plan, input).filter((p) => p.inBytes + p.outBytes > SAFE_PAYLOAD_BYTES);
}

function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

/**
 * The options a build must use for its payloads: when the data columns alone exceed the threshold,
 * every CLV.* formula over the data would, so the build is values-only from the start (and the fits
 * are computed in the pane, with progress), with the reason written on each sheet.
 */
export function payloadOptions(input: BuildInput, options: BuildOptions): BuildOptions {
  if (options.valuesOnly) return options;
  const bytes = dataPayloadBytes(input);
  if (bytes <= SAFE_PAYLOAD_BYTES) return options;
  return {
    ...options,
    valuesOnly: true,
    valuesOnlyReason: `live CLV formulas would pass about ${megabytes(bytes)} of data to the add-in, above the ${megabytes(SAFE_PAYLOAD_BYTES)} the pane allows under Excel's 5 MB limit for custom functions.`,
  };
}

/** Why a plan was rebuilt as values: its largest formula, for the note on the sheet. */
export function oversizedReason(over: readonly FormulaPayload[]): string {
  const worst = over.reduce((a, b) => (a.inBytes + a.outBytes >= b.inBytes + b.outBytes ? a : b));
  const what = worst.label ? `the ${worst.label}` : worst.formula.slice(0, 40);
  return `${what} would pass about ${megabytes(worst.inBytes + worst.outBytes)} through a live CLV formula, above the ${megabytes(SAFE_PAYLOAD_BYTES)} the pane allows under Excel's 5 MB limit for custom functions.`;
}
