import { WIDGET_DAYS, widgetSettingsSchema, type WidgetSettings } from '../../channels/registry.js';

// Reading and applying the widget settings; their schema belongs to the web channel (channels/webchat/), which
// validates every edit of `config.widget` like the rest of the inbox's configuration.
export { widgetSettingsSchema, type WidgetSettings };
type Day = (typeof WIDGET_DAYS)[number];

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

export function withinBusinessHours(settings: WidgetSettings, now: Date): boolean {
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

export function availability(settings: WidgetSettings, agentsOnline: number, now: Date) {
  const inHours = withinBusinessHours(settings, now);
  return { online: inHours && (!settings.offlineWhenNoAgents || agentsOnline > 0), withinBusinessHours: inHours, agentsOnline: agentsOnline > 0 };
}

/** `image/*` style patterns from the settings, intersected later with the core's own safe-type list. */
export function typeAllowed(types: string[], contentType: string): boolean {
  const ct = contentType.toLowerCase();
  return types.some((t) => (t.endsWith('/*') ? ct.startsWith(t.slice(0, -1).toLowerCase()) : ct === t.toLowerCase()));
}
