// The consumers' cross-partition gathering: what is handed in within the window is flushed once; a failed flush
// is retried caller by caller, so only the caller with the bad item sees the failure.
import { describe, expect, it } from 'vitest';
import { gatherer } from '../../server/shared/gather.js';

describe('gatherer', () => {
  it('flushes what arrives within the window together, and the next window apart', async () => {
    const flushed: number[][] = [];
    const add = gatherer(20, async (items: number[]) => { flushed.push(items); });
    await Promise.all([add([1, 2]), add([3]), add([])]);
    await add([4]);
    expect(flushed).toEqual([[1, 2, 3], [4]]);
  });

  it('retries a failed flush per caller: the bad caller fails alone, the others are stored', async () => {
    const flushed: number[][] = [];
    const add = gatherer(20, async (items: number[]) => {
      if (items.includes(-1)) throw new Error(`bad item in ${items.join(',')}`);
      flushed.push(items);
    });
    const results = await Promise.allSettled([add([1]), add([-1, 2]), add([3])]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason.message).toBe('bad item in -1,2');
    expect(flushed).toEqual([[1], [3]]);
  });
});
