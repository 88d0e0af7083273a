import type { AppContext } from '../context.js';

/**
 * Rules and webhook subscriptions are read on every event but change rarely: keep them a few seconds.
 * Writes on this node invalidate at once; other nodes see a change within the TTL.
 */
export function perAppCache<T>(ttlMs: number, load: (ctx: AppContext) => Promise<T>) {
  const entries = new WeakMap<AppContext, { value: Promise<T>; until: number }>();
  return {
    get(ctx: AppContext): Promise<T> {
      const hit = entries.get(ctx);
      if (hit && hit.until > Date.now()) return hit.value;
      // Promise.resolve runs a query builder (a thenable that re-queries on every await) exactly once.
      const value = Promise.resolve(load(ctx));
      entries.set(ctx, { value, until: Date.now() + ttlMs });
      value.catch(() => entries.delete(ctx));
      return value;
    },
    invalidate(ctx: AppContext): void { entries.delete(ctx); },
  };
}
