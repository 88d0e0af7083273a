// A date range with the usual presets; dates are local calendar days ("YYYY-MM-DD"), the end day included.
import { useId } from 'react';
import { useI18n, type MessageKey } from '../i18n/i18n';
import { DateInput } from './DateInput';

export interface DayRange { from: string; to: string }

const PRESETS: [number, MessageKey][] = [[7, 'ui.range.last7'], [30, 'ui.range.last30'], [90, 'ui.range.last90']];

export const isoDay = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

export function lastDays(days: number, today = new Date()): DayRange {
  const from = new Date(today);
  from.setDate(from.getDate() - (days - 1));
  return { from: isoDay(from), to: isoDay(today) };
}

export function DateRangePicker({ value, onChange }: { value: DayRange; onChange: (r: DayRange) => void }) {
  const { t } = useI18n();
  const id = useId();
  const active = PRESETS.find(([days]) => { const r = lastDays(days); return r.from === value.from && r.to === value.to; })?.[0];
  return (
    <fieldset className="date-range">
      <legend className="sr-only">{t('ui.range.label')}</legend>
      <div className="segmented" role="group" aria-label={t('ui.range.presets')}>
        {PRESETS.map(([days, label]) => (
          <button key={days} type="button" className="segmented-item" aria-pressed={active === days} onClick={() => onChange(lastDays(days))}>{t(label)}</button>
        ))}
      </div>
      <div className="date-range-input">
        <label htmlFor={`${id}-from`}>{t('ui.range.from')}</label>
        <DateInput id={`${id}-from`} value={value.from} max={value.to} onValue={(from) => from && onChange({ ...value, from })} />
      </div>
      <div className="date-range-input">
        <label htmlFor={`${id}-to`}>{t('ui.range.to')}</label>
        <DateInput id={`${id}-to`} value={value.to} min={value.from} onValue={(to) => to && onChange({ ...value, to })} />
      </div>
    </fieldset>
  );
}
