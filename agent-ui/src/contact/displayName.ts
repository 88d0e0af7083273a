// One name for a contact everywhere in the UI. Anonymous visitors get a short tag derived from their id
// ("Visitor K7QD"), so two of them in the list can be told apart and the tag stays the same on every screen.
import type { Translate } from '../i18n/i18n';

const TAG_LETTERS = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

export function visitorTag(id: string): string {
  let h = 2166136261;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 16777619) >>> 0;
  let tag = '';
  for (let i = 0; i < 4; i++) {
    tag += TAG_LETTERS[h % TAG_LETTERS.length];
    h = Math.floor(h / TAG_LETTERS.length);
  }
  return tag;
}

export function contactDisplayName(
  t: Translate,
  contact: { id?: string | null; name?: string | null; email?: string | null; phone?: string | null } | null | undefined,
  fallbackId?: string,
): string {
  const known = contact?.name || contact?.email || contact?.phone;
  if (known) return known;
  const id = contact?.id || fallbackId;
  return id ? t('contact.anonymousNamed', { tag: visitorTag(id) }) : t('contact.anonymous');
}
