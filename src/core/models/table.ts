/**
 * Fitted model <-> labelled table (DESIGN §3: "fitted models are values").
 *
 * Layout written by `fitToTable`:
 *   ["model", "<name>", ""]
 *   ["time unit", "W", ""]                             the unit of every time in and out of the model
 *                                                      (not for spend models, which have no clock)
 *   ["parameter", "estimate", "std. error"]          (only when headers is TRUE)
 *   [label, estimate, stdError]                        one row per parameter, in model order
 *   ["log-likelihood", ll, ""]
 *   ["parameters", k, ""]                              number of estimated parameters
 *   ["AIC", 2k − 2LL, ""]                              information criteria (criteria.ts)
 *   ["BIC", k ln n − 2LL, ""]
 *   ["customers", n, ""]
 *   ["converged", TRUE/FALSE, ""]
 *   ["iterations", k, ""]
 *   [label, value, ""]                                 model-specific extra rows, if any
 *   ["status", "boundary: <what it means>", ""]       only for a boundary fit (the limit of the model the
 *                                                      data run to, fitting.ts BoundaryLimit)
 *   ["status", "did not converge: <why>", ""]          only when the fit did not converge
 *
 * Every fit follows that convention: a fit that did not converge still returns its table, with the
 * converged row FALSE and a status row in words (never an error that hides the estimates).
 *
 * `parseModelTable` reads that table back, or a hand-typed one (e.g. parameters copied from a
 * paper): labels are matched case-insensitively (Greek letters accepted for alpha..delta), rows in
 * any order, unknown rows ignored; only the model row and the parameter rows are required, with 2
 * or 3 columns. Problems are #VALUE! naming the label and the row. A table without a "time unit" row
 * (typed by hand) is read in the project's default unit (units.ts, weeks) and says so through
 * `timeUnitStated = false`.
 */
import { invalidArgument } from "../errors";
import { DEFAULT_TIME_UNIT, UNIT_NAMES, describeUnit, parseTimeUnit, type TimeUnit } from "../data/units";
import { aic, bic } from "./criteria";
import type { AnyModel, Fit, Params } from "./model";
import { getModel } from "./registry";

export type TableCell = string | number | boolean;

/** Labels of the standard rows (lower case as written). */
export const TABLE_LABELS = {
  model: "model",
  timeUnit: "time unit",
  header: ["parameter", "estimate", "std. error"] as const,
  logLik: "log-likelihood",
  parameters: "parameters",
  aic: "AIC",
  bic: "BIC",
  customers: "customers",
  converged: "converged",
  iterations: "iterations",
  status: "status",
} as const;

function numberCell(v: number): TableCell {
  return Number.isFinite(v) ? v : "";
}

/** The labelled table of a fitted model (layout above). Non-finite numbers show as "". */
export function fitToTable(model: AnyModel, fit: Fit, headers = true, timeUnit: TimeUnit = DEFAULT_TIME_UNIT): TableCell[][] {
  const rows: TableCell[][] = [[TABLE_LABELS.model, model.name, ""]];
  // A spend model (Gamma-Gamma) is about amounts per transaction: it has no clock.
  if (model.kind !== "spend") rows.push([TABLE_LABELS.timeUnit, timeUnit, ""]);
  if (headers) rows.push([...TABLE_LABELS.header]);
  for (const name of model.paramNames) {
    rows.push([name, numberCell(fit.params[name]), numberCell(fit.stdErrors[name])]);
  }
  const k = model.paramNames.length;
  rows.push([TABLE_LABELS.logLik, numberCell(fit.logLik), ""]);
  rows.push([TABLE_LABELS.parameters, k, ""]);
  rows.push([TABLE_LABELS.aic, numberCell(aic(fit.logLik, k)), ""]);
  rows.push([TABLE_LABELS.bic, numberCell(bic(fit.logLik, k, fit.n)), ""]);
  rows.push([TABLE_LABELS.customers, numberCell(fit.n), ""]);
  rows.push([TABLE_LABELS.converged, fit.converged, ""]);
  rows.push([TABLE_LABELS.iterations, fit.iterations, ""]);
  for (const extra of fit.extras ?? []) {
    rows.push([extra.label, typeof extra.value === "number" ? numberCell(extra.value) : extra.value, ""]);
  }
  if (fit.boundary) rows.push([TABLE_LABELS.status, `boundary: ${fit.boundary}`, ""]);
  if (!fit.converged) rows.push([TABLE_LABELS.status, `did not converge: ${fit.message ?? "the optimiser stopped before the optimum"}`, ""]);
  return rows;
}

/** A table of parameters only (no fit statistics), e.g. for a model built from published values. */
export function paramsToTable(model: AnyModel, params: Params, headers = true, timeUnit: TimeUnit = DEFAULT_TIME_UNIT): TableCell[][] {
  const rows: TableCell[][] = [[TABLE_LABELS.model, model.name, ""]];
  if (model.kind !== "spend") rows.push([TABLE_LABELS.timeUnit, timeUnit, ""]);
  if (headers) rows.push([...TABLE_LABELS.header]);
  for (const name of model.paramNames) rows.push([name, numberCell(params[name]), ""]);
  return rows;
}

/** What a model table says: the model, its parameters, and whatever fit statistics it carries. */
export interface ModelSpec {
  readonly model: AnyModel;
  readonly params: Params;
  /** the unit of every time the model reads and predicts (the default when the table has no row) */
  readonly timeUnit: TimeUnit;
  /** false when the table has no "time unit" row and `timeUnit` is the default */
  readonly timeUnitStated: boolean;
  /** standard errors present in the table (missing ones are absent) */
  readonly stdErrors: Readonly<Record<string, number>>;
  readonly logLik?: number;
  readonly n?: number;
  readonly converged?: boolean;
  readonly iterations?: number;
}

const GREEK: Record<string, string> = { "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta" };

/** A row label as a lookup key: trimmed, lower case, Greek letters spelled out. */
function labelKey(v: unknown): string {
  if (typeof v !== "string") return "";
  const s = v.trim().toLowerCase();
  return GREEK[s] ?? s;
}

function isBlank(v: unknown): boolean {
  return v === null || v === undefined || (typeof v === "string" && v.trim() === "");
}

function asNumber(v: unknown): number | undefined {
  if (typeof v === "number") return Number.isFinite(v) ? v : undefined;
  if (typeof v === "string" && v.trim() !== "") {
    const n = Number(v.trim());
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

function asBoolean(v: unknown): boolean | undefined {
  if (typeof v === "boolean") return v;
  if (typeof v === "string") {
    const s = v.trim().toLowerCase();
    if (s === "true") return true;
    if (s === "false") return false;
  }
  if (typeof v === "number") return v !== 0;
  return undefined;
}

function show(v: unknown): string {
  return typeof v === "string" ? `'${v}'` : String(v);
}

/**
 * Reads a fitted or hand-typed model table. `argName` is the Excel argument's name for messages.
 * Throws #VALUE! when the model row or a parameter row is missing or invalid.
 */
export function parseModelTable(range: readonly (readonly unknown[])[], argName = "model"): ModelSpec {
  if (!Array.isArray(range) || range.length === 0 || !range.every((r) => Array.isArray(r))) {
    throw invalidArgument(`${argName}: expected a model table (a range whose first column holds labels).`);
  }
  let width = 0;
  for (const r of range) width = Math.max(width, r.length);
  if (width < 2) {
    throw invalidArgument(
      `${argName}: a model table needs at least 2 columns (label, value); this range has 1. ` +
        `Select the whole table a *.FIT function returned.`,
    );
  }

  // Index rows by label; remember the first row of each label and catch repeated parameter rows.
  const rowsByLabel = new Map<string, number[]>();
  range.forEach((row, i) => {
    const key = labelKey(row[0]);
    if (!key) return;
    const list = rowsByLabel.get(key);
    if (list) list.push(i);
    else rowsByLabel.set(key, [i]);
  });

  const modelRows = rowsByLabel.get(TABLE_LABELS.model);
  if (!modelRows) {
    throw invalidArgument(
      `${argName}: the table has no 'model' row. Its first column should read 'model' and the ` +
        `second the model name (e.g. BG/NBD), as a *.FIT function writes it.`,
    );
  }
  const nameCell = range[modelRows[0]][1];
  if (typeof nameCell !== "string" || nameCell.trim() === "") {
    throw invalidArgument(
      `${argName}: the 'model' row (row ${modelRows[0] + 1}) has ${isBlank(nameCell) ? "no name" : show(nameCell)}; ` +
        `write the model name, e.g. BG/NBD, next to 'model'.`,
    );
  }
  const model = getModel(nameCell.trim(), argName);

  const params: Record<string, number> = {};
  const stdErrors: Record<string, number> = {};
  for (const name of model.paramNames) {
    const rows = rowsByLabel.get(name.toLowerCase());
    if (!rows) {
      throw invalidArgument(
        `${argName}: the table has no '${name}' row; a ${model.name} table needs rows ` +
          `${model.paramNames.join(", ")} (label in the first column, estimate in the second).`,
      );
    }
    if (rows.length > 1) {
      throw invalidArgument(
        `${argName}: the table has more than one '${name}' row (rows ${rows.map((r) => r + 1).join(", ")}); keep one.`,
      );
    }
    const cell = range[rows[0]][1];
    const v = asNumber(cell);
    if (v === undefined || v <= 0) {
      throw invalidArgument(
        `${argName}: the '${name}' row (row ${rows[0] + 1}) has ${isBlank(cell) ? "no estimate" : show(cell)}, ` +
          `not a positive number; ${model.name} parameters are all positive.`,
      );
    }
    params[name] = v;
    const se = asNumber(range[rows[0]][2]);
    if (se !== undefined) stdErrors[name] = se;
  }
  if (model.checkParams) (model.checkParams as (p: Params) => void)(params);

  const valueOf = (label: string): unknown => {
    const rows = rowsByLabel.get(label);
    return rows ? range[rows[0]][1] : undefined;
  };
  const iterations = asNumber(valueOf(TABLE_LABELS.iterations));
  const unitRows = rowsByLabel.get(TABLE_LABELS.timeUnit);
  let timeUnit = DEFAULT_TIME_UNIT;
  if (unitRows) {
    const cell = range[unitRows[0]][1];
    const parsed = typeof cell === "string" ? parseTimeUnit(cell) : undefined;
    if (!parsed) {
      throw invalidArgument(
        `${argName}: the 'time unit' row (row ${unitRows[0] + 1}) has ${isBlank(cell) ? "no unit" : show(cell)}; ` +
          `write D, W, M or Y (days, weeks, months, years), or delete the row to use ${describeUnit(DEFAULT_TIME_UNIT)}.`,
      );
    }
    timeUnit = parsed;
  }
  return {
    model,
    params,
    timeUnit,
    timeUnitStated: unitRows !== undefined,
    stdErrors,
    logLik: asNumber(valueOf(TABLE_LABELS.logLik)),
    n: asNumber(valueOf(TABLE_LABELS.customers)),
    converged: asBoolean(valueOf(TABLE_LABELS.converged)),
    iterations: iterations === undefined ? undefined : Math.round(iterations),
  };
}

/**
 * The unit predictions use: the table's. An explicit unit argument must agree with it (a model fitted
 * in weeks predicts in weeks; reading days into it would be wrong by a factor of 7).
 */
export function predictionUnit(spec: Pick<ModelSpec, "timeUnit" | "timeUnitStated">, explicit: TimeUnit | undefined, argName = "time_unit", modelArg = "model"): TimeUnit {
  if (explicit === undefined || explicit === spec.timeUnit) return spec.timeUnit;
  const source = spec.timeUnitStated ? `${modelArg} was fitted in ${UNIT_NAMES[spec.timeUnit]} (its 'time unit' row says ${spec.timeUnit})` : `${modelArg} has no 'time unit' row, so it is read in the default unit ${describeUnit(spec.timeUnit)}`;
  throw invalidArgument(
    `${argName} is ${explicit} (${UNIT_NAMES[explicit]}) but ${source}; give the data in ${UNIT_NAMES[spec.timeUnit]} and leave ${argName} out, ` +
      `or refit the model with time_unit "${explicit}"${spec.timeUnitStated ? "" : ` (or add a 'time unit' row reading ${explicit})`}.`,
  );
}
