/**
 * BG/NBD: Fader, Hardie & Lee (2005), "'Counting your customers' the easy way: an alternative to the
 * Pareto/NBD model", Marketing Science 24(2), 275–284. Likelihood eq. 6, E[X(t)] eq. 7, P(X(t) = x)
 * eq. 8, E[Y(t) | x, t_x, T] eq. 10, P(alive) from the technical appendix (Fader & Hardie note 004 /
 * "Computing P(alive) using the BG/NBD model", 2008). Formulas live in bgfamily.ts (shift k = 0).
 */
import type { CountModel } from "./model";
import { bgFamilyModel, type BgFamilyParams } from "./bgfamily";

export type BgNbdParams = BgFamilyParams;

export const bgnbd: CountModel<BgNbdParams> = bgFamilyModel(0, {
  name: "BG/NBD",
  aliases: ["BGNBD", "BG NBD", "beta-geometric/NBD"],
  reference: "Fader, Hardie & Lee (2005), Marketing Science 24(2), eqs. 6-10",
});
