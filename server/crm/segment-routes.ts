import { and, eq, inArray } from 'drizzle-orm';
import { Router, type Request } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { importContacts } from './import.js';
import { filterSchema } from './segments/filter.js';
import { countContacts, exportCsv, getSegment, listSegments, queryContacts } from './segments/service.js';
import { schema } from '../db/client.js';
import { requireAdmin } from '../http/auth.js';
import { conflict, forbidden } from '../errors.js';
import { nonEmptyPatch, parseBody, parseQuery } from '../http/validate.js';
import { crmScope, idParam } from './route-helpers.js';

const segmentSchema = z.object({ name: z.string().trim().min(1).max(100), filter: filterSchema }).strict();
const segmentPatch = nonEmptyPatch(segmentSchema.partial());
const pageQuery = z.object({ sort: z.enum(['score', 'lastSeen', 'name', 'created']).optional(), limit: z.coerce.number().int().min(1).max(200).optional(), offset: z.coerce.number().int().min(0).optional() });
const importSchema = z.object({ csv: z.string().min(1).max(1_000_000), mapping: z.record(z.string(), z.string()), dryRun: z.boolean().default(true) }).strict();

const serialize = (s: typeof schema.crmSegments.$inferSelect, count?: number) => ({ id: s.id, name: s.name, filter: s.filter, createdById: s.createdById, createdAt: s.createdAt.toISOString(), ...(count !== undefined ? { count } : {}) });

/** Segments (saved filters) with live counts, their members, CSV export; and the contact CSV import. */
export function crmSegmentRoutes(ctx: AppContext): Router {
  const r = Router();
  const segment = (req: Request) => getSegment(ctx, idParam(req, 'segment'));
  /** A segment is its creator's: others may use it, only the creator or an admin may change it. */
  const ownSegment = async (req: Request) => {
    const s = await segment(req);
    if (s.createdById !== req.agent!.id && req.agent!.role !== 'admin') throw forbidden('Only whoever created this segment, or an admin, may change it');
    return s;
  };
  /** A campaign waiting to send or sending addresses this audience: it must not shift under it. */
  const assertNoPendingCampaign = async (segmentId: string) => {
    const [pending] = await ctx.db.select({ name: schema.crmCampaigns.name }).from(schema.crmCampaigns)
      .where(and(eq(schema.crmCampaigns.segmentId, segmentId), inArray(schema.crmCampaigns.status, ['scheduled', 'sending']))).limit(1);
    if (pending) throw conflict(`Campaign "${pending.name}" is about to send to this segment; cancel it or wait until it has sent`);
  };

  r.get('/segments', async (req, res) => {
    const scope = await crmScope(ctx, req);
    const list = await listSegments(ctx);
    res.json(await Promise.all(list.map(async (s) => serialize(s, await countContacts(ctx, filterSchema.parse(s.filter), scope)))));
  });
  r.post('/segments/preview', async (req, res) => {
    const { filter } = parseBody(z.object({ filter: filterSchema }), req);
    res.json(await queryContacts(ctx, filter, await crmScope(ctx, req), { limit: 10 }));
  });
  r.post('/segments', async (req, res) => {
    const body = parseBody(segmentSchema, req);
    const [row] = await ctx.db.insert(schema.crmSegments).values({ ...body, createdById: req.agent!.id }).returning();
    res.status(201).json(serialize(row, await countContacts(ctx, body.filter, await crmScope(ctx, req))));
  });
  r.get('/segments/:id', async (req, res) => {
    const s = await segment(req);
    res.json(serialize(s, await countContacts(ctx, s.parsed, await crmScope(ctx, req))));
  });
  r.patch('/segments/:id', async (req, res) => {
    const s = await ownSegment(req);
    const body = parseBody(segmentPatch, req);
    if (body.filter) await assertNoPendingCampaign(s.id);
    const [row] = await ctx.db.update(schema.crmSegments).set(body).where(eq(schema.crmSegments.id, s.id)).returning();
    res.json(serialize(row));
  });
  r.delete('/segments/:id', async (req, res) => {
    const s = await ownSegment(req);
    await assertNoPendingCampaign(s.id);
    await ctx.db.delete(schema.crmSegments).where(eq(schema.crmSegments.id, s.id));
    res.status(204).end();
  });
  r.get('/segments/:id/contacts', async (req, res) => {
    const s = await segment(req);
    res.json(await queryContacts(ctx, s.parsed, await crmScope(ctx, req), parseQuery(pageQuery, req)));
  });
  r.get('/segments/:id/export.csv', async (req, res) => {
    const s = await segment(req);
    const scope = await crmScope(ctx, req);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="${s.name.replace(/[^\w.-]+/g, '_')}.csv"`);
    await exportCsv(ctx, s.parsed, scope, (chunk) => res.write(chunk));
    res.end();
  });

  r.post('/import', requireAdmin, async (req, res) => {
    res.json(await importContacts(ctx, parseBody(importSchema, req)));
  });
  return r;
}
