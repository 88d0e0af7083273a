import { navigate } from '../../app/router';
import { labelFor, useI18n } from '../../i18n/i18n';
import { Card } from '../../ui/Card';
import { EmptyState, ErrorState, Spinner } from '../../ui/States';
import { useLoad } from '../../ui/useLoad';
import { crm } from './api';
import { BarChart, PartsBar, StackedColumns } from './charts';

const RESULT_COLORS: Record<string, string> = { delivered: '#34d399', sent: '#60a5fa', queued: '#cbd5e1', replied: '#a78bfa', failed: '#f87171', skipped: '#f59e0b', pending: '#e2e8f0' };

function Go({ to, label }: { to: string; label: string }) {
  return <button type="button" className="btn btn-secondary" onClick={() => navigate(to)}>{label}</button>;
}

export function Dashboard() {
  const { t } = useI18n();
  const { data, error, reload } = useLoad(() => crm.dashboard());
  if (error) return <ErrorState message={error} onRetry={reload} retryLabel={t('common.retry')} />;
  if (!data) return <Spinner label={t('common.loading')} />;
  const days = [...new Set(data.stageEntries.map((e) => e.day))].sort();
  const result = (k: string) => labelFor(t, 'crm.recipientStatus', k);
  const followUps = [
    { label: t('crm.dashboard.myToday'), value: data.tasks.myToday }, { label: t('crm.dashboard.myOverdue'), value: data.tasks.myOverdue },
    { label: t('crm.dashboard.allToday'), value: data.tasks.today }, { label: t('crm.dashboard.allOverdue'), value: data.tasks.overdue },
    { label: t('crm.dashboard.open'), value: data.tasks.open },
  ];
  const contacts = data.stages.reduce((s, x) => s + x.count, 0);
  return (
    <div className="ds-grid">
      <Card title={t('crm.dashboard.byStage')}>
        {contacts ? <BarChart label={t('crm.dashboard.byStageChart')} bars={data.stages.map((s) => ({ label: s.label, value: s.count }))} />
          : <EmptyState icon="users" title={t('crm.contacts.empty')}><p>{t('crm.contacts.emptyHint')}</p><Go to="/crm/segments" label={t('crm.dashboard.importContacts')} /></EmptyState>}
      </Card>
      <Card title={t('crm.dashboard.stageChanges', { days: data.days })}>
        {days.length ? (
          <StackedColumns label={t('crm.dashboard.stageChangesChart')} days={days} series={data.stages}
            values={(d, k) => data.stageEntries.find((e) => e.day === d && e.stage === k)?.count ?? 0} />
        ) : <EmptyState icon="activity" title={t('crm.dashboard.noStageChanges')}><p>{t('crm.dashboard.noStageChangesHint')}</p></EmptyState>}
      </Card>
      <Card title={t('crm.dashboard.scores')}>
        {contacts ? <BarChart label={t('crm.dashboard.scoresChart')} bars={data.scoreBuckets.map((b) => ({ label: b.to === null ? `${b.from}+` : `${b.from}`, value: b.count }))} />
          : <EmptyState icon="activity" title={t('crm.dashboard.noScores')}><Go to="/crm/settings" label={t('crm.dashboard.addRules')} /></EmptyState>}
      </Card>
      <Card title={t('crm.dashboard.followUps')}>
        {followUps.some((f) => f.value > 0) ? <BarChart label={t('crm.dashboard.followUpsChart')} bars={followUps} />
          : <EmptyState icon="check" title={t('crm.dashboard.noFollowUps')}><p>{t('crm.tasks.emptyHint')}</p><Go to="/crm/contacts" label={t('crm.dashboard.openContacts')} /></EmptyState>}
      </Card>
      <Card wide title={t('crm.dashboard.campaigns')}>
        {data.campaigns.length ? (
          <ul className="crm-list">
            {data.campaigns.map((c) => (
              <li key={c.id}>
                <span className="crm-list-title">{c.name} <span className="pill">{labelFor(t, 'crm.campaignStatus', c.status)}</span></span>
                <PartsBar label={t('crm.dashboard.campaignResults', { name: c.name })} parts={Object.entries(c.counts).map(([k, v]) => ({ label: result(k), value: v, color: RESULT_COLORS[k] ?? '#94a3b8' }))} />
                <span className="muted small">{Object.entries(c.counts).map(([k, v]) => `${result(k)} ${v}`).join(' · ')}</span>
              </li>
            ))}
          </ul>
        ) : <EmptyState icon="send" title={t('crm.dashboard.noCampaigns')}><p>{t('crm.campaigns.emptyHint')}</p><Go to="/crm/campaigns" label={t('crm.campaigns.start')} /></EmptyState>}
      </Card>
    </div>
  );
}
