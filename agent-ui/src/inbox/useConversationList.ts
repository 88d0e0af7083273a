// Loads the list for a filter page by page, keeps it live from the socket and
// refetches the first page after a reconnect so nothing missed stays missing.
import { useCallback, useEffect, useRef, useState } from 'react';
import { conversations as api } from '../api/endpoints';
import type { Conversation } from '../api/types';
import { realtime } from '../realtime/socket';
import { applyUpdate, type ListFilter, toQuery } from './filters';

export interface ListState {
  items: Conversation[];
  status: 'loading' | 'ready' | 'error';
  loadingMore: boolean;
  hasMore: boolean;
  loadMore: () => void;
  reload: () => void;
  /** Local patch after an action, before the socket confirms it. */
  patchLocal: (c: Conversation) => void;
}

export function useConversationList(filter: ListFilter, meId: string): ListState {
  const [items, setItems] = useState<Conversation[]>([]);
  const [status, setStatus] = useState<ListState['status']>('loading');
  const [cursor, setCursor] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const filterRef = useRef(filter);
  filterRef.current = filter;
  const key = JSON.stringify(filter);
  const generation = useRef(0);

  const loadFirst = useCallback(
    (quiet: boolean) => {
      const gen = ++generation.current;
      if (!quiet) setStatus('loading');
      api
        .list(toQuery(filterRef.current))
        .then((page) => {
          if (gen !== generation.current) return;
          performance.mark('sb:list-data');
          setItems(page.items);
          setCursor(page.nextCursor ?? null);
          setStatus('ready');
        })
        .catch(() => gen === generation.current && !quiet && setStatus('error'));
    },
    [],
  );

  useEffect(() => {
    loadFirst(false);
  }, [key, loadFirst]);

  useEffect(() => {
    const upsert = (c: Conversation) => setItems((list) => applyUpdate(list, c, filterRef.current, meId));
    const offs = [
      realtime.on('conversation.created', ({ conversation }) => upsert(conversation)),
      realtime.on('conversation.updated', ({ conversation }) => upsert(conversation)),
      realtime.on('message.created', ({ conversation }) => conversation && upsert(conversation)),
      realtime.on('resync', () => loadFirst(true)),
    ];
    return () => offs.forEach((off) => off());
  }, [meId, loadFirst]);

  const loadMore = useCallback(() => {
    if (!cursor || loadingMore) return;
    const gen = generation.current;
    setLoadingMore(true);
    api
      .list({ ...toQuery(filterRef.current), cursor })
      .then((page) => {
        if (gen !== generation.current) return;
        setItems((list) => {
          const seen = new Set(list.map((c) => c.id));
          return [...list, ...page.items.filter((c) => !seen.has(c.id))];
        });
        setCursor(page.nextCursor ?? null);
      })
      .catch(() => undefined)
      .finally(() => setLoadingMore(false));
  }, [cursor, loadingMore]);

  const patchLocal = useCallback((c: Conversation) => setItems((list) => applyUpdate(list, c, filterRef.current, meId)), [meId]);

  return { items, status, loadingMore, hasMore: !!cursor, loadMore, reload: () => loadFirst(false), patchLocal };
}
