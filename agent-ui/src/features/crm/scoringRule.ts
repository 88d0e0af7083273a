// A scoring rule is edited as one builder condition and stored as the server's { kind, config }. The two
// functions below are inverses: fromRule(toRule(c)) gives c back, so an edited rule reads as it was built.
import type { Condition } from '../../ui/ConditionBuilder';

export interface RuleShape { kind: string; config: Record<string, unknown> }

const words = (v: unknown) => String(v ?? '').split(',').map((w) => w.trim()).filter(Boolean);

export function toRule(c: Condition): RuleShape {
  switch (c.field) {
    case 'kind:page_visit': return { kind: 'page_visit', config: { pathContains: String(c.value ?? '') } };
    case 'kind:message_keyword': return { kind: 'message_keyword', config: { keywords: words(c.value), toBot: c.op === 'any_to_bot' } };
    case 'kind:replied_within': return { kind: 'replied_within', config: { hours: Number(c.value) } };
    case 'kind:message_count': return { kind: 'message_count', config: { min: Number(c.value) } };
    default:
      // "is set" needs no value; every other comparison carries the one it compares with.
      return { kind: 'attribute', config: c.op === 'exists' ? { field: c.field, op: 'exists' } : { field: c.field, op: c.op, value: c.value } };
  }
}

export function fromRule(r: RuleShape): Condition {
  const c = r.config;
  switch (r.kind) {
    case 'page_visit': return { field: 'kind:page_visit', op: 'contains', value: c.pathContains };
    case 'message_keyword': return { field: 'kind:message_keyword', op: c.toBot ? 'any_to_bot' : 'any', value: (c.keywords as string[]).join(', ') };
    case 'replied_within': return { field: 'kind:replied_within', op: 'lte', value: c.hours };
    case 'message_count': return { field: 'kind:message_count', op: 'gte', value: c.min };
    default: return { field: String(c.field), op: String(c.op), value: c.value };
  }
}
