/**
 * A seeded pseudo-random generator for reproducible simulation (no Math.random).
 *
 * Core: xoshiro128** (Blackman & Vigna, "Scrambled linear pseudorandom number generators", ACM TOMS
 * 47(4), 2021), a 128-bit-state generator with 32-bit outputs, seeded by a SplitMix-style sequence
 * (golden-ratio increment 0x9E3779B9 followed by the MurmurHash3 fmix32 finaliser) so that nearby
 * seeds give unrelated streams. All state updates use 32-bit integer arithmetic (Math.imul, >>> 0),
 * so the integer stream and `uniform()` are bit-identical on every JavaScript engine. Variates that
 * go through Math.log/exp/sqrt/cos (normal, gamma, …) are identical wherever those functions are
 * (all V8 hosts); other engines may differ in the last bit.
 */

export interface Rng {
  /** The next 32-bit unsigned integer of the stream. */
  nextUint32(): number;
  /** Uniform on the open interval (0, 1), 52 random bits; never exactly 0 or 1. */
  uniform(): number;
  /** Standard normal N(0, 1) (Box–Muller; the pair's second value is returned by the next call). */
  normal(): number;
  /** Gamma with the given shape and scale (mean shape·scale) (Marsaglia & Tsang 2000). */
  gamma(shape: number, scale?: number): number;
  /** Beta(a, b) from two gamma variates. */
  beta(a: number, b: number): number;
  /** Exponential with the given rate (mean 1/rate). */
  exponential(rate: number): number;
  /** Poisson with the given mean: inversion below 10, PTRS (Hörmann 1993) above. */
  poisson(mean: number): number;
  /** Number of Bernoulli(p) trials up to and including the first success: support 1, 2, … */
  geometric(p: number): number;
  /** true with probability p. */
  bernoulli(p: number): boolean;
  /** Binomial(n, p): successes in n Bernoulli(p) trials; O(log n) work for any n up to 2^53. */
  binomial(n: number, p: number): number;
  /** Uniform integer in 0 … n−1. */
  integer(n: number): number;
}

/** One step of the seed sequence: x += 0x9E3779B9, then MurmurHash3's fmix32 avalanche. */
function seedSequence(state: { x: number }): number {
  state.x = (state.x + 0x9e3779b9) >>> 0;
  let z = state.x;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  return (z ^ (z >>> 16)) >>> 0;
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** ln Γ(k+1) for the Poisson acceptance test; exact table for small k, Stirling series beyond. */
const LOG_FACTORIAL_TABLE: number[] = (() => {
  const t = [0];
  for (let k = 1; k < 64; k++) t.push(t[k - 1] + Math.log(k));
  return t;
})();

function logFactorial(k: number): number {
  if (k < 64) return LOG_FACTORIAL_TABLE[k];
  const x = k + 1;
  const r = 1 / x;
  const r2 = r * r;
  // Stirling series for ln Γ(x), x ≥ 65 (DLMF 5.11.1); terms beyond 1/(1260x⁵) are below 1e-16.
  return (x - 0.5) * Math.log(x) - x + 0.9189385332046728 + r * (1 / 12 - r2 * (1 / 360 - r2 / 1260));
}

/**
 * The raw xoshiro128** stream from a 128-bit state (four 32-bit words, not all zero), as published by
 * Blackman & Vigna: result = rotl(s1·5, 7)·9, then the xor/shift/rotate state update.
 */
export function xoshiro128StarStar(state: readonly [number, number, number, number]): () => number {
  let [s0, s1, s2, s3] = state.map((v) => v >>> 0);
  if ((s0 | s1 | s2 | s3) === 0) s0 = 1; // the all-zero state is a fixed point
  return (): number => {
    const result = Math.imul(rotl(Math.imul(s1, 5) >>> 0, 7), 9) >>> 0;
    const t = (s1 << 9) >>> 0;
    s2 = (s2 ^ s0) >>> 0;
    s3 = (s3 ^ s1) >>> 0;
    s1 = (s1 ^ s2) >>> 0;
    s0 = (s0 ^ s3) >>> 0;
    s2 = (s2 ^ t) >>> 0;
    s3 = rotl(s3, 11);
    return result;
  };
}

/**
 * A deterministic generator from an integer seed (any finite number; the fractional part and sign
 * are folded in, so createRng(1) and createRng(1.5) differ). The same seed gives the same stream.
 */
export function createRng(seed: number): Rng {
  if (!Number.isFinite(seed)) seed = 0;
  // Fold the seed (up to 2^53 and fractional parts) into the 32-bit seed sequence.
  const hi = Math.floor(Math.abs(seed) / 4294967296) >>> 0;
  const lo = Math.abs(seed) >>> 0;
  const frac = Math.floor((Math.abs(seed) % 1) * 4294967296) >>> 0;
  const seq = { x: (lo ^ Math.imul(hi, 0x27d4eb2d) ^ Math.imul(frac, 0x165667b1) ^ (seed < 0 ? 0x5bd1e995 : 0)) >>> 0 };
  const nextUint32 = xoshiro128StarStar([seedSequence(seq), seedSequence(seq), seedSequence(seq), seedSequence(seq)]);

  const uniform = (): number => {
    // 26 + 26 high bits of two outputs form k ∈ [0, 2^52); (k + ½)/2^52 ∈ (0, 1) exactly representable.
    const a = nextUint32() >>> 6;
    const b = nextUint32() >>> 6;
    return (a * 67108864 + b + 0.5) / 4503599627370496;
  };

  // Box–Muller (Box & Muller 1958) gives two independent normals per pair of uniforms:
  // sqrt(−2 ln u1)·cos(2π u2) now and sqrt(−2 ln u1)·sin(2π u2) on the next call.
  let spareNormal = NaN;
  const normal = (): number => {
    if (!Number.isNaN(spareNormal)) {
      const z = spareNormal;
      spareNormal = NaN;
      return z;
    }
    const radius = Math.sqrt(-2 * Math.log(uniform()));
    const angle = 2 * Math.PI * uniform();
    spareNormal = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  };

  /** Marsaglia & Tsang (2000), "A simple method for generating gamma variables", shape ≥ 1. */
  const gammaAtLeastOne = (shape: number): number => {
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = uniform();
      const x2 = x * x;
      if (u < 1 - 0.0331 * x2 * x2) return d * v;
      if (Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) return d * v;
    }
  };

  /** ln of a Gamma(shape, 1) variate; for shape < 1 uses Gamma(shape+1)·U^(1/shape) (Marsaglia & Tsang §6) in logs. */
  const logGammaVariate = (shape: number): number => {
    if (shape >= 1) return Math.log(gammaAtLeastOne(shape));
    return Math.log(gammaAtLeastOne(shape + 1)) + Math.log(uniform()) / shape;
  };

  const gamma = (shape: number, scale = 1): number => {
    if (!(shape > 0) || !(scale > 0)) return NaN;
    if (shape >= 1) return gammaAtLeastOne(shape) * scale;
    return Math.exp(logGammaVariate(shape)) * scale;
  };

  const beta = (a: number, b: number): number => {
    if (!(a > 0) || !(b > 0)) return NaN;
    // X/(X+Y) = 1/(1 + e^(lnY − lnX)), in logs so that tiny shapes do not give 0/0.
    const lx = logGammaVariate(a);
    const ly = logGammaVariate(b);
    return 1 / (1 + Math.exp(ly - lx));
  };

  const exponential = (rate: number): number => (rate > 0 ? -Math.log(uniform()) / rate : NaN);

  const poisson = (mean: number): number => {
    if (!(mean >= 0) || !Number.isFinite(mean)) return NaN;
    if (mean === 0) return 0;
    if (mean < 10) {
      // Inversion by sequential search: P(0) = e^−λ, P(k) = P(k−1)·λ/k.
      const u = uniform();
      let k = 0;
      let p = Math.exp(-mean);
      let cumulative = p;
      while (u > cumulative && k < 1000) {
        k++;
        p *= mean / k;
        cumulative += p;
      }
      return k;
    }
    // PTRS: transformed rejection with squeeze (Hörmann 1993, "The transformed rejection method for
    // generating Poisson random variables", Insurance: Mathematics and Economics 12, algorithm PTRS).
    const sqrtMean = Math.sqrt(mean);
    const logMean = Math.log(mean);
    const b = 0.931 + 2.53 * sqrtMean;
    const a = -0.059 + 0.02483 * b;
    const invAlpha = 1.1239 + 1.1328 / (b - 3.4);
    const vr = 0.9277 - 3.6224 / (b - 2);
    for (;;) {
      const u = uniform() - 0.5;
      const v = uniform();
      const us = 0.5 - Math.abs(u);
      const k = Math.floor(((2 * a) / us + b) * u + mean + 0.43);
      if (us >= 0.07 && v <= vr) return k;
      if (k < 0 || (us < 0.013 && v > us)) continue;
      if (Math.log(v) + Math.log(invAlpha) - Math.log(a / (us * us) + b) <= -mean + k * logMean - logFactorial(k)) return k;
    }
  };

  const geometric = (p: number): number => {
    if (!(p > 0) || !(p <= 1)) return NaN;
    if (p === 1) return 1;
    // Inversion: P(N > n) = (1−p)^n, so N = 1 + floor(ln U / ln(1−p)).
    return 1 + Math.floor(Math.log(uniform()) / Math.log1p(-p));
  };

  const bernoulli = (p: number): boolean => uniform() < p;

  const integer = (n: number): number => Math.floor(uniform() * Math.floor(n));

  /**
   * Exact Binomial(n, p) by halving on order statistics (Knuth, TAOCP vol. 2, 3.4.1 F): the a-th
   * smallest of n uniforms is X ~ Beta(a, n+1−a); the uniforms below p are then Binomial(a−1, p/X) when
   * X ≥ p, or a plus Binomial(n−a, (p−X)/(1−X)) when X < p. Each step halves n, so a count of 10^12
   * trials costs about 40 beta draws; the last few trials are drawn one by one.
   */
  const binomial = (n: number, p: number): number => {
    if (!(n >= 0) || !Number.isFinite(n) || !(p >= 0) || !(p <= 1)) return NaN;
    let trials = Math.floor(n);
    let prob = p;
    let successes = 0;
    while (trials > 32 && prob > 0 && prob < 1) {
      const a = Math.floor(trials / 2) + 1;
      const b = trials + 1 - a;
      const x = beta(a, b);
      if (x >= prob) {
        trials = a - 1;
        prob /= x;
      } else {
        successes += a;
        trials = b - 1;
        prob = (prob - x) / (1 - x);
      }
    }
    if (prob >= 1) return successes + trials;
    if (prob <= 0) return successes;
    for (let i = 0; i < trials; i++) if (uniform() < prob) successes++;
    return successes;
  };

  return { nextUint32, uniform, normal, gamma, beta, exponential, poisson, geometric, bernoulli, integer, binomial };
}
