// Reply / private-note composer. Knows the channel: e-mail gets subject + CC,
// SMS shows segments and encoding. "/" opens canned responses, "@" in a note
// mentions a colleague (they get notified), Enter sends, Shift+Enter breaks.
import { forwardRef, useEffect, useImperativeHandle, useMemo, useRef, useState } from 'react';
import type { ChannelKind, Conversation } from '../api/types';
import { useDirectory } from '../app/directory';
import { useI18n } from '../i18n/i18n';
import { realtime } from '../realtime/socket';
import { conversations as conversationsApi } from '../api/endpoints';
import { Icon } from '../ui/Icon';
import { useToast } from '../ui/Toasts';
// The adapter's own arithmetic, so the count shown is the count sent.
import { countSegments } from '../../../channels/sms/segments';
import { fileProblem, useAttachmentRules, type FileProblem } from './attachmentRules';
import { cannedQuery, mentionedAgentIds, mentionQuery } from './mentions';
import { EmojiPicker, Suggestions, type Suggestion } from './Suggestions';

export interface Draft {
  body: string;
  private: boolean;
  subject?: string;
  cc?: string[];
  mentions?: string[];
  files: File[];
}

export interface ComposerHandle {
  focus: (mode: 'reply' | 'note') => void;
  /** Puts text into the reply (after what is already written) and focuses it, e.g. a suggested reply. */
  insert: (text: string) => void;
}

interface Props {
  conversation: Conversation;
  channel: ChannelKind;
  onSend: (d: Draft) => Promise<boolean>;
}

export const Composer = forwardRef<ComposerHandle, Props>(function Composer({ conversation, channel, onSend }, ref) {
  const { t } = useI18n();
  const dir = useDirectory();
  const [mode, setMode] = useState<'reply' | 'note'>('reply');
  const [body, setBody] = useState('');
  const [subject, setSubject] = useState('');
  const [cc, setCc] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [refused, setRefused] = useState<FileProblem[]>([]);
  const rules = useAttachmentRules();
  const [caret, setCaret] = useState(0);
  const [active, setActive] = useState(0);
  const [sending, setSending] = useState(false);
  const [emoji, setEmoji] = useState(false);
  const [cannedMissing, setCannedMissing] = useState<string[]>([]);
  const toast = useToast();
  const area = useRef<HTMLTextAreaElement>(null);
  const typingOff = useRef<ReturnType<typeof setTimeout>>(undefined);
  const typing = useRef(false);

  // A file the server would refuse is not attached at all: nothing is sent, and the reason names the limit.
  const pickFiles = (picked: File[]) => {
    const problems = picked.map((f) => fileProblem(rules, f));
    setRefused(problems.filter((p): p is FileProblem => p !== null));
    setFiles([...files, ...picked.filter((_, i) => !problems[i])]);
  };

  useImperativeHandle(ref, () => ({
    focus: (m) => {
      setMode(m);
      requestAnimationFrame(() => area.current?.focus());
    },
    insert: (text) => {
      setMode('reply');
      setBody((prev) => (prev.trim() ? `${prev.trimEnd()}\n\n${text}` : text));
      requestAnimationFrame(() => area.current?.focus());
    },
  }));

  useEffect(() => {
    setBody('');
    setFiles([]);
    setRefused([]);
    setCc('');
    setCannedMissing([]);
    const s = conversation.subject;
    setSubject(s ? (/^re:/i.test(s) ? s : `Re: ${s}`) : '');
  }, [conversation.id, conversation.subject]);

  const setTyping = (on: boolean) => {
    if (typing.current === on) return;
    typing.current = on;
    // One event: colleagues see it in the collision line, the visitor only for replies (not notes).
    realtime.emit('typing', { conversationId: conversation.id, on, private: mode === 'note' });
  };
  // Stop "typing" when the agent leaves the conversation mid-sentence.
  useEffect(() => () => setTyping(false), [conversation.id]);

  const suggestions: Suggestion[] = useMemo(() => {
    const slash = cannedQuery(body);
    if (slash !== null)
      return dir.canned
        .filter((c) => c.shortCode.toLowerCase().startsWith(slash.toLowerCase()))
        .slice(0, 8)
        .map((c) => ({ id: c.id, title: `/${c.shortCode}`, detail: c.content }));
    if (mode !== 'note') return [];
    const m = mentionQuery(body, caret);
    if (!m) return [];
    const q = m.query.toLowerCase();
    return dir.agents
      .filter((a) => a.name.toLowerCase().includes(q) || a.email.toLowerCase().startsWith(q))
      .slice(0, 8)
      .map((a) => ({ id: a.id, title: a.name, detail: a.email }));
  }, [body, caret, mode, dir.canned, dir.agents]);

  useEffect(() => setActive(0), [suggestions.length]);

  const place = (next: string, pos: number) => {
    setBody(next);
    requestAnimationFrame(() => {
      area.current?.focus();
      area.current?.setSelectionRange(pos, pos);
      setCaret(pos);
    });
  };

  const pick = (i: number) => {
    const s = suggestions[i];
    if (!s) return;
    if (cannedQuery(body) !== null) {
      // Filled in for this customer by the server (the campaigns' placeholders), so the composer shows
      // exactly what will be sent and names any placeholder left empty.
      conversationsApi
        .renderCanned(conversation.id, s.id)
        .then((r) => {
          place(r.rendered, r.rendered.length);
          setCannedMissing(r.missing);
        })
        .catch(() => toast(t('composer.cannedFailed'), 'error'));
      return;
    }
    const m = mentionQuery(body, caret)!;
    const insert = `@${s.title} `;
    place(body.slice(0, m.start) + insert + body.slice(caret), m.start + insert.length);
  };

  const submit = async () => {
    if (sending || (!body.trim() && files.length === 0)) return;
    setSending(true);
    setTyping(false);
    const ok = await onSend({
      body: body.trim(),
      private: mode === 'note',
      subject: channel === 'email' && mode === 'reply' ? subject : undefined,
      cc: channel === 'email' && mode === 'reply' && cc.trim() ? cc.split(/[,;\s]+/).filter(Boolean) : undefined,
      mentions: mode === 'note' ? mentionedAgentIds(body, dir.agents) : undefined,
      files,
    });
    setSending(false);
    if (ok) {
      setBody('');
      setFiles([]);
      setCannedMissing([]);
    }
  };

  const sms = channel === 'sms' && mode === 'reply' ? countSegments(body) : null;

  return (
    <form
      className={`composer composer-${mode}`}
      aria-label={t('composer.label')}
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <div className="composer-tabs" role="tablist" aria-label={t('composer.mode')}>
        <button type="button" role="tab" aria-selected={mode === 'reply'} className={mode === 'reply' ? 'tab active' : 'tab'} onClick={() => setMode('reply')}>
          {t('composer.reply')}
        </button>
        <button type="button" role="tab" aria-selected={mode === 'note'} className={mode === 'note' ? 'tab active' : 'tab'} onClick={() => setMode('note')}>
          <Icon name="lock" size={12} /> {t('composer.note')}
        </button>
      </div>
      {channel === 'email' && mode === 'reply' && (
        <div className="composer-fields">
          <label>
            <span>{t('composer.subject')}</span>
            <input value={subject} onChange={(e) => setSubject(e.target.value)} />
          </label>
          <label>
            <span>{t('composer.cc')}</span>
            <input value={cc} onChange={(e) => setCc(e.target.value)} placeholder="name@example.com" type="text" inputMode="email" />
          </label>
        </div>
      )}
      <div className="composer-input">
        <Suggestions items={suggestions} active={active} label={t('composer.suggestions')} onPick={pick} />
        <textarea
          ref={area}
          id="composer-text"
          value={body}
          rows={3}
          aria-label={mode === 'note' ? t('composer.notePlaceholder') : t('composer.replyPlaceholder')}
          placeholder={mode === 'note' ? t('composer.notePlaceholder') : t('composer.replyPlaceholder')}
          aria-autocomplete="list"
          aria-controls={suggestions.length ? 'composer-suggestions' : undefined}
          aria-activedescendant={suggestions.length ? `suggestion-${active}` : undefined}
          onChange={(e) => {
            setBody(e.target.value);
            setCaret(e.target.selectionStart);
            setTyping(e.target.value.length > 0);
            clearTimeout(typingOff.current);
            typingOff.current = setTimeout(() => setTyping(false), 4000);
          }}
          onSelect={(e) => setCaret(e.currentTarget.selectionStart)}
          onKeyDown={(e) => {
            if (suggestions.length) {
              if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
                e.preventDefault();
                const d = e.key === 'ArrowDown' ? 1 : -1;
                setActive((a) => (a + d + suggestions.length) % suggestions.length);
                return;
              }
              if (e.key === 'Enter' || e.key === 'Tab') {
                e.preventDefault();
                pick(active);
                return;
              }
            }
            if (e.key === 'Escape') {
              e.currentTarget.blur();
              return;
            }
            if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
              e.preventDefault();
              void submit();
            }
          }}
        />
      </div>
      {cannedMissing.length > 0 && (
        <p className="composer-warning" role="status">
          <Icon name="alert" size={12} /> {t('composer.cannedMissing', { names: cannedMissing.join(', ') })}
        </p>
      )}
      {refused.length > 0 && (
        <ul className="composer-warning composer-refused" role="alert">
          {refused.map((p) => (
            <li key={p.name}>
              <Icon name="alert" size={12} />{' '}
              {p.kind === 'tooLarge' ? t('composer.fileTooLarge', { name: p.name, limit: p.limitMb }) : t('composer.fileType', { name: p.name })}
            </li>
          ))}
        </ul>
      )}
      {files.length > 0 && (
        <ul className="composer-files">
          {files.map((f, i) => (
            <li key={i}>
              <Icon name="paperclip" size={12} /> {f.name}
              <button type="button" className="btn btn-icon btn-tiny" aria-label={t('composer.removeFile', { name: f.name })} onClick={() => setFiles(files.filter((_, j) => j !== i))}>
                <Icon name="x" size={12} />
              </button>
            </li>
          ))}
        </ul>
      )}
      {emoji && <EmojiPicker label={t('composer.emoji')} onPick={(e) => { setBody((b) => b + e); setEmoji(false); area.current?.focus(); }} />}
      <div className="composer-foot">
        <label className="btn btn-icon" title={t('composer.attach')}>
          <Icon name="paperclip" />
          <span className="sr-only">{t('composer.attach')}</span>
          <input type="file" multiple hidden onChange={(e) => { pickFiles(Array.from(e.target.files ?? [])); e.target.value = ''; }} />
        </label>
        <button type="button" className="btn btn-icon" aria-label={t('composer.emoji')} aria-expanded={emoji} onClick={() => setEmoji(!emoji)}>
          <Icon name="smile" />
        </button>
        {sms && sms.segments > 0 && (
          <span className="sms-counter" aria-live="polite" data-testid="sms-counter">
            {t('composer.smsSegments', { segments: sms.segments, remaining: sms.remaining, encoding: sms.encoding })}
          </span>
        )}
        <span className="composer-hint">{mode === 'note' ? t('composer.noteHint') : t('composer.hint')}</span>
        <button type="submit" className={mode === 'note' ? 'btn btn-note' : 'btn btn-primary'} disabled={sending || (!body.trim() && !files.length)}>
          <Icon name="send" size={14} /> {mode === 'note' ? t('composer.addNote') : t('composer.send')}
        </button>
      </div>
    </form>
  );
});
