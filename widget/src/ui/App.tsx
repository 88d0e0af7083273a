/** @jsxImportSource preact */
// The messenger panel. Focus stays inside while it is open (it is a modal dialog on small screens).
import { useEffect, useLayoutEffect, useReducer, useRef } from 'preact/hooks';
import { AskEmail, Csat, OfflineForm, Prechat } from './Forms.js';
import { Composer } from './Composer.js';
import { Avatar, MessageList, Typing } from './Messages.js';
import { ConversationList, Menu, TopicPicker, TranscriptForm } from './Conversations.js';
import type { Messenger } from './store.js';

const FOCUSABLE = 'a[href],button:not([disabled]),textarea:not([disabled]),input:not([disabled]):not([hidden]),select:not([disabled]),[tabindex]:not([tabindex="-1"])';

function useMessenger(m: Messenger) {
  const [, force] = useReducer((n: number) => n + 1, 0);
  useEffect(() => {
    const off = m.subscribe(() => force(undefined));
    // The state may have changed before this effect ran (an SDK open() right at page load): render it.
    force(undefined);
    return () => void off();
  }, [m]);
  return () => force(undefined);
}

function Header({ m }: { m: Messenger }) {
  const s = m.state.settings;
  const online = s.availability ? s.availability.online : true;
  const team = s.teamName || m.t('team');
  return (
    <header class="sb-header">
      <div class="sb-avatars" aria-hidden="true">
        {(s.avatars && s.avatars.length ? s.avatars : [null]).slice(0, 3).map((url, i) => <Avatar key={i} name={team} url={url} />)}
      </div>
      <div class="sb-heading">
        <h1 id="sb-title">{team}</h1>
        <p><span class={'sb-dot' + (online ? ' sb-online' : '')} aria-hidden="true" />{online ? m.t('replyTime.' + (s.replyTime || 'minutes')) : m.t('offline')}</p>
      </div>
      {!!m.client.token && <Menu m={m} />}
      <button type="button" class="sb-icon sb-close" aria-label={m.t('minimize')} onClick={() => m.setOpen(false)}>
        <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M6.4 8 5 9.4l7 7 7-7L17.6 8 12 13.6z" /></svg>
      </button>
    </header>
  );
}

/** When the "ask for e-mail" prompt is due: the visitor wrote last and nobody answered; null when it never is. */
function askEmailAt(m: Messenger): number | null {
  const { settings, saved } = m.state;
  const messages = m.shown();
  const after = settings.askEmailAfterMinutes;
  if (after == null || after < 0 || saved.email || m.state.hasEmail || saved.emailPrompt) return null;
  const last = messages[messages.length - 1];
  if (!last || last.senderType !== 'contact' || last.status === 'sending') return null;
  return new Date(last.createdAt).getTime() + after * 60000;
}

export function App({ m, root }: { m: Messenger; root: ShadowRoot }) {
  const rerender = useMessenger(m);
  const panel = useRef<HTMLDivElement>(null);
  const body = useRef<HTMLDivElement>(null);
  const { open, dir, locale, settings: s, messages, conversations, saved, screen } = m.state;
  const convId = m.conversationId();
  const status = convId ? conversations[convId]?.status : null;
  const resolved = status === 'resolved';
  const hasConversation = messages.length > 0 || !!m.client.token;
  const locked = !!s.identity?.requireVerified && !m.state.verified;
  const view = locked ? 'locked' : !hasConversation && s.availability && !s.availability.online ? 'offline'
    : !hasConversation && s.preChat?.enabled && !saved.prechatDone ? 'prechat' : 'chat';

  // Nothing else changes when the wait runs out, so render again exactly then.
  const askAt = view === 'offline' ? null : askEmailAt(m);
  const askNow = saved.emailPrompt === 'saved' || (askAt !== null && askAt <= Date.now());
  useEffect(() => {
    if (askAt === null || askAt <= Date.now()) return;
    const timer = setTimeout(rerender, askAt - Date.now() + 20);
    return () => clearTimeout(timer);
  }, [askAt]);

  useLayoutEffect(() => {
    const el = body.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [messages.length, m.state.typing, open, view, convId, screen]);

  useEffect(() => {
    if (!open) return;
    const target = panel.current?.querySelector<HTMLElement>('#sb-input, .sb-form input, .sb-form textarea') || panel.current?.querySelector<HTMLElement>(FOCUSABLE);
    target?.focus();
  }, [open, view, screen]);

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      m.setOpen(false);
      (root.host.shadowRoot?.querySelector('.sb-bubble') as HTMLElement | null)?.focus();
      return;
    }
    if (e.key !== 'Tab' || !panel.current) return;
    const items = Array.from(panel.current.querySelectorAll<HTMLElement>(FOCUSABLE)).filter((el) => el.offsetParent !== null);
    if (!items.length) return;
    const first = items[0];
    const last = items[items.length - 1];
    const active = root.activeElement;
    if (e.shiftKey && (active === first || !panel.current.contains(active))) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && (active === last || !panel.current.contains(active))) {
      e.preventDefault();
      first.focus();
    }
  };

  const team = s.teamName || m.t('team');
  return (
    <div class={'sb-app' + (s.position === 'left' ? ' sb-left' : '')} dir={dir} lang={locale} style={s.color ? { '--sb-accent': s.color } : undefined}>
      {!open && m.state.preview && (
        <div class="sb-preview" role="status">
          <button type="button" class="sb-preview-body" onClick={() => m.setOpen(true)}>
            <span class="sb-sr">{m.t('proactiveFrom', { team })}: </span>
            <Avatar name={team} url={s.avatars?.[0]} />
            <span class="sb-preview-text">{m.state.preview}</span>
          </button>
          <button type="button" class="sb-icon sb-dismiss" aria-label={m.t('dismiss')} onClick={() => m.update({ preview: null })}>×</button>
        </div>
      )}
      <div ref={panel} class={'sb-panel' + (open ? ' sb-open' : '')} role="dialog" aria-modal="true" aria-labelledby="sb-title" hidden={!open} onKeyDown={onKeyDown}>
        <Header m={m} />
        <div class="sb-body" ref={body}>
          {screen === 'list' && <ConversationList m={m} />}
          {screen === 'topics' && <TopicPicker m={m} />}
          {screen === 'transcript' && <TranscriptForm m={m} />}
          {screen === 'thread' && !m.botGreets && (
            <div class="sb-intro">
              <Avatar name={team} url={s.avatars?.[0]} />
              <div class="sb-bubble-text"><p dir="auto">{s.greeting || m.t('greeting')}</p></div>
            </div>
          )}
          {screen === 'thread' && m.state.proactive && (
            <div class="sb-intro"><Avatar name={team} url={s.avatars?.[0]} /><div class="sb-bubble-text"><p>{m.state.proactive.message}</p></div></div>
          )}
          {view === 'prechat' && <Prechat m={m} />}
          {view === 'offline' && <OfflineForm m={m} />}
          {view === 'locked' && <p class="sb-note">{m.t('verifyRequired')}</p>}
          {screen === 'thread' && <MessageList m={m} />}
          {screen === 'thread' && <Typing m={m} />}
          {screen === 'thread' && askNow && view !== 'offline' && <AskEmail m={m} />}
          {screen === 'thread' && resolved && convId && (
            <div class="sb-resolved">
              <p class="sb-note">{m.t('resolved')}</p>
              {s.csat !== false && <Csat m={m} conversationId={convId} />}
              <button type="button" class="sb-primary" onClick={() => m.threads.startOrPick()}>{m.t('startNew')}</button>
            </div>
          )}
        </div>
        {m.state.notice && <div class="sb-notice" role="alert">{m.state.notice}<button type="button" class="sb-icon" aria-label={m.t('dismiss')} onClick={() => m.update({ notice: null })}>×</button></div>}
        {m.state.uploading && <div class="sb-notice" role="status">{m.t('file.uploading', { name: m.state.uploading })}</div>}
        {view === 'chat' && screen === 'thread' && !resolved && <Composer m={m} />}
        <footer class="sb-footer">{m.t('poweredBy')}</footer>
      </div>
      <div class="sb-sr" aria-live="polite" aria-atomic="true">{m.state.announce}</div>
    </div>
  );
}
