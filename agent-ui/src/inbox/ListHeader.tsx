// Title, search (debounced, sent to the server as `q`), status tabs, sort, export and a new conversation.
import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import type { ConversationStatus } from '../api/types';
import { useI18n } from '../i18n/i18n';
import { Icon } from '../ui/Icon';
import type { ListFilter, Sort } from './filters';
import type { StatusCounts } from './useStatusCounts';

// Opened now and then, so it loads on the first click instead of with every inbox.
const ExportDialog = lazy(() => import('./ExportDialog').then((m) => ({ default: m.ExportDialog })));
const NewConversationDialog = lazy(() => import('./NewConversationDialog').then((m) => ({ default: m.NewConversationDialog })));

const TABS: ConversationStatus[] = ['open', 'pending', 'snoozed', 'resolved'];
// Searching adds an "All" tab, selected by default, and shows how many matches each tab holds.
const SEARCH_TABS: (ConversationStatus | 'all')[] = ['all', ...TABS];

interface Props {
  title: string;
  filter: ListFilter;
  count: number | null;
  counts: StatusCounts | null;
  more: boolean;
  onSearch: (q: string) => void;
  onStatus: (s: string) => void;
  onSort: (s: Sort) => void;
}

export function ListHeader({ title, filter, count, counts, more, onSearch, onStatus, onSort }: Props) {
  const { t } = useI18n();
  const [q, setQ] = useState(filter.q ?? '');
  const [exporting, setExporting] = useState(false);
  const [composing, setComposing] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => setQ(filter.q ?? ''), [filter.q]);

  const submit = (value: string) => {
    clearTimeout(timer.current);
    onSearch(value.trim());
  };

  return (
    <header className="list-head">
      <div className="list-title-row">
        <h1 className="list-title">{title}</h1>
        {count !== null && (
          <span className="list-count" aria-live="polite">
            {more ? t('list.countMore', { count }) : t('list.count', { count })}
          </span>
        )}
        <label className="sort">
          <span className="sr-only">{t('list.sort')}</span>
          <select value={filter.sort} onChange={(e) => onSort(e.target.value as Sort)}>
            <option value="newest">{t('sort.newest')}</option>
            <option value="oldest">{t('sort.oldest')}</option>
            <option value="priority">{t('sort.priority')}</option>
          </select>
        </label>
        <button type="button" className="btn btn-icon" onClick={() => setExporting(true)} aria-label={t('export.open')} title={t('export.open')}>
          <Icon name="download" />
        </button>
        {exporting && <Suspense fallback={null}><ExportDialog filter={filter} onClose={() => setExporting(false)} /></Suspense>}
        <button type="button" className="btn btn-icon" onClick={() => setComposing(true)} aria-label={t('newConv.open')} title={t('newConv.open')}>
          <Icon name="plus" />
        </button>
        {composing && <Suspense fallback={null}><NewConversationDialog onClose={() => setComposing(false)} /></Suspense>}
      </div>
      <form
        role="search"
        className="search"
        onSubmit={(e) => {
          e.preventDefault();
          submit(q);
        }}
      >
        <Icon name="search" />
        <input
          type="search"
          id="conversation-search"
          value={q}
          placeholder={t('list.searchPlaceholder')}
          aria-label={t('list.search')}
          onChange={(e) => {
            setQ(e.target.value);
            clearTimeout(timer.current);
            const v = e.target.value;
            timer.current = setTimeout(() => submit(v), 350);
          }}
        />
      </form>
      <div className="list-controls">
        <div className={counts ? 'tabs tabs-compact' : 'tabs'} role="tablist" aria-label={t('list.statusTabs')}>
          {(filter.q || filter.status === 'all' ? SEARCH_TABS : TABS).map((s) => (
            <button
              key={s}
              type="button"
              role="tab"
              aria-selected={filter.status === s}
              className={filter.status === s ? 'tab active' : 'tab'}
              onClick={() => onStatus(s)}
            >
              {t(`status.${s}`)}
              {counts && <span className="tab-count">{counts[s]}</span>}
            </button>
          ))}
        </div>
      </div>
    </header>
  );
}
