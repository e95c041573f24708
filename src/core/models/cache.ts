/**
 * A small least-recently-used cache of fits keyed by model and input content (DESIGN §3 "Limits":
 * fits are cached by input content, so recalculation and the one-shot functions do not refit the
 * same data). Entries are promises, so cells that ask for the same fit at the same time share one
 * computation; a failed fit is removed so the next call tries again.
 */
export class LruCache<V> {
  private readonly entries = new Map<string, V>();
  constructor(readonly capacity: number) {}

  get(key: string): V | undefined {
    const v = this.entries.get(key);
    if (v !== undefined) {
      // Map keeps insertion order: re-insert to mark as most recently used.
      this.entries.delete(key);
      this.entries.set(key, v);
    }
    return v;
  }

  set(key: string, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}

/**
 * Returns the cached value for `key`, or starts `compute()`, caches its promise and drops it again if
 * it rejects.
 */
export function cachedPromise<V>(cache: LruCache<Promise<V>>, key: string, compute: () => Promise<V>): Promise<V> {
  const hit = cache.get(key);
  if (hit) return hit;
  const p = compute();
  cache.set(key, p);
  p.catch(() => cache.delete(key));
  return p;
}

/**
 * The fits of the Excel functions, by model and input content (a dozen recent fits). Shared here so
 * benchmarks and tests can clear it.
 */
export const fitCache = new LruCache<Promise<unknown>>(12);

/** Forgets all cached fits. */
export function clearFitCache(): void {
  fitCache.clear();
}
