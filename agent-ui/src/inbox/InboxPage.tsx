// The inbox screen: views | list | conversation | customer.
import { lazy, Suspense, useCallback, useMemo, useRef } from 'react';
import { useDirectory } from '../app/directory';
import { navigate, withParams } from '../app/router';
import { useMe } from '../app/session';
import { useShortcuts } from '../app/useShortcuts';
import { useI18n } from '../i18n/i18n';
import type { NotificationsState } from '../notifications/useNotifications';
import { ConversationView, type ConversationViewHandle } from '../thread/ConversationView';
import { EmptyState } from '../ui/States';
import { ConversationList } from './ConversationList';
import { filterFromParams } from './filters';
import { NavSidebar } from './NavSidebar';
import { useConversationList } from './useConversationList';

// Admins only, and only until they put it away: its own chunk, so agents never download it.
const GetStartedCard = lazy(() => import('../features/setup/GetStartedCard'));

export function InboxPage({ conversationId, params, notif, onHelp }: { conversationId: string | null; params: URLSearchParams; notif: NotificationsState; onHelp: () => void }) {
  const { t } = useI18n();
  const me = useMe();
  const dir = useDirectory();
  const paramKey = params.toString();
  const filter = useMemo(() => filterFromParams(new URLSearchParams(paramKey)), [paramKey]);
  const list = useConversationList(filter, me.id);
  const view = useRef<ConversationViewHandle>(null);

  const open = useCallback((id: string) => navigate(withParams(`/c/${id}`, params, {})), [params]);

  const title = filter.inboxId
    ? dir.inboxById.get(filter.inboxId)?.name ?? t('nav.inboxes')
    : filter.teamId
      ? dir.teams.find((x) => x.id === filter.teamId)?.name ?? t('nav.teams')
      : filter.label
        ? `#${filter.label}`
        : t(`view.${filter.view}`);

  const move = (d: 1 | -1) => {
    if (!list.items.length) return;
    const idx = list.items.findIndex((c) => c.id === conversationId);
    const next = list.items[Math.min(list.items.length - 1, Math.max(0, idx < 0 ? 0 : idx + d))];
    if (next) open(next.id);
  };

  useShortcuts({
    j: () => move(1),
    k: () => move(-1),
    r: () => view.current?.focusComposer('reply'),
    n: () => view.current?.focusComposer('note'),
    e: () => view.current?.resolve(),
    m: () => view.current?.merge(),
    '?': onHelp,
    '/': () => document.getElementById('conversation-search')?.focus(),
  });

  return (
    <div className={conversationId ? 'inbox-layout has-thread' : 'inbox-layout'}>
      <NavSidebar filter={filter} params={params} counts={notif.counts} />
      <ConversationList
        filter={filter}
        title={title}
        list={list}
        activeId={conversationId}
        onOpen={open}
        onFilter={(changes) => navigate(withParams(conversationId ? `/c/${conversationId}` : '/', params, changes), { replace: 'q' in changes })}
      />
      {conversationId ? (
        <ConversationView ref={view} key={conversationId} id={conversationId} onChanged={list.patchLocal} onClose={() => navigate(withParams('/', params, {}))} />
      ) : (
        <section className="thread-pane thread-empty">
          {me.role === 'admin' && <Suspense fallback={null}><GetStartedCard /></Suspense>}
          <EmptyState icon="chat" title={t('thread.pick')}>
            <p>{t('thread.pickHint')}</p>
          </EmptyState>
        </section>
      )}
    </div>
  );
}
