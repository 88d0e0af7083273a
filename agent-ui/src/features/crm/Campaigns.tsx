import { useState } from 'react';
import { inboxes as inboxApi } from '../../api/endpoints';
import { crm } from './api';
import { useLoad } from './useLoad';

const OUTBOUND = ['email', 'sms', 'web', 'whatsapp', 'telegram'];

/** Campaign composer (segment, channel inbox, template with placeholders, schedule, quiet hours) and reports. */
export function Campaigns() {
  const segments = useLoad(() => crm.segments());
  const inboxes = useLoad(() => inboxApi.list());
  const list = useLoad(() => crm.campaigns());
  const [form, setForm] = useState({ name: '', segmentId: '', inboxId: '', subject: '', template: 'Hi {{contact.first_name | "there"}}, ', scheduledAt: '', quiet: false });
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const report = useLoad(() => (open ? crm.report(open) : Promise.resolve(null)), [open]);
  const channel = inboxes.data?.find((i) => i.id === form.inboxId)?.channel;
  const set = (patch: Partial<typeof form>) => setForm({ ...form, ...patch });

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
        <h2 id="camp-new">New campaign</h2>
        <div className="crm-form">
          <label className="field"><span>Name</span><input value={form.name} onChange={(e) => set({ name: e.target.value })} /></label>
          <label className="field"><span>Segment</span>
            <select value={form.segmentId} onChange={(e) => set({ segmentId: e.target.value })}>
              <option value="">Choose…</option>{segments.data?.map((s) => <option key={s.id} value={s.id}>{s.name} ({s.count})</option>)}
            </select>
          </label>
          <label className="field"><span>Send from</span>
            <select value={form.inboxId} onChange={(e) => set({ inboxId: e.target.value })}>
              <option value="">Choose…</option>{inboxes.data?.filter((i) => OUTBOUND.includes(i.channel)).map((i) => <option key={i.id} value={i.id}>{i.name} ({i.channel})</option>)}
            </select>
          </label>
          {channel === 'email' && <label className="field"><span>Subject</span><input value={form.subject} onChange={(e) => set({ subject: e.target.value })} /></label>}
          <label className="field crm-span"><span>Message</span>
            <textarea rows={4} value={form.template} onChange={(e) => set({ template: e.target.value })} />
            <span className="muted small">{'Placeholders: {{contact.first_name}}, {{contact.company}}, {{contact.<custom field>}}; fallback: {{contact.first_name | "there"}}'}</span>
          </label>
          <label className="field"><span>Send at (empty = now)</span><input type="datetime-local" value={form.scheduledAt} onChange={(e) => set({ scheduledAt: e.target.value })} /></label>
          <label className="check-row"><input type="checkbox" checked={form.quiet} onChange={(e) => set({ quiet: e.target.checked })} /> Respect quiet hours (21:00–08:00 in each contact's time zone)</label>
        </div>
        <div className="crm-toolbar">
          <button type="button" className="btn btn-small btn-secondary" disabled={!form.name || !form.segmentId || !form.inboxId} onClick={() => void submit(false)}>Save draft</button>
          <button type="button" className="btn btn-small btn-primary" disabled={!form.name || !form.segmentId || !form.inboxId} onClick={() => void submit(true)}>{form.scheduledAt ? 'Schedule' : 'Send now'}</button>
        </div>
        {error && <p className="notice notice-error">{error}</p>}
      </section>
      <section className="crm-card">
        <h2>Campaigns</h2>
        <ul className="crm-list">
          {list.data?.map((c) => (
            <li key={c.id}>
              <button type="button" className="btn-link crm-list-title" onClick={() => setOpen(c.id)}>{c.name}</button>
              <span className="muted small">{c.status}{c.scheduledAt ? ` · ${new Date(c.scheduledAt).toLocaleString()}` : ''}</span>
              {c.status === 'draft' && <button type="button" className="btn btn-tiny btn-primary" onClick={() => void crm.launch(c.id).then(list.reload)}>Send</button>}
            </li>
          ))}
        </ul>
      </section>
      {report.data && (
        <section className="crm-card" aria-labelledby="camp-report">
          <h2 id="camp-report">Report: {report.data.campaign.name}</h2>
          <p data-testid="campaign-status">{report.data.campaign.status} · {Object.entries(report.data.counts).map(([k, v]) => `${k} ${v}`).join(' · ') || 'no recipients yet'}</p>
          <button type="button" className="btn btn-tiny btn-secondary" onClick={report.reload}>Refresh</button>
          <table className="crm-table">
            <thead><tr><th>Recipient</th><th>Status</th><th>Note</th></tr></thead>
            <tbody>
              {report.data.recipients.map((r) => (
                <tr key={r.contactId}>
                  <td>{r.name ?? r.email ?? r.phone}</td><td>{r.status}</td>
                  <td>{r.reason}{r.conversationId && <a href={`/c/${r.conversationId}`}> conversation</a>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </div>
  );
}
