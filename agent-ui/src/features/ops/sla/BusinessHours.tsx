// An inbox's business-hour calendar: its time zone, opening hours per weekday and the holidays it is closed.
// SLA policies that count business hours only run their clocks while the inbox is open.
import { useEffect, useState } from 'react';
import { fieldErrors, http } from '../../../api/http';
import { useDirectory } from '../../../app/directory';
import { useI18n } from '../../../i18n/i18n';
import { Card } from '../../../ui/Card';
import { Field } from '../../../ui/Field';
import { Icon } from '../../../ui/Icon';
import { Spinner } from '../../../ui/States';
import { useToast } from '../../../ui/Toasts';
import { DateInput } from '../../../ui/DateInput';

interface Schedule { timeZone: string; weekly: { day: number; open: string; close: string }[]; holidays: string[] }
// Monday first, as most calendars are read; the API numbers Sunday 0.
const WEEK = [1, 2, 3, 4, 5, 6, 0];
const ZONES: string[] = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : ['UTC'];

function dayName(locale: string, day: number) {
  // 2023-01-01 was a Sunday.
  return new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2023, 0, 1 + day)));
}

export function BusinessHoursCard() {
  const { t, locale } = useI18n();
  const toast = useToast();
  const { inboxes } = useDirectory();
  const [inboxId, setInboxId] = useState('');
  const [schedule, setSchedule] = useState<Schedule | null>(null);
  const [holiday, setHoliday] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const current = inboxId || inboxes[0]?.id || '';
  useEffect(() => {
    if (!current) return;
    setSchedule(null);
    http.get<Schedule>(`/api/inbox-schedules/${current}`).then(setSchedule, (e: Error) => toast(e.message, 'error'));
  }, [current, toast]);

  const hours = (day: number) => schedule?.weekly.find((w) => w.day === day);
  const setDay = (day: number, value: { open: string; close: string } | null) => schedule && setSchedule({
    ...schedule, weekly: [...schedule.weekly.filter((w) => w.day !== day), ...(value ? [{ day, ...value }] : [])].sort((a, b) => a.day - b.day),
  });
  const save = () => schedule && http.put(`/api/inbox-schedules/${current}`, schedule)
    .then(() => { setErrors({}); toast(t('ops.hours.saved')); }, (e: Error) => { setErrors(fieldErrors(e)); toast(e.message, 'error'); });

  return (
    <Card wide title={t('ops.hours.title')} description={t('ops.hours.intro')}>
      <div className="form-grid">
        <Field label={t('ops.hours.inbox')}>
          {(p) => <select {...p} value={current} onChange={(e) => setInboxId(e.target.value)}>{inboxes.map((i) => <option key={i.id} value={i.id}>{i.name}</option>)}</select>}
        </Field>
        {schedule && (
          <Field label={t('ops.hours.timeZone')} error={errors.timeZone}>
            {(p) => <select {...p} value={schedule.timeZone} onChange={(e) => setSchedule({ ...schedule, timeZone: e.target.value })}>{ZONES.map((z) => <option key={z}>{z}</option>)}</select>}
          </Field>
        )}
      </div>
      {!schedule ? <Spinner label={t('common.loading')} /> : (
        <>
          {!schedule.weekly.length && <p className="notice">{t('ops.hours.alwaysOpen')}</p>}
          <table className="data-table hours-table">
            <caption className="sr-only">{t('ops.hours.weekly')}</caption>
            <thead><tr><th scope="col">{t('ops.hours.day')}</th><th scope="col">{t('ops.hours.open')}</th><th scope="col">{t('ops.hours.opens')}</th><th scope="col">{t('ops.hours.closes')}</th></tr></thead>
            <tbody>
              {WEEK.map((day) => {
                const h = hours(day);
                const name = dayName(locale, day);
                return (
                  <tr key={day}>
                    <th scope="row">{name}</th>
                    <td><input type="checkbox" role="switch" className="toggle" aria-label={t('ops.hours.openOn', { day: name })} checked={!!h}
                      onChange={(e) => setDay(day, e.target.checked ? { open: '09:00', close: '17:00' } : null)} /></td>
                    <td>{h && <input type="time" aria-label={t('ops.hours.opensOn', { day: name })} value={h.open} onChange={(e) => setDay(day, { ...h, open: e.target.value })} />}</td>
                    <td>{h && <input type="time" aria-label={t('ops.hours.closesOn', { day: name })} value={h.close} onChange={(e) => setDay(day, { ...h, close: e.target.value })} />}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {errors.weekly && <p className="field-error">{errors.weekly}</p>}
          <div className="builder-step">
            <h3 className="builder-step-title">{t('ops.hours.holidays')}</h3>
            {!schedule.holidays.length && <p className="muted small">{t('ops.hours.noHolidays')}</p>}
            <ul className="pill-list">
              {schedule.holidays.map((d) => (
                <li key={d} className="pill">
                  {new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${d}T00:00:00Z`))}
                  <button type="button" className="btn-reset" aria-label={t('ops.hours.removeHoliday', { date: d })}
                    onClick={() => setSchedule({ ...schedule, holidays: schedule.holidays.filter((x) => x !== d) })}><Icon name="x" size={12} /></button>
                </li>
              ))}
            </ul>
            <div className="form-row">
              <Field label={t('ops.hours.addHoliday')}>{(p) => <DateInput {...p} value={holiday} onValue={setHoliday} />}</Field>
              <button type="button" className="btn btn-secondary" disabled={!holiday}
                onClick={() => { setSchedule({ ...schedule, holidays: [...new Set([...schedule.holidays, holiday])].sort() }); setHoliday(''); }}>{t('common.add')}</button>
            </div>
          </div>
          <div className="modal-actions"><button type="button" className="btn btn-primary" onClick={() => void save()}>{t('ops.hours.save')}</button></div>
        </>
      )}
    </Card>
  );
}
