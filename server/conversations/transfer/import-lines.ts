// Import of the transfer format, one line at a time, each in its own transaction: idempotent on the
// conversation's external id (per inbox) and on each message's external id, with a dry run that does all the
// work and rolls it back, and a report line per input line. Imported history is stored as it was: no bot,
// rule, assignment or webhook runs for it (rebuild the reports afterwards: POST /api/reports/rebuild).
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { schema, type Tx } from '../../db/client.js';
import { fetchPublic, refuseTarget } from '../../../channels/kit/ssrf.js';
import { checkAttachment, MAX_ATTACHMENT_BYTES, storeAttachments } from '../../messages/attachments.js';
import { toSearchVector } from '../../shared/search.js';
import { transferLineSchema, type TransferLine } from './format.js';

export interface ImportOptions {
  dryRun: boolean;
  /** Put every conversation into this inbox instead of matching the line's inbox by id, then name and channel. */
  inboxId?: string;
  /** Attachment links on private addresses (another node on the same network) may be fetched. */
  allowPrivateUrls?: boolean;
}
export interface ImportLineReport {
  line: number;
  status: 'created' | 'updated' | 'unchanged' | 'error';
  externalId?: string;
  conversationId?: string;
  messages?: { created: number; skipped: number };
  errors?: { path: string; message: string }[];
}

/** What the import needs of the app: only the database. */
export type ImportContext = Pick<AppContext, 'db'>;

class DryRunRollback extends Error {}
const MAX_LINE = 32 * 1024 * 1024;

async function resolveInbox(ctx: ImportContext, line: TransferLine, opts: ImportOptions) {
  const rows = await ctx.db.select({ id: schema.inboxes.id, name: schema.inboxes.name, channel: schema.inboxes.channel }).from(schema.inboxes);
  if (opts.inboxId) return rows.find((r) => r.id === opts.inboxId) ?? null;
  return rows.find((r) => r.id === line.inbox.id)
    ?? rows.find((r) => r.name === line.inbox.name && (!line.inbox.channel || r.channel === line.inbox.channel))
    ?? null;
}

async function resolveContact(tx: Tx, line: TransferLine) {
  const c = line.contact;
  for (const i of c.identities) {
    const [hit] = await tx.select({ contactId: schema.contactIdentities.contactId }).from(schema.contactIdentities)
      .where(and(eq(schema.contactIdentities.channel, i.channel), eq(schema.contactIdentities.address, i.address)));
    if (hit) return hit.contactId;
  }
  if (c.email) {
    const [hit] = await tx.select({ id: schema.contacts.id }).from(schema.contacts).where(sql`lower(${schema.contacts.email}) = lower(${c.email})`).limit(1);
    if (hit) return hit.id;
  }
  const [contact] = await tx.insert(schema.contacts).values({ name: c.name ?? null, email: c.email?.toLowerCase() ?? null, phone: c.phone ?? null, attributes: c.attributes }).returning();
  if (c.identities.length) await tx.insert(schema.contactIdentities).values(c.identities.map((i) => ({ contactId: contact.id, channel: i.channel, address: i.address }))).onConflictDoNothing();
  return contact.id;
}

async function fetchAttachment(url: string, opts: ImportOptions) {
  // Inline bytes: decoded here (Node's fetch reads data: URLs), no request leaves the process.
  if (url.startsWith('data:')) {
    const data = Buffer.from(await (await fetch(url)).arrayBuffer());
    if (data.length > MAX_ATTACHMENT_BYTES) throw new Error(`inline attachment: larger than ${MAX_ATTACHMENT_BYTES} bytes`);
    return data;
  }
  const refused = await refuseTarget(url, Boolean(opts.allowPrivateUrls));
  if (refused) throw new Error(`attachment ${url}: ${refused}`);
  const res = await fetchPublic(url, { redirect: 'error', signal: AbortSignal.timeout(30_000) }, Boolean(opts.allowPrivateUrls));
  if (!res.ok) throw new Error(`attachment ${url}: HTTP ${res.status}`);
  const data = Buffer.from(await res.arrayBuffer());
  if (data.length > MAX_ATTACHMENT_BYTES) throw new Error(`attachment ${url}: larger than ${MAX_ATTACHMENT_BYTES} bytes`);
  return data;
}

/** Downloads a line's attachments before its transaction (in a dry run only their type and size are checked). */
async function downloads(line: TransferLine, opts: ImportOptions) {
  const files = new Map<string, Buffer>();
  for (const m of line.messages) {
    for (const a of m.attachments) {
      const problem = checkAttachment({ contentType: a.contentType, size: a.size ?? 0 });
      if (problem) throw new Error(`message ${m.externalId}: ${problem}`);
      if (!opts.dryRun && !files.has(a.url)) files.set(a.url, await fetchAttachment(a.url, opts));
    }
  }
  return files;
}

async function importOne(ctx: ImportContext, line: TransferLine, opts: ImportOptions): Promise<Omit<ImportLineReport, 'line'>> {
  const inbox = await resolveInbox(ctx, line, opts);
  if (!inbox) return { status: 'error', externalId: line.externalId, errors: [{ path: 'inbox', message: 'no inbox here matches this id, or this name and channel; pass ?inboxId=' }] };
  const files = await downloads(line, opts);
  const agents = new Map((await ctx.db.select({ id: schema.agents.id, email: schema.agents.email }).from(schema.agents)).map((a) => [a.email.toLowerCase(), a.id]));
  const agentId = (p?: { email?: string | null } | null) => (p?.email ? agents.get(p.email.toLowerCase()) ?? null : null);
  let report: Omit<ImportLineReport, 'line'> | null = null;
  try {
    await ctx.db.transaction(async (tx) => {
      const [existing] = await tx.select().from(schema.conversations)
        .where(and(eq(schema.conversations.inboxId, inbox.id), eq(schema.conversations.externalId, line.externalId)));
      let conversation = existing;
      if (!conversation) {
        const contactId = await resolveContact(tx, line);
        const [team] = line.team ? await tx.select({ id: schema.teams.id }).from(schema.teams).where(eq(schema.teams.name, line.team.name)) : [];
        const times = [...line.messages, ...line.notes].map((m) => m.createdAt).sort();
        [conversation] = await tx.insert(schema.conversations).values({
          inboxId: inbox.id, contactId, externalId: line.externalId, status: line.status, priority: line.priority, subject: line.subject ?? null,
          labels: line.labels, assigneeId: agentId(line.assignee), teamId: team?.id ?? null, attributes: line.attributes,
          createdAt: new Date(line.createdAt), lastMessageAt: new Date(line.lastMessageAt ?? times[times.length - 1] ?? line.createdAt),
          firstReplyAt: line.firstReplyAt ? new Date(line.firstReplyAt) : null, resolvedAt: line.resolvedAt ? new Date(line.resolvedAt) : null,
        }).returning();
      }
      let created = 0;
      let skipped = 0;
      const rows = [
        ...line.messages.map((m) => ({ m, note: false })),
        ...line.notes.map((n) => ({ m: { ...n, direction: 'outgoing' as const, senderType: 'agent' as const, sender: n.author, html: null, contentType: 'text', content: null, private: true, status: 'sent' as const, attachments: [] }, note: true })),
      ];
      const known = new Set((await tx.select({ e: schema.messages.externalId }).from(schema.messages)
        .where(and(eq(schema.messages.inboxId, inbox.id), inArray(schema.messages.externalId, rows.length ? rows.map((r) => r.m.externalId) : ['']))))
        .map((r) => r.e));
      for (const { m } of rows) {
        if (known.has(m.externalId)) { skipped++; continue; }
        const stored = m.attachments.length
          ? await storeAttachments(tx, m.attachments.map((a) => ({ name: a.name, contentType: a.contentType, data: files.get(a.url) ?? Buffer.alloc(0) })))
          : [];
        const sender = m.senderType === 'contact' ? conversation.contactId : m.senderType === 'agent' ? agentId(m.sender) : null;
        await tx.insert(schema.messages).values({
          conversationId: conversation.id, inboxId: inbox.id, direction: m.direction, senderType: m.senderType, senderId: sender,
          body: m.body, html: m.html ?? null, contentType: m.contentType, content: (m.content as Record<string, unknown>) ?? null, private: m.private,
          attachments: stored, externalId: m.externalId,
          status: m.status ?? (m.direction === 'incoming' ? 'received' : 'sent'),
          meta: m.sender && !sender && m.senderType !== 'contact' ? { importedSender: m.sender } : {},
          searchVector: toSearchVector(line.subject, m.body) as any, createdAt: new Date(m.createdAt), updatedAt: new Date(m.createdAt),
        });
        known.add(m.externalId);
        created++;
      }
      report = {
        status: !existing ? 'created' : created ? 'updated' : 'unchanged', externalId: line.externalId, conversationId: conversation.id,
        messages: { created, skipped },
      };
      if (opts.dryRun) throw new DryRunRollback();
    });
  } catch (err) {
    if (!(err instanceof DryRunRollback)) throw err;
  }
  return report!;
}

/** Imports JSON Lines from any source of lines (an HTTP body, a file); blank lines are skipped. */
export async function* importConversations(ctx: ImportContext, lines: AsyncIterable<string>, opts: ImportOptions): AsyncGenerator<ImportLineReport> {
  let n = 0;
  for await (const raw of lines) {
    n++;
    const text = raw.trim();
    if (!text) continue;
    if (text.length > MAX_LINE) { yield { line: n, status: 'error', errors: [{ path: '', message: `line longer than ${MAX_LINE} characters` }] }; continue; }
    let json: unknown;
    try { json = JSON.parse(text); } catch (err) {
      yield { line: n, status: 'error', errors: [{ path: '', message: `not JSON: ${(err as Error).message}` }] };
      continue;
    }
    const parsed = transferLineSchema.safeParse(json);
    if (!parsed.success) {
      yield { line: n, status: 'error', externalId: typeof (json as any)?.externalId === 'string' ? (json as any).externalId : undefined,
        errors: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) };
      continue;
    }
    try {
      yield { line: n, ...(await importOne(ctx, parsed.data, opts)) };
    } catch (err) {
      yield { line: n, status: 'error', externalId: parsed.data.externalId, errors: [{ path: '', message: err instanceof Error ? err.message : 'import failed' }] };
    }
  }
}
