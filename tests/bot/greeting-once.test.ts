// The bot greets a conversation exactly once: not again on the visitor's second message, and not twice when
// two messages arrive before the bot has answered the first.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, loginAdmin, startServer, websiteInbox, type TestServer } from '../support/server.js';
import { visitor } from './harness.js';

const GREETING = 'Hi! I am the virtual assistant.';

describe('bot greeting', () => {
  let server: TestServer;
  let widgetKey: string;
  beforeAll(async () => {
    server = await startServer();
    const admin = await loginAdmin(server.url);
    const inbox = await websiteInbox(server.url, admin);
    widgetKey = inbox.widgetKey;
    expect((await api(server.url, 'PATCH', `/api/inboxes/${inbox.id}`, { token: admin, body: { bot: { enabled: true } } })).body.botEnabled).toBe(true);
  });
  afterAll(async () => server?.close());

  const greetings = (items: { senderType: string; body: string }[]) => items.filter((m) => m.senderType === 'bot' && m.body.startsWith(GREETING));

  it('greets once over two messages answered one by one', async () => {
    const v = await visitor(server, widgetKey);
    await v.say('hello there');
    await v.say('anyone around?');
    const transcript = await v.transcript();
    expect(transcript.filter((m) => m.senderType === 'contact').map((m) => m.body)).toEqual(['hello there', 'anyone around?']);
    expect(greetings(transcript)).toHaveLength(1);
  });

  it('greets once when the second message arrives before the bot answered the first', async () => {
    const v = await visitor(server, widgetKey);
    const send = (body: string, clientId: string) => api(server.url, 'POST', '/api/widget/messages', { token: v.visitorToken, body: { body, clientId } });
    const first = await send('hi', 'fast-1');
    expect(first.status).toBe(200);
    expect((await send('is this shop open today?', 'fast-2')).status).toBe(200);
    await server.app.ctx.bus.drain();
    const transcript = await v.transcript();
    expect(transcript.filter((m) => m.senderType === 'contact')).toHaveLength(2);
    expect(greetings(transcript)).toHaveLength(1);
  });
});
