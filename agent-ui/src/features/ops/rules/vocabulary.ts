// What a rule can look at and do, as the builder's field and action lists, with the values the workspace has:
// its inboxes, agents, teams, labels, stages, custom contact fields, webhooks, SLA policies and canned replies.
import { useEffect, useMemo, useState } from 'react';
import { http } from '../../../api/http';
import { useDirectory } from '../../../app/directory';
import { labelFor, useI18n, type Translate } from '../../../i18n/i18n';
import type { FieldDef, OpDef } from '../../../ui/ConditionBuilder';
import { crm, type Field, type Stage } from '../../crm/api';

export const RULE_EVENTS = ['conversation.created', 'conversation.updated', 'conversation.resolved', 'message.created', 'contact.updated', 'sla.breached', 'csat.received'] as const;
export const ACTION_TYPES = ['add_label', 'remove_label', 'set_priority', 'set_status', 'assign_agent', 'assign_auto', 'assign_team', 'send_message', 'send_template', 'add_note', 'create_task', 'apply_sla', 'send_webhook', 'mute'] as const;
export type ActionType = (typeof ACTION_TYPES)[number];
export const PRIORITIES = ['none', 'low', 'medium', 'high', 'urgent'];
export const RULE_STATUSES = ['open', 'pending', 'resolved'];
const CHANNELS = ['web', 'email', 'sms', 'telegram', 'messenger', 'whatsapp', 'line'];
const SLA_TARGETS = ['first_response', 'next_response', 'resolution'];

export interface Option { value: string; label: string }
export interface Vocabulary {
  fields: FieldDef[];
  agents: Option[]; teams: Option[]; labels: Option[]; policies: Option[]; webhooks: Option[]; templates: Option[];
}

function opsFor(t: Translate) {
  const op = (o: string, noValue = false): OpDef => ({ op: o, label: t(`ui.op.${o}` as Parameters<Translate>[0]), noValue });
  return {
    text: [op('contains'), op('not_contains'), op('eq'), op('neq'), op('present', true), op('absent', true)],
    choice: [op('eq'), op('neq')],
    optional: [op('eq'), op('neq'), op('present', true), op('absent', true)],
    list: [op('contains'), op('not_contains'), op('present', true), op('absent', true)],
    number: [op('gte'), op('lte'), op('gt'), op('lt'), op('eq'), op('present', true), op('absent', true)],
    flag: [op('eq')],
  };
}

function attributeField(t: Translate, f: Field, ops: ReturnType<typeof opsFor>): FieldDef {
  const id = `contact.attributes.${f.key}`;
  const label = t('ops.rules.field.attribute', { name: f.label });
  if (f.type === 'number') return { id, label, type: 'number', ops: ops.number };
  if (f.type === 'boolean') return { id, label, type: 'boolean', ops: ops.flag };
  if (f.type === 'select') return { id, label, type: 'enum', ops: ops.optional, options: f.options.map((o) => ({ value: o, label: o })) };
  return { id, label, type: f.type === 'date' ? 'date' : 'text', ops: ops.text };
}

export function useRuleVocabulary(): Vocabulary | null {
  const { t } = useI18n();
  const dir = useDirectory();
  const [extra, setExtra] = useState<{ stages: Stage[]; fields: Field[]; policies: Option[]; webhooks: Option[] } | null>(null);
  useEffect(() => {
    const none = <T,>() => [] as T[];
    void Promise.all([
      crm.stages().catch(none<Stage>), crm.fields().catch(none<Field>),
      http.get<{ items: { id: string; name: string }[] }>('/api/sla/policies').then((r) => r.items, none<{ id: string; name: string }>),
      http.get<{ items: { id: string; url: string }[] }>('/api/webhooks').then((r) => r.items, none<{ id: string; url: string }>),
    ]).then(([stages, fields, policies, webhooks]) => setExtra({
      stages, fields,
      policies: policies.map((p) => ({ value: p.id, label: p.name })),
      webhooks: webhooks.map((w) => ({ value: w.id, label: w.url })),
    }));
  }, []);

  return useMemo(() => {
    if (!extra || !dir.loaded) return null;
    const ops = opsFor(t);
    const agents = dir.agents.map((a) => ({ value: a.id, label: a.name || a.email }));
    const teams = dir.teams.map((x) => ({ value: x.id, label: x.name }));
    const labels = dir.labels.map((l) => ({ value: l.name, label: l.name }));
    const named = (prefix: string, values: string[]) => values.map((v) => ({ value: v, label: labelFor(t, prefix, v) }));
    const f = (id: string, type: FieldDef['type'], fieldOps: OpDef[], options?: Option[], extraProps: Partial<FieldDef> = {}): FieldDef =>
      ({ id, label: t(`ops.rules.field.${id.replace(/\.(\w)/g, (_m, c: string) => c.toUpperCase())}` as Parameters<Translate>[0]), type, ops: fieldOps, options, ...extraProps });
    const fields: FieldDef[] = [
      f('text', 'text', ops.text),
      f('channel', 'enum', ops.choice, named('channel', CHANNELS)),
      f('inboxId', 'enum', ops.choice, dir.inboxes.map((i) => ({ value: i.id, label: i.name }))),
      f('labels', 'enum', ops.list, labels),
      f('priority', 'enum', ops.choice, named('priority', PRIORITIES)),
      f('status', 'enum', ops.choice, named('status', ['open', 'pending', 'snoozed', 'resolved'])),
      f('assigneeId', 'enum', ops.optional, agents),
      f('teamId', 'enum', ops.optional, teams),
      f('messageDirection', 'enum', ops.choice, ['incoming', 'outgoing'].map((d) => ({ value: d, label: labelFor(t, 'ops.rules.direction', d) }))),
      f('language', 'enum', ops.optional, [['en', 'English'], ['th', 'ไทย'], ['zh-CN', '简体中文'], ['fa', 'فارسی']].map(([value, label]) => ({ value, label }))),
      f('businessHours', 'boolean', ops.flag),
      f('contact.stage', 'enum', ops.choice, extra.stages.map((s) => ({ value: s.key, label: s.label }))),
      f('contact.score', 'number', ops.number),
      f('csat.rating', 'number', ops.number, undefined, { min: 1, max: 5, initialValue: 3 }),
      f('sla.target', 'enum', ops.choice, SLA_TARGETS.map((x) => ({ value: x, label: labelFor(t, 'ops.rules.slaTarget', x) }))),
      ...extra.fields.filter((x) => x.entity === 'contact').map((x) => attributeField(t, x, ops)),
    ];
    const templates = dir.canned.map((c) => ({ value: c.shortCode, label: `/${c.shortCode}` }));
    return { fields, agents, teams, labels, policies: extra.policies, webhooks: extra.webhooks, templates };
  }, [extra, dir, t]);
}
