/**
 * Value-based decisions: value levers, customer P&L and whale curve, segment valuation, budget
 * allocation, the customer equity test, equity projection and churn. Thin wrappers: parse the ranges,
 * call src/core/decisions, shape the table. Rates, retention, margins given as shares and discount
 * rates are fractions; anything above 1 or below 0 is refused with the fix in the message.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import {
  EQUITY_PROJECTION_HEADERS,
  LEVER_HEADERS,
  MAX_PROJECTION_PERIODS,
  allocateBudget,
  checkFraction,
  churnByPeriod,
  churnRuleHeader,
  customerPnl,
  equityTest,
  modelLevers,
  projectEquity,
  retentionLevers,
  segmentValues,
  whaleCurve,
  type LeverRow,
} from "../core/decisions";
import { COHORT_UNITS, COHORT_UNIT_WORDS, type CohortUnit } from "../core/data/calendarPeriods";
import { ClvError } from "../core/errors";
import { countModel, retentionModel, spendModel } from "../core/models/registry";
import { parseModelTable } from "../core/models/table";
import { PERIODS_PER_MONTH } from "../core/models/value";
import {
  booleanArg,
  cellCount,
  choiceArg,
  dateArg,
  fail,
  guard,
  isBlank,
  isOmitted,
  matrixOf,
  numberArg,
  readColumns,
  table,
  timeUnitArg,
  toExcelError,
  type OutputCell,
} from "./shared/args";

/** A fraction argument (rate, retention, share, discount): a number in [0, 1], the fix in the message otherwise. */
function fractionArg(name: string, value: any, defaultValue?: number): number {
  return checkFraction(name, numberArg(name, value, defaultValue === undefined ? {} : { default: defaultValue }));
}

function isTable(value: any): boolean {
  return Array.isArray(value) && cellCount(value) > 1;
}

/** A lever row as table cells: a lever level that is not allowed shows its error in that cell. */
function leverCells(r: LeverRow): (number | string | OutputCell)[] {
  const valueCell = (v: number, err?: ClvError): OutputCell => (err ? toExcelError(err) : v);
  const change = (v: number, err?: ClvError): OutputCell => (err ? toExcelError(err) : v - r.value);
  return [r.lever, r.level, r.low, r.high, valueCell(r.valueLow, r.lowError), r.value, valueCell(r.valueHigh, r.highError), change(r.valueLow, r.lowError), change(r.valueHigh, r.highError), Number.isFinite(r.elasticity) ? r.elasticity : ""];
}

/** Columns of a customer summary picked by header (CLV.SUMMARY or CLV.SPLIT spill with its header row). */
function summaryColumns(value: any): { frequency: number[]; recency: number[]; T: number[]; monetary: number[] } {
  const rows = matrixOf("summary", value);
  const head = rows[0].map((c) => (typeof c === "string" ? c.trim().toLowerCase() : ""));
  const find = (names: string[]): number => {
    const k = head.findIndex((h) => names.includes(h));
    if (k < 0) fail(`summary: no '${names[0]}' column; give the whole CLV.SUMMARY table with its header row (customer, frequency, recency, T, monetary)`);
    return k;
  };
  const cols = {
    frequency: find(["frequency", "frequency_cal"]),
    recency: find(["recency", "recency_cal"]),
    T: find(["t", "t_cal"]),
    monetary: find(["monetary", "monetary_cal"]),
  };
  const out = { frequency: [] as number[], recency: [] as number[], T: [] as number[], monetary: [] as number[] };
  for (let i = 1; i < rows.length; i++) {
    const row = rows[i];
    if (row.every(isBlank)) continue;
    for (const key of ["frequency", "recency", "T", "monetary"] as const) {
      const v = row[cols[key]];
      if (typeof v !== "number" || !Number.isFinite(v) || v < 0) fail(`summary: row ${i + 1}, column ${key} is ${isBlank(v) ? "blank" : String(v)}, not a number of at least 0`);
      out[key].push(v);
    }
  }
  if (out.frequency.length === 0) fail("summary has no customer rows under its header", "na");
  return out;
}

/** The time unit a model table records (a "time unit" row), if any. */
function tableTimeUnit(value: any): string | undefined {
  for (const row of matrixOf("retention", value)) {
    const label = typeof row[0] === "string" ? row[0].trim().toLowerCase() : "";
    if ((label === "time unit" || label === "time_unit" || label === "unit") && typeof row[1] === "string") return row[1];
  }
  return undefined;
}

/**
 * Value-lever table: the value at -step, base and +step of each lever and its elasticity, from margin, retention, discount per period and CAC, or from fitted models and a customer summary.
 * @customfunction LEVERS
 * @helpurl https://localhost:3000/reference.html#levers
 * @param margin Retention form: margin per customer per period (an amount). Model form: margin as a share of spend, e.g. 0.3.
 * @param retention Retention form: retention rate per period, e.g. 0.8. Model form: a transaction model table (BG/NBD, Pareto/NBD or MBG/NBD from a *.FIT function).
 * @param discount Retention form: discount rate per period, e.g. 0.1. Model form: annual discount rate, converted to a monthly rate.
 * @param [cac] Retention form only: acquisition cost per customer (default 0); the value is then CLV minus CAC.
 * @param [step] Change applied to each lever, as a fraction (default 0.1: ±10%).
 * @param [spend_model] Model form: a Gamma-Gamma model table from GG.FIT.
 * @param [summary] Model form: the customer summary from CLV.SUMMARY, with its header row.
 * @param [months] Model form: months valued (default 12).
 * @param [time_unit] Model form: time unit of the summary when the model table does not record one: "D", "W" (default), "M" or "Y".
 * @param [headers] TRUE (default) to put a header row on top.
 * @returns A table: lever, level, level_low, level_high, value_low, value, value_high, change_low, change_high, elasticity.
 */
export function levers(
  margin: any,
  retention: any,
  discount: any,
  cac?: any,
  step?: any,
  spend_model?: any,
  summary?: any,
  months?: any,
  time_unit?: any,
  headers?: any,
): unknown[][] {
  return guard(() => {
    const s = numberArg("step", step, { default: 0.1 });
    const withHeaders = booleanArg("headers", headers, true);
    let rows: LeverRow[];
    if (!isTable(retention)) {
      for (const [name, v] of [["spend_model", spend_model], ["summary", summary], ["months", months], ["time_unit", time_unit]] as const) {
        if (!isOmitted(v)) fail(`${name} belongs to the model form: give a transaction model table as retention, or leave ${name} out`);
      }
      rows = retentionLevers({ margin: numberArg("margin", margin), retention: fractionArg("retention", retention), discount: fractionArg("discount", discount), cac: numberArg("cac", cac, { default: 0, min: 0 }) }, s);
    } else {
      if (!isOmitted(cac)) fail("cac belongs to the retention form; the model form values today's customers (leave cac out)");
      if (isOmitted(spend_model)) fail("spend_model is required with a transaction model: give the Gamma-Gamma table from CLV.GG.FIT");
      if (isOmitted(summary)) fail("summary is required with a transaction model: give the CLV.SUMMARY table with its header row");
      const tSpec = parseModelTable(matrixOf("retention", retention), "retention");
      const sSpec = parseModelTable(matrixOf("spend_model", spend_model), "spend_model");
      const recorded = tableTimeUnit(retention);
      const unit = timeUnitArg("time_unit", isOmitted(time_unit) && recorded ? recorded : time_unit, "W");
      rows = modelLevers(
        {
          countModel: countModel(tSpec.model, "CLV.LEVERS", "retention"),
          countParams: tSpec.params,
          spendModel: spendModel(sSpec.model, "CLV.LEVERS", "spend_model"),
          spendParams: sSpec.params,
          customers: summaryColumns(summary),
          margin: fractionArg("margin", margin),
          annualDiscount: fractionArg("discount", discount),
          months: numberArg("months", months, { default: 12, min: 1, max: 1200, integer: true }),
          periodsPerMonth: PERIODS_PER_MONTH[unit],
        },
        s,
      );
    }
    return table(LEVER_HEADERS, rows.map(leverCells) as any, withHeaders);
  });
}

/**
 * Customer P&L from transaction rows: per customer revenue, cost of goods, contribution, cost to serve, acquisition cost and profit (Kaplan & Narayanan 2001).
 * @customfunction PNL
 * @helpurl https://localhost:3000/reference.html#pnl
 * @param ids Customer id of each row (a column of numbers or text).
 * @param amounts Revenue of each row; returns are negative amounts.
 * @param [costs] Cost of goods of each row (default: none, contribution = revenue).
 * @param [cost_to_serve] Cost to serve each row (order): one number for every row, or a column.
 * @param [acquisition_cost] Acquisition cost: one number per customer, or a column summed per customer (put each customer's cost on one of its rows).
 * @param [headers] TRUE (default) to put a header row on top.
 * @returns A table: customer, orders, revenue, cost_of_goods, contribution, cost_to_serve, acquisition_cost, profit.
 */
export function pnl(ids: any[][], amounts: any[][], costs?: any[][], cost_to_serve?: any, acquisition_cost?: any, headers?: any): unknown[][] {
  return guard(() => {
    const withHeaders = booleanArg("headers", headers, true);
    const ctsColumn = !isOmitted(cost_to_serve) && cellCount(cost_to_serve) > 1;
    const acqColumn = !isOmitted(acquisition_cost) && cellCount(acquisition_cost) > 1;
    const { columns } = readColumns({
      ids: { value: ids, type: "any" },
      amounts: { value: amounts, type: "number" },
      costs: { value: costs, type: "number", optional: true },
      cost_to_serve: { value: ctsColumn ? cost_to_serve : null, type: "number", optional: true, min: 0 },
      acquisition_cost: { value: acqColumn ? acquisition_cost : null, type: "number", optional: true, min: 0, blankAllowed: true },
    });
    const p = customerPnl({
      ids: columns.ids,
      amounts: columns.amounts,
      costs: columns.costs,
      costToServe: ctsColumn ? columns.cost_to_serve : isOmitted(cost_to_serve) ? undefined : numberArg("cost_to_serve", cost_to_serve, { min: 0 }),
      acquisitionCost: acqColumn ? columns.acquisition_cost : isOmitted(acquisition_cost) ? undefined : numberArg("acquisition_cost", acquisition_cost, { min: 0 }),
    });
    const rows = p.customer.map((c, i) => [c, p.orders[i], p.revenue[i], p.hasCosts ? p.costOfGoods[i] : "", p.contribution[i], p.costToServe[i], p.acquisitionCost[i], p.profit[i]]);
    const contribution = p.hasCosts ? "contribution" : "contribution (no costs given: = revenue)";
    return table(["customer", "orders", "revenue", "cost_of_goods", contribution, "cost_to_serve", "acquisition_cost", "profit"], rows, withHeaders);
  });
}

/**
 * Whale curve of customer profitability (Kaplan & Narayanan 2001): customers from most to least profitable, cumulative share of customers against cumulative share of profit, with the peak and the share of value-destroying customers.
 * @customfunction WHALE
 * @helpurl https://localhost:3000/reference.html#whale
 * @param profits Profit of each customer (e.g. the profit column of CLV.PNL); the total must be above 0.
 * @param [headers] TRUE (default) to put a header row on top.
 * @returns A table: customer_share, profit, cumulative_profit, profit_share (from the origin, one row per customer), and beside it the peak, where it is reached, the value-destroying share and total profit.
 */
export function whale(profits: any[][], headers?: any): unknown[][] {
  return guard(() => {
    const withHeaders = booleanArg("headers", headers, true);
    const { columns } = readColumns({ profits: { value: profits, type: "number" } });
    const w = whaleCurve(columns.profits);
    const side: [string, number][] = [
      ["peak profit share", w.peak],
      ["customer share at peak", w.peakCustomerShare],
      ["value-destroying share", w.destroyingShare],
      ["profit they destroy", w.destroyedProfit],
      ["total profit", w.totalProfit],
    ];
    const n = w.customerShare.length;
    const rows: (number | string)[][] = [];
    for (let k = 0; k < Math.max(n, side.length); k++) {
      const curve = k < n ? [w.customerShare[k], w.profit[k], w.cumulativeProfit[k], w.profitShare[k]] : ["", "", "", ""];
      rows.push([...curve, "", ...(k < side.length ? side[k] : ["", ""])]);
    }
    return table(["customer_share", "profit", "cumulative_profit", "profit_share", "", "measure", "value"], rows, withHeaders);
  });
}

/**
 * Segment valuation: per segment the customers, total and mean value, share of value, LTV:CAC of a new customer of the segment, and rank by total value.
 * @customfunction SEGMENTS
 * @helpurl https://localhost:3000/reference.html#segments
 * @param values Value of each customer (CLV, profit or spend).
 * @param groups Segment of each customer (RFM segment, tier, or any label).
 * @param [costs] Cost of each customer (e.g. cost to serve), subtracted from its value.
 * @param [cac] Acquisition cost: one number for all segments, or a column per customer (averaged per segment).
 * @param [headers] TRUE (default) to put a header row on top.
 * @returns A table: segment, customers, total_value, mean_value, share_of_value, cac, ltv_cac, rank (highest total value first).
 */
export function segments(values: any[][], groups: any[][], costs?: any[][], cac?: any, headers?: any): unknown[][] {
  return guard(() => {
    const withHeaders = booleanArg("headers", headers, true);
    const cacColumn = !isOmitted(cac) && cellCount(cac) > 1;
    const { columns } = readColumns({
      values: { value: values, type: "number" },
      groups: { value: groups, type: "text", blankAllowed: true },
      costs: { value: costs, type: "number", optional: true },
      cac: { value: cacColumn ? cac : null, type: "number", optional: true, min: 0, blankAllowed: true },
    });
    const c = cacColumn ? columns.cac : isOmitted(cac) ? undefined : numberArg("cac", cac, { min: 0 });
    const rows = segmentValues(columns.values, columns.groups as unknown as string[], columns.costs, c);
    return table(
      ["segment", "customers", "total_value", "mean_value", "share_of_value", "cac", "ltv_cac", "rank"],
      rows.map((r) => [r.segment, r.customers, r.total, r.mean, Number.isFinite(r.share) ? r.share : "", Number.isFinite(r.cac) ? r.cac : "", Number.isFinite(r.ltvCac) ? r.ltvCac : "", r.rank]),
      withHeaders,
    );
  });
}

/**
 * Budget allocation across segments with diminishing returns, response = ceiling × (1 − exp(−rate × spend)) (Blattberg & Deighton 1996), solved exactly: equal marginal return across funded segments.
 * @customfunction ALLOCATE
 * @helpurl https://localhost:3000/reference.html#allocate
 * @param values Value of one response in each segment (e.g. CLV of an acquired customer), one row per segment.
 * @param ceilings Most responses each segment can give at unlimited spend (e.g. customers), one per segment.
 * @param rates Response rate of each segment per unit of money spent (not a fraction: larger = responds faster).
 * @param budget Total budget to allocate.
 * @param [min] Smallest spend per segment: one number for all, or a column (default 0).
 * @param [max] Largest spend per segment: one number for all, or a column (default: no limit).
 * @param [headers] TRUE (default) to put a header row on top.
 * @returns One row per segment: spend, share_of_budget, response, value, average_roi, marginal_roi.
 */
export function allocate(values: any[][], ceilings: any[][], rates: any[][], budget: any, min?: any, max?: any, headers?: any): unknown[][] {
  return guard(() => {
    const withHeaders = booleanArg("headers", headers, true);
    const B = numberArg("budget", budget, { min: 0 });
    const minColumn = !isOmitted(min) && cellCount(min) > 1;
    const maxColumn = !isOmitted(max) && cellCount(max) > 1;
    const { columns } = readColumns({
      values: { value: values, type: "number" },
      ceilings: { value: ceilings, type: "number", min: 0 },
      rates: { value: rates, type: "number", min: 0, minExclusive: true, what: "a response rate above 0" },
      min: { value: minColumn ? min : null, type: "number", optional: true, min: 0 },
      max: { value: maxColumn ? max : null, type: "number", optional: true, min: 0 },
    });
    const n = columns.values.length;
    const scalarOr = (col: number[] | undefined, v: any, name: string): number[] | undefined =>
      col ?? (isOmitted(v) ? undefined : new Array<number>(n).fill(numberArg(name, v, { min: 0 })));
    const a = allocateBudget({
      values: columns.values,
      ceilings: columns.ceilings,
      rates: columns.rates,
      budget: B,
      min: scalarOr(columns.min, min, "min"),
      max: scalarOr(columns.max, max, "max"),
    });
    const rows = Array.from(a.spend, (s, i) => [s, B > 0 ? s / B : "", a.response[i], a.value[i], s > 0 ? a.value[i] / s : "", a.marginalRoi[i]]);
    return table(["spend", "share_of_budget", "response", "value", "average_roi", "marginal_roi"], rows, withHeaders);
  });
}

/**
 * Blattberg & Deighton's customer equity test (1996): the acquisition spend per prospect and retention spend per customer that maximise customer equity, with the equity at the optimum.
 * @customfunction EQUITY.TEST
 * @helpurl https://localhost:3000/reference.html#equity-test
 * @param margin Margin per customer per period (an amount), before retention spending.
 * @param discount Discount rate per period (the period of the retention rate), e.g. 0.1.
 * @param acquisition_ceiling Highest acquisition rate (share of prospects won) at unlimited spend, e.g. 0.4.
 * @param acquisition_rate How fast acquisition approaches its ceiling per unit spent per prospect (k in ceiling × (1 − exp(−k × spend))).
 * @param retention_ceiling Highest retention rate at unlimited spend, e.g. 0.8.
 * @param retention_rate How fast retention approaches its ceiling per unit spent per customer per period.
 * @param [horizon] Retention periods counted after acquisition (default: unlimited).
 * @param [headers] TRUE (default) to put a header row on top.
 * @returns A two-column table: acquisition spend per prospect, acquisition rate, retention spend per customer, retention rate, value of an acquired customer, customer equity per prospect.
 */
export function equityTestFn(
  margin: any,
  discount: any,
  acquisition_ceiling: any,
  acquisition_rate: any,
  retention_ceiling: any,
  retention_rate: any,
  horizon?: any,
  headers?: any,
): unknown[][] {
  return guard(() => {
    const withHeaders = booleanArg("headers", headers, true);
    const r = equityTest({
      margin: numberArg("margin", margin),
      discount: fractionArg("discount", discount),
      acquisitionCeiling: fractionArg("acquisition_ceiling", acquisition_ceiling),
      acquisitionRate: numberArg("acquisition_rate", acquisition_rate, { min: 0, minExclusive: true, hint: "how fast acquisition responds to spend" }),
      retentionCeiling: fractionArg("retention_ceiling", retention_ceiling),
      retentionRate: numberArg("retention_rate", retention_rate, { min: 0, minExclusive: true, hint: "how fast retention responds to spend" }),
      horizon: numberArg("horizon", horizon, { default: Infinity, min: 1, integer: true }),
    });
    return table(
      ["measure", "value"],
      [
        ["acquisition spend per prospect", r.acquisitionSpend],
        ["acquisition rate", r.acquisitionRate],
        ["retention spend per customer per period", r.retentionSpend],
        ["retention rate", r.retentionRate],
        ["value of an acquired customer", r.customerValue],
        ["customer equity per prospect", r.equity],
      ],
      withHeaders,
    );
  });
}

/**
 * Customer equity projected period by period (Gupta, Lehmann & Stuart 2004): active customers, margin, discounted margin and cumulative equity of today's customers and of future cohorts net of acquisition spend.
 * @customfunction EQUITY.PROJECT
 * @helpurl https://localhost:3000/reference.html#equity-project
 * @param customers Number of customers today.
 * @param retention_or_model Retention rate per period (e.g. 0.8), or an sBG model table from SBG.FIT (its survival curve).
 * @param margin Margin per active customer per period (an amount).
 * @param discount Discount rate per period, e.g. 0.1 (use CLV.RATE or (1+annual)^(1/12)-1 for months).
 * @param new_customers Customers acquired in period 1.
 * @param [growth] Growth of new customers per period, a fraction (default 0).
 * @param [cac] Acquisition cost per new customer (default 0).
 * @param [periods] Number of periods to project (default 10).
 * @param [headers] TRUE (default) to put a header row on top.
 * @returns One row per period: active_current, new_customers, active_new, active_total, margin, acquisition_spend, net_margin, discounted_net, equity_current, equity_new, equity_total.
 */
export function equityProject(
  customers: any,
  retention_or_model: any,
  margin: any,
  discount: any,
  new_customers: any,
  growth?: any,
  cac?: any,
  periods?: any,
  headers?: any,
): unknown[][] {
  return guard(() => {
    const withHeaders = booleanArg("headers", headers, true);
    let survival: (t: number) => number;
    if (isTable(retention_or_model)) {
      const spec = parseModelTable(matrixOf("retention_or_model", retention_or_model), "retention_or_model");
      const m = retentionModel(spec.model, "CLV.EQUITY.PROJECT", "retention_or_model");
      survival = (t) => m.survival(spec.params, t);
    } else {
      const r = fractionArg("retention_or_model", retention_or_model);
      survival = (t) => Math.pow(r, t);
    }
    const rows = projectEquity({
      customers: numberArg("customers", customers, { min: 0 }),
      survival,
      margin: numberArg("margin", margin),
      discount: fractionArg("discount", discount),
      newCustomers: numberArg("new_customers", new_customers, { min: 0 }),
      growth: numberArg("growth", growth, { default: 0 }),
      cac: numberArg("cac", cac, { default: 0, min: 0 }),
      periods: numberArg("periods", periods, { default: 10, min: 1, max: MAX_PROJECTION_PERIODS, integer: true }),
    });
    return table(
      EQUITY_PROJECTION_HEADERS,
      rows.map((r) => [r.period, r.activeCurrent, r.newCustomers, r.activeFuture, r.activeTotal, r.margin, r.acquisitionSpend, r.net, r.discountedNet, r.equityCurrent, r.equityFuture, r.equity]),
      withHeaders,
    );
  });
}

/**
 * Retention and churn per calendar period from transactions: customers active at the start, retained, lost, new and reactivated, with retention and churn rates. The activity rule is stated in the header.
 * @customfunction CHURN
 * @helpurl https://localhost:3000/reference.html#churn
 * @param ids Customer id of each transaction (a column of numbers or text).
 * @param dates Date of each transaction: Excel dates or ISO text such as 1997-01-31.
 * @param [period] Calendar period: "M" months (default), "W" weeks, "Q" quarters, "Y" years.
 * @param [period_end] Last day counted, inclusive (default: the last date in the data).
 * @param [inactive_after] Periods without a purchase after which a customer counts as lost (default 1: active = bought in the period).
 * @param [headers] TRUE (default) to put a header row on top.
 * @returns One row per period: period, active_start, retained, lost, new, reactivated, active_end, retention_rate, churn_rate.
 */
export function churn(ids: any[][], dates: any[][], period?: any, period_end?: any, inactive_after?: any, headers?: any): unknown[][] {
  return guard(() => {
    const withHeaders = booleanArg("headers", headers, true);
    const unit = choiceArg<CohortUnit>("period", period, COHORT_UNITS, "M", COHORT_UNIT_WORDS);
    const end = isOmitted(period_end) ? undefined : dateArg("period_end", period_end);
    const L = numberArg("inactive_after", inactive_after, { default: 1, min: 1, max: 1000, integer: true });
    const { columns } = readColumns({ ids: { value: ids, type: "any" }, dates: { value: dates, type: "date" } });
    if (columns.ids.length === 0) fail("ids and dates are empty", "na");
    const rows = churnByPeriod(columns.ids, columns.dates, { unit, periodEnd: end, inactiveAfter: L });
    const rate = (v: number) => (Number.isFinite(v) ? v : "");
    return table(
      [churnRuleHeader(unit, L), "active_start", "retained", "lost", "new", "reactivated", "active_end", "retention_rate", "churn_rate"],
      rows.map((r) => [r.label, r.activeStart, r.retained, r.lost, r.new, r.reactivated, r.activeEnd, rate(r.retentionRate), rate(r.churnRate)]),
      withHeaders,
    );
  });
}
