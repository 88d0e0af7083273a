import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { schema, type Db, type Tx } from '../db/client.js';
import { toSearchVector } from '../domain/search.js';
import { transferLine, type TransferLine, type TransferMessage } from './format.js';

export interface LineReport { line: number; ok: boolean; conversationId?: string; created?: number; skipped?: number; error?: string }
export interface ImportOptions { dryRun?: boolean; inboxId?: string }

const keyOf = (m: TransferMessage) => m.externalId ?? `import:${m.id}`;

/** Imports JSON Lines one line per transaction: a bad line is reported and the others still land. */
export async function importConversationLines(db: Db, input: Readable, opts: ImportOptions = {}): Promise<LineReport[]> {
  const reports: LineReport[] = [];
  const inboxes = await db.select().from(schema.inboxes);
  // Lines are read only from here on: readline drops what it reads before its iterator exists.
  const lines = createInterface({ input, crlfDelay: Infinity });
  let n = 0;
  for await (const raw of lines) {
    n++;
    if (!raw.trim()) continue;
    let parsed: TransferLine;
    try {
      const result = transferLine.safeParse(JSON.parse(raw));
      if (!result.success) {
        reports.push({ line: n, ok: false, error: result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
        continue;
      }
      parsed = result.data;
    } catch {
      reports.push({ line: n, ok: false, error: 'not valid JSON' });
      continue;
    }
    const inbox = opts.inboxId ? inboxes.find((i) => i.id === opts.inboxId)
      : inboxes.find((i) => i.name === parsed.conversation.inbox.name && i.channel === parsed.conversation.inbox.channel);
    if (!inbox) {
      reports.push({ line: n, ok: false, error: `no inbox named "${parsed.conversation.inbox.name}" (${parsed.conversation.inbox.channel}); create it or pass --inbox` });
      continue;
    }
    try {
      reports.push({ line: n, ok: true, ...(await importLine(db, inbox.id, parsed, Boolean(opts.dryRun))) });
    } catch (err) {
      reports.push({ line: n, ok: false, error: err instanceof Error ? err.message : String(err) });
    }
  }
  return reports;
}

class DryRun extends Error {}

async function importLine(db: Db, inboxId: string, line: TransferLine, dryRun: boolean) {
  let outcome: { conversationId: string; created: number; skipped: number } | undefined;
  await db.transaction(async (tx) => {
    const keys = line.messages.map(keyOf);
    const existing = keys.length ? await tx.select({ key: schema.messages.externalId, conversationId: schema.messages.conversationId })
      .from(schema.messages).where(and(eq(schema.messages.inboxId, inboxId), inArray(schema.messages.externalId, keys))) : [];
    const known = new Set(existing.map((e) => e.key));
    const contactId = await findOrCreateContact(tx, line);
    const conversationId = existing[0]?.conversationId ?? await createConversation(tx, inboxId, contactId, line);
    const agents = await tx.select({ id: schema.agents.id, email: schema.agents.email }).from(schema.agents);
    const fresh = line.messages.filter((m) => !known.has(keyOf(m)));
    if (fresh.length) {
      await tx.insert(schema.messages).values(fresh.map((m) => ({
        conversationId, inboxId, direction: m.direction, senderType: m.senderType,
        senderId: m.senderType === 'contact' ? contactId : agents.find((a) => a.email.toLowerCase() === m.senderEmail?.toLowerCase())?.id ?? null,
        body: m.body, html: m.html ?? null, private: m.private, status: m.status, externalId: keyOf(m),
        meta: { importedId: m.id }, searchVector: toSearchVector(null, m.body) as any, createdAt: new Date(m.createdAt), updatedAt: new Date(m.createdAt),
      }))).onConflictDoNothing();
      await tx.update(schema.conversations).set({ lastMessageAt: sql`greatest(${schema.conversations.lastMessageAt}, ${new Date(fresh[fresh.length - 1].createdAt)})` })
        .where(eq(schema.conversations.id, conversationId));
    }
    outcome = { conversationId, created: fresh.length, skipped: line.messages.length - fresh.length };
    if (dryRun) throw new DryRun();
  }).catch((err) => { if (!(err instanceof DryRun)) throw err; });
  return outcome!;
}

/** The contact that already owns one of the line's identities, or a new one with all of them. */
async function findOrCreateContact(tx: Tx, line: TransferLine): Promise<string> {
  const identities = line.contact.identities;
  for (const identity of identities) {
    const [found] = await tx.select({ contactId: schema.contactIdentities.contactId }).from(schema.contactIdentities)
      .where(and(eq(schema.contactIdentities.channel, identity.channel), eq(schema.contactIdentities.address, identity.address)));
    if (found) return found.contactId;
  }
  const [contact] = await tx.insert(schema.contacts).values({ name: line.contact.name ?? null, email: line.contact.email ?? null, phone: line.contact.phone ?? null }).returning();
  await tx.insert(schema.contactIdentities).values(identities.map((i) => ({ contactId: contact.id, ...i }))).onConflictDoNothing();
  return contact.id;
}

async function createConversation(tx: Tx, inboxId: string, contactId: string, line: TransferLine): Promise<string> {
  const c = line.conversation;
  const [row] = await tx.insert(schema.conversations).values({
    inboxId, contactId, status: c.status, priority: c.priority, labels: c.labels, subject: c.subject ?? null,
    attributes: { importedId: c.id }, createdAt: new Date(c.createdAt), resolvedAt: c.resolvedAt ? new Date(c.resolvedAt) : null,
    lastMessageAt: new Date(line.messages[line.messages.length - 1]?.createdAt ?? c.createdAt),
  }).returning({ id: schema.conversations.id });
  return row.id;
}
