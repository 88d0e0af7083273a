// Reports: date range, grouping, business-hours toggle, a column chart per metric (axis, values on hover), the
// table (sortable, sticky header, scrolls rather than clipping) and CSV export.
import { useMemo, useState } from 'react';
import { downloadFile, qs } from '../../api/http';
import { useDirectory } from '../../app/directory';
import { useI18n, type MessageKey } from '../../i18n/i18n';
import { useToast } from '../../ui/Toasts';
import { Card } from '../../ui/Card';
import { ColumnChart } from '../../ui/Chart';
import { DataTable, type Column } from '../../ui/DataTable';
import { DateRangePicker, lastDays, type DayRange } from '../../ui/DateRange';
import { Field, Toggle } from '../../ui/Field';
import { useLoad } from '../../ui/useLoad';
import { reportKeyLabel } from './reportKey';

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

/** The day after a "YYYY-MM-DD" day: the report's end is exclusive, the picker's end day is included. */
const nextDay = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

export function ReportsView() {
  const { t, locale } = useI18n();
  const toast = useToast();
  const format = useMemo(() => formatter(locale), [locale]);
  const [range, setRange] = useState<DayRange>(() => lastDays(30));
  const [groupBy, setGroupBy] = useState<Group>('day');
  const [businessHours, setBusinessHours] = useState(false);
  const query = qs({ from: `${range.from}T00:00:00Z`, to: `${nextDay(range.to)}T00:00:00Z`, groupBy, businessHours: String(businessHours) });
  const { data, error, loading, reload } = useLoad<{ rows: Row[] }>(`/api/reports${query}`);
  const rows = data?.rows ?? null;
  const dir = useDirectory();
  const keyLabel = (key: string) => reportKeyLabel(t, dir, groupBy, key);

  async function downloadCsv() {
    try {
      await downloadFile(`/api/reports${query}&format=csv`, `report-${groupBy}-${range.from}-${range.to}.csv`);
    } catch (e) {
      toast(e instanceof Error ? e.message : t('action.failed'), 'error');
    }
  }

  const columns: Column<Row>[] = [
    { key: 'key', label: t(`ops.groupBy.${groupBy}`), rowHeader: true, sortValue: (r) => r.key, render: (r) => <bdi>{keyLabel(r.key)}</bdi> },
    ...METRICS.map(([l, v, kind]): Column<Row> => ({ key: l, label: t(l), numeric: true, sortValue: v, render: (r) => { const x = v(r); return x === null ? '—' : format(kind, x); } })),
  ];
  const empty = { icon: 'activity' as const, title: t('ops.reports.empty'), body: t('ops.reports.emptyHint') };
  return (
    <section aria-label={t('ops.tab.reports')} className="ops-reports">
      <form className="form-row" onSubmit={(e) => e.preventDefault()}>
        <DateRangePicker value={range} onChange={setRange} />
        <Field label={t('ops.reports.groupBy')}>
          {(p) => <select {...p} value={groupBy} onChange={(e) => setGroupBy(e.target.value as Group)}>{GROUPS.map((g) => <option key={g} value={g}>{t(`ops.groupBy.${g}`)}</option>)}</select>}
        </Field>
        <Toggle label={t('ops.reports.businessHours')} checked={businessHours} onChange={setBusinessHours} />
        <button type="button" className="btn btn-secondary" onClick={() => void downloadCsv()}>{t('ops.exportCsv')}</button>
      </form>
      <div className="ds-grid">
        {METRICS.slice(0, 4).map(([label, value, kind]) => (
          <Card key={label} title={t(label)}>
            {rows && <ColumnChart label={t(label)} categories={rows.map((r) => keyLabel(r.key))} series={[{ key: 'v', label: t(label) }]}
              value={(c) => { const r = rows.find((x) => keyLabel(x.key) === c); return (r && value(r)) ?? 0; }} format={(v) => format(kind, v)} integer={kind === 'count'} empty={empty} />}
          </Card>
        ))}
      </div>
      <DataTable label={t('ops.reports.table')} columns={columns} rows={rows} rowKey={(r) => r.key} loading={loading && !data} error={error} onRetry={reload}
        maxHeight="60vh" empty={empty} />
    </section>
  );
}
