import { useState } from 'react';
import { labelFor, useI18n, type MessageKey } from '../../i18n/i18n';
import { crm, type Field } from './api';
import { useLoad } from '../../ui/useLoad';

const FIELD_TYPES = ['text', 'number', 'date', 'select', 'boolean', 'url'];
const RULE_KINDS: Record<string, { label: MessageKey; config: string }> = {
  page_visit: { label: 'crm.ruleKind.pageVisit', config: '{"pathContains":"/pricing"}' },
  message_keyword: { label: 'crm.ruleKind.keyword', config: '{"keywords":["price","cost"],"toBot":true}' },
  replied_within: { label: 'crm.ruleKind.repliedWithin', config: '{"hours":24}' },
  message_count: { label: 'crm.ruleKind.messageCount', config: '{"min":5}' },
  attribute: { label: 'crm.ruleKind.attribute', config: '{"field":"attr.plan","op":"eq","value":"pro"}' },
};

/** Admin: rename/add stages and set score thresholds, define custom fields, write scoring rules. */
export function Settings() {
  const { t } = useI18n();
  const stages = useLoad(() => crm.stages());
  const fields = useLoad(() => crm.fields());
  const rules = useLoad(() => crm.rules());
  const [error, setError] = useState<string | null>(null);
  const [stage, setStage] = useState({ key: '', label: '' });
  const [field, setField] = useState({ entity: 'contact', key: '', label: '', type: 'text', options: '' });
  const [rule, setRule] = useState({ name: '', kind: 'page_visit', config: RULE_KINDS.page_visit.config, points: 10, decay: '' });
  const attempt = (p: Promise<unknown>, after: () => void) => p.then(() => { setError(null); after(); }, (e: Error) => setError(e.message));

  return (
    <div className="crm-grid">
      {error && <p className="notice notice-error crm-wide">{error}</p>}
      <section className="crm-card">
        <h2>{t('crm.settings.stages')}</h2>
        <ol className="crm-list">
          {stages.data?.map((s) => (
            <li key={s.key}>
              <input aria-label={t('crm.settings.stageLabelOf', { key: s.key })} defaultValue={s.label} onBlur={(e) => e.target.value !== s.label && void attempt(crm.saveStage(s.key, { label: e.target.value }), stages.reload)} />
              <input aria-label={t('crm.settings.stageThresholdOf', { key: s.key })} type="number" placeholder={t('crm.settings.thresholdPlaceholder')} defaultValue={s.minScore ?? ''}
                onBlur={(e) => void attempt(crm.saveStage(s.key, { label: s.label, minScore: e.target.value === '' ? null : Number(e.target.value) }), stages.reload)} />
            </li>
          ))}
        </ol>
        <div className="crm-toolbar">
          <input aria-label={t('crm.settings.newStageKey')} placeholder={t('crm.settings.stageKeyPlaceholder')} value={stage.key} onChange={(e) => setStage({ ...stage, key: e.target.value })} />
          <input aria-label={t('crm.settings.newStageLabel')} placeholder={t('crm.settings.labelPlaceholder')} value={stage.label} onChange={(e) => setStage({ ...stage, label: e.target.value })} />
          <button type="button" className="btn btn-small btn-secondary" onClick={() => void attempt(crm.saveStage(stage.key, { label: stage.label }), () => { setStage({ key: '', label: '' }); stages.reload(); })}>{t('crm.settings.addStage')}</button>
        </div>
      </section>
      <section className="crm-card">
        <h2>{t('crm.settings.fields')}</h2>
        <ul className="crm-list">{fields.data?.map((f) => <li key={f.id}>{f.label} <span className="muted small">{labelFor(t, 'crm.entity', f.entity)} · {f.key} · {labelFor(t, 'crm.fieldType', f.type)}{f.options.length ? ` (${f.options.join(', ')})` : ''}</span></li>)}</ul>
        <div className="crm-toolbar">
          <select aria-label={t('crm.settings.fieldEntity')} value={field.entity} onChange={(e) => setField({ ...field, entity: e.target.value })}><option value="contact">{t('crm.entity.contact')}</option><option value="conversation">{t('crm.entity.conversation')}</option></select>
          <input aria-label={t('crm.settings.fieldKey')} placeholder={t('crm.settings.keyPlaceholder')} value={field.key} onChange={(e) => setField({ ...field, key: e.target.value })} />
          <input aria-label={t('crm.settings.fieldLabel')} placeholder={t('crm.settings.labelPlaceholder')} value={field.label} onChange={(e) => setField({ ...field, label: e.target.value })} />
          <select aria-label={t('crm.settings.fieldType')} value={field.type} onChange={(e) => setField({ ...field, type: e.target.value })}>{FIELD_TYPES.map((ft) => <option key={ft} value={ft}>{labelFor(t, 'crm.fieldType', ft)}</option>)}</select>
          {field.type === 'select' && <input aria-label={t('crm.settings.options')} placeholder={t('crm.settings.optionsPlaceholder')} value={field.options} onChange={(e) => setField({ ...field, options: e.target.value })} />}
          <button type="button" className="btn btn-small btn-secondary" onClick={() => void attempt(crm.addField({ ...field, options: field.options.split(',').map((o) => o.trim()).filter(Boolean) } as Omit<Field, 'id' | 'required'>), () => { setField({ ...field, key: '', label: '', options: '' }); fields.reload(); })}>{t('crm.settings.addField')}</button>
        </div>
      </section>
      <section className="crm-card crm-wide">
        <h2>{t('crm.settings.rules')}</h2>
        <ul className="crm-list">
          {rules.data?.map((r) => (
            <li key={r.id}>
              <span className="crm-list-title">{r.name}: <bdi>{r.points > 0 ? '+' : ''}{r.points}</bdi></span>
              <span className="muted small">{RULE_KINDS[r.kind] ? t(RULE_KINDS[r.kind].label) : r.kind} <bdi className="crm-mono">{JSON.stringify(r.config)}</bdi>{r.decayHalfLifeDays ? ` · ${t('crm.settings.halvesEvery', { days: r.decayHalfLifeDays })}` : ''}</span>
              <button type="button" className="btn btn-tiny btn-ghost" onClick={() => void attempt(crm.deleteRule(r.id), rules.reload)}>{t('common.delete')}</button>
            </li>
          ))}
        </ul>
        <div className="crm-toolbar">
          <input aria-label={t('crm.settings.ruleName')} placeholder={t('crm.settings.ruleNamePlaceholder')} value={rule.name} onChange={(e) => setRule({ ...rule, name: e.target.value })} />
          <select aria-label={t('crm.settings.ruleKind')} value={rule.kind} onChange={(e) => setRule({ ...rule, kind: e.target.value, config: RULE_KINDS[e.target.value].config })}>
            {Object.entries(RULE_KINDS).map(([k, v]) => <option key={k} value={k}>{t(v.label)}</option>)}
          </select>
          <input aria-label={t('crm.settings.ruleCondition')} className="crm-mono" dir="ltr" value={rule.config} onChange={(e) => setRule({ ...rule, config: e.target.value })} />
          <input aria-label={t('crm.settings.points')} type="number" value={rule.points} onChange={(e) => setRule({ ...rule, points: Number(e.target.value) })} />
          <input aria-label={t('crm.settings.halfLife')} type="number" placeholder={t('crm.settings.halfLifePlaceholder')} value={rule.decay} onChange={(e) => setRule({ ...rule, decay: e.target.value })} />
          <button type="button" className="btn btn-small btn-secondary" onClick={() => {
            let config: Record<string, unknown>;
            try { config = JSON.parse(rule.config); } catch { setError(t('crm.settings.invalidJson')); return; }
            void attempt(crm.addRule({ name: rule.name, kind: rule.kind, config, points: rule.points, decayHalfLifeDays: rule.decay ? Number(rule.decay) : null }), () => { setRule({ ...rule, name: '' }); rules.reload(); });
          }}>{t('crm.settings.addRule')}</button>
        </div>
      </section>
    </div>
  );
}
