import { createHash, randomUUID } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { AppContext } from '../context.js';
import { schema } from '../db/client.js';
import { runFixed, type FixedStatement } from '../db/fixed-statement.js';
import { ACCOUNT_ONLY_EVENTS, EVENT_NAMES } from '../events/catalogue.js';
import type { EventMeta } from '../events/consumer.js';
import { recordAudit } from './audit.js';
import { perAppCache } from './ops-cache.js';
import { opsFor } from './ops.js';
import { postPublic, refuseTarget } from '../../channels/kit/ssrf.js';
import { signedHeaders } from '../../channels/kit/signing.js';

export const WEBHOOK_QUEUE = 'webhook-deliver';
/** What a subscription may ask for: the event catalogue, plus the "send webhook" action of automation rules. */
export const WEBHOOK_EVENTS = [...EVENT_NAMES.filter((e) => !ACCOUNT_ONLY_EVENTS.includes(e)), 'automation.rule'] as const;
export const MAX_WEBHOOK_ATTEMPTS = 6;
const TIMEOUT_MS = 10_000;
// A delivery job still active after this long belongs to a node that died mid-request: pg-boss hands it to
// another worker (same delivery id, so the receiver can tell a resend). Well above one request's timeout.
const JOB_EXPIRE_SECONDS = 2 * TIMEOUT_MS / 1000;
/**
 * The webhooks consumer makes each delivery's first attempt itself, right after storing it, and waits this long
 * for the answers: a receiver that answers at once (the usual case) costs no job at all.
 */
export const FIRST_ATTEMPT_WAIT_MS = 1_000;
// A first attempt still running after that wait gets a job due once the request has surely ended. If the node
// died mid-request, the job makes the attempt; otherwise it finds the attempt made and does nothing.
const STRAGGLER_JOB_DELAY_MS = TIMEOUT_MS + 5_000;

type Subscription = typeof schema.webhookSubscriptions.$inferSelect;

/** The delivery of one logged event to one subscription always gets the same id (a UUID-shaped hash). */
function deliveryIdFor(eventId: string, subscriptionId: string): string {
  const h = createHash('sha256').update(`${eventId}:${subscriptionId}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** What one event says to subscribers, keyed by its log id when it comes from the log. */
export interface WebhookEvent { event: string; data: unknown; eventId?: string }

type NewDelivery = { id: string; subscriptionId: string; event: string; body: string };

function deliveryRows(ctx: AppContext, subsFor: (event: string) => Subscription[], events: WebhookEvent[]): NewDelivery[] {
  const createdAt = ctx.clock.now().toISOString();
  return events.flatMap(({ event, data, eventId }) => subsFor(event).map((sub) => {
    const id = eventId ? deliveryIdFor(eventId, sub.id) : randomUUID();
    return { id, subscriptionId: sub.id, event, body: JSON.stringify({ id, event, createdAt, data }) };
  }));
}

/**
 * Every delivery of these events, rows and jobs, in one transaction: one multi-row insert of the deliveries and
 * one of their jobs, however many events and subscriptions. A delivery already stored keeps its row and gets no
 * second job.
 */
async function queueDeliveries(ctx: AppContext, subsFor: (event: string) => Subscription[], events: WebhookEvent[]): Promise<void> {
  const rows = deliveryRows(ctx, subsFor, events);
  if (!rows.length) return;
  await ctx.db.transaction(async (tx) => {
    const queued = await tx.insert(schema.webhookDeliveries).values(rows).onConflictDoNothing().returning({ id: schema.webhookDeliveries.id });
    if (queued.length) await ctx.jobs.enqueueMany(WEBHOOK_QUEUE, queued.map((q) => ({ data: { deliveryId: q.id, attempt: 1 } })), { tx, expireInSeconds: JOB_EXPIRE_SECONDS });
  });
  ctx.jobs.wake(WEBHOOK_QUEUE);
}

/**
 * A consumer's deliveries in one statement, past the query builder (a multi-row insert built a parameter per
 * column and row): the new ones, and those stored before but never attempted, come back.
 */
const INSERT_UNATTEMPTED: FixedStatement = {
  name: 'webhook_deliveries_insert_unattempted',
  text: `insert into webhook_deliveries (id, subscription_id, event, body)
    select id, subscription_id, event, body from json_to_recordset($1::json) as v(id uuid, subscription_id uuid, event text, body text)
    on conflict (id) do update set id = excluded.id where webhook_deliveries.status = 'pending' and webhook_deliveries.attempts = 0
    returning id`,
};

/**
 * The logged events' deliveries: stored in one insert, then attempted at once, concurrently. The consumer's
 * position moves on only after this returns, so a crash before then hands the events out again, and the insert
 * returns the deliveries that were stored but never attempted: they are attempted then. Only a failed attempt
 * (to retry later) or one still running after FIRST_ATTEMPT_WAIT_MS gets a job.
 */
async function deliverNow(ctx: AppContext, subs: Subscription[], events: WebhookEvent[]): Promise<void> {
  const rows = deliveryRows(ctx, (event) => subs.filter((s) => s.events.includes(event) || s.events.includes('*')), events);
  if (!rows.length) return;
  const fresh = await runFixed(ctx.db, ctx.database.kind === 'postgres', INSERT_UNATTEMPTED,
    [JSON.stringify(rows.map((r) => ({ id: r.id, subscription_id: r.subscriptionId, event: r.event, body: r.body })))]) as { id: string }[];
  const wanted = new Set(fresh.map((f) => f.id));
  const byId = new Map(subs.map((s) => [s.id, s]));
  await attemptAll(ctx, rows.filter((r) => wanted.has(r.id)).map((d) => ({ d, s: byId.get(d.subscriptionId)!, attempt: 1 })), FIRST_ATTEMPT_WAIT_MS);
}

/** The enabled subscriptions, kept until one is changed (every change invalidates this). */
export const enabledSubscriptions = perAppCache('webhook-subscriptions', (ctx) => ctx.db.select().from(schema.webhookSubscriptions)
  .where(eq(schema.webhookSubscriptions.enabled, true)));

/** Fans an event out to every enabled subscription that asked for it (delivery rows + jobs in one transaction). */
export async function dispatchWebhooks(ctx: AppContext, event: EventMeta, data: unknown): Promise<void> {
  await dispatchWebhookBatch(ctx, [{ event: event.type, data, eventId: event.id }]);
}

/** dispatchWebhooks for many logged events at once (a consumer's batch): stored and attempted at once. */
export async function dispatchWebhookBatch(ctx: AppContext, events: WebhookEvent[]): Promise<void> {
  const subs = await enabledSubscriptions.get(ctx);
  if (!subs.length) return;
  await deliverNow(ctx, subs, events);
}

export async function sendToSubscription(ctx: AppContext, subscriptionId: string, event: string, data: unknown): Promise<void> {
  const subs = await ctx.db.select().from(schema.webhookSubscriptions)
    .where(and(eq(schema.webhookSubscriptions.id, subscriptionId), eq(schema.webhookSubscriptions.enabled, true)));
  if (!subs.length) throw new Error('webhook subscription missing or disabled');
  await queueDeliveries(ctx, () => subs, [{ event, data }]);
}

async function attempt(sub: Subscription, delivery: Delivery): Promise<{ ok: boolean; status?: number; error?: string; permanent?: boolean }> {
  const refused = await refuseTarget(sub.url, sub.allowPrivate);
  if (refused) return { ok: false, error: `refused: ${refused}`, permanent: true };
  try {
    // Redirects are not followed: one could point anywhere, including inside our network.
    const { status } = await postPublic(sub.url, {
      timeoutMs: TIMEOUT_MS,
      headers: {
        'content-type': 'application/json', 'user-agent': 'Switchboard-Webhooks/1',
        'x-switchboard-event': delivery.event, 'x-switchboard-delivery': delivery.id,
        ...signedHeaders(sub.secret, delivery.body),
      },
      body: delivery.body,
    }, sub.allowPrivate);
    const ok = status >= 200 && status < 300;
    return ok ? { ok: true, status } : { ok: false, status, error: `HTTP ${status}` };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}

type DeliveryJob = { deliveryId: string; attempt: number };
type Delivery = { id: string; event: string; body: string };
type Attempt = { d: Delivery; s: Subscription; attempt: number };

/**
 * One attempt for each delivery, sent concurrently. The successful ones (the usual case) are marked delivered in
 * one statement, which also clears their subscriptions' failure counts. Failures retry with growing delays; a
 * subscription whose attempts keep failing is switched off with the reason stored on it (shown in the admin UI)
 * and an audit entry. With `waitMs`, attempts still running after it get a job (STRAGGLER_JOB_DELAY_MS) and are
 * settled when they end.
 */
async function attemptAll(ctx: AppContext, work: Attempt[], waitMs?: number): Promise<void> {
  if (!work.length) return;
  const delivered: { id: string; attempts: number; status: number | null }[] = [];
  const settled = new Set<Attempt>();
  const running = work.map(async (a) => {
    const result = await attempt(a.s, a.d);
    settled.add(a);
    if (result.ok) delivered.push({ id: a.d.id, attempts: a.attempt, status: result.status ?? null });
    else await failed(ctx, a, result);
  });
  const all = Promise.all(running);
  if (waitMs === undefined) await all;
  else {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([all, new Promise<void>((r) => { timer = setTimeout(r, waitMs); })]);
    clearTimeout(timer);
    const stragglers = work.filter((a) => !settled.has(a));
    if (stragglers.length) {
      await ctx.jobs.enqueueMany(WEBHOOK_QUEUE, stragglers.map((a) => ({ data: { deliveryId: a.d.id, attempt: a.attempt }, startAfterMs: STRAGGLER_JOB_DELAY_MS })), { expireInSeconds: JOB_EXPIRE_SECONDS });
      // What they answer is recorded when they end; until then the job above stands in for them.
      void all.then(() => markDelivered(ctx, delivered.splice(0))).catch((err) => ctx.log.warn({ err }, 'recording late webhook answers failed'));
    }
  }
  await markDelivered(ctx, delivered.splice(0));
}

async function markDelivered(ctx: AppContext, delivered: { id: string; attempts: number; status: number | null }[]): Promise<void> {
  if (!delivered.length) return;
  await ctx.db.execute(sql`with d as (update webhook_deliveries d set status = 'delivered', attempts = v.attempts, response_status = v.status,
      error = null, delivered_at = ${ctx.clock.now()}
    from unnest(${sql.param(delivered.map((r) => r.id))}::uuid[], ${sql.param(delivered.map((r) => r.attempts))}::int[],
      ${sql.param(delivered.map((r) => r.status))}::int[]) as v(id, attempts, status)
    where d.id = v.id returning d.subscription_id)
    update webhook_subscriptions s set consecutive_failures = 0 where s.id in (select subscription_id from d) and s.consecutive_failures <> 0`);
}

/**
 * The jobs' attempts: retries, deliveries of rule actions, and first attempts whose answer was not recorded. The
 * deliveries are read in one query; one whose attempt of this number was already made (recorded in `attempts`)
 * is left alone.
 */
export async function deliverWebhooks(ctx: AppContext, jobs: DeliveryJob[]): Promise<void> {
  const rows = await ctx.db.select({ d: schema.webhookDeliveries, s: schema.webhookSubscriptions }).from(schema.webhookDeliveries)
    .innerJoin(schema.webhookSubscriptions, eq(schema.webhookSubscriptions.id, schema.webhookDeliveries.subscriptionId))
    .where(inArray(schema.webhookDeliveries.id, jobs.map((j) => j.deliveryId)));
  const byId = new Map(rows.map((r) => [r.d.id, r]));
  const work: Attempt[] = [];
  for (const job of jobs) {
    const row = byId.get(job.deliveryId);
    if (!row || row.d.status !== 'pending' || row.d.attempts >= job.attempt) continue;
    if (!row.s.enabled) {
      await ctx.db.update(schema.webhookDeliveries).set({ status: 'failed', error: 'subscription disabled' }).where(eq(schema.webhookDeliveries.id, row.d.id));
      continue;
    }
    work.push({ d: row.d, s: row.s, attempt: job.attempt });
  }
  await attemptAll(ctx, work);
}

async function failed(ctx: AppContext, { d, s, attempt: n }: Attempt, result: { status?: number; error?: string; permanent?: boolean }): Promise<void> {
  const ops = opsFor(ctx);
  const retry = !result.permanent && n < MAX_WEBHOOK_ATTEMPTS;
  await ctx.db.update(schema.webhookDeliveries).set({ attempts: n, responseStatus: result.status ?? null, error: result.error ?? null, status: retry ? 'pending' : 'failed' })
    .where(eq(schema.webhookDeliveries.id, d.id));
  const [sub] = await ctx.db.update(schema.webhookSubscriptions)
    .set({ consecutiveFailures: sql`${schema.webhookSubscriptions.consecutiveFailures} + 1` })
    .where(eq(schema.webhookSubscriptions.id, s.id)).returning();
  if (sub.enabled && sub.consecutiveFailures >= ops.webhookDisableAfter) {
    const reason = `Disabled after ${sub.consecutiveFailures} failed attempts in a row; last error: ${result.error}`;
    await ctx.db.update(schema.webhookSubscriptions).set({ enabled: false, disabledReason: reason, disabledAt: ctx.clock.now() }).where(eq(schema.webhookSubscriptions.id, sub.id));
    enabledSubscriptions.invalidate(ctx);
    await recordAudit(ctx, null, 'webhook.auto_disabled', { type: 'webhook', id: sub.id }, { reason });
    return;
  }
  if (retry) await ctx.jobs.enqueue(WEBHOOK_QUEUE, { deliveryId: d.id, attempt: n + 1 }, { startAfterMs: ops.webhookRetryDelayMs(n), expireInSeconds: JOB_EXPIRE_SECONDS });
}

export async function startWebhookWorker(ctx: AppContext): Promise<void> {
  // Several workers, each taking what is queued in one go: a backlog after a burst drains in few round trips.
  await ctx.jobs.workBatch<DeliveryJob>(WEBHOOK_QUEUE, 4, 25, (jobs) => deliverWebhooks(ctx, jobs.map((j) => j.data)));
}
