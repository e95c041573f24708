/**
 * Model registry: the name written in a fitted table's `model` row -> the model module (DESIGN §4.1).
 * Lookups ignore case and the separators "/", "-", "_", ".", and spaces, so "BG/NBD", "bgnbd" and
 * "BG-NBD" all find the same model. Generic functions (CLV.EXPECTED, CLV.PALIVE, ...) dispatch
 * through `countModel` / `spendModel` / `retentionModel`, which say clearly (#N/A) when a model
 * lacks the prediction asked for.
 *
 * Modules never import the registry (no import cycles); the registry imports them. To add a model,
 * export its object from its module and add it to BUILT_IN below.
 */
import { invalidArgument, notAvailable } from "../errors";
import type { AnyModel, CountModel, RetentionModel, SpendModel } from "./model";
import { bgnbd } from "./bgnbd";
import { paretoNbd } from "./paretonbd";
import { mbgnbd } from "./mbgnbd";
import { gammaGamma } from "./gammagamma";
import { bgbb } from "./bgbb";
import { sbg } from "./sbg";

const BUILT_IN: readonly AnyModel[] = [bgnbd, paretoNbd, mbgnbd, bgbb, gammaGamma, sbg];

const byKey = new Map<string, AnyModel>();
const ordered: AnyModel[] = [];

/** The lookup key of a model name: lower case, without separators. */
export function modelKey(name: string): string {
  return name.toLowerCase().replace(/[\s/\-_.]+/g, "");
}

/**
 * Adds a model (and its aliases) to the registry. Re-registering the same object is harmless;
 * a different model under a taken name is a programming error.
 */
export function registerModel(model: AnyModel): void {
  const keys = [model.name, ...(model.aliases ?? [])].map(modelKey);
  for (const key of keys) {
    const existing = byKey.get(key);
    if (existing && existing !== model) {
      throw new Error(`model name '${key}' is registered twice (${existing.name}, ${model.name})`);
    }
  }
  for (const key of keys) byKey.set(key, model);
  if (!ordered.includes(model)) ordered.push(model);
}

for (const m of BUILT_IN) registerModel(m);

/** All registered models, in registration order. */
export function listModels(): readonly AnyModel[] {
  return ordered;
}

/** The model of that name, or undefined. */
export function findModel(name: string): AnyModel | undefined {
  return byKey.get(modelKey(name));
}

/** The model of that name; #VALUE! naming the known models when there is none. */
export function getModel(name: string, argName = "model"): AnyModel {
  const m = findModel(name);
  if (!m) {
    const known = ordered.map((x) => x.name).join(", ");
    throw invalidArgument(`${argName}: unknown model '${name}'. Known models: ${known}.`);
  }
  return m;
}

const KIND_WORDS: Record<AnyModel["kind"], string> = {
  count: "a transaction model (BG/NBD, Pareto/NBD, MBG/NBD, BG/BB)",
  spend: "a spend model (Gamma-Gamma)",
  retention: "a retention model (sBG)",
};

function wrongKind(model: AnyModel, wanted: AnyModel["kind"], fn: string, argName: string): never {
  throw notAvailable(
    `${argName}: ${fn} needs ${KIND_WORDS[wanted]}, but the table holds ${model.name}, ` +
      `which is ${KIND_WORDS[model.kind].replace(/ \(.*\)$/, "")}.`,
  );
}

/** `model` as a count model, or #N/A saying which function needed what. */
export function countModel(model: AnyModel, fn: string, argName = "model"): CountModel {
  return model.kind === "count" ? model : wrongKind(model, "count", fn, argName);
}

export function spendModel(model: AnyModel, fn: string, argName = "model"): SpendModel {
  return model.kind === "spend" ? model : wrongKind(model, "spend", fn, argName);
}

export function retentionModel(model: AnyModel, fn: string, argName = "model"): RetentionModel {
  return model.kind === "retention" ? model : wrongKind(model, "retention", fn, argName);
}

/**
 * The optional prediction `what` of a model, or #N/A naming the model and the models that have it.
 * Example: `requirePrediction(m, "dert", "CLV.DERT")`.
 */
export function requirePrediction<M extends AnyModel, K extends keyof M>(
  model: M,
  what: K,
  fn: string,
): NonNullable<M[K]> {
  const f = model[what];
  if (typeof f !== "function") {
    const having = ordered.filter((m) => typeof (m as unknown as Record<string, unknown>)[what as string] === "function");
    const list = having.length ? ` It is available for ${having.map((m) => m.name).join(", ")}.` : "";
    throw notAvailable(`${fn} is not defined for ${model.name}.${list}`);
  }
  return (f as (...args: unknown[]) => unknown).bind(model) as NonNullable<M[K]>;
}
