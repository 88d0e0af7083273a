// SLA policies and views, webhook subscriptions (with the auto-disable notice), API tokens, CSAT and the audit log.
import { useState } from 'react';
import { http } from '../../api/http';
import { labelFor, useI18n } from '../../i18n/i18n';
import { Card } from '../../ui/Card';
import { DataTable } from '../../ui/DataTable';
import { Toggle } from '../../ui/Field';
import { attempt, useLoad } from './useLoad';

function Problem({ text }: { text: string | null }) {
  return text ? <p className="notice notice-error">{text}</p> : null;
}

export function SlaView() {
  const { t } = useI18n();
  const policies = useLoad<{ items: { id: string; name: string; firstResponseMinutes: number | null; resolutionMinutes: number | null; businessHours: boolean }[] }>('/api/sla/policies');
  const atRisk = useLoad<{ items: { conversationId: string }[] }>('/api/sla/conversations?state=at_risk');
  const breached = useLoad<{ items: { conversationId: string }[] }>('/api/sla/conversations?state=breached');
  const [form, setForm] = useState({ name: '', firstResponseMinutes: '60', resolutionMinutes: '1440', businessHours: true });
  const [problem, setProblem] = useState<string | null>(null);
  const num = (v: string) => (v ? Number(v) : null);
  return (
    <section aria-label={t('ops.tab.sla')}>
      <Problem text={problem ?? policies.error} />
      <ul className="card admin-list">
        {policies.data?.items.map((p) => <li key={p.id}><strong>{p.name}</strong> <span className="muted small">{t('ops.sla.targets', { first: p.firstResponseMinutes ?? '—', resolution: p.resolutionMinutes ?? '—' })}{p.businessHours ? ` · ${t('ops.sla.businessHours')}` : ''}</span></li>)}
      </ul>
      <form className="ops-toolbar" onSubmit={(e) => { e.preventDefault(); void attempt(() => http.post('/api/sla/policies', { ...form, firstResponseMinutes: num(form.firstResponseMinutes), resolutionMinutes: num(form.resolutionMinutes) }), setProblem, policies.reload); }}>
        <label>{t('ops.name')} <input required value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} /></label>
        <label>{t('ops.sla.firstResponse')} <input type="number" min={1} value={form.firstResponseMinutes} onChange={(e) => setForm({ ...form, firstResponseMinutes: e.target.value })} /></label>
        <label>{t('ops.sla.resolution')} <input type="number" min={1} value={form.resolutionMinutes} onChange={(e) => setForm({ ...form, resolutionMinutes: e.target.value })} /></label>
        <label><input type="checkbox" checked={form.businessHours} onChange={(e) => setForm({ ...form, businessHours: e.target.checked })} /> {t('ops.sla.businessHours')}</label>
        <button type="submit" className="btn btn-primary">{t('ops.sla.add')}</button>
      </form>
      <h2>{t('ops.sla.atRisk', { count: atRisk.data?.items.length ?? 0 })}</h2>
      <ul>{atRisk.data?.items.map((i) => <li key={i.conversationId}><a href={`/c/${i.conversationId}`}>{i.conversationId}</a></li>)}</ul>
      <h2>{t('ops.sla.breached', { count: breached.data?.items.length ?? 0 })}</h2>
      <ul>{breached.data?.items.map((i) => <li key={i.conversationId}><a href={`/c/${i.conversationId}`}>{i.conversationId}</a></li>)}</ul>
    </section>
  );
}

interface Hook { id: string; url: string; events: string[]; enabled: boolean; disabledReason: string | null; consecutiveFailures: number; secret?: string }

export function WebhooksView() {
  const { t } = useI18n();
  const { data, error, reload } = useLoad<{ items: Hook[] }>('/api/webhooks');
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState('conversation.created,message.created');
  const [created, setCreated] = useState<Hook | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <section aria-label={t('ops.tab.webhooks')}>
      <Problem text={problem ?? error} />
      {created?.secret && <p className="notice">{t('ops.webhooks.secret')} <code>{created.secret}</code></p>}
      <ul className="card admin-list">
        {data?.items.map((h) => (
          <li key={h.id}>
            <div className="admin-list-main"><code dir="ltr">{h.url}</code> <span className="muted small">{h.events.join(', ')}</span>
              {!h.enabled && <p className="notice notice-error small" role="status">{t('ops.webhooks.disabled', { reason: h.disabledReason ?? t('ops.webhooks.byAdmin') })}</p>}</div>
            {!h.enabled && <button type="button" className="btn btn-tiny" onClick={() => void attempt(() => http.patch(`/api/webhooks/${h.id}`, { enabled: true }), setProblem, reload)}>{t('ops.webhooks.enable')}</button>}
            <button type="button" className="btn btn-link btn-tiny danger" onClick={() => void attempt(() => http.del(`/api/webhooks/${h.id}`), setProblem, reload)}>{t('common.delete')}</button>
          </li>
        ))}
      </ul>
      <form className="ops-toolbar" onSubmit={(e) => { e.preventDefault(); void attempt(async () => setCreated(await http.post<Hook>('/api/webhooks', { url, events: events.split(',').map((s) => s.trim()).filter(Boolean) })), setProblem, reload); }}>
        <label>{t('ops.webhooks.url')} <input type="url" dir="ltr" required value={url} onChange={(e) => setUrl(e.target.value)} /></label>
        <label>{t('ops.webhooks.events')} <input dir="ltr" value={events} onChange={(e) => setEvents(e.target.value)} /></label>
        <button type="submit" className="btn btn-primary">{t('ops.webhooks.subscribe')}</button>
      </form>
    </section>
  );
}

export function TokensView() {
  const { t } = useI18n();
  const { data, error, reload } = useLoad<{ items: { id: string; name: string; kind: string; scopes: string[]; lastUsedAt: string | null }[] }>('/api/tokens');
  const [name, setName] = useState('');
  const [kind, setKind] = useState('personal');
  const [scopes, setScopes] = useState('conversations:read');
  const [token, setToken] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <section aria-label={t('ops.tab.tokens')}>
      <Problem text={problem ?? error} />
      {token && <p className="notice">{t('ops.tokens.created')} <code>{token}</code></p>}
      <ul className="card admin-list">
        {data?.items.map((tk) => (
          <li key={tk.id}><div className="admin-list-main"><strong>{tk.name}</strong> <span className="muted small">{labelFor(t, 'ops.tokens.kind', tk.kind)} · <bdi>{tk.scopes.join(', ')}</bdi> · {tk.lastUsedAt ? t('ops.tokens.lastUsed', { when: new Date(tk.lastUsedAt).toLocaleString() }) : t('ops.tokens.neverUsed')}</span></div>
            <button type="button" className="btn btn-link btn-tiny danger" onClick={() => void attempt(() => http.del(`/api/tokens/${tk.id}`), setProblem, reload)}>{t('ops.tokens.revoke')}</button></li>
        ))}
      </ul>
      <form className="ops-toolbar" onSubmit={(e) => { e.preventDefault(); void attempt(async () => setToken((await http.post<{ token: string }>('/api/tokens', { name, kind, scopes: scopes.split(',').map((s) => s.trim()) })).token), setProblem, reload); }}>
        <label>{t('ops.name')} <input required value={name} onChange={(e) => setName(e.target.value)} /></label>
        <label>{t('ops.tokens.kindLabel')} <select value={kind} onChange={(e) => setKind(e.target.value)}><option value="personal">{t('ops.tokens.kind.personal')}</option><option value="bot">{t('ops.tokens.kind.bot')}</option></select></label>
        <label>{t('ops.tokens.scopes')} <input dir="ltr" value={scopes} onChange={(e) => setScopes(e.target.value)} /></label>
        <button type="submit" className="btn btn-primary">{t('ops.tokens.create')}</button>
      </form>
    </section>
  );
}

interface Feedback { id: string; conversationId: string; contactName: string | null; channel: string; rating: number; comment: string | null; answeredAt: string }

export function FeedbackView() {
  const { t } = useI18n();
  const settings = useLoad<{ enabled: boolean }>('/api/csat/settings');
  const feedback = useLoad<{ items: Feedback[] }>('/api/csat/feedback');
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <section aria-label={t('ops.feedback.title')} className="ds-grid">
      <Card wide title={t('ops.feedback.title')}>
        <Problem text={problem} />
        <Toggle label={t('ops.feedback.enable')} checked={settings.data?.enabled ?? false}
          onChange={(enabled) => void attempt(() => http.put('/api/csat/settings', { enabled }), setProblem, settings.reload)} />
        <DataTable<Feedback>
          label={t('ops.feedback.title')} rows={feedback.data?.items ?? null} error={feedback.error} onRetry={feedback.reload} rowKey={(f) => f.id}
          empty={{ icon: 'smile', title: t('ops.feedback.empty'), body: t('ops.feedback.emptyHelp') }}
          initialSort={{ key: 'when', dir: 'desc' }}
          columns={[
            { key: 'when', label: t('ops.when'), render: (f) => new Date(f.answeredAt).toLocaleString(), sortValue: (f) => f.answeredAt },
            { key: 'customer', label: t('ops.feedback.customer'), render: (f) => <a href={`/c/${f.conversationId}`}>{f.contactName ?? '—'}</a>, sortValue: (f) => f.contactName },
            { key: 'channel', label: t('ops.feedback.channel'), render: (f) => labelFor(t, 'channel', f.channel), sortValue: (f) => f.channel },
            { key: 'rating', label: t('ops.feedback.rating'), numeric: true, sortValue: (f) => f.rating,
              render: (f) => <span role="img" aria-label={t('ops.feedback.stars', { rating: f.rating })}>{'★'.repeat(f.rating)}</span> },
            { key: 'comment', label: t('ops.feedback.comment'), render: (f) => f.comment },
          ]}
        />
      </Card>
    </section>
  );
}

interface AuditEntry { id: string; createdAt: string; actorEmail: string | null; action: string; targetType: string | null; targetId: string | null }

export function AuditView() {
  const { t } = useI18n();
  const { data, error, reload } = useLoad<{ items: AuditEntry[] }>('/api/audit');
  return (
    <section aria-label={t('ops.tab.audit')} className="ds-grid">
      <Card wide>
        <DataTable<AuditEntry>
          label={t('ops.tab.audit')} rows={data?.items ?? null} error={error} onRetry={reload} rowKey={(a) => a.id} maxHeight="70vh"
          empty={{ icon: 'clock', title: t('ops.audit.empty') }}
          initialSort={{ key: 'when', dir: 'desc' }}
          columns={[
            { key: 'when', label: t('ops.when'), render: (a) => new Date(a.createdAt).toLocaleString(), sortValue: (a) => a.createdAt },
            { key: 'who', label: t('ops.audit.who'), render: (a) => a.actorEmail ?? t('ops.audit.system'), sortValue: (a) => a.actorEmail },
            { key: 'action', label: t('ops.audit.action'), render: (a) => <code>{a.action}</code>, sortValue: (a) => a.action },
            { key: 'target', label: t('ops.audit.target'), render: (a) => <bdi>{a.targetType} {a.targetId}</bdi> },
          ]}
        />
      </Card>
    </section>
  );
}
