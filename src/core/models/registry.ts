/**
 * Model registry: the one place that knows the models (DESIGN §1, §4.1). It maps the name written in
 * a fitted table's `model` row to the model module, and says how every face presents the model: the
 * Excel id of its FIT function, whether the task pane offers it, the section of the function
 * reference that documents it, and a published parameter set for examples and the robustness tests.
 * The pane's model choice, the docs generator and the fuzzing all read this list.
 *
 * Lookups ignore case and the separators "/", "-", "_", ".", and spaces, so "BG/NBD", "bgnbd" and
 * "BG-NBD" all find the same model. Generic functions (CLV.EXPECTED, CLV.PALIVE, ...) dispatch
 * through `countModel` / `spendModel` / `retentionModel`, which say clearly (#N/A) when a model
 * lacks the prediction asked for.
 *
 * Modules never import the registry (no import cycles); the registry imports them. To add a model,
 * export its object from its module and add its entry to BUILT_IN below (docs/ARCHITECTURE.md).
 */
import { invalidArgument, notAvailable } from "../errors";
import type { AnyModel, CountModel, Params, RetentionModel, SpendModel } from "./model";
import { bgnbd } from "./bgnbd";
import { paretoNbd } from "./paretonbd";
import { mbgnbd } from "./mbgnbd";
import { gammaGamma } from "./gammagamma";
import { bgbb } from "./bgbb";
import { sbg } from "./sbg";

/** Sections of the function reference (scripts/generate-docs.mjs) that document models. */
export type DocsSection = "non-contractual" | "discrete";

/** How the add-in's faces present one model. */
export interface ModelEntry {
  readonly model: AnyModel;
  /** Excel id of the function that fits it (`=CLV.<id>(...)`); its one-step function, if any, is the id without ".FIT" */
  readonly fitFunction: string;
  /** offered in the task pane's model choice (continuous-time count models: the pane's CLV sheet predicts with them) */
  readonly pane: boolean;
  readonly docsSection: DocsSection;
  /** published estimates: the model's worked default in examples and in the robustness tests */
  readonly example: { readonly params: Params; readonly source: string };
}

const BUILT_IN: readonly ModelEntry[] = [
  {
    model: bgnbd,
    fitFunction: "BGNBD.FIT",
    pane: true,
    docsSection: "non-contractual",
    example: { params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, source: "Fader, Hardie & Lee (2005), Marketing Science 24(2), CDNOW, weeks" },
  },
  {
    model: paretoNbd,
    fitFunction: "PARETO.FIT",
    pane: true,
    docsSection: "non-contractual",
    example: { params: { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 }, source: "Fader, Hardie & Lee (2005), Marketing Science 24(2), CDNOW, weeks" },
  },
  {
    model: mbgnbd,
    fitFunction: "MBGNBD.FIT",
    pane: false,
    docsSection: "non-contractual",
    example: { params: { r: 0.525, alpha: 6.183, a: 0.891, b: 1.614 }, source: "Batislam, Denizel & Filiztekin (2007) on CDNOW, weeks (R BTYDplus)" },
  },
  {
    model: bgbb,
    fitFunction: "BGBB.FIT",
    pane: false,
    docsSection: "discrete",
    example: { params: { alpha: 1.204, beta: 0.75, gamma: 0.657, delta: 2.783 }, source: "Fader, Hardie & Shang (2010), Marketing Science 29(6), donations data" },
  },
  {
    model: gammaGamma,
    fitFunction: "GG.FIT",
    pane: false,
    docsSection: "non-contractual",
    example: { params: { p: 6.25, q: 3.74, gamma: 15.44 }, source: "Fader & Hardie (2013), note 025, CDNOW" },
  },
  {
    model: sbg,
    fitFunction: "SBG.FIT",
    pane: false,
    docsSection: "discrete",
    example: { params: { alpha: 0.704, beta: 1.182 }, source: "Fader & Hardie (2007), J. Interactive Marketing 21(1), regular customers" },
  },
];

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

for (const e of BUILT_IN) registerModel(e.model);

/** All registered models, in registration order. */
export function listModels(): readonly AnyModel[] {
  return ordered;
}

/** The built-in models with how each face presents them, in registration order. */
export function modelEntries(): readonly ModelEntry[] {
  return BUILT_IN;
}

/** The entry of a built-in model (by any of its names), or undefined. */
export function modelEntry(name: string): ModelEntry | undefined {
  const model = findModel(name);
  return BUILT_IN.find((e) => e.model === model);
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
