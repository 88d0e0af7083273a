// Browsers draw date inputs in their own language and order ("mm/dd/yyyy" whatever the agent chose). The native
// control stays for its picker and keyboard; beside it a hint says the date in the agent's language and calendar
// (an example before one is chosen). The digits keep left-to-right order inside right-to-left screens.
import { useId, type InputHTMLAttributes } from 'react';
import { useI18n } from '../i18n/i18n';

type Kind = 'date' | 'datetime-local';

/** A native value ("2026-03-01", "2026-03-01T09:30") as a local date, or null when empty or malformed. */
export function parseLocalInput(value: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?/.exec(value);
  if (!m) return null;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0));
  return Number.isNaN(d.getTime()) ? null : d;
}

export const dateWords = (d: Date, kind: Kind, locale: string) =>
  d.toLocaleString(locale, kind === 'date' ? { dateStyle: 'full' } : { dateStyle: 'full', timeStyle: 'short' });

export function DateInput({ type = 'date', value, onValue, 'aria-describedby': describedBy, ...rest }:
  Omit<InputHTMLAttributes<HTMLInputElement>, 'type' | 'value' | 'onChange'> & { type?: Kind; value: string; onValue: (v: string) => void }) {
  const { t, locale } = useI18n();
  const hintId = `${useId()}-date`;
  const chosen = parseLocalInput(value);
  const hint = chosen ? dateWords(chosen, type, locale) : t('ui.date.hint', { date: dateWords(new Date(), type, locale) });
  return (
    <span className="date-input">
      <input {...rest} type={type} lang={locale} dir="ltr" value={value} onChange={(e) => onValue(e.target.value)}
        aria-describedby={[describedBy, hintId].filter(Boolean).join(' ')} />
      <span id={hintId} className="field-help date-hint">{hint}</span>
    </span>
  );
}
