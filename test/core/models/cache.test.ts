import { describe, expect, it } from "vitest";
import { LruCache, cachedPromise } from "../../../src/core/models/cache";

describe("LRU fit cache", () => {
  it("evicts the least recently used entry", () => {
    const c = new LruCache<number>(2);
    c.set("a", 1);
    c.set("b", 2);
    expect(c.get("a")).toBe(1); // a is now most recent
    c.set("c", 3);
    expect(c.get("b")).toBeUndefined();
    expect(c.get("a")).toBe(1);
    expect(c.size).toBe(2);
  });
  it("shares one computation between concurrent callers and forgets failures", async () => {
    const c = new LruCache<Promise<number>>(4);
    let runs = 0;
    const compute = () => {
      runs++;
      return Promise.resolve(42);
    };
    const [x, y] = await Promise.all([cachedPromise(c, "k", compute), cachedPromise(c, "k", compute)]);
    expect([x, y, runs]).toEqual([42, 42, 1]);
    await expect(cachedPromise(c, "bad", () => Promise.reject(new Error("no")))).rejects.toThrow("no");
    await Promise.resolve();
    expect(c.get("bad")).toBeUndefined();
  });
});
