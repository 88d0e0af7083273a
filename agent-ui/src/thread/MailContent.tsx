// An e-mail's content in the thread. What the customer wrote comes first; the earlier messages and the
// signature the server folded away stay one click away (the whole mail as sent, HTML included), never lost.
import { useId, useState } from 'react';
import type { Message } from '../api/types';
import { useI18n } from '../i18n/i18n';
import { Icon } from '../ui/Icon';
import { EmailFrame } from './EmailFrame';
import { Markdown } from './Markdown';

export function MailContent({ message: m, author }: { message: Message; author: string }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const foldedId = useId();
  const quoted = typeof m.meta?.quotedText === 'string' && m.meta.quotedText ? m.meta.quotedText : null;
  const frame = m.html ? <EmailFrame html={m.html} title={t('thread.emailFrame', { author })} /> : null;
  if (!quoted) return frame ?? <Markdown className="msg-body" text={m.body} />;
  return (
    <>
      <Markdown className="msg-body" text={m.body} />
      <button type="button" className="btn btn-link btn-tiny msg-fold-toggle" aria-expanded={open} aria-controls={foldedId} onClick={() => setOpen((o) => !o)}>
        <Icon name="chevronDown" size={12} /> {open ? t('thread.quotedHide') : t('thread.quotedShow')}
      </button>
      {open && (
        <div id={foldedId} className="msg-folded">
          {frame ?? <div className="msg-body msg-quoted">{quoted}</div>}
        </div>
      )}
    </>
  );
}
