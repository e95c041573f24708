/**
 * Probabilistic CLV model functions: fit BG/NBD, Pareto/NBD, MBG/NBD and Gamma-Gamma to
 * customer summaries, and predict from a fitted (or hand-typed) model table. Thin wrappers: parse the
 * ranges, call src/core/models through the model interface and registry, shape the results. Fits are
 * asynchronous and run in time slices so Excel stays responsive, and are cached by input content.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import { ClvError } from "../core/errors";
import { bgnbd as bgnbdModel } from "../core/models/bgnbd";
import { paretoNbd } from "../core/models/paretonbd";
import { mbgnbd as mbgnbdModel } from "../core/models/mbgnbd";
import { gammaGamma } from "../core/models/gammagamma";
import { MAX_OPPORTUNITIES, makeCountData, makeSpendData } from "../core/models/compress";
import { countModel, requirePrediction, spendModel } from "../core/models/registry";
import { fitToTable, parseModelTable, predictionUnit, type ModelSpec } from "../core/models/table";
import { customerSpend, customerValue } from "../core/models/value";
import { unitsPerMonth } from "../core/data/units";
import { annualToContinuous, annualToPerUnit } from "../core/economics/rates";
import type { CountData, CountModel } from "../core/models/model";
import {
  booleanArg,
  guard,
  guardAsync,
  isOmitted,
  matrixOf,
  numberArg,
  outputCell,
  readNumberColumns,
  cellCount,
  customerColumns,
  fractionArg,
  optionalTimeUnitArg,
  timeUnitArg,
  toExcelError,
  type OutputCell,
} from "./shared/args";
import { fitModel } from "../runtime/fitting";
import { cancelSignal } from "./shared/invocation";

/**
 * Fits a BG/NBD model (Fader, Hardie & Lee 2005) to customer histories and returns the fitted model as a labelled table.
 * @customfunction BGNBD.FIT
 * @helpurl https://localhost:3000/reference.html#bgnbd-fit
 * @param frequency Repeat purchase days per customer (x), or the whole CLV.SUMMARY/SPLIT table with its header row (columns are then picked by header).
 * @param [recency] Time from first to last purchase (t_x), in time_unit; 0 when frequency is 0. Leave out when frequency is a whole table.
 * @param [T] Time from first purchase to the end of observation (age T), in time_unit. Leave out when frequency is a whole table.
 * @param [weights] Number of customers each row stands for (default 1 per row).
 * @param [headers] TRUE (default) to include the "parameter, estimate, std. error" header row.
 * @param [time_unit] Unit of recency and T: "D", "W" (default, as CLV.SUMMARY), "M" or "Y". Written into the table; predictions read it from there.
 * @returns The model table: model, time unit, parameters with standard errors, log-likelihood, AIC, BIC, customers, converged.
 */
export async function bgnbdFit(
  frequency: any[][],
  recency?: any[][],
  T?: any[][],
  weights?: any[][],
  headers?: any,
  time_unit?: any,
  invocation?: CustomFunctions.CancelableInvocation,
): Promise<unknown[][]> {
  return guardAsync(() => fitCountTable(bgnbdModel, frequency, recency, T, weights, headers, time_unit, invocation));
}

/**
 * Fits a Pareto/NBD model (Schmittlein, Morrison & Colombo 1987) to customer histories and returns the fitted model as a labelled table.
 * @customfunction PARETO.FIT
 * @helpurl https://localhost:3000/reference.html#pareto-fit
 * @param frequency Repeat purchase days per customer (x), or the whole CLV.SUMMARY/SPLIT table with its header row (columns are then picked by header).
 * @param [recency] Time from first to last purchase (t_x), in time_unit; 0 when frequency is 0. Leave out when frequency is a whole table.
 * @param [T] Time from first purchase to the end of observation (age T), in time_unit. Leave out when frequency is a whole table.
 * @param [weights] Number of customers each row stands for (default 1 per row).
 * @param [headers] TRUE (default) to include the "parameter, estimate, std. error" header row.
 * @param [time_unit] Unit of recency and T: "D", "W" (default, as CLV.SUMMARY), "M" or "Y". Written into the table; predictions read it from there.
 * @returns The model table: model, time unit, parameters with standard errors, log-likelihood, AIC, BIC, customers, converged.
 */
export async function paretoFit(
  frequency: any[][],
  recency?: any[][],
  T?: any[][],
  weights?: any[][],
  headers?: any,
  time_unit?: any,
  invocation?: CustomFunctions.CancelableInvocation,
): Promise<unknown[][]> {
  return guardAsync(() => fitCountTable(paretoNbd, frequency, recency, T, weights, headers, time_unit, invocation));
}

/**
 * Fits an MBG/NBD model (Batislam, Denizel & Filiztekin 2007: BG/NBD where customers may also drop out right after their first purchase) and returns it as a table.
 * @customfunction MBGNBD.FIT
 * @helpurl https://localhost:3000/reference.html#mbgnbd-fit
 * @param frequency Repeat purchase days per customer (x), or the whole CLV.SUMMARY/SPLIT table with its header row (columns are then picked by header).
 * @param [recency] Time from first to last purchase (t_x), in time_unit; 0 when frequency is 0. Leave out when frequency is a whole table.
 * @param [T] Time from first purchase to the end of observation (age T), in time_unit. Leave out when frequency is a whole table.
 * @param [weights] Number of customers each row stands for (default 1 per row).
 * @param [headers] TRUE (default) to include the "parameter, estimate, std. error" header row.
 * @param [time_unit] Unit of recency and T: "D", "W" (default, as CLV.SUMMARY), "M" or "Y". Written into the table; predictions read it from there.
 * @returns The model table: model, time unit, parameters with standard errors, log-likelihood, AIC, BIC, customers, converged.
 */
export async function mbgnbdFit(
  frequency: any[][],
  recency?: any[][],
  T?: any[][],
  weights?: any[][],
  headers?: any,
  time_unit?: any,
  invocation?: CustomFunctions.CancelableInvocation,
): Promise<unknown[][]> {
  return guardAsync(() => fitCountTable(mbgnbdModel, frequency, recency, T, weights, headers, time_unit, invocation));
}

/**
 * Fits the Gamma-Gamma model of average spend per transaction (Fader & Hardie 2013) and returns it as a table. Customers without repeat purchases or with spend 0 or less are left out and counted.
 * @customfunction GG.FIT
 * @helpurl https://localhost:3000/reference.html#gg-fit
 * @param frequency Repeat purchase days per customer (x), or the whole CLV.SUMMARY/SPLIT table with its header row (columns are then picked by header).
 * @param [monetary] Average value of each customer's repeat purchases (0 when frequency is 0). Leave out when frequency is a whole table.
 * @param [weights] Number of customers each row stands for (default 1 per row).
 * @param [headers] TRUE (default) to include the "parameter, estimate, std. error" header row.
 * @returns The model table: parameters p, q, gamma with standard errors, log-likelihood, AIC, BIC, customers used, converged, and the number left out.
 */
export async function ggFit(frequency: any[][], monetary?: any[][], weights?: any[][], headers?: any, invocation?: CustomFunctions.CancelableInvocation): Promise<unknown[][]> {
  return guardAsync(async () => {
    const includeHeaders = booleanArg("headers", headers, true);
    const cols = customerColumns({ frequency, monetary, weights }, ["monetary"]);
    const { columns, rowIndex } = readNumberColumns({
      frequency: { value: cols.frequency, type: "number", min: 0, integer: true, what: "a number of repeat purchases" },
      monetary: { value: cols.monetary, type: "number", what: "an average spend" },
      weights: { value: cols.weights, type: "number", optional: true, min: 0, what: "a weight" },
    });
    const data = makeSpendData(columns.frequency, columns.monetary, columns.weights, { rowLabel: rowLabelOf(rowIndex) });
    const fit = await fitModel({ model: gammaGamma, data }, { signal: cancelSignal(invocation) });
    return fitToTable(gammaGamma, fit, includeHeaders);
  });
}

/**
 * Expected number of transactions in the next t time units of the model: for each customer given the history, or for a new customer when the history is left out.
 * @customfunction EXPECTED
 * @helpurl https://localhost:3000/reference.html#expected
 * @param model A model table from a *.FIT function (or typed by hand with the same labels).
 * @param t Length of the future period in the model's time unit (its "time unit" row; BG/BB: opportunities); a number or a column.
 * @param [frequency] Repeat purchases per customer (x), or the whole CLV.SUMMARY table; leave the history out for a new customer.
 * @param [recency] Time from first to last purchase (t_x), in the model's time unit.
 * @param [T] Time from first purchase to the end of observation, in the model's time unit (BG/BB: opportunities).
 * @param [time_unit] Optional check: the unit of t, recency and T. Must match the model's "time unit" row.
 * @returns Expected transactions, one per row of the inputs.
 */
export function expected(model: any[][], t: any[][], frequency?: any[][], recency?: any[][], T?: any[][], time_unit?: any): unknown[][] {
  return guard(() => {
    const spec = modelArg(model);
    predictionUnit(spec, optionalTimeUnitArg("time_unit", time_unit));
    const cm = countModel(spec.model, "CLV.EXPECTED");
    const p = spec.params;
    const discrete = cm.timeDomain === "discrete";
    const tSpec = { type: "number" as const, min: 0, max: horizonLimit(discrete), integer: discrete, what: discrete ? "a whole number of opportunities" : "a length of time" };
    const given = [frequency, recency, T].filter((v) => !isOmitted(v)).length;
    if (given === 0) {
      const { columns, rowIndex, inputRows } = readNumberColumns({ t: { value: t, ...tSpec } });
      return perRow(rowIndex, inputRows, (i) => cm.expectedNew(p, columns.t[i]));
    }
    const cols = customerColumns({ frequency, recency, T }, ["recency", "T"]);
    const tCells = cellCount(t);
    const singleHistory = [cols.frequency, cols.recency, cols.T].every((v) => cellCount(v) === 1);
    if (tCells > 1 && singleHistory) {
      // One customer, several horizons: the result follows t.
      const h = readHistory(cm, cols.frequency, cols.recency, cols.T);
      const { columns, rowIndex, inputRows } = readNumberColumns({ t: { value: t, ...tSpec } });
      return perRow(rowIndex, inputRows, (i) => cm.expected(p, columns.t[i], h.data.x[0], h.data.tx[0], h.data.T[0]));
    }
    if (tCells > 1) {
      const { columns, rowIndex, inputRows } = readNumberColumns({ ...historySpecs(cols.frequency, cols.recency, cols.T), t: { value: t, ...tSpec } });
      const d = checkedHistories(cm, columns.frequency, columns.recency, columns.T, rowIndex);
      return perRow(rowIndex, inputRows, (i) => cm.expected(p, columns.t[i], d.x[i], d.tx[i], d.T[i]));
    }
    const horizon = numberArg("t", t, { min: 0, max: horizonLimit(discrete), integer: discrete });
    const h = readHistory(cm, cols.frequency, cols.recency, cols.T);
    return perRow(h.rowIndex, h.inputRows, (i) => cm.expected(p, horizon, h.data.x[i], h.data.tx[i], h.data.T[i]));
  });
}

/**
 * Probability that each customer is still active (alive) given the purchase history.
 * @customfunction PALIVE
 * @helpurl https://localhost:3000/reference.html#palive
 * @param model A model table from a *.FIT function (or typed by hand with the same labels).
 * @param frequency Repeat purchases per customer (x), or the whole CLV.SUMMARY/SPLIT table with its header row (columns are then picked by header).
 * @param [recency] Time from first to last purchase (t_x), in the model's time unit. Leave out when frequency is a whole table.
 * @param [T] Time from first purchase to the end of observation, in the model's time unit (BG/BB: opportunities). Leave out with a whole table.
 * @param [time_unit] Optional check: the unit of recency and T. Must match the model's "time unit" row.
 * @returns P(alive), one per customer row.
 */
export function palive(model: any[][], frequency: any[][], recency?: any[][], T?: any[][], time_unit?: any): unknown[][] {
  return guard(() => {
    const spec = modelArg(model);
    predictionUnit(spec, optionalTimeUnitArg("time_unit", time_unit));
    const cm = countModel(spec.model, "CLV.PALIVE");
    const cols = customerColumns({ frequency, recency, T }, ["recency", "T"]);
    const h = readHistory(cm, cols.frequency, cols.recency, cols.T);
    return perRow(h.rowIndex, h.inputRows, (i) => cm.pAlive(spec.params, h.data.x[i], h.data.tx[i], h.data.T[i]));
  });
}

/**
 * Probability that a new customer makes exactly n repeat transactions in a period of length t.
 * @customfunction PMF
 * @helpurl https://localhost:3000/reference.html#pmf
 * @param model A model table from a *.FIT function (or typed by hand with the same labels).
 * @param n Number of transactions (a whole number or a column of them).
 * @param t Length of the period in the model's time unit (a number, or a column aligned with n).
 * @param [time_unit] Optional check: the unit of t. Must match the model's "time unit" row.
 * @returns P(X(t) = n), one per row.
 */
export function pmf(model: any[][], n: any[][], t: any[][], time_unit?: any): unknown[][] {
  return guard(() => {
    const spec = modelArg(model);
    predictionUnit(spec, optionalTimeUnitArg("time_unit", time_unit));
    const cm = countModel(spec.model, "CLV.PMF");
    const f = requirePrediction(cm, "pmf", "CLV.PMF");
    const discrete = cm.timeDomain === "discrete";
    const nSpec = { type: "number" as const, min: 0, max: MAX_TRANSACTIONS, integer: true, what: "a whole number of transactions" };
    const tSpec = { type: "number" as const, min: 0, max: horizonLimit(discrete), integer: discrete, what: "a length of time" };
    const nCells = cellCount(n);
    const tCells = cellCount(t);
    if (tCells === 1) {
      const len = numberArg("t", t, { min: 0, max: horizonLimit(discrete), integer: discrete });
      const { columns, rowIndex, inputRows } = readNumberColumns({ n: { value: n, ...nSpec } });
      return perRow(rowIndex, inputRows, (i) => f(spec.params, columns.n[i], len));
    }
    if (nCells === 1) {
      const count = numberArg("n", n, { min: 0, integer: true });
      const { columns, rowIndex, inputRows } = readNumberColumns({ t: { value: t, ...tSpec } });
      return perRow(rowIndex, inputRows, (i) => f(spec.params, count, columns.t[i]));
    }
    const { columns, rowIndex, inputRows } = readNumberColumns({ n: { value: n, ...nSpec }, t: { value: t, ...tSpec } });
    return perRow(rowIndex, inputRows, (i) => f(spec.params, columns.n[i], columns.t[i]));
  });
}

/**
 * Discounted expected residual transactions (DERT) of each customer, for Pareto/NBD (Fader, Hardie & Lee 2005) and BG/BB; other models give #N/A.
 * @customfunction DERT
 * @helpurl https://localhost:3000/reference.html#dert
 * @param model A model table from PARETO.FIT or BGBB.FIT (or typed by hand).
 * @param discount Annual discount rate as a fraction (0.15 for 15%), converted to the model's time unit (see CLV.RATE).
 * @param frequency Repeat purchases per customer (x), or the whole CLV.SUMMARY/SPLIT table with its header row (columns are then picked by header).
 * @param [recency] Time from first to last purchase (t_x), in the model's time unit. Leave out when frequency is a whole table.
 * @param [T] Time from first purchase to the end of observation, in the model's time unit (BG/BB: opportunities). Leave out with a whole table.
 * @param [time_unit] Optional check: the unit of recency and T. Must match the model's "time unit" row.
 * @returns DERT, one per customer row; multiply by the margin per transaction for a customer's residual value.
 */
export function dert(model: any[][], discount: any, frequency: any[][], recency?: any[][], T?: any[][], time_unit?: any): unknown[][] {
  return guard(() => {
    const spec = modelArg(model);
    const unit = predictionUnit(spec, optionalTimeUnitArg("time_unit", time_unit));
    const cm = countModel(spec.model, "CLV.DERT");
    const f = requirePrediction(cm, "dert", "CLV.DERT");
    const annual = fractionArg("discount", discount, { positive: true });
    // Pareto/NBD discounts continuously (FHL 2005 eq. 2), BG/BB per opportunity (FHS 2010 eq. 8).
    const rate = cm.timeDomain === "continuous" ? annualToContinuous(annual, unit) : annualToPerUnit(annual, unit);
    const cols = customerColumns({ frequency, recency, T }, ["recency", "T"]);
    const h = readHistory(cm, cols.frequency, cols.recency, cols.T);
    return perRow(h.rowIndex, h.inputRows, (i) => f(spec.params, rate, h.data.x[i], h.data.tx[i], h.data.T[i]));
  });
}

/**
 * Expected average spend per transaction of each customer under a Gamma-Gamma model; customers without repeat purchases get the population mean.
 * @customfunction SPEND
 * @helpurl https://localhost:3000/reference.html#spend
 * @param model A model table from GG.FIT (or typed by hand with rows p, q, gamma).
 * @param frequency Repeat purchases per customer (x), or the whole CLV.SUMMARY/SPLIT table with its header row (columns are then picked by header).
 * @param [monetary] Average value of the customer's repeat purchases (ignored when frequency is 0). Leave out when frequency is a whole table.
 * @returns Expected average spend, one per customer row.
 */
export function spend(model: any[][], frequency: any[][], monetary?: any[][]): unknown[][] {
  return guard(() => {
    const spec = modelArg(model);
    const sm = spendModel(spec.model, "CLV.SPEND");
    const cols = customerColumns({ frequency, monetary }, ["monetary"]);
    const { columns, rowIndex, inputRows } = readNumberColumns({
      frequency: { value: cols.frequency, type: "number", min: 0, integer: true, what: "a number of repeat purchases" },
      monetary: { value: cols.monetary, type: "number", what: "an average spend" },
    });
    return perRow(rowIndex, inputRows, (i) => customerSpend(sm, spec.params, columns.frequency[i], columns.monetary[i], `monetary: row ${rowIndex[i] + 1}`));
  });
}

/**
 * Expected value of each customer over the next months: transactions from a count model times spend from a spend model, discounted. Revenue unless a margin is given (then CLV).
 * @customfunction VALUE
 * @helpurl https://localhost:3000/reference.html#value
 * @param transaction_model A BG/NBD, Pareto/NBD or MBG/NBD model table; recency and T are read in its time unit.
 * @param spend_model A Gamma-Gamma model table from GG.FIT.
 * @param frequency Repeat purchases per customer (x), or the whole CLV.SUMMARY/SPLIT table with its header row (columns are then picked by header).
 * @param [recency] Time from first to last purchase (t_x), in the model's time unit. Leave out when frequency is a whole table.
 * @param [T] Time from first purchase to the end of observation, in the model's time unit. Leave out when frequency is a whole table.
 * @param [monetary] Average value of the customer's repeat purchases, in currency. Leave out when frequency is a whole table.
 * @param [months] Number of months to value (default 12).
 * @param [discount] Annual discount rate as a fraction (default 0.1 for 10%), applied monthly as (1+discount)^(1/12)−1.
 * @param [time_unit] Optional check: the unit of recency and T. Must match the model's "time unit" row.
 * @param [margin] Contribution margin as a fraction of spend (e.g. 0.3). Without it the result is revenue, not CLV.
 * @returns The discounted expected revenue (or CLV with a margin) of each customer over the horizon, one per row.
 */
export function value(
  transaction_model: any[][],
  spend_model: any[][],
  frequency: any[][],
  recency?: any[][],
  T?: any[][],
  monetary?: any[][],
  months?: any,
  discount?: any,
  time_unit?: any,
  margin?: any,
): unknown[][] {
  return guard(() => {
    const tSpec = modelArg(transaction_model, "transaction_model");
    const unit = predictionUnit(tSpec, optionalTimeUnitArg("time_unit", time_unit), "time_unit", "transaction_model");
    const cm = countModel(tSpec.model, "CLV.VALUE", "transaction_model");
    const sSpec = modelArg(spend_model, "spend_model");
    const sm = spendModel(sSpec.model, "CLV.VALUE", "spend_model");
    const horizon = numberArg("months", months, { default: 12, min: 0, max: 1200, integer: true });
    const monthly = annualToPerUnit(fractionArg("discount", discount, { default: DEFAULT_ANNUAL_DISCOUNT }), "M");
    const share = fractionArg("margin", margin, { default: 1 });
    const cols = customerColumns({ frequency, recency, T, monetary }, ["recency", "T", "monetary"]);
    const { columns, rowIndex, inputRows } = readNumberColumns({
      ...historySpecs(cols.frequency, cols.recency, cols.T),
      monetary: { value: cols.monetary, type: "number", what: "an average spend" },
    });
    const d = checkedHistories(cm, columns.frequency, columns.recency, columns.T, rowIndex);
    const perMonth = unitsPerMonth(unit);
    return perRow(rowIndex, inputRows, (i) => {
      const m = customerSpend(sm, sSpec.params, d.x[i], columns.monetary[i], `monetary: row ${rowIndex[i] + 1}`);
      return share * customerValue(cm, tSpec.params, m, d.x[i], d.tx[i], d.T[i], horizon, monthly, perMonth);
    });
  });
}

/**
 * One step from data to forecast: fits a Pareto/NBD model to the customers (cached by content) and returns each customer's expected transactions in the next t time units.
 * @customfunction PARETO
 * @helpurl https://localhost:3000/reference.html#pareto
 * @param frequency Repeat purchase days per customer (x: purchase days after the first), whole numbers.
 * @param recency Time from a customer's first to last purchase (t_x); 0 when frequency is 0.
 * @param T Time from a customer's first purchase to the end of the observation period, in the same unit as recency.
 * @param t Length of the future period in the same unit (a number, or a column aligned with the customers).
 * @returns Expected transactions per customer, aligned with the input rows.
 */
export async function pareto(frequency: any[][], recency: any[][], T: any[][], t: any[][], invocation?: CustomFunctions.CancelableInvocation): Promise<unknown[][]> {
  return guardAsync(() => oneShot(paretoNbd, frequency, recency, T, t, invocation));
}

/**
 * One step from data to forecast: fits a BG/NBD model to the customers (cached by content) and returns each customer's expected transactions in the next t time units.
 * @customfunction BGNBD
 * @helpurl https://localhost:3000/reference.html#bgnbd
 * @param frequency Repeat purchase days per customer (x: purchase days after the first), whole numbers.
 * @param recency Time from a customer's first to last purchase (t_x); 0 when frequency is 0.
 * @param T Time from a customer's first purchase to the end of the observation period, in the same unit as recency.
 * @param t Length of the future period in the same unit (a number, or a column aligned with the customers).
 * @returns Expected transactions per customer, aligned with the input rows.
 */
export async function bgnbd(frequency: any[][], recency: any[][], T: any[][], t: any[][], invocation?: CustomFunctions.CancelableInvocation): Promise<unknown[][]> {
  return guardAsync(() => oneShot(bgnbdModel, frequency, recency, T, t, invocation));
}

/* ----------------------------------------------------------------------------------------------
 * Private helpers (not custom functions)
 * -------------------------------------------------------------------------------------------- */

/** Annual discount rate of CLV.VALUE when none is given (the task pane's default too). */
const DEFAULT_ANNUAL_DISCOUNT = 0.1;

function rowLabelOf(rowIndex: ArrayLike<number>): (i: number) => string {
  return (i) => `row ${rowIndex[i] + 1}`;
}

function modelArg(model: any, name = "model"): ModelSpec {
  return parseModelTable(matrixOf(name, model), name);
}

/**
 * The largest transaction count accepted. Real histories have at most one repeat purchase day per day
 * (a few thousand in decades); beyond this, series whose length grows with the count (the BG/NBD pmf
 * sums n terms) would keep Excel busy for no meaningful answer.
 */
const MAX_TRANSACTIONS = 1_000_000;

/**
 * Discrete-time predictions sum over the future opportunities one by one, so their horizon is capped
 * like transaction counts; continuous-time formulas are closed forms and take any horizon.
 */
function horizonLimit(discrete: boolean): number | undefined {
  return discrete ? MAX_OPPORTUNITIES : undefined;
}

function historySpecs(frequency: any, recency: any, T: any) {
  return {
    frequency: { value: frequency, type: "number" as const, min: 0, max: MAX_TRANSACTIONS, integer: true, what: "a number of repeat purchases" },
    recency: { value: recency, type: "number" as const, min: 0, what: "a length of time" },
    T: { value: T, type: "number" as const, min: 0, what: "a length of time" },
  };
}

function checkedHistories(model: CountModel, x: ArrayLike<number>, tx: ArrayLike<number>, T: ArrayLike<number>, rowIndex: ArrayLike<number>, weights?: ArrayLike<number>): CountData {
  return makeCountData(x, tx, T, weights, {
    discrete: model.timeDomain === "discrete",
    rowLabel: rowLabelOf(rowIndex),
    requireRepeat: false,
    names: model.timeDomain === "discrete" ? { T: "T (opportunities)" } : undefined,
  });
}

function readHistory(model: CountModel, frequency: any, recency: any, T: any) {
  const { columns, rowIndex, inputRows } = readNumberColumns(historySpecs(frequency, recency, T));
  return { data: checkedHistories(model, columns.frequency, columns.recency, columns.T, rowIndex), rowIndex, inputRows };
}

async function fitCountTable(
  model: CountModel,
  frequency: any,
  recency: any,
  T: any,
  weights: any,
  headers: any,
  time_unit: any,
  invocation: CustomFunctions.CancelableInvocation | undefined,
): Promise<unknown[][]> {
  const includeHeaders = booleanArg("headers", headers, true);
  const unit = timeUnitArg("time_unit", time_unit);
  const cols = customerColumns({ frequency, recency, T, weights }, ["recency", "T"]);
  const { columns, rowIndex } = readNumberColumns({
    ...historySpecs(cols.frequency, cols.recency, cols.T),
    weights: { value: cols.weights, type: "number", optional: true, min: 0, what: "a weight" },
  });
  const data = makeCountData(columns.frequency, columns.recency, columns.T, columns.weights, {
    discrete: model.timeDomain === "discrete",
    rowLabel: rowLabelOf(rowIndex),
  });
  const fit = await fitModel({ model, data }, { signal: cancelSignal(invocation) });
  return fitToTable(model, fit, includeHeaders, unit);
}

async function oneShot(model: CountModel, frequency: any, recency: any, T: any, t: any, invocation: CustomFunctions.CancelableInvocation | undefined): Promise<unknown[][]> {
  const tCells = cellCount(t);
  const tSpec = { value: t, type: "number" as const, min: 0, what: "a length of time" };
  const { columns, rowIndex, inputRows } =
    tCells > 1 ? readNumberColumns({ ...historySpecs(frequency, recency, T), t: tSpec }) : readNumberColumns(historySpecs(frequency, recency, T));
  const horizon = tCells > 1 ? undefined : numberArg("t", t, { min: 0 });
  const data = makeCountData(columns.frequency, columns.recency, columns.T, undefined, { rowLabel: rowLabelOf(rowIndex) });
  const fit = await fitModel({ model, data }, { signal: cancelSignal(invocation) });
  const tt = (columns as { t?: number[] }).t;
  return perRow(rowIndex, inputRows, (i) => model.expected(fit.params, horizon ?? tt![i], data.x[i], data.tx[i], data.T[i]));
}


/**
 * One result per kept input row, aligned with the input ranges ("" on ignored blank rows). A core
 * error for one row becomes that cell's error value, so one odd customer does not hide the others.
 */
function perRow(rowIndex: ArrayLike<number>, inputRows: number, f: (i: number) => number): OutputCell[][] {
  const out: OutputCell[][] = Array.from({ length: inputRows }, () => [""]);
  for (let i = 0; i < rowIndex.length; i++) {
    let cell: OutputCell;
    try {
      cell = outputCell(f(i));
    } catch (e) {
      if (!(e instanceof ClvError)) throw e;
      cell = toExcelError(e);
    }
    out[rowIndex[i]][0] = cell;
  }
  return out;
}
