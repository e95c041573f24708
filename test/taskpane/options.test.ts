/**
 * The pane's options form: values converted (percent to fractions), ranges enforced with a message
 * naming the field, and the model one the pane offers (from the registry).
 */
import { describe, expect, it } from "vitest";
import { readOptions } from "../../src/taskpane/options";
import { DEFAULT_OPTIONS, PANE_MODELS } from "../../src/taskpane/builders/types";
import { serialFromIso } from "../../src/core/data/dates";

function field(value: string, checked = false) {
  return { value, checked, disabled: false, focused: false, focus() { this.focused = true; } };
}

/** The fake fields in the shape readOptions reads (value, checked, focus). */
const asForm = (ui: ReturnType<typeof form>) => ui as unknown as Parameters<typeof readOptions>[0];

function form(over: Record<string, ReturnType<typeof field>> = {}) {
  const ui = {
    optValuesOnly: field("", false),
    optCohortUnit: field("M"),
    optModel: field("Pareto/NBD"),
    optTimeUnit: field("W"),
    optHorizon: field("24"),
    optDiscount: field("10"),
    optMargin: field("30"),
    optCac: field(""),
    optHoldout: field("", true),
    optCalibrationEnd: field("1997-09-30"),
    ...over,
  };
  return ui;
}

describe("readOptions", () => {
  it("reads the form: percentages as fractions, the holdout date as a serial, no CAC when blank", () => {
    const o = readOptions(asForm(form()));
    expect(o).toMatchObject({ model: "Pareto/NBD", timeUnit: "W", horizon: 24, annualDiscount: 0.1, margin: 0.3, holdout: true, valuesOnly: false });
    expect(o.cac).toBeUndefined();
    expect(o.calibrationEnd).toBe(serialFromIso("1997-09-30"));
  });

  it("refuses out-of-range numbers naming the field, and focuses it", () => {
    const f = form({ optMargin: field("120") });
    expect(() => readOptions(asForm(f))).toThrow("Contribution margin must be a number from 0 to 100.");
    expect(f.optMargin.focused).toBe(true);
    // An empty margin is no margin: values are revenue (DESIGN §2), never a silent 100 %.
    expect(readOptions(asForm(form({ optMargin: field("") }))).margin).toBeUndefined();
    expect(() => readOptions(asForm(form({ optHorizon: field("") })))).toThrow(/CLV horizon \(months\)/);
    expect(() => readOptions(asForm(form({ optCalibrationEnd: field("soon") })))).toThrow(/is not a date \(soon\)/);
  });

  it("falls back to the default model for a name the pane does not offer", () => {
    expect(PANE_MODELS).toContain(DEFAULT_OPTIONS.model);
    expect(readOptions(asForm(form({ optModel: field("BG/BB") }))).model).toBe(DEFAULT_OPTIONS.model);
  });
});
