// Suggested replies above the composer: knowledge-base passages and what colleagues answered to similar
// questions. Alt+1, Alt+2 … inserts one into the reply; every set shown and every insert is counted.
import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../../i18n/i18n';
import { botAssist, type ReplySuggestions as Data } from './botAssistApi';

interface Props {
  conversationId: string;
  /** Changes when a new message arrives, so the suggestions follow what the customer asked last. */
  refreshKey: string;
  onInsert: (text: string) => void;
}

type Item = { key: string; source: 'kb' | 'reply'; label: string; body: string; articleId?: string };

const MAX = 4;

export function ReplySuggestions({ conversationId, refreshKey, onInsert }: Props) {
  const { t } = useI18n();
  const [items, setItems] = useState<Item[] | null>(null);
  const [failed, setFailed] = useState(false);
  const shownFor = useRef('');

  useEffect(() => {
    let live = true;
    botAssist.suggestions(conversationId).then((d: Data) => {
      if (!live) return;
      const next: Item[] = [
        ...d.kb.map((k) => ({ key: `kb:${k.articleId}`, source: 'kb' as const, label: k.title, body: k.body, articleId: k.articleId })),
        ...d.replies.map((r) => ({ key: `reply:${r.messageId}`, source: 'reply' as const, label: r.question, body: r.body })),
      ].slice(0, MAX);
      setItems(next);
      setFailed(false);
      const signature = `${conversationId}:${next.map((i) => i.key).join(',')}`;
      if (next.length && shownFor.current !== signature) {
        shownFor.current = signature;
        void botAssist.suggestionEvent(conversationId, { kind: 'shown', count: next.length }).catch(() => undefined);
      }
    }).catch(() => { if (live) { setItems([]); setFailed(true); } });
    return () => { live = false; };
  }, [conversationId, refreshKey]);

  const use = (item: Item) => {
    onInsert(item.body);
    void botAssist.suggestionEvent(conversationId, { kind: 'used', source: item.source, articleId: item.articleId }).catch(() => undefined);
  };

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey || e.ctrlKey || e.metaKey || !items?.length) return;
      const n = Number(e.code.replace(/^Digit/, ''));
      if (!Number.isInteger(n) || n < 1 || n > items.length) return;
      e.preventDefault();
      use(items[n - 1]);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  if (failed) return <p className="reply-suggestions-state muted small" role="status">{t('suggest.unavailable')}</p>;
  if (!items) return <p className="reply-suggestions-state muted small" role="status">{t('suggest.loading')}</p>;
  if (!items.length) return null;
  return (
    <section className="reply-suggestions" aria-label={t('suggest.title')}>
      <span className="reply-suggestions-title">{t('suggest.title')}</span>
      <ul>
        {items.map((item, i) => (
          <li key={item.key}>
            <button type="button" className="reply-suggestion" onClick={() => use(item)} title={item.body}
              aria-keyshortcuts={`Alt+${i + 1}`} aria-label={t('suggest.insert', { label: item.label, key: `Alt+${i + 1}` })}>
              <kbd>Alt+{i + 1}</kbd>
              <span className="reply-suggestion-source">{t(item.source === 'kb' ? 'suggest.fromKb' : 'suggest.fromReply')}</span>
              <strong>{item.label}</strong>
              <span className="reply-suggestion-body">{item.body}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
