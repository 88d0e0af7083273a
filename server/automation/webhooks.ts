import { createHash, randomUUID } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { AppContext } from '../context.js';
import { schema } from '../db/client.js';
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

type Subscription = typeof schema.webhookSubscriptions.$inferSelect;

/** The delivery of one logged event to one subscription always gets the same id (a UUID-shaped hash). */
function deliveryIdFor(eventId: string, subscriptionId: string): string {
  const h = createHash('sha256').update(`${eventId}:${subscriptionId}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** What one event says to subscribers, keyed by its log id when it comes from the log. */
export interface WebhookEvent { event: string; data: unknown; eventId?: string }

/**
 * Every delivery of these events, rows and jobs, in one transaction: one multi-row insert of the deliveries and
 * one of their jobs, however many events and subscriptions. A delivery already stored (an event handed out again
 * after a crash) keeps its row and gets no second job.
 */
async function queueDeliveries(ctx: AppContext, subsFor: (event: string) => Subscription[], events: WebhookEvent[]): Promise<void> {
  const createdAt = ctx.clock.now().toISOString();
  const rows = events.flatMap(({ event, data, eventId }) => subsFor(event).map((sub) => {
    const id = eventId ? deliveryIdFor(eventId, sub.id) : randomUUID();
    return { id, subscriptionId: sub.id, event, body: JSON.stringify({ id, event, createdAt, data }) };
  }));
  if (!rows.length) return;
  await ctx.db.transaction(async (tx) => {
    const queued = await tx.insert(schema.webhookDeliveries).values(rows).onConflictDoNothing().returning({ id: schema.webhookDeliveries.id });
    if (queued.length) await ctx.jobs.enqueueMany(WEBHOOK_QUEUE, queued.map((q) => ({ data: { deliveryId: q.id, attempt: 1 } })), { tx, expireInSeconds: JOB_EXPIRE_SECONDS });
  });
  ctx.jobs.wake(WEBHOOK_QUEUE);
}

/** The enabled subscriptions, kept until one is changed (every change invalidates this). */
export const enabledSubscriptions = perAppCache('webhook-subscriptions', (ctx) => ctx.db.select().from(schema.webhookSubscriptions)
  .where(eq(schema.webhookSubscriptions.enabled, true)));

/** Fans an event out to every enabled subscription that asked for it (delivery rows + jobs in one transaction). */
export async function dispatchWebhooks(ctx: AppContext, event: EventMeta, data: unknown): Promise<void> {
  await dispatchWebhookBatch(ctx, [{ event: event.type, data, eventId: event.id }]);
}

/** dispatchWebhooks for many logged events at once (a consumer's batch). */
export async function dispatchWebhookBatch(ctx: AppContext, events: WebhookEvent[]): Promise<void> {
  const subs = await enabledSubscriptions.get(ctx);
  if (!subs.length) return;
  await queueDeliveries(ctx, (event) => subs.filter((s) => s.events.includes(event) || s.events.includes('*')), events);
}

export async function sendToSubscription(ctx: AppContext, subscriptionId: string, event: string, data: unknown): Promise<void> {
  const subs = await ctx.db.select().from(schema.webhookSubscriptions)
    .where(and(eq(schema.webhookSubscriptions.id, subscriptionId), eq(schema.webhookSubscriptions.enabled, true)));
  if (!subs.length) throw new Error('webhook subscription missing or disabled');
  await queueDeliveries(ctx, () => subs, [{ event, data }]);
}

async function attempt(sub: Subscription, delivery: { id: string; event: string; body: string }): Promise<{ ok: boolean; status?: number; error?: string; permanent?: boolean }> {
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
type DeliveryRow = { d: typeof schema.webhookDeliveries.$inferSelect; s: Subscription };

/**
 * One delivery attempt for each job, sent concurrently: the deliveries are read in one query and the successful
 * ones (the usual case) marked delivered in one statement. Failures retry with growing delays; a subscription
 * whose attempts keep failing is switched off with the reason stored on it (shown in the admin UI) and an audit
 * entry.
 */
export async function deliverWebhooks(ctx: AppContext, jobs: DeliveryJob[]): Promise<void> {
  const rows = await ctx.db.select({ d: schema.webhookDeliveries, s: schema.webhookSubscriptions }).from(schema.webhookDeliveries)
    .innerJoin(schema.webhookSubscriptions, eq(schema.webhookSubscriptions.id, schema.webhookDeliveries.subscriptionId))
    .where(inArray(schema.webhookDeliveries.id, jobs.map((j) => j.deliveryId)));
  const byId = new Map(rows.map((r) => [r.d.id, r]));
  const delivered: { id: string; attempts: number; status: number | null }[] = [];
  await Promise.all(jobs.map(async (job) => {
    const row = byId.get(job.deliveryId);
    if (!row || row.d.status !== 'pending') return;
    if (!row.s.enabled) {
      await ctx.db.update(schema.webhookDeliveries).set({ status: 'failed', error: 'subscription disabled' }).where(eq(schema.webhookDeliveries.id, row.d.id));
      return;
    }
    const result = await attempt(row.s, row.d);
    if (!result.ok) return failed(ctx, row, job, result);
    delivered.push({ id: row.d.id, attempts: job.attempt, status: result.status ?? null });
    // The subscription was read with its delivery: a healthy one (the usual case) has nothing to reset.
    if (row.s.consecutiveFailures !== 0) {
      await ctx.db.update(schema.webhookSubscriptions).set({ consecutiveFailures: 0 }).where(eq(schema.webhookSubscriptions.id, row.s.id));
    }
  }));
  if (!delivered.length) return;
  await ctx.db.execute(sql`update webhook_deliveries d set status = 'delivered', attempts = v.attempts, response_status = v.status,
      error = null, delivered_at = ${ctx.clock.now()}
    from unnest(${sql.param(delivered.map((r) => r.id))}::uuid[], ${sql.param(delivered.map((r) => r.attempts))}::int[],
      ${sql.param(delivered.map((r) => r.status))}::int[]) as v(id, attempts, status)
    where d.id = v.id`);
}

async function failed(ctx: AppContext, row: DeliveryRow, job: DeliveryJob, result: { status?: number; error?: string; permanent?: boolean }): Promise<void> {
  const ops = opsFor(ctx);
  const retry = !result.permanent && job.attempt < MAX_WEBHOOK_ATTEMPTS;
  await ctx.db.update(schema.webhookDeliveries).set({ attempts: job.attempt, responseStatus: result.status ?? null, error: result.error ?? null, status: retry ? 'pending' : 'failed' })
    .where(eq(schema.webhookDeliveries.id, row.d.id));
  const [sub] = await ctx.db.update(schema.webhookSubscriptions)
    .set({ consecutiveFailures: sql`${schema.webhookSubscriptions.consecutiveFailures} + 1` })
    .where(eq(schema.webhookSubscriptions.id, row.s.id)).returning();
  if (sub.enabled && sub.consecutiveFailures >= ops.webhookDisableAfter) {
    const reason = `Disabled after ${sub.consecutiveFailures} failed attempts in a row; last error: ${result.error}`;
    await ctx.db.update(schema.webhookSubscriptions).set({ enabled: false, disabledReason: reason, disabledAt: ctx.clock.now() }).where(eq(schema.webhookSubscriptions.id, sub.id));
    enabledSubscriptions.invalidate(ctx);
    await recordAudit(ctx, null, 'webhook.auto_disabled', { type: 'webhook', id: sub.id }, { reason });
    return;
  }
  if (retry) await ctx.jobs.enqueue(WEBHOOK_QUEUE, { deliveryId: row.d.id, attempt: job.attempt + 1 }, { startAfterMs: ops.webhookRetryDelayMs(job.attempt), expireInSeconds: JOB_EXPIRE_SECONDS });
}

export async function startWebhookWorker(ctx: AppContext): Promise<void> {
  // Several workers, each taking what is queued in one go: a backlog after a burst drains in few round trips.
  await ctx.jobs.workBatch<DeliveryJob>(WEBHOOK_QUEUE, 4, 25, (jobs) => deliverWebhooks(ctx, jobs.map((j) => j.data)));
}
