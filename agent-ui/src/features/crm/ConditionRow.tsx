import { useI18n, type MessageKey } from '../../i18n/i18n';
import type { Condition, Field, Stage } from './api';

// Which operators each kind of field offers in the builder (the server validates the same set).
type Options = [string, MessageKey][];
const TEXT_OPS: Options = [['eq', 'crm.op.is'], ['neq', 'crm.op.isNot'], ['contains', 'crm.op.contains'], ['exists', 'crm.op.isSet'], ['not_exists', 'crm.op.isEmpty']];
const NUM_OPS: Options = [['gte', 'crm.op.atLeast'], ['lte', 'crm.op.atMost'], ['gt', 'crm.op.greater'], ['lt', 'crm.op.less'], ['eq', 'crm.op.equals']];
const BASE_FIELDS: Options = [
  ['stage', 'crm.field.stage'], ['score', 'crm.field.score'], ['name', 'crm.field.name'], ['email', 'crm.field.email'], ['phone', 'crm.field.phone'],
  ['company', 'crm.field.company'], ['country', 'crm.field.country'], ['label', 'crm.field.label'], ['channel', 'crm.field.channel'],
  ['lastSeen', 'crm.field.lastSeen'], ['conversation', 'crm.field.conversation'],
];

export function defaultCondition(field: string): Condition {
  switch (field) {
    case 'stage': return { field, op: 'in', value: ['lead'] };
    case 'score': return { field, op: 'gte', value: 50 };
    case 'label': case 'channel': return { field, op: 'has', value: field === 'label' ? 'billing' : 'email' };
    case 'lastSeen': return { field, op: 'within_days', value: 30 };
    case 'conversation': return { field, op: 'exists', value: { status: 'resolved', label: 'billing', withinDays: 30 } };
    default: return { field, op: field.startsWith('attr.') ? 'eq' : 'contains', value: '' };
  }
}

function operators(c: Condition, attr: Field | undefined): Options {
  if (attr?.type === 'boolean' || attr?.type === 'select') return [['eq', 'crm.op.is'], ['neq', 'crm.op.isNot'], ['exists', 'crm.op.isSet']];
  if (c.field === 'score' || attr?.type === 'number' || attr?.type === 'date') return [...NUM_OPS, ['exists', 'crm.op.isSet']];
  if (c.field === 'stage') return [['in', 'crm.op.is'], ['not_in', 'crm.op.isNot']];
  if (c.field === 'label' || c.field === 'channel') return [['has', 'crm.op.has'], ['has_not', 'crm.op.hasNot']];
  if (c.field === 'lastSeen') return [['within_days', 'crm.op.withinDays'], ['before_days', 'crm.op.beforeDays']];
  if (c.field === 'conversation') return [['exists', 'crm.op.has'], ['not_exists', 'crm.op.hasNo']];
  return TEXT_OPS;
}

export function ConditionRow({ c, fields, stages, onChange, onRemove }: { c: Condition; fields: Field[]; stages: Stage[]; onChange: (c: Condition) => void; onRemove: () => void }) {
  const { t } = useI18n();
  const attr = fields.find((f) => `attr.${f.key}` === c.field);
  const set = (patch: Partial<Condition>) => onChange({ ...c, ...patch });
  const history = (c.value ?? {}) as { status?: string; label?: string; withinDays?: number };
  const numeric = c.field === 'score' || c.field === 'lastSeen' || attr?.type === 'number';

  return (
    <div className="crm-condition">
      <select aria-label={t('crm.condition.field')} value={c.field} onChange={(e) => onChange(defaultCondition(e.target.value))}>
        {BASE_FIELDS.map(([k, l]) => <option key={k} value={k}>{t(l)}</option>)}
        {fields.filter((f) => f.entity === 'contact').map((f) => <option key={f.key} value={`attr.${f.key}`}>{f.label}</option>)}
      </select>
      <select aria-label={t('crm.condition.operator')} value={c.op} onChange={(e) => set({ op: e.target.value })}>
        {operators(c, attr).map(([k, l]) => <option key={k} value={k}>{t(l)}</option>)}
      </select>
      {c.field === 'stage' && (
        <select aria-label={t('crm.field.stage')} value={(c.value as string[])[0]} onChange={(e) => set({ value: [e.target.value] })}>
          {stages.map((s) => <option key={s.key} value={s.key}>{s.label}</option>)}
        </select>
      )}
      {c.field === 'conversation' && (
        <>
          <select aria-label={t('crm.condition.conversationStatus')} value={history.status ?? ''} onChange={(e) => set({ value: { ...history, status: e.target.value || undefined } })}>
            <option value="">{t('crm.condition.anyStatus')}</option>
            <option value="resolved">{t('status.resolved')}</option><option value="open">{t('status.open')}</option><option value="pending">{t('status.pending')}</option>
          </select>
          <input aria-label={t('crm.condition.conversationLabel')} placeholder={t('crm.condition.labelPlaceholder')} value={history.label ?? ''} onChange={(e) => set({ value: { ...history, label: e.target.value || undefined } })} />
          <input aria-label={t('crm.condition.withinDays')} type="number" min={1} value={history.withinDays ?? ''} onChange={(e) => set({ value: { ...history, withinDays: e.target.value ? Number(e.target.value) : undefined } })} />
        </>
      )}
      {c.field !== 'stage' && c.field !== 'conversation' && !c.op.includes('exists') && (
        attr?.type === 'boolean' ? (
          <select aria-label={t('crm.condition.value')} value={String(c.value)} onChange={(e) => set({ value: e.target.value === 'true' })}>
            <option value="true">{t('crm.yes')}</option><option value="false">{t('crm.no')}</option>
          </select>
        ) : attr?.type === 'select' ? (
          <select aria-label={t('crm.condition.value')} value={String(c.value ?? '')} onChange={(e) => set({ value: e.target.value })}>
            <option value="" />{attr.options.map((o) => <option key={o}>{o}</option>)}
          </select>
        ) : (
          <input aria-label={t('crm.condition.value')} type={numeric ? 'number' : attr?.type === 'date' ? 'date' : 'text'}
            value={String(c.value ?? '')}
            onChange={(e) => set({ value: numeric ? Number(e.target.value) : e.target.value })} />
        )
      )}
      <button type="button" className="btn btn-tiny btn-ghost" aria-label={t('crm.condition.remove')} onClick={onRemove}>✕</button>
    </div>
  );
}
