import { z } from 'zod';

// Widget branding and behaviour, stored in the web inbox's `config.widget` (public: GET /api/widget/config
// returns it as is, so it must never hold a secret; the identity key lives in `config.identitySecret`).

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM, 24-hour');
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
type Day = (typeof DAYS)[number];

const formField = z.object({
  name: z.string().regex(/^[a-zA-Z][\w-]{0,39}$/),
  label: z.string().min(1).max(100),
  type: z.enum(['text', 'email', 'tel', 'textarea', 'select', 'number']).default('text'),
  required: z.boolean().default(false),
  options: z.array(z.string().max(100)).max(50).optional(),
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
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/).optional(),
  position: z.enum(['right', 'left']).optional(),
  greeting: z.string().max(500).optional(),
  teamName: z.string().max(100).optional(),
  avatars: z.array(z.url().max(500)).max(5).optional(),
  replyTime: z.enum(['minutes', 'hours', 'day']).optional(),
  locale: z.string().max(10).optional(),
  preChat: z.object({ enabled: z.boolean(), message: z.string().max(500).optional(), fields: z.array(formField).max(10) }).optional(),
  askEmailAfterMinutes: z.number().min(0).max(1440).nullable().optional(),
  csat: z.boolean().optional(),
  attachments: z.object({
    enabled: z.boolean(),
    maxBytes: z.number().int().min(1024).max(20 * 1024 * 1024),
    types: z.array(z.string().regex(/^[\w.+-]+\/[\w.+*-]+$/)).max(30),
  }).optional(),
  identity: z.object({ requireVerified: z.boolean() }).optional(),
  proactive: z.array(proactiveRuleSchema).max(20).optional(),
  topics: z.array(widgetTopicSchema).max(20).optional(),
  businessHours: z.object({
    enabled: z.boolean(),
    timeZone: z.string().refine((tz) => { try { new Intl.DateTimeFormat('en', { timeZone: tz }); return true; } catch { return false; } }, 'an IANA time zone'),
    days: z.partialRecord(z.enum(DAYS), z.array(z.object({ open: hhmm, close: hhmm })).max(4)),
  }).optional(),
  /** Show the offline form when no agent has the inbox open, even inside business hours. */
  offlineWhenNoAgents: z.boolean().optional(),
});
export type WidgetSettings = z.infer<typeof widgetSettingsSchema>;

export const DEFAULT_ATTACHMENTS = {
  enabled: true,
  maxBytes: 10 * 1024 * 1024,
  types: ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf', 'text/plain', 'text/csv'],
};

/** Stored settings may predate a schema change: read them leniently, falling back per field. */
export function readWidgetSettings(config: Record<string, unknown>): WidgetSettings {
  const raw = (config.widget ?? {}) as Record<string, unknown>;
  const parsed = widgetSettingsSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const bad = new Set(parsed.error.issues.map((i) => String(i.path[0])));
  return widgetSettingsSchema.parse(Object.fromEntries(Object.entries(raw).filter(([k]) => !bad.has(k))));
}

function localClock(now: Date, timeZone: string): { day: Day; minutes: number } {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
    .formatToParts(now);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return { day: get('weekday').slice(0, 3).toLowerCase() as Day, minutes: Number(get('hour')) * 60 + Number(get('minute')) };
}

const toMinutes = (hm: string) => Number(hm.slice(0, 2)) * 60 + Number(hm.slice(3));

export function withinBusinessHours(settings: WidgetSettings, now = new Date()): boolean {
  const bh = settings.businessHours;
  if (!bh?.enabled) return true;
  const { day, minutes } = localClock(now, bh.timeZone);
  return (bh.days[day] ?? []).some((w) => {
    const open = toMinutes(w.open);
    const close = toMinutes(w.close);
    // A window like 22:00–02:00 crosses midnight.
    return close > open ? minutes >= open && minutes < close : minutes >= open || minutes < close;
  });
}

export function availability(settings: WidgetSettings, agentsOnline: number, now = new Date()) {
  const inHours = withinBusinessHours(settings, now);
  return { online: inHours && (!settings.offlineWhenNoAgents || agentsOnline > 0), withinBusinessHours: inHours, agentsOnline: agentsOnline > 0 };
}

/** `image/*` style patterns from the settings, intersected later with the core's own safe-type list. */
export function typeAllowed(types: string[], contentType: string): boolean {
  const ct = contentType.toLowerCase();
  return types.some((t) => (t.endsWith('/*') ? ct.startsWith(t.slice(0, -1).toLowerCase()) : ct === t.toLowerCase()));
}
