// A rule in three steps: when (the event), if (conditions in all/any groups), then (actions); tried on a past
// conversation before it is saved.
import { useState } from 'react';
import { fieldErrors, http } from '../../../api/http';
import { labelFor, useI18n, type Translate } from '../../../i18n/i18n';
import { ConditionBuilder, type Group } from '../../../ui/ConditionBuilder';
import { Field } from '../../../ui/Field';
import { ActionsEditor, newAction, type RuleAction } from './ActionsEditor';
import { DryRun } from './DryRun';
import { RULE_EVENTS, type Vocabulary } from './vocabulary';

export interface Rule { id: string; name: string; event: string; enabled: boolean; position: number; conditions: Group; actions: RuleAction[] }

const SETTING_KEYS = ['label', 'priority', 'status', 'shortCode', 'title', 'body'] as const;

/** One line per action in the reader's words ("Set priority: High"). */
export function actionDescriber(t: Translate, v: Vocabulary) {
  return (a: RuleAction) => {
    const kind = t(`ops.rules.actionType.${a.type}`);
    const pick = (list: { value: string; label: string }[], id: unknown) => list.find((o) => o.value === id)?.label ?? String(id);
    if ('agentId' in a) return `${kind}: ${pick(v.agents, a.agentId)}`;
    if ('teamId' in a) return `${kind}: ${pick(v.teams, a.teamId)}`;
    if ('policyId' in a) return `${kind}: ${pick(v.policies, a.policyId)}`;
    if ('subscriptionId' in a) return `${kind}: ${pick(v.webhooks, a.subscriptionId)}`;
    if ('priority' in a) return `${kind}: ${labelFor(t, 'priority', String(a.priority))}`;
    if ('status' in a) return `${kind}: ${labelFor(t, 'status', String(a.status))}`;
    const setting = SETTING_KEYS.find((k) => k in a);
    return setting ? `${kind}: ${String(a[setting])}` : kind;
  };
}

export function RuleEditor({ rule, vocabulary, onSaved, onCancel }: { rule: Rule | null; vocabulary: Vocabulary; onSaved: () => void; onCancel: () => void }) {
  const { t } = useI18n();
  const [name, setName] = useState(rule?.name ?? '');
  const [event, setEvent] = useState(rule?.event ?? 'message.created');
  const [conditions, setConditions] = useState<Group>(rule?.conditions ?? { all: [] });
  const [actions, setActions] = useState<RuleAction[]>(rule?.actions ?? [newAction('add_label', vocabulary)]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const describeAction = actionDescriber(t, vocabulary);
  const draft = () => ({ name: name.trim() || t('ops.rules.untitled'), event, conditions, actions });

  const save = async () => {
    const body = { ...draft(), name: name.trim() };
    if (!body.name) { setErrors({ name: t('ops.rules.nameRequired') }); return; }
    try {
      if (rule) await http.patch(`/api/rules/${rule.id}`, body);
      else await http.post('/api/rules', body);
      onSaved();
    } catch (e) {
      setErrors(fieldErrors(e));
      setProblem((e as Error).message);
    }
  };
  const actionErrors = Object.entries(errors).filter(([k]) => k.startsWith('actions')).map(([, v]) => v).join(' · ');
  const conditionErrors = Object.entries(errors).filter(([k]) => k.startsWith('conditions')).map(([, v]) => v).join(' · ');
  return (
    <form className="builder" aria-label={rule ? t('ops.rules.editTitle', { name: rule.name }) : t('ops.rules.new')} onSubmit={(e) => { e.preventDefault(); void save(); }}>
      {problem && <p className="notice notice-error" role="alert">{problem}</p>}
      <div className="form-grid">
        <Field label={t('ops.rules.name')} error={errors.name} help={t('ops.rules.nameHelp')}>
          {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} />}
        </Field>
        <Field label={t('ops.rules.when')} help={t('ops.rules.whenHelp')}>
          {(p) => (
            <select {...p} value={event} onChange={(e) => setEvent(e.target.value)}>
              {RULE_EVENTS.map((ev) => <option key={ev} value={ev}>{labelFor(t, 'event', ev)}</option>)}
            </select>
          )}
        </Field>
      </div>
      <div className="builder-step">
        <h3 className="builder-step-title">{t('ops.rules.if')}</h3>
        <ConditionBuilder value={conditions} onChange={setConditions} fields={vocabulary.fields} />
        {conditionErrors && <p className="field-error">{conditionErrors}</p>}
      </div>
      <div className="builder-step">
        <h3 className="builder-step-title">{t('ops.rules.then')}</h3>
        <ActionsEditor actions={actions} onChange={setActions} vocabulary={vocabulary} />
        {actionErrors && <p className="field-error">{actionErrors}</p>}
      </div>
      <div className="builder-step">
        <h3 className="builder-step-title">{t('ops.rules.dry.title')}</h3>
        <DryRun draft={draft} fields={vocabulary.fields} describeAction={describeAction} />
      </div>
      <div className="modal-actions">
        <button type="button" className="btn btn-secondary" onClick={onCancel}>{t('common.cancel')}</button>
        <button type="submit" className="btn btn-primary">{rule ? t('common.save') : t('ops.rules.create')}</button>
      </div>
    </form>
  );
}
