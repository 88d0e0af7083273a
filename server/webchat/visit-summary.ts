// The widget's visit record (contact.attributes.visitor) as labelled facts for the agent's sidebar: which
// browser and system, the page they are on, where they came from, where and what time it is for them.
import type { WireVisitSummary } from '../contract/wire.js';
import { visitorPlace } from '../crm/enrichment.js';
import { storedVisitRecord } from '../contacts/attributes.js';

export type VisitSummary = WireVisitSummary;

const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null);

export function visitSummary(attributes: Record<string, unknown>): VisitSummary | null {
  const v = storedVisitRecord(attributes.visitor);
  if (!Object.keys(v).length) return null;
  const device = (v.device && typeof v.device === 'object' ? v.device : {}) as Record<string, unknown>;
  const place = visitorPlace({ visitor: v });
  return {
    // "Firefox/128.0" and "Mac OS X 10_15_7" as people write them.
    browser: text(device.browser)?.replace('/', ' ') ?? null,
    os: text(device.os)?.replace(/(\d)_(?=\d)/g, '$1.') ?? null,
    deviceType: text(device.type),
    pageUrl: text(v.lastPageUrl),
    pageTitle: text(v.lastPageTitle),
    referrer: text(v.referrer),
    timeZone: place.timeZone,
    country: place.country,
    language: place.locale,
    visits: typeof v.visits === 'number' ? v.visits : null,
    pageViews: Array.isArray(v.pageViews) ? v.pageViews.length : 0,
    lastSeenAt: text(v.lastSeenAt),
  };
}
