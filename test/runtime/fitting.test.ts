/**
 * The fitting pipeline of the FIT functions and the pane: content cache, one computation shared by
 * concurrent callers, cancellation only when every caller has cancelled, and the same estimates as
 * the model's own synchronous fit.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { clearFitCache, fitModel, fitModelSync } from "../../src/runtime/fitting";
import { Cancelled } from "../../src/runtime/scheduling";
import { bgnbd } from "../../src/core/models/bgnbd";
import { gammaGamma } from "../../src/core/models/gammagamma";
import { makeCountData, makeSpendData } from "../../src/core/models/compress";
import { createRng } from "../../src/core/math/random";
import type { CountData } from "../../src/core/models/model";

/** BG/NBD customers simulated from FHL 2005's CDNOW estimates, observed for 20..39 weeks (with days as fractions). */
function simulated(seed: number, customers = 3000): CountData {
  const rng = createRng(seed);
  const T = Float64Array.from({ length: customers }, (_, i) => 20 + (i % 20) + (i % 7) / 7);
  const h = bgnbd.simulate({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, T, rng);
  return makeCountData(h.x, h.tx, h.T);
}

beforeEach(() => clearFitCache());

describe("fitModel", () => {
  it("gives the estimates of the model's synchronous fit, and answers a second call from the cache", async () => {
    const data = simulated(7);
    const fit = await fitModel({ model: bgnbd, data });
    const direct = bgnbd.fit(data);
    for (const p of ["r", "alpha", "a", "b"] as const) expect(fit.params[p]).toBeCloseTo(direct.params[p], 12);
    let progress = 0;
    const again = await fitModel({ model: bgnbd, data: makeCountData(data.x, data.tx, data.T) }, { onProgress: () => progress++ });
    expect(again).toBe(fit);
    expect(progress).toBe(0);
  });

  it("shares one computation between concurrent callers with the same data", async () => {
    const data = simulated(8);
    const [a, b] = await Promise.all([fitModel({ model: bgnbd, data }), fitModel({ model: bgnbd, data })]);
    expect(a).toBe(b);
  });

  it("keeps a shared fit running while one caller still waits, and stops it when all have cancelled", async () => {
    const data = simulated(9);
    const first = { aborted: false };
    const second = { aborted: false };
    const p1 = fitModel({ model: bgnbd, data }, { signal: first });
    const p2 = fitModel({ model: bgnbd, data }, { signal: second });
    first.aborted = true;
    const fit = await p2;
    await expect(p1).resolves.toBe(fit);

    // slices of 0 ms: the fit yields after every step and sees the cancel at its first yield
    const other = simulated(10);
    const only = { aborted: false };
    const cancelled = fitModel({ model: bgnbd, data: other }, { signal: only, sliceMs: 0, onProgress: () => (only.aborted = true) });
    await expect(cancelled).rejects.toBeInstanceOf(Cancelled);
    // a cancelled fit is forgotten: the next call computes it afresh
    const fresh = await fitModel({ model: bgnbd, data: other });
    expect(fresh.converged).toBe(true);
  });

  it("computes the same fit synchronously, and a later asynchronous call is answered from the cache", async () => {
    const data = simulated(12);
    const sync = fitModelSync({ model: bgnbd, data });
    let progress = 0;
    const fit = await fitModel({ model: bgnbd, data }, { sliceMs: 0, onProgress: () => progress++ });
    expect(fit).toBe(sync);
    expect(progress).toBe(0);
  });

  it("keys spend fits by content too", async () => {
    const spend = makeSpendData([1, 2, 3, 1, 5, 2, 4, 1], [20, 35, 18, 50, 22, 41, 30, 25]);
    const a = await fitModel({ model: gammaGamma, data: spend });
    const b = await fitModel({ model: gammaGamma, data: makeSpendData([1, 2, 3, 1, 5, 2, 4, 1], [20, 35, 18, 50, 22, 41, 30, 25]) });
    expect(b).toBe(a);
  });
});
