import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { api, createAgent, loginAdmin, startServer, websiteInbox, type TestServer } from '../support/server.js';
import { enableBot, visitor } from './harness.js';

// The shop owner's four articles from the bot's acceptance story, asked over the real widget API.
const SHOP = [
  { title: 'ขั้นตอนของกระบวนการ CRM', body: 'กระบวนการ CRM มี 5 ขั้นตอน: เข้าถึง หาลูกค้า เปลี่ยนเป็นลูกค้า ให้บริการ และรักษาลูกค้า', locale: 'th' },
  { title: '退货政策', body: '收到商品后30天内可以申请退货，商品须未使用。', locale: 'zh-CN' },
  { title: 'ساعات کاری پشتیبانی', body: 'تیم پشتیبانی ما شنبه تا چهارشنبه از ساعت ۹ صبح تا ۵ عصر پاسخگوی شماست.', locale: 'fa' },
  { title: 'Shipping times', body: 'Orders ship within 2 business days; delivery takes 3 to 5 days.', locale: 'en' },
];

let server: TestServer;
let admin: string;
let inbox: { id: string; widgetKey: string };

beforeAll(async () => {
  server = await startServer();
  admin = await loginAdmin(server.url);
  inbox = await websiteInbox(server.url, admin);
  await enableBot(server, admin, inbox.id, { kb: { askFeedback: false } });
  const imported = await api(server.url, 'POST', '/api/kb/import', { token: admin, body: SHOP });
  expect(imported.status).toBe(201);
});

afterAll(async () => {
  await server?.close();
});

describe('answers paraphrases with a small knowledge base', () => {
  test.each(['how long does shipping take?', 'when will my order arrive?', 'shipping'])('"%s" gets the shipping answer', async (question) => {
    const replies = await (await visitor(server, inbox.widgetKey)).say(question);
    expect(replies.map((r) => r.body)).toContain(SHOP[3].body);
  });

  test('a question the knowledge base does not cover gets a clear no-answer', async () => {
    const replies = await (await visitor(server, inbox.widgetKey)).say('Do you sell gift cards?');
    expect(replies.at(-1)!.body).toBe('Sorry, I do not have an answer to that yet. Could you rephrase it?');
  });

  test('each language finds its own article', async () => {
    for (const [question, body] of [['收到的东西能退货吗', SHOP[1].body], ['پشتیبانی چه ساعتی جواب میده', SHOP[2].body], ['CRM มีกี่ขั้นตอน', SHOP[0].body]]) {
      const replies = await (await visitor(server, inbox.widgetKey)).say(question);
      expect(replies.map((r) => r.body)).toContain(body);
    }
  });
});

describe('synonyms the admin edits', () => {
  test('create, list, edit, delete; each change is seen by the next search; agents read only; bad input is a 400', async () => {
    const ask = async (q: string) => (await api(server.url, 'GET', `/api/kb/search?q=${encodeURIComponent(q)}`, { token: admin })).body;
    expect((await ask('when does my consignment come')).decision).not.toBe('answer');

    const created = await api(server.url, 'POST', '/api/kb/synonyms', { token: admin, body: { terms: ['Order', 'consignment', ' consignment '] } });
    expect(created.status).toBe(201);
    expect(created.body.terms).toEqual(['order', 'consignment']);
    const afterCreate = await ask('when does my consignment arrive');
    expect(afterCreate.decision).toBe('answer');
    expect(afterCreate.items[0].article.title).toBe('Shipping times');

    const listed = await api(server.url, 'GET', '/api/kb/synonyms', { token: admin });
    expect(listed.body.items).toEqual([created.body]);
    expect(listed.body.builtIn.length).toBeGreaterThan(20);

    const edited = await api(server.url, 'PUT', `/api/kb/synonyms/${created.body.id}`, { token: admin, body: { terms: ['order', 'shipment'] } });
    expect(edited.body).toMatchObject({ id: created.body.id, terms: ['order', 'shipment'], createdAt: created.body.createdAt });
    expect((await ask('when does my consignment arrive')).items[0]?.confidence ?? 0).toBeLessThan(afterCreate.items[0].confidence);

    const agent = await createAgent(server, 'synonym-reader@example.com', [inbox.id]);
    expect((await api(server.url, 'GET', '/api/kb/synonyms', { token: agent.token })).status).toBe(200);
    expect((await api(server.url, 'POST', '/api/kb/synonyms', { token: agent.token, body: { terms: ['a', 'b'] } })).status).toBe(403);

    const bad = await api(server.url, 'POST', '/api/kb/synonyms', { token: admin, body: { terms: ['only', 'ONLY'] } });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields)).toEqual(['terms']);
    expect((await api(server.url, 'PUT', '/api/kb/synonyms/not-an-id', { token: admin, body: { terms: ['a', 'b'] } })).status).toBe(404);

    expect((await api(server.url, 'DELETE', `/api/kb/synonyms/${created.body.id}`, { token: admin })).status).toBe(204);
    expect((await api(server.url, 'GET', '/api/kb/synonyms', { token: admin })).body.items).toEqual([]);
    expect((await api(server.url, 'DELETE', `/api/kb/synonyms/${created.body.id}`, { token: admin })).status).toBe(404);
  });
});
