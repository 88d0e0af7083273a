import type { ChannelAdapter } from '../types.js';
import { smsConfigSchema, type SmsConfig } from './config.js';
import { MAX_SMS_BODY, sendSms } from './outbound.js';
import { testTwilioConnection } from './test-connection.js';
import { mountTwilioWebhooks } from './webhooks.js';

/**
 * SMS through Twilio. Inbound: signed webhooks -> E.164 sender identity -> ingest (threaded on the contact's
 * latest open SMS conversation); STOP/START/HELP handled here. Outbound: the delivery queue calls deliver(),
 * which sends through the Twilio SDK, with status callbacks to the app's public URL.
 */
export const smsAdapter: ChannelAdapter<SmsConfig> = {
  kind: 'sms',
  configSchema: smsConfigSchema,
  secretFields: ['authToken'],
  // Outbound attachments would need a public URL Twilio can fetch; the composer offers text only.
  capabilities: { attachments: false, options: false, typing: false, receipts: true, maxLength: MAX_SMS_BODY },
  threading: 'contact',
  testConnection: testTwilioConnection,
  mount(router, ctx) {
    mountTwilioWebhooks(router, ctx);
  },
  async deliver(message, inbox, ctx) {
    return sendSms(message, inbox.config, {
      publicUrl: ctx.publicUrl,
      inboxId: inbox.id,
      markOptedOut: (address) => ctx.setOptOut('sms', address, true),
    });
  },
};
