import { and, eq, inArray, ne, sql } from 'drizzle-orm';
import type { AppContext } from '../context.js';
import { schema } from '../db/client.js';
import type { Schedule } from './business-hours.js';
import { perAppCache } from './ops-cache.js';
import type { SlaTarget } from './ops.js';
import { computeDeadlines, overallState, targetStates, type Deadlines } from './sla.js';

export const SLA_QUEUE = 'sla-check';

/** Every inbox's schedule (a small table read on every message by reports and rules). */
export const schedules = perAppCache('schedules', async (ctx) => new Map((await ctx.db.select().from(schema.inboxSchedules))
  .map((r) => [r.inboxId, { timeZone: r.timeZone, weekly: r.weekly, holidays: r.holidays } as Schedule])));

export async function scheduleFor(ctx: AppContext, inboxId: string): Promise<Schedule | null> {
  return (await schedules.get(ctx)).get(inboxId) ?? null;
}

/** Whether any conversation is under an SLA at all: most installations without SLAs skip the per-message check. */
export const anySla = perAppCache('any-sla', async (ctx) => (await ctx.db.select({ id: schema.conversationSlas.conversationId }).from(schema.conversationSlas).limit(1)).length > 0);

export async function applySla(ctx: AppContext, conversationId: string, policyId: string): Promise<void> {
  await ctx.db.insert(schema.conversationSlas).values({ conversationId, policyId, appliedAt: ctx.clock.now() })
    .onConflictDoUpdate({ target: schema.conversationSlas.conversationId, set: { policyId, breached: [] } });
  anySla.invalidate(ctx);
  await refreshSla(ctx, conversationId);
}

const stored = (r: typeof schema.conversationSlas.$inferSelect): Deadlines =>
  ({ first_response: r.firstResponseDue, next_response: r.nextResponseDue, resolution: r.resolutionDue });

const TARGETS = ['first_response', 'next_response', 'resolution'] as const;
const sameDeadlines = (a: Deadlines, b: Deadlines) => TARGETS.every((t) => (a[t]?.getTime() ?? null) === (b[t]?.getTime() ?? null));

/**
 * Recomputes a conversation's deadlines at the clock's now, records targets missed since the last look (also
 * those met too late, before the timer job ran), emits one sla.breached per newly missed target, and schedules
 * the next check for the earliest deadline still running.
 */
export async function refreshSla(ctx: AppContext, conversationId: string): Promise<void> {
  await refreshSlas(ctx, [conversationId]);
}

/** refreshSla for many conversations: one read of them all; only those whose deadlines moved are written. */
export async function refreshSlas(ctx: AppContext, conversationIds: string[]): Promise<void> {
  if (!conversationIds.length || !(await anySla.get(ctx))) return;
  const rows = await ctx.db.select({ sla: schema.conversationSlas, policy: schema.slaPolicies, conversation: schema.conversations })
    .from(schema.conversationSlas)
    .innerJoin(schema.slaPolicies, eq(schema.slaPolicies.id, schema.conversationSlas.policyId))
    .innerJoin(schema.conversations, eq(schema.conversations.id, schema.conversationSlas.conversationId))
    .where(inArray(schema.conversationSlas.conversationId, [...new Set(conversationIds)]));
  for (const row of rows) await refreshOne(ctx, row);
}

type SlaRow = { sla: typeof schema.conversationSlas.$inferSelect; policy: typeof schema.slaPolicies.$inferSelect; conversation: typeof schema.conversations.$inferSelect };

/**
 * One conversation's refresh. Deadlines that move are stored with the check for the earliest one still running,
 * in one transaction: stored deadlines always have their check queued, so a refresh that leaves them as they are
 * (a customer's second and third message while they wait) writes nothing at all.
 */
async function refreshOne(ctx: AppContext, row: SlaRow): Promise<void> {
  const conversationId = row.conversation.id;
  const now = ctx.clock.now();
  const schedule = await scheduleFor(ctx, row.conversation.inboxId);
  const before = stored(row.sla);
  const next = computeDeadlines(row.policy, schedule, row.conversation);
  const breached = new Set(row.sla.breached);
  const fresh: { target: SlaTarget; dueAt: Date }[] = [];
  for (const target of TARGETS) {
    // Refreshes run on every reply and status change, so a target that stopped running was met "now": a
    // deadline already behind us counts as missed whether the target is still running or was just met late.
    const due = next[target] ?? before[target];
    if (due && due <= now && !breached.has(target)) { breached.add(target); fresh.push({ target, dueAt: due }); }
  }
  if (!fresh.length && sameDeadlines(before, next)) return;
  const upcoming = Object.values(next).filter((d): d is Date => Boolean(d) && d!.getTime() > now.getTime()).sort((a, b) => a.getTime() - b.getTime())[0];
  await ctx.bus.transaction(async (tx, emit) => {
    await tx.update(schema.conversationSlas).set({
      firstResponseDue: next.first_response, nextResponseDue: next.next_response, resolutionDue: next.resolution,
    }).where(eq(schema.conversationSlas.conversationId, conversationId));
    // Two refreshes at once (a timer on one node, a reply on another) both see the miss; the row lock taken
    // above makes the second wait and then find the target recorded, so only the refresh that adds it emits.
    for (const f of fresh) {
      const [added] = await tx.update(schema.conversationSlas)
        .set({ breached: sql`array_append(${schema.conversationSlas.breached}, ${f.target}::text)` })
        .where(and(eq(schema.conversationSlas.conversationId, conversationId), sql`not (${f.target}::text = any(${schema.conversationSlas.breached}))`))
        .returning({ id: schema.conversationSlas.conversationId });
      if (added) emit('sla.breached', { conversation: row.conversation, target: f.target, dueAt: f.dueAt });
    }
    // The singleton key makes a second refresh of the same deadlines (another node's, at the same time) queue none.
    if (upcoming) await ctx.jobs.enqueueMany(SLA_QUEUE, [{ data: { conversationId }, startAfterMs: Math.max(1000, upcoming.getTime() - now.getTime() + 1000), singletonKey: `${conversationId}:${upcoming.toISOString()}` }], { tx });
  });
}

export async function startSlaWorker(ctx: AppContext): Promise<void> {
  await ctx.jobs.work<{ conversationId: string }>(SLA_QUEUE, 1, (job) => refreshSla(ctx, job.conversationId));
}

/** The SLA of conversations as the API shows it: policy, live time left per target, overall state. */
export async function slaViews(ctx: AppContext, conversationIds: string[]) {
  if (!conversationIds.length) return new Map();
  const rows = await ctx.db.select({ sla: schema.conversationSlas, policy: schema.slaPolicies, inboxId: schema.conversations.inboxId })
    .from(schema.conversationSlas)
    .innerJoin(schema.slaPolicies, eq(schema.slaPolicies.id, schema.conversationSlas.policyId))
    .innerJoin(schema.conversations, eq(schema.conversations.id, schema.conversationSlas.conversationId))
    .where(inArray(schema.conversationSlas.conversationId, conversationIds));
  const now = ctx.clock.now();
  const schedules = new Map<string, Schedule | null>();
  const out = new Map<string, ReturnType<typeof view>>();
  function view(r: (typeof rows)[number], schedule: Schedule | null) {
    const targets = targetStates(r.policy, schedule, stored(r.sla), now);
    return { policyId: r.policy.id, policyName: r.policy.name, businessHours: r.policy.businessHours, breached: r.sla.breached, targets, state: overallState(targets, r.sla.breached) };
  }
  for (const r of rows) {
    if (!schedules.has(r.inboxId)) schedules.set(r.inboxId, await scheduleFor(ctx, r.inboxId));
    out.set(r.sla.conversationId, view(r, schedules.get(r.inboxId)!));
  }
  return out;
}

/** Unresolved conversations under an SLA in the given state (at-risk and breached views). */
export async function conversationsBySlaState(ctx: AppContext, inboxIds: string[], state: 'ok' | 'at_risk' | 'breached') {
  if (!inboxIds.length) return [];
  const rows = await ctx.db.select({ id: schema.conversations.id }).from(schema.conversationSlas)
    .innerJoin(schema.conversations, eq(schema.conversations.id, schema.conversationSlas.conversationId))
    .where(and(inArray(schema.conversations.inboxId, inboxIds), ne(schema.conversations.status, 'resolved')));
  const views = await slaViews(ctx, rows.map((r) => r.id));
  return [...views.entries()].filter(([, v]) => v.state === state).map(([conversationId, v]) => ({ conversationId, sla: v }));
}
