// The open conversation: its record and messages, kept live from the socket,
// refetched after a reconnect, marked read while the agent is looking at it.
import { useCallback, useEffect, useRef, useState } from 'react';
import { conversations as api, MESSAGE_PAGE, OLDER_PAGE } from '../api/endpoints';
import type { Conversation, Message } from '../api/types';
import { mergeConversation } from '../inbox/filters';
import { realtime } from '../realtime/socket';

export interface ThreadState {
  conversation: Conversation | null;
  messages: Message[];
  status: 'loading' | 'ready' | 'error' | 'notFound';
  /** The server may hold messages older than the first one shown (the last page came back full). */
  hasOlder: boolean;
  loadingOlder: boolean;
  /** Prepends the previous page; resolves false when it could not be loaded. */
  loadOlder: () => Promise<boolean>;
  setConversation: (c: Conversation) => void;
  addLocal: (m: Message) => void;
  replaceLocal: (tempId: string, m: Message) => void;
  reload: () => void;
  /** Refetches the record and the latest page without a spinner (after this tab merged or undid a merge). */
  refresh: () => void;
}

/**
 * Messages arrive over REST and the socket; whichever comes second must not duplicate. The stored copy of this
 * tab's own send carries the clientId of its optimistic copy, and takes its place whole when it comes first.
 */
export function upsertMessage(list: Message[], m: Message): Message[] {
  const i = list.findIndex((x) => x.id === m.id || (!!m.clientId && x.clientId === m.clientId));
  if (i >= 0) {
    const next = list.slice();
    next[i] = list[i].id.startsWith('tmp-') && !m.id.startsWith('tmp-') ? m : { ...list[i], ...m };
    return next;
  }
  const next = [...list, m];
  // Keep chronological order if a late event arrives out of order.
  if (list.length && list[list.length - 1].createdAt > m.createdAt) next.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  return next;
}

export function useThread(id: string): ThreadState {
  const [conversation, setConversation] = useState<Conversation | null>(null);
  const [messages, setMessages] = useState<Message[]>([]);
  const [status, setStatus] = useState<ThreadState['status']>('loading');
  const [hasOlder, setHasOlder] = useState(false);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const gen = useRef(0);
  const readTimer = useRef<ReturnType<typeof setTimeout>>(undefined);

  const markRead = useCallback(() => {
    clearTimeout(readTimer.current);
    readTimer.current = setTimeout(() => {
      if (document.visibilityState === 'visible') void api.markRead(id).catch(() => undefined);
    }, 400);
  }, [id]);

  /**
   * full: first load, with a spinner. quiet: catch up after a reconnect, keeping older pages already loaded.
   * replace: a merge or its undo moved messages in or out, so the latest page replaces everything shown.
   */
  const load = useCallback(
    (mode: 'full' | 'quiet' | 'replace') => {
      const g = ++gen.current;
      if (mode === 'full') setStatus('loading');
      Promise.all([api.get(id), api.messages(id)])
        .then(([c, page]) => {
          if (g !== gen.current) return;
          setConversation(c);
          // Merge rather than replace so optimistic messages still in flight survive a resync.
          const inFlight = (m: Message) => m.id.startsWith('tmp-');
          setMessages((prev) =>
            mode === 'full' ? page.items
              : mode === 'replace' ? page.items.reduce(upsertMessage, prev.filter(inFlight))
                : page.items.reduce(upsertMessage, prev.filter((m) => inFlight(m) || m.createdAt < (page.items[0]?.createdAt ?? ''))));
          if (mode !== 'quiet') setHasOlder(page.items.length >= MESSAGE_PAGE);
          setStatus('ready');
          markRead();
        })
        .catch((err: { status?: number }) => {
          if (g !== gen.current) return;
          setStatus(err.status === 404 || err.status === 403 ? 'notFound' : 'error');
        });
    },
    [id, markRead],
  );

  useEffect(() => {
    setConversation(null);
    setMessages([]);
    setHasOlder(false);
    load('full');
    realtime.emit('conversation.join', id);
    realtime.emit('presence.view', { conversationId: id });
    return () => {
      realtime.emit('presence.view', { conversationId: null });
      realtime.emit('conversation.leave', id);
      clearTimeout(readTimer.current);
    };
  }, [id, load]);

  useEffect(() => {
    const offs = [
      realtime.on('message.created', ({ message }) => {
        if (message.conversationId !== id) return;
        setMessages((list) => upsertMessage(list, message));
        if (message.direction === 'incoming') markRead();
      }),
      realtime.on('message.updated', ({ message }) => {
        if (message.conversationId === id) setMessages((list) => upsertMessage(list, message));
      }),
      realtime.on('conversation.updated', ({ conversation: c }) => {
        if (c.id === id) setConversation((prev) => (prev ? mergeConversation(prev, c) : c));
      }),
      realtime.on('conversation.merged', (e) => {
        if (e.primary.id === id || e.secondary.id === id) load('replace');
      }),
      realtime.on('conversation.unmerged', (e) => {
        if (e.primary.id === id || e.secondary.id === id) load('replace');
      }),
      realtime.on('resync', () => {
        load('quiet');
        realtime.emit('conversation.join', id);
        realtime.emit('presence.view', { conversationId: id });
      }),
    ];
    return () => offs.forEach((off) => off());
  }, [id, load, markRead]);

  const loadOlder = useCallback(async () => {
    const oldest = messages.find((m) => !m.id.startsWith('tmp-'));
    if (!oldest) return true;
    const g = gen.current;
    setLoadingOlder(true);
    try {
      const page = await api.messages(id, oldest.id, OLDER_PAGE);
      if (g !== gen.current) return true;
      setMessages((list) => [...page.items.filter((m) => !list.some((x) => x.id === m.id)), ...list]);
      setHasOlder(page.items.length >= OLDER_PAGE);
      return true;
    } catch {
      return false;
    } finally {
      setLoadingOlder(false);
    }
  }, [id, messages]);

  return {
    conversation,
    messages,
    status,
    hasOlder,
    loadingOlder,
    loadOlder,
    setConversation: (c) => setConversation((prev) => (prev ? mergeConversation(prev, c) : c)),
    addLocal: (m) => setMessages((list) => [...list, m]),
    replaceLocal: (tempId, m) =>
      setMessages((list) => {
        const without = list.filter((x) => x.id !== tempId);
        return upsertMessage(without, m);
      }),
    reload: () => load('full'),
    refresh: () => load('replace'),
  };
}
