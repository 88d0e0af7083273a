// When the team answers: a time zone and opening windows per day. Outside them the widget offers a form
// that is answered by e-mail.
import { useMemo } from 'react';
import { useI18n } from '../../i18n/i18n';
import { Field, Toggle } from '../../ui/Field';
import { Icon } from '../../ui/Icon';
import { DAYS, type Day, type WidgetSettings } from './draft';
import { errorAt, type Errors } from './errors';

type Hours = NonNullable<WidgetSettings['businessHours']>;
const MAX_WINDOWS = 4;
const localZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

export function defaultHours(): Hours {
  const nine = [{ open: '09:00', close: '17:00' }];
  return { enabled: false, timeZone: localZone(), days: { mon: nine, tue: nine, wed: nine, thu: nine, fri: nine } };
}

export function BusinessHoursFields({ hours, set, errors }: { hours: Hours; set: (h: Hours) => void; errors: Errors }) {
  const { t } = useI18n();
  const zones = useMemo(() => {
    const all = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
    return all.includes(hours.timeZone) ? all : [hours.timeZone, ...all];
  }, [hours.timeZone]);
  const setDay = (d: Day, windows: Hours['days'][Day]) => {
    const { [d]: _old, ...rest } = hours.days;
    set({ ...hours, days: windows && windows.length ? { ...rest, [d]: windows } : rest });
  };
  return (
    <>
      <Toggle label={t('widgetDesigner.hours.enabled')} help={t('widgetDesigner.hours.help')} checked={hours.enabled} onChange={(on) => set({ ...hours, enabled: on })} />
      {hours.enabled && (
        <>
          <Field label={t('widgetDesigner.hours.timeZone')} error={errorAt(errors, 'widget.businessHours.timeZone')}>
            {(p) => (
              <select {...p} value={hours.timeZone} onChange={(e) => set({ ...hours, timeZone: e.target.value })}>
                {zones.map((z) => <option key={z} value={z}>{z.replace(/_/g, ' ')}</option>)}
              </select>
            )}
          </Field>
          <table className="wd-hours">
            <caption className="sr-only">{t('widgetDesigner.hours.table')}</caption>
            <tbody>
              {DAYS.map((d) => {
                const windows = hours.days[d] ?? [];
                const dayName = t(`widgetDesigner.day.${d}`);
                return (
                  <tr key={d}>
                    <th scope="row">
                      <label className="check-row">
                        <input type="checkbox" checked={windows.length > 0} onChange={(e) => setDay(d, e.target.checked ? [{ open: '09:00', close: '17:00' }] : undefined)} />
                        {dayName}
                      </label>
                    </th>
                    <td>
                      {windows.length === 0 && <span className="muted small">{t('widgetDesigner.hours.closed')}</span>}
                      {windows.map((w, i) => {
                        const error = errorAt(errors, `widget.businessHours.days.${d}.${i}`);
                        const change = (patch: Partial<typeof w>) => setDay(d, windows.map((x, j) => (j === i ? { ...x, ...patch } : x)));
                        return (
                          <div key={i} className="wd-window">
                            <input type="time" aria-label={t('widgetDesigner.hours.opens', { day: dayName })} value={w.open} onChange={(e) => change({ open: e.target.value })} aria-invalid={error ? true : undefined} />
                            <span aria-hidden="true">–</span>
                            <input type="time" aria-label={t('widgetDesigner.hours.closes', { day: dayName })} value={w.close} onChange={(e) => change({ close: e.target.value })} aria-invalid={error ? true : undefined} />
                            <button type="button" className="btn btn-ghost btn-small" aria-label={t('widgetDesigner.hours.removeWindow', { day: dayName })}
                              onClick={() => setDay(d, windows.filter((_, j) => j !== i))}>
                              <Icon name="x" />
                            </button>
                            {error && <span className="field-error">{error}</span>}
                          </div>
                        );
                      })}
                      {windows.length > 0 && windows.length < MAX_WINDOWS && (
                        <button type="button" className="btn btn-link btn-small" aria-label={t('widgetDesigner.hours.addWindowFor', { day: dayName })}
                          onClick={() => setDay(d, [...windows, { open: '13:00', close: '17:00' }])}>
                          {t('widgetDesigner.hours.addWindow')}
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </>
      )}
    </>
  );
}
