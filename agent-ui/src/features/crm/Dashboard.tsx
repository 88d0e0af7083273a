import { crm } from './api';
import { BarChart, PartsBar, StackedColumns } from './charts';
import { useLoad } from './useLoad';

const RESULT_COLORS: Record<string, string> = { delivered: '#34d399', sent: '#60a5fa', queued: '#cbd5e1', replied: '#a78bfa', failed: '#f87171', skipped: '#f59e0b', pending: '#e2e8f0' };

export function Dashboard() {
  const { data, error } = useLoad(() => crm.dashboard());
  if (error) return <p className="notice notice-error">{error}</p>;
  if (!data) return <p className="muted">Loading…</p>;
  const days = [...new Set(data.stageEntries.map((e) => e.day))].sort();
  return (
    <div className="crm-grid">
      <section className="crm-card">
        <h2>Contacts by stage</h2>
        <BarChart label="Contacts by lifecycle stage" bars={data.stages.map((s) => ({ label: s.label, value: s.count }))} />
      </section>
      <section className="crm-card">
        <h2>Stage changes, last {data.days} days</h2>
        {days.length ? (
          <StackedColumns label="Contacts entering each stage per day" days={days} series={data.stages}
            values={(d, k) => data.stageEntries.find((e) => e.day === d && e.stage === k)?.count ?? 0} />
        ) : <p className="muted">No stage changes yet.</p>}
      </section>
      <section className="crm-card">
        <h2>Lead score distribution</h2>
        <BarChart label="Contacts per score band" bars={data.scoreBuckets.map((b) => ({ label: b.to === null ? `${b.from}+` : `${b.from}`, value: b.count }))} />
      </section>
      <section className="crm-card">
        <h2>Follow-ups</h2>
        <BarChart label="Tasks due today and overdue" bars={[
          { label: 'My today', value: data.tasks.myToday }, { label: 'My overdue', value: data.tasks.myOverdue },
          { label: 'All today', value: data.tasks.today }, { label: 'All overdue', value: data.tasks.overdue }, { label: 'Open', value: data.tasks.open },
        ]} />
      </section>
      <section className="crm-card crm-wide">
        <h2>Campaign results</h2>
        {data.campaigns.length ? (
          <ul className="crm-list">
            {data.campaigns.map((c) => (
              <li key={c.id}>
                <span className="crm-list-title">{c.name} <span className="muted small">{c.status}</span></span>
                <PartsBar label={`Results of ${c.name}`} parts={Object.entries(c.counts).map(([k, v]) => ({ label: k, value: v, color: RESULT_COLORS[k] ?? '#94a3b8' }))} />
                <span className="muted small">{Object.entries(c.counts).map(([k, v]) => `${k} ${v}`).join(' · ')}</span>
              </li>
            ))}
          </ul>
        ) : <p className="muted">No campaigns yet.</p>}
      </section>
    </div>
  );
}
