import { eq } from 'drizzle-orm';
import type { ChannelContext } from '../../channels/types.js';
import type { AppContext } from '../context.js';
import { schema } from '../db/client.js';
import { loadAttachment } from '../messages/attachments.js';

// Keys are namespaced so channel state can never collide with the server's own settings (app_secret ...).
const key = (k: string) => `channel-state:${k}`;

export function channelState(ctx: AppContext): ChannelContext['state'] {
  return {
    async get(k) {
      const [row] = await ctx.db.select({ value: schema.settings.value }).from(schema.settings).where(eq(schema.settings.key, key(k)));
      return row?.value ?? null;
    },
    async set(k, value) {
      await ctx.db.insert(schema.settings).values({ key: key(k), value })
        .onConflictDoUpdate({ target: schema.settings.key, set: { value } });
    },
  };
}

export async function loadChannelAttachment(ctx: AppContext, id: string) {
  const row = await loadAttachment(ctx.db, id);
  return row ? { name: row.name, contentType: row.contentType, data: Buffer.from(row.data) } : null;
}
