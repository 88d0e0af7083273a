import { probeGet, providerCheck, refusedStatus } from '../kit/test-connection.js';
import type { ConnectionCheck, InboxRecord } from '../types.js';
import { TWILIO_API_BASE_URL, type SmsConfig } from './config.js';

/** Reads the Twilio account with the stored Account SID and Auth Token (GET /Accounts/{sid}.json changes nothing). */
export async function testTwilioConnection(inbox: InboxRecord<SmsConfig>): Promise<ConnectionCheck[]> {
  const config = inbox.config;
  return [await providerCheck('Twilio', inbox.name, async () => {
    const base = config.apiBaseUrl ?? TWILIO_API_BASE_URL;
    const { status, body } = await probeGet(`${base}/2010-04-01/Accounts/${encodeURIComponent(config.accountSid)}.json`,
      { authorization: `Basic ${Buffer.from(`${config.accountSid}:${config.authToken}`).toString('base64')}` }, config.allowPrivate);
    if (status < 300) {
      const active = body.status === undefined || body.status === 'active';
      return { good: active, detail: `Twilio account ${body.status ?? 'found'}${active ? '' : ': it must be active to send'}` };
    }
    if (refusedStatus(status)) return { good: false, refused: true, detail: `Twilio refused the Account SID / Auth Token (Twilio answered ${status}: ${body.message ?? 'credentials refused'})` };
    return { good: false, detail: `Twilio answered ${status}: ${body.message ?? 'error'}` };
  })];
}
