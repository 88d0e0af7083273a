import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { startLlmStandIn } from '../support/llm-stand-in.js';
import { api, loginAdmin, startServer, websiteInbox, type TestServer } from '../support/server.js';
import { enableBot, visitor } from './harness.js';

// Generative answers through an OpenAI-compatible endpoint: the local stand-in speaks the chat-completions
// wire format on 127.0.0.1; the bot, the HTTP client (the official SDK) and the grounding checks are real.

const SHIPPING = { title: 'Shipping times', body: 'Orders ship within 2 business days; delivery takes 3 to 5 days.', locale: 'en' };
const THAI = { title: 'ระยะเวลาจัดส่งสินค้า', body: 'เราจัดส่งสินค้าภายใน 2 วันทำการ และสินค้าจะถึงมือคุณภายใน 3 ถึง 5 วัน', locale: 'th' };
const NO_ANSWER = 'Sorry, I do not have an answer to that yet. Could you rephrase it?';

let server: TestServer;
let standIn: Awaited<ReturnType<typeof startLlmStandIn>>;
let admin: string;
let inbox: { id: string; widgetKey: string };
let shippingId: string;

beforeAll(async () => {
  standIn = await startLlmStandIn({ slowMs: 4_000 });
  server = await startServer();
  admin = await loginAdmin(server.url);
  inbox = await websiteInbox(server.url, admin);
  await enableBot(server, admin, inbox.id, {
    kb: { askFeedback: false },
    handoff: { maxUnanswered: 5 },
    llm: { enabled: true, baseUrl: standIn.baseUrl, allowPrivate: true, model: 'stand-in-1', apiKey: 'sk-test-123', timeoutMs: 1_000 },
  });
  const imported = await api(server.url, 'POST', '/api/kb/import', { token: admin, body: [SHIPPING, THAI] });
  shippingId = imported.body.items[0].id;
});

afterAll(async () => {
  await server?.close();
  await standIn?.close();
});

beforeEach(() => {
  standIn.setMode('reader');
});

/** A new visitor's first question; the bot's replies after its greeting. */
const ask = async (question: string) => (await (await visitor(server, inbox.widgetKey)).say(question)).slice(1);

describe('generative answers', () => {
  test('answers from the retrieved passage, in the visitor\'s language, with the source article linked', async () => {
    const before = standIn.requests.length;
    const replies = await ask('when will my order arrive?');
    const link = `${server.url}/help/articles/${shippingId}`;
    expect(replies.map((r) => r.body)).toEqual([`${SHIPPING.body}\n\nSource: Shipping times ${link}`]);

    const sent = standIn.requests.slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0].path).toBe('/v1/chat/completions');
    expect(sent[0].headers.authorization).toBe('Bearer sk-test-123');
    expect(sent[0].body.model).toBe('stand-in-1');
    expect(sent[0].body.messages[0].content).toContain('in English');
    const user = JSON.parse(sent[0].body.messages[1].content);
    expect(user).toEqual({ question: 'when will my order arrive?', passages: [{ id: 'P1', title: SHIPPING.title, text: SHIPPING.body }] });

    const page = await fetch(link);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<h1>Shipping times</h1>');
    expect(html).toContain(SHIPPING.body);
  });

  test('a Thai visitor gets the prompt for a Thai answer and the Thai source line', async () => {
    const before = standIn.requests.length;
    const replies = await ask('ส่งของกี่วันถึง');
    expect(standIn.requests[before].body.messages[0].content).toContain('in Thai');
    expect(replies[0].body).toMatch(/^เราจัดส่งสินค้าภายใน 2 วันทำการ[\s\S]*\n\nที่มา: ระยะเวลาจัดส่งสินค้า http/);
  });

  test('when the model declines, the visitor gets the clear no-answer and the question is recorded as unanswered', async () => {
    standIn.setMode('refuse');
    const v = await visitor(server, inbox.widgetKey);
    const replies = await v.say('how long does shipping take?');
    expect(replies.at(-1)!.body).toBe(NO_ANSWER);
    const metrics = await api(server.url, 'GET', `/api/bot/metrics?inboxId=${inbox.id}`, { token: admin });
    expect(metrics.body.unansweredQuestions.map((q: any) => q.question)).toContain('how long does shipping take?');
  });

  test('a question no article covers is not sent to the model at all', async () => {
    const before = standIn.requests.length;
    const replies = await ask('Do you sell gift cards?');
    expect(standIn.requests.length).toBe(before);
    expect(replies.at(-1)!.body).toBe(NO_ANSWER);
  });

  test.each([
    { mode: 'error', what: 'a provider error' },
    { mode: 'slow', what: 'a timeout' },
    { mode: 'invent', what: 'an answer with figures its source does not state' },
    { mode: 'garbage', what: 'a reply that is not the JSON asked for' },
  ] as const)('$what falls back to the built-in answer', async ({ mode }) => {
    standIn.setMode(mode);
    const before = standIn.requests.length;
    const replies = await ask('when will my order arrive?');
    expect(standIn.requests.length).toBe(before + 1);
    expect(replies.map((r) => r.body)).toEqual([SHIPPING.body]);
  });
});

describe('LLM settings', () => {
  test('the key is masked when read, kept when the mask is sent back, and replaced when a new one is sent', async () => {
    const read = await api(server.url, 'GET', `/api/bot/settings/${inbox.id}`, { token: admin });
    expect(read.body.settings.llm).toMatchObject({ enabled: true, baseUrl: standIn.baseUrl, model: 'stand-in-1', apiKey: '••••••••' });
    const listed = await api(server.url, 'GET', `/api/inboxes/${inbox.id}`, { token: admin });
    expect(JSON.stringify(listed.body)).not.toContain('sk-test-123');

    await enableBot(server, admin, inbox.id, { ...read.body.settings, llm: { ...read.body.settings.llm, model: 'stand-in-2' } });
    let before = standIn.requests.length;
    await ask('when will my order arrive?');
    expect(standIn.requests[before].headers.authorization).toBe('Bearer sk-test-123');
    expect(standIn.requests[before].body.model).toBe('stand-in-2');

    await enableBot(server, admin, inbox.id, { ...read.body.settings, llm: { ...read.body.settings.llm, apiKey: 'sk-new-456' } });
    before = standIn.requests.length;
    await ask('when will my order arrive?');
    expect(standIn.requests[before].headers.authorization).toBe('Bearer sk-new-456');

    const bad = await api(server.url, 'PUT', `/api/bot/settings/${inbox.id}`, { token: admin, body: { llm: { baseUrl: 'ftp://example.com', timeoutMs: 5 } } });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields).sort()).toEqual(['llm.baseUrl', 'llm.timeoutMs']);
  });
});
