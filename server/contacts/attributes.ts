import { isDeepStrictEqual } from 'node:util';
import { badRequest } from '../errors.js';

// A contact's jsonb attributes mix what people may edit (custom fields, free-form notes) with what the
// system records: the widget's visit history and the verified identity. Edits from agents or the API
// must never rewrite the recorded part, so every write path goes through these rules.

/** Keys written only by the widget and identity verification, never by an edit. */
export const SYSTEM_ATTRIBUTE_KEYS: readonly string[] = ['visitor', 'identifier', 'identityVerified'];

/**
 * Applies an edit as a merge patch: listed keys are set, `null` removes a key, everything else is kept
 * exactly as stored. A system key may be echoed back unchanged (clients that send the whole object),
 * but any other value for it is refused with 400 naming the key.
 */
export function mergeAttributeEdit(current: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const fields: Record<string, string> = {};
  for (const key of SYSTEM_ATTRIBUTE_KEYS) {
    if (key in patch && !isDeepStrictEqual(patch[key], current[key])) fields[`attributes.${key}`] = `${key} is recorded automatically and cannot be edited`;
  }
  if (Object.keys(fields).length) throw badRequest(`These attributes are recorded automatically and cannot be edited: ${Object.keys(fields).map((f) => f.slice('attributes.'.length)).join(', ')}`, fields);
  const next: Record<string, unknown> = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (SYSTEM_ATTRIBUTE_KEYS.includes(key)) continue;
    if (value === null) delete next[key];
    else next[key] = value;
  }
  return next;
}

/**
 * The stored visit record as a plain object. Earlier releases could store it as a JSON string, which a
 * later page view spread into {"0":"{","1":"\"",...}; such leftovers are dropped rather than carried on.
 */
export function storedVisitRecord(value: unknown): Record<string, unknown> {
  if (typeof value === 'string') {
    try {
      return storedVisitRecord(JSON.parse(value));
    } catch {
      return {};
    }
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value).filter(([k]) => !/^\d+$/.test(k)));
}
