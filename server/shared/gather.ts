/**
 * Gathers the work handed in within `delayMs`, from any lane of this node, into one call of `flush`: under load
 * one statement serves the events of every partition instead of one per partition. Each caller's promise settles
 * with the flush that took its items. If that flush fails, each caller's items are flushed again on their own,
 * so one caller's bad item fails only that caller (whose lane then retries or parks its own event).
 */
export function gatherer<T>(delayMs: number, flush: (items: T[]) => Promise<void>): (items: T[]) => Promise<void> {
  type Group = { items: T[]; resolve: () => void; reject: (err: unknown) => void };
  let groups: Group[] | null = null;
  const run = async (taken: Group[]) => {
    try {
      await flush(taken.flatMap((g) => g.items));
      for (const g of taken) g.resolve();
    } catch (err) {
      if (taken.length === 1) return taken[0].reject(err);
      for (const g of taken) await flush(g.items).then(g.resolve, g.reject);
    }
  };
  return (items) => {
    if (!items.length) return Promise.resolve();
    if (!groups) {
      const taken: Group[] = (groups = []);
      setTimeout(() => { groups = null; void run(taken); }, delayMs);
    }
    const list = groups;
    return new Promise<void>((resolve, reject) => { list.push({ items, resolve, reject }); });
  };
}
