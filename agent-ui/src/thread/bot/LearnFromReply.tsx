// When the bot could not answer a question and a person did, offer to teach the bot in one click: the
// person's reply becomes a new article, or the question becomes another way to ask an existing one.
import { useEffect, useState } from 'react';
import { ApiError } from '../../api/http';
import { useI18n } from '../../i18n/i18n';
import { useToast } from '../../ui/Toasts';
import { botAssist, type BotMiss } from './botAssistApi';

export function LearnFromReply({ conversationId, refreshKey }: { conversationId: string; refreshKey: string }) {
  const { t } = useI18n();
  const toast = useToast();
  const [misses, setMisses] = useState<BotMiss[]>([]);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    botAssist.misses(conversationId).then((r) => { if (live) setMisses(r.items); }).catch(() => { if (live) setMisses([]); });
    return () => { live = false; };
  }, [conversationId, refreshKey]);

  const open = misses.find((m) => m.reply && !m.learned);
  if (!open?.reply) return null;
  const reply = open.reply;
  const candidate = open.candidates[0];

  const learn = async (how: 'article' | 'phrasing') => {
    setBusy(true);
    try {
      const r = await botAssist.learn(how === 'article'
        ? { conversationId, question: open.question, answer: reply.body }
        : { conversationId, question: open.question, articleId: candidate!.id });
      setMisses((all) => all.map((m) => (m.question === open.question ? { ...m, learned: true } : m)));
      toast(t(r.mode === 'article' ? 'learn.createdArticle' : 'learn.addedPhrasing', { title: r.article.title }));
    } catch (e) {
      toast(e instanceof ApiError ? e.message : t('common.saveFailed'), 'error');
    } finally {
      setBusy(false);
    }
  };

  return (
    <aside className="learn-banner" aria-label={t('learn.title')}>
      <p>
        <strong>{t('learn.title')}</strong>{' '}
        {t('learn.explain', { question: open.question })}
      </p>
      <div className="learn-actions">
        <button type="button" className="btn btn-primary btn-small" disabled={busy} onClick={() => void learn('article')}>
          {t('learn.asArticle')}
        </button>
        {candidate && (
          <button type="button" className="btn btn-secondary btn-small" disabled={busy} onClick={() => void learn('phrasing')}>
            {t('learn.asPhrasing', { title: candidate.title })}
          </button>
        )}
      </div>
    </aside>
  );
}
