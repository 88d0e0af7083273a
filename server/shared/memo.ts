import { slot } from '../app-memory.js';
import type { AppContext } from '../context.js';

/**
 * Per-app memory for settings read on every message (rules, stages, subscriptions, schedules, inboxes). An
 * entry lives until a writer calls forget(): that clears it here at once and, through the cluster, on every
 * other node within a moment (NOTIFY on PostgreSQL). Kept in the app's own memory, so several apps in one
 * process (tests, benches) never share entries.
 */
const SETTINGS = slot('settings', () => new Map<string, Promise<unknown>>());

export function memo<T>(ctx: AppContext, key: string, load: () => PromiseLike<T>): Promise<T> {
  const store = ctx.memory.get(SETTINGS);
  const hit = store.get(key);
  if (hit) return hit as Promise<T>;
  // Resolved into a real promise once: a Drizzle query builder is only thenable and would run again on every await.
  const value = Promise.resolve().then(load);
  store.set(key, value);
  value.catch(() => { if (store.get(key) === value) store.delete(key); }); // a failed load is not remembered
  return value;
}

/** A setting changed: every node forgets what it cached under this key prefix. */
export function forget(ctx: AppContext, keyPrefix: string): void {
  forgetHere(ctx, keyPrefix);
  ctx.cluster?.settingsChanged(keyPrefix);
}

/** Clears this node's entries only (the cluster calls it when another node changed a setting). */
export function forgetHere(ctx: AppContext, keyPrefix: string): void {
  const store = ctx.memory.get(SETTINGS);
  for (const key of store.keys()) if (key.startsWith(keyPrefix)) store.delete(key);
}
