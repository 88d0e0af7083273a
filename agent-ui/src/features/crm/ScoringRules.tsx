// Lead scoring rules: each one condition from the shared builder (a behaviour or a fact about the contact),
// points, and an optional half-life. Saved rules read as sentences, never as JSON.
import { useEffect, useState } from 'react';
import { useI18n } from '../../i18n/i18n';
import { Card } from '../../ui/Card';
import { ConditionRow, newCondition, type Condition, type FieldDef } from '../../ui/ConditionBuilder';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { DataTable, type Column } from '../../ui/DataTable';
import { Field } from '../../ui/Field';
import { attempt, useLoad } from '../../ui/useLoad';
import { crm, type Rule } from './api';
import { fromRule, toRule } from './scoringRule';

/** "Visited a page with a path containing /pricing", from the same labels the builder shows. */
function describe(c: Condition, fields: FieldDef[]): string {
  const field = fields.find((f) => f.id === c.field);
  if (!field) return c.field;
  const op = field.ops.find((o) => o.op === c.op);
  const value = op?.noValue ? '' : field.options?.find((o) => o.value === String(c.value))?.label ?? String(c.value ?? '');
  return [field.label, op?.label ?? c.op, value].filter(Boolean).join(' ');
}

export function ScoringRules({ fields }: { fields: FieldDef[] }) {
  const { t } = useI18n();
  const rules = useLoad(() => crm.rules());
  const [name, setName] = useState('');
  const [condition, setCondition] = useState<Condition>(() => newCondition(fields[0]));
  const [points, setPoints] = useState('10');
  const [halfLife, setHalfLife] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<Rule | null>(null);
  useEffect(() => { if (!fields.some((f) => f.id === condition.field)) setCondition(newCondition(fields[0])); }, [fields, condition.field]);

  const add = () => void attempt(
    () => crm.addRule({ name, ...toRule(condition), points: Number(points), decayHalfLifeDays: halfLife ? Number(halfLife) : null }),
    setProblem, () => { setName(''); setProblem(null); rules.reload(); },
  );
  const columns: Column<Rule>[] = [
    { key: 'name', label: t('crm.settings.ruleName'), rowHeader: true, sortValue: (r) => r.name, render: (r) => r.name },
    { key: 'when', label: t('crm.settings.ruleWhen'), render: (r) => <span data-testid="rule-condition">{describe(fromRule(r), fields)}</span> },
    { key: 'points', label: t('crm.settings.points'), numeric: true, sortValue: (r) => r.points, render: (r) => <bdi>{r.points > 0 ? '+' : ''}{r.points}</bdi> },
    { key: 'decay', label: t('crm.settings.halfLife'), render: (r) => (r.decayHalfLifeDays ? t('crm.settings.halvesEvery', { days: r.decayHalfLifeDays }) : t('crm.settings.noDecay')) },
    { key: 'actions', label: t('crm.segments.actions'), render: (r) => (
      <div className="row-actions">
        <button type="button" className="btn btn-ghost btn-small danger" aria-label={t('crm.segments.deleteOf', { name: r.name })} onClick={() => setDeleting(r)}>{t('common.delete')}</button>
      </div>
    ) },
  ];
  return (
    <Card wide title={t('crm.settings.rules')} description={t('crm.settings.rulesHelp')}>
      <DataTable label={t('crm.settings.rules')} columns={columns} rows={rules.data} rowKey={(r) => r.id} loading={rules.loading && !rules.data}
        error={rules.error} onRetry={rules.reload} empty={{ icon: 'activity', title: t('crm.settings.noRules'), body: t('crm.settings.noRulesHint') }} />
      <form className="builder" aria-label={t('crm.settings.addRule')} onSubmit={(e) => { e.preventDefault(); add(); }}>
        <Field label={t('crm.settings.ruleName')}>{(p) => <input {...p} required value={name} placeholder={t('crm.settings.ruleNamePlaceholder')} onChange={(e) => setName(e.target.value)} />}</Field>
        <div className="builder-step">
          <span className="builder-step-title">{t('crm.settings.ruleWhen')}</span>
          <ConditionRow c={condition} fields={fields} onChange={setCondition} />
        </div>
        <div className="form-row">
          <Field label={t('crm.settings.points')} help={t('crm.settings.pointsHelp')}>{(p) => <input {...p} type="number" required value={points} onChange={(e) => setPoints(e.target.value)} />}</Field>
          <Field label={t('crm.settings.halfLife')} help={t('crm.settings.halfLifeHelp')}>{(p) => <input {...p} type="number" min={1} value={halfLife} onChange={(e) => setHalfLife(e.target.value)} />}</Field>
        </div>
        {problem && <p className="field-error" role="alert">{problem}</p>}
        <div className="form-row"><button type="submit" className="btn btn-primary" disabled={!name.trim()}>{t('crm.settings.addRule')}</button></div>
      </form>
      {deleting && (
        <ConfirmDialog title={t('crm.segments.deleteOf', { name: deleting.name })} confirmLabel={t('common.delete')} danger onClose={() => setDeleting(null)}
          onConfirm={() => crm.deleteRule(deleting.id).then(rules.reload)}>
          <p>{t('crm.settings.deleteRuleWhat')}</p>
        </ConfirmDialog>
      )}
    </Card>
  );
}
