/**
 * MBG/NBD: Batislam, Denizel & Filiztekin (2007), "Empirical validation and comparison of models for
 * customer base analysis", International Journal of Research in Marketing 24(3), 201–209. BG/NBD with
 * one change: a customer may also drop out right after her first purchase (at time 0), so a customer
 * with x repeat purchases has survived x + 1 drop-out opportunities and P(alive) < 1 even at x = 0.
 * The same model as BTYDplus's MBG/CNBD-k with k = 1 (Platzer & Reutterer 2016). Formulas live in
 * bgfamily.ts (shift k = 1).
 */
import type { CountModel } from "./model";
import { bgFamilyModel, type BgFamilyParams } from "./bgfamily";

export type MbgNbdParams = BgFamilyParams;

export const mbgnbd: CountModel<MbgNbdParams> = bgFamilyModel(1, {
  name: "MBG/NBD",
  aliases: ["MBGNBD", "MBG NBD", "modified BG/NBD"],
  reference: "Batislam, Denizel & Filiztekin (2007), IJRM 24(3)",
});
