// The "then" half of a rule: an ordered list of actions, each with the control its one setting needs.
import { labelFor, useI18n } from '../../../i18n/i18n';
import { Icon } from '../../../ui/Icon';
import { ACTION_TYPES, PRIORITIES, RULE_STATUSES, type ActionType, type Option, type Vocabulary } from './vocabulary';

export type RuleAction = { type: ActionType } & Record<string, unknown>;

/** The settings a fresh action of this type starts with (the first value it can take). */
export function newAction(type: ActionType, v: Vocabulary): RuleAction {
  switch (type) {
    case 'assign_agent': return { type, agentId: v.agents[0]?.value ?? '' };
    case 'assign_team': return { type, teamId: v.teams[0]?.value ?? '' };
    case 'add_label': case 'remove_label': return { type, label: v.labels[0]?.value ?? '' };
    case 'set_priority': return { type, priority: 'high' };
    case 'set_status': return { type, status: 'pending' };
    case 'send_message': case 'add_note': return { type, body: '' };
    case 'send_template': return { type, shortCode: v.templates[0]?.value ?? '' };
    case 'create_task': return { type, title: '', dueInMinutes: 60 };
    case 'apply_sla': return { type, policyId: v.policies[0]?.value ?? '' };
    case 'send_webhook': return { type, subscriptionId: v.webhooks[0]?.value ?? '' };
    default: return { type };
  }
}

function Choice({ label, value, options, onChange, empty }: { label: string; value: unknown; options: Option[]; onChange: (v: string) => void; empty: string }) {
  if (!options.length) return <span className="muted small">{empty}</span>;
  return (
    <select aria-label={label} value={String(value ?? '')} onChange={(e) => onChange(e.target.value)}>
      {options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
    </select>
  );
}

function ActionSettings({ action, v, set }: { action: RuleAction; v: Vocabulary; set: (patch: Record<string, unknown>) => void }) {
  const { t } = useI18n();
  const named = (prefix: string, values: string[]) => values.map((x) => ({ value: x, label: labelFor(t, prefix, x) }));
  switch (action.type) {
    case 'assign_agent': return <Choice label={t('ops.rules.action.agent')} value={action.agentId} options={v.agents} empty={t('ops.rules.none.agents')} onChange={(agentId) => set({ agentId })} />;
    case 'assign_team': return <Choice label={t('ops.rules.action.team')} value={action.teamId} options={v.teams} empty={t('ops.rules.none.teams')} onChange={(teamId) => set({ teamId })} />;
    case 'add_label': case 'remove_label': return <Choice label={t('ops.rules.action.label')} value={action.label} options={v.labels} empty={t('ops.rules.none.labels')} onChange={(label) => set({ label })} />;
    case 'set_priority': return <Choice label={t('ops.rules.action.priority')} value={action.priority} options={named('priority', PRIORITIES)} empty="" onChange={(priority) => set({ priority })} />;
    case 'set_status': return <Choice label={t('ops.rules.action.status')} value={action.status} options={named('status', RULE_STATUSES)} empty="" onChange={(status) => set({ status })} />;
    case 'send_template': return <Choice label={t('ops.rules.action.template')} value={action.shortCode} options={v.templates} empty={t('ops.rules.none.templates')} onChange={(shortCode) => set({ shortCode })} />;
    case 'apply_sla': return <Choice label={t('ops.rules.action.policy')} value={action.policyId} options={v.policies} empty={t('ops.rules.none.policies')} onChange={(policyId) => set({ policyId })} />;
    case 'send_webhook': return <Choice label={t('ops.rules.action.webhook')} value={action.subscriptionId} options={v.webhooks} empty={t('ops.rules.none.webhooks')} onChange={(subscriptionId) => set({ subscriptionId })} />;
    case 'send_message': case 'add_note':
      return <textarea aria-label={t(action.type === 'add_note' ? 'ops.rules.action.note' : 'ops.rules.action.message')} value={String(action.body ?? '')} onChange={(e) => set({ body: e.target.value })} />;
    case 'create_task':
      return (
        <>
          <input type="text" aria-label={t('ops.rules.action.taskTitle')} placeholder={t('ops.rules.action.taskTitle')} value={String(action.title ?? '')} onChange={(e) => set({ title: e.target.value })} />
          <label className="builder-row">
            <span className="small">{t('ops.rules.action.dueIn')}</span>
            <input type="number" min={1} value={String(action.dueInMinutes ?? '')} onChange={(e) => set({ dueInMinutes: e.target.value ? Number(e.target.value) : undefined })} />
          </label>
        </>
      );
    default: return null;
  }
}

export function ActionsEditor({ actions, onChange, vocabulary }: { actions: RuleAction[]; onChange: (a: RuleAction[]) => void; vocabulary: Vocabulary }) {
  const { t } = useI18n();
  const replace = (i: number, a: RuleAction) => onChange(actions.map((x, j) => (j === i ? a : x)));
  return (
    <div className="builder">
      {actions.map((a, i) => (
        <div key={i} className="builder-row" role="group" aria-label={t('ops.rules.actionN', { n: i + 1 })}>
          <select aria-label={t('ops.rules.action.type')} value={a.type} onChange={(e) => replace(i, newAction(e.target.value as ActionType, vocabulary))}>
            {ACTION_TYPES.map((type) => <option key={type} value={type}>{t(`ops.rules.actionType.${type}`)}</option>)}
          </select>
          <ActionSettings action={a} v={vocabulary} set={(patch) => replace(i, { ...a, ...patch })} />
          <button type="button" className="btn btn-icon btn-small" aria-label={t('ops.rules.removeAction')} disabled={actions.length === 1}
            onClick={() => onChange(actions.filter((_, j) => j !== i))}><Icon name="x" /></button>
        </div>
      ))}
      <div className="builder-actions">
        <button type="button" className="btn btn-secondary btn-small" onClick={() => onChange([...actions, newAction('add_label', vocabulary)])}>
          <Icon name="plus" size={14} />{t('ops.rules.addAction')}
        </button>
      </div>
    </div>
  );
}
