// Small SVG column charts that read: a value axis with round ticks and grid lines, category labels, a legend for
// several series, and the values of a column on hover or keyboard focus. No chart library: the agent UI's bundle
// budget is tight and these are the only charts it draws. Categories run from the right in right-to-left locales.
import { useId, useState, type ReactNode } from 'react';
import { useI18n } from '../i18n/i18n';
import { EmptyState } from './States';
import type { IconName } from './Icon';

export const CHART_COLORS = ['#6366f1', '#22c55e', '#f59e0b', '#ef4444', '#06b6d4', '#a855f7', '#84cc16', '#ec4899'];

export interface Series { key: string; label: string; color?: string }
export interface ChartProps {
  label: string;
  categories: string[];
  series: Series[];
  value: (category: string, series: string) => number;
  format?: (v: number) => string;
  /** Several series per category: stacked in one column (default) or side by side. */
  stacked?: boolean;
  empty: { icon: IconName; title: string; body?: ReactNode };
  height?: number;
  /** Counts: the ticks stay whole numbers. */
  integer?: boolean;
}

/** 1, 2 or 5 times a power of ten, so the axis reads 0, 20, 40… rather than 0, 17, 34… */
export function niceMax(max: number): number {
  if (max <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(max));
  return [1, 2, 5, 10].map((m) => m * p).find((n) => n >= max)!;
}

const W = 600;
const AXIS = 44;
const BOTTOM = 22;

export function ColumnChart({ label, categories, series, value, format = String, stacked = true, empty, height = 180, integer = false }: ChartProps) {
  const { dir } = useI18n();
  const [hover, setHover] = useState<number | null>(null);
  const tipId = useId();
  const totals = categories.map((c) => (stacked ? series.reduce((s, x) => s + value(c, x.key), 0) : Math.max(0, ...series.map((x) => value(c, x.key)))));
  if (!categories.length || totals.every((v) => v === 0)) return <EmptyState icon={empty.icon} title={empty.title}>{empty.body}</EmptyState>;
  const nice = niceMax(Math.max(...totals));
  // Four equal steps: for counts, a multiple of four so that every tick is a whole number.
  const top = integer ? Math.ceil(Math.max(nice, 4) / 4) * 4 : nice;
  const plot = height - BOTTOM;
  const slot = (W - AXIS) / categories.length;
  const x = (i: number) => AXIS + (dir === 'rtl' ? categories.length - 1 - i : i) * slot;
  const y = (v: number) => plot - (v / top) * (plot - 8);
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => f * top);
  const every = Math.ceil(categories.length / 8);
  const colour = (i: number) => series[i].color ?? CHART_COLORS[i % CHART_COLORS.length];
  const barW = Math.min(36, slot * 0.7);
  return (
    <figure className="chart">
      <div className="chart-plot">
        <svg viewBox={`0 0 ${W} ${height}`} role="group" aria-label={label} className="chart-svg">
          {ticks.map((v) => (
            <g key={v}>
              <line x1={AXIS} x2={W} y1={y(v)} y2={y(v)} className="chart-grid" />
              <text x={AXIS - 6} y={y(v) + 4} textAnchor="end" className="chart-tick">{format(v)}</text>
            </g>
          ))}
          {categories.map((c, i) => {
            let base = 0;
            const w = stacked ? barW : barW / series.length;
            return (
              <g key={c} tabIndex={0} role="img" aria-label={`${c}: ${series.map((s) => `${s.label} ${format(value(c, s.key))}`).join(', ')}`}
                aria-describedby={hover === i ? tipId : undefined} className="chart-column"
                onMouseEnter={() => setHover(i)} onMouseLeave={() => setHover(null)} onFocus={() => setHover(i)} onBlur={() => setHover(null)}>
                <rect x={x(i)} y={0} width={slot} height={plot} className="chart-hit" />
                {series.map((s, si) => {
                  const v = value(c, s.key);
                  const bottom = stacked ? base : 0;
                  if (stacked) base += v;
                  const left = x(i) + (slot - barW) / 2 + (stacked ? 0 : si * w);
                  return v > 0 ? <rect key={s.key} x={left} width={w} y={y(bottom + v)} height={y(bottom) - y(bottom + v)} rx={2} fill={colour(si)} /> : null;
                })}
                {i % every === 0 && <text x={x(i) + slot / 2} y={height - 6} textAnchor="middle" className="chart-tick">{c}</text>}
              </g>
            );
          })}
          <line x1={AXIS} x2={W} y1={plot} y2={plot} className="chart-axis" />
        </svg>
        {hover !== null && (
          <div id={tipId} role="tooltip" className="chart-tip" style={{ insetInlineStart: `${(((dir === 'rtl' ? W - x(hover) - slot : x(hover)) + slot / 2) / W) * 100}%` }}>
            <strong>{categories[hover]}</strong>
            {series.map((s, si) => <span key={s.key}><i style={{ background: colour(si) }} />{s.label}: {format(value(categories[hover], s.key))}</span>)}
          </div>
        )}
      </div>
      {series.length > 1 && (
        <figcaption className="chart-legend">
          {series.map((s, si) => <span key={s.key}><i style={{ background: colour(si) }} />{s.label}</span>)}
        </figcaption>
      )}
    </figure>
  );
}
