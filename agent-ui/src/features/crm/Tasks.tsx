import { useState } from 'react';
import { useI18n, type MessageKey } from '../../i18n/i18n';
import { Card } from '../../ui/Card';
import { DataTable, type Column } from '../../ui/DataTable';
import { Toggle } from '../../ui/Field';
import { attempt, useLoad } from '../../ui/useLoad';
import { crm, type Task } from './api';

const VIEWS: [string, MessageKey][] = [['today', 'crm.tasks.today'], ['overdue', 'crm.tasks.overdue'], ['open', 'crm.tasks.allOpen']];
const HOUR = 3_600_000;

/** "My tasks today / overdue", with done and snooze-an-hour. */
export function Tasks() {
  const { t, locale } = useI18n();
  const [view, setView] = useState<string>('today');
  const [mine, setMine] = useState(true);
  const [problem, setProblem] = useState<string | null>(null);
  const { data, error, loading, reload } = useLoad(() => crm.tasks(view, mine), [view, mine]);
  const act = (id: string, body: { status?: string; dueAt?: string }) => void attempt(() => crm.patchTask(id, body), setProblem, () => { setProblem(null); reload(); });
  const columns: Column<Task>[] = [
    { key: 'title', label: t('crm.contact.task'), rowHeader: true, sortValue: (x) => x.title,
      render: (x) => <>{x.title}{x.kind === 'snooze' && <span className="muted small"> {t('crm.tasks.snooze')}</span>}{x.note && <span className="field-help">{x.note}</span>}</> },
    { key: 'due', label: t('crm.contact.due'), sortValue: (x) => x.dueAt,
      render: (x) => <span className={new Date(x.dueAt) < new Date() ? 'crm-overdue' : undefined}>{new Date(x.dueAt).toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' })}</span> },
    { key: 'contact', label: t('crm.tasks.contact'), sortValue: (x) => x.contact?.name ?? x.contact?.email ?? null, render: (x) => x.contact?.name ?? x.contact?.email ?? '' },
    { key: 'actions', label: t('crm.segments.actions'), render: (x) => (
      <div className="row-actions">
        <button type="button" className="btn btn-secondary btn-small" aria-label={t('crm.tasks.doneOf', { title: x.title })} onClick={() => act(x.id, { status: 'done' })}>{t('crm.tasks.done')}</button>
        {/* Named by its visible "+1 hour" first (WCAG 2.5.3); the task it moves follows for screen readers. */}
        <button type="button" className="btn btn-ghost btn-small" title={t('crm.tasks.laterOf', { title: x.title })} onClick={() => act(x.id, { dueAt: new Date(Date.now() + HOUR).toISOString() })}>
          {t('crm.tasks.laterHour')}<span className="sr-only"> ({x.title})</span>
        </button>
      </div>
    ) },
  ];
  return (
    <Card wide title={t('crm.nav.tasks')} actions={(
      <div className="form-row">
        <div className="segmented" role="group" aria-label={t('crm.tasks.view')}>
          {VIEWS.map(([k, label]) => <button key={k} type="button" className="segmented-item" aria-pressed={view === k} onClick={() => setView(k)}>{t(label)}</button>)}
        </div>
        <Toggle label={t('crm.tasks.onlyMine')} checked={mine} onChange={setMine} />
      </div>
    )}>
      {problem && <p className="field-error" role="alert">{problem}</p>}
      <DataTable label={t('crm.nav.tasks')} columns={columns} rows={data?.items ?? null} rowKey={(x) => x.id} loading={loading && !data} error={error} onRetry={reload}
        initialSort={{ key: 'due', dir: 'asc' }} empty={{ icon: 'check', title: t('crm.tasks.empty'), body: t('crm.tasks.emptyHint') }} />
    </Card>
  );
}
