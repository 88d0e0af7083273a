// Reports: date range, grouping, business-hours toggle, a bar chart per metric, the table and CSV export.
import { useMemo, useState } from 'react';
import { getToken, qs } from '../../api/http';
import { useI18n, type MessageKey } from '../../i18n/i18n';
import { useLoad } from '../../ui/useLoad';

interface Row {
  key: string; conversationsCreated: number; handoffs: number; botResolutions: number;
  firstResponse: { count: number; avgSeconds: number | null }; resolution: { count: number; avgSeconds: number | null };
  reply: { count: number; avgSeconds: number | null } | null; messagesReceived: number | null; messagesSent: number | null;
  csat: { responses: number; average: number | null }; sla: { attainment: number | null };
}

type Kind = 'count' | 'duration' | 'score' | 'share';
const METRICS: [MessageKey, (r: Row) => number | null, Kind][] = [
  ['ops.metric.created', (r) => r.conversationsCreated, 'count'],
  ['ops.metric.firstResponse', (r) => r.firstResponse.avgSeconds, 'duration'],
  ['ops.metric.resolution', (r) => r.resolution.avgSeconds, 'duration'],
  ['ops.metric.reply', (r) => r.reply?.avgSeconds ?? null, 'duration'],
  ['ops.metric.received', (r) => r.messagesReceived, 'count'],
  ['ops.metric.sent', (r) => r.messagesSent, 'count'],
  ['ops.metric.botResolutions', (r) => r.botResolutions, 'count'],
  ['ops.metric.handoffs', (r) => r.handoffs, 'count'],
  ['ops.metric.csat', (r) => r.csat.average, 'score'],
  ['ops.metric.sla', (r) => r.sla.attainment, 'share'],
];
const GROUPS = ['none', 'day', 'inbox', 'channel', 'agent', 'team', 'label'] as const;
type Group = (typeof GROUPS)[number];

/** Numbers, durations and percentages in the reader's locale (digits, units and their order). */
function formatter(locale: string): (kind: Kind, v: number) => string {
  const unit = (u: string, digits = 0) => new Intl.NumberFormat(locale, { style: 'unit', unit: u, unitDisplay: 'short', maximumFractionDigits: digits });
  const [sec, min, hour] = [unit('second'), unit('minute'), unit('hour', 1)];
  const count = new Intl.NumberFormat(locale);
  const score = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const share = new Intl.NumberFormat(locale, { style: 'percent' });
  return (kind, v) => {
    if (kind === 'score') return score.format(v);
    if (kind === 'share') return share.format(v);
    if (kind === 'count') return count.format(v);
    if (v < 90) return sec.format(Math.round(v));
    if (v < 5400) return min.format(Math.round(v / 60));
    return hour.format(v / 3600);
  };
}

const day = (d: Date) => d.toISOString().slice(0, 10);

function Bars({ rows, label, value, format }: { rows: Row[]; label: string; value: (r: Row) => number | null; format: (v: number) => string }) {
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
  const { t, locale } = useI18n();
  const format = useMemo(() => formatter(locale), [locale]);
  const [from, setFrom] = useState(day(new Date(Date.now() - 30 * 86_400_000)));
  const [to, setTo] = useState(day(new Date(Date.now() + 86_400_000)));
  const [groupBy, setGroupBy] = useState<Group>('day');
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
    <section aria-label={t('ops.tab.reports')}>
      <form className="ops-toolbar" onSubmit={(e) => e.preventDefault()}>
        <label>{t('ops.reports.from')} <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} /></label>
        <label>{t('ops.reports.to')} <input type="date" value={to} onChange={(e) => setTo(e.target.value)} /></label>
        <label>{t('ops.reports.groupBy')} <select value={groupBy} onChange={(e) => setGroupBy(e.target.value as Group)}>
          {GROUPS.map((g) => <option key={g} value={g}>{t(`ops.groupBy.${g}`)}</option>)}
        </select></label>
        <label><input type="checkbox" checked={businessHours} onChange={(e) => setBusinessHours(e.target.checked)} /> {t('ops.reports.businessHours')}</label>
        <button type="button" className="btn" onClick={() => void downloadCsv()}>{t('ops.exportCsv')}</button>
      </form>
      {error && <p className="notice notice-error">{error}</p>}
      <div className="ops-charts">{METRICS.slice(0, 4).map(([label, value, kind]) => <Bars key={label} rows={rows} label={t(label)} value={value} format={(v) => format(kind, v)} />)}</div>
      <div className="ops-table-wrap">
        <table className="ops-table">
          <thead><tr><th>{t(`ops.groupBy.${groupBy}`)}</th>{METRICS.map(([l]) => <th key={l}>{t(l)}</th>)}</tr></thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key}><th scope="row">{r.key}</th>{METRICS.map(([l, v, kind]) => { const x = v(r); return <td key={l}>{x === null ? '—' : format(kind, x)}</td>; })}</tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
