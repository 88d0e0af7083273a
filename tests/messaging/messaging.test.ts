import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../../server/db/client.js';
import { api, eventually, loginAdmin, startServer, type TestServer } from '../support/server.js';
import { hmac, standIn, type Recorded } from './stand-in.js';

// One server, one provider stand-in answering like the Telegram Bot API, Graph API and LINE API, and one
// "foreign" host that inbound media must never be fetched from.
let server: TestServer;
let token: string;
let provider: Awaited<ReturnType<typeof standIn>>;
let foreign: Awaited<ReturnType<typeof standIn>>;
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

beforeAll(async () => {
  server = await startServer();
  token = await loginAdmin(server.url);
  foreign = await standIn();
  provider = await standIn((r) => {
    if (r.path.endsWith('/getFile')) return { ok: true, result: { file_id: r.body.file_id, file_path: `${foreign.url}/telegram.jpg` } };
    if (r.path.startsWith('/bot')) return { ok: true, result: r.path.endsWith('/setWebhook') ? true : { message_id: 501, chat: { id: r.body.chat_id }, date: 1 } };
    if (r.path.startsWith('/v19.0/me/messages')) return { recipient_id: r.body.recipient.id, message_id: 'm_out' };
    if (/^\/v19\.0\/\d+\/messages/.test(r.path)) return { messaging_product: 'whatsapp', messages: [{ id: 'wamid.OUT' }] };
    if (r.path.startsWith('/v19.0/media-')) return { url: `${foreign.url}/whatsapp.jpg` };
    if (r.path.startsWith('/v2/bot/message/push')) return { sentMessages: [{ id: 'line-out' }] };
    if (/^\/v2\/bot\/message\/\d+\/content/.test(r.path)) return PNG;
    return {};
  });
});
afterAll(async () => {
  await server?.close();
  await provider?.close();
  await foreign?.close();
});

interface Platform {
  channel: string;
  config: () => Record<string, unknown>;
  address: string;
  /** A webhook request exactly as the platform sends it: JSON body + signature headers (forged on request). */
  webhook(payload: unknown, forged?: boolean): { raw: string; headers: Record<string, string> };
  text(id: number, text: string): unknown;
  foreignMedia(id: number): unknown;
  /** Recipient and text of an outbound send recorded by the stand-in. */
  sent(r: Recorded): { to: string; text: string } | null;
}

const now = () => Math.floor(Date.now() / 1000);
const metaSigned = (secret: string) => (payload: unknown, forged = false) => {
  const raw = JSON.stringify(payload);
  return { raw, headers: { 'x-hub-signature-256': `sha256=${hmac(forged ? 'wrong-secret' : secret, raw, 'hex')}` } };
};
const whatsappValue = (message: unknown) => ({ object: 'whatsapp_business_account', entry: [{ id: 'waba', changes: [{ field: 'messages', value: {
  messaging_product: 'whatsapp', metadata: { phone_number_id: '5550001' }, contacts: [{ wa_id: '66812345678', profile: { name: 'Wan' } }], messages: [message],
} }] }] });
const lineEvents = (message: unknown) => ({ destination: 'Ubot', events: [{ type: 'message', mode: 'active', timestamp: Date.now(), source: { type: 'user', userId: 'U-line-1' }, replyToken: 'r1', webhookEventId: `ev-${JSON.stringify(message).length}`, message }] });
const messengerEvent = (message: unknown) => ({ object: 'page', entry: [{ id: '1001', time: Date.now(), messaging: [{ sender: { id: 'psid-42' }, recipient: { id: '1001' }, timestamp: Date.now(), message }] }] });
const telegramUpdate = (id: number, fields: object) => ({ update_id: id, message: { message_id: id, from: { id: 777, first_name: 'Tina' }, chat: { id: 777, type: 'private' }, date: now(), ...fields } });

const platforms: Platform[] = [
  {
    channel: 'telegram', address: '777',
    config: () => ({ botToken: '123456:ABC-def', secretToken: 'tg-secret-token-123456', apiOrigin: provider.url, allowPrivate: true }),
    webhook: (payload, forged) => ({ raw: JSON.stringify(payload), headers: { 'x-telegram-bot-api-secret-token': forged ? 'tg-secret-token-999999' : 'tg-secret-token-123456' } }),
    text: (id, text) => telegramUpdate(id, { text }),
    foreignMedia: (id) => telegramUpdate(id, { photo: [{ file_id: 'photo-1', width: 1, height: 1 }] }),
    sent: (r) => (r.path.endsWith('/sendMessage') ? { to: String(r.body.chat_id), text: r.body.text } : null),
  },
  {
    channel: 'messenger', address: 'psid-42',
    config: () => ({ pageId: '1001', accessToken: 'page-token-xyz', appSecret: 'app-secret-1', verifyToken: 'verify-me-1', apiOrigin: provider.url, allowPrivate: true }),
    webhook: metaSigned('app-secret-1'),
    text: (id, text) => messengerEvent({ mid: `mid.${id}`, text }),
    foreignMedia: (id) => messengerEvent({ mid: `mid.${id}`, attachments: [{ type: 'image', payload: { url: `${foreign.url}/messenger.jpg` } }] }),
    sent: (r) => (r.path.startsWith('/v19.0/me/messages') ? { to: r.body.recipient.id, text: r.body.message?.text } : null),
  },
  {
    channel: 'whatsapp', address: '66812345678',
    config: () => ({ phoneNumberId: '5550001', accessToken: 'wa-token-xyz', appSecret: 'wa-secret-1', verifyToken: 'verify-wa-1', apiOrigin: provider.url, allowPrivate: true }),
    webhook: metaSigned('wa-secret-1'),
    text: (id, text) => whatsappValue({ from: '66812345678', id: `wamid.${id}`, timestamp: String(now()), type: 'text', text: { body: text } }),
    foreignMedia: (id) => whatsappValue({ from: '66812345678', id: `wamid.${id}`, timestamp: String(now()), type: 'image', image: { id: 'media-1', mime_type: 'image/jpeg' } }),
    sent: (r) => (/\/5550001\/messages/.test(r.path) ? { to: r.body.to, text: r.body.text?.body } : null),
  },
  {
    channel: 'line', address: 'U-line-1',
    config: () => ({ channelSecret: 'line-channel-secret-123', accessToken: 'line-access-token-123', apiOrigin: provider.url, allowPrivate: true }),
    webhook: (payload, forged) => { const raw = JSON.stringify(payload); return { raw, headers: { 'x-line-signature': hmac(forged ? 'not-the-secret' : 'line-channel-secret-123', raw, 'base64') } }; },
    text: (id, text) => lineEvents({ id: String(id), type: 'text', text }),
    foreignMedia: (id) => lineEvents({ id: String(id), type: 'image', contentProvider: { type: 'external', originalContentUrl: `${foreign.url}/line.jpg` } }),
    sent: (r) => (r.path.startsWith('/v2/bot/message/push') ? { to: r.body.to, text: r.body.messages?.at(-1)?.text } : null),
  },
];

const post = (p: Platform, inboxId: string, payload: unknown, forged = false) => {
  const { raw, headers } = p.webhook(payload, forged);
  return api(server.url, 'POST', `/webhooks/${p.channel}/${inboxId}`, { raw, headers });
};
const messagesOf = async (conversationId: string) => (await api(server.url, 'GET', `/api/conversations/${conversationId}/messages`, { token })).body.items as any[];

describe.each(platforms)('$channel', (p) => {
  let inboxId: string;
  let conversationId: string;

  it('turns a signed inbound text into a conversation on the right contact, once', async () => {
    const created = await api(server.url, 'POST', '/api/inboxes', { token, body: { name: p.channel, channel: p.channel, config: p.config() } });
    expect(created.status).toBe(201);
    inboxId = created.body.id;
    expect(created.body.webhooks.events).toBe(`${server.url}/webhooks/${p.channel}/${inboxId}`);
    const update = p.text(1, 'Hello, is my order shipped?');
    expect((await post(p, inboxId, update)).status).toBe(200);
    expect((await post(p, inboxId, update)).status).toBe(200); // the platform's retry
    const list = await api(server.url, 'GET', `/api/conversations?inboxId=${inboxId}`, { token });
    expect(list.body.items).toHaveLength(1);
    conversationId = list.body.items[0].id;
    const contact = await api(server.url, 'GET', `/api/contacts/${list.body.items[0].contactId}`, { token });
    expect(contact.body.identities).toContainEqual(expect.objectContaining({ channel: p.channel, address: p.address }));
    const messages = await messagesOf(conversationId);
    expect(messages.map((m) => m.body)).toEqual(['Hello, is my order shipped?']);
  });

  it('refuses a forged signature with 403 and stores nothing', async () => {
    const res = await post(p, inboxId, p.text(2, 'forged'), true);
    expect(res.status).toBe(403);
    expect((await messagesOf(conversationId)).map((m) => m.body)).not.toContain('forged');
  });

  it('delivers an agent reply to the platform with the right recipient', async () => {
    const reply = await api(server.url, 'POST', `/api/conversations/${conversationId}/messages`, { token, body: { body: `Yes, it shipped (${p.channel})` } });
    expect(reply.status).toBe(201);
    const sent = await eventually(async () => provider.requests.map(p.sent).find((s) => s?.text === `Yes, it shipped (${p.channel})`), 10_000, 'send');
    expect(sent!.to).toBe(p.address);
    await eventually(async () => (await messagesOf(conversationId)).find((m) => m.id === reply.body.message.id && m.status === 'sent'), 10_000, 'status sent');
  });

  it('never fetches media from a host that is not the platform', async () => {
    expect((await post(p, inboxId, p.foreignMedia(3))).status).toBe(200);
    // Platforms stamp messages with their own send time, so look the message up rather than taking the last.
    const stored = (await messagesOf(conversationId)).find((m) => m.body.includes('refused'));
    expect(stored?.body).toMatch(/refused: 127\.0\.0\.1:\d+ is not a \w+ host/);
    expect(stored.attachments ?? []).toHaveLength(0);
    expect(foreign.requests).toHaveLength(0);
  });
});

describe('platform specifics', () => {
  const inboxOf = async (channel: string) => (await api(server.url, 'GET', '/api/inboxes', { token })).body.find((i: any) => i.channel === channel);

  it('answers Meta\'s verify-token handshake only with the right token', async () => {
    const inbox = await inboxOf('messenger');
    const ok = await fetch(`${server.url}/webhooks/messenger/${inbox.id}?hub.mode=subscribe&hub.verify_token=verify-me-1&hub.challenge=8812`);
    expect([ok.status, await ok.text()]).toEqual([200, '8812']);
    const bad = await fetch(`${server.url}/webhooks/messenger/${inbox.id}?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=8812`);
    expect(bad.status).toBe(403);
  });

  it('stores media downloaded from the platform itself', async () => {
    const inbox = await inboxOf('line');
    const p = platforms.find((x) => x.channel === 'line')!;
    expect((await post(p, inbox.id, lineEvents({ id: '4', type: 'image', contentProvider: { type: 'line' } }))).status).toBe(200);
    const conv = (await api(server.url, 'GET', `/api/conversations?inboxId=${inbox.id}`, { token })).body.items[0];
    const stored = (await messagesOf(conv.id)).at(-1);
    expect(stored.attachments).toEqual([expect.objectContaining({ contentType: 'image/png', size: PNG.length })]);
  });

  it('applies WhatsApp receipts and refuses replies outside the 24-hour window', async () => {
    const inbox = await inboxOf('whatsapp');
    const p = platforms.find((x) => x.channel === 'whatsapp')!;
    const conv = (await api(server.url, 'GET', `/api/conversations?inboxId=${inbox.id}`, { token })).body.items[0];
    const status = { object: 'whatsapp_business_account', entry: [{ id: 'waba', changes: [{ field: 'messages', value: {
      metadata: { phone_number_id: '5550001' }, statuses: [{ id: 'wamid.OUT', status: 'delivered', recipient_id: '66812345678', timestamp: String(now()) }] } }] }] };
    expect((await post(p, inbox.id, status)).status).toBe(200);
    await eventually(async () => (await messagesOf(conv.id)).find((m) => m.direction === 'outgoing' && m.status === 'delivered'), 5_000, 'delivered receipt');

    await server.app.ctx.db.update(schema.messages).set({ createdAt: new Date(Date.now() - 25 * 3_600_000) })
      .where(and(eq(schema.messages.conversationId, conv.id), eq(schema.messages.direction, 'incoming')));
    const late = await api(server.url, 'POST', `/api/conversations/${conv.id}/messages`, { token, body: { body: 'Too late?' } });
    const failed = await eventually(async () => (await messagesOf(conv.id)).find((m) => m.id === late.body.message.id && m.status === 'failed'), 10_000, 'window failure');
    expect(failed.error).toMatch(/24-hour reply window/);
    expect(provider.requests.some((r) => r.body?.text?.body === 'Too late?')).toBe(false);
  });

  it('registers the Telegram webhook with the secret token', async () => {
    const inbox = await inboxOf('telegram');
    const res = await api(server.url, 'POST', `/api/inboxes/${inbox.id}/telegram/set-webhook`, { token });
    expect(res.status).toBe(200);
    const call = provider.requests.find((r) => r.path === '/bot123456:ABC-def/setWebhook');
    expect(call?.body).toMatchObject({ url: `${server.url}/webhooks/telegram/${inbox.id}`, secret_token: 'tg-secret-token-123456' });
  });
});
