import type { AppContext } from '../context.js';
import { forget, memo } from '../domain/memo.js';

let counter = 0;

/**
 * Rules and webhook subscriptions are read on every event but change rarely: keep them a few seconds
 * (server/domain/memo.ts). Writes on this node invalidate at once; other nodes see a change within the TTL.
 */
export function perAppCache<T>(ttlMs: number, load: (ctx: AppContext) => PromiseLike<T>) {
  const key = `ops-cache:${counter++}`;
  return {
    get: (ctx: AppContext): Promise<T> => memo(ctx, key, ttlMs, () => load(ctx)),
    invalidate: (ctx: AppContext): void => forget(ctx, key),
  };
}
