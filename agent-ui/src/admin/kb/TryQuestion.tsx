// "Try a question": how the bot would rank the knowledge base for what a customer might write, and whether
// it would answer outright, offer choices, or admit it has no answer.
import { useState } from 'react';
import { ApiError } from '../../api/http';
import { useI18n } from '../../i18n/i18n';
import { Icon } from '../../ui/Icon';
import { kb, type SearchResult } from './kbApi';

export function TryQuestion() {
  const { t } = useI18n();
  const [q, setQ] = useState('');
  const [result, setResult] = useState<SearchResult | null>(null);
  const [error, setError] = useState<string | null>(null);

  const ask = async () => {
    if (!q.trim()) return;
    setError(null);
    try {
      setResult(await kb.search(q.trim()));
    } catch (e) {
      setResult(null);
      setError(e instanceof ApiError ? e.message : t('common.saveFailed'));
    }
  };

  return (
    <section className="card kb-panel" aria-labelledby="kb-try-title">
      <h2 id="kb-try-title">{t('kb.try')}</h2>
      <form className="kb-try-row" onSubmit={(e) => { e.preventDefault(); void ask(); }}>
        <label className="field kb-grow">
          <span>{t('kb.tryQuestion')}</span>
          <input value={q} onChange={(e) => setQ(e.target.value)} maxLength={1000} />
        </label>
        <button type="submit" className="btn btn-secondary"><Icon name="search" /> {t('kb.tryAsk')}</button>
      </form>
      {error && <p className="notice notice-error" role="alert">{error}</p>}
      {result && (
        <div role="status" aria-live="polite" data-testid="kb-try-result">
          <p className={result.decision === 'answer' ? 'notice' : 'notice kb-notice-weak'}>{t(`kb.decision.${result.decision}`)}</p>
          {result.items.length > 0 && (
            <ol className="kb-ranked">
              {result.items.map((m) => (
                <li key={m.article.id}>
                  <strong>{m.article.title}</strong>{' '}
                  <span className="muted small">{t('kb.confidence', { value: Math.round(m.confidence * 100) })} · {m.article.locale}</span>
                </li>
              ))}
            </ol>
          )}
        </div>
      )}
    </section>
  );
}
