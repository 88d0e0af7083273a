// SLA: the policies (targets in minutes, wall-clock or business hours), each inbox's business-hour calendar,
// and the conversations at risk of missing a target or already past it.
import { useState } from 'react';
import { fieldErrors, http } from '../../../api/http';
import { useMe } from '../../../app/session';
import { useI18n } from '../../../i18n/i18n';
import { Card } from '../../../ui/Card';
import { ConfirmDialog } from '../../../ui/ConfirmDialog';
import { DataTable } from '../../../ui/DataTable';
import { Field, Toggle } from '../../../ui/Field';
import { Icon } from '../../../ui/Icon';
import { useToast } from '../../../ui/Toasts';
import { useLoad } from '../../../ui/useLoad';
import { BusinessHoursCard } from './BusinessHours';

interface Policy { id: string; name: string; firstResponseMinutes: number | null; nextResponseMinutes: number | null; resolutionMinutes: number | null; businessHours: boolean }
type Draft = { name: string; firstResponseMinutes: string; nextResponseMinutes: string; resolutionMinutes: string; businessHours: boolean };
const TARGETS = ['firstResponseMinutes', 'nextResponseMinutes', 'resolutionMinutes'] as const;
const toDraft = (p: Policy | null): Draft => ({
  name: p?.name ?? '', businessHours: p?.businessHours ?? true,
  firstResponseMinutes: String(p?.firstResponseMinutes ?? (p ? '' : 60)), nextResponseMinutes: String(p?.nextResponseMinutes ?? ''),
  resolutionMinutes: String(p?.resolutionMinutes ?? (p ? '' : 1440)),
});

function PolicyForm({ policy, onDone }: { policy: Policy | null; onDone: () => void }) {
  const { t } = useI18n();
  const toast = useToast();
  const [draft, setDraft] = useState(() => toDraft(policy));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const minutes = (v: string) => (v.trim() ? Number(v) : null);
  const save = async () => {
    const body = { name: draft.name, businessHours: draft.businessHours, ...Object.fromEntries(TARGETS.map((k) => [k, minutes(draft[k])])) };
    try {
      if (policy) await http.patch(`/api/sla/policies/${policy.id}`, body);
      else await http.post('/api/sla/policies', body);
      toast(t('ops.sla.saved'));
      onDone();
    } catch (e) {
      setErrors(fieldErrors(e));
      toast((e as Error).message, 'error');
    }
  };
  return (
    <form className="builder" aria-label={policy ? t('ops.sla.editNamed', { name: policy.name }) : t('ops.sla.add')} onSubmit={(e) => { e.preventDefault(); void save(); }}>
      <div className="form-grid">
        <Field label={t('ops.name')} error={errors.name}>{(p) => <input {...p} required value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} />}</Field>
        {TARGETS.map((k) => (
          <Field key={k} label={t(`ops.sla.target.${k}`)} help={t('ops.sla.minutesHelp')} error={errors[k]}>
            {(p) => <input {...p} type="number" min={1} value={draft[k]} onChange={(e) => setDraft({ ...draft, [k]: e.target.value })} />}
          </Field>
        ))}
      </div>
      <Toggle label={t('ops.sla.businessHours')} help={t('ops.sla.businessHoursHelp')} checked={draft.businessHours} onChange={(businessHours) => setDraft({ ...draft, businessHours })} />
      <div className="modal-actions">
        {policy && <button type="button" className="btn btn-secondary" onClick={onDone}>{t('common.cancel')}</button>}
        <button type="submit" className="btn btn-primary">{policy ? t('common.save') : t('ops.sla.add')}</button>
      </div>
    </form>
  );
}

function ConversationList({ state }: { state: 'at_risk' | 'breached' }) {
  const { t } = useI18n();
  const { data, error, reload } = useLoad<{ items: { conversationId: string; sla: { policyName: string } }[] }>(`/api/sla/conversations?state=${state}`);
  return (
    <Card title={t(state === 'at_risk' ? 'ops.sla.atRisk' : 'ops.sla.breached', { count: data?.items.length ?? 0 })}>
      <DataTable label={t(state === 'at_risk' ? 'ops.sla.atRiskLabel' : 'ops.sla.breachedLabel')} rows={data?.items ?? null} error={error} onRetry={reload}
        rowKey={(r) => r.conversationId} empty={{ icon: 'check', title: t(state === 'at_risk' ? 'ops.sla.noneAtRisk' : 'ops.sla.noneBreached') }}
        columns={[
          { key: 'c', label: t('ops.sla.conversation'), rowHeader: true, render: (r) => <a href={`/c/${r.conversationId}`}>{t('ops.sla.openConversation', { id: r.conversationId.slice(0, 8) })}</a> },
          { key: 'p', label: t('ops.sla.policy'), render: (r) => r.sla.policyName, sortValue: (r) => r.sla.policyName },
        ]} />
    </Card>
  );
}

export function SlaView() {
  const { t } = useI18n();
  const isAdmin = useMe().role === 'admin';
  const policies = useLoad<{ items: Policy[] }>('/api/sla/policies');
  const [editing, setEditing] = useState<Policy | null>(null);
  const [deleting, setDeleting] = useState<Policy | null>(null);
  const target = (m: number | null) => (m === null ? '—' : t('ops.sla.minutes', { count: m }));
  return (
    <section aria-label={t('ops.tab.sla')} className="ds-grid">
      <Card wide title={t('ops.sla.policies')} description={t('ops.sla.policiesIntro')}>
        <DataTable<Policy> label={t('ops.sla.policies')} rows={policies.data?.items ?? null} error={policies.error} onRetry={policies.reload} rowKey={(p) => p.id}
          empty={{ icon: 'clock', title: t('ops.sla.empty'), body: isAdmin ? t('ops.sla.emptyHelp') : undefined }}
          columns={[
            { key: 'name', label: t('ops.name'), rowHeader: true, render: (p) => p.name, sortValue: (p) => p.name },
            ...TARGETS.map((k) => ({ key: k, label: t(`ops.sla.target.${k}`), numeric: true, render: (p: Policy) => target(p[k]), sortValue: (p: Policy) => p[k] })),
            { key: 'hours', label: t('ops.sla.clock'), render: (p) => <span className={p.businessHours ? 'pill pill-on' : 'pill'}>{t(p.businessHours ? 'ops.sla.businessHours' : 'ops.sla.wallClock')}</span> },
            ...(isAdmin ? [{ key: 'manage', label: t('ops.rules.manage'), render: (p: Policy) => (
              <div className="row-actions">
                <button type="button" className="btn btn-secondary btn-small" aria-label={t('ops.sla.editNamed', { name: p.name })} onClick={() => setEditing(p)}>{t('common.edit')}</button>
                <button type="button" className="btn btn-ghost btn-small" aria-label={t('ops.sla.deleteNamed', { name: p.name })} onClick={() => setDeleting(p)}>{t('common.delete')}</button>
              </div>
            ) }] : []),
          ]} />
        {isAdmin && (
          <div className="builder-step">
            <h3 className="builder-step-title"><Icon name="plus" size={12} /> {editing ? t('ops.sla.editNamed', { name: editing.name }) : t('ops.sla.add')}</h3>
            <PolicyForm key={editing?.id ?? 'new'} policy={editing} onDone={() => { setEditing(null); policies.reload(); }} />
          </div>
        )}
      </Card>
      {isAdmin && <BusinessHoursCard />}
      <ConversationList state="at_risk" />
      <ConversationList state="breached" />
      {deleting && (
        <ConfirmDialog title={t('ops.sla.deleteNamed', { name: deleting.name })} confirmLabel={t('common.delete')} danger onClose={() => setDeleting(null)}
          onConfirm={async () => { await http.del(`/api/sla/policies/${deleting.id}`); policies.reload(); }}>
          <p>{t('ops.sla.deleteConsequence')}</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
