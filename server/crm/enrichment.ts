import { eq } from 'drizzle-orm';
import type { AppContext } from '../context.js';
import { schema } from '../db/client.js';
import type { ContactRow } from '../events/bus.js';
import { FREE_MAIL_DOMAINS } from './free-mail.js';
import { ensureState, patchState, type ContactState } from './state.js';

// Second-level labels under which registrable domains sit (acme.co.uk, acme.com.au).
const GENERIC_SLD = new Set(['co', 'com', 'net', 'org', 'ac', 'gov', 'edu', 'or', 'ne', 'go']);

/** The organisation's domain behind an e-mail address, or null for free-mail and malformed addresses. */
export function companyDomain(email: string | null | undefined): string | null {
  const domain = email?.split('@')[1]?.trim().toLowerCase();
  if (!domain || !domain.includes('.') || FREE_MAIL_DOMAINS.has(domain)) return null;
  const labels = domain.split('.');
  const keep = labels.length >= 3 && GENERIC_SLD.has(labels[labels.length - 2]) ? 3 : 2;
  const registrable = labels.slice(-keep).join('.');
  return FREE_MAIL_DOMAINS.has(registrable) ? null : registrable;
}

/** "acme-widgets.co.uk" -> "Acme Widgets": a readable default an agent can correct. */
export function companyName(domain: string): string {
  return domain.split('.')[0].split(/[-_]/).filter(Boolean).map((w) => w[0].toUpperCase() + w.slice(1)).join(' ');
}

// Time zones that name one country; enough to place most visitors when the browser locale has no region.
const ZONE_COUNTRY: Record<string, string> = {
  'Europe/London': 'GB', 'Europe/Dublin': 'IE', 'Europe/Paris': 'FR', 'Europe/Berlin': 'DE', 'Europe/Madrid': 'ES', 'Europe/Rome': 'IT',
  'Europe/Amsterdam': 'NL', 'Europe/Brussels': 'BE', 'Europe/Zurich': 'CH', 'Europe/Vienna': 'AT', 'Europe/Stockholm': 'SE', 'Europe/Oslo': 'NO',
  'Europe/Copenhagen': 'DK', 'Europe/Helsinki': 'FI', 'Europe/Warsaw': 'PL', 'Europe/Prague': 'CZ', 'Europe/Lisbon': 'PT', 'Europe/Athens': 'GR',
  'Europe/Istanbul': 'TR', 'Europe/Kyiv': 'UA', 'Europe/Moscow': 'RU', 'Asia/Bangkok': 'TH', 'Asia/Tehran': 'IR', 'Asia/Shanghai': 'CN',
  'Asia/Hong_Kong': 'HK', 'Asia/Taipei': 'TW', 'Asia/Tokyo': 'JP', 'Asia/Seoul': 'KR', 'Asia/Singapore': 'SG', 'Asia/Kolkata': 'IN',
  'Asia/Jakarta': 'ID', 'Asia/Manila': 'PH', 'Asia/Ho_Chi_Minh': 'VN', 'Asia/Kuala_Lumpur': 'MY', 'Asia/Dubai': 'AE', 'Asia/Riyadh': 'SA',
  'Asia/Jerusalem': 'IL', 'Africa/Cairo': 'EG', 'Africa/Lagos': 'NG', 'Africa/Johannesburg': 'ZA', 'Africa/Nairobi': 'KE',
  'America/Mexico_City': 'MX', 'America/Sao_Paulo': 'BR', 'America/Argentina/Buenos_Aires': 'AR', 'America/Bogota': 'CO', 'America/Lima': 'PE',
  'America/Santiago': 'CL', 'Australia/Sydney': 'AU', 'Australia/Melbourne': 'AU', 'Pacific/Auckland': 'NZ',
};

export function isValidTimeZone(tz: string): boolean {
  try { new Intl.DateTimeFormat('en', { timeZone: tz }); return true; } catch { return false; }
}

/** Time zone, locale and country from what the widget learned in the visitor's browser. */
export function visitorPlace(attributes: Record<string, unknown>): { timeZone: string | null; locale: string | null; country: string | null } {
  const v = (attributes.visitor ?? {}) as { timeZone?: unknown; language?: unknown };
  const timeZone = typeof v.timeZone === 'string' && isValidTimeZone(v.timeZone) ? v.timeZone : null;
  let locale: string | null = null;
  let region: string | null = null;
  if (typeof v.language === 'string') {
    try {
      const l = new Intl.Locale(v.language);
      locale = l.baseName;
      region = l.region ?? null;
    } catch { /* an unparseable language tag teaches nothing */ }
  }
  const country = region && /^[A-Z]{2}$/.test(region) ? region : timeZone ? ZONE_COUNTRY[timeZone] ?? null : null;
  return { timeZone, locale, country };
}

/** Files the contact under its company and copies its place; only what changed is written. */
export async function enrichContact(ctx: AppContext, contact: ContactRow): Promise<ContactState> {
  const state = await ensureState(ctx, contact.id);
  const set: Partial<ContactState> = {};
  const domain = companyDomain(contact.email);
  if (domain) {
    await ctx.db.insert(schema.crmCompanies).values({ domain, name: companyName(domain) }).onConflictDoNothing();
    const [company] = await ctx.db.select({ id: schema.crmCompanies.id }).from(schema.crmCompanies).where(eq(schema.crmCompanies.domain, domain));
    if (company && company.id !== state.companyId) set.companyId = company.id;
  }
  const place = visitorPlace(contact.attributes);
  if (place.timeZone && place.timeZone !== state.timeZone) set.timeZone = place.timeZone;
  if (place.locale && place.locale !== state.locale) set.locale = place.locale;
  if (place.country && place.country !== state.country) set.country = place.country;
  if (Object.keys(set).length) await patchState(ctx, contact.id, set);
  return { ...state, ...set };
}
