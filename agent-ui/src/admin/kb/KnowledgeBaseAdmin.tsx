// Knowledge base: the articles the bot answers from. Browse and search them, write and edit them, import a
// file, try a question the way the bot would read it, and see how the bot is doing.
import { useCallback, useEffect, useState } from 'react';
import { ApiError } from '../../api/http';
import { useI18n } from '../../i18n/i18n';
import { EmptyState } from '../../ui/States';
import { useToast } from '../../ui/Toasts';
import { ArticleForm } from './ArticleForm';
import { BotMetricsPanel } from './BotMetricsPanel';
import { ImportPanel } from './ImportPanel';
import { ARTICLE_LOCALES, kb, type Article } from './kbApi';
import { SynonymsPanel } from './SynonymsPanel';
import { TryQuestion } from './TryQuestion';
import './kb.css';

export function KnowledgeBaseAdmin() {
  const { t } = useI18n();
  const toast = useToast();
  const [items, setItems] = useState<Article[] | null>(null);
  const [q, setQ] = useState('');
  const [locale, setLocale] = useState('');
  const [editing, setEditing] = useState<Article | null>(null);
  const [version, setVersion] = useState(0);
  const reload = useCallback(() => setVersion((v) => v + 1), []);

  useEffect(() => {
    const timer = setTimeout(() => {
      kb.list(q, locale).then((r) => setItems(r.items)).catch(() => setItems([]));
    }, q ? 250 : 0);
    return () => clearTimeout(timer);
  }, [q, locale, version]);

  const remove = async (a: Article) => {
    if (!window.confirm(t('common.confirmDelete'))) return;
    try {
      await kb.remove(a.id);
      if (editing?.id === a.id) setEditing(null);
      reload();
    } catch (e) {
      toast(e instanceof ApiError ? e.message : t('common.saveFailed'), 'error');
    }
  };

  return (
    <div className="admin-page kb-page">
      <header className="admin-head">
        <h1>{t('admin.kb')}</h1>
        <p className="muted">{t('kb.intro')}</p>
      </header>
      <BotMetricsPanel refreshKey={version} />
      <ArticleForm key={editing?.id ?? 'new'} editing={editing} onSaved={() => { setEditing(null); reload(); }} onCancel={() => setEditing(null)} />
      <TryQuestion />
      <SynonymsPanel />
      <section aria-labelledby="kb-list-title" className="kb-list-section">
        <div className="kb-list-head">
          <h2 id="kb-list-title" className="section-title">{t('kb.articles')}</h2>
          <label className="field">
            <span className="sr-only">{t('kb.search')}</span>
            <input type="search" placeholder={t('kb.search')} value={q} onChange={(e) => setQ(e.target.value)} />
          </label>
          <label className="field">
            <span className="sr-only">{t('kb.locale')}</span>
            <select value={locale} onChange={(e) => setLocale(e.target.value)}>
              <option value="">{t('kb.allLocales')}</option>
              {ARTICLE_LOCALES.map((l) => <option key={l} value={l}>{t(`kb.locale.${l}`)}</option>)}
            </select>
          </label>
        </div>
        {items && items.length === 0 ? (
          <EmptyState icon="chat" title={q || locale ? t('kb.noMatches') : t('kb.empty')} />
        ) : (
          <ul className="card admin-list" aria-label={t('kb.articles')}>
            {(items ?? []).map((a) => (
              <li key={a.id} className={editing?.id === a.id ? 'selected' : undefined}>
                <div className="admin-list-main kb-article">
                  <strong>{a.title}</strong>
                  <span className="muted small">
                    {a.locale} · {t('kb.questionCount', { count: a.questions.length })}
                    {a.tags.length > 0 && ` · ${a.tags.join(', ')}`}
                  </span>
                </div>
                <button type="button" className="btn btn-link btn-tiny" aria-label={`${t('common.edit')}: ${a.title}`} onClick={() => { setEditing(a); window.scrollTo({ top: 0 }); }}>
                  {t('common.edit')}
                </button>
                <button type="button" className="btn btn-link btn-tiny danger" aria-label={`${t('common.delete')}: ${a.title}`} onClick={() => void remove(a)}>
                  {t('common.delete')}
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
      <ImportPanel onImported={reload} />
    </div>
  );
}
