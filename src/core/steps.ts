/**
 * Long computations in the core are generators that yield after each bounded piece of work (an
 * optimiser iteration, one Hessian column, one simulated customer block) and return their result.
 * The adapters decide how to drive them: the worksheet functions and the pane in time slices
 * (src/runtime/scheduling.ts), tests and synchronous callers with `runSteps`.
 */

/** Drive a step generator to completion synchronously and return its result. */
export function runSteps<T>(steps: Iterator<unknown, T, void>): T {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}
