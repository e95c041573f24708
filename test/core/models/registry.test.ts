/**
 * The model registry: names as written in model tables -> modules (DESIGN §4.1), dispatch by kind
 * with clear #N/A messages.
 */
import { describe, expect, it } from "vitest";
import { countModel, findModel, getModel, listModels, modelEntries, modelEntry, modelKey, registerModel, requirePrediction, spendModel } from "../../../src/core/models/registry";
import { paramsToTable, parseModelTable } from "../../../src/core/models/table";
import { GOLDEN_IDS } from "../../functions/goldenIds";
import { bgnbd } from "../../../src/core/models/bgnbd";
import { paretoNbd } from "../../../src/core/models/paretonbd";
import { mbgnbd } from "../../../src/core/models/mbgnbd";
import { gammaGamma } from "../../../src/core/models/gammagamma";
import { thrownBy as error } from "../../support/thrown";

describe("model registry", () => {
  it("finds models case-insensitively, ignoring separators, and by alias", () => {
    expect(findModel("BG/NBD")).toBe(bgnbd);
    expect(findModel("bgnbd")).toBe(bgnbd);
    expect(findModel(" bg-nbd ".trim())).toBe(bgnbd);
    expect(findModel("Pareto")).toBe(paretoNbd);
    expect(findModel("pareto/nbd")).toBe(paretoNbd);
    expect(findModel("MBG/NBD")).toBe(mbgnbd);
    expect(findModel("gamma-gamma")).toBe(gammaGamma);
    expect(findModel("GG")).toBe(gammaGamma);
    expect(findModel("nope")).toBeUndefined();
    expect(modelKey("BG / NBD")).toBe("bgnbd");
  });

  it("lists every registered model once, each with a distinct kind-appropriate shape", () => {
    const names = listModels().map((m) => m.name);
    expect(new Set(names).size).toBe(names.length);
    for (const m of listModels()) {
      expect(["count", "spend", "retention"]).toContain(m.kind);
      expect(m.paramNames.length).toBeGreaterThan(0);
      expect(typeof m.fit).toBe("function");
      expect(typeof m.fitSteps).toBe("function");
    }
  });

  it("refuses a different model under a taken name; re-registering the same one is harmless", () => {
    registerModel(bgnbd);
    expect(() => registerModel({ ...bgnbd })).toThrow(/registered twice/);
  });

  it("says which kind a function needs (#N/A) and which models have a prediction", () => {
    expect(getModel("BG/NBD")).toBe(bgnbd);
    expect(error(() => getModel("xyz")).kind).toBe("value");
    const e1 = error(() => spendModel(bgnbd, "CLV.SPEND"));
    expect(e1.kind).toBe("na");
    expect(e1.message).toMatch(/CLV.SPEND needs a spend model \(Gamma-Gamma\), but the table holds BG\/NBD, which is a transaction model/);
    expect(error(() => countModel(gammaGamma, "CLV.EXPECTED")).message).toMatch(/CLV.EXPECTED needs a transaction model/);
    const e2 = error(() => requirePrediction(bgnbd, "dert", "CLV.DERT"));
    expect(e2.kind).toBe("na");
    expect(e2.message).toMatch(/CLV.DERT is not defined for BG\/NBD. It is available for Pareto\/NBD/);
    const dert = requirePrediction(paretoNbd, "dert", "CLV.DERT");
    expect(dert({ r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 }, 0.01, 0, 0, 30)).toBeGreaterThan(0);
  });

  it("gives every model one entry: a released FIT function id, a docs section, and published estimates that parse", () => {
    expect(modelEntries().map((e) => e.model)).toEqual(listModels());
    for (const e of modelEntries()) {
      expect(GOLDEN_IDS).toContain(e.fitFunction);
      expect(["non-contractual", "discrete"]).toContain(e.docsSection);
      expect(e.example.source.length).toBeGreaterThan(10);
      const spec = parseModelTable(paramsToTable(e.model, e.example.params));
      expect(spec.model).toBe(e.model);
      expect(spec.params).toEqual(e.example.params);
    }
    expect(modelEntry("bgnbd")?.fitFunction).toBe("BGNBD.FIT");
    expect(modelEntry("nope")).toBeUndefined();
  });

  it("offers the task pane only continuous-time count models (its CLV sheet predicts by calendar month)", () => {
    const pane = modelEntries().filter((e) => e.pane);
    expect(pane.map((e) => e.model.name)).toEqual(["BG/NBD", "Pareto/NBD"]);
    for (const e of pane) expect(e.model.kind === "count" && e.model.timeDomain === "continuous").toBe(true);
  });
});
