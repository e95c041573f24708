/**
 * Customer-level P&L (customer profitability analysis, Kaplan & Narayanan 2001, "Measuring and
 * Managing Customer Profitability", J. Cost Management 15(5): revenue less the cost of the goods sold,
 * less the costs to serve the customer (orders, deliveries, support), less acquisition cost).
 *
 * Per customer, over the rows (transactions) given:
 *   revenue          Σ amount (returns are negative amounts and net out)
 *   cost of goods    Σ cost                      (0 when no costs are given)
 *   contribution     revenue − cost of goods
 *   cost to serve    Σ cost to serve per row (a constant per row, or a column)
 *   acquisition cost Σ acquisition cost per row (a constant per customer, or a column: put each
 *                    customer's cost on one of its rows)
 *   profit           contribution − cost to serve − acquisition cost
 * Customers are reported in the order of CLV.SUMMARY (numbers first, then text; core/data/customerIds).
 */
import { CustomerInterner, type CustomerId } from "../data/customerIds";
import { invalidArgument } from "../errors";

export interface PnlInputs {
  /** one cell value per row (numbers or text) */
  readonly ids: ArrayLike<unknown>;
  readonly amounts: ArrayLike<number>;
  readonly costs?: ArrayLike<number>;
  /** per row; a number applies to every row */
  readonly costToServe?: ArrayLike<number> | number;
  /** per row (summed); a number is charged once per customer */
  readonly acquisitionCost?: ArrayLike<number> | number;
}

export interface CustomerPnl {
  readonly customer: CustomerId[];
  readonly orders: Int32Array;
  readonly revenue: Float64Array;
  readonly costOfGoods: Float64Array;
  readonly contribution: Float64Array;
  readonly costToServe: Float64Array;
  readonly acquisitionCost: Float64Array;
  readonly profit: Float64Array;
  /** whether cost of goods was given (otherwise contribution is revenue) */
  readonly hasCosts: boolean;
}

export function customerPnl(inputs: PnlInputs): CustomerPnl {
  const n = inputs.amounts.length;
  const interner = new CustomerInterner();
  const code = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = interner.add(inputs.ids[i]);
    if (c < 0) throw invalidArgument(`ids: row ${i + 1} is not a customer id (a number or text)`);
    code[i] = c;
  }
  const k = interner.size;
  const acc = () => new Float64Array(k);
  const orders = new Int32Array(k);
  const revenue = acc();
  const cogs = acc();
  const serve = acc();
  const acq = acc();
  const cts = inputs.costToServe;
  const ac = inputs.acquisitionCost;
  for (let i = 0; i < n; i++) {
    const c = code[i];
    orders[c]++;
    revenue[c] += inputs.amounts[i];
    if (inputs.costs) cogs[c] += inputs.costs[i];
    if (typeof cts === "number") serve[c] += cts;
    else if (cts) serve[c] += cts[i];
    if (ac !== undefined && typeof ac !== "number") {
      const v = ac[i];
      if (Number.isFinite(v)) acq[c] += v;
    }
  }
  if (typeof ac === "number") acq.fill(ac);
  const { rank, sorted } = interner.reportOrder();
  const out = {
    customer: sorted,
    orders: new Int32Array(k),
    revenue: acc(),
    costOfGoods: acc(),
    contribution: acc(),
    costToServe: acc(),
    acquisitionCost: acc(),
    profit: acc(),
    hasCosts: inputs.costs !== undefined,
  };
  for (let c = 0; c < k; c++) {
    const j = rank[c];
    out.orders[j] = orders[c];
    out.revenue[j] = revenue[c];
    out.costOfGoods[j] = cogs[c];
    out.contribution[j] = revenue[c] - cogs[c];
    out.costToServe[j] = serve[c];
    out.acquisitionCost[j] = acq[c];
    out.profit[j] = revenue[c] - cogs[c] - serve[c] - acq[c];
  }
  return out;
}
