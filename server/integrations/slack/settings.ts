import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { schema } from '../../db/client.js';

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
/** Other nodes pick up a changed configuration within this long; the node that saved it at once. */
const CACHE_MS = 10_000;
const cache = new WeakMap<AppContext, { value: SlackSettings | null; until: number }>();

/** Read on every mirrored message, so cached; null when Slack is not configured. */
export async function loadSlackSettings(ctx: AppContext): Promise<SlackSettings | null> {
  const hit = cache.get(ctx);
  if (hit && hit.until > Date.now()) return hit.value;
  const [row] = await ctx.db.select().from(schema.settings).where(eq(schema.settings.key, KEY));
  const value = row ? (ctx.secrets.mapFields(JSON.parse(row.value), SLACK_SECRET_FIELDS, (v) => ctx.secrets.open(v)) as SlackSettings) : null;
  cache.set(ctx, { value, until: Date.now() + CACHE_MS });
  return value;
}

/** Stored in the settings table with the token and signing secret sealed by SECRET_KEY. */
export async function saveSlackSettings(ctx: AppContext, settings: SlackSettings | null): Promise<void> {
  if (!settings) await ctx.db.delete(schema.settings).where(eq(schema.settings.key, KEY));
  else {
    const value = JSON.stringify(ctx.secrets.mapFields(settings, SLACK_SECRET_FIELDS, (v) => ctx.secrets.seal(v)));
    await ctx.db.insert(schema.settings).values({ key: KEY, value }).onConflictDoUpdate({ target: schema.settings.key, set: { value } });
  }
  cache.set(ctx, { value: settings, until: Date.now() + CACHE_MS });
}
