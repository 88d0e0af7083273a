import { navigate } from '../../app/router';
import { labelFor, useI18n } from '../../i18n/i18n';
import { Card } from '../../ui/Card';
import { EmptyState, ErrorState, Spinner } from '../../ui/States';
import { useLoad } from '../../ui/useLoad';
import { crm } from './api';
import { ColumnChart } from '../../ui/Chart';
import { PartsBar } from './charts';
import { stageName } from './stageName';

const RESULT_COLORS: Record<string, string> = { delivered: '#34d399', sent: '#60a5fa', queued: '#cbd5e1', replied: '#a78bfa', failed: '#f87171', skipped: '#f59e0b', pending: '#e2e8f0' };

function Go({ to, label }: { to: string; label: string }) {
  return <button type="button" className="btn btn-secondary" onClick={() => navigate(to)}>{label}</button>;
}

export function Dashboard() {
  const { t, locale } = useI18n();
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
  const dayFormat = new Intl.DateTimeFormat(locale, { month: 'numeric', day: 'numeric', timeZone: 'UTC' });
  const count = new Intl.NumberFormat(locale);
  const fmt = (v: number) => count.format(v);
  const one = [{ key: 'n', label: t('crm.dashboard.contacts') }];
  const byStage = new Map(data.stages.map((s) => [stageName(t, s), s.count]));
  const byBucket = new Map(data.scoreBuckets.map((b) => [b.to === null ? `${b.from}+` : `${b.from}–${b.to}`, b.count]));
  const byTask = new Map(followUps.map((f) => [f.label, f.value]));
  const entries = (day: string, stage: string) => data.stageEntries.find((e) => dayFormat.format(new Date(`${e.day}T00:00:00Z`)) === day && e.stage === stage)?.count ?? 0;
  return (
    <div className="ds-grid">
      <Card title={t('crm.dashboard.byStage')}>
        <ColumnChart label={t('crm.dashboard.byStageChart')} categories={[...byStage.keys()]} series={one} value={(c) => byStage.get(c) ?? 0} format={fmt} integer
          empty={{ icon: 'users', title: t('crm.contacts.empty'), body: <><p>{t('crm.contacts.emptyHint')}</p><Go to="/crm/segments" label={t('crm.dashboard.importContacts')} /></> }} />
      </Card>
      <Card title={t('crm.dashboard.stageChanges', { days: data.days })}>
        <ColumnChart label={t('crm.dashboard.stageChangesChart')} categories={days.map((d) => dayFormat.format(new Date(`${d}T00:00:00Z`)))}
          series={data.stages.map((s) => ({ key: s.key, label: stageName(t, s) }))} value={entries} format={fmt} integer
          empty={{ icon: 'activity', title: t('crm.dashboard.noStageChanges'), body: <p>{t('crm.dashboard.noStageChangesHint')}</p> }} />
      </Card>
      <Card title={t('crm.dashboard.scores')}>
        <ColumnChart label={t('crm.dashboard.scoresChart')} categories={[...byBucket.keys()]} series={one} value={(c) => byBucket.get(c) ?? 0} format={fmt} integer
          empty={{ icon: 'activity', title: t('crm.dashboard.noScores'), body: <Go to="/crm/settings" label={t('crm.dashboard.addRules')} /> }} />
      </Card>
      <Card title={t('crm.dashboard.followUps')}>
        <ColumnChart label={t('crm.dashboard.followUpsChart')} categories={[...byTask.keys()]} series={[{ key: 'n', label: t('crm.dashboard.tasks') }]} value={(c) => byTask.get(c) ?? 0} format={fmt} integer
          empty={{ icon: 'check', title: t('crm.dashboard.noFollowUps'), body: <><p>{t('crm.tasks.emptyHint')}</p><Go to="/crm/contacts" label={t('crm.dashboard.openContacts')} /></> }} />
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
