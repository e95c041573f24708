/**
 * A plain-language reading of a fitted model: a few sentences with the numbers the table implies,
 * each number also given on its own with its unit so the sheet can reuse it.
 *
 * What is read depends on the model's structure (its kind, time domain and parameters), never on a
 * list of model names:
 * - gamma-distributed purchase rates (parameters r, α; FHL 2005 §2, Schmittlein et al. 1987): mean
 *   rate r/α per time unit, and their spread, the coefficient of variation 1/√r;
 * - beta-distributed drop-out probabilities at each purchase (a, b; FHL 2005): mean a/(a+b);
 * - gamma-distributed drop-out rates (s, β; Pareto/NBD): mean s/β per unit, and the share of new
 *   customers still alive after a year, (β/(β+t))^s;
 * - discrete-time transaction and drop-out probabilities (α, β, γ, δ; Fader, Hardie & Shang 2010):
 *   means α/(α+β) and γ/(γ+δ) per opportunity;
 * - every count model: a new customer's expected repeat purchases in a year (or 10 opportunities),
 *   E[X(t)], and the share expected to make none, P(X(t) = 0), where the model has a pmf;
 * - Gamma-Gamma (Fader & Hardie 2013, note 025): population mean spend pγ/(q−1), spread of one
 *   customer's transactions 1/√p, spread of customers' mean spend 1/√(q−2) (q > 2), and the weight
 *   p·x/(p·x+q−1) a customer's own average gets after x repeat purchases (note 025 eq. 5);
 * - sBG (Fader & Hardie 2007): mean churn probability α/(α+β), retention in periods 1 and 5, and the
 *   share of a cohort still active after 5 periods.
 */
import { DAYS_PER_UNIT, type TimeUnit } from "../data/dates";
import type { AnyModel, Params } from "../models/model";

export interface Reading {
  readonly text: string;
  readonly value: number;
  readonly unit: string;
}

const UNIT_WORD: Readonly<Record<TimeUnit, [string, string]>> = {
  D: ["day", "days"],
  W: ["week", "weeks"],
  M: ["month", "months"],
  Y: ["year", "years"],
};

/** A number as written in a reading: 3 significant digits, thousands separated. */
export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a >= 1000) return Math.round(v).toLocaleString("en-US");
  return String(Number(v.toPrecision(3)));
}

/** A share as a percentage with one decimal. */
export function formatShare(v: number): string {
  return `${(100 * v).toFixed(1)} %`;
}

function has(model: AnyModel, ...names: string[]): boolean {
  return names.every((n) => model.paramNames.includes(n));
}

/** The readings of a model table; `unit` is the model's time unit (continuous-time count models). */
export function explainModel(model: AnyModel, p: Params, unit: TimeUnit): Reading[] {
  const out: Reading[] = [];
  const add = (text: string, value: number, u: string) => out.push({ text, value, unit: u });
  const [one, many] = UNIT_WORD[unit];

  if (model.kind === "count" && model.timeDomain === "continuous") {
    const year = DAYS_PER_UNIT.Y / DAYS_PER_UNIT[unit];
    const yearText = unit === "Y" ? "a year" : `a year (${formatNumber(year)} ${many})`;
    if (has(model, "r", "alpha")) {
      const rate = p.r / p.alpha;
      add(`While active, a customer buys on average ${formatNumber(rate)} times per ${one} (r/alpha).`, rate, `purchases per ${one}`);
      const cv = 1 / Math.sqrt(p.r);
      add(
        `Purchase rates vary across customers with a coefficient of variation of ${formatNumber(cv)} (1/√r)` +
          (cv > 1 ? ": a few customers buy far more often than most." : ": customers buy at fairly similar rates."),
        cv,
        "ratio",
      );
    }
    if (has(model, "a", "b")) {
      const drop = p.a / (p.a + p.b);
      add(`After each purchase a customer drops out with probability ${formatShare(drop)} on average (a/(a+b)).`, drop, "probability per purchase");
    } else if (has(model, "s", "beta")) {
      const rate = p.s / p.beta;
      add(`While active, customers drop out at an average rate of ${formatNumber(rate)} per ${one} (s/beta).`, rate, `per ${one}`);
      const alive = Math.pow(p.beta / (p.beta + year), p.s);
      add(`${formatShare(alive)} of new customers are still active after ${yearText} ((beta/(beta+t))^s).`, alive, "share");
    }
    if (model.pmf) {
      const none = model.pmf(p, 0, year);
      add(`${formatShare(none)} of new customers are expected to make no repeat purchase in ${yearText}.`, none, "share");
    }
    const expected = model.expectedNew(p, year);
    add(`A new customer is expected to make ${formatNumber(expected)} repeat purchases in ${yearText}.`, expected, "purchases");
  } else if (model.kind === "count") {
    const horizon = 10;
    if (has(model, "alpha", "beta", "gamma", "delta")) {
      const buy = p.alpha / (p.alpha + p.beta);
      add(`While active, a customer transacts at an opportunity with probability ${formatShare(buy)} on average (alpha/(alpha+beta)).`, buy, "probability per opportunity");
      const drop = p.gamma / (p.gamma + p.delta);
      add(`At each opportunity an active customer drops out with probability ${formatShare(drop)} on average (gamma/(gamma+delta)).`, drop, "probability per opportunity");
    }
    if (model.pmf) {
      const none = model.pmf(p, 0, horizon);
      add(`${formatShare(none)} of new customers are expected to make no transaction in their first ${horizon} opportunities.`, none, "share");
    }
    const expected = model.expectedNew(p, horizon);
    add(`A new customer is expected to make ${formatNumber(expected)} transactions in the first ${horizon} opportunities.`, expected, "transactions");
  } else if (model.kind === "spend") {
    if (has(model, "p", "q", "gamma")) {
      if (p.q > 1) {
        const mean = model.meanSpend(p);
        add(`Across customers, the mean spend per transaction is ${formatNumber(mean)} (p·gamma/(q−1)).`, mean, "currency per transaction");
      } else add(`The population mean spend does not exist: q = ${formatNumber(p.q)} is not above 1.`, p.q, "q");
      const within = 1 / Math.sqrt(p.p);
      add(`One customer's transaction values vary with a coefficient of variation of ${formatNumber(within)} (1/√p).`, within, "ratio");
      if (p.q > 2) {
        const between = 1 / Math.sqrt(p.q - 2);
        add(`Customers' mean spends vary with a coefficient of variation of ${formatNumber(between)} (1/√(q−2)).`, between, "ratio");
      }
      for (const x of [1, 5]) {
        const w = (p.p * x) / (p.p * x + p.q - 1);
        add(`After ${x} repeat purchase${x > 1 ? "s" : ""}, a customer's own average counts for ${formatShare(w)} of the expected spend (p·x/(p·x+q−1)).`, w, "weight");
      }
    }
  } else {
    if (has(model, "alpha", "beta")) {
      const churn = p.alpha / (p.alpha + p.beta);
      add(`A new customer's probability of leaving at a renewal is ${formatShare(churn)} on average (alpha/(alpha+beta)).`, churn, "probability per period");
    }
    for (const t of [1, 5]) {
      const r = model.retention(p, t);
      add(`The retention rate in period ${t} is ${formatShare(r)} (S(${t})/S(${t - 1})).`, r, "rate");
    }
    const s = model.survival(p, 5);
    add(`${formatShare(s)} of a cohort is still active after 5 periods.`, s, "share");
  }
  return out;
}
