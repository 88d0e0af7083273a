// The middle column: search, status tabs, sort, bulk actions and the
// virtualised list itself.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { Conversation } from '../api/types';
import { useDirectory } from '../app/directory';
import { useI18n } from '../i18n/i18n';
import { EmptyState, ErrorState, SkeletonRows } from '../ui/States';
import { BulkBar } from './BulkBar';
import { ConversationRow, ROW_HEIGHT } from './ConversationRow';
import type { ListFilter, Sort } from './filters';
import { ListHeader } from './ListHeader';
import type { ListState } from './useConversationList';
import { useStatusCounts } from './useStatusCounts';
import { useMe } from '../app/session';

interface Props {
  filter: ListFilter;
  title: string;
  list: ListState;
  activeId: string | null;
  onOpen: (id: string) => void;
  onFilter: (changes: Partial<Record<'status' | 'sort' | 'q', string | null>>) => void;
}

export function ConversationList({ filter, title, list, activeId, onOpen, onFilter }: Props) {
  const counts = useStatusCounts(filter, useMe().id);
  const { t } = useI18n();
  const dir = useDirectory();
  const scrollRef = useRef<HTMLDivElement>(null);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const lastToggled = useRef<string | null>(null);
  const [now, setNow] = useState(Date.now());

  // Waiting times tick once a minute, not on every render.
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(id);
  }, []);

  useEffect(() => setSelected(new Set()), [filter.view, filter.status, filter.inboxId, filter.teamId, filter.label, filter.q]);

  const virtualizer = useVirtualizer({
    count: list.items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
  });
  const virtualItems = virtualizer.getVirtualItems();

  // Fetch the next page when the agent nears the end of what is loaded.
  const lastIndex = virtualItems.length ? virtualItems[virtualItems.length - 1].index : -1;
  useEffect(() => {
    if (list.hasMore && lastIndex >= list.items.length - 10) list.loadMore();
  }, [lastIndex, list]);

  // Lets the 10 000-row benchmark measure data-to-paint without instrumenting React.
  useLayoutEffect(() => {
    if (list.status === 'ready') performance.mark('sb:list-rendered');
  }, [list.items, list.status]);

  // Keep the keyboard-selected conversation in view (j/k).
  useEffect(() => {
    if (!activeId) return;
    const idx = list.items.findIndex((c) => c.id === activeId);
    if (idx >= 0) virtualizer.scrollToIndex(idx, { align: 'auto' });
  }, [activeId, list.items, virtualizer]);

  const onToggle = useCallback(
    (id: string, range: boolean) => {
      setSelected((prev) => {
        const next = new Set(prev);
        if (range && lastToggled.current) {
          const ids = list.items.map((c) => c.id);
          const [a, b] = [ids.indexOf(lastToggled.current), ids.indexOf(id)].sort((x, y) => x - y);
          if (a >= 0) ids.slice(a, b + 1).forEach((x) => next.add(x));
        } else if (next.has(id)) next.delete(id);
        else next.add(id);
        lastToggled.current = id;
        return next;
      });
    },
    [list.items],
  );

  const body = () => {
    if (list.status === 'loading') return <SkeletonRows />;
    if (list.status === 'error') return <ErrorState message={t('list.loadError')} onRetry={list.reload} retryLabel={t('common.retry')} />;
    if (list.items.length === 0)
      return (
        <EmptyState icon={filter.q ? 'search' : 'inbox'} title={filter.q ? t('list.noResults', { q: filter.q }) : t('list.empty')}>
          {!filter.q && filter.status === 'open' && <p>{t('list.emptyHint')}</p>}
        </EmptyState>
      );
    return (
      <div role="list" aria-label={title} style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {virtualItems.map((v) => {
          const c: Conversation = list.items[v.index];
          return (
            <div
              key={c.id}
              role="listitem"
              className="conv-row-wrap"
              style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${v.start}px)` }}
            >
              <ConversationRow
                conversation={c}
                active={c.id === activeId}
                checked={selected.has(c.id)}
                assignee={c.assigneeId ? dir.agentById.get(c.assigneeId) : undefined}
                labelByName={dir.labelByName}
                now={now}
                onOpen={onOpen}
                onToggle={onToggle}
              />
            </div>
          );
        })}
      </div>
    );
  };

  return (
    <section className="list-pane" aria-label={t('list.region')}>
      <ListHeader
        title={title}
        filter={filter}
        count={list.status === 'ready' ? list.items.length : null}
        counts={counts}
        more={list.hasMore}
        onSearch={(q) => onFilter({ q, status: null })}
        onStatus={(s) => onFilter({ status: s })}
        onSort={(s: Sort) => onFilter({ sort: s })}
      />
      {selected.size > 0 && (
        <BulkBar
          ids={[...selected]}
          onDone={(updated) => {
            updated.forEach(list.patchLocal);
            setSelected(new Set());
          }}
          onClear={() => setSelected(new Set())}
          onSelectAll={() => setSelected(new Set(list.items.map((c) => c.id)))}
        />
      )}
      <div className="list-scroll" ref={scrollRef} data-testid="conversation-list">
        {body()}
        {list.loadingMore && <div className="list-more">{t('common.loading')}</div>}
      </div>
    </section>
  );
}
