// One condition builder for automation rules, scoring rules and segments: each field offers only the operators
// that make sense for it and a control for the values it can take; groups combine with "all" or "any".
import type { ReactNode } from 'react';
import { useI18n } from '../i18n/i18n';
import { Icon } from './Icon';
import { DateInput } from './DateInput';

export interface OpDef { op: string; label: string; noValue?: boolean }
export interface FieldDef {
  id: string;
  label: string;
  type: 'text' | 'number' | 'enum' | 'boolean' | 'date';
  ops: OpDef[];
  options?: { value: string; label: string }[];
  min?: number;
  max?: number;
  /** For values that are not one scalar (a history query, a list): the caller draws the control. */
  renderValue?: (value: unknown, onChange: (v: unknown) => void) => ReactNode;
  initialValue?: unknown;
}
export interface Condition { field: string; op: string; value?: unknown }
export type Group = { all: Item[] } | { any: Item[] };
type Item = Condition | Group;

const isGroup = (i: Item): i is Group => !('field' in i);
export const groupMode = (g: Group): 'all' | 'any' => ('all' in g ? 'all' : 'any');
export const groupItems = (g: Group): Item[] => ('all' in g ? g.all : g.any);
const withItems = (mode: 'all' | 'any', items: Item[]): Group => (mode === 'all' ? { all: items } : { any: items });

function initialValue(f: FieldDef): unknown {
  if (f.initialValue !== undefined) return f.initialValue;
  if (f.type === 'enum') return f.options?.[0]?.value ?? '';
  if (f.type === 'boolean') return true;
  if (f.type === 'number') return f.min ?? 0;
  return '';
}

export function newCondition(f: FieldDef): Condition {
  return { field: f.id, op: f.ops[0].op, value: f.ops[0].noValue ? undefined : initialValue(f) };
}

function ValueControl({ field, value, onChange }: { field: FieldDef; value: unknown; onChange: (v: unknown) => void }) {
  const { t } = useI18n();
  const label = t('ui.builder.valueOf', { field: field.label });
  if (field.renderValue) return <>{field.renderValue(value, onChange)}</>;
  if (field.type === 'enum') {
    return (
      <select aria-label={label} value={String(value ?? '')} onChange={(e) => onChange(e.target.value)}>
        {(field.options ?? []).map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
      </select>
    );
  }
  if (field.type === 'boolean') {
    return (
      <select aria-label={label} value={String(value)} onChange={(e) => onChange(e.target.value === 'true')}>
        <option value="true">{t('ui.yes')}</option><option value="false">{t('ui.no')}</option>
      </select>
    );
  }
  if (field.type === 'number') {
    return <input aria-label={label} type="number" min={field.min} max={field.max} value={value === undefined || value === null ? '' : String(value)}
      onChange={(e) => onChange(e.target.value === '' ? null : Number(e.target.value))} />;
  }
  if (field.type === 'date') return <DateInput aria-label={label} value={String(value ?? '')} onValue={onChange} />;
  return <input aria-label={label} type="text" value={String(value ?? '')} onChange={(e) => onChange(e.target.value)} />;
}

/** One condition on its own line; also used alone where a rule holds exactly one condition (scoring rules). */
export function ConditionRow({ c, fields, onChange, onRemove }: { c: Condition; fields: FieldDef[]; onChange: (c: Condition) => void; onRemove?: () => void }) {
  const { t } = useI18n();
  const field = fields.find((f) => f.id === c.field) ?? fields[0];
  const op = field.ops.find((o) => o.op === c.op) ?? field.ops[0];
  return (
    <div className="builder-row" role="group" aria-label={t('ui.builder.condition')}>
      <select aria-label={t('ui.builder.field')} value={field.id} onChange={(e) => onChange(newCondition(fields.find((f) => f.id === e.target.value)!))}>
        {fields.map((f) => <option key={f.id} value={f.id}>{f.label}</option>)}
      </select>
      <select aria-label={t('ui.builder.operator')} value={op.op}
        onChange={(e) => {
          const next = field.ops.find((o) => o.op === e.target.value)!;
          onChange({ field: field.id, op: next.op, value: next.noValue ? undefined : c.value ?? initialValue(field) });
        }}>
        {field.ops.map((o) => <option key={o.op} value={o.op}>{o.label}</option>)}
      </select>
      {!op.noValue && <ValueControl field={field} value={c.value} onChange={(value) => onChange({ ...c, value })} />}
      {onRemove && <button type="button" className="btn btn-icon btn-small" aria-label={t('ui.builder.removeCondition')} onClick={onRemove}><Icon name="x" /></button>}
    </div>
  );
}

/** A group and everything in it. `depth` limits nesting so a rule stays readable (the server allows more). */
export function ConditionBuilder({ value, onChange, fields, nested = true, depth = 0, onRemove }: {
  value: Group; onChange: (g: Group) => void; fields: FieldDef[]; nested?: boolean; depth?: number; onRemove?: () => void;
}) {
  const { t } = useI18n();
  const mode = groupMode(value);
  const items = groupItems(value);
  const setItems = (next: Item[]) => onChange(withItems(mode, next));
  const replace = (i: number, item: Item) => setItems(items.map((x, j) => (j === i ? item : x)));
  const remove = (i: number) => setItems(items.filter((_, j) => j !== i));
  return (
    <div className="builder-group" role="group" aria-label={t(depth ? 'ui.builder.subgroup' : 'ui.builder.conditions')}>
      <div className="builder-group-head">
        <label>
          <span className="sr-only">{t('ui.builder.match')}</span>
          <select value={mode} onChange={(e) => onChange(withItems(e.target.value as 'all' | 'any', items))}>
            <option value="all">{t('ui.builder.matchAll')}</option>
            <option value="any">{t('ui.builder.matchAny')}</option>
          </select>
        </label>
        {!items.length && <span className="muted">{t('ui.builder.noConditions')}</span>}
        <span className="spacer" />
        {onRemove && <button type="button" className="btn btn-link btn-tiny danger" onClick={onRemove}>{t('ui.builder.removeGroup')}</button>}
      </div>
      {items.map((item, i) => (isGroup(item)
        ? <ConditionBuilder key={i} value={item} fields={fields} depth={depth + 1} nested={nested} onChange={(g) => replace(i, g)} onRemove={() => remove(i)} />
        : <ConditionRow key={i} c={item} fields={fields} onChange={(c) => replace(i, c)} onRemove={() => remove(i)} />))}
      <div className="builder-actions">
        <button type="button" className="btn btn-secondary btn-small" onClick={() => setItems([...items, newCondition(fields[0])])}>
          <Icon name="plus" size={14} />{t('ui.builder.addCondition')}
        </button>
        {nested && depth < 2 && (
          <button type="button" className="btn btn-ghost btn-small" onClick={() => setItems([...items, withItems(mode === 'all' ? 'any' : 'all', [newCondition(fields[0])])])}>
            <Icon name="plus" size={14} />{t('ui.builder.addGroup')}
          </button>
        )}
      </div>
    </div>
  );
}
