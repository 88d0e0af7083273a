/** @jsxImportSource preact */
// The conversation: day separators, sender groups, ticks, attachments and structured bot content.
import type { Attachment, FormField, WidgetMessage } from '../types.js';
import { FieldsForm } from './Forms.js';
import { Markdown } from './markdown.js';
import type { Messenger } from './store.js';

const sameDay = (a: Date, b: Date) => a.toDateString() === b.toDateString();

function dayLabel(m: Messenger, d: Date) {
  const now = new Date();
  if (sameDay(d, now)) return m.t('today');
  if (sameDay(d, new Date(now.getTime() - 864e5))) return m.t('yesterday');
  return new Intl.DateTimeFormat(m.state.locale, { weekday: 'long', day: 'numeric', month: 'long' }).format(d);
}

const time = (m: Messenger, d: Date) => new Intl.DateTimeFormat(m.state.locale, { hour: 'numeric', minute: '2-digit' }).format(d);

export function Avatar({ name, url }: { name?: string | null; url?: string | null }) {
  if (url) return <img class="sb-avatar" src={url} alt="" />;
  const initials = (name || '?').trim().split(/\s+/).map((p) => Array.from(p)[0] || '').slice(0, 2).join('').toUpperCase();
  return <span class="sb-avatar" aria-hidden="true">{initials}</span>;
}

function Ticks({ m, status, clientId }: { m: Messenger; status: string; clientId?: string | null }) {
  if (status === 'failed') {
    return (
      <button type="button" class="sb-failed" onClick={() => clientId && m.retry(clientId)}>
        {m.t('status.failed')}
      </button>
    );
  }
  const key = status === 'sending' ? 'status.sending' : status === 'read' ? 'status.read' : 'status.sent';
  const double = status === 'read' || status === 'delivered';
  return (
    <span class={'sb-ticks sb-' + status} role="img" aria-label={m.t(key)} title={m.t(key)}>
      {status === 'sending' ? '◷' : double ? '✓✓' : '✓'}
    </span>
  );
}

const size = (n: number) => (n > 1048576 ? (n / 1048576).toFixed(1) + ' MB' : Math.max(1, Math.round(n / 1024)) + ' KB');

function Attachments({ m, items }: { m: Messenger; items: Attachment[] }) {
  return (
    <div class="sb-files">
      {items.map((a) =>
        a.contentType.startsWith('image/') ? (
          <a key={a.id} href={m.serverUrl(a.url)} target="_blank" rel="noopener noreferrer" class="sb-image">
            <img src={m.serverUrl(a.url)} alt={a.name} loading="lazy" />
          </a>
        ) : (
          <a key={a.id} href={m.serverUrl(a.url)} target="_blank" rel="noopener noreferrer" class="sb-file" download={a.name}>
            <span aria-hidden="true">📎</span> <span class="sb-file-name">{a.name}</span> <span class="sb-file-size">{size(a.size)}</span>
          </a>
        ),
      )}
    </div>
  );
}

function Structured({ m, msg, answered }: { m: Messenger; msg: WidgetMessage; answered: string | null }) {
  const content = (msg.content || {}) as { options?: Array<{ label: string; value?: string }>; fields?: FormField[] };
  if (msg.contentType === 'options' && Array.isArray(content.options)) {
    return (
      <div class="sb-options" role="group" aria-label={msg.body || undefined}>
        {content.options.map((o) => (
          <button key={o.value ?? o.label} type="button" class={answered === o.label ? 'sb-chosen' : ''} disabled={!!answered}
            onClick={() => m.answer(msg, String(o.label), { contentType: 'option_reply', content: { value: String(o.value ?? o.label), label: String(o.label) } })}>
            {String(o.label)}
          </button>
        ))}
      </div>
    );
  }
  if (msg.contentType === 'form' && Array.isArray(content.fields)) {
    if (answered) return <p class="sb-note">{m.t('form.sent')}</p>;
    const fields = content.fields.map((f) => ({ ...f, name: String(f.name), label: String(f.label || f.name) }));
    return (
      <div class="sb-bot-form">
        <FieldsForm m={m} compact fields={fields} submitLabel={m.t('form.submit')}
          onSubmit={(v) => m.answer(msg, fields.filter((f) => v[f.name]).map((f) => f.label + ': ' + v[f.name]).join('\n'), { contentType: 'form_response', content: v })} />
      </div>
    );
  }
  return null;
}

export function MessageList({ m }: { m: Messenger }) {
  const { answered, settings } = m.state;
  const messages = m.shown();
  const rows = [];
  let prev: WidgetMessage | null = null;
  for (let i = 0; i < messages.length; i++) {
    const msg = messages[i];
    const at = new Date(msg.createdAt);
    if (!prev || !sameDay(new Date(prev.createdAt), at)) {
      rows.push(<li key={'d' + msg.id} class="sb-day" role="separator"><span>{dayLabel(m, at)}</span></li>);
    } else if (prev.conversationId && msg.conversationId && prev.conversationId !== msg.conversationId) {
      rows.push(<li key={'c' + msg.id} class="sb-day" role="separator"><span>{m.t('newConversation')}</span></li>);
    }
    const next = messages[i + 1];
    const mine = msg.senderType === 'contact';
    const senderKey = (x?: WidgetMessage | null) => x && x.senderType + ':' + (x.sender?.name || '');
    const firstOfGroup = senderKey(prev) !== senderKey(msg) || !sameDay(new Date(prev!.createdAt), at);
    const lastOfGroup = !next || senderKey(next) !== senderKey(msg);
    prev = msg;
    if (msg.direction === 'activity' || msg.senderType === 'system') {
      rows.push(<li key={msg.id} class="sb-activity">{msg.body}</li>);
      continue;
    }
    const name = mine ? m.t('you') : msg.sender?.name || (msg.senderType === 'bot' ? m.t('bot') : settings.teamName || m.t('team'));
    const laterReply = messages.slice(i + 1).find((x) => x.senderType === 'contact');
    const chosen = answered[msg.id] || (laterReply && msg.contentType && msg.contentType !== 'text' ? laterReply.body : null);
    rows.push(
      <li key={msg.id} class={'sb-msg ' + (mine ? 'sb-mine' : 'sb-theirs sb-' + msg.senderType) + (lastOfGroup ? ' sb-last' : '')}>
        {!mine && <div class="sb-avatar-slot">{lastOfGroup && <Avatar name={name} url={msg.sender?.avatarUrl} />}</div>}
        <div class="sb-msg-main">
          {!mine && firstOfGroup && <div class="sb-sender">{name}</div>}
          {msg.body && (
            <div class="sb-bubble-text" title={time(m, at)}>
              <span class="sb-sr">{name}: </span>
              <Markdown text={msg.body} />
            </div>
          )}
          {msg.attachments && msg.attachments.length > 0 && <Attachments m={m} items={msg.attachments} />}
          {!mine && msg.contentType && msg.contentType !== 'text' && <Structured m={m} msg={msg} answered={chosen} />}
          {lastOfGroup && (
            <div class="sb-meta">
              <time dateTime={msg.createdAt}>{time(m, at)}</time>
              {mine && <Ticks m={m} status={msg.status} clientId={msg.clientId} />}
            </div>
          )}
        </div>
      </li>,
    );
  }
  return (
    <ol class="sb-messages" aria-label={m.t('messagesLabel')}>
      {rows}
    </ol>
  );
}

export function Typing({ m }: { m: Messenger }) {
  if (!m.state.typing) return null;
  return (
    <div class="sb-typing" aria-label={m.t('typing', { name: m.state.typing })}>
      <span /><span /><span />
    </div>
  );
}
