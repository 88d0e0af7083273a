import { useRef, useState } from 'react';
import { inboxes as inboxApi } from '../../api/endpoints';
import { labelFor, useI18n } from '../../i18n/i18n';
import { Card } from '../../ui/Card';
import { DataTable, type Column } from '../../ui/DataTable';
import { Field, Toggle } from '../../ui/Field';
import { useLoad } from '../../ui/useLoad';
import { crm, type Campaign, type CampaignReport } from './api';
import { DateInput } from '../../ui/DateInput';

const OUTBOUND = ['email', 'sms', 'web', 'whatsapp', 'telegram'];
type Recipient = CampaignReport['recipients'][number];

/** Campaign composer (segment, channel inbox, template with placeholders, schedule, quiet hours) and reports. */
export function Campaigns() {
  const { t, locale } = useI18n();
  const segments = useLoad(() => crm.segments());
  const inboxes = useLoad(() => inboxApi.list());
  const list = useLoad(() => crm.campaigns());
  const [form, setForm] = useState({ name: '', segmentId: '', inboxId: '', subject: '', template: t('crm.campaigns.defaultTemplate'), scheduledAt: '', quiet: false });
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const report = useLoad(() => (open ? crm.report(open) : Promise.resolve(null)), [open]);
  const nameRef = useRef<HTMLInputElement>(null);
  const channel = inboxes.data?.find((i) => i.id === form.inboxId)?.channel;
  const set = (patch: Partial<typeof form>) => setForm({ ...form, ...patch });
  const status = (s: string) => labelFor(t, 'crm.campaignStatus', s);
  const recipientStatus = (s: string) => labelFor(t, 'crm.recipientStatus', s);
  const ready = Boolean(form.name && form.segmentId && form.inboxId);

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

  const campaignColumns: Column<Campaign>[] = [
    { key: 'name', label: t('crm.campaigns.name'), rowHeader: true, sortValue: (c) => c.name,
      render: (c) => <button type="button" className="btn-link" aria-pressed={open === c.id} onClick={() => setOpen(c.id)}>{c.name}</button> },
    { key: 'status', label: t('crm.campaigns.status'), sortValue: (c) => status(c.status), render: (c) => <span className="pill">{status(c.status)}</span> },
    { key: 'when', label: t('crm.campaigns.when'), sortValue: (c) => c.scheduledAt ?? c.createdAt, render: (c) => new Date(c.scheduledAt ?? c.createdAt).toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' }) },
    { key: 'actions', label: t('crm.segments.actions'), render: (c) => c.status === 'draft'
      ? <div className="row-actions"><button type="button" className="btn btn-primary btn-small" aria-label={t('crm.campaigns.sendOf', { name: c.name })} onClick={() => void crm.launch(c.id).then(list.reload, (e: Error) => setError(e.message))}>{t('crm.campaigns.send')}</button></div>
      : null },
  ];
  const recipientColumns: Column<Recipient>[] = [
    { key: 'who', label: t('crm.campaigns.recipient'), rowHeader: true, sortValue: (r) => r.name ?? r.email ?? r.phone, render: (r) => r.name ?? r.email ?? r.phone },
    { key: 'status', label: t('crm.campaigns.status'), sortValue: (r) => r.status, render: (r) => recipientStatus(r.status) },
    { key: 'note', label: t('crm.campaigns.note'), render: (r) => <>{r.reason}{r.conversationId && <a href={`/c/${r.conversationId}`}> {t('crm.campaigns.conversation')}</a>}</> },
  ];

  return (
    <div className="ds-grid">
      <Card wide title={t('crm.campaigns.new')}>
        <div className="form-grid">
          <Field label={t('crm.campaigns.name')}>{(p) => <input {...p} ref={nameRef} value={form.name} onChange={(e) => set({ name: e.target.value })} />}</Field>
          <Field label={t('crm.campaigns.segment')} help={segments.data && !segments.data.length ? t('crm.campaigns.noSegments') : undefined}>
            {(p) => (
              <select {...p} value={form.segmentId} onChange={(e) => set({ segmentId: e.target.value })}>
                <option value="">{t('crm.choose')}</option>{segments.data?.map((s) => <option key={s.id} value={s.id}>{s.name} ({s.count})</option>)}
              </select>
            )}
          </Field>
          <Field label={t('crm.campaigns.sendFrom')}>
            {(p) => (
              <select {...p} value={form.inboxId} onChange={(e) => set({ inboxId: e.target.value })}>
                <option value="">{t('crm.choose')}</option>{inboxes.data?.filter((i) => OUTBOUND.includes(i.channel)).map((i) => <option key={i.id} value={i.id}>{i.name} ({i.channel})</option>)}
              </select>
            )}
          </Field>
          {channel === 'email' && <Field label={t('crm.campaigns.subject')}>{(p) => <input {...p} value={form.subject} onChange={(e) => set({ subject: e.target.value })} />}</Field>}
          <Field label={t('crm.campaigns.sendAt')}>{(p) => <DateInput {...p} type="datetime-local" value={form.scheduledAt} onValue={(scheduledAt) => set({ scheduledAt })} />}</Field>
        </div>
        <Field label={t('crm.campaigns.message')} help={t('crm.campaigns.placeholders')}>
          {(p) => <textarea {...p} rows={4} dir="auto" value={form.template} onChange={(e) => set({ template: e.target.value })} />}
        </Field>
        <Toggle label={t('crm.campaigns.quietHours')} checked={form.quiet} onChange={(quiet) => set({ quiet })} />
        <div className="form-row">
          <button type="button" className="btn btn-secondary" disabled={!ready} onClick={() => void submit(false)}>{t('crm.campaigns.saveDraft')}</button>
          <button type="button" className="btn btn-primary" disabled={!ready} onClick={() => void submit(true)}>{form.scheduledAt ? t('crm.campaigns.schedule') : t('crm.campaigns.sendNow')}</button>
        </div>
        {error && <p className="field-error" role="alert">{error}</p>}
      </Card>
      <Card wide title={t('crm.campaigns.title')}>
        <DataTable label={t('crm.campaigns.title')} columns={campaignColumns} rows={list.data} rowKey={(c) => c.id} loading={list.loading && !list.data}
          error={list.error} onRetry={list.reload}
          empty={{ icon: 'send', title: t('crm.campaigns.empty'), body: (
            <>
              <p>{t('crm.campaigns.emptyHint')}</p>
              <button type="button" className="btn btn-secondary" onClick={() => nameRef.current?.focus()}>{t('crm.campaigns.start')}</button>
            </>
          ) }} />
      </Card>
      {report.data && (
        <Card wide title={t('crm.campaigns.report', { name: report.data.campaign.name })}
          actions={<button type="button" className="btn btn-secondary btn-small" onClick={report.reload}>{t('crm.refresh')}</button>}>
          <p data-testid="campaign-status">{status(report.data.campaign.status)} · {Object.entries(report.data.counts).map(([k, v]) => `${recipientStatus(k)} ${v}`).join(' · ') || t('crm.campaigns.noRecipients')}</p>
          <DataTable label={t('crm.campaigns.recipients')} columns={recipientColumns} rows={report.data.recipients} rowKey={(r) => r.contactId} maxHeight="50vh"
            empty={{ icon: 'users', title: t('crm.campaigns.noRecipients') }} />
        </Card>
      )}
    </div>
  );
}
