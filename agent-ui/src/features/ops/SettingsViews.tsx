// Webhook subscriptions (with the auto-disable notice), API tokens, customer feedback and the audit log.
import { useState } from 'react';
import { http } from '../../api/http';
import { labelFor, useI18n } from '../../i18n/i18n';
import { Card } from '../../ui/Card';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { DataTable } from '../../ui/DataTable';
import { Field, Toggle } from '../../ui/Field';
import { attempt, useLoad } from '../../ui/useLoad';

function Problem({ text }: { text: string | null }) {
  return text ? <p className="notice notice-error">{text}</p> : null;
}

interface Hook { id: string; url: string; events: string[]; enabled: boolean; disabledReason: string | null; consecutiveFailures: number; secret?: string }

const WEBHOOK_EVENTS = ['conversation.created', 'conversation.updated', 'conversation.resolved', 'message.created', 'message.updated', 'contact.created', 'contact.updated', 'sla.breached', 'csat.received', 'automation.rule'];
const SCOPES = ['conversations:read', 'conversations:write', 'contacts:read', 'contacts:write', 'reports:read', 'api_channel:write', 'admin'];

/** A set of choices as labelled checkboxes in one named group. */
function CheckGroup({ legend, options, value, onChange }: { legend: string; options: { value: string; label: string }[]; value: string[]; onChange: (v: string[]) => void }) {
  return (
    <fieldset className="check-group">
      <legend>{legend}</legend>
      {options.map((o) => (
        <label key={o.value} className="check-row">
          <input type="checkbox" checked={value.includes(o.value)} onChange={(e) => onChange(e.target.checked ? [...value, o.value] : value.filter((x) => x !== o.value))} />
          {o.label}
        </label>
      ))}
    </fieldset>
  );
}

export function WebhooksView() {
  const { t } = useI18n();
  const { data, error, reload } = useLoad<{ items: Hook[] }>('/api/webhooks');
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState(['conversation.created', 'message.created']);
  const [allowPrivate, setAllowPrivate] = useState(false);
  const [created, setCreated] = useState<Hook | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<Hook | null>(null);
  const eventLabel = (e: string) => labelFor(t, 'event', e);
  return (
    <section aria-label={t('ops.tab.webhooks')} className="ds-grid">
      <Card wide title={t('ops.webhooks.title')}>
        {created?.secret && <p className="notice">{t('ops.webhooks.secret')} <code dir="ltr">{created.secret}</code></p>}
        <DataTable<Hook> label={t('ops.webhooks.title')} rows={data?.items ?? null} error={error} onRetry={reload} rowKey={(h) => h.id}
          empty={{ icon: 'globe', title: t('ops.webhooks.empty') }}
          columns={[
            { key: 'url', label: t('ops.webhooks.url'), rowHeader: true, render: (h) => <code dir="ltr">{h.url}</code>, sortValue: (h) => h.url },
            { key: 'events', label: t('ops.webhooks.events'), render: (h) => h.events.map(eventLabel).join(' · ') },
            { key: 'state', label: t('ops.webhooks.state'), render: (h) => (h.enabled ? <span className="pill pill-on">{t('ops.webhooks.active')}</span> : (
              <span className="field-error">{t('ops.webhooks.disabled', { reason: h.disabledReason ?? t('ops.webhooks.byAdmin') })}</span>
            )) },
            { key: 'manage', label: t('ops.rules.manage'), render: (h) => (
              <div className="row-actions">
                {!h.enabled && <button type="button" className="btn btn-secondary btn-small" onClick={() => void attempt(() => http.patch(`/api/webhooks/${h.id}`, { enabled: true }), setProblem, reload)}>{t('ops.webhooks.enable')}</button>}
                <button type="button" className="btn btn-ghost btn-small" aria-label={t('ops.webhooks.deleteNamed', { url: h.url })} onClick={() => setDeleting(h)}>{t('common.delete')}</button>
              </div>
            ) },
          ]} />
      </Card>
      <Card wide title={t('ops.webhooks.subscribe')}>
        <Problem text={problem} />
        <form className="builder" onSubmit={(e) => { e.preventDefault(); void attempt(async () => setCreated(await http.post<Hook>('/api/webhooks', { url, events, allowPrivate })), setProblem, () => { setUrl(''); setProblem(null); reload(); }); }}>
          <Field label={t('ops.webhooks.url')} help={t('ops.webhooks.urlHelp')}>{(p) => <input {...p} type="url" dir="ltr" required value={url} onChange={(e) => setUrl(e.target.value)} />}</Field>
          <CheckGroup legend={t('ops.webhooks.events')} value={events} onChange={setEvents} options={WEBHOOK_EVENTS.map((e) => ({ value: e, label: eventLabel(e) }))} />
          <Toggle label={t('ops.webhooks.allowPrivate')} help={t('ops.webhooks.allowPrivateHelp')} checked={allowPrivate} onChange={setAllowPrivate} />
          <div className="modal-actions"><button type="submit" className="btn btn-primary" disabled={!events.length}>{t('ops.webhooks.subscribe')}</button></div>
        </form>
      </Card>
      {deleting && (
        <ConfirmDialog title={t('ops.webhooks.deleteNamed', { url: deleting.url })} confirmLabel={t('common.delete')} danger onClose={() => setDeleting(null)}
          onConfirm={async () => { await http.del(`/api/webhooks/${deleting.id}`); reload(); }}>
          <p>{t('ops.webhooks.deleteConsequence')}</p>
        </ConfirmDialog>
      )}
    </section>
  );
}

interface Token { id: string; name: string; kind: string; scopes: string[]; lastUsedAt: string | null }

export function TokensView() {
  const { t, locale } = useI18n();
  const { data, error, reload } = useLoad<{ items: Token[] }>('/api/tokens');
  const [name, setName] = useState('');
  const [kind, setKind] = useState('personal');
  const [scopes, setScopes] = useState(['conversations:read']);
  const [token, setToken] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [revoking, setRevoking] = useState<Token | null>(null);
  const scopeLabel = (s: string) => labelFor(t, 'ops.tokens.scope', s);
  return (
    <section aria-label={t('ops.tab.tokens')} className="ds-grid">
      <Card wide title={t('ops.tab.tokens')}>
        {token && <p className="notice">{t('ops.tokens.created')} <code dir="ltr">{token}</code></p>}
        <DataTable<Token> label={t('ops.tab.tokens')} rows={data?.items ?? null} error={error} onRetry={reload} rowKey={(x) => x.id}
          empty={{ icon: 'lock', title: t('ops.tokens.empty') }}
          columns={[
            { key: 'name', label: t('ops.name'), rowHeader: true, render: (x) => x.name, sortValue: (x) => x.name },
            { key: 'kind', label: t('ops.tokens.kindLabel'), render: (x) => labelFor(t, 'ops.tokens.kind', x.kind), sortValue: (x) => x.kind },
            { key: 'scopes', label: t('ops.tokens.scopes'), render: (x) => x.scopes.map(scopeLabel).join(' · ') },
            { key: 'used', label: t('ops.tokens.lastUsedLabel'), sortValue: (x) => x.lastUsedAt,
              render: (x) => (x.lastUsedAt ? new Date(x.lastUsedAt).toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' }) : t('ops.tokens.neverUsed')) },
            { key: 'manage', label: t('ops.rules.manage'), render: (x) => (
              <button type="button" className="btn btn-ghost btn-small" aria-label={t('ops.tokens.revokeNamed', { name: x.name })} onClick={() => setRevoking(x)}>{t('ops.tokens.revoke')}</button>
            ) },
          ]} />
      </Card>
      <Card wide title={t('ops.tokens.create')}>
        <Problem text={problem} />
        <form className="builder" onSubmit={(e) => { e.preventDefault(); void attempt(async () => setToken((await http.post<{ token: string }>('/api/tokens', { name, kind, scopes })).token), setProblem, () => { setName(''); setProblem(null); reload(); }); }}>
          <div className="form-grid">
            <Field label={t('ops.name')} help={t('ops.tokens.nameHelp')}>{(p) => <input {...p} required value={name} onChange={(e) => setName(e.target.value)} />}</Field>
            <Field label={t('ops.tokens.kindLabel')} help={t('ops.tokens.kindHelp')}>
              {(p) => <select {...p} value={kind} onChange={(e) => setKind(e.target.value)}><option value="personal">{t('ops.tokens.kind.personal')}</option><option value="bot">{t('ops.tokens.kind.bot')}</option></select>}
            </Field>
          </div>
          <CheckGroup legend={t('ops.tokens.scopes')} value={scopes} onChange={setScopes} options={SCOPES.map((s) => ({ value: s, label: scopeLabel(s) }))} />
          <div className="modal-actions"><button type="submit" className="btn btn-primary" disabled={!scopes.length}>{t('ops.tokens.create')}</button></div>
        </form>
      </Card>
      {revoking && (
        <ConfirmDialog title={t('ops.tokens.revokeNamed', { name: revoking.name })} confirmLabel={t('ops.tokens.revoke')} danger onClose={() => setRevoking(null)}
          onConfirm={async () => { await http.del(`/api/tokens/${revoking.id}`); reload(); }}>
          <p>{t('ops.tokens.revokeConsequence')}</p>
        </ConfirmDialog>
      )}
    </section>
  );
}

interface Feedback { id: string; conversationId: string; contactName: string | null; channel: string; rating: number; comment: string | null; answeredAt: string }

export function FeedbackView() {
  const { t, locale } = useI18n();
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
            { key: 'when', label: t('ops.when'), render: (f) => new Date(f.answeredAt).toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' }), sortValue: (f) => f.answeredAt },
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
  const { t, locale } = useI18n();
  const { data, error, reload } = useLoad<{ items: AuditEntry[] }>('/api/audit');
  return (
    <section aria-label={t('ops.tab.audit')} className="ds-grid">
      <Card wide>
        <DataTable<AuditEntry>
          label={t('ops.tab.audit')} rows={data?.items ?? null} error={error} onRetry={reload} rowKey={(a) => a.id} maxHeight="70vh"
          empty={{ icon: 'clock', title: t('ops.audit.empty') }}
          initialSort={{ key: 'when', dir: 'desc' }}
          columns={[
            { key: 'when', label: t('ops.when'), render: (a) => new Date(a.createdAt).toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' }), sortValue: (a) => a.createdAt },
            { key: 'who', label: t('ops.audit.who'), render: (a) => a.actorEmail ?? t('ops.audit.system'), sortValue: (a) => a.actorEmail },
            { key: 'action', label: t('ops.audit.action'), render: (a) => <code dir="ltr">{a.action}</code>, sortValue: (a) => a.action },
            { key: 'target', label: t('ops.audit.target'), render: (a) => <bdi>{a.targetType} {a.targetId}</bdi> },
          ]}
        />
      </Card>
    </section>
  );
}
