/**
 * What one app keeps in memory besides its database: caches read on every request and per-app parts such as
 * the Bolt app or a rate limiter's counters. A module declares its part once with `slot()` and reaches it
 * through `ctx.memory.get(slot)`; the value is made on first use, belongs to that app alone (tests and benches
 * run several apps in one process) and goes with it. Nothing here is the truth: caches are filled from the
 * database and emptied by whoever changes what they hold, on every node through the cluster.
 */
export interface Slot<T> { readonly name: string; readonly create: () => T }

export const slot = <T>(name: string, create: () => T): Slot<T> => ({ name, create });

export class AppMemory {
  readonly #values = new Map<Slot<unknown>, unknown>();

  get<T>(part: Slot<T>): T {
    if (!this.#values.has(part)) this.#values.set(part, part.create());
    return this.#values.get(part) as T;
  }

  /** The parts this app has made so far, by name. */
  names(): string[] {
    return [...this.#values.keys()].map((s) => s.name);
  }
}

/**
 * A map whose entries lapse after `ttlMs` of process time. For values that are cheap to read again and may lag a
 * change by that long at most (or are emptied on change); bounded, so an unbounded set of keys cannot grow it.
 */
export class ExpiringMap<V> {
  readonly #entries = new Map<string, { value: V; until: number }>();
  constructor(private readonly ttlMs: number, private readonly max = 10_000) {}

  get(key: string): V | undefined {
    const hit = this.#entries.get(key);
    if (!hit) return undefined;
    if (hit.until > Date.now()) return hit.value;
    this.#entries.delete(key);
    return undefined;
  }

  has(key: string): boolean { return this.get(key) !== undefined; }

  set(key: string, value: V, ttlMs = this.ttlMs): void {
    if (this.#entries.size >= this.max && !this.#entries.has(key)) this.#entries.clear();
    this.#entries.set(key, { value, until: Date.now() + ttlMs });
  }

  delete(key: string): void { this.#entries.delete(key); }

  deleteWhere(matches: (value: V) => boolean): void {
    for (const [key, entry] of this.#entries) if (matches(entry.value)) this.#entries.delete(key);
  }
}
