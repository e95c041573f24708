/**
 * Cooperative scheduling for long computations inside Excel's JavaScript runtime.
 *
 * Excel restarts an add-in whose runtime is unresponsive for about five seconds (DESIGN §3; Office
 * "resource limits and performance optimization"). Long work therefore runs in slices of at most
 * `sliceMs` and gives the event loop back between slices. The runtime may be a plain JavaScript
 * engine without a DOM or Web Workers (the headless host test loads the bundle with nothing but the
 * `CustomFunctions` and `Office` globals): without `setTimeout` the work still completes, yielding
 * through resolved promises instead.
 */

/** Give control back to the host once. */
export function yieldToHost(): Promise<void> {
  const timer = (globalThis as { setTimeout?: (cb: () => void, ms: number) => unknown }).setTimeout;
  if (typeof timer === "function") return new Promise((resolve) => timer(resolve, 0));
  return Promise.resolve();
}

/** A clock that works with or without `performance`. */
export function now(): number {
  const perf = (globalThis as { performance?: { now(): number } }).performance;
  return perf && typeof perf.now === "function" ? perf.now() : Date.now();
}

/**
 * Drive an iterator to completion, yielding to the host whenever a slice has run for `sliceMs`.
 * The iterator does the work in small steps (e.g. one optimizer iteration per `next()`); its return
 * value is the result.
 */
export async function runInSlices<T>(steps: Iterator<unknown, T>, sliceMs = 200): Promise<T> {
  let sliceStart = now();
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    if (now() - sliceStart >= sliceMs) {
      await yieldToHost();
      sliceStart = now();
    }
  }
}
