/**
 * Discrete-time and contractual models as worksheet functions: BG/BB fits (Fader, Hardie & Shang
 * 2010), sBG fits, survival, retention and DERL (Fader & Hardie 2007, 2010), and seeded simulation of
 * customer histories and transaction logs from any fitted model. Thin wrappers: parse the ranges, call
 * src/core, shape the result (fitted models are labelled tables, src/core/models/table.ts).
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- Excel ranges and results are any[][] (the metadata
   generator accepts only Excel's own types in signatures; cells are OutputCell values). */
import { invalidArgument } from "../core/errors";
import { createRng, type Rng } from "../core/math/random";
import { bgbb } from "../core/models/bgbb";
import { makeCountData } from "../core/models/compress";
import type { Fit, Params, RetentionModel } from "../core/models/model";
import { countModel, requirePrediction, retentionModel, spendModel } from "../core/models/registry";
import { NOMINAL_COHORT, prepareSurvivors, sbg, sbgSimulateLifetimes } from "../core/models/sbg";
import { fitToTable, parseModelTable, predictionUnit, type TableCell } from "../core/models/table";
import { DAYS_PER_UNIT, type TimeUnit } from "../core/data/units";
import { annualToPerUnit } from "../core/economics/rates";
import { simulateCountHistoriesSteps } from "../core/simulate/histories";
import { simulateTransactionsSteps } from "../core/simulate/transactions";
import {
  alignToInput,
  booleanArg,
  dateArg,
  fail,
  flattenRange,
  guard,
  guardAsync,
  isBlank,
  isOmitted,
  matrixOf,
  numberArg,
  outputCell,
  readColumns,
  customerColumns,
  fractionArg,
  optionalTimeUnitArg,
  timeUnitArg,
  type OutputCell,
} from "./shared/args";
import { fitModel } from "../runtime/fitting";
import { runInSlices } from "../runtime/scheduling";
import { cancelSignal } from "./shared/invocation";

/** Largest number of simulated customers one formula may return (Excel's ~5 MB result payload). */
const MAX_SIMULATED_CUSTOMERS = 100_000;
/**
 * Largest number of rows of a simulated transaction log: a row (id, date serial, an amount with 17
 * significant digits) serialises to about 34 bytes, so 125,000 rows stay under Excel's ~5 MB result.
 */
const MAX_SIMULATED_TRANSACTIONS = 125_000;


/**
 * Fits the BG/BB model of discrete-time repeat transactions (Fader, Hardie & Shang 2010) by maximum likelihood, from one row per customer or per pattern with weights.
 * @customfunction BGBB.FIT
 * @helpurl https://localhost:3000/reference.html#bgbb-fit
 * @param frequency Transactions x in the opportunities 1..n (whole numbers), or a whole table with headers frequency, recency, periods and optionally weights.
 * @param [recency] The opportunity t_x of the last transaction (whole number; 0 when frequency is 0). Leave out when frequency is a whole table.
 * @param [periods] The number of transaction opportunities n observed for each row (whole number, at least recency).
 * @param [weights] Number of customers each row stands for (greater than 0); default 1 per row.
 * @param [headers] TRUE (default) to include the "parameter, estimate, std. error" header row.
 * @param [time_unit] Length of one opportunity: "D", "W" (default), "M" or "Y" (e.g. "Y" for yearly campaigns). Recorded in the table.
 * @returns A fitted-model table: model, time unit, alpha, beta, gamma, delta with standard errors, log-likelihood, AIC, BIC, customers, converged.
 */
export async function bgbbFit(
  frequency: any[][],
  recency?: any[][],
  periods?: any[][],
  weights?: any[][],
  headers?: any,
  time_unit?: any,
  invocation?: CustomFunctions.CancelableInvocation,
): Promise<any[][]> {
  return guardAsync(async () => {
    const withHeaders = booleanArg("headers", headers, true);
    const unit = timeUnitArg("time_unit", time_unit);
    const cols = customerColumns({ frequency, recency, periods, weights: weights ?? null }, ["recency", "periods"]);
    const { columns, rowIndex } = readColumns({
      frequency: { value: cols.frequency, type: "number", integer: true, min: 0, what: "a whole number of transactions" },
      recency: { value: cols.recency, type: "number", integer: true, min: 0, what: "a period number" },
      periods: { value: cols.periods, type: "number", integer: true, min: 1, what: "a number of periods" },
      weights: { value: cols.weights, type: "number", optional: true, min: 0, minExclusive: true, what: "a positive weight" },
    });
    if (rowIndex.length === 0) fail("frequency: no customers to fit (the ranges are empty)");
    const data = makeCountData(columns.frequency, columns.recency, columns.periods, columns.weights, {
      discrete: true,
      rowLabel: (i) => `row ${rowIndex[i] + 1}`,
      names: { x: "frequency", tx: "recency", T: "periods", weight: "weights" },
    });
    const fit = await fitModel({ model: bgbb, data }, { signal: cancelSignal(invocation) });
    return tableOut(fitToTable(bgbb, fit, withHeaders, unit));
  });
}

/**
 * Fits the shifted-beta-geometric (sBG) retention model (Fader & Hardie 2007) to the survivors of one cohort.
 * @customfunction SBG.FIT
 * @helpurl https://localhost:3000/reference.html#sbg-fit
 * @param survivors Customers still active at the start of each period, period 0 first (at least 3 values, never rising): counts of a cohort, percentages starting at 100, or fractions starting at 1 (percentages and fractions are scaled to a nominal cohort of 1,000).
 * @param [headers] TRUE (default) to include the "parameter, estimate, std. error" header row.
 * @param [time_unit] Length of one period: "D", "W" (default), "M" or "Y" (e.g. "Y" for annual contracts). Recorded in the table; CLV.SBG.VALUE reads it.
 * @returns A fitted-model table: model, time unit, alpha, beta with standard errors, log-likelihood, AIC, BIC, cohort size, converged, periods.
 */
export async function sbgFit(survivors: any[][], headers?: any, time_unit?: any, invocation?: CustomFunctions.CancelableInvocation): Promise<any[][]> {
  return guardAsync(async () => {
    const withHeaders = booleanArg("headers", headers, true);
    const unit = timeUnitArg("time_unit", time_unit);
    const { columns } = readColumns({ survivors: { value: survivors, type: "number", min: 0, what: "a number of customers" } });
    const prepared = prepareSurvivors(columns.survivors, "survivors");
    const fit = await fitModel({ model: sbg, data: prepared.data }, { signal: cancelSignal(invocation) });
    const note =
      prepared.format === "counts"
        ? "counts"
        : `${prepared.format} (scaled to a nominal cohort of ${NOMINAL_COHORT.toLocaleString("en-US")})`;
    const withFormat: Fit = { ...fit, extras: [...(fit.extras ?? []), { label: "survivors as", value: note }] };
    return tableOut(fitToTable(sbg, withFormat, withHeaders, unit));
  });
}

/**
 * Survival S(t) of a retention model: the probability that a new customer is still active after t periods.
 * @customfunction SURVIVAL
 * @helpurl https://localhost:3000/reference.html#survival
 * @param model A fitted retention model table (from CLV.SBG.FIT) or a hand-typed one with rows model, alpha, beta.
 * @param t Number of periods (0 or more); a number or a column (the result spills alongside).
 * @returns S(t) for each t.
 */
export function survival(model: any[][], t: any): any[][] {
  return guard(() => {
    const spec = parseModelTable(matrixOf("model", model), "model");
    const m = retentionModel(spec.model, "CLV.SURVIVAL");
    return perRow("t", t, { min: 0 }, (v) => m.survival(spec.params, v));
  });
}

/**
 * Retention rate r(t) = S(t)/S(t−1) of a retention model: the share of customers active in period t−1 who renew in period t.
 * @customfunction RETENTION
 * @helpurl https://localhost:3000/reference.html#retention
 * @param model A fitted retention model table (from CLV.SBG.FIT) or a hand-typed one with rows model, alpha, beta.
 * @param t Period number (1 or more); a number or a column (the result spills alongside).
 * @returns r(t) for each t.
 */
export function retention(model: any[][], t: any): any[][] {
  return guard(() => {
    const spec = parseModelTable(matrixOf("model", model), "model");
    const m = retentionModel(spec.model, "CLV.RETENTION");
    return perRow("t", t, { min: 1 }, (v) => m.retention(spec.params, v));
  });
}

/**
 * Discounted expected residual lifetime (Fader & Hardie 2010): the expected number of future renewals, discounted, of a customer who has renewed a given number of times; the next renewal counts in full.
 * @customfunction DERL
 * @helpurl https://localhost:3000/reference.html#derl
 * @param model A fitted retention model table (from CLV.SBG.FIT) or a hand-typed one with rows model, alpha, beta.
 * @param discount Discount rate per period (the model's period), greater than 0, e.g. 0.1 for 10%.
 * @param [renewals] Renewals the customer has made so far (whole number; default 0 = just acquired); a number or a column.
 * @returns DERL in periods (multiply by the margin per period for a value, see CLV.SBG.VALUE).
 */
export function derl(model: any[][], discount: any, renewals?: any): any[][] {
  return guard(() => {
    const { m, params } = retentionSpec(model, "CLV.DERL");
    const d = fractionArg("discount", discount, { positive: true });
    const derlFn = requirePrediction(m, "derl", "CLV.DERL");
    return perRow("renewals", renewals, { min: 0, integer: true, default: 0 }, (n) => derlFn(params, d, n));
  });
}

/**
 * Expected residual value of a contractual customer under the sBG model: margin per period × DERL (Fader & Hardie 2010), discounting at an annual rate.
 * @customfunction SBG.VALUE
 * @helpurl https://localhost:3000/reference.html#sbg-value
 * @param model A fitted sBG table (from CLV.SBG.FIT) or a hand-typed one with rows model, alpha, beta and time unit (the length of a period).
 * @param margin Margin (contribution) per period per customer, e.g. 50.
 * @param discount Annual discount rate, greater than 0 (0.1 for 10%), converted to the model's period length by its "time unit" row.
 * @param [renewals] Renewals the customer has made so far (whole number; default 0 = just acquired); a number or a column.
 * @returns The discounted expected residual value for each renewals value.
 */
export function sbgValue(model: any[][], margin: any, discount: any, renewals?: any): any[][] {
  return guard(() => {
    const { m, params, timeUnit } = retentionSpec(model, "CLV.SBG.VALUE");
    const value = numberArg("margin", margin);
    const d = annualToPerUnit(fractionArg("discount", discount, { positive: true }), timeUnit);
    const derlFn = requirePrediction(m, "derl", "CLV.SBG.VALUE");
    return perRow("renewals", renewals, { min: 0, integer: true, default: 0 }, (n) => value * derlFn(params, d, n));
  });
}

/**
 * Simulates customers from a fitted model with a seeded generator (the same seed gives the same data): histories for count models, lifetimes for sBG.
 * @customfunction SIMULATE
 * @helpurl https://localhost:3000/reference.html#simulate
 * @param model A fitted model table (from a *.FIT function) or a hand-typed one.
 * @param customers Number of customers to simulate (1 to 100,000).
 * @param T Observation length in the model's time unit: each customer's age T for continuous-time models; the number of periods n for BG/BB; the horizon in periods for sBG (lifetimes beyond it are cut at T and marked censored).
 * @param [seed] Seed of the random generator (any number; default 1).
 * @param [headers] TRUE (default) to include a header row.
 * @returns A table with one row per simulated customer.
 */
export async function simulate(model: any[][], customers: any, T: any, seed?: any, headers?: any): Promise<any[][]> {
  return guardAsync(async () => {
    const spec = parseModelTable(matrixOf("model", model), "model");
    const n = customersArg(customers);
    const rng = createRng(numberArg("seed", seed, { default: 1 }));
    const withHeaders = booleanArg("headers", headers, true);
    const m = spec.model;
    if (m.kind === "retention") {
      const horizon = numberArg("T", T, { min: 1, integer: true, hint: "a whole number of periods" });
      const life = simulateLifetimes(m, spec.params, n, rng);
      const rows = Array.from(life, (l, i) => [i + 1, Math.min(l, horizon), l > horizon]);
      return tableOut(withHeaderRow(["customer", "lifetime", "censored"], rows, withHeaders));
    }
    const cm = countModel(m, "CLV.SIMULATE");
    const discrete = cm.timeDomain === "discrete";
    const horizon = numberArg("T", T, discrete ? { min: 1, integer: true, hint: "a whole number of periods" } : { min: 0, minExclusive: true });
    const h = await runInSlices(simulateCountHistoriesSteps(cm, spec.params, n, horizon, rng));
    if (discrete) {
      const rows = Array.from(h.x, (x, i) => [x, h.tx[i], h.T[i]]);
      return tableOut(withHeaderRow(["frequency", "recency", "periods"], rows, withHeaders));
    }
    const rows = Array.from(h.x, (x, i) => [i + 1, x, h.tx[i], h.T[i]]);
    return tableOut(withHeaderRow(["customer", "frequency", "recency", "T"], rows, withHeaders));
  });
}

/**
 * Simulates a transaction log (customer, date, amount) from a fitted count model and a Gamma-Gamma spend model, with a seeded generator. First purchases fall uniformly between the two dates.
 * @customfunction SIMULATE.TRANSACTIONS
 * @helpurl https://localhost:3000/reference.html#simulate-transactions
 * @param model A fitted count model table (BG/NBD, Pareto/NBD, MBG/NBD or BG/BB).
 * @param spend_model A fitted Gamma-Gamma table (rows model, p, q, gamma).
 * @param customers Number of customers to simulate (1 to 100,000; the log is limited to 125,000 rows).
 * @param start_date First day of the simulated period (an Excel date or ISO text such as 2024-01-01).
 * @param end_date Last day of the simulated period (on or after start_date).
 * @param [seed] Seed of the random generator (any number; default 1).
 * @param [time_unit] Optional check: the count model's time unit (BG/BB: length of one opportunity). Read from the model's "time unit" row; must agree with it.
 * @param [headers] TRUE (default) to include a header row.
 * @returns A table with columns customer, date (Excel serial; format the column as a date) and amount.
 */
export async function simulateTransactionsFn(
  model: any[][],
  spend_model: any[][],
  customers: any,
  start_date: any,
  end_date: any,
  seed?: any,
  time_unit?: any,
  headers?: any,
): Promise<any[][]> {
  return guardAsync(async () => {
    const countSpec = parseModelTable(matrixOf("model", model), "model");
    const cm = countModel(countSpec.model, "CLV.SIMULATE.TRANSACTIONS");
    const spendSpec = parseModelTable(matrixOf("spend_model", spend_model), "spend_model");
    spendModel(spendSpec.model, "CLV.SIMULATE.TRANSACTIONS", "spend_model");
    const n = customersArg(customers);
    const start = dateArg("start_date", start_date);
    const end = dateArg("end_date", end_date);
    if (Math.floor(end) < Math.floor(start)) fail(`end_date is before start_date`);
    const seedValue = numberArg("seed", seed, { default: 1 });
    const unit = predictionUnit(countSpec, optionalTimeUnitArg("time_unit", time_unit));
    const withHeaders = booleanArg("headers", headers, true);
    const sp = spendSpec.params;
    const log = await runInSlices(
      simulateTransactionsSteps({ model: cm, params: countSpec.params }, { p: sp.p, q: sp.q, gamma: sp.gamma }, n, start, end, seedValue, {
        daysPerUnit: DAYS_PER_UNIT[unit],
        maxRows: MAX_SIMULATED_TRANSACTIONS,
      }),
    );
    const rows: (number | string | boolean)[][] = new Array(log.length);
    for (let i = 0; i < log.length; i++) rows[i] = [log.customer[i], log.day[i], log.amount[i]];
    return tableOut(withHeaderRow(["customer", "date", "amount"], rows, withHeaders));
  });
}

/* ----------------------------------------------------------------------------------------------
 * Helpers (not custom functions: no @customfunction tag)
 * -------------------------------------------------------------------------------------------- */

function tableOut(rows: readonly (readonly TableCell[])[]): OutputCell[][] {
  return rows.map((r) => r.map((c) => (typeof c === "number" && !Number.isFinite(c) ? "" : c)));
}

function withHeaderRow(headers: readonly string[], rows: (number | string | boolean)[][], include: boolean): (number | string | boolean)[][] {
  return include ? [[...headers], ...rows] : rows;
}

function retentionSpec(model: any[][], fn: string): { m: RetentionModel; params: Params; timeUnit: TimeUnit } {
  const spec = parseModelTable(matrixOf("model", model), "model");
  return { m: retentionModel(spec.model, fn), params: spec.params, timeUnit: spec.timeUnit };
}

function customersArg(customers: any): number {
  const n = numberArg("customers", customers, { min: 1, integer: true });
  if (n > MAX_SIMULATED_CUSTOMERS) {
    throw invalidArgument(
      `customers is ${n}; one formula can return at most ${MAX_SIMULATED_CUSTOMERS.toLocaleString("en-US")} customers ` +
        `(Excel limits a function's result to about 5 MB). Split the simulation over several seeds.`,
    );
  }
  return n;
}

function simulateLifetimes(m: RetentionModel, params: Params, customers: number, rng: Rng): Float64Array {
  if (m.name !== sbg.name) throw invalidArgument(`model: CLV.SIMULATE does not know how to simulate ${m.name}.`);
  return sbgSimulateLifetimes({ alpha: params.alpha, beta: params.beta }, customers, rng);
}

/**
 * Applies `f` to a numeric scalar or to each cell of a column/row argument, spilling a column aligned
 * with the input (blank input cells give ""). An omitted optional argument uses `options.default`.
 */
function perRow(
  name: string,
  value: any,
  options: { min?: number; integer?: boolean; default?: number },
  f: (v: number) => number,
): OutputCell[][] {
  if (isOmitted(value) || (!Array.isArray(value) && isBlank(value))) {
    if (options.default === undefined) fail(`${name} is required`);
    return [[outputCell(f(options.default))]];
  }
  const flat = flattenRange(name, value);
  if (flat.cells.length === 1 && !Array.isArray(value)) {
    const v = numberArg(name, value, { min: options.min, integer: options.integer });
    return [[outputCell(f(v))]];
  }
  const { columns, rowIndex, inputRows } = readColumns({
    [name]: { value, type: "number" as const, min: options.min, integer: options.integer },
  } as Record<string, { value: any; type: "number"; min?: number; integer?: boolean }>);
  const values = (columns[name] as number[]).map((v) => f(v));
  const out = alignToInput(values, rowIndex, inputRows);
  return flat.isRow ? [out.map((r) => r[0])] : out;
}
