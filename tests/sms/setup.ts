import { eq } from 'drizzle-orm';
import { schema } from '../../server/db/client.js';
import { api, loginAdmin, startServer, type TestServer } from '../support/server.js';
import { ACCOUNT_SID, AUTH_TOKEN, messageSid, postWebhook, PUBLIC_URL, TwilioStandIn } from './twilio-stand-in.js';

export const HELP_TEXT = 'Acme support: reply with your question. Msg&data rates may apply. STOP to opt out.';

export interface SmsWorld {
  server: TestServer;
  admin: string;
  standIn: TwilioStandIn;
  inboxId: string;
  /** A text from `from` as Twilio would post it; returns the MessageSid used. */
  inbound(from: string, body: string, extra?: Record<string, string>): Promise<{ sid: string; status: number; text: string }>;
  /** The stored message with this provider id, with its conversation's contact. */
  stored(externalId: string): Promise<{ message: typeof schema.messages.$inferSelect; contactId: string } | null>;
  close(): Promise<void>;
}

/** The real server (PUBLIC_URL differs from the address it listens on, as behind a proxy) and a Twilio stand-in. */
export async function startSmsWorld(): Promise<SmsWorld> {
  const standIn = await new TwilioStandIn().start();
  const server = await startServer({ PUBLIC_URL, SECRET_KEY: 'sms-test-secret-key-0123456789' });
  const admin = await loginAdmin(server.url);
  const created = await api(server.url, 'POST', '/api/inboxes', {
    token: admin,
    body: { name: 'SMS', channel: 'sms', config: { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, fromNumber: '+1 415 555 0000', apiBaseUrl: standIn.url, allowPrivate: true, helpText: HELP_TEXT } },
  });
  if (created.status !== 201) throw new Error(`inbox: ${created.status} ${JSON.stringify(created.body)}`);
  const inboxId: string = created.body.id;
  const db = server.app.ctx.db;
  return {
    server, admin, standIn, inboxId,
    async inbound(from, body, extra = {}) {
      const sid = extra.MessageSid ?? messageSid();
      const res = await postWebhook(server.url, `/webhooks/twilio/${inboxId}/sms`, {
        AccountSid: ACCOUNT_SID, MessageSid: sid, SmsSid: sid, From: from, To: '+14155550000', Body: body, NumMedia: '0', ...extra,
      });
      return { sid, status: res.status, text: res.text };
    },
    async stored(externalId) {
      const [row] = await db.select({ message: schema.messages, contactId: schema.conversations.contactId }).from(schema.messages)
        .innerJoin(schema.conversations, eq(schema.conversations.id, schema.messages.conversationId))
        .where(eq(schema.messages.externalId, externalId));
      return row ?? null;
    },
    async close() {
      await server.close();
      await standIn.close();
    },
  };
}
