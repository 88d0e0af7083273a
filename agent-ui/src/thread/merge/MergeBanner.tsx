// Above the thread: on a conversation merged into another, a banner pointing there; on a conversation others were
// merged into, one line per merge. Either offers Undo while the server's undo window lasts, and follows merges
// made from any tab through the socket.
import { useCallback, useEffect, useState } from 'react';
import { conversations as api } from '../../api/endpoints';
import type { Conversation, MergeInfo } from '../../api/types';
import { navigate, withParams } from '../../app/router';
import { useI18n } from '../../i18n/i18n';
import { realtime } from '../../realtime/socket';
import { Icon } from '../../ui/Icon';
import { conversationRef } from './conversationRef';
import { useUndoMerge } from './useUndoMerge';

/** The merges still undoable that involve this conversation, as primary or (through its pointer) as secondary. */
function useUndoable(c: Conversation) {
  const [items, setItems] = useState<MergeInfo[]>([]);
  const primaryId = c.mergedIntoId ?? c.id;
  const load = useCallback(() => {
    api.merges(primaryId)
      .then((r) => setItems(c.mergedIntoId ? r.items.filter((m) => m.secondaryId === c.id) : r.items))
      .catch(() => setItems([]));
  }, [primaryId, c.id, c.mergedIntoId]);
  useEffect(() => {
    load();
    const involved = (e: { primary: Conversation; secondary: Conversation }) => [e.primary.id, e.secondary.id].includes(c.id) || e.primary.id === primaryId;
    const offs = [realtime.on('conversation.merged', (e) => involved(e) && load()), realtime.on('conversation.unmerged', (e) => involved(e) && load())];
    return () => offs.forEach((off) => off());
  }, [load, c.id, primaryId]);
  // The window closes on its own: drop the Undo button when the earliest deadline passes.
  useEffect(() => {
    if (!items.length) return;
    const next = Math.min(...items.map((m) => new Date(m.undoUntil).getTime()));
    const timer = setTimeout(() => setItems((list) => list.filter((m) => new Date(m.undoUntil).getTime() > Date.now())), Math.max(0, next - Date.now()) + 50);
    return () => clearTimeout(timer);
  }, [items]);
  return { primaryId, items };
}

/** Opens another conversation keeping the list's filters, as opening it from the list does. */
export const openConversation = (id: string) => navigate(withParams(`/c/${id}`, new URLSearchParams(window.location.search), {}));

export function MergeBanner({ conversation: c }: { conversation: Conversation }) {
  const { t, locale } = useI18n();
  const { primaryId, items } = useUndoable(c);
  const undo = useUndoMerge();
  const until = (m: MergeInfo) => new Date(m.undoUntil).toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' });
  const undoButton = (m: MergeInfo) => (
    <button type="button" className="btn btn-small btn-secondary" onClick={() => void undo(primaryId, m.id)}>
      {t('convMerge.undoUntil', { time: until(m) })}
    </button>
  );

  if (c.mergedIntoId) {
    return (
      <div className="merge-banner" role="status" data-testid="merged-banner">
        <Icon name="merge" size={14} />
        <span>{t('convMerge.bannerInto', { ref: conversationRef(c.mergedIntoId) })}</span>
        <a href={`/c/${c.mergedIntoId}`} className="btn btn-small btn-primary" onClick={(e) => { e.preventDefault(); openConversation(c.mergedIntoId!); }}>
          {t('convMerge.openPrimary', { ref: conversationRef(c.mergedIntoId) })}
        </a>
        {items[0] && undoButton(items[0])}
      </div>
    );
  }
  if (!items.length) return null;
  return (
    <ul className="merge-undo-list" aria-label={t('convMerge.recent')}>
      {items.map((m) => (
        <li key={m.id} className="merge-banner">
          <span>{t('convMerge.bannerFrom', { ref: conversationRef(m.secondaryId) })}</span>
          {undoButton(m)}
        </li>
      ))}
    </ul>
  );
}
