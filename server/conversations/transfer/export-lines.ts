// The export as a stream of text pieces: conversations page by page through the inbox list's own finder (so the
// filters mean exactly what they mean in the inbox), messages in batches by keyset, and every JSON line written
// piece by piece, so neither a million messages nor one huge conversation is ever held in memory. The HTTP job
// and the command-line export consume the same generator; they differ only in how attachments travel: as signed
// links to this server (the job), or inline as `data:` URLs (the CLI, whose file must stand alone: it may be
// written while no server runs).
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { schema } from '../../db/client.js';
import type { AttachmentMeta } from '../../messages/schema.js';
import { attachmentUrl, loadAttachment } from '../../messages/attachments.js';
import { listConversations, type ConversationFilter } from '../conversations.js';
import type { MessageRow } from '../../events/bus.js';
import { csvLine } from '../../http/csv.js';
import { CSV_COLUMNS, TRANSFER_VERSION } from './format.js';

export interface ExportScope {
  format: 'csv' | 'jsonl';
  /** The inboxes the exporting agent may see; the filter narrows further. */
  inboxIds: string[];
  agentId: string;
  filter: ConversationFilter;
  /** `links` (the default): signed links to this server; `inline`: the bytes themselves, as `data:` URLs. */
  attachments?: 'links' | 'inline';
}
/** What the export needs of the app: the database, the public URL and the secret that signs attachment links. */
export type TransferContext = Pick<AppContext, 'db' | 'config' | 'appSecret'>;
export interface ExportProgress { conversations: number; messages: number }

const PAGE = 100;
const MESSAGE_BATCH = 1000;
const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);
type Listed = Awaited<ReturnType<typeof listConversations>>['items'][number];

async function directory(ctx: TransferContext) {
  const [inboxes, agents, teams] = await Promise.all([
    ctx.db.select({ id: schema.inboxes.id, name: schema.inboxes.name, channel: schema.inboxes.channel }).from(schema.inboxes),
    ctx.db.select({ id: schema.agents.id, name: schema.agents.name, email: schema.agents.email }).from(schema.agents),
    ctx.db.select({ id: schema.teams.id, name: schema.teams.name }).from(schema.teams),
  ]);
  return { inboxes: new Map(inboxes.map((i) => [i.id, i])), agents: new Map(agents.map((a) => [a.id, a])), teams: new Map(teams.map((t) => [t.id, t])) };
}
type Directory = Awaited<ReturnType<typeof directory>>;

/** Every message of a conversation (notes or the rest), oldest first, a batch at a time. */
async function* messagesOf(ctx: TransferContext, conversationId: string, notes: boolean): AsyncGenerator<MessageRow[]> {
  let after: { at: Date; id: string } | null = null;
  const m = schema.messages;
  const kind = notes ? sql`${m.private} and ${m.direction} = 'outgoing' and ${m.senderType} = 'agent'`
    : sql`not (${m.private} and ${m.direction} = 'outgoing' and ${m.senderType} = 'agent')`;
  for (;;) {
    const batch: MessageRow[] = await ctx.db.select().from(m)
      .where(and(eq(m.conversationId, conversationId), kind, after ? sql`(${m.createdAt}, ${m.id}) > (${after.at.toISOString()}::timestamptz, ${after.id}::uuid)` : undefined))
      .orderBy(asc(m.createdAt), asc(m.id)).limit(MESSAGE_BATCH);
    if (!batch.length) return;
    yield batch;
    if (batch.length < MESSAGE_BATCH) return;
    const last = batch[batch.length - 1];
    after = { at: last.createdAt, id: last.id };
  }
}

function person(dir: Directory, m: MessageRow) {
  const agent = m.senderId ? dir.agents.get(m.senderId) : undefined;
  if (m.senderType === 'agent' && agent) return { email: agent.email, name: agent.name };
  // A message imported from elsewhere whose author has no account here keeps the author it came with.
  return (m.meta.importedSender as { email?: string; name?: string } | undefined) ?? null;
}

async function attachmentLink(ctx: TransferContext, scope: ExportScope, a: AttachmentMeta): Promise<string> {
  if (a.url) return a.url;
  if (scope.attachments !== 'inline') return `${ctx.config.publicUrl.replace(/\/$/, '')}${attachmentUrl(ctx.appSecret, a)}`;
  const blob = await loadAttachment(ctx.db, a.id);
  if (!blob) throw new Error(`attachment ${a.id} (${a.name}) is missing from the database`);
  return `data:${a.contentType};base64,${Buffer.from(blob.data).toString('base64')}`;
}

async function messageJson(ctx: TransferContext, scope: ExportScope, dir: Directory, m: MessageRow) {
  const attachments = [];
  for (const a of m.attachments ?? []) attachments.push({ name: a.name, contentType: a.contentType, size: a.size, url: await attachmentLink(ctx, scope, a) });
  return {
    externalId: m.externalId ?? m.id, direction: m.direction, senderType: m.senderType, sender: m.senderType === 'contact' ? null : person(dir, m),
    body: m.body, html: m.html, contentType: m.contentType, content: m.content, private: m.private, status: m.status,
    createdAt: iso(m.createdAt), attachments,
  };
}

async function pageExtras(ctx: TransferContext, items: Listed[]) {
  const ids = items.map((c) => c.id);
  const contactIds = [...new Set(items.map((c) => c.contactId))];
  const [identities, contacts, counts, ratings] = await Promise.all([
    ctx.db.select({ contactId: schema.contactIdentities.contactId, channel: schema.contactIdentities.channel, address: schema.contactIdentities.address })
      .from(schema.contactIdentities).where(inArray(schema.contactIdentities.contactId, contactIds)).orderBy(asc(schema.contactIdentities.createdAt)),
    ctx.db.select({ id: schema.contacts.id, attributes: schema.contacts.attributes }).from(schema.contacts).where(inArray(schema.contacts.id, contactIds)),
    ctx.db.select({ id: schema.messages.conversationId, n: sql<number>`count(*)::int` }).from(schema.messages)
      .where(and(inArray(schema.messages.conversationId, ids), sql`${schema.messages.direction} <> 'activity'`, eq(schema.messages.private, false)))
      .groupBy(schema.messages.conversationId),
    ctx.db.execute(sql`select distinct on (conversation_id) conversation_id as id, rating from csat_responses
      where conversation_id in ${ids} and rating is not null order by conversation_id, answered_at desc`),
  ]);
  const byContact = new Map<string, { channel: string; address: string }[]>();
  for (const i of identities) byContact.set(i.contactId, [...(byContact.get(i.contactId) ?? []), { channel: i.channel, address: i.address }]);
  return {
    identities: byContact, contactAttributes: new Map(contacts.map((c) => [c.id, c.attributes])),
    counts: new Map(counts.map((c) => [c.id, c.n])), ratings: new Map(((ratings as any).rows as any[]).map((r) => [r.id as string, r.rating as number])),
  };
}
type Extras = Awaited<ReturnType<typeof pageExtras>>;

function csvRow(dir: Directory, x: Extras, c: Listed): string {
  const csat = (c.attributes.csat as { rating?: number } | undefined)?.rating ?? x.ratings.get(c.id) ?? null;
  return csvLine([
    c.id, c.externalId, dir.inboxes.get(c.inboxId)?.name, c.channel, c.status, c.priority, c.subject, c.contact?.name, c.contact?.email, c.contact?.phone,
    c.assigneeId ? dir.agents.get(c.assigneeId)?.email : null, c.teamId ? dir.teams.get(c.teamId)?.name : null, c.labels.join('; '),
    c.createdAt, c.firstReplyAt, c.lastMessageAt, c.resolvedAt, x.counts.get(c.id) ?? 0, csat,
  ]);
}

/** The conversation's line without its messages and notes, as an unclosed JSON object. */
function lineHead(dir: Directory, x: Extras, c: Listed): string {
  const inbox = dir.inboxes.get(c.inboxId);
  const assignee = c.assigneeId ? dir.agents.get(c.assigneeId) : undefined;
  const head = {
    version: TRANSFER_VERSION, externalId: c.externalId ?? c.id, inbox: { id: c.inboxId, name: inbox?.name, channel: inbox?.channel },
    status: c.status, priority: c.priority, subject: c.subject, labels: c.labels,
    assignee: assignee ? { email: assignee.email, name: assignee.name } : null,
    team: c.teamId && dir.teams.get(c.teamId) ? { name: dir.teams.get(c.teamId)!.name } : null,
    attributes: c.attributes, createdAt: c.createdAt, lastMessageAt: c.lastMessageAt, firstReplyAt: c.firstReplyAt, resolvedAt: c.resolvedAt,
    contact: {
      name: c.contact?.name ?? null, email: c.contact?.email ?? null, phone: c.contact?.phone ?? null,
      identities: x.identities.get(c.contactId) ?? [], attributes: x.contactAttributes.get(c.contactId) ?? {},
    },
  };
  return JSON.stringify(head).slice(0, -1);
}

export async function* exportConversations(ctx: TransferContext, scope: ExportScope, progress: ExportProgress = { conversations: 0, messages: 0 }): AsyncGenerator<string> {
  const dir = await directory(ctx);
  if (scope.format === 'csv') yield csvLine([...CSV_COLUMNS]);
  let cursor: string | undefined;
  do {
    const page = await listConversations(ctx, scope.inboxIds, { ...scope.filter, cursor, limit: PAGE }, scope.agentId);
    if (!page.items.length) break;
    const extras = await pageExtras(ctx, page.items);
    for (const c of page.items) {
      if (scope.format === 'csv') yield csvRow(dir, extras, c);
      else {
        yield lineHead(dir, extras, c);
        for (const [field, notes] of [['messages', false], ['notes', true]] as const) {
          yield `,"${field}":[`;
          let first = true;
          for await (const batch of messagesOf(ctx, c.id, notes)) {
            // One piece per message: with inline attachments a single message can be megabytes.
            for (const m of batch) {
              yield (first ? '' : ',') + JSON.stringify(notes
                ? { externalId: m.externalId ?? m.id, author: person(dir, m), body: m.body, createdAt: iso(m.createdAt) }
                : await messageJson(ctx, scope, dir, m));
              first = false;
            }
            progress.messages += batch.length;
          }
          yield ']';
        }
        yield '}\n';
      }
      progress.conversations++;
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}
