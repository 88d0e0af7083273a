// The Twilio error codes agents meet most often, spelled out so a failed message says what to do about it.
// Anything else links to Twilio's reference.
const KNOWN: Record<string, string> = {
  '21211': "the 'To' number is not a valid phone number",
  '21408': 'sending to this country is not enabled on the Twilio account',
  '21610': 'the recipient replied STOP and has unsubscribed from this number',
  '21614': "the 'To' number cannot receive SMS (landline or unreachable carrier)",
  '30003': 'the handset is unreachable (switched off or out of coverage)',
  '30004': 'the message was blocked (the recipient or their carrier blocks it)',
  '30005': 'unknown destination handset (the number may no longer exist)',
  '30006': 'the destination is a landline or cannot receive SMS',
  '30007': 'the carrier filtered the message as spam',
  '30008': 'unknown delivery error reported by the carrier',
};

export function describeTwilioError(code: string | number | undefined, message: string | undefined, fallback: string): string {
  const key = code === undefined || code === null || code === '' ? '' : String(code);
  const text = message?.trim() || KNOWN[key] || fallback;
  return key ? `Twilio error ${key}: ${text} (https://www.twilio.com/docs/api/errors/${key})` : `Twilio: ${text}`;
}
