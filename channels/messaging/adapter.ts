import express, { type Request, type Response, type Router } from 'express';
import { delivered, failed, retryLater, type ChannelAdapter, type ChannelContext, type Delivery, type InboundAttachment, type InboxRecord, type OutboundMessage } from '../types.js';
import { downloadMedia, MediaRefused, type MediaPolicy } from './media.js';
import type { MessagingPlatform, ParsedMessage, PlatformConfig } from './platform.js';
import { testMessagingConnection } from './test-connection.js';
import { choicesAsText } from './text.js';

const HOUR = 3_600_000;

/**
 * One ChannelAdapter for any messaging platform: the webhook route (verify over the raw body, parse with the
 * platform's part, download media from the platform only, ingest, apply receipts) and delivery (reply window,
 * quick-reply degradation, transient vs permanent provider errors).
 */
export function messagingAdapter<Config extends PlatformConfig>(platform: MessagingPlatform<Config>): ChannelAdapter<Config> {
  return {
    kind: platform.kind,
    configSchema: platform.configSchema,
    secretFields: platform.secretFields,
    capabilities: platform.capabilities,
    threading: 'contact',
    testConnection: (inbox: InboxRecord<Config>) => testMessagingConnection(inbox),
    ...(platform.registerWebhook ? { registerWebhook: (inbox: InboxRecord<Config>, url: string) => platform.registerWebhook!(inbox.config, url) } : {}),
    mount(router: Router, ctx: ChannelContext) {
      const path = `/${platform.kind}/:inboxId`;
      const inboxFor = async (req: Request) => {
        const inbox = await ctx.findInbox(String(req.params.inboxId));
        return inbox?.channel === platform.kind ? (inbox as InboxRecord<Config>) : null;
      };
      if (platform.handshake) {
        router.get(path, async (req, res) => {
          const inbox = await inboxFor(req);
          if (!inbox) return void res.status(404).json(problem('not_found', 'Inbox not found'));
          const challenge = platform.handshake!(req.query as Record<string, unknown>, inbox.config);
          if (challenge === null) return void res.status(403).json(problem('forbidden', 'Verify token does not match'));
          res.type('text/plain').send(challenge);
        });
      }
      router.post(path, express.raw({ type: () => true, limit: '2mb' }), async (req: Request, res: Response) => {
        const inbox = await inboxFor(req);
        if (!inbox) return void res.status(404).json(problem('not_found', 'Inbox not found'));
        const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        if (!platform.verify({ rawBody, headers: req.headers }, inbox.config)) {
          ctx.log.warn({ inboxId: inbox.id, channel: platform.kind }, 'webhook signature rejected');
          return void res.status(403).json(problem('forbidden', 'Invalid webhook signature'));
        }
        let body: unknown;
        try { body = JSON.parse(rawBody.toString('utf8')); } catch { return void res.status(400).json(problem('malformed_json', 'Malformed JSON body')); }
        const { messages, receipts } = await platform.parse(body, inbox.config);
        const policy: MediaPolicy = { label: platform.label, hosts: platform.mediaHosts, apiOrigin: inbox.config.apiOrigin, allowPrivate: Boolean(inbox.config.allowPrivate) };
        // In order, so two messages in one delivery keep their order in the thread.
        for (const m of messages) await ingestOne(ctx, inbox.id, m, policy);
        for (const r of receipts) await ctx.updateDeliveryStatus(inbox.id, r.externalId, r.status, r.error);
        res.status(200).json({ ok: true });
      });
    },
    async deliver(message: OutboundMessage, inbox: InboxRecord<Config>): Promise<Delivery> {
      const outside = outsideReplyWindow(platform, message);
      if (outside) return failed(outside);
      if (!message.recipient.address) return failed(`The contact has no ${platform.label} address`);
      const choices = readChoices(message);
      const native = choices.length <= platform.maxChoices;
      const parts = {
        to: message.recipient.address,
        text: native ? message.body : choicesAsText(message.body, choices),
        media: message.attachments.filter((a) => a.url).map((a) => ({
          url: a.url!, name: a.name, contentType: a.contentType, kind: a.contentType.startsWith('image/') ? 'image' as const : 'file' as const,
        })),
        choices: native ? choices : [],
        idempotencyKey: message.id,
      };
      if (!parts.text && !parts.media.length) return failed('Nothing to send: the message is empty');
      try {
        return delivered(await platform.send(parts, inbox.config));
      } catch (err) {
        return providerFailure(platform.label, err);
      }
    },
  };
}

const problem = (code: string, message: string) => ({ error: { code, message } });

async function ingestOne(ctx: ChannelContext, inboxId: string, m: ParsedMessage, policy: MediaPolicy): Promise<void> {
  const attachments: InboundAttachment[] = [];
  const notes: string[] = [];
  for (const ref of m.media ?? []) {
    try {
      attachments.push(await downloadMedia(ref, policy));
    } catch (err) {
      const reason = err instanceof MediaRefused ? `refused: ${err.message}` : `could not be downloaded: ${(err as Error).message}`;
      ctx.log.warn({ inboxId, externalId: m.externalId, reason }, 'inbound media not stored');
      notes.push(`[${ref.kind} ${reason}]`);
    }
  }
  const body = [m.body, ...notes].filter(Boolean).join('\n');
  const input = { inboxId, externalId: m.externalId, sender: m.sender, body, sentAt: m.sentAt, threadHint: m.threadHint, attachments, meta: m.meta };
  await ctx.ingest(input);
}

/** Structured choices from the bot or an agent: content {options:[{label, value?}]} (the widget's format). */
function readChoices(message: OutboundMessage): { label: string; value: string }[] {
  const options = (message.content as { options?: unknown } | null)?.options;
  if (message.contentType !== 'options' || !Array.isArray(options)) return [];
  return options
    .map((o) => (typeof o === 'string' ? { label: o, value: o } : { label: String(o?.label ?? ''), value: String(o?.value ?? o?.label ?? '') }))
    .filter((o) => o.label);
}

function outsideReplyWindow(platform: MessagingPlatform<any>, message: OutboundMessage): string | null {
  if (!platform.replyWindowMs || message.lastInboundAt === undefined) return null;
  const last = message.lastInboundAt ? new Date(message.lastInboundAt).getTime() : null;
  if (last !== null && Date.now() - last <= platform.replyWindowMs) return null;
  const hours = platform.replyWindowMs / HOUR;
  const since = last === null ? 'the customer has not written in this conversation' : `the customer last wrote ${Math.floor((Date.now() - last) / HOUR)} h ago`;
  return `Outside ${platform.label}'s ${hours}-hour reply window (${since}); the customer must write again before a free-form reply can be sent`;
}

/** Provider errors: rate limits, 5xx and network trouble are retried; anything else the provider refused for good. */
function providerFailure(label: string, err: unknown): Delivery {
  const e = err as { message?: string; status?: number; response?: { status?: number; data?: any; headers?: Record<string, string> } };
  const status = e.response?.status ?? e.status;
  const detail = describeProviderError(e.response?.data) ?? e.message ?? String(err);
  if (!status) return retryLater(`${label} unreachable: ${detail}`);
  if (status === 429) {
    const seconds = Number(e.response?.data?.parameters?.retry_after ?? e.response?.headers?.['retry-after']);
    return retryLater(`${label} rate limit: ${detail}`, Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : undefined);
  }
  if (status >= 500) return retryLater(`${label} error ${status}: ${detail}`);
  return failed(`${label} refused the message: ${detail}`);
}

/** Telegram {description}, Graph {error:{message}}, LINE {message, details}. */
function describeProviderError(data: any): string | null {
  if (!data || typeof data !== 'object') return null;
  return data.description ?? data.error?.message ?? data.message ?? null;
}
