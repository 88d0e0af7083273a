import { and, asc, eq, gt, inArray, type SQL } from 'drizzle-orm';
import { schema, type Db } from '../db/client.js';
import { FORMAT_VERSION, type TransferLine } from './format.js';

export interface ExportFilters { status?: string; inboxId?: string }

const PAGE = 200;

/**
 * Writes every matching conversation as one JSON line, a page of conversations at a time (keyset on id), so
 * memory holds one page and its messages, whatever the size of the database.
 */
export async function writeConversationLines(db: Db, filters: ExportFilters, write: (line: string) => Promise<void>): Promise<number> {
  let after: string | null = null;
  let count = 0;
  for (;;) {
    const where: (SQL | undefined)[] = [
      filters.status ? eq(schema.conversations.status, filters.status as 'open') : undefined,
      filters.inboxId ? eq(schema.conversations.inboxId, filters.inboxId) : undefined,
      after ? gt(schema.conversations.id, after) : undefined,
    ];
    const page = await db.select({ conversation: schema.conversations, inbox: schema.inboxes, contact: schema.contacts })
      .from(schema.conversations)
      .innerJoin(schema.inboxes, eq(schema.inboxes.id, schema.conversations.inboxId))
      .innerJoin(schema.contacts, eq(schema.contacts.id, schema.conversations.contactId))
      .where(and(...where)).orderBy(asc(schema.conversations.id)).limit(PAGE);
    if (!page.length) return count;
    const ids = page.map((p) => p.conversation.id);
    const messages = await db.select({ message: schema.messages, senderEmail: schema.agents.email }).from(schema.messages)
      .leftJoin(schema.agents, and(eq(schema.agents.id, schema.messages.senderId), eq(schema.messages.senderType, 'agent')))
      .where(inArray(schema.messages.conversationId, ids)).orderBy(asc(schema.messages.createdAt), asc(schema.messages.id));
    const identities = await db.select().from(schema.contactIdentities)
      .where(inArray(schema.contactIdentities.contactId, page.map((p) => p.contact.id)));
    for (const { conversation, inbox, contact } of page) {
      const line: TransferLine = {
        version: FORMAT_VERSION,
        conversation: {
          id: conversation.id, inbox: { name: inbox.name, channel: inbox.channel }, status: conversation.status,
          priority: conversation.priority, labels: conversation.labels, subject: conversation.subject,
          createdAt: conversation.createdAt.toISOString(), resolvedAt: conversation.resolvedAt?.toISOString() ?? null,
        },
        contact: {
          name: contact.name, email: contact.email, phone: contact.phone,
          identities: identities.filter((i) => i.contactId === contact.id).map((i) => ({ channel: i.channel, address: i.address })),
        },
        messages: messages.filter((m) => m.message.conversationId === conversation.id).map(({ message: m, senderEmail }) => ({
          id: m.id, externalId: m.externalId, direction: m.direction, senderType: m.senderType, senderEmail,
          body: m.body, html: m.html, private: m.private, status: m.status, createdAt: m.createdAt.toISOString(),
        })),
      };
      await write(`${JSON.stringify(line)}\n`);
      count++;
    }
    after = ids[ids.length - 1];
  }
}
