/**
 * The scheduler: identical results to a synchronous run, yields between slices, progress, and
 * cancellation by signal.
 */
import { describe, expect, it } from "vitest";
import { Cancelled, runInSlices } from "../../src/runtime/scheduling";
import { runSteps } from "../../src/core/steps";

/** Steps that each busy-wait `ms` milliseconds and count; returns the count. */
function* busySteps(n: number, ms: number): Generator<number, number, void> {
  for (let i = 1; i <= n; i++) {
    const until = performance.now() + ms;
    while (performance.now() < until);
    yield i;
  }
  return n;
}

describe("runInSlices", () => {
  it("returns what the synchronous run returns", async () => {
    expect(await runInSlices(busySteps(5, 0))).toBe(runSteps(busySteps(5, 0)));
  });

  it("gives the event loop back between slices: a timer set before the run fires during it", async () => {
    let fired = false;
    setTimeout(() => (fired = true), 0);
    let firedDuring = false;
    const progress: number[] = [];
    await runInSlices(busySteps(20, 2), {
      sliceMs: 5,
      onProgress: (i) => {
        progress.push(i);
        if (fired) firedDuring = true;
      },
    });
    expect(firedDuring).toBe(true);
    // 20 steps of 2 ms in slices of 5 ms: at least a yield every 3 steps
    expect(progress.length).toBeGreaterThanOrEqual(5);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  });

  it("stops with Cancelled at the next yield once the signal is set, and refuses to start on a set signal", async () => {
    const signal = { aborted: false };
    let last = 0;
    const run = runInSlices(busySteps(1000, 1), {
      sliceMs: 3,
      signal,
      onProgress: (i) => {
        last = i;
        if (i >= 10) signal.aborted = true;
      },
    });
    await expect(run).rejects.toBeInstanceOf(Cancelled);
    expect(last).toBeGreaterThanOrEqual(10);
    expect(last).toBeLessThan(1000);
    await expect(runInSlices(busySteps(3, 0), { signal: { aborted: true } })).rejects.toBeInstanceOf(Cancelled);
  });
});
