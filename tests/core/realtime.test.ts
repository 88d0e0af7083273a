import { describe, expect, it } from 'vitest';
import { api, connectSocket, eventually, newVisitor, nextEvent, type ServerFixture, type TestServer, useServer } from '../support/server.js';

describe('web chat end to end over real sockets', () => {
  let s: TestServer;
  let token: string;
  let inbox: ServerFixture['inbox'];
  useServer((f) => ({ s, token, inbox } = f));

  it('visitor socket → agent socket, agent reply → visitor socket, with delivery status', async () => {
    const agent = await connectSocket(s.url, '/agent', token);
    const v = await newVisitor(s.url, inbox.widgetKey, { name: 'Ploy' });
    const visitor = await connectSocket(s.url, '/widget', v.visitorToken);

    const created = nextEvent(agent, 'conversation.created');
    const arrived = nextEvent(agent, 'message.created', (p: any) => p.message.body === 'สวัสดีค่ะ');
    const ack = await visitor.emitWithAck('message.send', { body: 'สวัสดีค่ะ', clientId: 'm1' });
    expect(ack.message.body).toBe('สวัสดีค่ะ');
    const { conversation } = await created;
    expect(conversation).toMatchObject({ id: ack.conversationId, inboxId: inbox.id, status: 'open', contact: expect.objectContaining({ name: 'Ploy' }) });
    const { message } = await arrived;
    expect(message).toMatchObject({ direction: 'incoming', senderType: 'contact', conversationId: ack.conversationId });

    // The same clientId over the socket again is the same message.
    const again = await visitor.emitWithAck('message.send', { body: 'สวัสดีค่ะ', clientId: 'm1' });
    expect(again.message.id).toBe(ack.message.id);

    const replyToVisitor = nextEvent(visitor, 'message', (m: any) => m.body === 'Hello Ploy!');
    const sentStatus = nextEvent(agent, 'message.updated', (p: any) => p.message.body === 'Hello Ploy!' && p.message.status === 'sent');
    await api(s.url, 'POST', `/api/conversations/${ack.conversationId}/messages`, { token, body: { body: 'Hello Ploy!' } });
    const reply = await replyToVisitor;
    expect(reply).toMatchObject({ direction: 'outgoing', senderType: 'agent', sender: { name: 'Admin', avatarUrl: null } });
    expect(reply).not.toHaveProperty('senderId');
    await sentStatus;

    // Notes stay with the team.
    const heard: string[] = [];
    visitor.on('message', (m: any) => heard.push(m.body));
    await api(s.url, 'POST', `/api/conversations/${ack.conversationId}/messages`, { token, body: { body: 'internal: refund approved', private: true } });
    const after = nextEvent(visitor, 'message', (m: any) => m.body === 'public follow-up');
    await api(s.url, 'POST', `/api/conversations/${ack.conversationId}/messages`, { token, body: { body: 'public follow-up' } });
    await after;
    expect(heard).toEqual(['public follow-up']);

    const invalid = await visitor.emitWithAck('message.send', { body: '', clientId: 'x' });
    expect(invalid.error.code).toBe('invalid');

    // Resolving tells the visitor.
    const statusEvent = nextEvent(visitor, 'conversation.updated');
    await api(s.url, 'PATCH', `/api/conversations/${ack.conversationId}`, { token, body: { status: 'resolved' } });
    expect(await statusEvent).toEqual({ id: ack.conversationId, status: 'resolved' });

    // A new message after resolution starts a new conversation.
    const next = await visitor.emitWithAck('message.send', { body: 'one more thing', clientId: 'm2' });
    expect(next.conversationId).not.toBe(ack.conversationId);
    agent.close();
    visitor.close();
  });

  it('typing indicators travel both ways', async () => {
    const agent = await connectSocket(s.url, '/agent', token);
    const v = await newVisitor(s.url, inbox.widgetKey);
    const visitor = await connectSocket(s.url, '/widget', v.visitorToken);
    const { conversationId } = await visitor.emitWithAck('message.send', { body: 'typing test', clientId: 't' });
    const agentSees = nextEvent(agent, 'typing', (p: any) => p.contactId === v.contactId);
    visitor.emit('typing', { on: true, conversationId });
    expect((await agentSees).on).toBe(true);
    const visitorSees = nextEvent(visitor, 'typing');
    const ok = await agent.emitWithAck('typing', { conversationId, on: true });
    expect(ok).toEqual({ ok: true });
    expect(await visitorSees).toMatchObject({ conversationId, on: true, sender: { name: 'Admin' } });
    agent.close();
    visitor.close();
  });

  it('unread count rises with visitor messages and clears on read', async () => {
    const v = await newVisitor(s.url, inbox.widgetKey);
    let id = '';
    for (const n of [1, 2, 3]) id = (await api(s.url, 'POST', '/api/widget/messages', { token: v.visitorToken, body: { body: `m${n}`, clientId: `u${n}` } })).body.conversationId;
    expect((await api(s.url, 'GET', `/api/conversations/${id}`, { token })).body.unreadCount).toBe(3);
    expect((await api(s.url, 'POST', `/api/conversations/${id}/read`, { token })).status).toBe(204);
    await eventually(async () => (await api(s.url, 'GET', `/api/conversations/${id}`, { token })).body.unreadCount === 0);
  });
});
