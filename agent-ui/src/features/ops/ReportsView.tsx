// Reports: date range, grouping, business-hours toggle, a bar chart per metric, the table and CSV export.
import { useMemo, useState } from 'react';
import { getToken, qs } from '../../api/http';
import { useLoad } from './useLoad';

interface Row {
  key: string; conversationsCreated: number; handoffs: number; botResolutions: number;
  firstResponse: { count: number; avgSeconds: number | null }; resolution: { count: number; avgSeconds: number | null };
  reply: { count: number; avgSeconds: number | null } | null; messagesReceived: number | null; messagesSent: number | null;
  csat: { responses: number; average: number | null }; sla: { attainment: number | null };
}

const METRICS: [string, (r: Row) => number | null, (v: number) => string][] = [
  ['Conversations created', (r) => r.conversationsCreated, String],
  ['First response (avg)', (r) => r.firstResponse.avgSeconds, duration],
  ['Resolution time (avg)', (r) => r.resolution.avgSeconds, duration],
  ['Reply time (avg)', (r) => r.reply?.avgSeconds ?? null, duration],
  ['Messages received', (r) => r.messagesReceived, String],
  ['Messages sent', (r) => r.messagesSent, String],
  ['Bot resolutions', (r) => r.botResolutions, String],
  ['Handoffs', (r) => r.handoffs, String],
  ['CSAT (avg of 5)', (r) => r.csat.average, (v) => v.toFixed(2)],
  ['SLA attainment', (r) => r.sla.attainment, (v) => `${Math.round(v * 100)} %`],
];

function duration(s: number): string {
  if (s < 90) return `${Math.round(s)} s`;
  if (s < 5400) return `${Math.round(s / 60)} min`;
  return `${(s / 3600).toFixed(1)} h`;
}

const day = (d: Date) => d.toISOString().slice(0, 10);

function Bars({ rows, metric }: { rows: Row[]; metric: (typeof METRICS)[number] }) {
  const [label, value, format] = metric;
  const values = rows.map((r) => value(r) ?? 0);
  const max = Math.max(1, ...values);
  return (
    <figure className="ops-chart">
      <figcaption>{label}</figcaption>
      <svg viewBox={`0 0 ${Math.max(rows.length, 1) * 28} 100`} role="img" aria-label={label} preserveAspectRatio="none">
        {values.map((v, i) => (
          <rect key={rows[i].key} x={i * 28 + 4} y={100 - (v / max) * 96} width={20} height={(v / max) * 96} fill="#4f46e5">
            <title>{`${rows[i].key}: ${format(v)}`}</title>
          </rect>
        ))}
      </svg>
    </figure>
  );
}

export function ReportsView() {
  const [from, setFrom] = useState(day(new Date(Date.now() - 30 * 86_400_000)));
  const [to, setTo] = useState(day(new Date(Date.now() + 86_400_000)));
  const [groupBy, setGroupBy] = useState('day');
  const [businessHours, setBusinessHours] = useState(false);
  const query = qs({ from: `${from}T00:00:00Z`, to: `${to}T00:00:00Z`, groupBy, businessHours: String(businessHours) });
  const { data, error } = useLoad<{ rows: Row[] }>(`/api/reports${query}`);
  const rows = useMemo(() => data?.rows ?? [], [data]);

  async function downloadCsv() {
    const res = await fetch(`/api/reports${query}&format=csv`, { headers: { Authorization: `Bearer ${getToken() ?? ''}` }, credentials: 'same-origin' });
    const url = URL.createObjectURL(await res.blob());
    const a = Object.assign(document.createElement('a'), { href: url, download: `report-${groupBy}-${from}-${to}.csv` });
    a.click();
    URL.revokeObjectURL(url);
  }

  return (
    <section aria-label="Reports">
      <form className="ops-toolbar" onSubmit={(e) => e.preventDefault()}>
        <label>From <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} /></label>
        <label>To <input type="date" value={to} onChange={(e) => setTo(e.target.value)} /></label>
        <label>Group by <select value={groupBy} onChange={(e) => setGroupBy(e.target.value)}>
          {['none', 'day', 'inbox', 'channel', 'agent', 'team', 'label'].map((g) => <option key={g} value={g}>{g}</option>)}
        </select></label>
        <label><input type="checkbox" checked={businessHours} onChange={(e) => setBusinessHours(e.target.checked)} /> Business hours only</label>
        <button type="button" className="btn" onClick={() => void downloadCsv()}>Export CSV</button>
      </form>
      {error && <p className="notice notice-error">{error}</p>}
      <div className="ops-charts">{METRICS.slice(0, 4).map((m) => <Bars key={m[0]} rows={rows} metric={m} />)}</div>
      <div className="ops-table-wrap">
        <table className="ops-table">
          <thead><tr><th>{groupBy}</th>{METRICS.map(([l]) => <th key={l}>{l}</th>)}</tr></thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key}><th scope="row">{r.key}</th>{METRICS.map(([l, v, f]) => { const x = v(r); return <td key={l}>{x === null ? '—' : f(x)}</td>; })}</tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
