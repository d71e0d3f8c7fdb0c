// A value computed at most once per `ttlMs` in this process, for data that may lag behind by that long without
// harm (the choices a filter offers, not what a page shows as fact). Concurrent callers share one computation; a
// failed computation is not kept. Each app instance has its own copy: nothing here is shared or invalidated across
// instances, so never use it for what must be current (permissions, settings, report contents).
import "server-only";

export type TtlCache<T> = { get(): Promise<T>; clear(): void };

export function ttlCache<T>(ttlMs: number, compute: () => Promise<T>, now: () => number = Date.now): TtlCache<T> {
  let entry: { at: number; value: Promise<T> } | null = null;
  return {
    get() {
      const time = now();
      if (entry && time - entry.at < ttlMs) return entry.value;
      const value = compute();
      const current = { at: time, value };
      entry = current;
      value.catch(() => {
        if (entry === current) entry = null;
      });
      return value;
    },
    clear() {
      entry = null;
    },
  };
}
