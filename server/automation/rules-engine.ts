import { asc, eq } from 'drizzle-orm';
import type { AppContext } from '../context.js';
import { schema } from '../db/client.js';
import { findInboxRow } from '../inboxes/inboxes.js';
import type { ConversationRow, MessageRow } from '../events/bus.js';
import { isOpen } from './business-hours.js';
import { perAppCache } from './ops-cache.js';
import { opsFor } from './ops.js';
import { runAction } from './rules-actions.js';
import { groupFields, groupHolds, type RuleFacts } from './rules-conditions.js';
import { MAX_RULE_DEPTH, type RuleOrigin } from './rules-origin.js';
import type { ConditionGroup, RuleAction, RuleEvent } from './rules-schema.js';
import { scheduleFor } from './sla-service.js';

export const enabledRules = perAppCache('rules', (ctx) => ctx.db.select().from(schema.automationRules)
  .where(eq(schema.automationRules.enabled, true))
  .orderBy(asc(schema.automationRules.position), asc(schema.automationRules.createdAt)));

/** Whether any enabled rule listens to `event` (lets a caller skip loading a rule subject nobody will look at). */
export async function hasRules(ctx: AppContext, event: RuleEvent): Promise<boolean> {
  return (await enabledRules.get(ctx)).some((r) => r.event === event);
}

export interface RuleSubject {
  conversation: ConversationRow;
  message?: MessageRow;
  csat?: { rating: number };
  sla?: { target: string };
}

/** Fields whose value comes from the contact's row: its attributes (and the language they may carry), stage, score. */
const readsContact = (field: string) => field.startsWith('contact.') || field === 'language';

/**
 * The facts rules are judged on. The contact's row is read only when `contact` is true (the default): rules
 * that look at nothing of the contact's, such as a keyword rule on every message, then cost no query at all.
 */
export async function factsFor(ctx: AppContext, s: RuleSubject, read: { contact: boolean } = { contact: true }): Promise<RuleFacts> {
  const c = s.conversation;
  const inbox = await findInboxRow(ctx, c.inboxId);
  const [contact] = read.contact
    ? await ctx.db.select({ attributes: schema.contacts.attributes, stage: schema.crmContactState.stage, score: schema.crmContactState.score })
      .from(schema.contacts).leftJoin(schema.crmContactState, eq(schema.crmContactState.contactId, schema.contacts.id))
      .where(eq(schema.contacts.id, c.contactId))
    : [];
  const attributes = contact?.attributes ?? {};
  const language = [attributes.language, attributes.locale, c.attributes.language, s.message?.meta?.language].find((v) => typeof v === 'string') as string | undefined;
  return {
    channel: inbox?.channel ?? '',
    inboxId: c.inboxId,
    text: s.message?.body ?? '',
    language: language ?? null,
    labels: c.labels,
    priority: c.priority,
    status: c.status,
    assigneeId: c.assigneeId,
    teamId: c.teamId,
    messageDirection: s.message?.direction ?? null,
    // A contact the CRM has not met yet is a visitor with no score (as segments count them).
    contact: { attributes, stage: contact?.stage ?? 'visitor', score: contact?.score ?? 0 },
    businessHours: isOpen(await scheduleFor(ctx, c.inboxId), ctx.clock.now()),
    csat: s.csat ?? null,
    sla: s.sla ?? null,
  };
}

/**
 * Runs the enabled rules for an event in order. A rule already in the cascade that led here (or a cascade
 * deeper than MAX_RULE_DEPTH) is not run again: that is what stops "on update, add a label" from feeding itself.
 * Every matching rule leaves a run record on the conversation, including the runs the guard refused.
 */
export async function runRules(
  ctx: AppContext, event: RuleEvent, subject: RuleSubject, origin: RuleOrigin | null, eventId?: string,
  /** Wraps the actions (the consumer's run-once mark); events that match no rule never reach it. */
  guard: (apply: () => Promise<void>) => Promise<unknown> = (apply) => apply(),
): Promise<number> {
  const rules = (await enabledRules.get(ctx)).filter((r) => r.event === event);
  if (!rules.length) return 0;
  const facts = await factsFor(ctx, subject, { contact: rules.some((r) => groupFields(r.conditions as ConditionGroup).some(readsContact)) });
  const matched = rules.filter((rule) => groupHolds(facts, rule.conditions as ConditionGroup));
  if (!matched.length) return 0;
  const depth = origin?.depth ?? 0;
  let applied = 0;
  await guard(async () => {
    for (const rule of matched) {
      const log = { ruleId: rule.id, ruleName: rule.name, conversationId: subject.conversation.id, event };
      if (origin?.chain.includes(rule.id) || depth >= MAX_RULE_DEPTH) {
        await ctx.db.insert(schema.automationRuns).values({ ...log, outcome: 'skipped_loop' });
        continue;
      }
      const child: RuleOrigin = { depth: depth + 1, chain: [...(origin?.chain ?? []), rule.id] };
      const done: string[] = [];
      try {
        // Messages a rule writes are keyed by rule, event and action: an event handled again after a crash
        // (between the effect and the mark that it was done) finds them written and writes nothing twice.
        for (const [i, action] of (rule.actions as RuleAction[]).entries()) {
          done.push(await runAction(ctx, action, subject.conversation.id, child, eventId && `rule:${rule.id}:${eventId}:${i}`));
        }
        await ctx.db.insert(schema.automationRuns).values({ ...log, outcome: 'applied', actions: done });
        applied++;
      } catch (err) {
        await ctx.db.insert(schema.automationRuns).values({ ...log, outcome: 'failed', actions: done, error: err instanceof Error ? err.message : String(err) });
      }
    }
  });
  return applied;
}
