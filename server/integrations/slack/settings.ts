import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { schema } from '../../db/client.js';
import { forget, memo } from '../../shared/memo.js';

export const slackSettingsSchema = z.object({
  botToken: z.string().regex(/^xox[bp]-[\w-]+$/, 'a bot token starting with xoxb-'),
  signingSecret: z.string().min(8),
  channelId: z.string().regex(/^[CG][A-Z0-9]{2,}$/, 'a channel id like C0123456789'),
  /** The Web API base (default https://slack.com/api/); tests point it at a stand-in. */
  slackApiUrl: z.url().optional(),
  /** Lets slackApiUrl be a private or loopback address (a local stand-in); refused otherwise (channels/kit/ssrf.ts). */
  allowPrivate: z.boolean().optional(),
});
export type SlackSettings = z.infer<typeof slackSettingsSchema>;

const KEY = 'integration.slack';
export const SLACK_SECRET_FIELDS = ['botToken', 'signingSecret'];

/**
 * Read on every mirrored message, so remembered until an admin saves new settings: saving forgets it on this node
 * at once and on the others through the cluster. Null when Slack is not configured.
 */
export function loadSlackSettings(ctx: AppContext): Promise<SlackSettings | null> {
  return memo(ctx, KEY, async () => {
    const [row] = await ctx.db.select().from(schema.settings).where(eq(schema.settings.key, KEY));
    return row ? (ctx.secrets.mapFields(JSON.parse(row.value), SLACK_SECRET_FIELDS, (v) => ctx.secrets.open(v)) as SlackSettings) : null;
  });
}

/** Stored in the settings table with the token and signing secret sealed by SECRET_KEY. */
export async function saveSlackSettings(ctx: AppContext, settings: SlackSettings | null): Promise<void> {
  if (!settings) await ctx.db.delete(schema.settings).where(eq(schema.settings.key, KEY));
  else {
    const value = JSON.stringify(ctx.secrets.mapFields(settings, SLACK_SECRET_FIELDS, (v) => ctx.secrets.seal(v)));
    await ctx.db.insert(schema.settings).values({ key: KEY, value }).onConflictDoUpdate({ target: schema.settings.key, set: { value } });
  }
  forget(ctx, KEY);
}
