// The bot's last 30 days at a glance, and the questions it could not answer (the next articles to write).
import { useEffect, useState } from 'react';
import { useI18n } from '../../i18n/i18n';
import { bot, type BotMetrics } from './kbApi';

const percent = (r: number | null) => (r === null ? '—' : `${Math.round(r * 100)}%`);

export function BotMetricsPanel({ refreshKey }: { refreshKey: number }) {
  const { t } = useI18n();
  const [m, setM] = useState<BotMetrics | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    bot.metrics().then((r) => { setM(r); setFailed(false); }).catch(() => setFailed(true));
  }, [refreshKey]);

  const tiles: [string, string | number][] = m ? [
    [t('kb.metrics.handled'), m.conversations.handled],
    [t('kb.metrics.resolution'), `${percent(m.conversations.resolutionRate)} (${m.conversations.resolved})`],
    [t('kb.metrics.handover'), `${percent(m.conversations.handoverRate)} (${m.conversations.handedOver})`],
    [t('kb.metrics.deflection'), `${percent(m.conversations.deflectionRate)} (${m.conversations.deflected})`],
    [t('kb.metrics.resolved'), m.conversations.botResolved],
    [t('kb.metrics.answered'), m.questions.answered],
    [t('kb.metrics.unanswered'), m.questions.unanswered],
    [t('kb.metrics.handoffs'), m.handoffs.total],
    [t('kb.metrics.helpful'), percent(m.feedback.helpfulRate)],
    [t('kb.metrics.leads'), m.leads],
    [t('kb.metrics.suggestionsUsed'), `${percent(m.suggestions.useRate)} (${m.suggestions.used}/${m.suggestions.shown})`],
    [t('kb.metrics.learned'), m.suggestions.learned],
  ] : [];
  return (
    <section className="card kb-panel" aria-labelledby="kb-metrics-title">
      <h2 id="kb-metrics-title">{t('kb.metrics')}</h2>
      {failed && <p className="muted small">{t('kb.metrics.unavailable')}</p>}
      {m && (
        <>
          <dl className="kb-tiles">
            {tiles.map(([label, value]) => (
              <div key={label} className="kb-tile"><dt>{label}</dt><dd>{value}</dd></div>
            ))}
          </dl>
          {Object.keys(m.handoffs.byReason).length > 0 && (
            <p className="muted small">
              {t('kb.metrics.reasons')}{' '}
              {Object.entries(m.handoffs.byReason).map(([reason, n]) => `${reason} ${n}`).join(' · ')}
            </p>
          )}
          <p className="muted small">{t('kb.metrics.definitions')}</p>
          {m.unansweredQuestions.length > 0 && (
            <>
              <h3 className="kb-subtitle">{t('kb.metrics.gaps')}</h3>
              <ul className="kb-gaps">
                {m.unansweredQuestions.slice(0, 10).map((u) => (
                  <li key={u.question}>
                    {u.question} <span className="muted small">×{u.count}</span>
                    {u.variants.length > 0 && <span className="muted small kb-variants">{t('kb.metrics.alsoAsked', { list: u.variants.join(' · ') })}</span>}
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
    </section>
  );
}
