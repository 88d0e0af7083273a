/** @jsxImportSource preact */
// The header menu and the screens behind it: the visitor's conversations (open first, preview, time, unread),
// the topic picker for a new one, and the transcript request.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { VisitorConversation } from '../types.js';
import { FieldsForm } from './Forms.js';
import type { Messenger } from './store.js';

/** Header menu: a button that opens a list of actions; arrows move, Escape closes back to the button. */
export function Menu({ m }: { m: Messenger }) {
  const [open, setOpen] = useState(false);
  const list = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (open) list.current?.querySelector<HTMLElement>('button')?.focus();
  }, [open]);
  const pick = (fn: () => void) => () => {
    setOpen(false);
    fn();
  };
  const onKeyDown = (e: KeyboardEvent) => {
    const items = Array.from(list.current?.querySelectorAll<HTMLElement>('button') || []);
    const i = items.indexOf(e.target as HTMLElement);
    if (e.key === 'Escape') {
      e.stopPropagation();
      setOpen(false);
      button.current?.focus();
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      items[(i + (e.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length]?.focus();
    }
  };
  const canMail = m.ctx.config.transcripts && !!m.state.current;
  return (
    <div class="sb-menu-wrap">
      <button ref={button} type="button" class="sb-icon" aria-label={m.t('menu')} aria-haspopup="menu" aria-expanded={open} onClick={() => setOpen(!open)}>
        <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M4 6h16v2H4zm0 5h16v2H4zm0 5h16v2H4z" /></svg>
      </button>
      {open && (
        <div ref={list} class="sb-menu" role="menu" onKeyDown={onKeyDown}>
          <button type="button" role="menuitem" onClick={pick(() => m.update({ screen: 'list' }))}>{m.t('conversations')}</button>
          <button type="button" role="menuitem" onClick={pick(() => m.threads.startOrPick())}>{m.t('newConversation')}</button>
          {canMail && <button type="button" role="menuitem" onClick={pick(() => m.update({ screen: 'transcript', transcriptSentTo: null }))}>{m.t('transcript')}</button>}
        </div>
      )}
    </div>
  );
}

const when = (m: Messenger, iso: string | null) => {
  if (!iso) return '';
  const d = new Date(iso);
  const today = d.toDateString() === new Date().toDateString();
  return new Intl.DateTimeFormat(m.state.locale, today ? { hour: 'numeric', minute: '2-digit' } : { day: 'numeric', month: 'short' }).format(d);
};

const title = (m: Messenger, c: VisitorConversation) => c.topic?.label || c.subject || m.t('conversation.untitled');

function Back({ m }: { m: Messenger }) {
  if (!m.state.current) return null;
  return <button type="button" class="sb-link" onClick={() => m.update({ screen: 'thread' })}>{m.t('back')}</button>;
}

export function ConversationList({ m }: { m: Messenger }) {
  const { list, current } = m.state;
  return (
    <section class="sb-threads" aria-labelledby="sb-threads-title">
      <Back m={m} />
      <h2 id="sb-threads-title">{m.t('conversations')}</h2>
      <button type="button" class="sb-primary" onClick={() => m.threads.startOrPick()}>{m.t('newConversation')}</button>
      {list.length ? (
        <ul class="sb-thread-list">
          {list.map((c) => (
            <li key={c.id}>
              <button type="button" class={'sb-thread' + (c.id === current ? ' sb-current' : '') + (c.status === 'resolved' ? ' sb-closed' : '')}
                aria-current={c.id === current ? 'true' : undefined} data-id={c.id} onClick={() => m.threads.switchTo(c.id)}>
                <span class="sb-thread-title" dir="auto">{title(m, c)}</span>
                <time class="sb-thread-time" dateTime={c.lastMessageAt || undefined}>{when(m, c.lastMessageAt)}</time>
                <span class="sb-thread-preview" dir="auto">{c.lastMessage?.body || (c.status === 'resolved' ? m.t('resolved') : '')}</span>
                {c.unreadCount > 0 && <span class="sb-thread-unread" aria-label={m.t('conversation.unread', { count: c.unreadCount })}>{c.unreadCount}</span>}
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p class="sb-note">{m.t('conversations.empty')}</p>
      )}
    </section>
  );
}

export function TopicPicker({ m }: { m: Messenger }) {
  return (
    <section class="sb-threads" aria-labelledby="sb-topic-title">
      <Back m={m} />
      <h2 id="sb-topic-title">{m.t('topic.pick')}</h2>
      <div class="sb-options" role="group" aria-labelledby="sb-topic-title">
        {(m.state.settings.topics || []).map((t) => (
          <button key={t.id} type="button" onClick={() => m.threads.start(t.id).catch((err) => m.fail(err))}>{t.label}</button>
        ))}
      </div>
    </section>
  );
}

export function TranscriptForm({ m }: { m: Messenger }) {
  const sent = m.state.transcriptSentTo;
  const known = m.state.hasEmail || !!m.state.saved.email;
  return (
    <section class="sb-card" aria-labelledby="sb-transcript-title">
      <Back m={m} />
      <h2 id="sb-transcript-title">{m.t('transcript')}</h2>
      {sent ? (
        <p class="sb-note" role="status">{m.t('transcript.sent', { email: sent })}</p>
      ) : (
        <>
          <p>{m.t('transcript.intro')}</p>
          <FieldsForm m={m} compact submitLabel={m.t('transcript.send')}
            fields={known ? [] : [{ name: 'email', label: m.t('field.email'), type: 'email', required: true }]}
            onSubmit={(v) => m.threads.transcript(v.email)} />
        </>
      )}
    </section>
  );
}
