import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../support/server.js';
import { SUPPORT, conversationOf, createEmailInbox, listConversations, sendMail, startMailServer } from './mail-kit.js';

// Mail whose text mailparser alone gets wrong, sent through the real SMTP receiver: HTML-only mail (which used to
// arrive with an empty body) and mail in undeclared, mislabelled or UTF-7 charsets (which showed U+FFFD or
// "+APY-"). The agent must read it in the thread and the list, and find it by a word of its text.

const fixture = (name: string) => ({
  raw: readFileSync(new URL(`../fixtures/mail/cases/${name}.eml`, import.meta.url)),
  expected: readFileSync(new URL(`../fixtures/mail/cases/${name}.expected.txt`, import.meta.url), 'utf8').trimEnd(),
});

const MAILS = [
  { name: 'html-only-with-attachment-en', messageId: '<html-mixed@customer.test>', word: 'wrong' },
  { name: 'html-only-empty-text-part-de', messageId: '<html-empty-text@customer.test>', word: 'Lieferung' },
  { name: 'undeclared-latin1-fr', messageId: '<undeclared-latin1-fr@customer.test>', word: 'bientôt' },
  { name: 'undeclared-windows1251-ru', messageId: '<undeclared-windows1251-ru@customer.test>', word: 'срочно' },
  { name: 'mislabelled-utf8-windows1252-es', messageId: '<mislabelled-utf8-windows1252-es@customer.test>', word: 'Podéis' },
  { name: 'utf7-body-de', messageId: '<utf7-body-de@customer.test>', word: 'Frösche' },
];

describe('HTML-only and wrongly labelled mail, received over SMTP, reads right everywhere', () => {
  let env: Awaited<ReturnType<typeof startMailServer>>;
  let inbox: { id: string };

  beforeAll(async () => {
    env = await startMailServer();
    inbox = await createEmailInbox(env.server, env.token);
    // Each fixture comes from its own address so each opens its own conversation.
    for (const [i, m] of MAILS.entries()) {
      await sendMail(env.inboundPort, { envelope: { from: `sender${i}@customer.test`, to: [SUPPORT] }, raw: fixture(m.name).raw });
    }
  });
  afterAll(async () => { await env?.server.close(); });

  for (const m of MAILS) {
    it(`${m.name}: the thread, the list preview and search all have its text`, async () => {
      const { expected } = fixture(m.name);
      const { conversation, message } = await conversationOf(env.server, env.token, inbox.id, m.messageId);
      expect(message.body).toBe(expected);
      expect(message.body).not.toContain('\ufffd');

      const listed = (await listConversations(env.server, env.token, inbox.id)).find((c) => c.id === conversation.id);
      expect(listed.lastMessage.body).toBe(expected);

      const search = await api(env.server.url, 'GET', `/api/conversations?status=all&q=${encodeURIComponent(m.word)}`, { token: env.token });
      expect(search.status).toBe(200);
      expect(search.body.items.map((c: { id: string }) => c.id)).toContain(conversation.id);
    });
  }

  it('keeps the sanitised HTML of HTML-only mail as it was', async () => {
    const { message } = await conversationOf(env.server, env.token, inbox.id, '<html-mixed@customer.test>');
    expect(message.html).toBe('<p>Hello,</p><p>the invoice for order <b>4711</b> is wrong: see '
      + '<a href="https://shop.test/orders/4711" target="_blank" rel="noopener noreferrer nofollow">my order</a>.</p>');
    expect(message.attachments.map((a: { name: string }) => a.name)).toEqual(['invoice.pdf']);
  });
});
