import { createRequire } from 'node:module';
import type { CountryCode, PhoneNumber } from 'libphonenumber-js';

// libphonenumber-js and its metadata (over a hundred files) are read at the first number parsed, not at start.
// Its callers are synchronous (config schemas, import rows, identity matching), so it is required, not imported.
let phoneNumbers: typeof import('libphonenumber-js') | undefined;
const libphonenumber = () => (phoneNumbers ??= createRequire(import.meta.url)('libphonenumber-js') as typeof import('libphonenumber-js'));

/** The number in the text, read as one of defaultCountry when it has no +country prefix; undefined when none. */
export function parsePhoneNumber(text: string, defaultCountry?: string): PhoneNumber | undefined {
  return libphonenumber().parsePhoneNumberFromString(text, defaultCountry as CountryCode | undefined);
}

// Only digits and the usual separators: "whatsapp:+1…" or an alphanumeric sender id is not a phone number,
// even though libphonenumber would happily pull digits out of it.
const PHONE_LIKE = /^\+?[\d\s().-]{4,30}$/;

/**
 * A phone number in E.164 (+14155550100), the one spelling used for SMS identities and contact phones so
 * the same customer is found whichever way the number was typed. Null when it is not an international number.
 */
export function toE164(raw: string | null | undefined): string | null {
  const text = raw?.trim() ?? '';
  if (!PHONE_LIKE.test(text)) return null;
  const parsed = parsePhoneNumber(text);
  return parsed?.isPossible() ? parsed.number : null;
}
