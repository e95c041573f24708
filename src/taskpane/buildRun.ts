/**
 * One build, from checked data to rendered sheets: the ledger and the customer summary once, the model
 * fits and predictions in scheduler slices (with progress, cancellable), then for each chosen sheet a
 * plan from the pure builders, placed (asking before touching an existing sheet) and rendered with
 * Office.js. The controller (app.ts) supplies the page through `BuildHooks`.
 */
import { buildDailyLedger } from "../core/data/transactions";
import { Cancelled, type CancelSignal } from "../runtime/scheduling";
import { sheetNameProblem, uniqueSheetName } from "./a1";
import { buildSheetWithinPayload, fitModelCheck, fitModels, modelData, needsFits, predictAsync, type ModelCheckFits, type ModelData, type ModelFits } from "./builders";
import { sheetName, type BuildInput, type BuildOptions, type SheetKind } from "./builders/types";
import type { ColumnMapping } from "./columns";
import type { ConflictChoice } from "./conflict";
import type { DataReport, DataSource, Transactions } from "./dataset";
import { payloadOptions } from "./payload";
import type { SheetPlan } from "./plan";
import { NO_DYNAMIC_ARRAYS_REASON, hasDynamicArrays } from "./probe";
import { renderPlan, workbookNames, type RenderProgress } from "./render";
import { timed, timedSync } from "./timing";

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

const nextTick = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

/** Builds the chosen sheets; "cancelled" when the user cancelled at a name conflict. */
export async function runBuild(checked: CheckedData, chosen: BuildOptions, kinds: readonly SheetKind[], hooks: BuildHooks): Promise<"done" | "cancelled"> {
  let options = chosen;
  hooks.status("Preparing the data…");
  const input: BuildInput = {
    source: checked.source,
    mapping: checked.mapping,
    transactions: checked.transactions,
    ledger: timedSync("ledger", () => buildDailyLedger({ customer: checked.transactions.customer, day: checked.transactions.date, amount: checked.transactions.amount })),
  };
  // Live sheets need dynamic arrays and payloads Excel accepts; otherwise the sheets are values
  // only and say why (the reason goes on each sheet and into the results list).
  if (!options.valuesOnly && !(await timed("probe", () => Excel.run((context) => hasDynamicArrays(context))))) {
    options = { ...options, valuesOnly: true, valuesOnlyReason: NO_DYNAMIC_ARRAYS_REASON };
  }
  options = timedSync("payload estimate", () => payloadOptions(input, options));
  let data: ModelData | undefined;
  let fits: ModelFits | undefined;
  let checks: ModelCheckFits | undefined;
  // One failed part never discards the others (DESIGN §5): a sheet that cannot be built is reported
  // with the reason and the build goes on. A summary or a fit that failed once fails only the sheets
  // that need it, without being tried again.
  let dataError: { error: unknown } | undefined;
  let fitError: { error: unknown } | undefined;
  for (let i = 0; i < kinds.length; i++) {
    const kind = kinds[i];
    const step = (f: number, message: string): void => hooks.progress({ fraction: (i + f) / kinds.length, message });
    try {
      if (kind === "model" || kind === "dashboard") {
        if (dataError) throw dataError.error;
        if (!data) {
          step(0, `Summarising ${input.transactions.length.toLocaleString("en-US")} rows by customer…`);
          await nextTick();
          try {
            data = timedSync("summary", () => modelData(input, options));
          } catch (e) {
            dataError = { error: e };
            throw e;
          }
        }
      }
      const fitFor = async (opts: BuildOptions): Promise<ModelFits | undefined> => {
        if (data && !fits && needsFits(kind, input, opts)) {
          if (fitError) throw fitError.error;
          step(0, `Fitting the models to ${data.summary.customer.length.toLocaleString("en-US")} customers…`);
          try {
            const d = data;
            fits = await timed("fits", () => fitModels(d, opts, { signal: hooks.signal, onProgress: (m) => step(0.2, m) }));
            const f = fits;
            await timed("predictions", () => predictAsync(d.summary, f, opts, { signal: hooks.signal, onProgress: (m) => step(0.3, m) }));
          } catch (e) {
            if (!(e instanceof Cancelled) && !hooks.signal.aborted) fitError = { error: e };
            fits = undefined;
            throw e;
          }
        }
        return fits;
      };
      // The Model check sheet's candidate fits (and, for values, its refits), in slices like the others.
      const checksFor = async (opts: BuildOptions): Promise<ModelCheckFits | undefined> => {
        if (kind === "modelCheck" && (!checks || (opts.valuesOnly && !checks.refits))) {
          step(0, "Fitting the candidate models…");
          checks = await fitModelCheck(input, opts, { signal: hooks.signal, onProgress: (m) => step(0.2, m) });
        }
        return checks;
      };
      await fitFor(options);
      await checksFor(options);
      step(0.4, `Planning ${sheetName(kind, options)}…`);
      await nextTick();
      // A sheet whose live formulas would exceed Excel's payload is built as values (with fits).
      const plan = await timed(`plan ${kind}`, () => buildSheetWithinPayload(kind, input, options, { data, fits, checks }, fitFor, checksFor));
      const placed = await timed(`render ${kind}`, () => placeAndRender(checked, plan, hooks, (p) => step(0.4 + 0.6 * p.fraction, p.message)));
      if (placed === "cancelled") return "cancelled";
      hooks.built(placed, plan);
    } catch (e) {
      if (e instanceof Cancelled || hooks.signal.aborted) throw e;
      hooks.failed(sheetName(kind, options), e, fitError !== undefined && e === fitError.error);
    }
  }
  return "done";
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
