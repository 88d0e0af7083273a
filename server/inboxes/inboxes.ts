import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { ChannelKind, InboxRecord } from '../../channels/types.js';
import type { AppContext } from '../context.js';
import { schema } from '../db/client.js';
import { badRequest, notFound, zodFields } from '../errors.js';
import { BOT_SECRET_FIELDS } from '../bot/settings.js';
import { keepUntouchedSettings, mergeInboxConfig } from './config-merge.js';
import { forget, memo } from '../shared/memo.js';
import { inboxOutboundTargets, refuseOutboundTargets } from '../messages/outbound-targets.js';
import { MASK } from '../shared/secrets.js';
import { isUuid } from '../shared/ids.js';

export type InboxRow = typeof schema.inboxes.$inferSelect;

function adapterFor(ctx: AppContext, channel: string) {
  const adapter = ctx.adapters.get(channel as ChannelKind);
  if (!adapter) throw badRequest(`Unknown channel "${channel}"`, { channel: `one of ${[...ctx.adapters.keys()].join(', ')}` });
  return adapter;
}

/** Secret config fields of an inbox: its channel's own, plus the bot's LLM key that every channel may carry. */
export function inboxSecretFields(ctx: AppContext, channel: string): string[] {
  return [...(ctx.adapters.get(channel as ChannelKind)?.secretFields ?? []), ...BOT_SECRET_FIELDS];
}

/** The inbox with its secrets decrypted, for adapters only; never serialise this to a client. */
export function toInboxRecord(ctx: AppContext, row: InboxRow): InboxRecord {
  const secretFields = inboxSecretFields(ctx, row.channel);
  return {
    id: row.id,
    name: row.name,
    channel: row.channel as ChannelKind,
    config: ctx.secrets.mapFields(row.config, secretFields, (v) => ctx.secrets.open(v)),
    widgetKey: row.widgetKey,
    botEnabled: row.botEnabled,
    teamId: row.teamId,
  };
}

// Inbox rows (bot switch included) change rarely and are read on every inbound message: kept in memory until
// an edit on any node invalidates them (server/shared/memo.ts).
const inboxKey = (id: string) => `inbox:${id}`;
/** Drops the cached row of an inbox after it changed, so the next read sees the change. */
export const forgetInbox = (ctx: AppContext, id: string): void => forget(ctx, inboxKey(id));

export async function findInboxRow(ctx: AppContext, id: string): Promise<InboxRow | null> {
  if (!isUuid(id)) return null;
  // Ids are random and inboxes are never deleted, so "no such inbox" may be remembered too.
  return memo(ctx, inboxKey(id), async () => (await ctx.db.select().from(schema.inboxes).where(eq(schema.inboxes.id, id)))[0] ?? null);
}

export async function findInbox(ctx: AppContext, id: string): Promise<InboxRecord | null> {
  const row = await findInboxRow(ctx, id);
  return row ? toInboxRecord(ctx, row) : null;
}

export async function findInboxByWidgetKey(ctx: AppContext, widgetKey: string): Promise<InboxRow | null> {
  const [row] = await ctx.db.select().from(schema.inboxes).where(eq(schema.inboxes.widgetKey, widgetKey));
  return row ?? null;
}

export async function listInboxRecords(ctx: AppContext, channel: ChannelKind): Promise<InboxRecord[]> {
  const rows = await ctx.db.select().from(schema.inboxes).where(eq(schema.inboxes.channel, channel));
  return rows.map((r) => toInboxRecord(ctx, r));
}

async function validateConfig(ctx: AppContext, channel: string, config: unknown): Promise<Record<string, unknown>> {
  const parsed = adapterFor(ctx, channel).configSchema.safeParse(config ?? {});
  if (!parsed.success) {
    const fields = Object.fromEntries(Object.entries(zodFields(parsed.error)).map(([k, v]) => [`config.${k}`, v]));
    throw badRequest(`Invalid ${channel} inbox configuration: ${Object.entries(fields).map(([k, v]) => `${k}: ${v}`).join('; ')}`, fields);
  }
  // Bot settings ride along in every channel's config (validated by the bot, server/bot/settings.ts), also
  // where a channel's own schema would strip unknown keys.
  const bot = (config as Record<string, unknown> | null)?.bot;
  const valid = { ...(parsed.data as Record<string, unknown>), ...(bot !== undefined ? { bot } : {}) };
  await refuseOutboundTargets(inboxOutboundTargets(valid));
  return valid;
}

export async function createInbox(ctx: AppContext, input: { name: string; channel: string; config?: unknown; teamId?: string | null }): Promise<InboxRow> {
  const config = await validateConfig(ctx, input.channel, input.config);
  const sealed = ctx.secrets.mapFields(config, inboxSecretFields(ctx, input.channel), (v) => ctx.secrets.seal(v));
  const [row] = await ctx.db.insert(schema.inboxes).values({
    name: input.name,
    channel: input.channel,
    config: sealed,
    teamId: input.teamId ?? null,
    widgetKey: input.channel === 'web' ? randomBytes(16).toString('base64url') : null,
  }).returning();
  return row;
}

export async function updateInbox(
  ctx: AppContext,
  id: string,
  patch: { name?: string; config?: Record<string, unknown>; botEnabled?: boolean; teamId?: string | null },
): Promise<InboxRow> {
  const row = await findInboxRow(ctx, id);
  if (!row) throw notFound('Inbox');
  const values: Partial<InboxRow> = {};
  if (patch.name !== undefined) values.name = patch.name;
  if (patch.botEnabled !== undefined) values.botEnabled = patch.botEnabled;
  if (patch.teamId !== undefined) values.teamId = patch.teamId;
  if (patch.config !== undefined) {
    // A masked secret sent back by the UI means "unchanged": keep the stored value.
    const current = toInboxRecord(ctx, row).config;
    const groups = adapterFor(ctx, row.channel).settingsGroups ?? [];
    const merged = mergeInboxConfig(current, patch.config, groups);
    for (const f of inboxSecretFields(ctx, row.channel)) {
      const parts = f.split('.');
      const get = (o: any) => parts.reduce((n, p) => n?.[p], o);
      if (get(merged) === MASK) {
        let node: any = merged;
        for (const p of parts.slice(0, -1)) node = node[p];
        node[parts[parts.length - 1]] = get(current);
      }
    }
    const config = keepUntouchedSettings(await validateConfig(ctx, row.channel, merged), current, patch.config, groups);
    values.config = ctx.secrets.mapFields(config, inboxSecretFields(ctx, row.channel), (v) => ctx.secrets.seal(v));
  }
  // Nothing to change (e.g. only members were sent): an empty UPDATE is an error in SQL.
  if (!Object.keys(values).length) return row;
  const [updated] = await ctx.db.update(schema.inboxes).set(values).where(eq(schema.inboxes.id, id)).returning();
  forgetInbox(ctx, id);
  return updated;
}

export async function ensureDefaultInbox(ctx: AppContext): Promise<void> {
  const [any] = await ctx.db.select({ id: schema.inboxes.id }).from(schema.inboxes).limit(1);
  if (!any) await createInbox(ctx, { name: 'Website', channel: 'web', config: {} });
}
