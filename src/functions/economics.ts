/**
 * Unit-economics custom functions: simple retention-based CLV, the margin multiple, CAC, LTV:CAC,
 * payback, contribution margin, customer equity and rate conversion. Thin wrappers: parse, call
 * src/core/economics, return.
 *
 * SIMPLE, MARGIN_MULTIPLE, PAYBACK, LTV_CAC, CAC (by_row) and RATE accept a range for any argument and
 * spill one result per row, as Excel's own functions do: single values apply to every row, ranges must
 * have the same length, a row blank in every range gives "", and a bad row gives that cell an error.
 * Numeric scalars are typed `any` so that text or a wrong type gets our message instead of Excel's
 * bare #VALUE!.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import { ClvError } from "../core/errors";
import {
  COMPOUNDINGS,
  FIRST_PAYMENT_OPTIONS,
  contributionMargin,
  convertRate,
  customerAcquisitionCost,
  customerEquity,
  ltvToCac,
  marginMultiple,
  paybackPeriods,
  simpleClv,
  type Compounding,
  type FirstPayment,
} from "../core/economics";
import {
  booleanArg,
  cellCount,
  choiceArg,
  fail,
  flattenRange,
  fractionArg,
  guard,
  isBlank,
  isOmitted,
  numberArg,
  outputCell,
  readColumns,
  timeUnitArg,
  toExcelError,
  type CellValue,
  type OutputCell,
} from "./shared/args";

/**
 * Customer lifetime value from a constant margin, retention rate and discount rate per period (Fader & Hardie 2012); default m·r/(1+d−r). Ranges spill one result per row.
 * @customfunction SIMPLE
 * @helpurl https://localhost:3000/reference.html#simple
 * @param margin Margin (contribution) per customer per period, e.g. 100; a number or a column.
 * @param retention Retention rate per period, between 0 and 1, e.g. 0.8; a number or a column.
 * @param discount Discount rate per period as a fraction, e.g. 0.1 for 10%; a number or a column.
 * @param [horizon] Number of periods to count; leave blank for an unlimited horizon.
 * @param [first_payment] When the first margin arrives: "none" (default, m·r/(1+d−r), as CLV.PAYBACK), "start" (now, m(1+d)/(1+d−r)) or "end" (end of period 1, m/(1+d−r)).
 * @returns The expected discounted value of the customer, one per row.
 */
export function simple(margin: any, retention: any, discount: any, horizon?: any, first_payment?: any): any[][] {
  return guard(() =>
    spill({ margin, retention, discount, horizon, first_payment }, (get) => {
      const m = numberArg(get.label("margin"), get("margin"));
      const r = retentionArg(get.label("retention"), get("retention"));
      const d = fractionArg(get.label("discount"), get("discount"));
      const h = numberArg(get.label("horizon"), get("horizon"), { default: Infinity, min: 0, integer: true });
      return simpleClv({ margin: m, retention: r, discount: d }, firstPaymentArg(get.label("first_payment"), get("first_payment")), h);
    }),
  );
}

/**
 * Gupta & Lehmann's margin multiple r/(1+i−r): CLV as a multiple of the margin per period; with growth g, r/(1+i−r(1+g)). Ranges spill one result per row.
 * @customfunction MARGIN_MULTIPLE
 * @helpurl https://localhost:3000/reference.html#margin_multiple
 * @param retention Retention rate per period, between 0 and 1, e.g. 0.8; a number or a column.
 * @param discount Discount rate per period as a fraction, e.g. 0.1 for 10%; a number or a column.
 * @param [growth] Growth rate of the margin per period as a fraction (default 0; may be negative).
 * @returns The multiple to apply to the margin per period, one per row.
 */
export function marginMultipleFn(retention: any, discount: any, growth?: any): any[][] {
  return guard(() =>
    spill({ retention, discount, growth }, (get) =>
      marginMultiple(
        retentionArg(get.label("retention"), get("retention")),
        fractionArg(get.label("discount"), get("discount")),
        fractionArg(get.label("growth"), get("growth"), { default: 0, allowNegative: true }),
      ),
    ),
  );
}

/**
 * Customer acquisition cost: acquisition spend divided by the number of new customers it won. Ranges are summed, or with by_row TRUE give one CAC per row.
 * @customfunction CAC
 * @helpurl https://localhost:3000/reference.html#cac
 * @param spend Acquisition spend (a number, or a range: summed, or one per row with by_row).
 * @param new_customers New customers acquired with that spend (a number, or a range: summed, or one per row with by_row).
 * @param [by_row] FALSE (default) to sum the ranges into one CAC; TRUE for one CAC per row (e.g. per month or per channel).
 * @returns The cost of acquiring one customer (one per row with by_row).
 */
export function cac(spend: any, new_customers: any, by_row?: any): any[][] {
  return guard(() => {
    if (booleanArg("by_row", by_row, false)) {
      return spill({ spend, new_customers }, (get) =>
        customerAcquisitionCost(numberArg(get.label("spend"), get("spend")), numberArg(get.label("new_customers"), get("new_customers"))),
      );
    }
    return [[outputCell(customerAcquisitionCost(sumArg("spend", spend), sumArg("new_customers", new_customers)))]];
  });
}

/**
 * Ratio of customer lifetime value to acquisition cost (3 or more is the usual benchmark); at most 1 exactly when CLV.PAYBACK says the cost is never paid back. Ranges spill.
 * @customfunction LTV_CAC
 * @helpurl https://localhost:3000/reference.html#ltv_cac
 * @param ltv Lifetime value of a newly acquired customer (e.g. from CLV.SIMPLE); a number or a column.
 * @param cac Acquisition cost of a customer (e.g. from CLV.CAC), greater than 0; a number or a column.
 * @returns LTV divided by CAC, one per row.
 */
export function ltvCac(ltv: any, cac: any): any[][] {
  return guard(() => spill({ ltv, cac }, (get) => ltvToCac(numberArg(get.label("ltv"), get("ltv")), numberArg(get.label("cac"), get("cac")))));
}

/**
 * Periods until a customer's retained, discounted margin pays back the acquisition cost (fractional), with CLV.SIMPLE's timing; #N/A when it never does. Ranges spill.
 * @customfunction PAYBACK
 * @helpurl https://localhost:3000/reference.html#payback
 * @param cac Acquisition cost of a customer; a number or a column.
 * @param margin_per_period Margin the customer brings each period while active; a number or a column.
 * @param [retention] Retention rate per period, between 0 and 1 (default 1: no churn).
 * @param [discount] Discount rate per period as a fraction (default 0).
 * @param [first_payment] When the first margin arrives, as in CLV.SIMPLE: "none" (default: end of period 1 if retained), "start" or "end".
 * @returns Periods to pay back the acquisition cost, e.g. 12 for CAC 120 and margin 10; one per row.
 */
export function payback(cac: any, margin_per_period: any, retention?: any, discount?: any, first_payment?: any): any[][] {
  return guard(() =>
    spill({ cac, margin_per_period, retention, discount, first_payment }, (get) =>
      paybackPeriods(
        numberArg(get.label("cac"), get("cac"), { min: 0 }),
        numberArg(get.label("margin_per_period"), get("margin_per_period")),
        retentionArg(get.label("retention"), get("retention"), 1),
        fractionArg(get.label("discount"), get("discount"), { default: 0 }),
        firstPaymentArg(get.label("first_payment"), get("first_payment")),
      ),
    ),
  );
}

/**
 * Contribution margin: revenue minus variable cost, or as a share of revenue.
 * @customfunction MARGIN
 * @helpurl https://localhost:3000/reference.html#margin
 * @param revenue Revenue (per customer, per order or in total).
 * @param variable_cost Variable cost of that revenue.
 * @param [as_ratio] TRUE for the margin as a share of revenue; FALSE (default) for the amount.
 * @returns The contribution margin.
 */
export function margin(revenue: any, variable_cost: any, as_ratio?: any): number {
  return guard(() =>
    contributionMargin(numberArg("revenue", revenue), numberArg("variable_cost", variable_cost), booleanArg("as_ratio", as_ratio, false)),
  );
}

/**
 * Customer equity: the total CLV of today's customers plus the discounted value of future cohorts net of their acquisition cost (Gupta, Lehmann & Stuart 2004).
 * @customfunction EQUITY
 * @helpurl https://localhost:3000/reference.html#equity
 * @param clv_values CLV of each current customer (a column or row; blanks ignored).
 * @param [new_customers_per_period] Customers acquired each future period (default: no future cohorts).
 * @param [clv_new] CLV of a newly acquired customer (required with new customers).
 * @param [cac] Acquisition cost per new customer (default 0).
 * @param [discount] Discount rate per period as a fraction, for future cohorts (required with new customers).
 * @param [horizon] Number of future cohorts; leave blank for an unlimited stream (needs discount > 0).
 * @returns The value of the customer base.
 */
export function equity(clv_values: any[][], new_customers_per_period?: any, clv_new?: any, cac?: any, discount?: any, horizon?: any): number {
  return guard(() => {
    const { columns } = readColumns({ clv_values: { value: clv_values, type: "number" } });
    if (isOmitted(new_customers_per_period)) return customerEquity(columns.clv_values);
    if (isOmitted(clv_new)) fail("clv_new is required when new_customers_per_period is given: the CLV of a newly acquired customer");
    if (isOmitted(discount)) fail("discount is required when new_customers_per_period is given: future cohorts must be discounted");
    return customerEquity(columns.clv_values, {
      newPerPeriod: numberArg("new_customers_per_period", new_customers_per_period, { min: 0 }),
      clvNew: numberArg("clv_new", clv_new),
      cac: numberArg("cac", cac, { default: 0, min: 0 }),
      discount: fractionArg("discount", discount),
      horizon: numberArg("horizon", horizon, { default: Infinity, min: 0, integer: true }),
    });
  });
}

/**
 * Converts a rate between time units and compounding conventions, e.g. an annual discount rate to a monthly or weekly one, or to the continuous rate DERT-style formulas use.
 * @customfunction RATE
 * @helpurl https://localhost:3000/reference.html#rate
 * @param rate The rate per from_unit as a fraction (0.1 for 10%); a number or a column.
 * @param from_unit Unit of the given rate: "D", "W", "M" or "Y" (days, weeks, months of 365.25/12 days, years of 365.25 days).
 * @param to_unit Unit of the result: "D", "W", "M" or "Y".
 * @param [compounding] "discrete" (default: (1+r)^k−1), "continuous" (result continuously compounded: k·ln(1+r)), "from_continuous" (input continuous: e^(k·r)−1) or "nominal" (k·r).
 * @returns The equivalent rate per to_unit, one per row.
 */
export function rateFn(rate: any, from_unit: any, to_unit: any, compounding?: any): any[][] {
  return guard(() => {
    const from = timeUnitArg("from_unit", from_unit);
    const to = timeUnitArg("to_unit", to_unit);
    if (isOmitted(from_unit)) fail("from_unit is required: the unit of the rate you give (\"Y\" for an annual rate)");
    if (isOmitted(to_unit)) fail("to_unit is required: the unit of the rate you want (\"M\" for a monthly rate)");
    const c = choiceArg<Compounding>("compounding", compounding, COMPOUNDINGS, "discrete");
    return spill({ rate }, (get) => convertRate(fractionArg(get.label("rate"), get("rate")), from, to, c));
  });
}

/* ----------------------------------------------------------------------------------------------
 * Helpers (not custom functions)
 * -------------------------------------------------------------------------------------------- */

function retentionArg(name: string, value: CellValue, defaultValue?: number): number {
  return numberArg(name, value, { default: defaultValue, min: 0, max: 1, hint: "a probability such as 0.8 for 80%" });
}

function firstPaymentArg(name: string, value: CellValue): FirstPayment {
  return choiceArg(name, value, FIRST_PAYMENT_OPTIONS, "none");
}

/** A number, or the sum of a range of numbers (blank cells ignored). */
function sumArg(name: string, value: any): number {
  if (!Array.isArray(value)) return numberArg(name, value);
  const { columns } = readColumns({ [name]: { value, type: "number" as const } });
  const cells = columns[name] as number[];
  if (cells.length === 0) fail(`${name} is empty`);
  return cells.reduce((a, b) => a + b, 0);
}

/** Reads one argument's value for the current row; `name` gives its name for messages ("discount: row 3"). */
interface RowGetter<K extends string> {
  (key: K): CellValue;
  label(key: K): string;
}

/**
 * Excel-style lifting of a scalar formula over ranges: every argument may be a single value (used for
 * every row) or a column/row (one value per row; all ranges the same length). One result per row; a
 * row blank in every range gives ""; a row whose arguments are wrong gets an error cell with the
 * message. With single values only, errors are thrown as usual (#VALUE! / #N/A on the cell).
 */
function spill<K extends string>(args: Record<K, CellValue>, f: (get: RowGetter<K>) => number): OutputCell[][] {
  const keys = Object.keys(args) as K[];
  const ranges = new Map<K, ReturnType<typeof flattenRange>>();
  for (const k of keys) {
    const v = args[k];
    if (Array.isArray(v) && cellCount(v) > 1) ranges.set(k, flattenRange(k, v));
  }
  const scalarGet = Object.assign((key: K) => args[key], { label: (key: K) => key as string });
  if (ranges.size === 0) return [[outputCell(f(scalarGet))]];
  const lists = [...ranges.values()];
  const n = lists[0].cells.length;
  for (const r of lists) {
    if (r.cells.length !== n) fail(`${lists[0].name} has ${n} cells but ${r.name} has ${r.cells.length}: give ranges of the same size, or a single value`);
  }
  const out: OutputCell[] = new Array(n);
  for (let i = 0; i < n; i++) {
    if (lists.every((r) => isBlank(r.cells[i]))) {
      out[i] = "";
      continue;
    }
    const get = Object.assign((key: K) => (ranges.has(key) ? ranges.get(key)!.cells[i] : args[key]), {
      label: (key: K) => (ranges.has(key) ? `${key as string}: ${lists[0].isRow ? "column" : "row"} ${i + 1}` : (key as string)),
    });
    try {
      out[i] = outputCell(f(get));
    } catch (e) {
      if (!(e instanceof ClvError)) throw e;
      out[i] = toExcelError(e);
    }
  }
  return lists[0].isRow ? [out] : out.map((c) => [c]);
}
