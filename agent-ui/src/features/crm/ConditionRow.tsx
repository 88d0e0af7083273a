import type { Condition, Field, Stage } from './api';

// Which operators each kind of field offers in the builder (the server validates the same set).
const TEXT_OPS = [['eq', 'is'], ['neq', 'is not'], ['contains', 'contains'], ['exists', 'is set'], ['not_exists', 'is empty']];
const NUM_OPS = [['gte', '≥'], ['lte', '≤'], ['gt', '>'], ['lt', '<'], ['eq', '=']];
const BASE_FIELDS = [
  ['stage', 'Stage'], ['score', 'Score'], ['name', 'Name'], ['email', 'E-mail'], ['phone', 'Phone'], ['company', 'Company'], ['country', 'Country'],
  ['label', 'Conversation label'], ['channel', 'Channel used'], ['lastSeen', 'Last seen'], ['conversation', 'Conversation history'],
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

export function ConditionRow({ c, fields, stages, onChange, onRemove }: { c: Condition; fields: Field[]; stages: Stage[]; onChange: (c: Condition) => void; onRemove: () => void }) {
  const attr = fields.find((f) => `attr.${f.key}` === c.field);
  const set = (patch: Partial<Condition>) => onChange({ ...c, ...patch });
  const history = (c.value ?? {}) as { status?: string; label?: string; withinDays?: number };
  let ops: string[][] = TEXT_OPS;
  if (c.field === 'score' || attr?.type === 'number' || attr?.type === 'date') ops = [...NUM_OPS, ['exists', 'is set']];
  if (c.field === 'stage') ops = [['in', 'is'], ['not_in', 'is not']];
  if (c.field === 'label' || c.field === 'channel') ops = [['has', 'has'], ['has_not', 'has not']];
  if (c.field === 'lastSeen') ops = [['within_days', 'within days'], ['before_days', 'more than days ago']];
  if (c.field === 'conversation') ops = [['exists', 'has'], ['not_exists', 'has no']];
  if (attr?.type === 'boolean' || attr?.type === 'select') ops = [['eq', 'is'], ['neq', 'is not'], ['exists', 'is set']];

  return (
    <div className="crm-condition">
      <select aria-label="Field" value={c.field} onChange={(e) => onChange(defaultCondition(e.target.value))}>
        {BASE_FIELDS.map(([k, l]) => <option key={k} value={k}>{l}</option>)}
        {fields.filter((f) => f.entity === 'contact').map((f) => <option key={f.key} value={`attr.${f.key}`}>{f.label}</option>)}
      </select>
      <select aria-label="Operator" value={c.op} onChange={(e) => set({ op: e.target.value })}>
        {ops.map(([k, l]) => <option key={k} value={k}>{l}</option>)}
      </select>
      {c.field === 'stage' && (
        <select aria-label="Stage" value={(c.value as string[])[0]} onChange={(e) => set({ value: [e.target.value] })}>
          {stages.map((s) => <option key={s.key} value={s.key}>{s.label}</option>)}
        </select>
      )}
      {c.field === 'conversation' && (
        <>
          <select aria-label="Conversation status" value={history.status ?? ''} onChange={(e) => set({ value: { ...history, status: e.target.value || undefined } })}>
            <option value="">any status</option><option value="resolved">resolved</option><option value="open">open</option><option value="pending">pending</option>
          </select>
          <input aria-label="Conversation label" placeholder="label" value={history.label ?? ''} onChange={(e) => set({ value: { ...history, label: e.target.value || undefined } })} />
          <input aria-label="Within days" type="number" min={1} value={history.withinDays ?? ''} onChange={(e) => set({ value: { ...history, withinDays: e.target.value ? Number(e.target.value) : undefined } })} />
        </>
      )}
      {c.field !== 'stage' && c.field !== 'conversation' && !c.op.includes('exists') && (
        attr?.type === 'boolean' ? (
          <select aria-label="Value" value={String(c.value)} onChange={(e) => set({ value: e.target.value === 'true' })}><option value="true">yes</option><option value="false">no</option></select>
        ) : attr?.type === 'select' ? (
          <select aria-label="Value" value={String(c.value ?? '')} onChange={(e) => set({ value: e.target.value })}>
            <option value="" />{attr.options.map((o) => <option key={o}>{o}</option>)}
          </select>
        ) : (
          <input aria-label="Value" type={c.field === 'score' || c.field === 'lastSeen' || attr?.type === 'number' ? 'number' : attr?.type === 'date' ? 'date' : 'text'}
            value={String(c.value ?? '')}
            onChange={(e) => set({ value: c.field === 'score' || c.field === 'lastSeen' || attr?.type === 'number' ? Number(e.target.value) : e.target.value })} />
        )
      )}
      <button type="button" className="btn btn-tiny btn-ghost" aria-label="Remove condition" onClick={onRemove}>✕</button>
    </div>
  );
}
