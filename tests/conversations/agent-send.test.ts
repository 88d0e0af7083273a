// An agent's reply carries the id the agent UI made for it: the stored message and its socket echo hand it back
// (so the sender's screen swaps its optimistic copy for the stored one, never shows both), and sending the same
// id again finds the first message instead of writing a second.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, connectSocket, loginAdmin, newVisitor, nextEvent, startServer, websiteInbox, type TestServer } from '../support/server.js';
import { databaseDrivers } from '../support/databases.js';

// On both databases: on a server, simultaneous sends of one id really race for the unique key.
const drivers = databaseDrivers();

describe.each(drivers)('agent reply with a clientId on $name', ({ env }) => {
  let s: TestServer;
  let token: string;
  let cleanup: () => Promise<void> = async () => {};
  beforeAll(async () => {
    const d = await env();
    cleanup = d.cleanup;
    s = await startServer(d.env);
    token = await loginAdmin(s.url);
  });
  afterAll(async () => { await s?.close(); await cleanup(); });

  it('is echoed on REST and socket alike, and a resend of the same id stores nothing new', async () => {
    const inbox = await websiteInbox(s.url, token);
    const visitor = await newVisitor(s.url, inbox.widgetKey, { name: 'Somchai' });
    const asked = await api(s.url, 'POST', '/api/widget/messages', { token: visitor.visitorToken, body: { body: 'สวัสดีครับ ขอสอบถามหน่อย', clientId: 'v-1' } });
    const conversationId: string = asked.body.conversationId;
    const socket = await connectSocket(s.url, '/agent', token);
    try {
      socket.emit('conversation.join', conversationId);
      const echo = nextEvent(socket, 'message.created', (e: { message: { conversationId: string; senderType: string } }) =>
        e.message.conversationId === conversationId && e.message.senderType === 'agent');
      const first = await api(s.url, 'POST', `/api/conversations/${conversationId}/messages`, { token, body: { body: 'ยินดีครับ', clientId: 'k-1' } });
      expect(first.status).toBe(201);
      expect(first.body.message).toMatchObject({ body: 'ยินดีครับ', clientId: 'k-1', direction: 'outgoing' });
      const echoed = (await echo).message;
      expect(echoed).toMatchObject({ id: first.body.message.id, clientId: 'k-1', body: 'ยินดีครับ' });

      const again = await api(s.url, 'POST', `/api/conversations/${conversationId}/messages`, { token, body: { body: 'ยินดีครับ', clientId: 'k-1' } });
      expect(again.status).toBe(201);
      expect(again.body.message.id).toBe(first.body.message.id);
      const other = await api(s.url, 'POST', `/api/conversations/${conversationId}/messages`, { token, body: { body: 'อีกข้อความ', clientId: 'k-2' } });
      expect(other.body.message.id).not.toBe(first.body.message.id);

      const list = await api(s.url, 'GET', `/api/conversations/${conversationId}/messages`, { token });
      const mine = list.body.items.filter((m: { senderType: string }) => m.senderType === 'agent');
      expect(mine.map((m: { body: string; clientId: string }) => [m.body, m.clientId])).toEqual([['ยินดีครับ', 'k-1'], ['อีกข้อความ', 'k-2']]);

      // The same id sent twice at once: one message, both answers name it.
      const racing = await Promise.all([1, 2, 3].map(() => api(s.url, 'POST', `/api/conversations/${conversationId}/messages`, { token, body: { body: 'พร้อมกัน', clientId: 'k-3' } })));
      expect(racing.map((r) => r.status)).toEqual([201, 201, 201]);
      expect(new Set(racing.map((r) => r.body.message.id)).size).toBe(1);
      const afterRace = await api(s.url, 'GET', `/api/conversations/${conversationId}/messages`, { token });
      expect(afterRace.body.items.filter((m: { clientId: string | null }) => m.clientId === 'k-3')).toHaveLength(1);

      const bad = await api(s.url, 'POST', `/api/conversations/${conversationId}/messages`, { token, body: { body: 'x', clientId: 'has space' } });
      expect(bad.status).toBe(400);
      expect(bad.body.error.fields.clientId).toBe('letters, digits, . _ : - only');
    } finally {
      socket.close();
    }
  });
});
