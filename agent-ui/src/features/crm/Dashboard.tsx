import { labelFor, useI18n } from '../../i18n/i18n';
import { crm } from './api';
import { BarChart, PartsBar, StackedColumns } from './charts';
import { useLoad } from '../../ui/useLoad';

const RESULT_COLORS: Record<string, string> = { delivered: '#34d399', sent: '#60a5fa', queued: '#cbd5e1', replied: '#a78bfa', failed: '#f87171', skipped: '#f59e0b', pending: '#e2e8f0' };

export function Dashboard() {
  const { t } = useI18n();
  const { data, error } = useLoad(() => crm.dashboard());
  if (error) return <p className="notice notice-error">{error}</p>;
  if (!data) return <p className="muted">{t('common.loading')}</p>;
  const days = [...new Set(data.stageEntries.map((e) => e.day))].sort();
  const result = (k: string) => labelFor(t, 'crm.recipientStatus', k);
  return (
    <div className="crm-grid">
      <section className="crm-card">
        <h2>{t('crm.dashboard.byStage')}</h2>
        <BarChart label={t('crm.dashboard.byStageChart')} bars={data.stages.map((s) => ({ label: s.label, value: s.count }))} />
      </section>
      <section className="crm-card">
        <h2>{t('crm.dashboard.stageChanges', { days: data.days })}</h2>
        {days.length ? (
          <StackedColumns label={t('crm.dashboard.stageChangesChart')} days={days} series={data.stages}
            values={(d, k) => data.stageEntries.find((e) => e.day === d && e.stage === k)?.count ?? 0} />
        ) : <p className="muted">{t('crm.dashboard.noStageChanges')}</p>}
      </section>
      <section className="crm-card">
        <h2>{t('crm.dashboard.scores')}</h2>
        <BarChart label={t('crm.dashboard.scoresChart')} bars={data.scoreBuckets.map((b) => ({ label: b.to === null ? `${b.from}+` : `${b.from}`, value: b.count }))} />
      </section>
      <section className="crm-card">
        <h2>{t('crm.dashboard.followUps')}</h2>
        <BarChart label={t('crm.dashboard.followUpsChart')} bars={[
          { label: t('crm.dashboard.myToday'), value: data.tasks.myToday }, { label: t('crm.dashboard.myOverdue'), value: data.tasks.myOverdue },
          { label: t('crm.dashboard.allToday'), value: data.tasks.today }, { label: t('crm.dashboard.allOverdue'), value: data.tasks.overdue },
          { label: t('crm.dashboard.open'), value: data.tasks.open },
        ]} />
      </section>
      <section className="crm-card crm-wide">
        <h2>{t('crm.dashboard.campaigns')}</h2>
        {data.campaigns.length ? (
          <ul className="crm-list">
            {data.campaigns.map((c) => (
              <li key={c.id}>
                <span className="crm-list-title">{c.name} <span className="muted small">{labelFor(t, 'crm.campaignStatus', c.status)}</span></span>
                <PartsBar label={t('crm.dashboard.campaignResults', { name: c.name })} parts={Object.entries(c.counts).map(([k, v]) => ({ label: result(k), value: v, color: RESULT_COLORS[k] ?? '#94a3b8' }))} />
                <span className="muted small">{Object.entries(c.counts).map(([k, v]) => `${result(k)} ${v}`).join(' · ')}</span>
              </li>
            ))}
          </ul>
        ) : <p className="muted">{t('crm.dashboard.noCampaigns')}</p>}
      </section>
    </div>
  );
}
