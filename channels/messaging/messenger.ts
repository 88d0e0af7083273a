import type { MessengerEvent } from 'bottender';
import { z } from 'zod';
import { graphClient, META_MEDIA_HOSTS, META_REPLY_WINDOW_MS, metaHandshake, verifyMetaSignature } from './meta.js';
import type { MediaRef, MessagingPlatform, ParsedMessage, ParsedReceipt, ParsedWebhook } from './platform.js';
import { camelcaseKeysDeep, loadBottender } from './sdk.js';
import { describeLocation, describeSticker } from './text.js';

const configSchema = z.object({
  pageId: z.string().regex(/^\d+$/, 'the numeric Facebook Page id'),
  accessToken: z.string().min(10),
  appSecret: z.string().min(8),
  verifyToken: z.string().min(8),
  apiOrigin: z.url().optional(),
  /** Lets apiOrigin be a private or loopback address (a local stand-in); refused otherwise (channels/kit/ssrf.ts). */
  allowPrivate: z.boolean().optional(),
});
export type MessengerConfig = z.infer<typeof configSchema>;

const MEDIA_KINDS: Record<string, MediaRef['kind']> = { image: 'image', video: 'video', audio: 'audio', file: 'file' };
// Messenger's "like" button is a sticker with this id.
const LIKE_STICKERS = new Set([369239263222822, 369239343222814, 369239383222810]);

async function parse(raw: any, config: MessengerConfig): Promise<ParsedWebhook> {
  const body: any = await camelcaseKeysDeep(raw);
  const { MessengerEvent } = await loadBottender();
  const messages: ParsedMessage[] = [];
  const receipts: ParsedReceipt[] = [];
  for (const entry of body.object === 'page' ? body.entry ?? [] : []) {
    if (String(entry.id) !== config.pageId) continue; // another page of the same app
    for (const rawEvent of entry.messaging ?? []) {
      const event = new MessengerEvent(rawEvent, { pageId: config.pageId });
      if (event.isDelivery) for (const mid of event.delivery?.mids ?? []) receipts.push({ externalId: mid, status: 'delivered' });
      const sender = { address: String(rawEvent.sender?.id ?? '') };
      if (!sender.address) continue;
      if (event.isMessage && !event.isEcho) messages.push(fromMessage(event, sender));
      else if (event.isPostback) {
        const postback: any = event.postback;
        messages.push({ externalId: postback.mid ?? `postback:${sender.address}:${event.timestamp}`, sender, body: postback.title ?? postback.payload ?? '', sentAt: new Date(event.timestamp) });
      }
    }
  }
  return { messages, receipts };
}

function fromMessage(event: MessengerEvent, sender: { address: string }): ParsedMessage {
  const message: any = event.message;
  const lines: string[] = event.isText ? [message.text] : [];
  const media: MediaRef[] = [];
  let location: unknown;
  if (event.isSticker) lines.push(describeSticker(LIKE_STICKERS.has(message.stickerId) ? '👍' : null));
  else {
    for (const a of message.attachments ?? []) {
      if (a.type === 'location' && a.payload?.coordinates) {
        location = { latitude: a.payload.coordinates.lat, longitude: a.payload.coordinates.long };
        lines.push(describeLocation({ latitude: a.payload.coordinates.lat, longitude: a.payload.coordinates.long, title: a.title }));
      } else if (MEDIA_KINDS[a.type] && a.payload?.url) {
        // The URL comes from the webhook body: downloadMedia refuses it unless it is on a Meta host.
        media.push({ kind: MEDIA_KINDS[a.type], locate: async () => ({ url: a.payload.url }) });
      } else if (a.type === 'fallback') lines.push([a.title, a.url].filter(Boolean).join(' '));
    }
  }
  return {
    externalId: message.mid,
    sender,
    body: lines.filter(Boolean).join('\n'),
    sentAt: new Date(event.timestamp),
    threadHint: message.replyTo?.mid ? [message.replyTo.mid] : undefined,
    media,
    meta: location ? { location } : undefined,
  };
}

export const messenger: MessagingPlatform<MessengerConfig> = {
  kind: 'messenger',
  label: 'Messenger',
  configSchema,
  secretFields: ['accessToken', 'appSecret', 'verifyToken'],
  capabilities: { attachments: true, options: true, typing: false, receipts: true, maxLength: 2000 },
  verify: verifyMetaSignature,
  handshake: metaHandshake,
  parse,
  mediaHosts: META_MEDIA_HOSTS,
  replyWindowMs: META_REPLY_WINDOW_MS,
  maxChoices: 13,
  async send(parts, config) {
    const client = await graphClient(config);
    let lastId: string | undefined;
    for (const m of parts.media) lastId = ((await client.sendAttachment(parts.to, { type: m.kind, payload: { url: m.url } } as any)) as any).messageId;
    if (!parts.text) return lastId;
    const quickReplies = parts.choices.map((c) => ({ contentType: 'text', title: c.label.slice(0, 20), payload: c.value.slice(0, 1000) }));
    const sent: any = await client.sendText(parts.to, parts.text, quickReplies.length ? { quickReplies } as any : undefined);
    return sent.messageId;
  },
};
