import { parsePhoneNumberFromString } from 'libphonenumber-js';

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
  const parsed = parsePhoneNumberFromString(text);
  return parsed?.isPossible() ? parsed.number : null;
}
