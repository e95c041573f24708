/**
 * Step times of a build, as User Timing measures named "clv:<step>" (performance.measure with a start
 * and an end): the browser keeps them in the page's own performance timeline, where the benchmark
 * (bench/pane.bench.ts) and the browser's developer tools read them. Nothing leaves the page. Where
 * the User Timing API is missing the work simply runs.
 */

function clock(): number {
  const perf = (globalThis as { performance?: { now(): number } }).performance;
  return perf && typeof perf.now === "function" ? perf.now() : Date.now();
}

function record(name: string, start: number): void {
  const perf = (globalThis as { performance?: { measure?: (name: string, options: { start: number; end: number }) => unknown } }).performance;
  try {
    perf?.measure?.(`clv:${name}`, { start, end: clock() });
  } catch {
    // an older User Timing API (no options object): the step is just not recorded
  }
}

/** Runs `work` and records its time as the measure "clv:<name>" (also when it throws). */
export async function timed<T>(name: string, work: () => Promise<T> | T): Promise<T> {
  const start = clock();
  try {
    return await work();
  } finally {
    record(name, start);
  }
}

/** The same for synchronous work. */
export function timedSync<T>(name: string, work: () => T): T {
  const start = clock();
  try {
    return work();
  } finally {
    record(name, start);
  }
}
