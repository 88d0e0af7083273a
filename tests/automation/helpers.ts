import { eq } from 'drizzle-orm';
import { schema } from '../../server/db/client.js';
import { api, newVisitor, type TestServer } from '../support/server.js';

/** A new website visitor writes once; returns the conversation it opened. */
export async function visitorWrites(server: TestServer, widgetKey: string, body: string) {
  const v = await newVisitor(server.url, widgetKey, { name: 'Visitor' });
  const r = await api(server.url, 'POST', '/api/widget/messages', { token: v.visitorToken, body: { body, clientId: `c-${Math.random().toString(36).slice(2)}` } });
  if (r.status !== 200) throw new Error(`visitor message: ${r.status} ${JSON.stringify(r.body)}`);
  return { conversationId: r.body.conversationId as string, visitorToken: v.visitorToken, contactId: v.contactId };
}

export async function conversationRow(server: TestServer, id: string) {
  const [row] = await server.app.ctx.db.select().from(schema.conversations).where(eq(schema.conversations.id, id));
  return row;
}

export async function rawRows(server: TestServer, text: string, params: unknown[] = []) {
  return (await server.app.ctx.database.raw.query(text, params)).rows;
}
