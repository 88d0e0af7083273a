// "Merge into…": pick the conversation to combine with this one. The same contact's other conversations come
// first; a search looks through every conversation the agent can see (another contact's conversation merges the
// two contacts too, and the dialog says so). The preview shows which one stays: the older by default, swappable.
import { useEffect, useState } from 'react';
import { contacts, conversations as api } from '../../api/endpoints';
import { ApiError } from '../../api/http';
import type { Conversation } from '../../api/types';
import { contactDisplayName } from '../../contact/displayName';
import { useI18n } from '../../i18n/i18n';
import { Modal } from '../../ui/Modal';
import { useToast } from '../../ui/Toasts';
import { conversationRef } from './conversationRef';
import { useUndoMerge } from './useUndoMerge';

const mergeable = (current: Conversation) => (c: Conversation) => c.id !== current.id && !c.mergedIntoId;
const time = (c: Conversation) => new Date(c.createdAt ?? c.lastMessageAt ?? 0).getTime();

function Candidate({ c, picked, onPick }: { c: Conversation; picked: boolean; onPick: () => void }) {
  const { t, locale } = useI18n();
  const when = c.lastMessageAt ? new Date(c.lastMessageAt).toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' }) : '';
  return (
    <li>
      <button type="button" aria-pressed={picked} className={picked ? 'merge-pick active' : 'merge-pick'} onClick={onPick} data-conversation-id={c.id}>
        <span>
          <strong dir="auto">{conversationRef(c.id)} · {contactDisplayName(t, c.contact, c.contactId)}</strong>
          <small dir="auto">
            {t(`status.${c.status}`)}{when ? ` · ${when}` : ''}{c.subject ? ` · ${c.subject}` : ''}
            {c.lastMessage?.body ? ` · ${c.lastMessage.body.slice(0, 80)}` : ''}
          </small>
        </span>
      </button>
    </li>
  );
}

export function MergeConversationDialog({ conversation, onClose, onMerged }: {
  conversation: Conversation;
  onClose: () => void;
  /** The primary after the merge (the agent is taken there when it is not the open one). */
  onMerged: (primary: Conversation) => void;
}) {
  const { t } = useI18n();
  const toast = useToast();
  const undo = useUndoMerge();
  const [sameContact, setSameContact] = useState<Conversation[] | null>(null);
  const [q, setQ] = useState('');
  const [results, setResults] = useState<Conversation[]>([]);
  const [picked, setPicked] = useState<Conversation | null>(null);
  const [swapped, setSwapped] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    contacts.get(conversation.contactId)
      .then((ct) => setSameContact(ct.conversations.filter(mergeable(conversation)).map((c) => ({ ...c, contact: c.contact ?? ct }))))
      .catch(() => setSameContact([]));
  }, [conversation]);

  useEffect(() => {
    const term = q.trim();
    if (term.length < 2) return setResults([]);
    const timer = setTimeout(() => {
      api.list({ q: term, status: 'all', limit: 20 })
        .then((p) => setResults(p.items.filter(mergeable(conversation)).filter((c) => c.contactId !== conversation.contactId)))
        .catch(() => setResults([]));
    }, 250);
    return () => clearTimeout(timer);
  }, [q, conversation]);

  // The older conversation stays by default: its history comes first and its channel carries the replies.
  const olderIsCurrent = picked ? time(conversation) <= time(picked) : true;
  const [primary, secondary] = picked ? ((olderIsCurrent !== swapped) ? [conversation, picked] : [picked, conversation]) : [conversation, null];
  const otherContact = picked && picked.contactId !== conversation.contactId;

  const merge = async () => {
    if (!secondary) return;
    setBusy(true);
    setError(null);
    try {
      const merged = await api.merge(primary.id, secondary.id);
      toast(t('convMerge.done', { secondary: conversationRef(secondary.id), primary: conversationRef(primary.id) }), 'info', {
        label: t('convMerge.undo'), run: () => void undo(merged.id, merged.merge.id),
      });
      onMerged(merged);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : t('convMerge.failed'));
      setBusy(false);
    }
  };

  const pick = (c: Conversation) => { setPicked(c); setSwapped(false); };
  const name = (c: Conversation) => contactDisplayName(t, c.contact, c.contactId);
  return (
    <Modal title={t('convMerge.title', { ref: conversationRef(conversation.id) })} onClose={onClose} closeLabel={t('common.close')} wide>
      <h3 className="merge-heading">{t('convMerge.sameContact')}</h3>
      {sameContact === null ? <p className="muted small">{t('common.loading')}</p> : sameContact.length === 0 ? (
        <p className="muted small">{t('convMerge.noSameContact')}</p>
      ) : (
        <ul className="merge-results" aria-label={t('convMerge.sameContact')}>
          {sameContact.map((c) => <Candidate key={c.id} c={c} picked={picked?.id === c.id} onPick={() => pick(c)} />)}
        </ul>
      )}
      <label className="field">
        <span>{t('convMerge.search')}</span>
        <input type="search" value={q} onChange={(e) => setQ(e.target.value)} autoFocus />
      </label>
      {q.trim().length >= 2 && (
        <ul className="merge-results" aria-label={t('convMerge.searchResults')}>
          {results.map((c) => <Candidate key={c.id} c={c} picked={picked?.id === c.id} onPick={() => pick(c)} />)}
          {results.length === 0 && <li className="muted small">{t('convMerge.noResults')}</li>}
        </ul>
      )}
      {secondary && (
        <div className="merge-preview" role="group" aria-label={t('convMerge.preview')}>
          <p data-testid="merge-primary">{t('convMerge.primaryIs', { ref: conversationRef(primary.id), name: name(primary) })}</p>
          <p data-testid="merge-secondary">{t('convMerge.secondaryIs', { ref: conversationRef(secondary.id), name: name(secondary) })}</p>
          <button type="button" className="btn btn-small btn-secondary" onClick={() => setSwapped((s) => !s)}>{t('convMerge.swap')}</button>
          {otherContact && <p className="notice">{t('convMerge.contactsToo', { a: name(primary), b: name(secondary) })}</p>}
        </div>
      )}
      {error && <p className="field-error" role="alert">{error}</p>}
      <div className="modal-actions">
        <button type="button" className="btn btn-secondary" onClick={onClose}>{t('common.cancel')}</button>
        <button type="button" className="btn btn-primary" disabled={!secondary || busy} onClick={() => void merge()}>
          {secondary ? t('convMerge.confirm', { secondary: conversationRef(secondary.id), primary: conversationRef(primary.id) }) : t('convMerge.pickFirst')}
        </button>
      </div>
    </Modal>
  );
}
