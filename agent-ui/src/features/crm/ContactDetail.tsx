import { useState } from 'react';
import { labelFor, useI18n } from '../../i18n/i18n';
import { crm } from './api';
import { Card } from '../../ui/Card';
import { Field } from '../../ui/Field';
import { ErrorState, Spinner } from '../../ui/States';
import { useLoad } from '../../ui/useLoad';
import { stageName } from './stageName';
import { timelineText } from './timelineText';
import { DateInput } from '../../ui/DateInput';

/** One contact: stage, score with reasons, custom fields, follow-up tasks, notes and the timeline. */
export function ContactDetail({ id, onChanged }: { id: string; onChanged: () => void }) {
  const { t, locale } = useI18n();
  const contact = useLoad(() => crm.contact(id), [id]);
  const fields = useLoad(() => crm.fields());
  const timeline = useLoad(() => crm.timeline(id), [id]);
  const [edits, setEdits] = useState<Record<string, unknown>>({});
  const [note, setNote] = useState('');
  const [task, setTask] = useState({ title: '', dueAt: '' });
  const [error, setError] = useState<string | null>(null);
  const refresh = () => { contact.reload(); timeline.reload(); onChanged(); };
  const attempt = (p: Promise<unknown>, after?: () => void) => p.then(() => { setError(null); after?.(); refresh(); }, (e: Error) => setError(e.message));
  const c = contact.data;
  if (!c) return <Card>{contact.error ? <ErrorState message={contact.error} onRetry={contact.reload} retryLabel={t('common.retry')} /> : <Spinner label={t('common.loading')} />}</Card>;
  const name = c.name ?? c.email ?? t('crm.visitor');
  return (
    <Card title={name} description={[c.email, c.phone, c.company?.name, c.country, c.timeZone].filter(Boolean).join(' · ')}>
      <Field label={t('crm.field.stage')}>
        {(p) => (
          <select {...p} value={c.stage} onChange={(e) => void attempt(crm.patchContact(id, { stage: e.target.value }))}>
            {c.stages.map((s) => <option key={s.key} value={s.key}>{stageName(t, s)}</option>)}
          </select>
        )}
      </Field>
      <p><strong>{t('crm.contact.score', { score: c.score })}</strong></p>
      <ul className="crm-reasons">
        {c.scoreReasons.map((r) => (
          <li key={r.ruleId}>
            {r.name}: <bdi>{r.points > 0 ? '+' : ''}{r.points}</bdi>{r.points !== r.basePoints ? ` ${t('crm.contact.decayed', { points: r.basePoints })}` : ''}
          </li>
        ))}
      </ul>
      {fields.data?.filter((f) => f.entity === 'contact').map((f) => (
        <Field key={f.key} label={f.label}>{(p) => (f.type === 'select' ? (
            <select {...p} value={String(edits[f.key] ?? c.fields[f.key] ?? '')} onChange={(e) => setEdits({ ...edits, [f.key]: e.target.value })}><option value="" />{f.options.map((o) => <option key={o}>{o}</option>)}</select>
          ) : f.type === 'boolean' ? (
            <input {...p} type="checkbox" checked={Boolean(edits[f.key] ?? c.fields[f.key])} onChange={(e) => setEdits({ ...edits, [f.key]: e.target.checked })} />
          ) : f.type === 'date' ? (
            <DateInput {...p} value={String(edits[f.key] ?? c.fields[f.key] ?? '')} onValue={(v) => setEdits({ ...edits, [f.key]: v })} />
          ) : (
            <input {...p} type={f.type === 'number' ? 'number' : f.type === 'url' ? 'url' : 'text'} value={String(edits[f.key] ?? c.fields[f.key] ?? '')} onChange={(e) => setEdits({ ...edits, [f.key]: e.target.value })} />
          ))}
        </Field>
      ))}
      {Object.keys(edits).length > 0 && <button type="button" className="btn btn-small btn-primary" onClick={() => void attempt(crm.patchContact(id, { fields: edits }), () => setEdits({}))}>{t('crm.contact.saveFields')}</button>}
      <h3>{t('crm.contact.followUp')}</h3>
      <ul className="crm-list">{c.tasks.map((tk) => <li key={tk.id}>{tk.title} <span className="muted small">{new Date(tk.dueAt).toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' })}</span></li>)}</ul>
      <div className="form-row">
        <Field label={t('crm.contact.task')}>{(p) => <input {...p} placeholder={t('crm.contact.taskPlaceholder')} value={task.title} onChange={(e) => setTask({ ...task, title: e.target.value })} />}</Field>
        <Field label={t('crm.contact.due')}>{(p) => <DateInput {...p} type="datetime-local" value={task.dueAt} onValue={(dueAt) => setTask({ ...task, dueAt })} />}</Field>
        <button type="button" className="btn btn-small btn-secondary" disabled={!task.title || !task.dueAt}
          onClick={() => void attempt(crm.addTask({ contactId: id, title: task.title, dueAt: new Date(task.dueAt).toISOString() }), () => setTask({ title: '', dueAt: '' }))}>{t('crm.contact.addTask')}</button>
      </div>
      <div className="form-row">
        <Field label={t('crm.contact.note')}>{(p) => <input {...p} placeholder={t('crm.contact.notePlaceholder')} value={note} onChange={(e) => setNote(e.target.value)} />}</Field>
        <button type="button" className="btn btn-small btn-secondary" disabled={!note.trim()} onClick={() => void attempt(crm.note(id, note), () => setNote(''))}>{t('crm.contact.addNote')}</button>
      </div>
      {error && <p className="field-error" role="alert">{error}</p>}
      <h3>{t('crm.contact.timeline')}</h3>
      <ol className="crm-timeline">
        {timeline.data?.items.map((item) => (
          <li key={item.id} className={`crm-tl-${item.kind}`}>
            <time className="muted small" dateTime={item.at}>{new Date(item.at).toLocaleString(locale)}</time>
            <span dir="auto">{timelineText(t, item, c.stages, locale)}</span>
            <span className="muted small">{item.actor.name ?? labelFor(t, 'crm.actor', item.actor.type)}</span>
          </li>
        ))}
      </ol>
    </Card>
  );
}
