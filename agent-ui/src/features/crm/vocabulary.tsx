// What segment filters and scoring rules can look at, as condition-builder fields with the values the
// workspace has: its stages, custom contact fields, conversation labels, channels and campaigns.
import { useMemo } from 'react';
import { useDirectory } from '../../app/directory';
import { labelFor, useI18n, type MessageKey, type Translate } from '../../i18n/i18n';
import type { FieldDef, OpDef } from '../../ui/ConditionBuilder';
import { useLoad } from '../../ui/useLoad';
import { crm, type Campaign, type Field, type Stage } from './api';
import { historyValue } from './HistoryValue';
import { stageName } from './stageName';

const op = (t: Translate, o: string, label: MessageKey, noValue = false): OpDef => ({ op: o, label: t(label), noValue });

/** The contact fields both builders share, keyed as the server names them. */
const TEXT_FIELDS: [string, MessageKey][] = [
  ['name', 'crm.field.name'], ['email', 'crm.field.email'], ['phone', 'crm.field.phone'], ['company', 'crm.field.company'], ['country', 'crm.field.country'],
];

function attributeField(f: Field, text: OpDef[], numeric: OpDef[], choice: OpDef[]): FieldDef {
  const id = `attr.${f.key}`;
  if (f.type === 'number') return { id, label: f.label, type: 'number', ops: numeric };
  if (f.type === 'boolean') return { id, label: f.label, type: 'boolean', ops: choice };
  if (f.type === 'select') return { id, label: f.label, type: 'enum', ops: choice, options: f.options.map((o) => ({ value: o, label: o })) };
  return { id, label: f.label, type: f.type === 'date' ? 'date' : 'text', ops: f.type === 'date' ? numeric : text };
}

export interface CrmVocabulary { segment: FieldDef[]; scoring: FieldDef[]; stages: Stage[]; fields: Field[] }

export function useCrmVocabulary(): CrmVocabulary | null {
  const { t } = useI18n();
  const dir = useDirectory();
  const meta = useLoad(() => Promise.all([crm.stages(), crm.fields(), crm.campaigns().catch(() => [] as Campaign[])]));
  return useMemo(() => {
    if (!meta.data || !dir.loaded) return null;
    const [stages, allFields, campaigns] = meta.data;
    const fields = allFields.filter((f) => f.entity === 'contact');
    const present = op(t, 'exists', 'crm.op.isSet', true);
    const text = [op(t, 'contains', 'crm.op.contains'), op(t, 'eq', 'crm.op.is'), op(t, 'neq', 'crm.op.isNot'), present];
    const numeric = [op(t, 'gte', 'crm.op.atLeast'), op(t, 'lte', 'crm.op.atMost'), op(t, 'gt', 'crm.op.greater'), op(t, 'lt', 'crm.op.less'), op(t, 'eq', 'crm.op.equals')];
    const choice = [op(t, 'eq', 'crm.op.is'), op(t, 'neq', 'crm.op.isNot'), present];
    const stageOptions = stages.map((s) => ({ value: s.key, label: stageName(t, s) }));
    const labels = dir.labels.map((l) => ({ value: l.name, label: l.name }));
    const channels = [...new Set(dir.inboxes.map((i) => i.channel))].map((c) => ({ value: c, label: labelFor(t, 'channel', c) }));
    const textFields = (ops: OpDef[]): FieldDef[] => TEXT_FIELDS.map(([id, label]) => ({ id, label: t(label), type: 'text', ops }));

    const segment: FieldDef[] = [
      { id: 'stage', label: t('crm.field.stage'), type: 'enum', ops: [op(t, 'in', 'crm.op.is'), op(t, 'not_in', 'crm.op.isNot')], options: stageOptions,
        initialValue: stages[0] ? [stages[0].key] : [],
        renderValue: (value, onChange) => (
          <select aria-label={t('ui.builder.valueOf', { field: t('crm.field.stage') })} value={(value as string[] | undefined)?.[0] ?? ''} onChange={(e) => onChange([e.target.value])}>
            {stageOptions.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
          </select>
        ) },
      { id: 'score', label: t('crm.field.score'), type: 'number', ops: numeric, initialValue: 50 },
      ...textFields([...text, op(t, 'not_exists', 'crm.op.isEmpty', true)]),
      { id: 'label', label: t('crm.field.label'), type: 'enum', ops: [op(t, 'has', 'crm.op.has'), op(t, 'has_not', 'crm.op.hasNot')], options: labels },
      { id: 'channel', label: t('crm.field.channel'), type: 'enum', ops: [op(t, 'has', 'crm.op.has'), op(t, 'has_not', 'crm.op.hasNot')], options: channels },
      { id: 'lastSeen', label: t('crm.field.lastSeen'), type: 'number', ops: [op(t, 'within_days', 'crm.op.withinDays'), op(t, 'before_days', 'crm.op.beforeDays')], min: 0, initialValue: 30 },
      { id: 'conversation', label: t('crm.field.conversation'), type: 'text', ops: [op(t, 'exists', 'crm.op.has'), op(t, 'not_exists', 'crm.op.hasNo')],
        initialValue: { withinDays: 30 }, renderValue: historyValue(t, labels) },
      ...(campaigns.length ? [{ id: 'campaign', label: t('crm.field.campaign'), type: 'enum' as const, options: campaigns.map((c) => ({ value: c.id, label: c.name })),
        ops: [op(t, 'received', 'crm.op.received'), op(t, 'replied', 'crm.op.replied'), op(t, 'not_received', 'crm.op.notReceived')] }] : []),
      ...fields.map((f) => attributeField(f, [...text, op(t, 'not_exists', 'crm.op.isEmpty', true)], numeric, [...choice, op(t, 'not_exists', 'crm.op.isEmpty', true)])),
    ];

    // A scoring rule is one condition: a behaviour (its kind) or a fact about the contact (kind "attribute").
    const scoring: FieldDef[] = [
      { id: 'kind:page_visit', label: t('crm.ruleKind.pageVisit'), type: 'text', ops: [op(t, 'contains', 'crm.op.pathContains')], initialValue: '/pricing' },
      { id: 'kind:message_keyword', label: t('crm.ruleKind.keyword'), type: 'text', ops: [op(t, 'any', 'crm.op.anyWord'), op(t, 'any_to_bot', 'crm.op.anyWordToBot')], initialValue: 'price, cost' },
      { id: 'kind:replied_within', label: t('crm.ruleKind.repliedWithin'), type: 'number', ops: [op(t, 'lte', 'crm.op.atMost')], min: 1, initialValue: 24 },
      { id: 'kind:message_count', label: t('crm.ruleKind.messageCount'), type: 'number', ops: [op(t, 'gte', 'crm.op.atLeast')], min: 1, initialValue: 5 },
      ...textFields(text),
      ...fields.map((f) => attributeField(f, text, numeric, choice)),
    ];
    return { segment, scoring, stages, fields: allFields };
  }, [meta.data, dir, t]);
}
