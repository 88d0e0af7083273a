// One message in the thread: bubble by direction, private notes set apart,
// per-message delivery status with the error and a retry for failures.
import { memo } from 'react';
import type { Message } from '../api/types';
import { useI18n } from '../i18n/i18n';
import { Avatar } from '../ui/Avatar';
import { Icon, type IconName } from '../ui/Icon';
import { MailContent } from './MailContent';
import { systemLineText } from './systemLines';

const statusIcon: Record<string, IconName> = { queued: 'clock', sent: 'check', delivered: 'checks', read: 'checks', failed: 'alert' };

function formatSize(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${Math.round(n / 1024)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

function MessageItemInner({ message: m, contactName, onRetry }: { message: Message; contactName: string; onRetry: (m: Message) => void }) {
  const { t, locale } = useI18n();
  const time = new Date(m.createdAt).toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' });
  if (m.direction === 'activity' || m.senderType === 'system') {
    // Shown in the agent's language from the line's key; the stored body is a plain English fallback for other readers.
    const text = systemLineText(m.meta, m.body, t, locale);
    return (
      <li className="msg-activity" data-message-id={m.id}>
        <span dir="auto">{text}</span> <time dateTime={m.createdAt}>{time}</time>
      </li>
    );
  }
  const outgoing = m.direction === 'outgoing';
  const author =
    m.senderType === 'bot' ? t('thread.bot') : outgoing ? m.sender?.name ?? t('thread.agent') : m.sender?.name ?? contactName;
  const subject = typeof m.meta?.subject === 'string' ? m.meta.subject : typeof m.content?.subject === 'string' ? m.content.subject : null;
  const cls = ['msg', outgoing ? 'msg-out' : 'msg-in', m.private ? 'msg-note' : '', m.senderType === 'bot' ? 'msg-bot' : '', m.status === 'failed' ? 'msg-failed' : '']
    .filter(Boolean)
    .join(' ');
  const options = Array.isArray(m.content?.options) ? (m.content.options as { label?: string; title?: string }[]) : null;

  return (
    <li className={cls} data-message-id={m.id}>
      <div className="msg-head">
        {/* The author's name follows in text, so the picture is decoration for screen readers. */}
        {m.senderType === 'agent' && m.sender && <span aria-hidden="true" className="msg-avatar"><Avatar name={m.sender.name} id={m.sender.id} url={m.sender.avatarUrl} size={20} /></span>}
        <span className="msg-author" dir="auto">{author}</span>
        {m.private && (
          <span className="note-tag">
            <Icon name="lock" size={11} /> {t('thread.privateNote')}
          </span>
        )}
        <time dateTime={m.createdAt}>{time}</time>
      </div>
      <div className="msg-bubble">
        {subject && <div className="msg-subject">{subject}</div>}
        <MailContent message={m} author={author} />
        {options && options.length > 0 && (
          <div className="msg-options">
            {options.map((o, i) => (
              <span key={i} className="option-chip">
                {o.label ?? o.title ?? ''}
              </span>
            ))}
          </div>
        )}
        {(m.attachments ?? []).length > 0 && (
          <ul className="attachments">
            {m.attachments!.map((a) => (
              <li key={a.id}>
                <a href={a.url} target="_blank" rel="noopener noreferrer" download={a.name}>
                  {a.contentType.startsWith('image/') ? <img src={a.url} alt={a.name} loading="lazy" /> : <Icon name="paperclip" />}
                  <span dir="auto">{a.name}</span> <small>{formatSize(a.size)}</small>
                </a>
              </li>
            ))}
          </ul>
        )}
      </div>
      {m.uploadProgress !== undefined && m.status === 'queued' && (
        <div className="msg-upload">
          <progress max={1} value={m.uploadProgress} aria-label={t('composer.uploading')} />
          <span>{t('composer.uploadingPercent', { percent: Math.round(m.uploadProgress * 100) })}</span>
        </div>
      )}
      {outgoing && !m.private && (
        <div className={`msg-status status-${m.status}`}>
          {statusIcon[m.status] && <Icon name={statusIcon[m.status]} size={12} />}
          <span>{t(`delivery.${m.status}` as 'delivery.sent')}</span>
          {m.status === 'failed' && (
            <>
              {m.error && <span className="msg-error">· {m.error}</span>}
              {m.retryable !== false && (
                <button type="button" className="btn btn-link btn-tiny" onClick={() => onRetry(m)}>
                  <Icon name="retry" size={12} /> {t('common.retry')}
                </button>
              )}
            </>
          )}
        </div>
      )}
    </li>
  );
}

export const MessageItem = memo(MessageItemInner);
