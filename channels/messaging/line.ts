import { z } from 'zod';
import type { MediaRef, MessagingPlatform, ParsedMessage, ParsedWebhook } from './platform.js';
import { guardAxios } from '../kit/ssrf-agents.js';
import { loadBottender } from './sdk.js';
import { hmacSha256, headerValue, safeEqual } from './signatures.js';
import { describeLocation, describeSticker, unsupported } from './text.js';

const configSchema = z.object({
  channelSecret: z.string().min(16),
  accessToken: z.string().min(16),
  apiOrigin: z.url().optional(),
  /** Lets apiOrigin be a private or loopback address (a local stand-in); refused otherwise (channels/kit/ssrf.ts). */
  allowPrivate: z.boolean().optional(),
});
export type LineConfig = z.infer<typeof configSchema>;

const DATA_ORIGIN = 'https://api-data.line.me';
const MEDIA_KINDS: Record<string, MediaRef['kind']> = { image: 'image', video: 'video', audio: 'audio', file: 'file' };
// LINE's "Verify" button in the console sends events with these reply tokens; they carry no message.
const VERIFY_TOKENS = new Set(['00000000000000000000000000000000', 'ffffffffffffffffffffffffffffffff']);
/** LINE accepts at most 5 message objects per push. */
const MAX_PUSH = 5;

const clientFor = async (config: LineConfig) => {
  const client = new (await loadBottender()).LineClient({ accessToken: config.accessToken, channelSecret: config.channelSecret, origin: config.apiOrigin, dataOrigin: config.apiOrigin });
  guardAxios(client.axios, Boolean(config.allowPrivate));
  guardAxios(client.dataAxios, Boolean(config.allowPrivate));
  return client;
};

async function parse(body: any, config: LineConfig): Promise<ParsedWebhook> {
  const { LineEvent } = await loadBottender();
  const messages: ParsedMessage[] = [];
  for (const raw of body?.events ?? []) {
    if (VERIFY_TOKENS.has(raw.replyToken)) continue;
    const event = new LineEvent(raw, { destination: body.destination });
    const userId = raw.source?.userId;
    if (!event.isMessage || !userId) continue;
    const m: any = event.message;
    let text = '';
    const media: MediaRef[] = [];
    if (event.isText) text = m.text;
    else if (MEDIA_KINDS[m.type]) {
      const external = m.contentProvider?.type === 'external';
      media.push({
        kind: MEDIA_KINDS[m.type], name: m.fileName,
        // Content sent through LINE lives on LINE's data host; "external" content is wherever the sender's app put it,
        // and downloadMedia refuses that unless it is a LINE host.
        locate: async () => external
          ? { url: String(m.contentProvider.originalContentUrl) }
          : { url: `${config.apiOrigin ?? DATA_ORIGIN}/v2/bot/message/${encodeURIComponent(m.id)}/content`, headers: { Authorization: `Bearer ${config.accessToken}` } },
      });
    } else if (event.isSticker) text = describeSticker(m.keywords?.slice(0, 3).join(', ') || null);
    else if (event.isLocation) text = describeLocation(m);
    else text = unsupported('LINE', String(m.type));
    messages.push({
      externalId: String(m.id),
      sender: { address: String(userId) },
      body: text,
      sentAt: raw.timestamp ? new Date(raw.timestamp) : undefined,
      media,
      meta: { webhookEventId: raw.webhookEventId, ...(event.isLocation ? { location: { latitude: m.latitude, longitude: m.longitude } } : {}) },
    });
  }
  return { messages, receipts: [] };
}

export const line: MessagingPlatform<LineConfig> = {
  kind: 'line',
  label: 'LINE',
  configSchema,
  secretFields: ['channelSecret', 'accessToken'],
  capabilities: { attachments: true, options: true, typing: false, receipts: false, maxLength: 5000 },
  // X-Line-Signature: base64 HMAC-SHA256 of the raw body with the channel secret.
  verify: (req, config) => safeEqual(headerValue(req.headers['x-line-signature']), hmacSha256(config.channelSecret, req.rawBody, 'base64')),
  parse,
  mediaHosts: ['api.line.me', 'api-data.line.me'],
  maxChoices: 13,
  async send(parts, config) {
    const objects: Record<string, unknown>[] = parts.media.map((m) => (m.kind === 'image'
      ? { type: 'image', originalContentUrl: m.url, previewImageUrl: m.url }
      // LINE bots cannot send files: a link degrades it.
      : { type: 'text', text: `${m.name}: ${m.url}` }));
    if (parts.text) {
      const items = parts.choices.map((c) => ({ type: 'action', action: { type: 'message', label: c.label.slice(0, 20), text: c.label } }));
      objects.push({ type: 'text', text: parts.text, ...(items.length ? { quickReply: { items } } : {}) });
    }
    const client = await clientFor(config);
    let lastId: string | undefined;
    for (let i = 0; i < objects.length; i += MAX_PUSH) {
      // The retry key makes a retried push (after a timeout) a no-op on LINE's side instead of a duplicate.
      const res = await client.axios.post('/v2/bot/message/push', { to: parts.to, messages: objects.slice(i, i + MAX_PUSH) },
        { headers: { 'X-Line-Retry-Key': i ? uuidFor(parts.idempotencyKey, i) : parts.idempotencyKey } })
        .catch((err) => {
          // 409: LINE already accepted a push with this retry key, so this attempt is a duplicate of a success.
          if (err?.response?.status === 409) return { data: null };
          throw err;
        });
      lastId = (res.data as any)?.sentMessages?.at(-1)?.id ?? lastId;
    }
    return lastId;
  },
};

/** A distinct but stable UUID for the n-th push of one outbound message. */
function uuidFor(base: string, n: number): string {
  return base.slice(0, -4) + (parseInt(base.slice(-4), 16) ^ n).toString(16).padStart(4, '0');
}
