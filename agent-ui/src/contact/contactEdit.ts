// What an edit of the contact sidebar sends: only the fields the agent changed. Structured values
// (the widget's visit record, bot data) are never turned into text and written back.
import type { Contact } from '../api/types';

/** Keys the system records; shown elsewhere in the sidebar and never part of the edit form. */
export const SYSTEM_ATTRIBUTE_KEYS = ['visitor', 'identifier', 'identityVerified'];
/** Keys the widget records about the visit; shown as "visitor context", not as editable attributes. */
export const VISITOR_KEYS = ['pageUrl', 'pageTitle', 'referrer', 'utmSource', 'utmMedium', 'utmCampaign', 'city', 'country', 'timezone', 'locale', 'browser', 'os', 'ip'];

type Primitive = string | number | boolean;
const isPrimitive = (v: unknown): v is Primitive => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

/** Attributes an agent may edit as text: plain values that are neither recorded by the system nor the visit. */
export function editableAttributes(contact: Contact): [string, string][] {
  return Object.entries(contact.attributes ?? {})
    .filter(([k, v]) => !SYSTEM_ATTRIBUTE_KEYS.includes(k) && !VISITOR_KEYS.includes(k) && isPrimitive(v))
    .map(([k, v]) => [k, String(v)]);
}

/** Text typed over a number or a yes/no keeps that type, so an untouched meaning is not changed by the edit. */
function typedLike(original: unknown, text: string): Primitive {
  if (typeof original === 'number' && text.trim() !== '' && Number.isFinite(Number(text))) return Number(text);
  if (typeof original === 'boolean' && (text === 'true' || text === 'false')) return text === 'true';
  return text;
}

export interface ContactForm {
  name: string;
  email: string;
  phone: string;
  attributes: [string, string][];
}

/** The PATCH body for an edit: changed core fields, changed or added attributes, and `null` for removed ones. */
export function contactPatch(contact: Contact, form: ContactForm): Partial<Pick<Contact, 'name' | 'email' | 'phone' | 'attributes'>> {
  const patch: Partial<Pick<Contact, 'name' | 'email' | 'phone' | 'attributes'>> = {};
  for (const f of ['name', 'email', 'phone'] as const) {
    const next = form[f].trim() || null;
    if (next !== (contact[f] ?? null)) patch[f] = next;
  }
  const stored = contact.attributes ?? {};
  const before = new Map(editableAttributes(contact));
  const attributes: Record<string, unknown> = {};
  const kept = new Set<string>();
  for (const [rawKey, text] of form.attributes) {
    const key = rawKey.trim();
    if (!key) continue;
    kept.add(key);
    if (before.get(key) !== text) attributes[key] = typedLike(stored[key], text);
  }
  for (const key of before.keys()) if (!kept.has(key)) attributes[key] = null;
  if (Object.keys(attributes).length) patch.attributes = attributes;
  return patch;
}
