/**
 * One build, from checked data to rendered sheets. The data-sized work (the ledger, the customer
 * summary, the model fits and predictions, the sheet plans of the pure builders) is the planner's
 * (planner.ts): in a Web Worker where the platform has one, so that the page stays responsive, or on
 * this thread in slices. For each chosen sheet the plan is then placed (asking before touching an
 * existing sheet) and rendered with Office.js. The controller (app.ts) supplies the page through
 * `BuildHooks`.
 */
import { Cancelled, type CancelSignal } from "../runtime/scheduling";
import { sheetNameProblem, uniqueSheetName } from "./a1";
import { sheetName, type BuildOptions, type SheetKind } from "./builders/types";
import type { ColumnMapping } from "./columns";
import type { ConflictChoice } from "./conflict";
import type { DataReport, DataSource, Transactions } from "./dataset";
import type { SheetPlan } from "./plan";
import { SheetFailed, type Planner, type PlanSource } from "./planner";
import { NO_DYNAMIC_ARRAYS_REASON, hasDynamicArrays } from "./probe";
import { renderPlan, workbookNames, type RenderProgress } from "./render";
import { timed } from "./timing";
import { createPlanner } from "./workerPlanner";

/** Data read and checked by the pane, ready to build from. */
export interface CheckedData {
  readonly source: DataSource;
  readonly mapping: ColumnMapping;
  readonly transactions: Transactions;
  readonly report: DataReport;
}

export interface BuildHooks {
  readonly signal: CancelSignal;
  progress(p: RenderProgress): void;
  status(text: string): void;
  askConflict(name: string, suggestion: string): Promise<ConflictChoice>;
  built(name: string, plan: SheetPlan): void;
  /** a sheet that could not be built: the error, and whether it is the model fit's (the other sheets went on) */
  failed(name: string, error: unknown, modelFit: boolean): void;
}

/** What a failed fit means for the build, and what the user can do about it. */
export const MODEL_FAILURE_HINT =
  'The sheets that do not need the purchase model were still built. Another model may fit these data: choose it under "Purchase model" and build this sheet again.';

/**
 * Builds the chosen sheets; "cancelled" when the user cancelled at a name conflict. `planner` makes the
 * plans (default: the worker where there is one, see workerPlanner.ts).
 */
export async function runBuild(
  checked: CheckedData,
  chosen: BuildOptions,
  kinds: readonly SheetKind[],
  hooks: BuildHooks,
  planner: (from: PlanSource, signal: CancelSignal) => Planner = createPlanner,
): Promise<"done" | "cancelled"> {
  let options = chosen;
  hooks.status("Preparing the data…");
  // Live sheets need dynamic arrays and payloads Excel accepts; otherwise the sheets are values
  // only and say why (the reason goes on each sheet and into the results list).
  if (!options.valuesOnly && !(await timed("probe", () => Excel.run((context) => hasDynamicArrays(context))))) {
    options = { ...options, valuesOnly: true, valuesOnlyReason: NO_DYNAMIC_ARRAYS_REASON };
  }
  const plans = planner(checked, hooks.signal);
  try {
    hooks.progress({ fraction: 0, message: `Preparing ${checked.transactions.length.toLocaleString("en-US")} rows…` });
    options = await plans.prepare(options);
    // One failed part never discards the others (DESIGN §5): a sheet that cannot be built is reported
    // with the reason and the build goes on.
    for (let i = 0; i < kinds.length; i++) {
      const kind = kinds[i];
      const step = (f: number, message: string): void => hooks.progress({ fraction: (i + f) / kinds.length, message });
      try {
        const plan = await plans.plan(kind, options, step);
        const placed = await timed(`render ${kind}`, () => placeAndRender(checked, plan, hooks, (p) => step(0.4 + 0.6 * p.fraction, p.message)));
        if (placed === "cancelled") return "cancelled";
        hooks.built(placed, plan);
      } catch (e) {
        if (e instanceof Cancelled || hooks.signal.aborted) throw e;
        if (e instanceof SheetFailed) hooks.failed(sheetName(kind, options), e.error, e.modelFit);
        else hooks.failed(sheetName(kind, options), e, false);
      }
    }
    return "done";
  } finally {
    plans.dispose();
  }
}

/** Settles the sheet name with the user and renders; returns the name used, or "cancelled". */
async function placeAndRender(checked: CheckedData, plan: SheetPlan, hooks: BuildHooks, onProgress: (p: RenderProgress) => void): Promise<string | "cancelled"> {
  const problem = sheetNameProblem(plan.name);
  if (problem) throw new Error(`Cannot create the sheet: ${problem}.`);
  const names = await Excel.run((context) => workbookNames(context));
  let name = plan.name;
  let replace = false;
  if (names.sheets.some((s) => s.toLowerCase() === name.toLowerCase())) {
    const suggestion = uniqueSheetName(name, names.sheets);
    const choice = await hooks.askConflict(name, suggestion);
    if (choice === "cancel") return "cancelled";
    if (choice === "keep") name = suggestion;
    else {
      replace = true;
      if (checked.source.sheet.toLowerCase() === name.toLowerCase()) {
        throw new Error(`"${name}" holds the data being analysed, so it cannot be replaced; choose "Keep both".`);
      }
      if (names.sheets.length === 1) throw new Error(`"${name}" is the only sheet in the workbook, so it cannot be replaced; choose "Keep both".`);
      name = names.sheets.find((s) => s.toLowerCase() === plan.name.toLowerCase()) ?? name;
    }
  }
  hooks.status(`Building "${name}"…`);
  await Excel.run((context) =>
    renderPlan(context, plan, { sheetName: name, replaceExisting: replace, takenTableNames: names.tables, signal: hooks.signal, onProgress }),
  );
  return name;
}
