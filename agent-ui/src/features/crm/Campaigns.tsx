import { useState } from 'react';
import { inboxes as inboxApi } from '../../api/endpoints';
import { labelFor, useI18n } from '../../i18n/i18n';
import { crm } from './api';
import { useLoad } from '../../ui/useLoad';

const OUTBOUND = ['email', 'sms', 'web', 'whatsapp', 'telegram'];

/** Campaign composer (segment, channel inbox, template with placeholders, schedule, quiet hours) and reports. */
export function Campaigns() {
  const { t } = useI18n();
  const segments = useLoad(() => crm.segments());
  const inboxes = useLoad(() => inboxApi.list());
  const list = useLoad(() => crm.campaigns());
  const [form, setForm] = useState({ name: '', segmentId: '', inboxId: '', subject: '', template: t('crm.campaigns.defaultTemplate'), scheduledAt: '', quiet: false });
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const report = useLoad(() => (open ? crm.report(open) : Promise.resolve(null)), [open]);
  const channel = inboxes.data?.find((i) => i.id === form.inboxId)?.channel;
  const set = (patch: Partial<typeof form>) => setForm({ ...form, ...patch });
  const status = (s: string) => labelFor(t, 'crm.campaignStatus', s);
  const recipientStatus = (s: string) => labelFor(t, 'crm.recipientStatus', s);

  const submit = async (launch: boolean) => {
    try {
      const c = await crm.createCampaign({
        name: form.name, segmentId: form.segmentId, inboxId: form.inboxId, template: form.template, launch,
        subject: channel === 'email' ? form.subject : null,
        scheduledAt: form.scheduledAt ? new Date(form.scheduledAt).toISOString() : null,
        quietHours: form.quiet ? { start: '21:00', end: '08:00' } : null,
        timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
      });
      setError(null);
      list.reload();
      setOpen(c.id);
    } catch (e) { setError((e as Error).message); }
  };

  return (
    <div className="crm-grid">
      <section className="crm-card crm-wide" aria-labelledby="camp-new">
        <h2 id="camp-new">{t('crm.campaigns.new')}</h2>
        <div className="crm-form">
          <label className="field"><span>{t('crm.campaigns.name')}</span><input value={form.name} onChange={(e) => set({ name: e.target.value })} /></label>
          <label className="field"><span>{t('crm.campaigns.segment')}</span>
            <select value={form.segmentId} onChange={(e) => set({ segmentId: e.target.value })}>
              <option value="">{t('crm.choose')}</option>{segments.data?.map((s) => <option key={s.id} value={s.id}>{s.name} ({s.count})</option>)}
            </select>
          </label>
          <label className="field"><span>{t('crm.campaigns.sendFrom')}</span>
            <select value={form.inboxId} onChange={(e) => set({ inboxId: e.target.value })}>
              <option value="">{t('crm.choose')}</option>{inboxes.data?.filter((i) => OUTBOUND.includes(i.channel)).map((i) => <option key={i.id} value={i.id}>{i.name} ({i.channel})</option>)}
            </select>
          </label>
          {channel === 'email' && <label className="field"><span>{t('crm.campaigns.subject')}</span><input value={form.subject} onChange={(e) => set({ subject: e.target.value })} /></label>}
          <label className="field crm-span"><span>{t('crm.campaigns.message')}</span>
            <textarea rows={4} value={form.template} onChange={(e) => set({ template: e.target.value })} />
            <span className="muted small" dir="auto">{t('crm.campaigns.placeholders')}</span>
          </label>
          <label className="field"><span>{t('crm.campaigns.sendAt')}</span><input type="datetime-local" value={form.scheduledAt} onChange={(e) => set({ scheduledAt: e.target.value })} /></label>
          <label className="check-row"><input type="checkbox" checked={form.quiet} onChange={(e) => set({ quiet: e.target.checked })} /> {t('crm.campaigns.quietHours')}</label>
        </div>
        <div className="crm-toolbar">
          <button type="button" className="btn btn-small btn-secondary" disabled={!form.name || !form.segmentId || !form.inboxId} onClick={() => void submit(false)}>{t('crm.campaigns.saveDraft')}</button>
          <button type="button" className="btn btn-small btn-primary" disabled={!form.name || !form.segmentId || !form.inboxId} onClick={() => void submit(true)}>{form.scheduledAt ? t('crm.campaigns.schedule') : t('crm.campaigns.sendNow')}</button>
        </div>
        {error && <p className="notice notice-error">{error}</p>}
      </section>
      <section className="crm-card">
        <h2>{t('crm.campaigns.title')}</h2>
        <ul className="crm-list">
          {list.data?.map((c) => (
            <li key={c.id}>
              <button type="button" className="btn-link crm-list-title" onClick={() => setOpen(c.id)}>{c.name}</button>
              <span className="muted small">{status(c.status)}{c.scheduledAt ? ` · ${new Date(c.scheduledAt).toLocaleString()}` : ''}</span>
              {c.status === 'draft' && <button type="button" className="btn btn-tiny btn-primary" onClick={() => void crm.launch(c.id).then(list.reload)}>{t('crm.campaigns.send')}</button>}
            </li>
          ))}
        </ul>
      </section>
      {report.data && (
        <section className="crm-card" aria-labelledby="camp-report">
          <h2 id="camp-report">{t('crm.campaigns.report', { name: report.data.campaign.name })}</h2>
          <p data-testid="campaign-status">{status(report.data.campaign.status)} · {Object.entries(report.data.counts).map(([k, v]) => `${recipientStatus(k)} ${v}`).join(' · ') || t('crm.campaigns.noRecipients')}</p>
          <button type="button" className="btn btn-tiny btn-secondary" onClick={report.reload}>{t('crm.refresh')}</button>
          <table className="crm-table">
            <thead><tr><th>{t('crm.campaigns.recipient')}</th><th>{t('crm.campaigns.status')}</th><th>{t('crm.campaigns.note')}</th></tr></thead>
            <tbody>
              {report.data.recipients.map((r) => (
                <tr key={r.contactId}>
                  <td>{r.name ?? r.email ?? r.phone}</td><td>{recipientStatus(r.status)}</td>
                  <td>{r.reason}{r.conversationId && <a href={`/c/${r.conversationId}`}> {t('crm.campaigns.conversation')}</a>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </div>
  );
}
