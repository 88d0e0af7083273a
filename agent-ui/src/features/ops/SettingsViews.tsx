// SLA policies and views, webhook subscriptions (with the auto-disable notice), API tokens, CSAT and the audit log.
import { useState } from 'react';
import { http } from '../../api/http';
import { attempt, useLoad } from './useLoad';

function Problem({ text }: { text: string | null }) {
  return text ? <p className="notice notice-error">{text}</p> : null;
}

export function SlaView() {
  const policies = useLoad<{ items: { id: string; name: string; firstResponseMinutes: number | null; resolutionMinutes: number | null; businessHours: boolean }[] }>('/api/sla/policies');
  const atRisk = useLoad<{ items: { conversationId: string }[] }>('/api/sla/conversations?state=at_risk');
  const breached = useLoad<{ items: { conversationId: string }[] }>('/api/sla/conversations?state=breached');
  const [form, setForm] = useState({ name: '', firstResponseMinutes: '60', resolutionMinutes: '1440', businessHours: true });
  const [problem, setProblem] = useState<string | null>(null);
  const num = (v: string) => (v ? Number(v) : null);
  return (
    <section aria-label="SLA">
      <Problem text={problem ?? policies.error} />
      <ul className="card admin-list">
        {policies.data?.items.map((p) => <li key={p.id}><strong>{p.name}</strong> <span className="muted small">first response {p.firstResponseMinutes ?? '—'} min · resolution {p.resolutionMinutes ?? '—'} min{p.businessHours ? ' · business hours' : ''}</span></li>)}
      </ul>
      <form className="ops-toolbar" onSubmit={(e) => { e.preventDefault(); void attempt(() => http.post('/api/sla/policies', { ...form, firstResponseMinutes: num(form.firstResponseMinutes), resolutionMinutes: num(form.resolutionMinutes) }), setProblem, policies.reload); }}>
        <label>Name <input required value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} /></label>
        <label>First response (min) <input type="number" min={1} value={form.firstResponseMinutes} onChange={(e) => setForm({ ...form, firstResponseMinutes: e.target.value })} /></label>
        <label>Resolution (min) <input type="number" min={1} value={form.resolutionMinutes} onChange={(e) => setForm({ ...form, resolutionMinutes: e.target.value })} /></label>
        <label><input type="checkbox" checked={form.businessHours} onChange={(e) => setForm({ ...form, businessHours: e.target.checked })} /> Business hours</label>
        <button type="submit" className="btn btn-primary">Add policy</button>
      </form>
      <h3>At risk ({atRisk.data?.items.length ?? 0})</h3>
      <ul>{atRisk.data?.items.map((i) => <li key={i.conversationId}><a href={`/c/${i.conversationId}`}>{i.conversationId}</a></li>)}</ul>
      <h3>Breached ({breached.data?.items.length ?? 0})</h3>
      <ul>{breached.data?.items.map((i) => <li key={i.conversationId}><a href={`/c/${i.conversationId}`}>{i.conversationId}</a></li>)}</ul>
    </section>
  );
}

interface Hook { id: string; url: string; events: string[]; enabled: boolean; disabledReason: string | null; consecutiveFailures: number; secret?: string }

export function WebhooksView() {
  const { data, error, reload } = useLoad<{ items: Hook[] }>('/api/webhooks');
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState('conversation.created,message.created');
  const [created, setCreated] = useState<Hook | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <section aria-label="Webhooks">
      <Problem text={problem ?? error} />
      {created?.secret && <p className="notice">Signing secret (shown once): <code>{created.secret}</code></p>}
      <ul className="card admin-list">
        {data?.items.map((h) => (
          <li key={h.id}>
            <div className="admin-list-main"><code>{h.url}</code> <span className="muted small">{h.events.join(', ')}</span>
              {!h.enabled && <p className="notice notice-error small" role="status">Disabled: {h.disabledReason ?? 'by an admin'}</p>}</div>
            {!h.enabled && <button type="button" className="btn btn-tiny" onClick={() => void attempt(() => http.patch(`/api/webhooks/${h.id}`, { enabled: true }), setProblem, reload)}>Re-enable</button>}
            <button type="button" className="btn btn-link btn-tiny danger" onClick={() => void attempt(() => http.del(`/api/webhooks/${h.id}`), setProblem, reload)}>Delete</button>
          </li>
        ))}
      </ul>
      <form className="ops-toolbar" onSubmit={(e) => { e.preventDefault(); void attempt(async () => setCreated(await http.post<Hook>('/api/webhooks', { url, events: events.split(',').map((s) => s.trim()).filter(Boolean) })), setProblem, reload); }}>
        <label>URL <input type="url" required value={url} onChange={(e) => setUrl(e.target.value)} /></label>
        <label>Events <input value={events} onChange={(e) => setEvents(e.target.value)} /></label>
        <button type="submit" className="btn btn-primary">Subscribe</button>
      </form>
    </section>
  );
}

export function TokensView() {
  const { data, error, reload } = useLoad<{ items: { id: string; name: string; kind: string; scopes: string[]; lastUsedAt: string | null }[] }>('/api/tokens');
  const [name, setName] = useState('');
  const [kind, setKind] = useState('personal');
  const [scopes, setScopes] = useState('conversations:read');
  const [token, setToken] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <section aria-label="API tokens">
      <Problem text={problem ?? error} />
      {token && <p className="notice">New token (shown once): <code>{token}</code></p>}
      <ul className="card admin-list">
        {data?.items.map((t) => (
          <li key={t.id}><div className="admin-list-main"><strong>{t.name}</strong> <span className="muted small">{t.kind} · {t.scopes.join(', ')} · last used {t.lastUsedAt ?? 'never'}</span></div>
            <button type="button" className="btn btn-link btn-tiny danger" onClick={() => void attempt(() => http.del(`/api/tokens/${t.id}`), setProblem, reload)}>Revoke</button></li>
        ))}
      </ul>
      <form className="ops-toolbar" onSubmit={(e) => { e.preventDefault(); void attempt(async () => setToken((await http.post<{ token: string }>('/api/tokens', { name, kind, scopes: scopes.split(',').map((s) => s.trim()) })).token), setProblem, reload); }}>
        <label>Name <input required value={name} onChange={(e) => setName(e.target.value)} /></label>
        <label>Kind <select value={kind} onChange={(e) => setKind(e.target.value)}><option value="personal">personal</option><option value="bot">bot</option></select></label>
        <label>Scopes <input value={scopes} onChange={(e) => setScopes(e.target.value)} /></label>
        <button type="submit" className="btn btn-primary">Create token</button>
      </form>
    </section>
  );
}

export function FeedbackView() {
  const settings = useLoad<{ enabled: boolean }>('/api/csat/settings');
  const feedback = useLoad<{ items: { id: string; conversationId: string; contactName: string | null; channel: string; rating: number; comment: string | null; answeredAt: string }[] }>('/api/csat/feedback');
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <section aria-label="Customer feedback">
      <Problem text={problem ?? feedback.error} />
      <label><input type="checkbox" checked={settings.data?.enabled ?? false} onChange={(e) => void attempt(() => http.put('/api/csat/settings', { enabled: e.target.checked }), setProblem, settings.reload)} /> Send a satisfaction survey when a conversation is resolved</label>
      <table className="ops-table">
        <thead><tr><th>When</th><th>Customer</th><th>Channel</th><th>Rating</th><th>Comment</th></tr></thead>
        <tbody>{feedback.data?.items.map((f) => (
          <tr key={f.id}><td>{new Date(f.answeredAt).toLocaleString()}</td><td><a href={`/c/${f.conversationId}`}>{f.contactName ?? '—'}</a></td><td>{f.channel}</td><td>{'★'.repeat(f.rating)}</td><td>{f.comment}</td></tr>
        ))}</tbody>
      </table>
    </section>
  );
}

export function AuditView() {
  const { data, error } = useLoad<{ items: { id: string; createdAt: string; actorEmail: string | null; action: string; targetType: string | null; targetId: string | null }[] }>('/api/audit');
  return (
    <section aria-label="Audit log">
      <Problem text={error} />
      <table className="ops-table">
        <thead><tr><th>When</th><th>Who</th><th>Action</th><th>Target</th></tr></thead>
        <tbody>{data?.items.map((a) => <tr key={a.id}><td>{new Date(a.createdAt).toLocaleString()}</td><td>{a.actorEmail ?? 'system'}</td><td><code>{a.action}</code></td><td>{a.targetType} {a.targetId}</td></tr>)}</tbody>
      </table>
    </section>
  );
}
