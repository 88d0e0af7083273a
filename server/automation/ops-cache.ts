import type { AppContext } from '../context.js';
import { forget, memo } from '../shared/memo.js';

/**
 * Rules, policies and webhook subscriptions are read on every event but change rarely: kept in memory
 * (server/shared/memo.ts) until a write anywhere in the cluster invalidates them. The name is the cache key on
 * every node, so it must be unique and stable.
 */
export function perAppCache<T>(name: string, load: (ctx: AppContext) => PromiseLike<T>) {
  const key = `ops-cache:${name}`;
  return {
    get: (ctx: AppContext): Promise<T> => memo(ctx, key, () => load(ctx)),
    invalidate: (ctx: AppContext): void => forget(ctx, key),
  };
}
