import { desc, eq, sql, type SQL } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { schema } from '../../db/client.js';
import { isUuid } from '../../shared/ids.js';
import { csvLine } from '../../http/csv.js';
import { notFound } from '../../errors.js';
import { now } from '../../clock.js';
import { listFields } from '../fields.js';
import type { Scope } from '../scope.js';
import { compileFilter, segmentFrom } from './compile.js';
import { filterSchema, type SegmentFilter } from './filter.js';

export type SegmentRow = typeof schema.crmSegments.$inferSelect;
export type { Scope } from '../scope.js';

const SORTS: Record<string, SQL> = {
  score: sql`coalesce(s.score, 0) desc, c.id desc`,
  lastSeen: sql`c.last_seen_at desc nulls last, c.id desc`,
  name: sql`lower(coalesce(c.name, c.email, '')) asc, c.id asc`,
  created: sql`c.created_at desc, c.id desc`,
};
export type ContactSort = keyof typeof SORTS;

const COLUMNS = sql`c.id, c.name, c.email, c.phone, c.attributes, c.last_seen_at, c.created_at,
  coalesce(s.stage, 'visitor') as stage, coalesce(s.score, 0) as score, s.score_reasons, s.country, s.locale, s.time_zone,
  co.id as company_id, co.name as company_name, co.domain as company_domain`;

export async function whereFor(ctx: AppContext, filter: SegmentFilter, scope: Scope): Promise<SQL> {
  return compileFilter(filter, await listFields(ctx, 'contact'), now(ctx), scope);
}

const rowOut = (r: any) => ({
  id: r.id, name: r.name, email: r.email, phone: r.phone, attributes: r.attributes ?? {}, stage: r.stage, score: Number(r.score),
  scoreReasons: r.score_reasons ?? [], country: r.country, locale: r.locale, timeZone: r.time_zone,
  company: r.company_id ? { id: r.company_id, name: r.company_name, domain: r.company_domain } : null,
  lastSeenAt: r.last_seen_at ? new Date(r.last_seen_at).toISOString() : null, createdAt: new Date(r.created_at).toISOString(),
});

/** Contacts matching a filter with the live count, one page at a time. */
export async function queryContacts(ctx: AppContext, filter: SegmentFilter, scope: Scope, opts: { sort?: ContactSort; limit?: number; offset?: number } = {}) {
  const where = await whereFor(ctx, filter, scope);
  const limit = Math.min(Math.max(opts.limit ?? 25, 1), 200);
  const [rows, count] = await Promise.all([
    ctx.db.execute(sql`select ${COLUMNS} from ${segmentFrom} where ${where} order by ${SORTS[opts.sort ?? 'score']} limit ${limit} offset ${opts.offset ?? 0}`),
    countContacts(ctx, filter, scope, where),
  ]);
  return { items: (rows as any).rows.map(rowOut), total: count };
}

export async function countContacts(ctx: AppContext, filter: SegmentFilter, scope: Scope, where?: SQL): Promise<number> {
  const r = await ctx.db.execute(sql`select count(*)::int as n from ${segmentFrom} where ${where ?? await whereFor(ctx, filter, scope)}`);
  return Number((r as any).rows[0].n);
}

/** The ids of every contact in the segment (campaign audiences). */
export async function segmentContactIds(ctx: AppContext, filter: SegmentFilter): Promise<string[]> {
  const r = await ctx.db.execute(sql`select c.id from ${segmentFrom} where ${await whereFor(ctx, filter, 'all')}`);
  return (r as any).rows.map((x: any) => x.id as string);
}

/** CSV of a segment, written page by page so a large segment never sits in memory at once. */
export async function exportCsv(ctx: AppContext, filter: SegmentFilter, scope: Scope, write: (chunk: string) => void): Promise<void> {
  const fields = await listFields(ctx, 'contact');
  write(csvLine(['id', 'name', 'email', 'phone', 'stage', 'score', 'company', 'country', 'last_seen_at', 'created_at', ...fields.map((f) => f.key)]));
  const where = await whereFor(ctx, filter, scope);
  for (let offset = 0; ; offset += 1000) {
    const page = (await ctx.db.execute(sql`select ${COLUMNS} from ${segmentFrom} where ${where} order by c.id limit 1000 offset ${offset}`) as any).rows.map(rowOut);
    for (const c of page) {
      write(csvLine([c.id, c.name, c.email, c.phone, c.stage, c.score, c.company?.name ?? '', c.country, c.lastSeenAt, c.createdAt, ...fields.map((f) => c.attributes[f.key])]));
    }
    if (page.length < 1000) return;
  }
}

export async function listSegments(ctx: AppContext) {
  return ctx.db.select().from(schema.crmSegments).orderBy(desc(schema.crmSegments.createdAt));
}

export async function getSegment(ctx: AppContext, id: string): Promise<SegmentRow & { parsed: SegmentFilter }> {
  const [row] = isUuid(id) ? await ctx.db.select().from(schema.crmSegments).where(eq(schema.crmSegments.id, id)) : [];
  if (!row) throw notFound('Segment');
  return { ...row, parsed: filterSchema.parse(row.filter) };
}
