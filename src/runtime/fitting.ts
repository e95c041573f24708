/**
 * The one fitting pipeline of the adapters: every FIT worksheet function and the task pane fit a model
 * through `fitModel`. It compresses count data to unique rows (DESIGN §4.2), looks the fit up by model
 * and input content (DESIGN §3 "Limits": recalculation and the one-shot functions never refit the same
 * data, and a pane build followed by live FIT formulas on the same data fits once), runs the core's fit
 * steps in time slices, and shares one computation between all callers waiting for the same fit.
 *
 * Cancellation: each caller passes its own signal (Excel's onCanceled for a cell, the pane's Cancel
 * button). The shared computation stops only when every caller waiting for it has cancelled; it is
 * then forgotten, so the next call starts afresh. A failed fit is forgotten too.
 */
import { compressCountData, contentHash, countDataHash } from "../core/models/compress";
import type { CountData, CountModel, Fit, FitProgress, RetentionData, RetentionModel, SpendData, SpendModel } from "../core/models/model";
import { runSteps } from "../core/steps";
import { runInSlices, type CancelSignal } from "./scheduling";

/** A model with the data it is fitted to. */
export type FitRequest =
  | { readonly model: CountModel; readonly data: CountData }
  | { readonly model: SpendModel; readonly data: SpendData }
  | { readonly model: RetentionModel; readonly data: RetentionData };

export interface FitControl {
  readonly signal?: CancelSignal;
  /** longest stretch of synchronous work of a fit this call starts, in ms (the scheduler's default otherwise) */
  readonly sliceMs?: number;
  /** progress of a fit this call starts (a cached or already running fit reports none) */
  readonly onProgress?: (progress: FitProgress) => void;
}

interface Running {
  readonly promise: Promise<unknown>;
  /** the signals of every caller waiting for this fit while it runs */
  readonly waiting: CancelSignal[];
  settled: boolean;
}

/** Fits kept, most recently used last (a dozen recent fits: a workbook's FIT cells and a pane build). */
const CAPACITY = 12;
const runs = new Map<string, Running>();

const NEVER: CancelSignal = { aborted: false };

function keyAndSteps(request: FitRequest): { key: string; steps: () => Generator<FitProgress, Fit, void> } {
  const { model } = request;
  switch (model.kind) {
    case "count": {
      const d = compressCountData(request.data as CountData);
      return { key: `${model.name}|${countDataHash(d)}`, steps: () => model.fitSteps(d) };
    }
    case "spend": {
      const d = request.data as SpendData;
      return { key: `${model.name}|${contentHash([d.x, d.m], d.weight)}`, steps: () => model.fitSteps(d) };
    }
    case "retention": {
      const d = request.data as RetentionData;
      return { key: `${model.name}|${contentHash([d.alive], new Float64Array(d.alive.length).fill(1))}`, steps: () => model.fitSteps(d) };
    }
  }
}

function remember(key: string, running: Running): void {
  runs.delete(key);
  runs.set(key, running);
  while (runs.size > CAPACITY) runs.delete(runs.keys().next().value as string);
}

/**
 * A long computation (step generator) run in slices and cached under `key`, shared by every caller
 * waiting for the same key and stopped only when all of them have cancelled. `key` must identify the
 * inputs' content (e.g. a model name and a content hash); fits use `fitModel`, composite computations
 * such as CLV.REFIT's series of fits call this directly.
 */
export function runCached<T>(key: string, steps: () => Iterator<FitProgress, T, void>, control: FitControl = {}): Promise<T> {
  const signal = control.signal ?? NEVER;
  let running = runs.get(key);
  if (running) {
    if (!running.settled) running.waiting.push(signal);
  } else {
    const waiting: CancelSignal[] = [signal];
    const everyoneCancelled: CancelSignal = {
      get aborted() {
        return waiting.every((s) => s.aborted);
      },
    };
    const started: Running = { promise: runInSlices(steps(), { signal: everyoneCancelled, onProgress: control.onProgress, sliceMs: control.sliceMs }), waiting, settled: false };
    const settle = (): void => {
      started.settled = true;
      waiting.length = 0;
    };
    started.promise.then(settle, () => {
      settle();
      if (runs.get(key) === started) runs.delete(key);
    });
    running = started;
  }
  remember(key, running);
  return running.promise as Promise<T>;
}

/** The maximum-likelihood fit of `request.model` to `request.data`, cached by content. */
export function fitModel(request: FitRequest, control: FitControl = {}): Promise<Fit> {
  const { key, steps } = keyAndSteps(request);
  return runCached(key, steps, control);
}

/**
 * The same fit computed synchronously, for callers that may block (the CLI in Node, tests); the result
 * joins the cache, so a later `fitModel` of the same data is answered from it.
 */
export function fitModelSync(request: FitRequest): Fit {
  const { key, steps } = keyAndSteps(request);
  const fit = runSteps(steps());
  remember(key, { promise: Promise.resolve(fit), waiting: [], settled: true });
  return fit;
}

/** Forgets every cached fit (benchmarks and tests time or check fresh fits). */
export function clearFitCache(): void {
  runs.clear();
}
