import { readFileSync } from 'node:fs';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { api, connectSocket, createAgent, loginAdmin, nextEvent, startServer, websiteInbox, type TestServer } from '../support/server.js';
import { enableBot, visitor } from './harness.js';

const fixtures = JSON.parse(readFileSync(new URL('./fixtures/kb.json', import.meta.url), 'utf8')) as { title: string; body: string; questions: string[] }[];
const article = (title: string) => fixtures.find((a) => a.title === title)!;
const whitespaceTokens = (s: string) => new Set(s.split(/\s+/).filter(Boolean));

let server: TestServer;
let admin: string;
let inbox: { id: string; widgetKey: string };
let agentSocket: Socket;

beforeAll(async () => {
  server = await startServer();
  admin = await loginAdmin(server.url);
  inbox = await websiteInbox(server.url, admin);
  const toggled = await api(server.url, 'PATCH', `/api/inboxes/${inbox.id}`, { token: admin, body: { bot: { enabled: true } } });
  expect(toggled.body.botEnabled).toBe(true);
  const imported = await api(server.url, 'POST', '/api/kb/import', { token: admin, body: fixtures });
  expect(imported.status).toBe(201);
  expect(imported.body.imported).toBe(fixtures.length);
  agentSocket = await connectSocket(server.url, '/agent', admin);
});

afterAll(async () => {
  agentSocket?.close();
  await server?.close();
});

describe('bot over web chat', () => {
  test('greets, answers from the knowledge base, asks for feedback', async () => {
    const v = await visitor(server, inbox.widgetKey);
    const socket = await v.socket();
    const pushed = nextEvent(socket, 'message', (m: any) => m.senderType === 'bot' && m.body === article('Opening hours').body);
    const replies = await v.say('What are your opening hours?');
    expect(replies.map((m) => m.body)).toEqual([
      expect.stringContaining('virtual assistant'), article('Opening hours').body, 'Did this help?',
    ]);
    expect(replies[2].contentType).toBe('options');
    expect(replies[2].content?.options?.map((o) => o.label)).toEqual(['Yes', 'No']);
    await pushed;
    socket.close();
    expect((await v.say('Yes')).map((m) => m.body)).toEqual(['Great, glad I could help!']);
  });

  test('finds a Thai article through word segmentation alone', async () => {
    const question = 'จัดส่งต่างประเทศได้ไหมครับ';
    const stored = article('จัดส่งสินค้าไปต่างประเทศ');
    const storedTokens = whitespaceTokens([stored.title, ...stored.questions].join(' '));
    expect([...whitespaceTokens(question)].some((t) => storedTokens.has(t))).toBe(false);
    const replies = await (await visitor(server, inbox.widgetKey)).say(question);
    expect(replies[0].body).toContain('ผู้ช่วยอัตโนมัติ'); // greeted in Thai
    expect(replies[1].body).toBe(stored.body);
  });

  test('finds a Chinese article through word segmentation alone', async () => {
    const question = '客户关系管理有几个步骤';
    const stored = article('客户关系管理流程的5个关键步骤');
    expect(stored.questions.join(' ')).not.toContain(question);
    const replies = await (await visitor(server, inbox.widgetKey)).say(question);
    expect(replies[1].body).toBe(stored.body);
    expect(replies[2].body).toBe('这个回答有帮助吗？');
  });

  test('matches Persian across Arabic/Persian letter variants and ZWNJ', async () => {
    const stored = article('هزينه ارسال'); // stored with Arabic yeh and kaf
    const question = 'هزینه‌ی ارسال کالا چقدر است'; // Persian yeh and keheh, ZWNJ before the ezafe
    expect(stored.questions[0]).toContain('ي');
    expect(question).toContain('\u200C');
    // The topic words are spelled differently as written; only after folding are they the same words.
    for (const word of ['هزینه‌ی', 'کالا']) expect(stored.questions[0]).not.toContain(word);
    const replies = await (await visitor(server, inbox.widgetKey)).say(question);
    expect(replies[1].body).toBe(stored.body);
  });

  test('offers the closest articles when unsure, and a number picks one', async () => {
    const v = await visitor(server, inbox.widgetKey);
    const replies = await v.say('What does a plan cost?');
    const options = replies.at(-1)!;
    expect(options.contentType).toBe('options');
    const labels = options.content!.options!.map((o) => o.label);
    expect(labels).toEqual(expect.arrayContaining(['Team plan', 'Enterprise plan', 'None of these', 'Talk to a person']));
    const second = labels[1];
    const answer = await v.say('2');
    expect(answer[0].body).toBe(article(second).body);
  });

  test('hands over on request, stays silent while a human holds it, answers again when handed back', async () => {
    const v = await visitor(server, inbox.widgetKey);
    await v.say('What are your opening hours?');
    const conversationId = v.conversationId;
    const opened = nextEvent(agentSocket, 'conversation.updated', (p: any) => p.conversation.id === conversationId && p.conversation.status === 'open');
    const handoff = await v.say('I would like to talk to a human please');
    expect(handoff.map((m) => m.body)).toEqual(['I am connecting you with a member of our team. They will reply here shortly.']);
    await opened;
    const conv = await api(server.url, 'GET', `/api/conversations/${conversationId}`, { token: admin });
    expect(conv.body.status).toBe('open');
    const timeline = await api(server.url, 'GET', `/api/conversations/${conversationId}/messages`, { token: admin });
    const handoffLine = timeline.body.items.find((m: any) => m.direction === 'activity' && m.body.includes('asked for a person'));
    expect(handoffLine?.meta).toMatchObject({ event: 'bot.handoff', params: { reason: 'requested' } });

    expect(await v.say('Do you ship internationally?')).toEqual([]);

    const back = await api(server.url, 'PATCH', `/api/conversations/${conversationId}`, { token: admin, body: { status: 'pending' } });
    expect(back.status).toBe(200);
    const again = await v.say('Do you ship internationally?');
    expect(again[0].body).toBe(article('Shipping abroad').body);
  });

  test('an agent reply takes the conversation over from the bot', async () => {
    const v = await visitor(server, inbox.widgetKey);
    await v.say('What are your opening hours?');
    const reply = await api(server.url, 'POST', `/api/conversations/${v.conversationId}/messages`, { token: admin, body: { body: 'Hi, Sam here.' } });
    expect(reply.status).toBe(201);
    await server.app.ctx.bus.drain();
    expect((await api(server.url, 'GET', `/api/conversations/${v.conversationId}`, { token: admin })).body.status).toBe('open');
    expect(await v.say('Do you ship internationally?')).toEqual([]);
  });

  test('unanswered questions lead to a handoff and show up in the metrics', async () => {
    const v = await visitor(server, inbox.widgetKey);
    const first = await v.say('Do you sell bicycles on Mars?');
    expect(first.at(-1)!.body).toContain('do not have an answer');
    expect(first.at(-1)!.content?.options?.map((o) => o.value)).toEqual(['handoff']);
    await v.say('Can I pay with seashells?');
    expect((await api(server.url, 'GET', `/api/conversations/${v.conversationId}`, { token: admin })).body.status).toBe('open');

    const m = await api(server.url, 'GET', `/api/bot/metrics?inboxId=${inbox.id}`, { token: admin });
    expect(m.status).toBe(200);
    expect(m.body.conversations.handled).toBeGreaterThanOrEqual(7);
    expect(m.body.handoffs.byReason).toMatchObject({ requested: 1, unanswered: 1, agent_replied: 1 });
    expect(m.body.feedback.helpful).toBe(1);
    expect(m.body.questions.suggested).toBe(1);
    expect(m.body.unansweredQuestions.map((q: any) => q.question)).toEqual(expect.arrayContaining(['Do you sell bicycles on Mars?', 'Can I pay with seashells?']));
    expect(m.body.articles.find((a: any) => a.title === 'Opening hours')).toMatchObject({ helpful: 1 });
  });

  test('lead capture re-asks an invalid e-mail and stores a valid one on the contact', async () => {
    const created = await api(server.url, 'POST', '/api/inboxes', { token: admin, body: { name: 'Leads', channel: 'web', config: {} } });
    await enableBot(server, admin, created.body.id, { leadCapture: { enabled: true, fields: ['email'] } });
    const v = await visitor(server, created.body.widgetKey);
    const first = await v.say('Do you ship internationally?');
    expect(first[1].contentType).toBe('form');
    expect(first[1].content?.fields?.[0]).toMatchObject({ name: 'email', type: 'email' });

    const invalid = await v.say('ana at example dot com');
    expect(invalid.map((m) => m.body)).toEqual([expect.stringContaining('does not look like an e-mail')]);
    const contactBefore = await api(server.url, 'GET', `/api/contacts/${v.contactId}`, { token: admin });
    expect(contactBefore.body.email).toBeNull();

    const valid = await v.say('E-mail: Ana@Example.com');
    const contact = await api(server.url, 'GET', `/api/contacts/${v.contactId}`, { token: admin });
    expect(contact.body.email).toBe('ana@example.com');
    // The question asked before the e-mail is answered once intake is done.
    expect(valid.map((m) => m.body).slice(0, 2)).toEqual(['Thank you!', article('Shipping abroad').body]);
  });
});

describe('knowledge base API', () => {
  test('create as in the contract, read, edit, delete; admins only write; bad input is a 400', async () => {
    const created = await api(server.url, 'POST', '/api/kb/articles', {
      token: admin, body: { title: 'Gift cards', body: 'Gift cards never expire.', locale: 'en', questions: ['Do gift cards expire?'] },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ title: 'Gift cards', locale: 'en', questions: ['Do gift cards expire?'], tags: [], enabled: true });
    const id = created.body.id;

    const search = await api(server.url, 'GET', `/api/kb/search?q=${encodeURIComponent('when do gift cards expire')}`, { token: admin });
    expect(search.body.decision).toBe('answer');
    expect(search.body.items[0].article.id).toBe(id);

    const patched = await api(server.url, 'PATCH', `/api/kb/articles/${id}`, { token: admin, body: { tags: ['Gifts'] } });
    expect(patched.body.tags).toEqual(['gifts']);
    const listed = await api(server.url, 'GET', '/api/kb/articles?tag=gifts', { token: admin });
    expect(listed.body.items.map((a: any) => a.id)).toEqual([id]);

    const bad = await api(server.url, 'POST', '/api/kb/articles', { token: admin, body: { title: '', body: 'x', locale: 'english!' } });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields)).toEqual(expect.arrayContaining(['title', 'locale']));

    const agent = await createAgent(server, 'kb-reader@example.com', [inbox.id]);
    expect((await api(server.url, 'GET', `/api/kb/articles/${id}`, { token: agent.token })).status).toBe(200);
    expect((await api(server.url, 'DELETE', `/api/kb/articles/${id}`, { token: agent.token })).status).toBe(403);
    expect((await api(server.url, 'DELETE', `/api/kb/articles/${id}`, { token: admin })).status).toBe(204);
    expect((await api(server.url, 'GET', `/api/kb/articles/${id}`, { token: admin })).status).toBe(404);
  });

  test('imports CSV with quoted cells and several questions per article, all or nothing', async () => {
    const csv = 'title,answer,locale,questions,tags\n'
      + '"Invoices, receipts","Download them under Billing › Invoices.",en,"Where is my invoice?|How do I get a receipt?","billing,documents"\n'
      + 'ใบกำกับภาษี,ขอใบกำกับภาษีได้ที่หน้าบัญชี,th,ขอใบกำกับภาษีได้ที่ไหน,billing\n';
    const r = await api(server.url, 'POST', '/api/kb/import', { token: admin, raw: csv, headers: { 'content-type': 'text/csv' } });
    expect(r.status).toBe(201);
    expect(r.body.items[0]).toMatchObject({ title: 'Invoices, receipts', questions: ['Where is my invoice?', 'How do I get a receipt?'], tags: ['billing', 'documents'] });
    const broken = await api(server.url, 'POST', '/api/kb/import', { token: admin, raw: `${csv}No body,,en,,\n`, headers: { 'content-type': 'text/csv' } });
    expect(broken.status).toBe(400);
    expect(Object.keys(broken.body.error.fields)).toEqual(['row 3.body']);
    const thai = await api(server.url, 'GET', '/api/kb/articles?locale=th&q=ใบกำกับ', { token: admin });
    expect(thai.body.items).toHaveLength(1); // the broken import stored nothing
  });
});
