import { eq } from 'drizzle-orm';
import type { ConnectionCheck } from '../../channels/types.js';
import { now } from '../clock.js';
import type { AppContext } from '../context.js';
import { schema } from '../db/client.js';
import { findInbox } from './inboxes.js';
import { notFound } from '../errors.js';

export interface ConnectionReport {
  ok: boolean;
  checks: (ConnectionCheck & { ok: boolean })[];
  checkedAt: string;
}

/**
 * Runs the inbox's channel connection test with its stored (decrypted) credentials and remembers whether it
 * passed, which the onboarding checklist reads. A provider that refuses is a result, not an error: the report
 * carries its words.
 */
export async function testInboxConnection(ctx: AppContext, inboxId: string): Promise<ConnectionReport> {
  const inbox = await findInbox(ctx, inboxId);
  if (!inbox) throw notFound('Inbox');
  const adapter = ctx.adapters.get(inbox.channel);
  const checks = adapter?.testConnection
    ? await adapter.testConnection(inbox, { publicUrl: ctx.config.publicUrl, config: { SMTP_URL: ctx.config.SMTP_URL, INBOUND_SMTP_PORT: ctx.config.INBOUND_SMTP_PORT } })
    : [{ name: inbox.channel, status: 'ok' as const, detail: 'nothing to call: this channel has no provider account' }];
  const ok = checks.every((c) => c.status === 'ok');
  const checkedAt = now(ctx);
  const report = checks.map((c) => ({ ...c, ok: c.status === 'ok' }));
  await ctx.db.insert(schema.inboxConnectionTests).values({ inboxId: inbox.id, ok, checkedAt, checks: report })
    .onConflictDoUpdate({ target: schema.inboxConnectionTests.inboxId, set: { ok, checkedAt, checks: report } });
  return { ok, checks: report, checkedAt: checkedAt.toISOString() };
}

/** The inbox's latest test as it was reported, or null before the first. */
export async function lastInboxConnectionTest(ctx: AppContext, inboxId: string): Promise<ConnectionReport | null> {
  if (!(await findInbox(ctx, inboxId))) throw notFound('Inbox');
  const [row] = await ctx.db.select().from(schema.inboxConnectionTests).where(eq(schema.inboxConnectionTests.inboxId, inboxId));
  return row ? { ok: row.ok, checks: row.checks, checkedAt: row.checkedAt.toISOString() } : null;
}
