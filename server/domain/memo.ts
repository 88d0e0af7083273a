import type { AppContext } from '../context.js';

/**
 * Short-lived per-app memory for settings read on every message (rules, stages, subscriptions, schedules).
 * Writers on this node call forget() so their change applies at once; other nodes see it within the TTL.
 * Keyed by app context, so several apps in one process (tests, benches) never share entries.
 */
const stores = new WeakMap<AppContext, Map<string, { until: number; value: Promise<unknown> }>>();

export function memo<T>(ctx: AppContext, key: string, ttlMs: number, load: () => PromiseLike<T>): Promise<T> {
  let store = stores.get(ctx);
  if (!store) stores.set(ctx, (store = new Map()));
  const hit = store.get(key);
  if (hit && hit.until > Date.now()) return hit.value as Promise<T>;
  // Resolved into a real promise once: a Drizzle query builder is only thenable and would run again on every await.
  const value = Promise.resolve().then(load);
  store.set(key, { until: Date.now() + ttlMs, value });
  value.catch(() => store!.delete(key)); // a failed load is not remembered
  return value;
}

export function forget(ctx: AppContext, keyPrefix: string): void {
  const store = stores.get(ctx);
  if (!store) return;
  for (const key of store.keys()) if (key.startsWith(keyPrefix)) store.delete(key);
}

export const SETTINGS_TTL_MS = 5_000;
