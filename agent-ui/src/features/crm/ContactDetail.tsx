import { useState } from 'react';
import { crm } from './api';
import { useLoad } from './useLoad';

/** One contact: stage, score with reasons, custom fields, follow-up tasks, notes and the timeline. */
export function ContactDetail({ id, onChanged }: { id: string; onChanged: () => void }) {
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
  if (!c) return <section className="crm-card">{contact.error ?? 'Loading…'}</section>;
  return (
    <section className="crm-card" aria-label={`Contact ${c.name ?? c.email ?? ''}`}>
      <h2>{c.name ?? c.email ?? 'Visitor'}</h2>
      <p className="muted small">{[c.email, c.phone, c.company?.name, c.country, c.timeZone].filter(Boolean).join(' · ')}</p>
      <label className="field"><span>Stage</span>
        <select value={c.stage} onChange={(e) => void attempt(crm.patchContact(id, { stage: e.target.value }))}>
          {c.stages.map((s) => <option key={s.key} value={s.key}>{s.label}</option>)}
        </select>
      </label>
      <p><strong>Score {c.score}</strong></p>
      <ul className="crm-reasons">{c.scoreReasons.map((r) => <li key={r.ruleId}>{r.name}: {r.points > 0 ? '+' : ''}{r.points}{r.points !== r.basePoints ? ` (of ${r.basePoints}, decayed)` : ''}</li>)}</ul>
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
      {Object.keys(edits).length > 0 && <button type="button" className="btn btn-small btn-primary" onClick={() => void attempt(crm.patchContact(id, { fields: edits }), () => setEdits({}))}>Save fields</button>}
      <h3>Follow-up</h3>
      <ul className="crm-list">{c.tasks.map((t) => <li key={t.id}>{t.title} <span className="muted small">{new Date(t.dueAt).toLocaleString()}</span></li>)}</ul>
      <div className="crm-toolbar">
        <input aria-label="Task" placeholder="Call back about the quote" value={task.title} onChange={(e) => setTask({ ...task, title: e.target.value })} />
        <input aria-label="Due" type="datetime-local" value={task.dueAt} onChange={(e) => setTask({ ...task, dueAt: e.target.value })} />
        <button type="button" className="btn btn-small btn-secondary" disabled={!task.title || !task.dueAt}
          onClick={() => void attempt(crm.addTask({ contactId: id, title: task.title, dueAt: new Date(task.dueAt).toISOString() }), () => setTask({ title: '', dueAt: '' }))}>Add task</button>
      </div>
      <div className="crm-toolbar">
        <input aria-label="Note" placeholder="Add a note" value={note} onChange={(e) => setNote(e.target.value)} />
        <button type="button" className="btn btn-small btn-secondary" disabled={!note.trim()} onClick={() => void attempt(crm.note(id, note), () => setNote(''))}>Add note</button>
      </div>
      {error && <p className="notice notice-error">{error}</p>}
      <h3>Timeline</h3>
      <ol className="crm-timeline">
        {timeline.data?.items.map((t) => (
          <li key={t.id} className={`crm-tl-${t.kind}`}>
            <time className="muted small">{new Date(t.at).toLocaleString()}</time>
            <span>{t.kind === 'conversation' ? `${t.summary} (${String(t.data.channel)}, ${String(t.data.status)})` : t.summary}</span>
            <span className="muted small">{t.actor.name ?? t.actor.type}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}
