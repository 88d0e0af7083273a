import { useState } from 'react';
import { labelFor, useI18n } from '../../i18n/i18n';
import { crm } from './api';
import { useLoad } from '../../ui/useLoad';

/** One contact: stage, score with reasons, custom fields, follow-up tasks, notes and the timeline. */
export function ContactDetail({ id, onChanged }: { id: string; onChanged: () => void }) {
  const { t } = useI18n();
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
  if (!c) return <section className="crm-card">{contact.error ?? t('common.loading')}</section>;
  const name = c.name ?? c.email ?? t('crm.visitor');
  return (
    <section className="crm-card" aria-label={t('crm.contact.region', { name })}>
      <h2>{name}</h2>
      <p className="muted small">{[c.email, c.phone, c.company?.name, c.country, c.timeZone].filter(Boolean).join(' · ')}</p>
      <label className="field"><span>{t('crm.field.stage')}</span>
        <select value={c.stage} onChange={(e) => void attempt(crm.patchContact(id, { stage: e.target.value }))}>
          {c.stages.map((s) => <option key={s.key} value={s.key}>{s.label}</option>)}
        </select>
      </label>
      <p><strong>{t('crm.contact.score', { score: c.score })}</strong></p>
      <ul className="crm-reasons">
        {c.scoreReasons.map((r) => (
          <li key={r.ruleId}>
            {r.name}: <bdi>{r.points > 0 ? '+' : ''}{r.points}</bdi>{r.points !== r.basePoints ? ` ${t('crm.contact.decayed', { points: r.basePoints })}` : ''}
          </li>
        ))}
      </ul>
      {fields.data?.filter((f) => f.entity === 'contact').map((f) => (
        <label key={f.key} className="field"><span>{f.label}</span>
          {f.type === 'select' ? (
            <select value={String(edits[f.key] ?? c.fields[f.key] ?? '')} onChange={(e) => setEdits({ ...edits, [f.key]: e.target.value })}><option value="" />{f.options.map((o) => <option key={o}>{o}</option>)}</select>
          ) : f.type === 'boolean' ? (
            <input type="checkbox" checked={Boolean(edits[f.key] ?? c.fields[f.key])} onChange={(e) => setEdits({ ...edits, [f.key]: e.target.checked })} />
          ) : (
            <input type={f.type === 'number' ? 'number' : f.type === 'date' ? 'date' : f.type === 'url' ? 'url' : 'text'} value={String(edits[f.key] ?? c.fields[f.key] ?? '')} onChange={(e) => setEdits({ ...edits, [f.key]: e.target.value })} />
          )}
        </label>
      ))}
      {Object.keys(edits).length > 0 && <button type="button" className="btn btn-small btn-primary" onClick={() => void attempt(crm.patchContact(id, { fields: edits }), () => setEdits({}))}>{t('crm.contact.saveFields')}</button>}
      <h3>{t('crm.contact.followUp')}</h3>
      <ul className="crm-list">{c.tasks.map((tk) => <li key={tk.id}>{tk.title} <span className="muted small">{new Date(tk.dueAt).toLocaleString()}</span></li>)}</ul>
      <div className="crm-toolbar">
        <input aria-label={t('crm.contact.task')} placeholder={t('crm.contact.taskPlaceholder')} value={task.title} onChange={(e) => setTask({ ...task, title: e.target.value })} />
        <input aria-label={t('crm.contact.due')} type="datetime-local" value={task.dueAt} onChange={(e) => setTask({ ...task, dueAt: e.target.value })} />
        <button type="button" className="btn btn-small btn-secondary" disabled={!task.title || !task.dueAt}
          onClick={() => void attempt(crm.addTask({ contactId: id, title: task.title, dueAt: new Date(task.dueAt).toISOString() }), () => setTask({ title: '', dueAt: '' }))}>{t('crm.contact.addTask')}</button>
      </div>
      <div className="crm-toolbar">
        <input aria-label={t('crm.contact.note')} placeholder={t('crm.contact.notePlaceholder')} value={note} onChange={(e) => setNote(e.target.value)} />
        <button type="button" className="btn btn-small btn-secondary" disabled={!note.trim()} onClick={() => void attempt(crm.note(id, note), () => setNote(''))}>{t('crm.contact.addNote')}</button>
      </div>
      {error && <p className="notice notice-error">{error}</p>}
      <h3>{t('crm.contact.timeline')}</h3>
      <ol className="crm-timeline">
        {timeline.data?.items.map((item) => (
          <li key={item.id} className={`crm-tl-${item.kind}`}>
            <time className="muted small">{new Date(item.at).toLocaleString()}</time>
            <span dir="auto">{item.kind === 'conversation' ? `${item.summary} (${String(item.data.channel)}, ${labelFor(t, 'status', String(item.data.status))})` : item.summary}</span>
            <span className="muted small">{item.actor.name ?? labelFor(t, 'crm.actor', item.actor.type)}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}
