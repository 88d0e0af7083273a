import { useState } from 'react';
import { crm, type Field } from './api';
import { useLoad } from './useLoad';

const RULE_KINDS: Record<string, { label: string; config: string }> = {
  page_visit: { label: 'Visited a page', config: '{"pathContains":"/pricing"}' },
  message_keyword: { label: 'Asked about…', config: '{"keywords":["price","cost"],"toBot":true}' },
  replied_within: { label: 'Replied within hours', config: '{"hours":24}' },
  message_count: { label: 'Message count', config: '{"min":5}' },
  attribute: { label: 'Attribute condition', config: '{"field":"attr.plan","op":"eq","value":"pro"}' },
};

/** Admin: rename/add stages and set score thresholds, define custom fields, write scoring rules. */
export function Settings() {
  const stages = useLoad(() => crm.stages());
  const fields = useLoad(() => crm.fields());
  const rules = useLoad(() => crm.rules());
  const [error, setError] = useState<string | null>(null);
  const [stage, setStage] = useState({ key: '', label: '' });
  const [field, setField] = useState({ entity: 'contact', key: '', label: '', type: 'text', options: '' });
  const [rule, setRule] = useState({ name: '', kind: 'page_visit', config: RULE_KINDS.page_visit.config, points: 10, decay: '' });
  const attempt = (p: Promise<unknown>, after: () => void) => p.then(() => { setError(null); after(); }, (e: Error) => setError(e.message));

  return (
    <div className="crm-grid">
      {error && <p className="notice notice-error crm-wide">{error}</p>}
      <section className="crm-card">
        <h2>Lifecycle stages</h2>
        <ol className="crm-list">
          {stages.data?.map((s) => (
            <li key={s.key}>
              <input aria-label={`Label of ${s.key}`} defaultValue={s.label} onBlur={(e) => e.target.value !== s.label && void attempt(crm.saveStage(s.key, { label: e.target.value }), stages.reload)} />
              <input aria-label={`Score threshold of ${s.key}`} type="number" placeholder="score ≥" defaultValue={s.minScore ?? ''}
                onBlur={(e) => void attempt(crm.saveStage(s.key, { label: s.label, minScore: e.target.value === '' ? null : Number(e.target.value) }), stages.reload)} />
            </li>
          ))}
        </ol>
        <div className="crm-toolbar">
          <input aria-label="New stage key" placeholder="key (e.g. trial)" value={stage.key} onChange={(e) => setStage({ ...stage, key: e.target.value })} />
          <input aria-label="New stage label" placeholder="Label" value={stage.label} onChange={(e) => setStage({ ...stage, label: e.target.value })} />
          <button type="button" className="btn btn-small btn-secondary" onClick={() => void attempt(crm.saveStage(stage.key, { label: stage.label }), () => { setStage({ key: '', label: '' }); stages.reload(); })}>Add stage</button>
        </div>
      </section>
      <section className="crm-card">
        <h2>Custom fields</h2>
        <ul className="crm-list">{fields.data?.map((f) => <li key={f.id}>{f.label} <span className="muted small">{f.entity} · {f.key} · {f.type}{f.options.length ? ` (${f.options.join(', ')})` : ''}</span></li>)}</ul>
        <div className="crm-toolbar">
          <select aria-label="Field entity" value={field.entity} onChange={(e) => setField({ ...field, entity: e.target.value })}><option value="contact">Contact</option><option value="conversation">Conversation</option></select>
          <input aria-label="Field key" placeholder="key" value={field.key} onChange={(e) => setField({ ...field, key: e.target.value })} />
          <input aria-label="Field label" placeholder="Label" value={field.label} onChange={(e) => setField({ ...field, label: e.target.value })} />
          <select aria-label="Field type" value={field.type} onChange={(e) => setField({ ...field, type: e.target.value })}>{['text', 'number', 'date', 'select', 'boolean', 'url'].map((t) => <option key={t}>{t}</option>)}</select>
          {field.type === 'select' && <input aria-label="Options" placeholder="a, b, c" value={field.options} onChange={(e) => setField({ ...field, options: e.target.value })} />}
          <button type="button" className="btn btn-small btn-secondary" onClick={() => void attempt(crm.addField({ ...field, options: field.options.split(',').map((o) => o.trim()).filter(Boolean) } as Omit<Field, 'id' | 'required'>), () => { setField({ ...field, key: '', label: '', options: '' }); fields.reload(); })}>Add field</button>
        </div>
      </section>
      <section className="crm-card crm-wide">
        <h2>Lead scoring rules</h2>
        <ul className="crm-list">
          {rules.data?.map((r) => (
            <li key={r.id}>
              <span className="crm-list-title">{r.name}: {r.points > 0 ? '+' : ''}{r.points}</span>
              <span className="muted small">{RULE_KINDS[r.kind]?.label ?? r.kind} {JSON.stringify(r.config)}{r.decayHalfLifeDays ? ` · halves every ${r.decayHalfLifeDays} days` : ''}</span>
              <button type="button" className="btn btn-tiny btn-ghost" onClick={() => void attempt(crm.deleteRule(r.id), rules.reload)}>Delete</button>
            </li>
          ))}
        </ul>
        <div className="crm-toolbar">
          <input aria-label="Rule name" placeholder="Visited pricing" value={rule.name} onChange={(e) => setRule({ ...rule, name: e.target.value })} />
          <select aria-label="Rule kind" value={rule.kind} onChange={(e) => setRule({ ...rule, kind: e.target.value, config: RULE_KINDS[e.target.value].config })}>
            {Object.entries(RULE_KINDS).map(([k, v]) => <option key={k} value={k}>{v.label}</option>)}
          </select>
          <input aria-label="Rule condition (JSON)" className="crm-mono" value={rule.config} onChange={(e) => setRule({ ...rule, config: e.target.value })} />
          <input aria-label="Points" type="number" value={rule.points} onChange={(e) => setRule({ ...rule, points: Number(e.target.value) })} />
          <input aria-label="Half-life in days" type="number" placeholder="half-life days" value={rule.decay} onChange={(e) => setRule({ ...rule, decay: e.target.value })} />
          <button type="button" className="btn btn-small btn-secondary" onClick={() => {
            let config: Record<string, unknown>;
            try { config = JSON.parse(rule.config); } catch { setError('The condition is not valid JSON'); return; }
            void attempt(crm.addRule({ name: rule.name, kind: rule.kind, config, points: rule.points, decayHalfLifeDays: rule.decay ? Number(rule.decay) : null }), () => { setRule({ ...rule, name: '' }); rules.reload(); });
          }}>Add rule</button>
        </div>
      </section>
    </div>
  );
}
