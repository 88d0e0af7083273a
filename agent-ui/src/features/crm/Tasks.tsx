import { useState } from 'react';
import { useI18n, type MessageKey } from '../../i18n/i18n';
import { crm } from './api';
import { useLoad } from '../../ui/useLoad';

const VIEWS: [string, MessageKey][] = [['today', 'crm.tasks.today'], ['overdue', 'crm.tasks.overdue'], ['open', 'crm.tasks.allOpen']];

/** "My tasks today / overdue", with done and snooze-an-hour. */
export function Tasks() {
  const { t } = useI18n();
  const [view, setView] = useState<string>('today');
  const [mine, setMine] = useState(true);
  const { data, error, reload } = useLoad(() => crm.tasks(view, mine), [view, mine]);
  const act = async (id: string, body: { status?: string; dueAt?: string }) => { await crm.patchTask(id, body); reload(); };
  return (
    <section className="crm-card crm-wide">
      <div className="crm-toolbar" role="group" aria-label={t('crm.tasks.view')}>
        {VIEWS.map(([k, label]) => (
          <button key={k} type="button" className={view === k ? 'btn btn-small btn-primary' : 'btn btn-small btn-secondary'} aria-pressed={view === k} onClick={() => setView(k)}>{t(label)}</button>
        ))}
        <label className="check-row"><input type="checkbox" checked={mine} onChange={(e) => setMine(e.target.checked)} /> {t('crm.tasks.onlyMine')}</label>
      </div>
      {error && <p className="notice notice-error">{error}</p>}
      {data && !data.items.length && <p className="muted">{t('crm.tasks.empty')}</p>}
      <ul className="crm-list">
        {data?.items.map((task) => (
          <li key={task.id} className={new Date(task.dueAt) < new Date() ? 'crm-overdue' : undefined}>
            <span className="crm-list-title">{task.title}{task.kind === 'snooze' && <span className="muted small"> {t('crm.tasks.snooze')}</span>}</span>
            <span className="muted small">{new Date(task.dueAt).toLocaleString()} · {task.contact?.name ?? task.contact?.email ?? ''}</span>
            {task.note && <span className="small">{task.note}</span>}
            <span className="crm-actions">
              <button type="button" className="btn btn-tiny btn-success" onClick={() => void act(task.id, { status: 'done' })}>{t('crm.tasks.done')}</button>
              <button type="button" className="btn btn-tiny btn-secondary" onClick={() => void act(task.id, { dueAt: new Date(Date.now() + 3_600_000).toISOString() })}>{t('crm.tasks.laterHour')}</button>
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
