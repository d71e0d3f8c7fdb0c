// A small in-process cache for computed values that may lag behind for a short, stated time (insights, related past
// incidents, the choices a filter offers; never permissions, settings or what a report says). An entry is fresh for
// `freshMs`; after that, until `staleMs`, it is still served while one recomputation runs in the background, so that
// no request waits for the aggregate once the first has; older entries are recomputed while the caller waits. Concurrent misses for one key share one
// computation. At most `maxEntries` keys are kept, least recently used dropped first.

export type CacheOptions = { freshMs: number; staleMs: number; maxEntries: number; now?: () => number };

type Entry<T> = { value?: T; computedAt: number; pending?: Promise<T> };

export class StaleWhileRevalidateCache<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private readonly now: () => number;

  constructor(private readonly options: CacheOptions) {
    this.now = options.now ?? Date.now;
  }

  async get(key: string, compute: () => Promise<T>): Promise<T> {
    const entry = this.entries.get(key);
    if (entry) {
      this.touch(key, entry);
      const age = this.now() - entry.computedAt;
      if (entry.value !== undefined && age < this.options.freshMs) return entry.value;
      if (entry.value !== undefined && age < this.options.staleMs) {
        // A failed refresh keeps the stale value; the next request past `freshMs` tries again.
        if (!entry.pending) this.start(key, entry, compute).catch(() => undefined);
        return entry.value;
      }
      if (entry.pending) return entry.pending;
      return this.start(key, entry, compute);
    }
    const created: Entry<T> = { computedAt: 0 };
    this.entries.set(key, created);
    this.evict();
    return this.start(key, created, compute);
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }

  private start(key: string, entry: Entry<T>, compute: () => Promise<T>): Promise<T> {
    const pending = compute().then(
      (value) => {
        entry.value = value;
        entry.computedAt = this.now();
        entry.pending = undefined;
        return value;
      },
      (error: unknown) => {
        entry.pending = undefined;
        if (entry.value === undefined && this.entries.get(key) === entry) this.entries.delete(key);
        throw error;
      },
    );
    entry.pending = pending;
    return pending;
  }

  private touch(key: string, entry: Entry<T>): void {
    this.entries.delete(key);
    this.entries.set(key, entry);
  }

  private evict(): void {
    while (this.entries.size > this.options.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }
}
