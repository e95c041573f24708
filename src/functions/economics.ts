/**
 * Unit-economics custom functions: simple retention-based CLV, the margin multiple, CAC, LTV:CAC,
 * payback, contribution margin and customer equity. Thin wrappers: parse, call src/core/economics,
 * return. Numeric scalars are typed `any` so that text or a wrong type gets our message instead of
 * Excel's bare #VALUE!.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import {
  FIRST_PAYMENT_OPTIONS,
  contributionMargin,
  customerAcquisitionCost,
  customerEquity,
  ltvToCac,
  marginMultiple,
  paybackPeriods,
  simpleClv,
} from "../core/economics";
import { booleanArg, choiceArg, fail, guard, isOmitted, numberArg, readColumns } from "./shared/args";

const RATE_HINT = "a rate per period as a fraction, e.g. 0.1 for 10%";

/**
 * Customer lifetime value from a constant margin, retention rate and discount rate (Fader & Hardie 2012, note 024). Default: margins from the next period on, m·r/(1+d−r).
 * @customfunction SIMPLE
 * @helpurl https://clv-addin.example.org/functions#simple
 * @param margin Margin (contribution) per customer per period, e.g. 100.
 * @param retention Retention rate per period, between 0 and 1, e.g. 0.8.
 * @param discount Discount rate per period, e.g. 0.1 for 10%.
 * @param [horizon] Number of periods to count; leave blank for an unlimited horizon.
 * @param [first_payment] When the first margin arrives: "none" (default: not counted, m·r/(1+d−r)), "start" (now, m(1+d)/(1+d−r)) or "end" (end of period 1, m/(1+d−r)).
 * @returns The expected discounted value of the customer.
 */
export function simple(margin: any, retention: any, discount: any, horizon?: any, first_payment?: any): number {
  return guard(() => {
    const m = numberArg("margin", margin);
    const r = numberArg("retention", retention, { min: 0, max: 1, hint: "a probability such as 0.8" });
    const d = numberArg("discount", discount, { min: -1, minExclusive: true, hint: RATE_HINT });
    const h = numberArg("horizon", horizon, { default: Infinity, min: 0, integer: true });
    const timing = choiceArg("first_payment", first_payment, FIRST_PAYMENT_OPTIONS, "none");
    return simpleClv({ margin: m, retention: r, discount: d }, timing, h);
  });
}

/**
 * Gupta & Lehmann's margin multiple r/(1+i−r): CLV as a multiple of the annual margin; with growth g, r/(1+i−r(1+g)).
 * @customfunction MARGIN_MULTIPLE
 * @helpurl https://clv-addin.example.org/functions#margin_multiple
 * @param retention Retention rate per period, between 0 and 1, e.g. 0.8.
 * @param discount Discount rate per period, e.g. 0.1 for 10%.
 * @param [growth] Growth rate of the margin per period (default 0).
 * @returns The multiple to apply to the margin per period.
 */
export function marginMultipleFn(retention: any, discount: any, growth?: any): number {
  return guard(() => {
    const r = numberArg("retention", retention, { min: 0, max: 1, hint: "a probability such as 0.8" });
    const d = numberArg("discount", discount, { min: -1, minExclusive: true, hint: RATE_HINT });
    const g = numberArg("growth", growth, { default: 0, min: -1, minExclusive: true, hint: RATE_HINT });
    return marginMultiple(r, d, g);
  });
}

/**
 * Customer acquisition cost: marketing and sales spend divided by the number of new customers it won.
 * @customfunction CAC
 * @helpurl https://clv-addin.example.org/functions#cac
 * @param spend Acquisition spend for the period (a number, or a range that is summed).
 * @param new_customers New customers acquired in the same period (a number, or a range that is summed).
 * @returns The cost of acquiring one customer.
 */
export function cac(spend: any, new_customers: any): number {
  return guard(() => customerAcquisitionCost(sumArg("spend", spend), sumArg("new_customers", new_customers)));
}

/**
 * Ratio of customer lifetime value to customer acquisition cost (3 or more is the usual benchmark).
 * @customfunction LTV_CAC
 * @helpurl https://clv-addin.example.org/functions#ltv_cac
 * @param ltv Lifetime value of a customer (e.g. from CLV.SIMPLE or CLV.VALUE).
 * @param cac Acquisition cost of a customer (e.g. from CLV.CAC); must be greater than 0.
 * @returns LTV divided by CAC.
 */
export function ltvCac(ltv: any, cac: any): number {
  return guard(() => ltvToCac(numberArg("ltv", ltv), numberArg("cac", cac)));
}

/**
 * Number of periods until a customer's retained, discounted margin pays back the acquisition cost (fractional). #N/A when it never does.
 * @customfunction PAYBACK
 * @helpurl https://clv-addin.example.org/functions#payback
 * @param cac Acquisition cost of a customer.
 * @param margin_per_period Margin the customer brings each period while active.
 * @param [retention] Retention rate per period, between 0 and 1 (default 1: no churn).
 * @param [discount] Discount rate per period (default 0).
 * @returns Periods to pay back the acquisition cost, e.g. 12 for CAC 120 and margin 10.
 */
export function payback(cac: any, margin_per_period: any, retention?: any, discount?: any): number {
  return guard(() =>
    paybackPeriods(
      numberArg("cac", cac, { min: 0 }),
      numberArg("margin_per_period", margin_per_period),
      numberArg("retention", retention, { default: 1, min: 0, max: 1, hint: "a probability such as 0.8" }),
      numberArg("discount", discount, { default: 0, min: -1, minExclusive: true, hint: RATE_HINT }),
    ),
  );
}

/**
 * Contribution margin: revenue minus variable cost, or as a share of revenue.
 * @customfunction MARGIN
 * @helpurl https://clv-addin.example.org/functions#margin
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
 * @helpurl https://clv-addin.example.org/functions#equity
 * @param clv_values CLV of each current customer (a column or row; blanks ignored).
 * @param [new_customers_per_period] Customers acquired each future period (default: no future cohorts).
 * @param [clv_new] CLV of a newly acquired customer (required with new customers).
 * @param [cac] Acquisition cost per new customer (default 0).
 * @param [discount] Discount rate per period for future cohorts (required with new customers).
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
      discount: numberArg("discount", discount, { min: -1, minExclusive: true, hint: RATE_HINT }),
      horizon: numberArg("horizon", horizon, { default: Infinity, min: 0, integer: true }),
    });
  });
}

/** A number, or the sum of a range of numbers (blank cells ignored). */
function sumArg(name: string, value: any): number {
  if (!Array.isArray(value)) return numberArg(name, value);
  const { columns } = readColumns({ [name]: { value, type: "number" as const } });
  const cells = columns[name] as number[];
  if (cells.length === 0) fail(`${name} is empty`);
  return cells.reduce((a, b) => a + b, 0);
}
