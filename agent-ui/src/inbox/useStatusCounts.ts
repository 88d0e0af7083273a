// While searching, how many matches each status tab holds, so a resolved match is never hidden behind "Open".
import { useEffect, useState } from 'react';
import { conversations } from '../api/endpoints';
import type { ConversationStatus } from '../api/types';
import { toQuery, type ListFilter } from './filters';

export type StatusCounts = Record<ConversationStatus | 'all', number>;

export function useStatusCounts(filter: ListFilter, meId: string): StatusCounts | null {
  const [counts, setCounts] = useState<StatusCounts | null>(null);
  const key = JSON.stringify({ ...filter, status: undefined, sort: undefined });
  useEffect(() => {
    setCounts(null);
    if (!filter.q) return;
    const abort = new AbortController();
    conversations.counts(toQuery(filter), abort.signal).then(setCounts).catch(() => undefined);
    return () => abort.abort();
    // The key holds every filter the counts depend on; the filter object itself changes identity per render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, meId]);
  return counts;
}
