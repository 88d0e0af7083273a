// Exports run as a background job: the file is written in pieces into PostgreSQL (every node can serve the
// download, memory stays flat), with progress on the export row for the agent to watch.
import { and, asc, eq, gt } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { schema } from '../../db/client.js';
import { countConversations, type ConversationFilter } from '../conversations.js';
import { toAuthedAgent, visibleInboxIds } from '../../agents/agents.js';
import { exportConversations, type ExportProgress } from './export-lines.js';

export const EXPORT_QUEUE = 'conversation-export';
const CHUNK_BYTES = 512 * 1024;
type ExportRow = typeof schema.conversationExports.$inferSelect;

export async function startExport(ctx: AppContext, agentId: string, format: 'csv' | 'jsonl', filter: ConversationFilter): Promise<ExportRow> {
  const row = await ctx.db.transaction(async (tx) => {
    const [created] = await tx.insert(schema.conversationExports).values({ agentId, format, filters: filter as Record<string, unknown> }).returning();
    // A long export must not be taken for a lost job; a retried one starts over (its pieces are replaced).
    await ctx.jobs.enqueue(EXPORT_QUEUE, { exportId: created.id }, { tx, expireInSeconds: 6 * 3600, retryLimit: 2 });
    return created;
  });
  ctx.jobs.wake(EXPORT_QUEUE);
  return row;
}

export async function runExport(ctx: AppContext, exportId: string): Promise<void> {
  const t = schema.conversationExports;
  const [job] = await ctx.db.select().from(t).where(eq(t.id, exportId));
  if (!job || job.status === 'done') return;
  const [agentRow] = await ctx.db.select().from(schema.agents).where(eq(schema.agents.id, job.agentId));
  if (!agentRow) return;
  // Visibility is decided when the export runs, exactly as the inbox list would decide it now.
  const inboxIds = await visibleInboxIds(ctx.db, toAuthedAgent(agentRow));
  const filter = job.filters as ConversationFilter;
  await ctx.db.delete(schema.conversationExportChunks).where(eq(schema.conversationExportChunks.exportId, exportId));
  const total = await countConversations(ctx, inboxIds, filter, job.agentId);
  await ctx.db.update(t).set({ status: 'running', total, processed: 0, bytes: 0, error: null }).where(eq(t.id, exportId));
  const progress: ExportProgress = { conversations: 0, messages: 0 };
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let seq = 0;
  let bytes = 0;
  const flush = async () => {
    if (!pendingBytes) return;
    const data = Buffer.concat(pending);
    pending = [];
    pendingBytes = 0;
    await ctx.db.insert(schema.conversationExportChunks).values({ exportId, seq: seq++, data });
    bytes += data.length;
    await ctx.db.update(t).set({ processed: progress.conversations, bytes }).where(eq(t.id, exportId));
  };
  try {
    for await (const piece of exportConversations(ctx, { format: job.format, inboxIds, agentId: job.agentId, filter }, progress)) {
      const b = Buffer.from(piece, 'utf8');
      pending.push(b);
      pendingBytes += b.length;
      if (pendingBytes >= CHUNK_BYTES) await flush();
    }
    await flush();
    await ctx.db.update(t).set({ status: 'done', processed: progress.conversations, total: progress.conversations, bytes, finishedAt: ctx.clock.now() }).where(eq(t.id, exportId));
  } catch (err) {
    ctx.log.error({ err, exportId }, 'conversation export failed');
    await ctx.db.update(t).set({ status: 'failed', error: err instanceof Error ? err.message.slice(0, 500) : 'export failed', finishedAt: ctx.clock.now() }).where(eq(t.id, exportId));
  }
}

/** Registered with the listeners: one export at a time per node. */
export function exportWorker(ctx: AppContext): void {
  void ctx.jobs.work<{ exportId: string }>(EXPORT_QUEUE, 1, ({ exportId }) => runExport(ctx, exportId))
    .catch((err) => ctx.log.error({ err }, 'export worker failed to start'));
}

/** The export's pieces in order, one query each, for streaming a download. */
export async function* exportChunks(ctx: AppContext, exportId: string): AsyncGenerator<Buffer> {
  const c = schema.conversationExportChunks;
  let after = -1;
  for (;;) {
    const [row] = await ctx.db.select({ seq: c.seq, data: c.data }).from(c).where(and(eq(c.exportId, exportId), gt(c.seq, after))).orderBy(asc(c.seq)).limit(1);
    if (!row) return;
    yield row.data;
    after = row.seq;
  }
}

export async function findExport(ctx: AppContext, agentId: string, id: string): Promise<ExportRow | null> {
  const [row] = await ctx.db.select().from(schema.conversationExports)
    .where(and(eq(schema.conversationExports.id, id), eq(schema.conversationExports.agentId, agentId)));
  return row ?? null;
}
