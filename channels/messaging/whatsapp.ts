import { z } from 'zod';
import { graphClient, META_MEDIA_HOSTS, META_REPLY_WINDOW_MS, metaHandshake, verifyMetaSignature } from './meta.js';
import type { MediaRef, MessagingPlatform, OutgoingParts, ParsedMessage, ParsedReceipt, ParsedWebhook } from './platform.js';
import { describeContact, describeLocation, describeSticker, unsupported } from './text.js';

// WhatsApp Cloud API. bottender 1.5's WhatsApp connector only speaks Twilio, so parsing is ours; sending and
// media lookups go through bottender's Graph API client (MessengerClient) pointed at the phone number.

const configSchema = z.object({
  phoneNumberId: z.string().regex(/^\d+$/, 'the numeric phone number id from the WhatsApp app dashboard'),
  accessToken: z.string().min(10),
  appSecret: z.string().min(8),
  verifyToken: z.string().min(8),
  apiOrigin: z.url().optional(),
  /** Lets apiOrigin be a private or loopback address (a local stand-in); refused otherwise (channels/kit/ssrf.ts). */
  allowPrivate: z.boolean().optional(),
});
export type WhatsAppConfig = z.infer<typeof configSchema>;

const MEDIA_TYPES: Record<string, MediaRef['kind']> = { image: 'image', video: 'video', audio: 'audio', voice: 'audio', document: 'file' };
const STATUSES = new Set(['sent', 'delivered', 'read', 'failed']);

function parse(body: any, config: WhatsAppConfig): ParsedWebhook {
  const messages: ParsedMessage[] = [];
  const receipts: ParsedReceipt[] = [];
  if (body?.object !== 'whatsapp_business_account') return { messages, receipts };
  for (const entry of body.entry ?? []) {
    for (const change of entry.changes ?? []) {
      const value = change.value ?? {};
      if (change.field !== 'messages' || String(value.metadata?.phone_number_id) !== config.phoneNumberId) continue;
      const names = new Map<string, string>((value.contacts ?? []).map((c: any) => [String(c.wa_id), c.profile?.name]));
      for (const m of value.messages ?? []) messages.push(fromMessage(m, names.get(String(m.from)), config));
      for (const s of value.statuses ?? []) {
        if (STATUSES.has(s.status)) receipts.push({ externalId: s.id, status: s.status, error: s.errors?.[0]?.title ?? s.errors?.[0]?.message });
      }
    }
  }
  return { messages, receipts };
}

function fromMessage(m: any, name: string | undefined, config: WhatsAppConfig): ParsedMessage {
  const media: MediaRef[] = [];
  let text = '';
  const kind = MEDIA_TYPES[m.type];
  if (m.type === 'text') text = m.text?.body ?? '';
  else if (kind) {
    const item = m[m.type] ?? {};
    text = item.caption ?? '';
    media.push({
      kind, name: item.filename, contentType: item.mime_type,
      // The media id resolves to a short-lived URL that itself needs the access token.
      async locate() {
        const info: any = (await (await graphClient(config)).axios.get(`/${encodeURIComponent(item.id)}`, { headers: { Authorization: `Bearer ${config.accessToken}` } })).data;
        return { url: String(info?.url ?? ''), headers: { Authorization: `Bearer ${config.accessToken}` } };
      },
    });
  } else if (m.type === 'sticker') text = describeSticker(m.sticker?.animated ? 'animated' : null);
  else if (m.type === 'location') text = describeLocation({ latitude: m.location.latitude, longitude: m.location.longitude, title: m.location.name, address: m.location.address });
  else if (m.type === 'interactive') text = m.interactive?.button_reply?.title ?? m.interactive?.list_reply?.title ?? '';
  else if (m.type === 'button') text = m.button?.text ?? '';
  else if (m.type === 'contacts') text = (m.contacts ?? []).map((c: any) => describeContact(c.name?.formatted_name ?? '', c.phones?.[0]?.phone)).join('\n');
  else if (m.type === 'reaction') text = `Reacted ${m.reaction?.emoji ?? ''} to a message`;
  else text = unsupported('WhatsApp', String(m.type));
  return {
    externalId: m.id,
    sender: { address: String(m.from), name, phone: `+${m.from}` },
    body: text,
    sentAt: m.timestamp ? new Date(Number(m.timestamp) * 1000) : undefined,
    threadHint: m.context?.id ? [m.context.id] : undefined,
    media,
    meta: m.type === 'location' ? { location: { latitude: m.location.latitude, longitude: m.location.longitude } } : undefined,
  };
}

/** Reply buttons hold 3 choices, a list 10; the adapter has already degraded anything longer to text. */
function textPayload(parts: OutgoingParts): Record<string, unknown> {
  if (!parts.choices.length) return { type: 'text', text: { body: parts.text, preview_url: false } };
  if (parts.choices.length <= 3) {
    return { type: 'interactive', interactive: { type: 'button', body: { text: parts.text || '…' }, action: {
      buttons: parts.choices.map((c) => ({ type: 'reply', reply: { id: c.value.slice(0, 256), title: c.label.slice(0, 20) } })),
    } } };
  }
  return { type: 'interactive', interactive: { type: 'list', body: { text: parts.text || '…' }, action: {
    button: 'Choose', sections: [{ title: 'Options', rows: parts.choices.map((c) => ({ id: c.value.slice(0, 200), title: c.label.slice(0, 24) })) }],
  } } };
}

export const whatsapp: MessagingPlatform<WhatsAppConfig> = {
  kind: 'whatsapp',
  label: 'WhatsApp',
  configSchema,
  secretFields: ['accessToken', 'appSecret', 'verifyToken'],
  capabilities: { attachments: true, options: true, typing: false, receipts: true, maxLength: 4096 },
  verify: verifyMetaSignature,
  handshake: metaHandshake,
  parse,
  mediaHosts: META_MEDIA_HOSTS,
  replyWindowMs: META_REPLY_WINDOW_MS,
  maxChoices: 10,
  async send(parts, config) {
    const client = await graphClient(config);
    const post = async (payload: Record<string, unknown>) => {
      const res = await client.axios.post(`/${config.phoneNumberId}/messages`,
        { messaging_product: 'whatsapp', recipient_type: 'individual', to: parts.to, ...payload },
        { headers: { Authorization: `Bearer ${config.accessToken}` } });
      return (res.data as any)?.messages?.[0]?.id as string | undefined;
    };
    let lastId: string | undefined;
    for (const m of parts.media) {
      lastId = await post(m.kind === 'image' ? { type: 'image', image: { link: m.url } } : { type: 'document', document: { link: m.url, filename: m.name } });
    }
    return parts.text ? post(textPayload(parts)) : lastId;
  },
};
