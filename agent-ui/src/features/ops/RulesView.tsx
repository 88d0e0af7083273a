// Automation rules: ordered list, enable/disable, delete, and a JSON editor for new rules (with a working example).
import { useState } from 'react';
import { http } from '../../api/http';
import { useI18n } from '../../i18n/i18n';
import { attempt, useLoad } from './useLoad';

interface Rule { id: string; name: string; event: string; enabled: boolean; position: number; conditions: unknown; actions: { type: string }[] }

const EVENTS = ['conversation.created', 'conversation.updated', 'conversation.resolved', 'message.created', 'contact.updated', 'sla.breached', 'csat.received'];

const EXAMPLE = JSON.stringify({
  name: 'Refund requests to billing', event: 'message.created',
  conditions: { all: [{ field: 'text', op: 'contains', value: 'refund' }, { any: [{ field: 'channel', op: 'eq', value: 'email' }, { field: 'labels', op: 'contains', value: 'vip' }] }] },
  actions: [{ type: 'add_label', label: 'billing' }, { type: 'set_priority', priority: 'high' }],
}, null, 2);

export function RulesView() {
  const { t } = useI18n();
  const { data, error, reload } = useLoad<{ items: Rule[] }>('/api/rules');
  const [draft, setDraft] = useState(EXAMPLE);
  const [problem, setProblem] = useState<string | null>(null);

  const create = () => attempt(async () => http.post('/api/rules', JSON.parse(draft)), setProblem, () => { setProblem(null); reload(); });
  return (
    <section aria-label={t('ops.rules.title')}>
      {(error || problem) && <p className="notice notice-error">{error ?? problem}</p>}
      <ol className="card admin-list">
        {data?.items.map((r) => (
          <li key={r.id}>
            <div className="admin-list-main"><strong>{r.name}</strong> <span className="muted small">{t('ops.rules.on', { event: r.event })} · <bdi>{r.actions.map((a) => a.type).join(', ')}</bdi></span></div>
            <label className="small"><input type="checkbox" checked={r.enabled} onChange={() => void attempt(() => http.patch(`/api/rules/${r.id}`, { enabled: !r.enabled }), setProblem, reload)} /> {t('ops.rules.enabled')}</label>
            <button type="button" className="btn btn-link btn-tiny danger" onClick={() => void attempt(() => http.del(`/api/rules/${r.id}`), setProblem, reload)}>{t('common.delete')}</button>
          </li>
        ))}
        {data && !data.items.length && <li className="muted">{t('ops.rules.empty')}</li>}
      </ol>
      <h2>{t('ops.rules.new')}</h2>
      <p className="muted small">{t('ops.rules.help', { events: EVENTS.join(', ') })}</p>
      <textarea className="ops-json" value={draft} onChange={(e) => setDraft(e.target.value)} aria-label={t('ops.rules.json')} rows={14} dir="ltr" />
      <button type="button" className="btn btn-primary" onClick={() => void create()}>{t('ops.rules.create')}</button>
    </section>
  );
}
