/**
 * The builders behind one entry point. Each is a pure function from the data and the options to
 * a sheet plan; the model and dashboard sheets share the customer summary and, in values-only mode,
 * the model fits, which the pane computes once (asynchronously, with progress) and passes in; the
 * Model check sheet gets its candidate fits the same way. Builders never fit.
 */
import type { SheetPlan } from "../plan";
import { buildCohortSheet } from "./cohorts";
import { buildDashboardSheet } from "./dashboard";
import { buildDecisionsSheet } from "./decisions";
import { buildModelSheet } from "./model";
import { buildModelCheckSheet, type ModelCheckFits } from "./modelCheck";
import { buildRfmSheet } from "./rfm";
import type { ModelData, ModelFits } from "./modelData";
import type { BuildInput, BuildOptions, SheetKind } from "./types";
import { oversizedFormulas, oversizedReason } from "../payload";

export { fitModels, modelData, needsFits, predictAsync, type ModelData, type ModelFits } from "./modelData";
export { fitModelCheck, type ModelCheckFits } from "./modelCheck";

export interface Prepared {
  /** customer summary and holdout split (model and dashboard sheets) */
  readonly data?: ModelData;
  /** model fits (values-only sheets, or per-customer tables too long for live spills) */
  readonly fits?: ModelFits;
  /** the Model check sheet's candidate fits and refits (`fitModelCheck`) */
  readonly checks?: ModelCheckFits;
}

export function buildSheet(kind: SheetKind, input: BuildInput, options: BuildOptions, prepared: Prepared = {}): SheetPlan {
  return buildPlan(kind, input, options, prepared);
}

/**
 * Builds one sheet within Excel's custom-function payload: a live plan in which some CLV.* formula
 * would carry more than the safe payload (payload.ts) is built again as values, with the reason on the
 * sheet, since Excel could not run it. `fitsFor` supplies the model fits that values need (the pane
 * fits asynchronously, with progress); it is called only when the plan has to be rebuilt without them.
 * `checksFor` does the same for the Model check sheet's fits (`fitModelCheck`), whose values need refits.
 */
export async function buildSheetWithinPayload(
  kind: SheetKind,
  input: BuildInput,
  options: BuildOptions,
  prepared: Prepared,
  fitsFor: (options: BuildOptions) => Promise<ModelFits | undefined>,
  checksFor?: (options: BuildOptions) => Promise<ModelCheckFits | undefined>,
): Promise<SheetPlan> {
  const plan = buildPlan(kind, input, options, prepared);
  if (options.valuesOnly) return plan;
  const over = oversizedFormulas(plan, input);
  if (over.length === 0) return plan;
  const values: BuildOptions = { ...options, valuesOnly: true, valuesOnlyReason: oversizedReason(over) };
  const fits = prepared.fits ?? (await fitsFor(values));
  const checks = kind === "modelCheck" && checksFor ? await checksFor(values) : prepared.checks;
  return buildPlan(kind, input, values, { ...prepared, fits, checks });
}

function buildPlan(kind: SheetKind, input: BuildInput, options: BuildOptions, prepared: Prepared): SheetPlan {
  switch (kind) {
    case "cohorts":
      return buildCohortSheet(input, options);
    case "rfm":
      return buildRfmSheet(input, options);
    case "model":
      return buildModelSheet(input, options, prepared.fits, prepared.data);
    case "dashboard":
      return buildDashboardSheet(input, options, prepared.fits, prepared.data);
    case "decisions":
      return buildDecisionsSheet(input, options);
    case "modelCheck":
      return buildModelCheckSheet(input, options, prepared.checks);
  }
}
