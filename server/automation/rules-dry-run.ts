import { and, desc, eq, isNotNull } from 'drizzle-orm';
import type { AppContext } from '../context.js';
import { schema } from '../db/client.js';
import { conditionHolds, fieldValue, type RuleFacts } from './rules-conditions.js';
import { factsFor } from './rules-engine.js';
import type { Condition, ConditionGroup, RuleInput } from './rules-schema.js';

/** One line of the dry run: what a condition compared, or how a group combined its parts. */
export type CheckResult =
  | { field: string; op: Condition['op']; value: unknown; actual: unknown; holds: boolean }
  | { mode: 'all' | 'any'; holds: boolean; items: CheckResult[] };

function explain(facts: RuleFacts, group: ConditionGroup): CheckResult {
  const mode = 'all' in group ? 'all' : 'any';
  const parts = 'all' in group ? group.all : group.any;
  const items = parts.map((item): CheckResult => ('field' in item
    ? { field: item.field, op: item.op, value: item.value, actual: fieldValue(facts, item.field) ?? null, holds: conditionHolds(facts, item) }
    : explain(facts, item)));
  const holds = mode === 'all' ? items.every((i) => i.holds) : items.some((i) => i.holds);
  return { mode, holds, items };
}

/**
 * Evaluates a rule (saved or not) against a past conversation as the engine would have seen it: the newest
 * customer message stands in for the triggering one, the latest answered survey for a CSAT event, the last missed
 * SLA target for a breach. Nothing is
 * changed; the answer says which conditions held with the values they saw and which actions would run.
 */
export async function dryRunRule(ctx: AppContext, rule: RuleInput, conversationId: string) {
  const [conversation] = await ctx.db.select().from(schema.conversations).where(eq(schema.conversations.id, conversationId));
  if (!conversation) return null;
  const [message] = await ctx.db.select().from(schema.messages)
    .where(and(eq(schema.messages.conversationId, conversationId), eq(schema.messages.direction, 'incoming')))
    .orderBy(desc(schema.messages.createdAt)).limit(1);
  const [survey] = await ctx.db.select({ rating: schema.csatResponses.rating }).from(schema.csatResponses)
    .where(and(eq(schema.csatResponses.conversationId, conversationId), isNotNull(schema.csatResponses.rating)))
    .orderBy(desc(schema.csatResponses.answeredAt)).limit(1);
  const [sla] = await ctx.db.select({ breached: schema.conversationSlas.breached }).from(schema.conversationSlas)
    .where(eq(schema.conversationSlas.conversationId, conversationId));
  const facts = await factsFor(ctx, {
    conversation, message,
    csat: survey?.rating != null ? { rating: survey.rating } : undefined,
    sla: sla?.breached.length ? { target: sla.breached[sla.breached.length - 1] } : undefined,
  });
  const checks = explain(facts, rule.conditions);
  return { matched: checks.holds, checks, actions: checks.holds ? rule.actions : [], triggerMessage: message ? { id: message.id, body: message.body } : null };
}
