import express, { type Request, type Router } from 'express';
import { z } from 'zod';
import { ChannelRefusal, type ChannelContext, type InboxRecord } from '../types.js';
import { DEFAULT_HELP_TEXT, type SmsConfig } from './config.js';
import { describeTwilioError } from './errors.js';
import { incomingSmsSchema, keywordOf, toInboundMessage } from './inbound.js';
import type { MediaSource } from './media.js';
import { loadTwilio } from './sdk.js';

const form = express.urlencoded({ extended: false, limit: '200kb', parameterLimit: 200 });

const statusSchema = z.looseObject({
  MessageSid: z.string().regex(/^[A-Z]{2}[0-9a-fA-F]{32}$/, 'a Twilio message SID'),
  MessageStatus: z.string().min(1).max(40),
  ErrorCode: z.string().max(20).optional(),
  ErrorMessage: z.string().max(1000).optional(),
});

// Twilio's lifecycle onto ours; accepted/scheduled/queued/sending say nothing the stored `queued` doesn't.
const STATUS_MAP: Record<string, 'sent' | 'delivered' | 'read' | 'failed'> = {
  sent: 'sent', delivered: 'delivered', read: 'read', undelivered: 'failed', failed: 'failed', canceled: 'failed',
};

export function mountTwilioWebhooks(router: Router, ctx: ChannelContext): void {
  router.post('/twilio/:inboxId/sms', form, async (req, res) => {
    const { inbox, params } = await verifiedRequest(ctx, req);
    const sms = parseOr400(incomingSmsSchema, params);
    const message = await toInboundMessage(inbox.id, sms, mediaSource(inbox.config));
    const result = await ctx.ingest(message);

    const reply = new (await loadTwilio()).twiml.MessagingResponse();
    const keyword = keywordOf(sms.Body);
    // Opt-out is applied on every delivery of the webhook (idempotent); a retried HELP is not answered twice.
    if (keyword === 'opt-out' || keyword === 'opt-in') await ctx.setOptOut('sms', message.sender.address, keyword === 'opt-out');
    if (keyword === 'help' && result.created) {
      const helpText = inbox.config.helpText ?? DEFAULT_HELP_TEXT;
      reply.message(helpText);
      await ctx.ingest({ ...message, externalId: `${sms.MessageSid}:help`, body: `Auto-reply to HELP: ${helpText}`, attachments: [], activityOnly: true });
    }
    res.type('text/xml').send(reply.toString());
  });

  router.post('/twilio/:inboxId/status', form, async (req, res) => {
    const { inbox, params } = await verifiedRequest(ctx, req);
    const status = parseOr400(statusSchema, params);
    const mapped = STATUS_MAP[status.MessageStatus.toLowerCase()];
    if (mapped) {
      const error = mapped === 'failed' ? describeTwilioError(status.ErrorCode, status.ErrorMessage, status.MessageStatus) : undefined;
      await ctx.updateDeliveryStatus(inbox.id, status.MessageSid, mapped, error);
    }
    res.status(204).end();
  });
}

/**
 * Twilio signs the URL it was configured with, so the URL is rebuilt from PUBLIC_URL: behind a proxy the Host
 * header and scheme the server sees are not the ones Twilio used, and trusting them would let a caller choose
 * what gets verified.
 */
async function verifiedRequest(ctx: ChannelContext, req: Request): Promise<{ inbox: InboxRecord<SmsConfig>; params: Record<string, unknown> }> {
  const inbox = await ctx.findInbox(String(req.params.inboxId));
  if (!inbox || inbox.channel !== 'sms') throw new ChannelRefusal(404, 'not_found', 'Inbox not found');
  const config = inbox.config as unknown as SmsConfig;
  const signature = req.get('x-twilio-signature');
  const params: Record<string, unknown> = { ...(req.body ?? {}) };
  const signedUrl = `${ctx.publicUrl}${req.originalUrl}`;
  if (!signature || !(await loadTwilio()).validateRequest(config.authToken, signature, signedUrl, params)) {
    // The usual cause is a PUBLIC_URL that differs from the URL pasted into Twilio: say which one we checked.
    ctx.log.warn({ inboxId: inbox.id, signedUrl, signature: Boolean(signature) }, 'Twilio webhook refused: signature does not match this URL');
    throw new ChannelRefusal(403, 'forbidden', 'Invalid Twilio signature');
  }
  return { inbox: inbox as InboxRecord<SmsConfig>, params };
}

function parseOr400<T>(schema: z.ZodType<T>, params: Record<string, unknown>): T {
  const parsed = schema.safeParse(params);
  if (!parsed.success) throw new ChannelRefusal(400, 'bad_request', `Malformed Twilio webhook: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

function mediaSource(config: SmsConfig): MediaSource {
  return { accountSid: config.accountSid, authToken: config.authToken, configuredOrigin: config.apiBaseUrl ? new URL(config.apiBaseUrl).origin : undefined, allowPrivate: config.allowPrivate };
}
