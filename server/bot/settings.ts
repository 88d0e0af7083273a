import { z } from 'zod';
import { widgetSettingsSchema, withinBusinessHours } from '../webchat/settings.js';

// Per-inbox bot settings, stored in inboxes.config.bot (whether the bot runs at all is inboxes.bot_enabled,
// switched by PATCH /api/inboxes/:id {bot:{enabled}}). Every flow is configuration, not code.

const localizedText = z.union([z.string().min(1).max(2000), z.record(z.string(), z.string().min(1).max(2000))]);
const attributeKey = z.string().regex(/^[a-zA-Z][\w-]{0,39}$/, 'letters, digits, _ and -, starting with a letter');

export const botSettingsSchema = z.object({
  /** The language used until the visitor's own writing tells otherwise. */
  locale: z.enum(['en', 'th', 'zh', 'fa']).default('en'),
  greeting: localizedText.optional(),
  kb: z.object({
    /** Minimum share of the question the best article must cover for the bot to answer outright. */
    answerThreshold: z.number().min(0).max(1).default(0.5),
    /** Below the answer threshold but at least this: offer the top articles as options. */
    suggestThreshold: z.number().min(0).max(1).default(0.25),
    maxOptions: z.number().int().min(1).max(3).default(3),
    askFeedback: z.boolean().default(true),
  }).prefault({}),
  handoff: z.object({
    /** Extra phrases that ask for a person, on top of the built-in ones in every supported language. */
    keywords: z.array(z.string().min(1).max(60)).max(50).default([]),
    /** Unanswered questions in a row before the bot hands over by itself. */
    maxUnanswered: z.number().int().min(1).max(20).default(2),
    onNegativeFeedback: z.boolean().default(true),
    /** Offer a "Talk to a person" button when the bot cannot answer. */
    button: z.boolean().default(true),
  }).prefault({}),
  leadCapture: z.object({
    enabled: z.boolean().default(false),
    fields: z.array(z.enum(['name', 'email', 'phone'])).min(1).max(3).default(['name', 'email']),
    /** Country assumed for phone numbers written without a +country code (ISO 3166 alpha-2). */
    defaultCountry: z.string().regex(/^[A-Z]{2}$/).optional(),
  }).prefault({}),
  /** Asked after lead capture; answers land in the contact's custom attributes. */
  qualification: z.array(z.object({
    attribute: attributeKey,
    question: localizedText,
    options: z.array(z.string().min(1).max(100)).max(10).optional(),
  })).max(10).default([]),
  /** Falls back to the web widget's business hours (config.widget.businessHours) when unset. */
  businessHours: widgetSettingsSchema.shape.businessHours,
  messages: z.record(z.string(), localizedText).default({}),
  /**
   * Generative answers through an OpenAI-compatible chat-completions endpoint (server/bot/llm). Unset fields
   * fall back to the installation's LLM_* variables; enabled: false keeps this inbox on the built-in answers.
   */
  llm: z.object({
    enabled: z.boolean().optional(),
    baseUrl: z.url({ protocol: /^https?$/ }).optional(),
    /** Lets baseUrl be a private or loopback address (a local Ollama, a stand-in); refused otherwise. */
    allowPrivate: z.boolean().optional(),
    model: z.string().trim().min(1).max(200).optional(),
    apiKey: z.string().min(1).max(1000).optional(),
    apiVersion: z.string().trim().min(1).max(40).optional(),
    timeoutMs: z.number().int().min(500).max(60_000).optional(),
  }).prefault({}),
});
export type BotSettings = z.infer<typeof botSettingsSchema>;

/** Stored encrypted with the inbox's channel secrets and masked wherever settings are shown. */
export const BOT_SECRET_FIELDS = ['bot.llm.apiKey'];

/** Stored settings may predate a schema change or come from an unvalidated PATCH: fall back per field. */
export function readBotSettings(config: Record<string, unknown>): BotSettings {
  const raw = (config.bot ?? {}) as Record<string, unknown>;
  const parsed = botSettingsSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const bad = new Set(parsed.error.issues.map((i) => String(i.path[0])));
  return botSettingsSchema.parse(Object.fromEntries(Object.entries(raw).filter(([k]) => !bad.has(k))));
}

export function insideBusinessHours(settings: BotSettings, config: Record<string, unknown>, now: Date): boolean {
  const widget = (config.widget ?? {}) as Record<string, unknown>;
  const businessHours = settings.businessHours ?? widgetSettingsSchema.shape.businessHours.safeParse(widget.businessHours).data;
  return withinBusinessHours({ businessHours }, now);
}
