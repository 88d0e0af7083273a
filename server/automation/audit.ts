import { and, desc, eq, lt, type SQL } from 'drizzle-orm';
import type { AppContext } from '../context.js';
import { schema } from '../db/client.js';

export interface AuditActor { id: string; email: string }

/** Appends to the audit log. Details must not carry secrets or personal data (they outlive GDPR erasure). */
export async function recordAudit(
  ctx: AppContext, actor: AuditActor | null, action: string, target: { type: string; id: string } | null, details: Record<string, unknown> = {},
): Promise<void> {
  await ctx.db.insert(schema.auditLog).values({
    actorId: actor?.id ?? null, actorEmail: actor?.email ?? null, action,
    targetType: target?.type ?? null, targetId: target?.id ?? null, details,
  });
}

export async function listAudit(ctx: AppContext, q: { action?: string; before?: string; limit?: number }) {
  const conds: SQL[] = [];
  if (q.action) conds.push(eq(schema.auditLog.action, q.action));
  if (q.before) conds.push(lt(schema.auditLog.createdAt, new Date(q.before)));
  const rows = await ctx.db.select().from(schema.auditLog).where(conds.length ? and(...conds) : undefined)
    .orderBy(desc(schema.auditLog.createdAt)).limit(Math.min(q.limit ?? 100, 500));
  return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
}
