import { describe, expect, it } from 'vitest';
import {
  contactSchema, conversationSchema, messageSchema, visitorConversationSchema, visitorMessageSchema,
} from '../../server/contract/wire.js';
import { api, connectSocket, newVisitor, nextEvent, type ServerFixture, type TestServer, useServer } from '../support/server.js';

// What the API really sends, read back over HTTP and the sockets, against the one wire contract the serializers,
// the OpenAPI document and both UIs are typed by. Strict: a field sent and not in the contract fails, and so does
// one in the contract and not sent.
describe('the wire contract is what the API sends', () => {
  let s: TestServer;
  let token: string;
  let inbox: ServerFixture['inbox'];
  useServer((f) => ({ s, token, inbox } = f));

  it('agent audience: messages, conversations and contacts over REST and the /agent socket', async () => {
    const agentSocket = await connectSocket(s.url, '/agent', token);
    try {
      const v = await newVisitor(s.url, inbox.widgetKey, { name: 'Wire Test', email: `wire-${Date.now()}@example.com` });
      const pushed = nextEvent<any>(agentSocket, 'message.created', (p) => p.message?.body === 'What does the wire say?');
      const sent = await api(s.url, 'POST', '/api/widget/messages', { token: v.visitorToken, body: { body: 'What does the wire say?', clientId: `w-${Date.now()}` } });
      expect(sent.status).toBe(200);
      const conversationId: string = sent.body.conversationId;
      messageSchema.strict().parse((await pushed).message);

      const reply = await api(s.url, 'POST', `/api/conversations/${conversationId}/messages`, { token, body: { body: 'It says **this**.' } });
      expect(reply.status).toBe(201);
      const stored = messageSchema.strict().parse(reply.body.message);
      expect(stored).toMatchObject({ conversationId, direction: 'outgoing', senderType: 'agent', body: 'It says **this**.', private: false });

      const thread = await api(s.url, 'GET', `/api/conversations/${conversationId}/messages`, { token });
      const messages = thread.body.items.map((m: unknown) => messageSchema.strict().parse(m));
      expect(messages.map((m: { body: string }) => m.body)).toEqual(expect.arrayContaining(['What does the wire say?', 'It says **this**.']));

      const one = conversationSchema.strict().parse((await api(s.url, 'GET', `/api/conversations/${conversationId}`, { token })).body);
      expect(one).toMatchObject({ id: conversationId, inboxId: inbox.id, contactId: v.contactId });
      const list = await api(s.url, 'GET', '/api/conversations?status=all', { token });
      const row = list.body.items.map((c: unknown) => conversationSchema.strict().parse(c)).find((c: { id: string }) => c.id === conversationId);
      expect(row.lastMessage).toMatchObject({ body: 'It says **this**.', direction: 'outgoing' });
      expect(row.contact).toMatchObject({ id: v.contactId, name: 'Wire Test' });

      const contact = (await api(s.url, 'GET', `/api/contacts/${v.contactId}`, { token })).body;
      // The contact page adds identities, conversations and the visit to the contact itself.
      const { identities, conversations, visit, ...own } = contact;
      contactSchema.strict().parse(own);
      expect(identities).toEqual(expect.any(Array));
      expect(conversations.map((c: unknown) => conversationSchema.strict().parse(c)).map((c: { id: string }) => c.id)).toContain(conversationId);
      expect(visit === null || typeof visit === 'object').toBe(true);
    } finally {
      agentSocket.close();
    }
  });

  it('visitor audience: messages and conversations over REST and the /widget socket, without agent-only fields', async () => {
    const v = await newVisitor(s.url, inbox.widgetKey, { name: 'Wire Visitor' });
    const first = await api(s.url, 'POST', '/api/widget/messages', { token: v.visitorToken, body: { body: 'Hello from the widget', clientId: `v-${Date.now()}` } });
    expect(visitorMessageSchema.strict().parse(first.body.message)).toMatchObject({ body: 'Hello from the widget', senderType: 'contact', private: false });
    const widgetSocket = await connectSocket(s.url, '/widget', v.visitorToken);
    try {
      const pushed = nextEvent<any>(widgetSocket, 'message', (m) => m.body === 'An agent answers');
      await api(s.url, 'POST', `/api/conversations/${first.body.conversationId}/messages`, { token, body: { body: 'An agent answers' } });
      await api(s.url, 'POST', `/api/conversations/${first.body.conversationId}/messages`, { token, body: { body: 'A note the visitor never sees', private: true } });
      expect(visitorMessageSchema.strict().parse(await pushed)).toMatchObject({ senderType: 'agent', body: 'An agent answers' });
    } finally {
      widgetSocket.close();
    }
    const read = await api(s.url, 'GET', '/api/widget/messages', { token: v.visitorToken });
    const bodies = read.body.items.map((m: unknown) => visitorMessageSchema.strict().parse(m)).map((m: { body: string }) => m.body);
    expect(bodies).toEqual(['Hello from the widget', 'An agent answers']);
    const convs = await api(s.url, 'GET', '/api/widget/conversations', { token: v.visitorToken });
    const parsed = convs.body.items.map((c: unknown) => visitorConversationSchema.strict().parse(c));
    expect(parsed.map((c: { id: string }) => c.id)).toEqual([first.body.conversationId]);
  });
});
