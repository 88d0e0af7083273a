import { z } from 'zod';
import type { schema } from '../db/client.js';
import type { ScoreReason } from './schema.js';

export type RuleRow = typeof schema.crmScoringRules.$inferSelect;
export interface Fact { kind: 'page_visit' | 'message'; data: Record<string, unknown>; at: Date }
/** The contact as attribute conditions see it: core fields, enrichment and custom attributes (attr.<key>). */
export type ContactView = Record<string, unknown>;

export const conditionOps = ['eq', 'neq', 'contains', 'exists', 'gt', 'gte', 'lt', 'lte'] as const;

// Each kind's config, checked when an admin saves a rule.
export const ruleConfigSchemas = {
  attribute: z.object({ field: z.string().regex(/^(name|email|phone|company|country|locale|timeZone|attr\.[a-zA-Z][\w.-]{0,49})$/), op: z.enum(conditionOps), value: z.unknown().optional() }),
  page_visit: z.object({ pathContains: z.string().min(1).max(200) }),
  message_keyword: z.object({ keywords: z.array(z.string().min(1).max(50)).min(1).max(20), toBot: z.boolean().optional() }),
  replied_within: z.object({ hours: z.number().positive().max(24 * 30) }),
  message_count: z.object({ min: z.number().int().min(1).max(10_000) }),
} as const;

export function testCondition(actual: unknown, op: typeof conditionOps[number], expected: unknown): boolean {
  const present = actual !== null && actual !== undefined && actual !== '';
  switch (op) {
    case 'exists': return expected === false ? !present : present;
    case 'eq': return present && String(actual).toLowerCase() === String(expected).toLowerCase();
    case 'neq': return !present || String(actual).toLowerCase() !== String(expected).toLowerCase();
    case 'contains': return present && String(actual).toLowerCase().includes(String(expected).toLowerCase());
    default: {
      const a = Number(actual);
      const b = Number(expected);
      if (!present || !Number.isFinite(a) || !Number.isFinite(b)) return false;
      return op === 'gt' ? a > b : op === 'gte' ? a >= b : op === 'lt' ? a < b : a <= b;
    }
  }
}

/** When the rule last held: the time of the fact that fires it (for decay), `null` for timeless, or false. */
function firedAt(rule: RuleRow, contact: ContactView, facts: Fact[]): Date | null | false {
  const c = rule.config as Record<string, any>;
  const latest = (list: Fact[]) => (list.length ? list.reduce((a, b) => (a.at > b.at ? a : b)).at : false);
  const messages = facts.filter((f) => f.kind === 'message');
  switch (rule.kind) {
    case 'attribute': {
      const field = String(c.field);
      const actual = field.startsWith('attr.') ? (contact.attributes as Record<string, unknown>)?.[field.slice(5)] : contact[field];
      return testCondition(actual, c.op, c.value) ? null : false;
    }
    case 'page_visit':
      return latest(facts.filter((f) => f.kind === 'page_visit' && pathOf(String(f.data.url ?? '')).includes(String(c.pathContains).toLowerCase())));
    case 'message_keyword': {
      const words = (c.keywords as string[]).map((k) => k.toLowerCase());
      return latest(messages.filter((f) => (!c.toBot || f.data.toBot === true) && words.some((w) => String(f.data.text ?? '').includes(w))));
    }
    case 'replied_within':
      return latest(messages.filter((f) => typeof f.data.replyDelayHours === 'number' && f.data.replyDelayHours <= Number(c.hours)));
    case 'message_count':
      return messages.length >= Number(c.min) ? latest(messages) : false;
  }
}

function pathOf(url: string): string {
  try { return new URL(url).pathname.toLowerCase(); } catch { return url.toLowerCase(); }
}

const DAY = 86_400_000;

/** The score is the sum of the rules that hold, each halved per half-life since the fact that fired it. */
export function computeScore(rules: RuleRow[], contact: ContactView, facts: Fact[], now: Date): { score: number; reasons: ScoreReason[] } {
  const reasons: ScoreReason[] = [];
  for (const rule of rules) {
    if (!rule.enabled) continue;
    const at = firedAt(rule, contact, facts);
    if (at === false) continue;
    const ageDays = at ? Math.max(0, (now.getTime() - at.getTime()) / DAY) : 0;
    const factor = at && rule.decayHalfLifeDays ? 0.5 ** (ageDays / rule.decayHalfLifeDays) : 1;
    const points = Math.round(rule.points * factor * 10) / 10;
    if (points === 0) continue;
    reasons.push({ ruleId: rule.id, name: rule.name, points, basePoints: rule.points, ...(at ? { at: at.toISOString() } : {}) });
  }
  reasons.sort((a, b) => Math.abs(b.points) - Math.abs(a.points));
  return { score: Math.round(reasons.reduce((s, r) => s + r.points, 0)), reasons };
}
