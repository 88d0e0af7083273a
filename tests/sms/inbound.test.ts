import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../../server/db/client.js';
import { api, eventually, websiteInbox } from '../support/server.js';
import { HELP_TEXT, startSmsWorld, type SmsWorld } from './setup.js';
import { ACCOUNT_SID, AUTH_TOKEN, messageSid, postWebhook, PUBLIC_URL } from './twilio-stand-in.js';

let w: SmsWorld;
let foreign: Server;
let foreignHits = 0;

beforeAll(async () => {
  w = await startSmsWorld();
  // A host that is not Twilio's: any request reaching it would be an SSRF.
  foreign = createServer((_req, res) => { foreignHits += 1; res.end('secret'); });
  await new Promise<void>((resolve) => foreign.listen(0, '127.0.0.1', () => resolve()));
});
afterAll(async () => {
  await w?.close();
  await new Promise<void>((resolve) => foreign.close(() => resolve()));
});

describe('SMS inbox configuration', () => {
  it('shows the webhook URLs under PUBLIC_URL, masks the auth token and stores it encrypted', async () => {
    const inbox = await api(w.server.url, 'GET', `/api/inboxes/${w.inboxId}`, { token: w.admin });
    expect(inbox.body.webhooks).toEqual({ sms: `${PUBLIC_URL}/webhooks/twilio/${w.inboxId}/sms`, status: `${PUBLIC_URL}/webhooks/twilio/${w.inboxId}/status` });
    expect(inbox.body.config.authToken).not.toBe(AUTH_TOKEN);
    expect(inbox.body.config.fromNumber).toBe('+14155550000');
    const [row] = await w.server.app.ctx.db.select().from(schema.inboxes).where(eq(schema.inboxes.id, w.inboxId));
    expect(JSON.stringify(row.config)).not.toContain(AUTH_TOKEN);
  });

  it('refuses a configuration without credentials or a sender', async () => {
    const r = await api(w.server.url, 'POST', '/api/inboxes', { token: w.admin, body: { name: 'Bad', channel: 'sms', config: { accountSid: 'nope' } } });
    expect(r.status).toBe(400);
    expect(Object.keys(r.body.error.fields)).toEqual(expect.arrayContaining(['config.accountSid', 'config.authToken']));
  });
});

describe('inbound SMS webhook', () => {
  it('stores a text on the contact found by the E.164 sender and answers with empty TwiML', async () => {
    const first = await w.inbound('+1 415-555-0101', 'Hello from my phone', { FromCountry: 'US' });
    expect(first.status).toBe(200);
    expect(first.text).toMatch(/<Response\/>$/);
    const stored = (await w.stored(first.sid))!;
    expect(stored.message.body).toBe('Hello from my phone');
    const contact = await api(w.server.url, 'GET', `/api/contacts/${stored.contactId}`, { token: w.admin });
    expect(contact.body.phone).toBe('+14155550101');
    expect(contact.body.identities).toEqual([expect.objectContaining({ channel: 'sms', address: '+14155550101', optedOut: false })]);

    // The same number typed another way is the same customer, in the same open conversation.
    const second = await w.inbound('+14155550101', 'Still me');
    const again = (await w.stored(second.sid))!;
    expect(again.contactId).toBe(stored.contactId);
    expect(again.message.conversationId).toBe(stored.message.conversationId);
  });

  it('stores a MessageSid posted three times (Twilio retries) once', async () => {
    const sid = messageSid();
    const results = await Promise.all([1, 2, 3].map(() => w.inbound('+14155550102', 'Retry me', { MessageSid: sid })));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    const rows = await w.server.app.ctx.db.select().from(schema.messages).where(eq(schema.messages.externalId, sid));
    expect(rows).toHaveLength(1);
  });

  it('refuses forged, missing and Host-based signatures with 403 and stores nothing', async () => {
    const path = `/webhooks/twilio/${w.inboxId}/sms`;
    const params = (sid: string) => ({ AccountSid: ACCOUNT_SID, MessageSid: sid, From: '+14155550103', To: '+14155550000', Body: 'forged', NumMedia: '0' });
    const attempts = [
      { signature: 'bm90IGEgc2lnbmF0dXJl' },
      { signature: null },
      // Signed for the address the request physically reached, not the public URL Twilio was given.
      { signedUrl: `${w.server.url}${path}` },
      { authToken: 'c3'.repeat(16) },
    ];
    const sids: string[] = [];
    for (const opts of attempts) {
      const sid = messageSid();
      sids.push(sid);
      expect((await postWebhook(w.server.url, path, params(sid), opts)).status).toBe(403);
    }
    for (const sid of sids) expect(await w.stored(sid)).toBeNull();
    const contacts = await w.server.app.ctx.db.select().from(schema.contacts).where(eq(schema.contacts.phone, '+14155550103'));
    expect(contacts).toHaveLength(0);
    const status = await postWebhook(w.server.url, `/webhooks/twilio/${w.inboxId}/status`, { MessageSid: messageSid(), MessageStatus: 'delivered' }, { signature: 'forged' });
    expect(status.status).toBe(403);
  });

  it('answers 400 to a correctly signed but malformed body, 404 to an unknown inbox', async () => {
    const path = `/webhooks/twilio/${w.inboxId}/sms`;
    const noSender = await postWebhook(w.server.url, path, { MessageSid: messageSid(), Body: 'who am I' });
    expect(noSender.status).toBe(400);
    const badSid = await postWebhook(w.server.url, path, { MessageSid: 'not-a-sid', From: '+14155550104', Body: 'x' });
    expect(badSid.status).toBe(400);
    const badMedia = await postWebhook(w.server.url, path, { MessageSid: messageSid(), From: '+14155550104', Body: 'x', NumMedia: 'lots' });
    expect(badMedia.status).toBe(400);
    const contacts = await w.server.app.ctx.db.select().from(schema.contacts).where(eq(schema.contacts.phone, '+14155550104'));
    expect(contacts).toHaveLength(0);
    const unknown = await postWebhook(w.server.url, '/webhooks/twilio/00000000-0000-4000-8000-000000000000/sms', { MessageSid: messageSid(), From: '+14155550104' });
    expect(unknown.status).toBe(404);
  });
});

describe('MMS media', () => {
  it('fetches media from Twilio with the account credentials and stores it as attachments', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    const vcard = Buffer.from('BEGIN:VCARD\nVERSION:3.0\nFN:Dana\nEND:VCARD\n');
    const { sid } = await w.inbound('+14155550105', 'Here is the photo', {
      NumMedia: '2',
      MediaUrl0: w.standIn.serveMedia('ME1', 'image/png', png), MediaContentType0: 'image/png',
      MediaUrl1: w.standIn.serveMedia('ME2', 'text/vcard', vcard), MediaContentType1: 'text/vcard',
    });
    const stored = (await w.stored(sid))!;
    expect(stored.message.attachments.map((a) => a.contentType).sort()).toEqual(['image/png', 'text/vcard']);
    expect(w.standIn.mediaRequests.filter((r) => /ME[12]$/.test(r.path)).every((r) => r.authorized)).toBe(true);

    const listed = await api(w.server.url, 'GET', `/api/conversations/${stored.message.conversationId}/messages`, { token: w.admin });
    const attachment = listed.body.items.find((m: any) => m.externalId === sid).attachments.find((a: any) => a.contentType === 'image/png');
    const download = await fetch(w.server.url + attachment.url);
    expect(Buffer.from(await download.arrayBuffer()).equals(png)).toBe(true);
  });

  it('keeps the text and notes a file the pipeline will not store, as every channel does', async () => {
    const { sid } = await w.inbound('+14155550107', 'Here is the installer', {
      NumMedia: '2',
      MediaUrl0: w.standIn.serveMedia('MEEXE', 'application/x-msdownload', Buffer.from('MZ')), MediaContentType0: 'application/x-msdownload',
      MediaUrl1: w.standIn.serveMedia('MEOK', 'image/png', Buffer.from('89504e470d0a1a0a', 'hex')), MediaContentType1: 'image/png',
    });
    const stored = (await w.stored(sid))!;
    expect(stored.message.attachments.map((a) => a.contentType)).toEqual(['image/png']);
    const [text, note] = stored.message.body.split('\n\n');
    expect(text).toBe('Here is the installer');
    expect(note).toMatch(/^\[attachment ".+" not stored: attachment type application\/x-msdownload is not allowed\]$/);
    expect(stored.message.meta.mediaErrors).toEqual([{ media: expect.any(String), reason: 'attachment type application/x-msdownload is not allowed' }]);
  });

  it('refuses media on foreign hosts, over plain HTTP or over the size cap, and keeps the text', async () => {
    const foreignUrl = `http://127.0.0.1:${(foreign.address() as AddressInfo).port}/Media/ME9`;
    const big = w.standIn.serveMedia('MEBIG', 'image/jpeg', Buffer.alloc(5 * 1024 * 1024 + 1));
    const { sid, status } = await w.inbound('+14155550106', 'Three pictures', {
      NumMedia: '3',
      MediaUrl0: 'https://evil.example.test/2010-04-01/Accounts/AC/Messages/MM/Media/ME1', MediaContentType0: 'image/png',
      MediaUrl1: foreignUrl, MediaContentType1: 'image/png',
      MediaUrl2: big, MediaContentType2: 'image/jpeg',
    });
    expect(status).toBe(200);
    expect(foreignHits).toBe(0);
    const stored = (await w.stored(sid))!;
    expect(stored.message.body).toBe('Three pictures');
    expect(stored.message.attachments).toEqual([]);
    const reasons = (stored.message.meta.mediaErrors as { reason: string }[]).map((e) => e.reason);
    expect(reasons).toEqual(expect.arrayContaining([
      expect.stringMatching(/not a Twilio media host/), expect.stringMatching(/not HTTPS/), expect.stringMatching(/larger than 5 MB/),
    ]));
  });
});

describe('opt-out keywords', () => {
  it('STOP opts the number out and refuses agent replies; HELP is answered; START opts back in', async () => {
    const phone = '+14155550107';
    const hello = await w.inbound(phone, 'Hi there');
    const { contactId, message } = (await w.stored(hello.sid))!;
    const conversationId = message.conversationId;
    const identity = async () => (await api(w.server.url, 'GET', `/api/contacts/${contactId}`, { token: w.admin })).body.identities[0];

    const stop = await w.inbound(phone, ' stop ');
    expect(stop.status).toBe(200);
    expect(await w.stored(stop.sid)).not.toBeNull();
    expect((await identity()).optedOut).toBe(true);
    const refused = await api(w.server.url, 'POST', `/api/conversations/${conversationId}/messages`, { token: w.admin, body: { body: 'Are you still there?' } });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('recipient_opted_out');
    expect(refused.body.error.message).toMatch(/opted out.*START/);

    const help = await w.inbound(phone, 'HELP');
    expect(help.text).toContain('<Message>Acme support: reply with your question. Msg&amp;data rates may apply. STOP to opt out.</Message>');
    expect(HELP_TEXT).toContain('&');
    const helpNote = await w.stored(`${help.sid}:help`);
    expect(helpNote?.message.direction).toBe('activity');

    await w.inbound(phone, 'START');
    expect((await identity()).optedOut).toBe(false);
    const accepted = await api(w.server.url, 'POST', `/api/conversations/${conversationId}/messages`, { token: w.admin, body: { body: 'Welcome back' } });
    expect(accepted.status).toBe(201);
    await eventually(async () => w.standIn.sent.find((m) => m.To === phone && m.Body === 'Welcome back'), 10_000, 'reply sent after START');
    expect(w.standIn.sent.filter((m) => m.To === phone).map((m) => m.Body)).toEqual(['Welcome back']);
  });
});

describe('one customer across SMS and the widget', () => {
  it('attaches a widget visitor who gives the same phone to the SMS contact, once', async () => {
    const { sid } = await w.inbound('+14155550123', 'Texting first');
    const smsContactId = (await w.stored(sid))!.contactId;
    const { widgetKey } = await websiteInbox(w.server.url, w.admin);

    const session = await api(w.server.url, 'POST', '/api/widget/sessions', { body: { widgetKey, visitor: { name: 'Dana', phone: '+1 (415) 555-0123' } } });
    expect(session.status).toBe(200);
    expect(session.body.contactId).toBe(smsContactId);
    const sent = await api(w.server.url, 'POST', '/api/widget/messages', { token: session.body.visitorToken, body: { body: 'Now on the website', clientId: 'c-1' } });
    expect(sent.status).toBe(200);
    const contact = await api(w.server.url, 'GET', `/api/contacts/${smsContactId}`, { token: w.admin });
    expect(contact.body.name).toBe('Dana');
    expect(contact.body.identities.map((i: any) => i.channel).sort()).toEqual(['sms', 'web']);
    expect(contact.body.conversations.map((c: any) => c.id)).toContain(sent.body.conversationId);

    // A second browser claiming the same phone does not get into that record (the phone is not proven).
    const other = await api(w.server.url, 'POST', '/api/widget/sessions', { body: { widgetKey, visitor: { phone: '+14155550123' } } });
    expect(other.body.contactId).not.toBe(smsContactId);
  });
});
