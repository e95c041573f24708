/** Helpers for reading sheet plans in tests. */
import type { Cell, SheetPlan, Write } from "../../src/taskpane/plan";
import { cellAddress } from "../../src/taskpane/a1";
import { SAFE_PAYLOAD_BYTES, formulaPayloads } from "../../src/taskpane/payload";
import type { BuildInput } from "../../src/taskpane/builders/types";

/** The writes with a label, in plan order. */
export function writesLabelled(plan: SheetPlan, label: string): Write[] {
  return plan.writes.filter((w) => w.label === label);
}

export function writeLabelled(plan: SheetPlan, label: string): Write {
  const found = writesLabelled(plan, label);
  if (found.length !== 1) throw new Error(`expected one write labelled '${label}', found ${found.length}: ${plan.writes.map((w) => w.label).join(", ")}`);
  return found[0];
}

/** Every written cell of a plan by A1 address (later writes win). */
export function planGrid(plan: SheetPlan): Map<string, Cell> {
  const grid = new Map<string, Cell>();
  for (const w of plan.writes) {
    w.cells.forEach((row, i) => row.forEach((v, j) => grid.set(cellAddress(w.row + i, w.column + j), v)));
  }
  return grid;
}

/** All formulas of a plan. */
export function planFormulas(plan: SheetPlan): string[] {
  const out: string[] = [];
  for (const w of plan.writes) if (w.kind === "formulas") for (const row of w.cells) for (const v of row) if (typeof v === "string" && v.startsWith("=")) out.push(v);
  return out;
}

/** Cells written anywhere in the plan must never overlap (a spill would hit #SPILL!). */
export function overlaps(plan: SheetPlan): string[] {
  const owner = new Map<string, string>();
  const clashes: string[] = [];
  for (const w of plan.writes) {
    const rows = w.spill?.rows ?? w.cells.length;
    const cols = w.spill?.columns ?? w.cells.reduce((c, r) => Math.max(c, r.length), 0);
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) {
        if (!w.spill && (w.cells[i]?.[j] === undefined)) continue;
        const key = cellAddress(w.row + i, w.column + j);
        const prev = owner.get(key);
        if (prev !== undefined) clashes.push(`${key}: ${prev} / ${w.label ?? "?"}`);
        owner.set(key, w.label ?? "?");
      }
    }
  }
  return clashes;
}

/**
 * The live CLV.* formulas of a plan whose estimated payload (arguments plus result, payload.ts) is
 * above the safe threshold, as "cell: label (bytes)". Builds of any size must leave this empty: Excel
 * caps a custom function's payload at about 5 MB.
 */
export function oversizedLiveFormulas(plan: SheetPlan, input: BuildInput): string[] {
  return formulaPayloads(plan, input)
    .filter((p) => p.inBytes + p.outBytes > SAFE_PAYLOAD_BYTES)
    .map((p) => `${cellAddress(p.row, p.column)}: ${p.label ?? p.formula} (${p.inBytes + p.outBytes} bytes)`);
}
