import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createAgent, eventually } from '../support/server.js';
import { SUPPORT, conversationOf, createEmailInbox, listConversations, listMessages, sendMail, startMailServer, startSink } from './mail-kit.js';

// Real SMTP both ways over loopback: customers' mail reaches the built-in receiver through nodemailer, replies
// leave through the delivery queue to a local SMTP sink and are parsed back.
describe('e-mail threading', () => {
  let env: Awaited<ReturnType<typeof startMailServer>>;
  let sink: Awaited<ReturnType<typeof startSink>>;
  let inbox: { id: string };
  let agent: { id: string; token: string };
  const ana = { name: 'Ana Lima', address: 'ana@customer.test' };
  let conversationId = '';
  let ourMessageId = '';
  let replyTo = '';

  beforeAll(async () => {
    sink = await startSink();
    env = await startMailServer({ SMTP_URL: sink.url });
    inbox = await createEmailInbox(env.server, env.token);
    agent = await createAgent(env.server, 'maria@shop.test', [inbox.id]);
  });
  afterAll(async () => {
    await env?.server.close();
    await sink?.stop();
  });

  it('opens a conversation for a new mail and sends the agent reply into the same mail thread', async () => {
    await sendMail(env.inboundPort, { from: ana, to: SUPPORT, subject: 'Broken zipper', text: 'The zipper of my bag broke.', messageId: '<first@customer.test>' });
    const { conversation, message } = await conversationOf(env.server, env.token, inbox.id, '<first@customer.test>');
    conversationId = conversation.id;
    expect(conversation.subject).toBe('Broken zipper');
    expect(message.body).toBe('The zipper of my bag broke.');

    const sent = await api(env.server.url, 'POST', `/api/conversations/${conversationId}/messages`, { token: agent.token, body: { body: 'Sorry <Ana> & thanks!\nWe send a new one.' } });
    expect(sent.status).toBe(201);
    const { parsed } = await sink.next((m) => m.subject === 'Re: Broken zipper');
    expect(parsed.inReplyTo).toBe('<first@customer.test>');
    expect([parsed.references].flat()).toContain('<first@customer.test>');
    expect(parsed.from?.value[0]).toMatchObject({ address: SUPPORT, name: 'maria' });
    expect(parsed.to && !Array.isArray(parsed.to) && parsed.to.value[0].address).toBe(ana.address);
    replyTo = parsed.replyTo!.value[0].address!;
    expect(replyTo).toMatch(/^support\+[a-z2-7]{39}@shop\.test$/);
    expect(parsed.text?.trim()).toBe('Sorry <Ana> & thanks!\nWe send a new one.');
    expect(parsed.html).toContain('Sorry &lt;Ana&gt; &amp; thanks!<br>');
    ourMessageId = parsed.messageId!;
    // The outgoing Message-ID is the stored message's external id: that is what customer replies refer to.
    await eventually(async () => (await listMessages(env.server, env.token, conversationId)).find((m) => m.externalId === ourMessageId && m.status === 'sent'));
  });

  it('joins a reply that carries only References, whatever its subject', async () => {
    await sendMail(env.inboundPort, { from: ana, to: SUPPORT, subject: 'Another matter', text: 'Thanks!', references: [ourMessageId], messageId: '<refs-only@customer.test>' });
    const { conversation } = await conversationOf(env.server, env.token, inbox.id, '<refs-only@customer.test>');
    expect(conversation.id).toBe(conversationId);
  });

  it('joins a reply to the reply-token address with a changed subject and no thread headers', async () => {
    await sendMail(env.inboundPort, { from: ana, to: replyTo, subject: 'Completely new subject', text: 'One more thing', messageId: '<token-reply@customer.test>' });
    const { conversation } = await conversationOf(env.server, env.token, inbox.id, '<token-reply@customer.test>');
    expect(conversation.id).toBe(conversationId);
  });

  it('stores a mail delivered twice (same Message-ID) once', async () => {
    const mail = { from: ana, to: SUPPORT, subject: 'Duplicate', text: 'sent twice', messageId: '<twice@customer.test>', references: [ourMessageId] };
    await sendMail(env.inboundPort, mail);
    await sendMail(env.inboundPort, mail);
    const messages = await listMessages(env.server, env.token, conversationId);
    expect(messages.filter((m) => m.externalId === '<twice@customer.test>')).toHaveLength(1);
  });

  it('never opens a conversation for auto-replies or bounces, and files threaded ones as activity', async () => {
    const before = (await listConversations(env.server, env.token, inbox.id)).length;
    await sendMail(env.inboundPort, { from: ana, to: SUPPORT, subject: 'Out of office', text: 'I am away', headers: { 'Auto-Submitted': 'auto-replied' } });
    await sendMail(env.inboundPort, { from: 'MAILER-DAEMON@customer.test', to: SUPPORT, subject: 'Undelivered Mail Returned to Sender', text: 'bounce' });
    await sendMail(env.inboundPort, { from: 'news@list.test', to: SUPPORT, subject: 'Weekly news', text: 'news', headers: { Precedence: 'bulk' } });
    expect(await listConversations(env.server, env.token, inbox.id)).toHaveLength(before);

    await sendMail(env.inboundPort, { from: ana, to: SUPPORT, subject: 'Auto: Re: Broken zipper', text: 'Away until Monday', inReplyTo: ourMessageId, headers: { 'X-Autoreply': 'yes' }, messageId: '<ooo@customer.test>' });
    const { conversation, message } = await conversationOf(env.server, env.token, inbox.id, '<ooo@customer.test>');
    expect(conversation.id).toBe(conversationId);
    expect(message.direction).toBe('activity');
  });

  it('does not take its own outgoing mail back as a customer message (mail loop)', async () => {
    const sales = await createEmailInbox(env.server, env.token, { address: 'sales@shop.test' });
    const looped = sink.mails.find((m) => m.parsed.messageId === ourMessageId)!;
    await sendMail(env.inboundPort, { envelope: { from: SUPPORT, to: ['sales@shop.test'] }, raw: looped.raw });
    expect(await listConversations(env.server, env.token, sales.id)).toHaveLength(0);
  });

  it('refuses recipients it does not serve', async () => {
    await expect(sendMail(env.inboundPort, { from: ana, to: 'someone@elsewhere.test', subject: 'x', text: 'x' }))
      .rejects.toMatchObject({ responseCode: 550 });
  });

  it('lets an agent start a new e-mail conversation that the customer can answer', async () => {
    const contactId = (await api(env.server.url, 'GET', `/api/conversations/${conversationId}`, { token: env.token })).body.contactId;
    const started = await api(env.server.url, 'POST', '/api/conversations', { token: agent.token, body: { inboxId: inbox.id, contactId, subject: 'Your order #42', body: 'It has shipped.' } });
    expect(started.status).toBe(201);
    const { parsed } = await sink.next((m) => m.subject === 'Your order #42');
    expect(parsed.inReplyTo).toBeUndefined();
    expect(parsed.replyTo!.value[0].address).toMatch(/^support\+[a-z2-7]{39}@shop\.test$/);
    expect(parsed.replyTo!.value[0].address).not.toBe(replyTo);

    await sendMail(env.inboundPort, { from: ana, to: SUPPORT, subject: 'Re: Your order #42', text: 'Great', inReplyTo: parsed.messageId, messageId: '<order-reply@customer.test>' });
    const { conversation } = await conversationOf(env.server, env.token, inbox.id, '<order-reply@customer.test>');
    expect(conversation.id).toBe(started.body.conversation.id);
  });

  it('marks a reply failed with the server reason on 5xx and keeps retrying on 4xx', async () => {
    const contactId = (await api(env.server.url, 'GET', `/api/conversations/${conversationId}`, { token: env.token })).body.contactId;
    const start = (address: string) => api(env.server.url, 'POST', '/api/conversations', { token: agent.token, body: { inboxId: inbox.id, contactId, address, subject: 'Hello', body: 'Hi' } });
    const permanent = (await start('reject-permanent@customer.test')).body.message;
    const temporary = (await start('reject-temporary@customer.test')).body.message;
    const find = async (m: { id: string; conversationId: string }) => (await listMessages(env.server, env.token, m.conversationId)).find((x) => x.id === m.id);
    const failed = await eventually(async () => { const m = await find(permanent); return m?.status === 'failed' && m; }, 15_000, 'permanent failure');
    expect(failed.error).toMatch(/550.*Mailbox does not exist/);
    const waiting = await eventually(async () => { const m = await find(temporary); return m?.error && m; }, 15_000, 'retry scheduled');
    expect(waiting.status).toBe('queued');
    expect(waiting.error).toMatch(/^retrying: SMTP 451/);
  });
});
