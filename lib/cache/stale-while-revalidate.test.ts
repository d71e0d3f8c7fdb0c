import { describe, expect, it } from "vitest";
import { StaleWhileRevalidateCache } from "@/lib/cache/stale-while-revalidate";

describe("StaleWhileRevalidateCache", () => {
  it("shares one computation between concurrent misses, serves a stale value while one refresh runs, and recomputes when too old", async () => {
    let now = 0;
    let calls = 0;
    const cache = new StaleWhileRevalidateCache<number>({ freshMs: 60, staleMs: 600, maxEntries: 2, now: () => now });
    const compute = async () => ++calls;
    expect(await Promise.all([cache.get("k", compute), cache.get("k", compute)])).toEqual([1, 1]);
    now = 59;
    expect(await cache.get("k", compute)).toBe(1);
    now = 100;
    expect(await cache.get("k", compute)).toBe(1); // stale, refresh started
    await Promise.resolve();
    expect(await cache.get("k", compute)).toBe(2);
    expect(calls).toBe(2);
    now = 1000;
    expect(await cache.get("k", compute)).toBe(3); // too old: waits
  });

  it("keeps at most maxEntries keys and forgets a failed first computation", async () => {
    const cache = new StaleWhileRevalidateCache<string>({ freshMs: 60, staleMs: 600, maxEntries: 2 });
    await cache.get("a", async () => "a");
    await cache.get("b", async () => "b");
    await cache.get("c", async () => "c");
    expect(cache.size).toBe(2);
    await expect(cache.get("d", async () => Promise.reject(new Error("down")))).rejects.toThrow("down");
    expect(await cache.get("d", async () => "d")).toBe("d");
  });
});
