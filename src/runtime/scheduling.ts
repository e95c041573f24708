/**
 * The one scheduler of long computations, for the worksheet functions and the task pane alike.
 *
 * Excel restarts an add-in whose runtime is unresponsive for about five seconds (DESIGN §3; Office
 * "resource limits and performance optimization"), and the pane must stay responsive and cancellable.
 * The core therefore writes long work as step generators (src/core/steps.ts); `runInSlices` drives
 * them here for at most `sliceMs` at a time and gives the event loop back between slices. The runtime
 * may be a plain JavaScript engine without a DOM, Web Workers or timers (the headless host test loads
 * the functions bundle with nothing but the `CustomFunctions` and `Office` globals): without
 * `setTimeout` the work still completes, yielding through resolved promises instead.
 */

/** A flag the caller sets to stop long work (the pane's Cancel button, Excel's onCanceled event). */
export interface CancelSignal {
  readonly aborted: boolean;
}

/** Thrown by `runInSlices` when its signal is set; the pane and the functions report it as cancelled. */
export class Cancelled extends Error {
  constructor(message = "The calculation was cancelled.") {
    super(message);
    this.name = "Cancelled";
  }
}

/** Give control back to the host once. */
export function yieldToHost(): Promise<void> {
  const timer = (globalThis as { setTimeout?: (cb: () => void, ms: number) => unknown }).setTimeout;
  if (typeof timer === "function") return new Promise((resolve) => timer(resolve, 0));
  return Promise.resolve();
}

/** A clock that works with or without `performance`. */
function now(): number {
  const perf = (globalThis as { performance?: { now(): number } }).performance;
  return perf && typeof perf.now === "function" ? perf.now() : Date.now();
}

/** Longest stretch of synchronous work between yields, in ms (default of `runInSlices`). */
export const SLICE_MS = 100;

export interface SliceOptions<Y> {
  /** longest stretch of synchronous work between yields, in ms */
  readonly sliceMs?: number;
  /** checked after every yield; when set, the run stops with `Cancelled` */
  readonly signal?: CancelSignal;
  /** called before every yield with the latest step's value (e.g. for a progress line) */
  readonly onProgress?: (step: Y) => void;
}

/**
 * Drive a step generator to completion, yielding to the host whenever a slice has run for `sliceMs`.
 * The result is identical to a synchronous run (`runSteps` in src/core/steps.ts).
 */
export async function runInSlices<T, Y = unknown>(steps: Iterator<Y, T, void>, options: SliceOptions<Y> = {}): Promise<T> {
  const sliceMs = options.sliceMs ?? SLICE_MS;
  if (options.signal?.aborted) throw new Cancelled();
  let sliceStart = now();
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    if (now() - sliceStart >= sliceMs) {
      options.onProgress?.(r.value);
      await yieldToHost();
      if (options.signal?.aborted) throw new Cancelled();
      sliceStart = now();
    }
  }
}
