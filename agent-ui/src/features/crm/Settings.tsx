import { useState } from 'react';
import { labelFor, useI18n } from '../../i18n/i18n';
import { Card } from '../../ui/Card';
import { DataTable, type Column } from '../../ui/DataTable';
import { Field } from '../../ui/Field';
import { Spinner } from '../../ui/States';
import { attempt, useLoad } from '../../ui/useLoad';
import { crm, type Field as CustomField, type Stage } from './api';
import { ScoringRules } from './ScoringRules';
import { useCrmVocabulary } from './vocabulary';

const FIELD_TYPES = ['text', 'number', 'date', 'select', 'boolean', 'url'];

/** Admin: rename/add stages and set score thresholds, define custom fields, write scoring rules. */
export function Settings() {
  const { t } = useI18n();
  const vocabulary = useCrmVocabulary();
  const stages = useLoad(() => crm.stages());
  const fields = useLoad(() => crm.fields());
  const [problem, setProblem] = useState<string | null>(null);
  const [stage, setStage] = useState({ key: '', label: '' });
  const [field, setField] = useState({ entity: 'contact', key: '', label: '', type: 'text', options: '' });
  const act = (fn: Parameters<typeof attempt>[0], after: () => void) => void attempt(fn, setProblem, () => { setProblem(null); after(); });

  const stageColumns: Column<Stage>[] = [
    { key: 'key', label: t('crm.settings.stageKey'), rowHeader: true, render: (s) => <code>{s.key}</code> },
    { key: 'label', label: t('crm.settings.labelPlaceholder'), render: (s) => (
      <input aria-label={t('crm.settings.stageLabelOf', { key: s.key })} defaultValue={s.label}
        onBlur={(e) => e.target.value !== s.label && act(() => crm.saveStage(s.key, { label: e.target.value }), stages.reload)} />
    ) },
    { key: 'minScore', label: t('crm.settings.threshold'), render: (s) => (
      <input aria-label={t('crm.settings.stageThresholdOf', { key: s.key })} type="number" placeholder={t('crm.settings.thresholdPlaceholder')} defaultValue={s.minScore ?? ''}
        onBlur={(e) => act(() => crm.saveStage(s.key, { label: s.label, minScore: e.target.value === '' ? null : Number(e.target.value) }), stages.reload)} />
    ) },
  ];
  const fieldColumns: Column<CustomField>[] = [
    { key: 'label', label: t('crm.settings.fieldLabel'), rowHeader: true, sortValue: (f) => f.label, render: (f) => f.label },
    { key: 'key', label: t('crm.settings.fieldKey'), render: (f) => <code>{f.key}</code> },
    { key: 'entity', label: t('crm.settings.fieldEntity'), render: (f) => labelFor(t, 'crm.entity', f.entity) },
    { key: 'type', label: t('crm.settings.fieldType'), render: (f) => `${labelFor(t, 'crm.fieldType', f.type)}${f.options.length ? ` (${f.options.join(', ')})` : ''}` },
  ];

  return (
    <div className="ds-grid">
      {problem && <p className="notice notice-error ds-card-wide" role="alert">{problem}</p>}
      <Card title={t('crm.settings.stages')} description={t('crm.settings.stagesHelp')}>
        <DataTable label={t('crm.settings.stages')} columns={stageColumns} rows={stages.data} rowKey={(s) => s.key} loading={stages.loading && !stages.data}
          error={stages.error} onRetry={stages.reload} empty={{ icon: 'flag', title: t('crm.settings.noStages') }} />
        <form className="form-row" aria-label={t('crm.settings.addStage')}
          onSubmit={(e) => { e.preventDefault(); act(() => crm.saveStage(stage.key, { label: stage.label }), () => { setStage({ key: '', label: '' }); stages.reload(); }); }}>
          <Field label={t('crm.settings.newStageKey')}>{(p) => <input {...p} required placeholder={t('crm.settings.stageKeyPlaceholder')} value={stage.key} onChange={(e) => setStage({ ...stage, key: e.target.value })} />}</Field>
          <Field label={t('crm.settings.newStageLabel')}>{(p) => <input {...p} required value={stage.label} onChange={(e) => setStage({ ...stage, label: e.target.value })} />}</Field>
          <button type="submit" className="btn btn-secondary">{t('crm.settings.addStage')}</button>
        </form>
      </Card>
      <Card title={t('crm.settings.fields')} description={t('crm.settings.fieldsHelp')}>
        <DataTable label={t('crm.settings.fields')} columns={fieldColumns} rows={fields.data} rowKey={(f) => f.id} loading={fields.loading && !fields.data}
          error={fields.error} onRetry={fields.reload} empty={{ icon: 'tag', title: t('crm.settings.noFields'), body: t('crm.settings.noFieldsHint') }} />
        <form className="form-grid" aria-label={t('crm.settings.addField')}
          onSubmit={(e) => {
            e.preventDefault();
            act(() => crm.addField({ ...field, options: field.options.split(',').map((o) => o.trim()).filter(Boolean) } as Omit<CustomField, 'id' | 'required'>),
              () => { setField({ ...field, key: '', label: '', options: '' }); fields.reload(); });
          }}>
          <Field label={t('crm.settings.fieldEntity')}>
            {(p) => <select {...p} value={field.entity} onChange={(e) => setField({ ...field, entity: e.target.value })}><option value="contact">{t('crm.entity.contact')}</option><option value="conversation">{t('crm.entity.conversation')}</option></select>}
          </Field>
          <Field label={t('crm.settings.fieldKey')} help={t('crm.settings.fieldKeyHelp')}>{(p) => <input {...p} required value={field.key} onChange={(e) => setField({ ...field, key: e.target.value })} />}</Field>
          <Field label={t('crm.settings.fieldLabel')}>{(p) => <input {...p} required value={field.label} onChange={(e) => setField({ ...field, label: e.target.value })} />}</Field>
          <Field label={t('crm.settings.fieldType')}>
            {(p) => <select {...p} value={field.type} onChange={(e) => setField({ ...field, type: e.target.value })}>{FIELD_TYPES.map((ft) => <option key={ft} value={ft}>{labelFor(t, 'crm.fieldType', ft)}</option>)}</select>}
          </Field>
          {field.type === 'select' && <Field label={t('crm.settings.options')} help={t('crm.settings.optionsHelp')}>{(p) => <input {...p} required placeholder={t('crm.settings.optionsPlaceholder')} value={field.options} onChange={(e) => setField({ ...field, options: e.target.value })} />}</Field>}
          <div className="form-row"><button type="submit" className="btn btn-secondary">{t('crm.settings.addField')}</button></div>
        </form>
      </Card>
      {vocabulary ? <ScoringRules fields={vocabulary.scoring} /> : <Spinner label={t('common.loading')} />}
    </div>
  );
}
