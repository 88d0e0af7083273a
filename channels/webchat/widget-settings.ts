import { z } from 'zod';

// Widget branding and behaviour, stored in the web inbox's `config.widget` (public: GET /api/widget/config
// returns it as is, so it must never hold a secret; the identity key lives in `config.identitySecret`).
// Messages are written for the admin who typed the value: the designer shows them under the field.

export const MAX_WIDGET_ATTACHMENT_BYTES = 20 * 1024 * 1024;

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time like 09:00 (24-hour)');
export const WIDGET_DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

const formField = z.object({
  name: z.string().regex(/^[a-zA-Z][\w-]{0,39}$/, 'starts with a letter; letters, digits, - and _ only (at most 40)'),
  label: z.string().min(1, 'required').max(100, 'at most 100 characters'),
  type: z.enum(['text', 'email', 'tel', 'textarea', 'select', 'number'], { error: 'one of text, email, tel, textarea, select, number' }).default('text'),
  required: z.boolean().default(false),
  options: z.array(z.string().max(100, 'at most 100 characters')).max(50, 'at most 50 options').optional(),
});

export const proactiveRuleSchema = z.object({
  id: z.string().regex(/^[\w-]{1,40}$/),
  message: z.string().min(1).max(1000),
  urlPattern: z.string().max(500).optional(),
  delaySeconds: z.number().int().min(0).max(3600).default(0),
  audience: z.enum(['all', 'first', 'returning']).default('all'),
});

/** A subject the visitor may pick when starting a conversation; it may route to a team. */
export const widgetTopicSchema = z.object({
  id: z.string().regex(/^[\w-]{1,40}$/),
  label: z.string().trim().min(1).max(100),
  teamId: z.string().uuid().nullable().optional(),
});

export const widgetSettingsSchema = z.looseObject({
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour like #4f46e5').optional(),
  position: z.enum(['right', 'left'], { error: 'right or left' }).optional(),
  greeting: z.string().max(500, 'at most 500 characters').optional(),
  teamName: z.string().max(100, 'at most 100 characters').optional(),
  avatars: z.array(z.url({ error: 'a web address like https://example.com/me.png' }).max(500, 'at most 500 characters')).max(5, 'at most 5 pictures').optional(),
  replyTime: z.enum(['minutes', 'hours', 'day'], { error: 'minutes, hours or day' }).optional(),
  locale: z.string().max(10, 'a language code like en or fa').optional(),
  preChat: z.object({
    enabled: z.boolean(),
    message: z.string().max(500, 'at most 500 characters').optional(),
    fields: z.array(formField).max(10, 'at most 10 fields'),
  }).optional(),
  askEmailAfterMinutes: z.number().min(0).max(1440, 'at most 1440 minutes (a day)').nullable().optional(),
  csat: z.boolean().optional(),
  attachments: z.object({
    enabled: z.boolean(),
    maxBytes: z.number({ error: 'a size in bytes' }).int('a whole number of bytes')
      .min(1024, 'at least 1 KB').max(MAX_WIDGET_ATTACHMENT_BYTES, 'at most 20 MB'),
    types: z.array(z.string().regex(/^[\w.+-]+\/[\w.+*-]+$/, 'a file type like image/png or image/*')).max(30, 'at most 30 types'),
  }).optional(),
  identity: z.object({ requireVerified: z.boolean() }).optional(),
  proactive: z.array(proactiveRuleSchema).max(20).optional(),
  topics: z.array(widgetTopicSchema).max(20).optional(),
  businessHours: z.object({
    enabled: z.boolean(),
    timeZone: z.string().refine((tz) => { try { new Intl.DateTimeFormat('en', { timeZone: tz }); return true; } catch { return false; } }, 'a time zone like Europe/Berlin'),
    days: z.partialRecord(z.enum(WIDGET_DAYS), z.array(z.object({ open: hhmm, close: hhmm })).max(4, 'at most 4 windows a day')),
  }).optional(),
  /** Show the offline form when no agent has the inbox open, even inside business hours. */
  offlineWhenNoAgents: z.boolean().optional(),
});
export type WidgetSettings = z.infer<typeof widgetSettingsSchema>;
