/**
 * Expected future transactions of a customer with a given history when, from the end of observation
 * on, the customer's purchase rate is multiplied by k_λ and its drop-out by k_μ (the "what if each
 * customer bought 10 % more often / churned 10 % less from now on" of a lever analysis). The history
 * and therefore the posterior of the customer's traits are unchanged; only the future process moves.
 *
 * Given the history and that the customer is alive, the traits are independent a posteriori:
 *   λ ~ gamma(r + x, α + T) for all three models, and
 *   Pareto/NBD:  μ ~ gamma(s, β + T)                      (Schmittlein, Morrison & Colombo 1987)
 *   BG/NBD:      p ~ beta(a, b + x)                       (Fader, Hardie & Lee 2005, eq. 10's derivation)
 *   MBG/NBD:     p ~ beta(a, b + x + 1)                   (Batislam, Denizel & Filiztekin 2007)
 * so, with P(alive) from the model,
 *   Pareto/NBD: E_k[Y(t)] = P(alive) · k_λ (r+x)/(α+T) · B [1 − (B/(B+t))^(s−1)]/(s−1),  B = (β+T)/k_μ
 *               (the model's conditional expectation, note 008 eq. 21, with the posterior drop-out
 *               rate scaled by k_μ);
 *   BG family:  E_k[Y(t)] = P(alive) · E_p[(1/q)(1 − (1 + q k_λ t/(α+T))^(−(r+x)))],  q = min(1, k_μ p)
 *               (the alive customer buys at rate λ and drops out after each purchase with probability
 *               q, so E[Y(t) | λ, q] = (1 − e^(−λqt))/q; λ integrates in closed form, p by tanh-sinh
 *               quadrature). With k_μ = 1 this reduces to FHL 2005 eq. 10, which the tests check.
 * With k_μ = 1 the purchase-rate shift alone is exact and cheap: Pareto/NBD k_λ·E[Y(t)] (λ enters
 * linearly), BG family E[Y(k_λ t)] (drop-out happens at purchases, so a faster clock is the same
 * process).
 */
import { invalidArgument } from "../errors";
import { lbeta } from "../math/special";
import type { CountModel, Params } from "../models/model";
import { tanhSinhNodes } from "../math/quadrature";

const NODES = tanhSinhNodes(1 / 16);

type Family = { kind: "pareto" } | { kind: "bg"; shift: 0 | 1 };

export function familyOf(model: CountModel, p: Params): Family {
  if (p.s > 0 && p.beta > 0 && p.r > 0 && p.alpha > 0) return { kind: "pareto" };
  if (p.a > 0 && p.b > 0 && p.r > 0 && p.alpha > 0) return { kind: "bg", shift: model.name === "MBG/NBD" ? 1 : 0 };
  throw invalidArgument(`${model.name}: CLV.LEVERS works with BG/NBD, Pareto/NBD and MBG/NBD models`);
}

/** [1 − q^(s−1)]/(s−1) for ln q ≤ 0, accurate at s = 1 (limit −ln q). */
function powerIntegral(logQ: number, s: number): number {
  const e = s - 1;
  if (Math.abs(e * logQ) < 1e-10) return -logQ * (1 + (e * logQ) / 2);
  return -Math.expm1(e * logQ) / e;
}

/**
 * Cumulative expected transactions E_k[Y(t_j) | x, t_x, T] for each t_j of `times`, with the purchase
 * rate scaled by `kRate` and drop-out by `kDrop` (module comment).
 */
export function shiftedExpectedPath(model: CountModel, p: Params, x: number, tx: number, T: number, times: readonly number[], kRate = 1, kDrop = 1): Float64Array {
  const out = new Float64Array(times.length);
  const family = familyOf(model, p);
  if (kDrop === 1) {
    for (let j = 0; j < times.length; j++) {
      out[j] = family.kind === "pareto" ? kRate * model.expected(p, times[j], x, tx, T) : model.expected(p, kRate * times[j], x, tx, T);
    }
    return out;
  }
  const alive = model.pAlive(p, x, tx, T);
  const n = p.r + x;
  const scale = p.alpha + T;
  if (family.kind === "pareto") {
    const B = (p.beta + T) / kDrop;
    for (let j = 0; j < times.length; j++) out[j] = times[j] === 0 ? 0 : alive * kRate * (n / scale) * B * powerIntegral(-Math.log1p(times[j] / B), p.s);
    return out;
  }
  const a = p.a;
  const b = p.b + x + family.shift;
  const logNorm = lbeta(a, b);
  for (const node of NODES) {
    const density = Math.exp((a - 1) * Math.log(node.x) + (b - 1) * Math.log(node.oneMinusX) - logNorm);
    if (!(density > 0) || !Number.isFinite(density)) continue;
    const q = Math.min(1, kDrop * node.x);
    const w = node.weight * density;
    for (let j = 0; j < times.length; j++) {
      const c = (kRate * times[j]) / scale;
      out[j] += w * (-Math.expm1(-n * Math.log1p(q * c)) / q);
    }
  }
  for (let j = 0; j < times.length; j++) out[j] *= alive;
  return out;
}
