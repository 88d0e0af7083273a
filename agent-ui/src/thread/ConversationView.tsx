// The open conversation: header + actions, collision warning, thread, composer.
import { forwardRef, useEffect, useImperativeHandle, useLayoutEffect, useRef, useState, lazy, Suspense } from 'react';
import { conversations as api, type ConversationPatch } from '../api/endpoints';
import { ApiError } from '../api/http';
import type { Conversation, Message } from '../api/types';
import { useDirectory } from '../app/directory';
import { useMe } from '../app/session';
import { useI18n } from '../i18n/i18n';
import { realtime, type PresenceAgent } from '../realtime/socket';
import { ChannelIcon, Icon } from '../ui/Icon';
import { EmptyState, ErrorState, Spinner } from '../ui/States';
import { useToast } from '../ui/Toasts';
import { Composer, type ComposerHandle, type Draft } from './Composer';
import { ConversationActions } from './ConversationActions';
import { MergeBanner, openConversation } from './merge/MergeBanner';
import { MessageItem } from './MessageItem';
import { LearnFromReply } from './bot/LearnFromReply';
import { ReplySuggestions } from './bot/ReplySuggestions';
import './bot/botAssist.css';
import { useThread } from './useThread';
import { ContactSidebar } from '../contact/ContactSidebar';
import { contactDisplayName } from '../contact/displayName';

// Opened on demand: loaded on first use, not with the inbox.
const MergeConversationDialog = lazy(() => import('./merge/MergeConversationDialog').then((m) => ({ default: m.MergeConversationDialog })));

export interface ConversationViewHandle {
  focusComposer: (mode: 'reply' | 'note') => void;
  resolve: () => void;
  merge: () => void;
}

interface Props {
  id: string;
  onChanged: (c: Conversation) => void;
  onClose: () => void;
}

function newClientId(): string {
  return typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `${Date.now()}-${Math.random()}`;
}

export const ConversationView = forwardRef<ConversationViewHandle, Props>(function ConversationView({ id, onChanged, onClose }, ref) {
  const { t } = useI18n();
  const me = useMe();
  const dir = useDirectory();
  const toast = useToast();
  const thread = useThread(id);
  const composer = useRef<ComposerHandle>(null);
  const scroller = useRef<HTMLOListElement>(null);
  const [others, setOthers] = useState<PresenceAgent[]>([]);
  const [merging, setMerging] = useState(false);
  const c = thread.conversation;

  useEffect(() => {
    setOthers([]);
    return realtime.on('presence.state', (p) => {
      if (p.conversationId === id) setOthers(p.agents.filter((a) => a.id !== me.id));
    });
  }, [id, me.id]);

  // The customer typing in the widget: shown under the last message until they stop, send, or go quiet.
  const [customerTyping, setCustomerTyping] = useState(false);
  const contactId = c?.contactId;
  useEffect(() => {
    setCustomerTyping(false);
    let quiet: ReturnType<typeof setTimeout> | undefined;
    const offs = [
      realtime.on('typing', (e) => {
        if (e.conversationId ? e.conversationId !== id : e.contactId !== contactId) return;
        clearTimeout(quiet);
        setCustomerTyping(e.on);
        // A widget closed mid-sentence never says it stopped.
        if (e.on) quiet = setTimeout(() => setCustomerTyping(false), 8000);
      }),
      realtime.on('message.created', ({ message }) => {
        if (message.conversationId === id && message.direction === 'incoming') setCustomerTyping(false);
      }),
    ];
    return () => { clearTimeout(quiet); offs.forEach((off) => off()); };
  }, [id, contactId]);

  // Loading earlier messages prepends them: keep the distance from the bottom so what the agent was reading stays put.
  const fromBottom = useRef<number | null>(null);
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el || fromBottom.current === null) return;
    el.scrollTop = el.scrollHeight - fromBottom.current;
    fromBottom.current = null;
  }, [thread.messages]);
  const loadEarlier = async () => {
    const el = scroller.current;
    if (el) fromBottom.current = el.scrollHeight - el.scrollTop;
    if (!(await thread.loadOlder())) {
      fromBottom.current = null;
      toast(t('thread.loadEarlierFailed'), 'error');
    }
  };

  // Stick to the bottom when new messages arrive, unless the agent scrolled up to read.
  const count = thread.messages.length;
  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const nearBottom = el.scrollHeight - el.scrollTop - el.clientHeight < 160;
    if (nearBottom || count <= 100) el.scrollTop = el.scrollHeight;
  }, [count, thread.status]);

  const patch = async (p: ConversationPatch) => {
    if (!c) return;
    const before = c;
    thread.setConversation({ ...c, ...p } as Conversation);
    try {
      const updated = await api.update(c.id, p);
      thread.setConversation(updated);
      onChanged(updated);
    } catch (e) {
      thread.setConversation(before);
      toast(e instanceof ApiError ? e.message : t('action.failed'), 'error');
    }
  };

  useImperativeHandle(ref, () => ({
    focusComposer: (mode) => composer.current?.focus(mode),
    resolve: () => void patch({ status: 'resolved' }),
    merge: () => { if (c && !c.mergedIntoId) setMerging(true); },
  }));

  const send = async (d: Draft): Promise<boolean> => {
    if (!c) return false;
    const clientId = newClientId();
    const tempId = `tmp-${clientId}`;
    const local: Message = {
      id: tempId, clientId, conversationId: c.id, inboxId: c.inboxId, direction: 'outgoing', senderType: 'agent', senderId: me.id,
      sender: { id: me.id, name: me.name, avatarUrl: me.avatarUrl ?? null }, body: d.body, html: null, contentType: 'text', content: null,
      private: d.private, status: 'queued', error: null, attempts: 0, externalId: null, meta: null,
      createdAt: new Date().toISOString(), updatedAt: null, attachments: [], ...(d.files.length ? { uploadProgress: 0 } : {}),
    };
    thread.addLocal(local);
    // Channel hints (e-mail subject / CC) and mentions travel in meta; content is for structured messages.
    const meta: Record<string, unknown> = {};
    if (d.subject) meta.subject = d.subject;
    if (d.cc?.length) meta.cc = d.cc;
    if (d.mentions?.length) meta.mentions = d.mentions;
    const hasMeta = Object.keys(meta).length > 0;
    try {
      let res: { message: Message };
      if (d.files.length) {
        const form = new FormData();
        form.set('body', d.body);
        form.set('private', String(d.private));
        form.set('clientId', clientId);
        if (hasMeta) form.set('meta', JSON.stringify(meta));
        d.files.forEach((f) => form.append('attachments', f, f.name));
        res = await api.upload(c.id, form, (fraction) => thread.replaceLocal(tempId, { ...local, uploadProgress: fraction }));
      } else {
        res = await api.send(c.id, { body: d.body, private: d.private, clientId, ...(hasMeta ? { meta } : {}) });
      }
      thread.replaceLocal(tempId, res.message);
      return true;
    } catch (e) {
      // Same sender as while sending. A refusal (4xx other than 429) would be refused again: no Retry for it.
      const refused = e instanceof ApiError && e.status >= 400 && e.status < 500 && e.status !== 429;
      thread.replaceLocal(tempId, {
        ...local, uploadProgress: undefined, status: 'failed', retryable: !refused,
        error: e instanceof ApiError ? e.message : t('thread.sendFailed'),
      });
      return false;
    }
  };

  const retry = async (m: Message) => {
    if (m.id.startsWith('tmp-')) {
      thread.replaceLocal(m.id, { ...m, id: `gone-${m.id}` });
      return;
    }
    try {
      const res = await api.retry(m.conversationId, m.id);
      thread.replaceLocal(m.id, res.message);
    } catch {
      toast(t('thread.retryFailed'), 'error');
    }
  };

  if (thread.status === 'loading') return <section className="thread-pane"><Spinner label={t('common.loading')} /></section>;
  if (thread.status === 'notFound')
    return (
      <section className="thread-pane">
        <EmptyState icon="inbox" title={t('thread.notFound')} />
      </section>
    );
  if (thread.status === 'error' || !c)
    return (
      <section className="thread-pane">
        <ErrorState message={t('thread.loadError')} onRetry={thread.reload} retryLabel={t('common.retry')} />
      </section>
    );

  const inbox = dir.inboxById.get(c.inboxId);
  const channel = c.channel ?? inbox?.channel ?? 'web';
  const name = contactDisplayName(t, c.contact, c.contactId);
  // Suggestions and the "teach the bot" offer follow the latest message.
  const lastMessageKey = thread.messages.at(-1)?.id ?? 'none';
  const typingOthers = others.filter((o) => o.typing);

  return (
    <>
    <section className="thread-pane" aria-label={t('thread.region', { name })}>
      <header className="thread-head">
        <button type="button" className="btn btn-icon only-narrow" onClick={onClose} aria-label={t('common.back')}>
          <Icon name="x" />
        </button>
        <div className="thread-title">
          <h2 dir="auto">{name}</h2>
          <span className="thread-sub">
            <ChannelIcon channel={channel} label={t(`channel.${channel}`)} /> {inbox?.name ?? t(`channel.${channel}`)}
            {c.subject ? <> · {c.subject}</> : null} · <span className={`status-pill status-${c.status}`}>{t(`status.${c.status}`)}</span>
          </span>
        </div>
        <ConversationActions conversation={c} onPatch={patch} onMerge={() => setMerging(true)} />
      </header>
      <MergeBanner conversation={c} />
      {others.length > 0 && (
        <div className="collision" role="status">
          <Icon name="eye" size={14} />{' '}
          {typingOthers.length
            ? t('presence.typing', { names: typingOthers.map((o) => o.name).join(', ') })
            : t('presence.viewing', { names: others.map((o) => o.name).join(', ') })}
        </div>
      )}
      <ol className="thread" ref={scroller} aria-live="polite" aria-label={t('thread.messages')} tabIndex={0}>
        {thread.messages.length === 0 && <li className="msg-activity">{t('thread.empty')}</li>}
        {thread.hasOlder && (
          <li className="thread-older">
            <button type="button" className="btn btn-secondary btn-small" disabled={thread.loadingOlder} onClick={() => void loadEarlier()}>
              {thread.loadingOlder ? t('common.loading') : t('thread.loadEarlier')}
            </button>
          </li>
        )}
        {thread.messages.map((m) => (
          <MessageItem key={m.id} message={m} contactName={name} onRetry={retry} />
        ))}
        {customerTyping && (
          <li className="msg-typing" role="status">
            <span className="typing-dots" aria-hidden="true"><i /><i /><i /></span> <bdi>{t('thread.customerTyping', { name })}</bdi>
          </li>
        )}
      </ol>
      <LearnFromReply conversationId={c.id} refreshKey={lastMessageKey} />
      <ReplySuggestions conversationId={c.id} refreshKey={lastMessageKey} onInsert={(text) => composer.current?.insert(text)} />
      <Composer ref={composer} conversation={c} channel={channel} onSend={send} />
    </section>
    {merging && (
      <Suspense fallback={null}><MergeConversationDialog
        conversation={c}
        onClose={() => setMerging(false)}
        onMerged={(primary) => {
          setMerging(false);
          onChanged(primary);
          if (primary.id === c.id) thread.refresh();
          else openConversation(primary.id);
        }}
      /></Suspense>
    )}
    <ContactSidebar key={c.contactId} contactId={c.contactId} currentConversationId={c.id} />
    </>
  );
});
