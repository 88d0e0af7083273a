import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, eventually, newVisitor, websiteInbox } from '../support/server.js';
import { startSmsWorld, type SmsWorld } from './setup.js';
import { ACCOUNT_SID, AUTH_TOKEN, messageSid, postWebhook, PUBLIC_URL } from './twilio-stand-in.js';

let w: SmsWorld;
beforeAll(async () => { w = await startSmsWorld(); });
afterAll(async () => { await w?.close(); });

/** A customer texts in; the agent (admin) answers in that conversation. Returns the stored reply once it settles. */
async function replyTo(phone: string, body: string, settled: (m: any) => boolean = (m) => m.status !== 'queued') {
  const { sid } = await w.inbound(phone, 'Question');
  const { conversationId } = (await w.stored(sid))!.message;
  const posted = await api(w.server.url, 'POST', `/api/conversations/${conversationId}/messages`, { token: w.admin, body: { body } });
  expect(posted.status).toBe(201);
  return eventually(async () => {
    const list = await api(w.server.url, 'GET', `/api/conversations/${conversationId}/messages`, { token: w.admin });
    const reply = list.body.items.find((m: any) => m.id === posted.body.message.id);
    return settled(reply) ? reply : null;
  }, 20_000, `reply to ${phone} settled`);
}

const sentTo = (phone: string) => w.standIn.sent.filter((m) => m.To === phone);

describe('outbound SMS', () => {
  it('sends an agent reply through the Twilio API with the right From, To, Body and status callback', async () => {
    const reply = await replyTo('+14155550201', 'Your order ships today. Tracking: 1Z999');
    expect(reply.status).toBe('sent');
    const [sent] = sentTo('+14155550201');
    expect(sent).toMatchObject({ From: '+14155550000', Body: 'Your order ships today. Tracking: 1Z999', authorized: true });
    expect(sent.StatusCallback).toBe(`${PUBLIC_URL}/webhooks/twilio/${w.inboxId}/status`);
    expect(reply.externalId).toMatch(/^SM[0-9a-f]{32}$/);
    expect(reply.meta.sms.segments).toBe(1);
  });

  it('retries a 429 and a 500 after the Retry-After they gave, then sends', async () => {
    w.standIn.answerNext(
      { status: 429, headers: { 'retry-after': '1' }, body: { code: 20429, message: 'Too Many Requests', status: 429 } },
      { status: 500, headers: { 'retry-after': '1' }, body: { code: 20500, message: 'Internal Server Error', status: 500 } },
    );
    const reply = await replyTo('+14155550202', 'Third time lucky', (m) => m.status === 'sent');
    expect(reply.attempts).toBe(3);
    expect(sentTo('+14155550202')).toHaveLength(3);
  });

  it('fails a permanent 400 at once, without retrying, and shows Twilio\'s reason', async () => {
    w.standIn.answerNext({ status: 400, body: { code: 21211, message: "The 'To' number +14155550203 is not a valid phone number.", status: 400 } });
    const reply = await replyTo('+14155550203', 'Never arrives');
    expect(reply.status).toBe('failed');
    expect(reply.error).toContain('Twilio error 21211');
    expect(reply.error).toContain('is not a valid phone number');
    expect(reply.attempts).toBe(1);
    expect(sentTo('+14155550203')).toHaveLength(1);
  });

  it('records an opt-out Twilio already knows about (21610) so agents see why replies fail', async () => {
    w.standIn.answerNext({ status: 400, body: { code: 21610, message: 'Attempt to send to unsubscribed recipient', status: 400 } });
    const reply = await replyTo('+14155550208', 'Hello?');
    expect(reply.status).toBe('failed');
    expect(reply.error).toContain('unsubscribed');
    const { contactId } = (await api(w.server.url, 'GET', `/api/conversations/${reply.conversationId}`, { token: w.admin })).body;
    const contact = await api(w.server.url, 'GET', `/api/contacts/${contactId}`, { token: w.admin });
    expect(contact.body.identities[0]).toMatchObject({ address: '+14155550208', optedOut: true });
  });

  it('applies status callbacks delivered out of order without moving a status backwards', async () => {
    const reply = await replyTo('+14155550204', 'Track me');
    const status = (MessageStatus: string, extra: Record<string, string> = {}) => postWebhook(w.server.url, `/webhooks/twilio/${w.inboxId}/status`, {
      AccountSid: ACCOUNT_SID, MessageSid: reply.externalId, MessageStatus, ...extra,
    });
    const current = async () => (await w.stored(reply.externalId))!.message.status;

    expect((await status('delivered')).status).toBe(204);
    expect(await current()).toBe('delivered');
    await status('sent');
    await status('queued');
    expect(await current()).toBe('delivered');
    await status('read');
    await status('delivered');
    expect(await current()).toBe('read');
  });

  it('marks a message failed from an undelivered callback, with the carrier reason', async () => {
    const reply = await replyTo('+14155550205', 'Into the void');
    await postWebhook(w.server.url, `/webhooks/twilio/${w.inboxId}/status`, { MessageSid: reply.externalId, MessageStatus: 'undelivered', ErrorCode: '30003' });
    const stored = (await w.stored(reply.externalId))!.message;
    expect(stored.status).toBe('failed');
    expect(stored.error).toContain('30003');
    expect(stored.error).toContain('unreachable');
  });

  it('lets an agent start an SMS conversation to the phone on a contact, and the answer threads into it', async () => {
    const { widgetKey } = await websiteInbox(w.server.url, w.admin);
    const { contactId } = await newVisitor(w.server.url, widgetKey, { name: 'Lee' });
    expect((await api(w.server.url, 'PATCH', `/api/contacts/${contactId}`, { token: w.admin, body: { phone: '+14155550206' } })).status).toBe(200);

    const started = await api(w.server.url, 'POST', '/api/conversations', { token: w.admin, body: { inboxId: w.inboxId, contactId, body: 'Hi Lee, your quote is ready.' } });
    expect(started.status).toBe(201);
    await eventually(async () => sentTo('+14155550206').length > 0, 10_000, 'first SMS sent');
    expect(sentTo('+14155550206')[0]).toMatchObject({ From: '+14155550000', Body: 'Hi Lee, your quote is ready.' });

    const answer = await w.inbound('+14155550206', 'Great, thanks');
    const stored = (await w.stored(answer.sid))!;
    expect(stored.contactId).toBe(contactId);
    expect(stored.message.conversationId).toBe(started.body.conversation.id);
  });

  it('sends through a Messaging Service when the inbox has one instead of a number', async () => {
    const serviceSid = `MG${'c4'.repeat(16)}`;
    const inbox = await api(w.server.url, 'POST', '/api/inboxes', {
      token: w.admin,
      body: { name: 'SMS pool', channel: 'sms', config: { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, messagingServiceSid: serviceSid, apiBaseUrl: w.standIn.url, allowPrivate: true } },
    });
    expect(inbox.status).toBe(201);
    const sid = messageSid();
    await postWebhook(w.server.url, `/webhooks/twilio/${inbox.body.id}/sms`, { MessageSid: sid, From: '+14155550207', To: '+14155550001', Body: 'Pool?' });
    const { conversationId } = (await w.stored(sid))!.message;
    await api(w.server.url, 'POST', `/api/conversations/${conversationId}/messages`, { token: w.admin, body: { body: 'From the pool' } });
    await eventually(async () => sentTo('+14155550207').length > 0, 10_000, 'pool SMS sent');
    expect(sentTo('+14155550207')[0]).toMatchObject({ MessagingServiceSid: serviceSid, Body: 'From the pool' });
    expect(sentTo('+14155550207')[0].From).toBeUndefined();
  });
});
