// The agent writes first: POST /api/conversations to a contact on file or a new address, and the inbox's
// "New conversation" dialog in the browser, out through the real outbound paths (SMTP relay stand-in, Twilio
// stand-in) until the message is sent.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startSink } from '../email/mail-kit.js';
import { ACCOUNT_SID, AUTH_TOKEN, TwilioStandIn } from '../sms/twilio-stand-in.js';
import { createAgent } from '../support/server.js';
import { api, ARTIFACTS, axeSerious, browserAvailable, newPage, setup, signIn, type Env } from './harness.js';

vi.setConfig({ testTimeout: 120_000 });

let env: Env;
let sink: Awaited<ReturnType<typeof startSink>>;
let twilio: TwilioStandIn;
let emailInbox: string;
let smsInbox: string;

beforeAll(async () => {
  sink = await startSink();
  twilio = await new TwilioStandIn().start();
  env = await setup({ SMTP_URL: sink.url });
  const email = await api(env.url, 'POST', '/api/inboxes', { token: env.token, body: { name: 'Orders mail', channel: 'email', config: { address: 'orders@shop.test' } } });
  const sms = await api(env.url, 'POST', '/api/inboxes', { token: env.token, body: { name: 'Orders SMS', channel: 'sms', config: { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, fromNumber: '+14155550000', apiBaseUrl: twilio.url, allowPrivate: true } } });
  expect([email.status, sms.status]).toEqual([201, 201]);
  emailInbox = email.body.id;
  smsInbox = sms.body.id;
});
afterAll(async () => {
  await env?.close();
  await sink?.stop();
  await twilio?.close();
});

const unique = () => Math.random().toString(36).slice(2, 8);
const messageStatus = async (conversationId: string) =>
  (await api(env.url, 'GET', `/api/conversations/${conversationId}/messages`, { token: env.token })).body.items.find((m: any) => m.direction === 'outgoing')?.status;

describe('starting a conversation over the API', () => {
  it('a new e-mail address becomes a contact with that identity; the mail goes out with the subject and body', async () => {
    const run = unique();
    const address = `New.Customer-${run}@Example.test`;
    const r = await api(env.url, 'POST', '/api/conversations', { token: env.token, body: { inboxId: emailInbox, address, name: `Dara ${run}`, subject: `Your quote ${run}`, body: `Here is the quote ${run}.` } });
    expect(r.status).toBe(201);
    expect(r.body.conversation).toMatchObject({ inboxId: emailInbox, status: 'open', subject: `Your quote ${run}` });
    expect(r.body.message).toMatchObject({ direction: 'outgoing', senderType: 'agent', body: `Here is the quote ${run}.`, status: 'queued' });
    const contact = (await api(env.url, 'GET', `/api/contacts/${r.body.conversation.contactId}`, { token: env.token })).body;
    expect(contact).toMatchObject({ name: `Dara ${run}`, email: address.toLowerCase() });
    expect(contact.identities).toEqual([expect.objectContaining({ channel: 'email', address: address.toLowerCase() })]);
    const mail = await sink.next((m) => m.subject === `Your quote ${run}`);
    expect(mail.parsed.text).toContain(`Here is the quote ${run}.`);
    expect(mail.rcptTo).toEqual([address.toLowerCase()]);
    await expect.poll(() => messageStatus(r.body.conversation.id)).toBe('sent');

    // The same address again finds that contact instead of making a second one.
    const again = await api(env.url, 'POST', '/api/conversations', { token: env.token, body: { inboxId: emailInbox, address: address.toUpperCase(), body: 'Second note' } });
    expect(again.status).toBe(201);
    expect(again.body.conversation.contactId).toBe(r.body.conversation.contactId);
  });

  it('refuses a malformed address, a missing recipient and an inbox the agent cannot see, storing nothing', async () => {
    const before = (await api(env.url, 'GET', `/api/conversations?inboxId=${smsInbox}&status=all`, { token: env.token })).body.items.length;
    const badPhone = await api(env.url, 'POST', '/api/conversations', { token: env.token, body: { inboxId: smsInbox, address: 'call me', body: 'Hi' } });
    expect(badPhone.status).toBe(400);
    expect(badPhone.body.error.fields).toHaveProperty('address');
    const nobody = await api(env.url, 'POST', '/api/conversations', { token: env.token, body: { inboxId: smsInbox, body: 'Hi' } });
    expect(nobody.status).toBe(400);
    expect(nobody.body.error.fields).toHaveProperty('address');
    const badMail = await api(env.url, 'POST', '/api/conversations', { token: env.token, body: { inboxId: emailInbox, address: 'not-an-address', body: 'Hi' } });
    expect(badMail.status).toBe(400);
    const outsider = await createAgent(env.server, `outsider-${unique()}@example.com`, []);
    const hidden = await api(env.url, 'POST', '/api/conversations', { token: outsider.token, body: { inboxId: smsInbox, address: '+14155550199', body: 'Hi' } });
    expect(hidden.status).toBe(404);
    expect((await api(env.url, 'GET', `/api/conversations?inboxId=${smsInbox}&status=all`, { token: env.token })).body.items.length).toBe(before);
  });
});

describe.skipIf(!browserAvailable())('the new-conversation dialog in the browser', () => {
  it('e-mail to a contact found by search, then SMS to a new number; each is sent and opens', async () => {
    const run = unique();
    // A contact on file, known from an earlier e-mail conversation.
    const known = await api(env.url, 'POST', '/api/conversations', { token: env.token, body: { inboxId: emailInbox, address: `pim-${run}@example.test`, name: `Pim Chaiyo ${run}`, body: 'Welcome' } });
    expect(known.status).toBe(201);
    const { context, page } = await newPage(env);
    try {
      await signIn(page, env.url);
      await page.getByRole('button', { name: 'New conversation' }).click();
      const dialog = page.getByRole('dialog', { name: 'New conversation' });
      await dialog.getByLabel('Send from').selectOption({ label: 'Orders mail · E-mail' });
      await dialog.getByLabel('To', { exact: true }).fill(`Pim Chaiyo ${run}`);
      await dialog.getByRole('list', { name: 'Matching contacts' }).getByRole('button', { name: new RegExp(`Pim Chaiyo ${run}`) }).click();
      await dialog.getByText(`pim-${run}@example.test`).waitFor();
      await dialog.getByLabel('Subject').fill(`Delivery date ${run}`);
      await dialog.getByLabel('Message').fill(`Your parcel arrives on Friday (${run}).`);
      expect(await axeSerious(page)).toEqual([]);
      await page.screenshot({ path: `${ARTIFACTS}/inbox-new-conversation.png` });
      await dialog.getByRole('button', { name: 'Send' }).click();

      await page.waitForURL(/\/c\/[0-9a-f-]{36}$/);
      const mail = await sink.next((m) => m.subject === `Delivery date ${run}`);
      expect(mail.parsed.text).toContain(`Your parcel arrives on Friday (${run}).`);
      expect(mail.rcptTo).toEqual([`pim-${run}@example.test`]);
      const emailConversation = page.url().split('/c/')[1];
      // Sent once the relay took it; the thread shows it (read again, so a status pushed before the page
      // subscribed cannot be missed).
      await expect.poll(() => messageStatus(emailConversation)).toBe('sent');
      await page.reload();
      await page.locator('li.msg-out').filter({ hasText: `Your parcel arrives on Friday (${run}).` }).locator('.msg-status.status-sent').waitFor();
      const conv = (await api(env.url, 'GET', `/api/conversations/${emailConversation}`, { token: env.token })).body;
      expect(conv).toMatchObject({ inboxId: emailInbox, contactId: known.body.conversation.contactId, subject: `Delivery date ${run}` });

      // SMS to a number nobody has used yet.
      const number = `+1415555${String(Math.floor(Math.random() * 9000) + 1000)}`;
      await page.getByRole('button', { name: 'New conversation' }).click();
      await dialog.getByLabel('Send from').selectOption({ label: 'Orders SMS · SMS' });
      await expect.poll(() => dialog.getByLabel('Subject').count()).toBe(0);
      await dialog.getByLabel('To', { exact: true }).fill('12345');
      await dialog.getByLabel('Message').fill(`Your code is ${run}`);
      await dialog.getByRole('button', { name: 'Send' }).click();
      await dialog.getByText('Phone numbers must be in international format, e.g. +14155550100').waitFor();
      await dialog.getByLabel('To', { exact: true }).fill(number);
      await dialog.getByRole('button', { name: 'Send' }).click();
      await page.waitForURL((u) => /\/c\/[0-9a-f-]{36}$/.test(u.pathname) && !u.pathname.endsWith(emailConversation));
      await expect.poll(() => twilio.sent.find((m) => m.To === number)?.Body).toBe(`Your code is ${run}`);
      await expect.poll(() => messageStatus(page.url().split('/c/')[1])).toBe('sent');
      await page.reload();
      await page.locator('li.msg-out').filter({ hasText: `Your code is ${run}` }).locator('.msg-status.status-sent').waitFor();
    } finally {
      await context.close();
    }
  });
});
