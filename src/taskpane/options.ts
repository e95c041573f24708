/**
 * The build options from the pane's form, validated: every number within its range, the holdout date a
 * date, the model one the pane offers. A bad entry focuses its field and throws a message naming it.
 */
import type { CohortUnit } from "../core/data/calendarPeriods";
import { serialFromIso, type TimeUnit } from "../core/data/dates";
import { DEFAULT_OPTIONS, PANE_MODELS, type BuildOptions } from "./builders/types";
import type { PaneElements } from "./dom";

type OptionInputs = Pick<
  PaneElements,
  "optValuesOnly" | "optCohortUnit" | "optModel" | "optTimeUnit" | "optHorizon" | "optDiscount" | "optMargin" | "optCac" | "optHoldout" | "optCalibrationEnd"
>;

function num(input: HTMLInputElement, name: string, min: number, max = Infinity): number {
  const v = Number(input.value);
  if (input.value.trim() === "" || !Number.isFinite(v) || v < min || v > max) {
    input.focus();
    throw new Error(`${name} must be a number ${max < Infinity ? `from ${min} to ${max}` : `of at least ${min}`}.`);
  }
  return v;
}

export function readOptions(ui: OptionInputs): BuildOptions {
  const cacText = ui.optCac.value.trim();
  const calText = ui.optCalibrationEnd.value.trim();
  let calibrationEnd: number | undefined;
  if (calText) {
    calibrationEnd = serialFromIso(calText);
    if (Number.isNaN(calibrationEnd)) throw new Error(`"Holdout starts after" is not a date (${calText}).`);
  }
  return {
    ...DEFAULT_OPTIONS,
    valuesOnly: ui.optValuesOnly.checked,
    cohortUnit: ui.optCohortUnit.value as CohortUnit,
    model: PANE_MODELS.includes(ui.optModel.value) ? ui.optModel.value : DEFAULT_OPTIONS.model,
    timeUnit: ui.optTimeUnit.value as TimeUnit,
    horizon: Math.round(num(ui.optHorizon, "CLV horizon (months)", 1, 1200)),
    annualDiscount: num(ui.optDiscount, "Annual discount rate", 0, 100) / 100,
    margin: ui.optMargin.value.trim() === "" ? undefined : num(ui.optMargin, "Contribution margin", 0, 100) / 100,
    cac: cacText === "" ? undefined : num(ui.optCac, "CAC", 0),
    holdout: ui.optHoldout.checked,
    calibrationEnd,
  };
}
