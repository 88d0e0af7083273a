import type { Condition, ConditionGroup } from './rules-schema.js';

/** Everything a condition may look at, gathered once per event. */
export interface RuleFacts {
  channel: string;
  inboxId: string;
  text: string;
  language: string | null;
  labels: string[];
  priority: string;
  status: string;
  assigneeId: string | null;
  teamId: string | null;
  messageDirection: string | null;
  /**
   * Stage and score are CRM facts (crm_contact_state), apart from the attributes: a visitor can write
   * attributes from the widget, so a rule on contact.stage must never read a visitor's claim.
   */
  contact: { attributes: Record<string, unknown>; stage: string; score: number };
  businessHours: boolean;
  csat: { rating: number } | null;
  sla: { target: string } | null;
}

export function fieldValue(facts: RuleFacts, field: string): unknown {
  if (field.startsWith('contact.attributes.')) return facts.contact.attributes[field.slice('contact.attributes.'.length)];
  switch (field) {
    case 'contact.stage': return facts.contact.stage;
    case 'contact.score': return facts.contact.score;
    case 'csat.rating': return facts.csat?.rating;
    case 'sla.target': return facts.sla?.target;
    default: return (facts as unknown as Record<string, unknown>)[field];
  }
}

const norm = (v: unknown) => (typeof v === 'string' ? v.trim().toLowerCase() : v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : [v]).map(norm);
const empty = (v: unknown) => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);

export function conditionHolds(facts: RuleFacts, c: Condition): boolean {
  const actual = fieldValue(facts, c.field);
  const expected = c.value;
  switch (c.op) {
    case 'present': return !empty(actual);
    case 'absent': return empty(actual);
    case 'eq': return Array.isArray(actual) ? list(actual).includes(norm(expected)) : norm(actual) === norm(expected);
    case 'neq': return !conditionHolds(facts, { ...c, op: 'eq' });
    case 'contains':
      if (Array.isArray(actual)) return list(actual).includes(norm(expected));
      return typeof actual === 'string' && typeof expected === 'string' && norm(actual as string)!.toString().includes(norm(expected) as string);
    case 'not_contains': return !conditionHolds(facts, { ...c, op: 'contains' });
    case 'in': {
      const wanted = list(expected);
      return Array.isArray(actual) ? list(actual).some((a) => wanted.includes(a)) : wanted.includes(norm(actual));
    }
    case 'not_in': return !conditionHolds(facts, { ...c, op: 'in' });
    case 'gt': case 'gte': case 'lt': case 'lte': {
      const a = Number(actual);
      const b = Number(expected);
      if (empty(actual) || Number.isNaN(a) || Number.isNaN(b)) return false;
      return c.op === 'gt' ? a > b : c.op === 'gte' ? a >= b : c.op === 'lt' ? a < b : a <= b;
    }
  }
}

/** AND over `all`, OR over `any`, nested freely; an empty `all` matches everything. */
export function groupHolds(facts: RuleFacts, group: ConditionGroup): boolean {
  const test = (item: Condition | ConditionGroup) => ('field' in item ? conditionHolds(facts, item) : groupHolds(facts, item));
  return 'all' in group ? group.all.every(test) : group.any.some(test);
}

/** Every field a group's conditions read, nested groups included. */
export function groupFields(group: ConditionGroup): string[] {
  const items: (Condition | ConditionGroup)[] = 'all' in group ? group.all : group.any;
  return items.flatMap((item) => ('field' in item ? [item.field] : groupFields(item)));
}
