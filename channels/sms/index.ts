import type { ChannelAdapter, ChannelContext } from '../types.js';
import { smsConfigSchema, type SmsConfig } from './config.js';
import { MAX_SMS_BODY, sendSms } from './outbound.js';
import { mountTwilioWebhooks } from './webhooks.js';

/**
 * SMS through Twilio. Inbound: signed webhooks -> E.164 sender identity -> ingest (threaded on the contact's
 * latest open SMS conversation); STOP/START/HELP handled here. Outbound: the delivery queue calls deliver(),
 * which sends through the Twilio SDK. One instance per app, because delivery needs that app's public URL for
 * status callbacks.
 */
export function createSmsAdapter(): ChannelAdapter<SmsConfig> {
  let channel: ChannelContext | null = null;
  return {
    kind: 'sms',
    configSchema: smsConfigSchema,
    secretFields: ['authToken'],
    // Outbound attachments would need a public URL Twilio can fetch; the composer offers text only.
    capabilities: { attachments: false, options: false, typing: false, receipts: true, maxLength: MAX_SMS_BODY },
    threading: 'contact',
    mount(router, ctx) {
      channel = ctx;
      mountTwilioWebhooks(router, ctx);
    },
    async deliver(message, inbox) {
      if (!channel) throw new Error('SMS adapter used before it was mounted');
      const ctx = channel;
      return sendSms(message, inbox.config, {
        publicUrl: ctx.publicUrl,
        inboxId: inbox.id,
        markOptedOut: (address) => ctx.setOptOut('sms', address, true),
      });
    },
  };
}
