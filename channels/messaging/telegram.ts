import { z } from 'zod';
import { guardAxios } from '../kit/ssrf-agents.js';
import { camelcaseKeysDeep, loadBottender } from './sdk.js';
import { headerValue, safeEqual } from './signatures.js';
import type { MediaRef, MessagingPlatform, ParsedMessage, ParsedWebhook } from './platform.js';
import { describeContact, describeLocation, describeSticker, unsupported } from './text.js';

const configSchema = z.object({
  botToken: z.string().regex(/^\d+:[\w-]+$/, 'a bot token from @BotFather, like 123456:ABC-DEF'),
  /** Sent back by Telegram in X-Telegram-Bot-Api-Secret-Token; set with setWebhook. */
  secretToken: z.string().regex(/^[\w-]{16,256}$/, '16-256 characters: letters, digits, _ and -'),
  apiOrigin: z.url().optional(),
  /** Lets apiOrigin be a private or loopback address (a local stand-in); refused otherwise (channels/kit/ssrf.ts). */
  allowPrivate: z.boolean().optional(),
});
export type TelegramConfig = z.infer<typeof configSchema>;

const DEFAULT_ORIGIN = 'https://api.telegram.org';

const clientFor = async (config: TelegramConfig) => {
  const client = new (await loadBottender()).TelegramClient({ accessToken: config.botToken, origin: config.apiOrigin });
  guardAxios(client.axios, Boolean(config.allowPrivate));
  return client;
};

/** Points the bot's webhook at us with the inbox's secret token (the admin's "register webhook" button). */
async function registerWebhook(config: TelegramConfig, url: string): Promise<void> {
  await (await clientFor(config)).setWebhook(url, { secretToken: config.secretToken, allowedUpdates: ['message'] } as any);
}

async function parse(raw: any, config: TelegramConfig): Promise<ParsedWebhook> {
  const update: any = await camelcaseKeysDeep(raw);
  const event = new (await loadBottender()).TelegramEvent(update);
  const m: any = update.message;
  if (!event.isMessage || !m?.chat) return { messages: [], receipts: [] };
  const from = m.from ?? {};
  const name = [from.firstName, from.lastName].filter(Boolean).join(' ') || from.username || undefined;
  const file = (fileId: string, kind: MediaRef['kind'], extra: { name?: string; contentType?: string } = {}): MediaRef => ({
    kind, ...extra,
    async locate() {
      // getFile answers with a path relative to the bot's file endpoint; anything else is resolved and then host-checked.
      const info = await (await clientFor(config)).getFile(fileId);
      const base = `${config.apiOrigin ?? DEFAULT_ORIGIN}/file/bot${config.botToken}/`;
      return { url: new URL(String(info?.filePath ?? ''), base).toString() };
    },
  });
  const caption: string = m.caption ?? '';
  let body = '';
  const media: MediaRef[] = [];
  if (event.isText) body = m.text;
  else if (event.isPhoto) { body = caption; media.push(file(m.photo[m.photo.length - 1].fileId, 'image')); }
  else if (event.isDocument) { body = caption; media.push(file(m.document.fileId, 'file', { name: m.document.fileName, contentType: m.document.mimeType })); }
  else if (event.isVideo) { body = caption; media.push(file(m.video.fileId, 'video', { contentType: m.video.mimeType })); }
  else if (event.isVoice || event.isAudio) { const a = m.voice ?? m.audio; body = caption; media.push(file(a.fileId, 'audio', { contentType: a.mimeType })); }
  else if (event.isSticker) body = describeSticker(m.sticker.emoji);
  else if (event.isVenue) body = describeLocation({ ...m.venue.location, title: m.venue.title, address: m.venue.address });
  else if (event.isLocation) body = describeLocation(m.location);
  else if (event.isContact) body = describeContact([m.contact.firstName, m.contact.lastName].filter(Boolean).join(' '), m.contact.phoneNumber);
  else body = unsupported('Telegram', Object.keys(m).find((k) => !['messageId', 'from', 'chat', 'date'].includes(k)) ?? 'unknown');
  const chatId = String(m.chat.id);
  const message: ParsedMessage = {
    // message_id is unique within a chat; outbound ids use the same form, so replies can thread on them.
    externalId: `${chatId}:${m.messageId}`,
    sender: { address: chatId, name, attributes: from.username ? { telegramUsername: from.username } : undefined },
    body,
    sentAt: m.date ? new Date(m.date * 1000) : undefined,
    threadHint: m.replyToMessage ? [`${chatId}:${m.replyToMessage.messageId}`] : undefined,
    media,
    meta: { updateId: update.updateId, ...(m.location ? { location: m.location } : {}) },
  };
  return { messages: [message], receipts: [] };
}

export const telegram: MessagingPlatform<TelegramConfig> = {
  kind: 'telegram',
  label: 'Telegram',
  configSchema,
  secretFields: ['botToken', 'secretToken'],
  capabilities: { attachments: true, options: true, typing: false, receipts: false, maxLength: 4096 },
  verify: (req, config) => safeEqual(headerValue(req.headers['x-telegram-bot-api-secret-token']), config.secretToken),
  parse,
  registerWebhook,
  mediaHosts: ['api.telegram.org'],
  maxChoices: 12,
  async send(parts, config) {
    const client = await clientFor(config);
    let lastId: string | undefined;
    for (const m of parts.media) {
      const sent: any = m.kind === 'image' ? await client.sendPhoto(parts.to, m.url) : await client.sendDocument(parts.to, m.url);
      lastId = `${parts.to}:${sent.messageId}`;
    }
    if (!parts.text) return lastId;
    const keyboard = parts.choices.length
      ? { replyMarkup: { keyboard: parts.choices.map((c) => [{ text: c.label }]), oneTimeKeyboard: true, resizeKeyboard: true } }
      : {};
    const sent: any = await client.sendMessage(parts.to, parts.text, keyboard as any);
    return `${parts.to}:${sent.messageId}`;
  },
};
