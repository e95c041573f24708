import { describe, expect, it } from "vitest";
import { shiftedExpectedPath } from "../../../src/core/decisions/futureBehaviour";
import { bgnbd } from "../../../src/core/models/bgnbd";
import { mbgnbd } from "../../../src/core/models/mbgnbd";
import { paretoNbd } from "../../../src/core/models/paretonbd";
import { createRng } from "../../../src/core/math/random";
import type { CountModel, Params } from "../../../src/core/models/model";

const bg = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const pp = { r: 0.55, alpha: 10.58, s: 0.61, beta: 11.67 };
const histories = [
  [0, 0, 38],
  [2, 30.43, 38.86],
  [6, 35.71, 38.86],
  [20, 38, 39],
];
const times = [4.35, 26, 52, 200];

describe("future behaviour shifts (posterior integrals)", () => {
  it("with the drop-out factor at 1 + 1e-9 the integrals reproduce each model's closed-form E[Y(t)] (FHL 2005 eq. 10, note 008 eq. 21) to 1e-7", () => {
    for (const [x, tx, T] of histories) {
      for (const [model, p] of [[bgnbd, bg], [mbgnbd, bg], [paretoNbd, pp]] as [CountModel, Params][]) {
        const path = shiftedExpectedPath(model, p, x, tx, T, times, 1, 1 + 1e-9);
        times.forEach((t, j) => expect(Math.abs(path[j] / model.expected(p, t, x, tx, T) - 1)).toBeLessThan(1e-7));
      }
    }
  });

  it("BG/NBD drop-out × k agrees with a Monte Carlo of the posterior (λ, p) within 3 standard errors", () => {
    const [x, tx, T] = [2, 30.43, 38.86];
    const k = 1.5;
    const t = 52;
    const exact = shiftedExpectedPath(bgnbd, bg, x, tx, T, [t], 1, k)[0];
    const rng = createRng(7);
    const alive = bgnbd.pAlive(bg, x, tx, T);
    const n = 200_000;
    let sum = 0;
    let sum2 = 0;
    for (let i = 0; i < n; i++) {
      const lambda = rng.gamma(bg.r + x, 1 / (bg.alpha + T));
      const g1 = rng.gamma(bg.a, 1);
      const g2 = rng.gamma(bg.b + x, 1);
      const q = Math.min(1, (k * g1) / (g1 + g2));
      const v = (alive * -Math.expm1(-lambda * q * t)) / q;
      sum += v;
      sum2 += v * v;
    }
    const mean = sum / n;
    const se = Math.sqrt((sum2 / n - mean * mean) / n);
    expect(Math.abs(exact - mean)).toBeLessThan(3 * se);
  });
});
