import type { Socket } from 'socket.io-client';
import { api, connectSocket, newVisitor, type TestServer } from '../support/server.js';

export interface WidgetMessage {
  id: string; direction: string; senderType: string; body: string; contentType: string;
  content: { options?: { label: string; value: string }[]; fields?: { name: string; type: string }[] } | null;
}

/**
 * A website visitor talking to the bot over the real widget API. After each message the test waits for the
 * server's event listeners to finish (bus.drain), so "the bot said nothing" is a fact, not a timeout.
 */
export async function visitor(server: TestServer, widgetKey: string, token?: string) {
  const session = token
    ? (await api(server.url, 'POST', '/api/widget/sessions', { body: { widgetKey, visitorToken: token } })).body as { visitorToken: string; contactId: string }
    : await newVisitor(server.url, widgetKey);
  let sent = 0;
  let seen = 0;
  let conversationId = '';
  const transcript = async (): Promise<WidgetMessage[]> =>
    (await api(server.url, 'GET', '/api/widget/messages', { token: session.visitorToken })).body.items;
  return {
    ...session,
    get conversationId() { return conversationId; },
    socket: (): Promise<Socket> => connectSocket(server.url, '/widget', session.visitorToken),
    transcript,
    /** Sends a message and returns what the bot answered to it (in order). */
    async say(body: string): Promise<WidgetMessage[]> {
      const r = await api(server.url, 'POST', '/api/widget/messages', { token: session.visitorToken, body: { body, clientId: `c-${Date.now()}-${++sent}` } });
      if (r.status !== 200) throw new Error(`send failed: ${r.status} ${JSON.stringify(r.body)}`);
      conversationId = r.body.conversationId;
      await server.app.ctx.bus.drain();
      const all = await transcript();
      const mine = all.findIndex((m) => m.id === r.body.message.id);
      const replies = all.slice(Math.max(mine + 1, seen)).filter((m) => m.senderType === 'bot');
      seen = all.length;
      return replies;
    },
  };
}

export async function enableBot(server: TestServer, token: string, inboxId: string, settings: Record<string, unknown> = {}) {
  const r = await api(server.url, 'PUT', `/api/bot/settings/${inboxId}`, { token, body: { enabled: true, ...settings } });
  if (r.status !== 200) throw new Error(`bot settings failed: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}
