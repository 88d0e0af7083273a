// Small SVG charts: enough for the sales dashboard without a chart library. In a right-to-left language the
// categories and days run from the right, like the text around them.
import { useI18n } from '../../i18n/i18n';

const PALETTE = ['#94a3b8', '#60a5fa', '#a78bfa', '#34d399', '#f59e0b', '#f87171', '#22d3ee', '#e879f9'];
export const colorFor = (i: number) => PALETTE[i % PALETTE.length];

/** Position of item i of n along the reading direction. */
function useSlot(n: number): (i: number) => number {
  const { dir } = useI18n();
  return (i) => (dir === 'rtl' ? n - 1 - i : i);
}

export function BarChart({ bars, label, height = 140 }: { bars: { label: string; value: number }[]; label: string; height?: number }) {
  const max = Math.max(1, ...bars.map((b) => b.value));
  const w = 28;
  // Wide enough for the longest label (about 5.5 units a character at the label size), so labels never overlap.
  const slot = Math.max(w + 8, ...bars.map((b) => b.label.length * 5.5 + 6));
  const at = useSlot(bars.length);
  const width = bars.length * slot;
  return (
    <svg role="img" aria-label={label} viewBox={`0 0 ${width} ${height + 30}`} className="crm-chart">
      {bars.map((b, i) => {
        const h = (b.value / max) * height;
        return (
          <g key={b.label} transform={`translate(${at(i) * slot},0)`}>
            <title>{`${b.label}: ${b.value}`}</title>
            <rect x={(slot - w) / 2} y={height - h} width={w} height={h} rx={3} fill={colorFor(1)} />
            <text x={slot / 2} y={height - h - 4} textAnchor="middle" className="crm-chart-value">{b.value || ''}</text>
            <text x={slot / 2} y={height + 14} textAnchor="middle" className="crm-chart-label">{b.label}</text>
          </g>
        );
      })}
    </svg>
  );
}

/** One stacked column per day, one colour per series. */
export function StackedColumns({ days, series, values, label }: { days: string[]; series: { key: string; label: string }[]; values: (day: string, key: string) => number; label: string }) {
  const height = 140;
  const totals = days.map((d) => series.reduce((s, x) => s + values(d, x.key), 0));
  const max = Math.max(1, ...totals);
  const w = Math.max(6, Math.min(24, 600 / Math.max(1, days.length) - 4));
  const at = useSlot(days.length);
  const { locale } = useI18n();
  const dayFormat = new Intl.DateTimeFormat(locale, { month: 'numeric', day: 'numeric', timeZone: 'UTC' });
  return (
    <figure className="crm-figure">
      <svg role="img" aria-label={label} viewBox={`0 0 ${days.length * (w + 4)} ${height + 20}`} className="crm-chart">
        {days.map((d, i) => {
          let y = height;
          return (
            <g key={d} transform={`translate(${at(i) * (w + 4)},0)`}>
              <title>{`${d}: ${series.map((s) => `${s.label} ${values(d, s.key)}`).join(', ')}`}</title>
              {series.map((s, si) => {
                const h = (values(d, s.key) / max) * height;
                y -= h;
                return h > 0 ? <rect key={s.key} y={y} width={w} height={h} fill={colorFor(si)} /> : null;
              })}
              {i % Math.ceil(days.length / 6) === 0 && <text x={0} y={height + 14} className="crm-chart-label">{dayFormat.format(new Date(`${d}T00:00:00Z`))}</text>}
            </g>
          );
        })}
      </svg>
      <figcaption className="crm-legend">
        {series.map((s, i) => <span key={s.key}><i style={{ background: colorFor(i) }} />{s.label}</span>)}
      </figcaption>
    </figure>
  );
}

/** Horizontal stacked bar of parts of a whole (campaign results). */
export function PartsBar({ parts, label }: { parts: { label: string; value: number; color: string }[]; label: string }) {
  const { dir } = useI18n();
  const total = Math.max(1, parts.reduce((s, p) => s + p.value, 0));
  let x = 0;
  return (
    <svg role="img" aria-label={label} viewBox="0 0 300 14" className="crm-parts" preserveAspectRatio="none">
      {parts.map((p) => {
        const w = (p.value / total) * 300;
        const el = <rect key={p.label} x={dir === 'rtl' ? 300 - x - w : x} width={w} height={14} fill={p.color}><title>{`${p.label}: ${p.value}`}</title></rect>;
        x += w;
        return el;
      })}
    </svg>
  );
}
