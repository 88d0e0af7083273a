import { useState } from 'react';
import { crm } from './api';
import { useLoad } from './useLoad';

const VIEWS = [['today', 'Today'], ['overdue', 'Overdue'], ['open', 'All open']] as const;

/** "My tasks today / overdue", with done and snooze-an-hour. */
export function Tasks() {
  const [view, setView] = useState<string>('today');
  const [mine, setMine] = useState(true);
  const { data, error, reload } = useLoad(() => crm.tasks(view, mine), [view, mine]);
  const act = async (id: string, body: { status?: string; dueAt?: string }) => { await crm.patchTask(id, body); reload(); };
  return (
    <section className="crm-card crm-wide">
      <div className="crm-toolbar" role="group" aria-label="Task view">
        {VIEWS.map(([k, label]) => (
          <button key={k} type="button" className={view === k ? 'btn btn-small btn-primary' : 'btn btn-small btn-secondary'} aria-pressed={view === k} onClick={() => setView(k)}>{label}</button>
        ))}
        <label className="check-row"><input type="checkbox" checked={mine} onChange={(e) => setMine(e.target.checked)} /> Only mine</label>
      </div>
      {error && <p className="notice notice-error">{error}</p>}
      {data && !data.items.length && <p className="muted">Nothing here. </p>}
      <ul className="crm-list">
        {data?.items.map((t) => (
          <li key={t.id} className={new Date(t.dueAt) < new Date() ? 'crm-overdue' : undefined}>
            <span className="crm-list-title">{t.title}{t.kind === 'snooze' && <span className="muted small"> (snooze)</span>}</span>
            <span className="muted small">{new Date(t.dueAt).toLocaleString()} · {t.contact?.name ?? t.contact?.email ?? ''}</span>
            {t.note && <span className="small">{t.note}</span>}
            <span className="crm-actions">
              <button type="button" className="btn btn-tiny btn-success" onClick={() => void act(t.id, { status: 'done' })}>Done</button>
              <button type="button" className="btn btn-tiny btn-secondary" onClick={() => void act(t.id, { dueAt: new Date(Date.now() + 3_600_000).toISOString() })}>+1 hour</button>
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
