/**
 * Measuring and governing models: likelihood at given parameters, model comparison, tracking and
 * holdout checks, accuracy, decay, data quality, fairness of tiers and a plain-language reading.
 * Thin wrappers: parse the ranges, call src/core/measure, shape the tables.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import { widestRow } from "../core/data/cells";
import { readTransactionCells } from "../core/data";
import { DAYS_PER_UNIT, type TimeUnit } from "../core/data/dates";
import { buildDailyLedger } from "../core/data/transactions";
import { makeCountData, makeSpendData } from "../core/models/compress";
import { prepareSurvivors } from "../core/models/sbg";
import { countModel, getModel } from "../core/models/registry";
import { parseModelTable, type ModelSpec } from "../core/models/table";
import type { CountModel } from "../core/models/model";
import { accuracyMetrics, DECILES } from "../core/measure/accuracy";
import { explainModel } from "../core/measure/explain";
import { tierAudit } from "../core/measure/fairness";
import { byFrequency, compareOn, predictHoldout, type HoldoutData } from "../core/measure/holdout";
import { countLikelihood, retentionLikelihood, spendLikelihood } from "../core/measure/likelihood";
import { DEFAULT_MODEL_UNIT, tableTimeUnit } from "../core/measure/modelUnit";
import { splitModelTables } from "../core/measure/modelTables";
import { qualityReport } from "../core/measure/quality";
import { refitSteps } from "../core/measure/refit";
import { trackRepeatPurchases, type TrackingPeriod } from "../core/measure/tracking";
import {
  booleanArg,
  choiceArg,
  dateArg,
  describeCell,
  fail,
  guard,
  guardAsync,
  isBlank,
  isOmitted,
  matrixOf,
  readColumns,
  readNumberColumns,
  flattenRange,
  table,
  type CellValue,
} from "./shared/args";
import { runCached } from "../runtime/fitting";
import { cancelSignal } from "./shared/invocation";

/**
 * Log-likelihood of the data at the model table's parameters, e.g. a paper's estimates on your data; at a fit's own estimates it equals the table's log-likelihood.
 * @customfunction LOGLIK
 * @helpurl https://localhost:3000/reference.html#loglik
 * @param model A model table from a *.FIT function, or typed by hand with the same labels.
 * @param frequency Repeat purchases per customer (x). sBG: the survivors column.
 * @param recency Time from first to last purchase (t_x); BG/BB: opportunity of the last transaction. Gamma-Gamma: the average repeat spend (monetary).
 * @param [T] Time from first purchase to the end of observation (BG/BB: number of opportunities). Leave blank for Gamma-Gamma and sBG.
 * @param [weights] Number of customers each row stands for (default 1 per row).
 * @returns The log-likelihood, a single number (negative).
 */
export function loglik(model: any[][], frequency: any[][], recency?: any[][], T?: any[][], weights?: any[][]): number {
  return guard(() => {
    const spec = modelArg(model);
    const m = spec.model;
    if (m.kind === "retention") {
      const { columns } = readNumberColumns({ frequency: { value: frequency, type: "number", min: 0, what: "a number of survivors" } });
      return retentionLikelihood(m, spec.params, prepareSurvivors(columns.frequency, "frequency").data).logLik;
    }
    if (m.kind === "spend") {
      const { columns, rowIndex } = readNumberColumns({
        frequency: { value: frequency, type: "number", min: 0, integer: true, what: "a number of repeat purchases" },
        recency: { value: recency, type: "number", what: "an average spend" },
        weights: { value: isOmitted(weights) ? T : weights, type: "number", optional: true, min: 0, what: "a weight" },
      });
      const data = makeSpendData(columns.frequency, columns.recency, columns.weights, { rowLabel: (i) => `row ${rowIndex[i] + 1}`, names: { m: "recency (monetary)" } });
      return spendLikelihood(m, spec.params, data).logLik;
    }
    if (isOmitted(T)) fail(`T is required for ${m.name}: the time from each customer's first purchase to the end of observation.`);
    const discrete = m.timeDomain === "discrete";
    const { columns, rowIndex } = readNumberColumns({
      frequency: { value: frequency, type: "number", min: 0, integer: true, what: "a number of repeat purchases" },
      recency: { value: recency, type: "number", min: 0, what: "a length of time" },
      T: { value: T, type: "number", min: 0, what: "a length of time" },
      weights: { value: weights, type: "number", optional: true, min: 0, what: "a weight" },
    });
    const data = makeCountData(columns.frequency, columns.recency, columns.T, columns.weights, {
      discrete,
      requireRepeat: false,
      rowLabel: (i) => `row ${rowIndex[i] + 1}`,
      names: discrete ? { T: "T (opportunities)" } : undefined,
    });
    return countLikelihood(m, spec.params, data).logLik;
  });
}

/**
 * Compares fitted models side by side on the same calibration/holdout data: parameters, log-likelihood, AIC, BIC, and predicted against actual holdout purchases (total, MAE, RMSE, bias per customer).
 * @customfunction COMPARE
 * @helpurl https://localhost:3000/reference.html#compare
 * @param models Two or more model tables placed side by side (or one under another), each starting with its 'model' row.
 * @param calibration The CLV.SPLIT table (with headers): frequency_cal, recency_cal and T_cal are used; or three columns x, t_x, T.
 * @param holdout The CLV.SPLIT table again (frequency_holdout and duration_holdout are used), or two columns: holdout purchases and holdout length.
 * @returns A table with one column per model: parameters, parameter count, log-likelihood, AIC, BIC, customers, holdout purchases actual and predicted, MAE, RMSE, bias.
 */
export function compare(models: any[][], calibration: any[][], holdout: any[][]): unknown[][] {
  return guard(() => {
    const specs = modelTablesArg(models);
    const cal = calibrationArg(calibration);
    const hold = holdoutArg(holdout, cal.rows);
    const results = specs.map((spec, k) => {
      const cm = countModel(spec.model, "CLV.COMPARE", `models (table ${k + 1})`);
      return compareOn(cm, spec.params, holdoutData(cm, cal, hold));
    });
    const names: string[] = [];
    for (const r of results) for (const p of r.model.paramNames) if (!names.includes(p)) names.push(p);
    const rows: (number | string)[][] = [["model", ...results.map((r) => r.model.name)]];
    for (const p of names) rows.push([p, ...results.map((r) => (p in r.params ? r.params[p] : ""))]);
    const line = (label: string, f: (r: (typeof results)[number]) => number) => rows.push([label, ...results.map(f)]);
    line("parameters", (r) => r.k);
    line("log-likelihood", (r) => r.logLik);
    line("AIC", (r) => r.aic);
    line("BIC", (r) => r.bic);
    line("customers", (r) => r.n);
    line("holdout actual", (r) => r.accuracy.totalActual);
    line("holdout predicted", (r) => r.accuracy.totalPredicted);
    line("MAE per customer", (r) => r.accuracy.mae);
    line("RMSE per customer", (r) => r.accuracy.rmse);
    line("bias per customer", (r) => r.accuracy.bias);
    return table([], rows, false);
  });
}

/**
 * Repeat purchases of the customers acquired by calibration_end, per week (or day, month), actual against the model's prediction, incremental and cumulative, as in Fader, Hardie & Lee (2005) figures 1-2.
 * @customfunction TRACK
 * @helpurl https://localhost:3000/reference.html#track
 * @param model A count model table fitted on the calibration period (BG/NBD, Pareto/NBD, MBG/NBD).
 * @param ids Customer id of each transaction.
 * @param dates Date of each transaction: Excel dates or ISO text such as 1997-01-31.
 * @param calibration_end Last day of the calibration period: customers with a first purchase by then are tracked.
 * @param observation_end Last day tracked.
 * @param [period] "W" weeks of 7 days from the first purchase day (default), "D" days or "M" calendar months.
 * @param [headers] TRUE (default) to put a header row on top of the table.
 * @returns A table: period, period_end (a date), part (calibration/holdout), actual, predicted, cumulative_actual, cumulative_predicted.
 */
export function track(model: any[][], ids: any[][], dates: any[][], calibration_end: any, observation_end: any, period?: any, headers?: any): unknown[][] {
  return guard(() => {
    const raw = matrixOf("model", model);
    const spec = parseModelTable(raw, "model");
    const cm = countModel(spec.model, "CLV.TRACK");
    const unit = tableTimeUnit(raw) ?? DEFAULT_MODEL_UNIT;
    const calEnd = Math.floor(dateArg("calibration_end", calibration_end));
    const obsEnd = Math.floor(dateArg("observation_end", observation_end));
    const per = choiceArg<TrackingPeriod>("period", period, ["W", "D", "M"], "W", { week: "W", weeks: "W", day: "D", days: "D", month: "M", months: "M" });
    const withHeaders = booleanArg("headers", headers, true);
    const tx = readTransactionCells(ids, dates, onesLike(dates), { customer: "ids", day: "dates", amount: "dates" });
    const ledger = buildDailyLedger(tx, { customer: "ids", day: "dates", amount: "dates" });
    const t = trackRepeatPurchases(ledger, cm, spec.params, { calibrationEnd: calEnd, observationEnd: obsEnd, period: per, daysPerUnit: DAYS_PER_UNIT[unit] });
    const rows = t.periodEnd.map((e, i) => [
      i + 1,
      e,
      e <= calEnd ? "calibration" : "holdout",
      t.actualIncremental[i],
      t.predictedIncremental[i],
      t.actualCumulative[i],
      t.predictedCumulative[i],
    ]);
    return table(["period", "period_end", "part", "actual", "predicted", "cumulative_actual", "cumulative_predicted"], rows, withHeaders);
  });
}

/**
 * Mean holdout purchases per customer by calibration frequency (0, 1, ... 6, 7+), actual against the model's conditional expectation, as in Fader, Hardie & Lee (2005) figure 3.
 * @customfunction HOLDOUT.BYFREQ
 * @helpurl https://localhost:3000/reference.html#holdout-byfreq
 * @param model A count model table fitted on the calibration period.
 * @param calibration The CLV.SPLIT table (with headers): frequency_cal, recency_cal and T_cal are used; or three columns x, t_x, T.
 * @param holdout The CLV.SPLIT table again (frequency_holdout and duration_holdout are used), or two columns: holdout purchases and holdout length.
 * @param [headers] TRUE (default) to put a header row on top of the table.
 * @returns A table: frequency, customers, mean_actual, mean_predicted, total_actual, total_predicted; the last row covers all customers.
 */
export function holdoutByFreq(model: any[][], calibration: any[][], holdout: any[][], headers?: any): unknown[][] {
  return guard(() => {
    const spec = modelArg(model);
    const cm = countModel(spec.model, "CLV.HOLDOUT.BYFREQ");
    const withHeaders = booleanArg("headers", headers, true);
    const cal = calibrationArg(calibration);
    const d = holdoutData(cm, cal, holdoutArg(holdout, cal.rows));
    const { bins, all } = byFrequency(d, predictHoldout(cm, spec.params, d));
    const rows = [...bins, all].map((b) => [b.label, b.customers, b.meanActual, b.meanPredicted, b.totalActual, b.totalPredicted]);
    return table(["frequency", "customers", "mean_actual", "mean_predicted", "total_actual", "total_predicted"], rows, withHeaders);
  });
}

/**
 * Accuracy of per-customer predictions: MAE, RMSE, bias, correlation and the share of the actual total captured by each predicted decile, overall and per group; one block per column (e.g. 6 and 12 months).
 * @customfunction ACCURACY
 * @helpurl https://localhost:3000/reference.html#accuracy
 * @param predicted Predictions per customer: one column, or several (one per horizon), optionally with a header row.
 * @param actual What the customers actually did, same shape as predicted.
 * @param [groups] Group of each customer (e.g. acquisition month or channel), for per-group rows.
 * @param [headers] TRUE (default) to put a header row on top of the table.
 * @returns A table: horizon, group, customers, MAE, RMSE, bias, correlation, predicted and actual totals, decile_1 .. decile_10 shares.
 */
export function accuracy(predicted: any[][], actual: any[][], groups?: any[][], headers?: any): unknown[][] {
  return guard(() => {
    const withHeaders = booleanArg("headers", headers, true);
    const p = numberBlock("predicted", predicted);
    const a = numberBlock("actual", actual);
    if (p.columns.length !== a.columns.length) fail(`predicted has ${p.columns.length} columns but actual has ${a.columns.length}; give one actual column per predicted column.`);
    if (p.rows !== a.rows) fail(`predicted has ${p.rows} rows of data but actual has ${a.rows}; select ranges of the same size.`);
    let groupOf: string[] | undefined;
    if (!isOmitted(groups)) {
      const cells = matrixOf("groups", groups).map((r) => r[0]);
      const body = cells.length === p.rows + 1 && p.hasHeader ? cells.slice(1) : cells;
      if (body.length !== p.rows) fail(`groups has ${body.length} rows but predicted has ${p.rows}; select ranges of the same size.`);
      groupOf = body.map((v, i) => (isBlank(v) ? fail(`groups: row ${i + 1} is blank; give every customer a group (or leave groups out).`) : String(v).trim()));
    }
    const rows: (number | string)[][] = [];
    p.columns.forEach((pc, c) => {
      const ac = a.columns[c];
      const keep = p.keep.filter((i) => a.keep.includes(i));
      const sets: [string, number[]][] = [["all", keep]];
      if (groupOf) {
        const labels = [...new Set(keep.map((i) => groupOf![i]))].sort();
        for (const g of labels) sets.push([g, keep.filter((i) => groupOf![i] === g)]);
      }
      for (const [g, idx] of sets) {
        const m = accuracyMetrics(idx.map((i) => pc[i]), idx.map((i) => ac[i]));
        rows.push([p.names[c], g, m.n, m.mae, m.rmse, m.bias, m.correlation, m.totalPredicted, m.totalActual, ...m.deciles]);
      }
    });
    const deciles = Array.from({ length: DECILES }, (_, d) => `decile_${d + 1}`);
    return table(["horizon", "group", "customers", "MAE", "RMSE", "bias", "correlation", "predicted_total", "actual_total", ...deciles], rows, withHeaders).map((r) =>
      r.map((v) => (typeof v === "object" ? "" : v)),
    );
  });
}

/**
 * Refits a count model at each snapshot date and shows how the parameters move (flagging moves above two standard errors) and how far each fit's forecast of the next period was off.
 * @customfunction REFIT
 * @helpurl https://localhost:3000/reference.html#refit
 * @param ids Customer id of each transaction.
 * @param dates Date of each transaction: Excel dates or ISO text such as 1997-01-31.
 * @param amounts Amount of each transaction; negative amounts are returns or refunds.
 * @param snapshot_dates Dates at which to refit, in increasing order.
 * @param [model] Model name ("BG/NBD" default, "Pareto/NBD", "MBG/NBD") or a model table, whose model and time unit are used.
 * @param [headers] TRUE (default) to put a header row on top of the table.
 * @returns A table per snapshot: date, customers, each parameter and its standard error, log-likelihood, converged, next-period end, predicted, actual, relative error, moved.
 */
export async function refit(
  ids: any[][],
  dates: any[][],
  amounts: any[][],
  snapshot_dates: any[][],
  model?: any,
  headers?: any,
  invocation?: CustomFunctions.CancelableInvocation,
): Promise<unknown[][]> {
  return guardAsync(async () => {
    let cm: CountModel;
    let unit: TimeUnit = DEFAULT_MODEL_UNIT;
    const withHeaders = booleanArg("headers", headers, true);
    if (Array.isArray(model) && matrixOf("model", model).some((r) => r.length > 1)) {
      const raw = matrixOf("model", model);
      cm = countModel(parseModelTable(raw, "model").model, "CLV.REFIT");
      unit = tableTimeUnit(raw) ?? DEFAULT_MODEL_UNIT;
    } else {
      cm = countModel(getModel(textArg("model", model, "BG/NBD")), "CLV.REFIT");
    }
    const snaps = readColumns({ snapshot_dates: { value: snapshot_dates, type: "date" } }).columns.snapshot_dates;
    const tx = readTransactionCells(ids, dates, amounts, { customer: "ids", day: "dates", amount: "amounts" });
    const ledger = buildDailyLedger(tx, { customer: "ids", day: "dates", amount: "amounts" });
    const key = `refit|${cm.name}|${unit}|${snaps.join(",")}|${hashLedger(tx.day, tx.amount, tx.customer.codes)}|${hashIds(tx.customer.values)}`;
    const result = await runCached(key, () => refitSteps(ledger, cm, snaps, unit), { signal: cancelSignal(invocation) });
    const header = ["snapshot", "customers"];
    for (const p of cm.paramNames) header.push(p, `se(${p})`);
    header.push("log-likelihood", "converged", "next_end", "predicted", "actual", "relative_error", "moved");
    const rows = result.map((r) => {
      const row: (number | string | boolean)[] = [r.snapshot, r.customers];
      for (const p of cm.paramNames) row.push(r.fit.params[p], Number.isFinite(r.fit.stdErrors[p]) ? r.fit.stdErrors[p] : "");
      row.push(
        r.fit.logLik,
        r.fit.converged,
        r.nextEnd ?? "",
        Number.isFinite(r.predicted) ? r.predicted : "",
        Number.isFinite(r.actual) ? r.actual : "",
        Number.isFinite(r.relativeError) ? r.relativeError : "",
        r.moves.map((m) => `${m.parameter} moved ${m.standardErrors.toFixed(1)} s.e.`).join("; "),
      );
      return row;
    });
    return table(header, rows, withHeaders);
  });
}

/**
 * A data-quality report on a transaction log: rows, customers, same-day rows merged, returns, zero and negative amounts, outliers, dates after the period end, look-alike ids, and customers SUMMARY leaves out.
 * @customfunction QUALITY
 * @helpurl https://localhost:3000/reference.html#quality
 * @param ids Customer id of each transaction.
 * @param dates Date of each transaction: Excel dates or ISO text such as 1997-01-31.
 * @param amounts Amount of each transaction; negative amounts are returns or refunds.
 * @param [period_end] End of the observation period, inclusive (default: the last date in the data).
 * @param [headers] TRUE (default) to put a header row on top of the table.
 * @returns A table: check, count, note (what SUMMARY does with those rows and why).
 */
export function quality(ids: any[][], dates: any[][], amounts: any[][], period_end?: any, headers?: any): unknown[][] {
  return guard(() => {
    const end = isOmitted(period_end) ? undefined : dateArg("period_end", period_end);
    const withHeaders = booleanArg("headers", headers, true);
    const tx = readTransactionCells(ids, dates, amounts, { customer: "ids", day: "dates", amount: "amounts" });
    const rows = qualityReport(tx, end).map((r) => [r.check, r.count, r.note]);
    return table(["check", "count", "note"], rows, withHeaders);
  });
}

/**
 * Fairness audit of value tiers across groups: count and share per tier, each group's top-tier share relative to the best group's (four-fifths rule), a chi-square test of independence and a one-line reading.
 * @customfunction TIER.AUDIT
 * @helpurl https://localhost:3000/reference.html#tier-audit
 * @param tiers Tier of each customer, e.g. from CLV.TIER (High, Medium, Low).
 * @param groups Group of each customer: acquisition month, channel, region...
 * @param [reference_group] Group whose top-tier share the others are compared with (default: the group with the highest share).
 * @param [top_tier] The tier that counts as the top (default: High for CLV.TIER labels, otherwise the first label in sort order).
 * @returns A table: group, customers, count and share per tier, ratio to the reference, below 4/5; then chi-square, degrees of freedom, p-value and the reading.
 */
export function tierAuditFn(tiers: any[][], groups: any[][], reference_group?: any, top_tier?: any): unknown[][] {
  return guard(() => {
    const { columns } = readColumns({ tiers: { value: tiers, type: "text" as const }, groups: { value: groups, type: "text" as const } });
    const reference = isOmitted(reference_group) ? undefined : textArg("reference_group", reference_group);
    const topTier = isOmitted(top_tier) ? undefined : textArg("top_tier", top_tier);
    const audit = tierAudit(columns.tiers as unknown as string[], columns.groups as unknown as string[], { reference, topTier });
    const header = ["group", "customers", ...audit.tiers.map((t) => `${t} count`), ...audit.tiers.map((t) => `${t} share`), `ratio to '${audit.reference}'`, "below 4/5"];
    const width = header.length;
    const line = (r: (typeof audit.groups)[number], isAll: boolean): (number | string | boolean)[] => [
      r.group,
      r.customers,
      ...r.counts,
      ...r.shares,
      isAll ? "" : r.ratio,
      isAll || !Number.isFinite(r.ratio) ? "" : r.ratio < 0.8,
    ];
    const pad = (cells: (number | string)[]) => [...cells, ...new Array(width - cells.length).fill("")];
    const rows: (number | string | boolean)[][] = [header, ...audit.groups.map((g) => line(g, false)), line(audit.all, true)];
    rows.push(pad(["chi-square", audit.chiSquare]), pad(["degrees of freedom", audit.df]), pad(["p-value", Number.isFinite(audit.pValue) ? audit.pValue : ""]), pad(["reading", audit.reading]));
    return table([], rows, false);
  });
}

/**
 * A plain-language reading of a fitted model table: mean purchase rate and its spread, drop-out, expected purchases of a new customer in a year, and the like for every model, with the numbers and units.
 * @customfunction EXPLAIN
 * @helpurl https://localhost:3000/reference.html#explain
 * @param model A model table from a *.FIT function, or typed by hand with the same labels.
 * @param [headers] TRUE (default) to put a header row on top of the table.
 * @returns A table: reading (a sentence), value (the number in it), unit.
 */
export function explain(model: any[][], headers?: any): unknown[][] {
  return guard(() => {
    const raw = matrixOf("model", model);
    const spec = parseModelTable(raw, "model");
    const unit = tableTimeUnit(raw) ?? DEFAULT_MODEL_UNIT;
    const withHeaders = booleanArg("headers", headers, true);
    const rows = explainModel(spec.model, spec.params, unit).map((r) => [r.text, r.value, r.unit]);
    return table(["reading", "value", "unit"], rows, withHeaders);
  });
}

/* ----------------------------------------------------------------------------------------------
 * Private helpers (not custom functions)
 * -------------------------------------------------------------------------------------------- */

/** A text scalar argument (a one-cell range is unwrapped; numbers read as their text). */
function textArg(name: string, value: CellValue, defaultValue?: string): string {
  const cells = Array.isArray(value) ? flattenRange(name, value).cells : [value];
  if (cells.length !== 1) fail(`${name}: expected a single value, got a range of ${cells.length} cells`);
  const v = cells[0];
  if (isBlank(v)) return defaultValue ?? fail(`${name} is required`);
  if (typeof v === "string") return v.trim();
  if (typeof v === "number") return String(v);
  return fail(`${name} is ${describeCell(v)}, not text`);
}

function modelArg(model: any, name = "model"): ModelSpec {
  return parseModelTable(matrixOf(name, model), name);
}

function modelTablesArg(models: any): ModelSpec[] {
  const tables = splitModelTables(matrixOf("models", models));
  if (tables.length === 0) fail("models: no model table found; select fitted tables whose first row reads 'model' and the model name.");
  return tables.map((t, k) => parseModelTable(t, `models (table ${k + 1})`));
}

/** A column of 1s as long as `like` (TRACK counts purchase days; amounts play no part). */
function onesLike(like: any): CellValue[][] {
  const m = Array.isArray(like) ? (like as CellValue[]).map((r) => (Array.isArray(r) ? r : [r])) : [[like]];
  if (m.length === 1 && m[0].length > 1) return [m[0].map((v) => (isBlank(v) ? null : 1))];
  return m.map((r) => [isBlank(r[0]) ? null : 1]);
}

/** Columns of a table picked by header (case-insensitive), or by position when it has no header row. */
function pickColumns(name: string, value: any, wanted: readonly (readonly string[])[], hint: string): { columns: CellValue[][]; hasHeader: boolean } {
  const m = matrixOf(name, value);
  const first = m[0];
  const isHeader = first.some((v) => typeof v === "string" && v.trim() !== "" && Number.isNaN(Number(v)));
  if (isHeader) {
    const labels = first.map((v) => (typeof v === "string" ? v.trim().toLowerCase() : ""));
    const idx = wanted.map((aliases) => {
      for (const a of aliases) {
        const i = labels.indexOf(a.toLowerCase());
        if (i >= 0) return i;
      }
      return fail(`${name}: no '${aliases[0]}' column among the headers (${first.filter((v) => !isBlank(v)).map(describeCell).join(", ")}); ${hint}`);
    });
    return { columns: idx.map((i) => m.slice(1).map((r) => r[i])), hasHeader: true };
  }
  const width = widestRow(m);
  if (width < wanted.length) fail(`${name}: ${width} column${width === 1 ? "" : "s"} without headers; ${hint}`);
  return { columns: wanted.map((_, c) => m.map((r) => r[c])), hasHeader: false };
}

interface Calibration {
  readonly x: ArrayLike<number>;
  readonly tx: ArrayLike<number>;
  readonly T: ArrayLike<number>;
  readonly rowIndex: ArrayLike<number>;
  readonly rows: number;
}

function calibrationArg(calibration: any): Calibration {
  const { columns } = pickColumns(
    "calibration",
    calibration,
    [
      ["frequency_cal", "frequency", "x"],
      ["recency_cal", "recency", "t_x"],
      ["T_cal", "T"],
    ],
    "give the CLV.SPLIT table with its headers, or three columns: frequency, recency, T.",
  );
  const r = readNumberColumns({
    frequency: { value: columns[0].map((v) => [v]), type: "number", min: 0, integer: true, what: "a number of repeat purchases" },
    recency: { value: columns[1].map((v) => [v]), type: "number", min: 0, what: "a length of time" },
    T: { value: columns[2].map((v) => [v]), type: "number", min: 0, what: "a length of time" },
  });
  return { x: r.columns.frequency, tx: r.columns.recency, T: r.columns.T, rowIndex: r.rowIndex, rows: r.inputRows };
}

function holdoutArg(holdout: any, rows: number): { actual: Float64Array; duration: Float64Array; rowIndex: ArrayLike<number> } {
  const { columns } = pickColumns(
    "holdout",
    holdout,
    [
      ["frequency_holdout", "holdout", "x_star"],
      ["duration_holdout", "duration"],
    ],
    "give the CLV.SPLIT table with its headers, or two columns: holdout purchases and holdout length.",
  );
  const r = readNumberColumns({
    frequency_holdout: { value: columns[0].map((v) => [v]), type: "number", min: 0, what: "a number of purchases" },
    duration_holdout: { value: columns[1].map((v) => [v]), type: "number", min: 0, what: "a length of time" },
  });
  if (r.inputRows !== rows) fail(`holdout has ${r.inputRows} rows of data but calibration has ${rows}; use ranges of the same customers.`);
  return { actual: Float64Array.from(r.columns.frequency_holdout), duration: Float64Array.from(r.columns.duration_holdout), rowIndex: r.rowIndex };
}

function holdoutData(model: CountModel, cal: Calibration, hold: ReturnType<typeof holdoutArg>): HoldoutData {
  if (cal.rowIndex.length !== hold.rowIndex.length || Array.from(cal.rowIndex).some((v, i) => hold.rowIndex[i] !== v)) {
    fail("holdout: its blank rows differ from calibration's; both must describe the same customers, row by row.");
  }
  const d = makeCountData(cal.x, cal.tx, cal.T, undefined, {
    discrete: model.timeDomain === "discrete",
    requireRepeat: false,
    rowLabel: (i) => `row ${cal.rowIndex[i] + 1}`,
    names: { x: "calibration (frequency)", tx: "calibration (recency)", T: "calibration (T)" },
  });
  return { ...d, actual: hold.actual, duration: hold.duration };
}

/** A numeric block of one or more columns with an optional header row. */
function numberBlock(name: string, value: any): { columns: number[][]; names: string[]; keep: number[]; rows: number; hasHeader: boolean } {
  const m = matrixOf(name, value);
  const width = widestRow(m);
  const hasHeader = m[0].every((v) => typeof v === "string" && Number.isNaN(Number(v))) && m.length > 1;
  const body = hasHeader ? m.slice(1) : m;
  const names = Array.from({ length: width }, (_, c) => (hasHeader && !isBlank(m[0][c]) ? String(m[0][c]).trim() : width > 1 ? `column ${c + 1}` : name));
  const columns = Array.from({ length: width }, () => new Array<number>(body.length).fill(NaN));
  const keep: number[] = [];
  body.forEach((row, i) => {
    const cells = Array.from({ length: width }, (_, c) => row[c]);
    if (cells.every(isBlank)) return;
    cells.forEach((v, c) => {
      if (typeof v !== "number" || !Number.isFinite(v)) fail(`${name}: row ${i + 1 + (hasHeader ? 1 : 0)}${width > 1 ? `, column ${c + 1}` : ""} is ${describeCell(v)}, not a number.`);
      columns[c][i] = v;
    });
    keep.push(i);
  });
  if (keep.length === 0) fail(`${name}: there are no numbers.`);
  return { columns, names, keep, rows: body.length, hasHeader };
}

/** A content key of the distinct id cells. */
function hashIds(values: readonly unknown[]): string {
  let h = 0x811c9dc5;
  for (const v of values) {
    const text = `${typeof v}:${String(v)}|`;
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619) >>> 0;
  }
  return `${values.length}:${h}`;
}

/** A content key of a transaction log for the fit cache. */
function hashLedger(day: ArrayLike<number>, amount: ArrayLike<number>, codes: ArrayLike<number>): string {
  let h1 = 0x811c9dc5;
  let h2 = 0;
  for (let i = 0; i < day.length; i++) {
    h1 = Math.imul(h1 ^ (day[i] * 1000 + codes[i]), 16777619) >>> 0;
    h2 = (h2 + amount[i] * (i + 1)) % 1e15;
  }
  return `${day.length}:${h1}:${h2}`;
}
