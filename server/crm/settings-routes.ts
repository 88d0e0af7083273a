import { forget } from '../shared/memo.js';
import { asc, eq, sql } from 'drizzle-orm';
import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { FIELD_KEY, listFields } from './fields.js';
import { recomputeAll } from './scoring.js';
import { listRules } from './scoring.js';
import { ruleConfigSchemas } from './scoring-rules.js';
import { contactInScope } from './scope.js';
import { deleteStage, listStages, upsertStage } from './stages.js';
import { schema } from '../db/client.js';
import { requireAdmin } from '../http/auth.js';
import { badRequest, conflict, notFound } from '../errors.js';
import { nonEmptyPatch, parseBody, uuidParam } from '../http/validate.js';
import { crmScope } from './route-helpers.js';

const stageSchema = z.object({ label: z.string().trim().min(1).max(60), position: z.number().int().min(0).max(1000).optional(), minScore: z.number().int().nullable().optional() }).strict();
const fieldSchema = z.object({
  entity: z.enum(['contact', 'conversation']),
  key: z.string().regex(FIELD_KEY, 'lowercase letters, digits and _ (starting with a letter)'),
  label: z.string().trim().min(1).max(100),
  type: z.enum(['text', 'number', 'date', 'select', 'boolean', 'url']),
  options: z.array(z.string().trim().min(1).max(100)).max(100).optional(),
  required: z.boolean().optional(),
  position: z.number().int().min(0).max(1000).optional(),
}).strict().refine((f) => f.type !== 'select' || (f.options?.length ?? 0) > 0, { message: 'a select field needs options', path: ['options'] });
const fieldPatch = nonEmptyPatch(z.object({ label: z.string().trim().min(1).max(100).optional(), options: z.array(z.string().trim().min(1).max(100)).max(100).optional(), required: z.boolean().optional(), position: z.number().int().min(0).max(1000).optional() }).strict());
const ruleBase = z.object({ name: z.string().trim().min(1).max(100), points: z.number().int().min(-1000).max(1000), decayHalfLifeDays: z.number().positive().max(3650).nullable().optional(), enabled: z.boolean().optional() });
const ruleSchema = z.discriminatedUnion('kind', (Object.keys(ruleConfigSchemas) as (keyof typeof ruleConfigSchemas)[])
  .map((kind) => ruleBase.extend({ kind: z.literal(kind), config: ruleConfigSchemas[kind] })) as any);
const rulePatch = nonEmptyPatch(ruleBase.partial().extend({ config: z.record(z.string(), z.unknown()).optional() }).strict());

const param = (id: string) => { if (!uuidParam.test(id)) throw notFound('Resource'); return id; };
// Rule edits change everyone's score; recompute in the background so the admin's request returns at once.
const recomputeLater = (ctx: AppContext) => { recomputeAll(ctx).catch((err) => ctx.log.error({ err }, 'score recompute failed')); };

/** Workspace CRM settings: lifecycle stages, custom field definitions, scoring rules; companies for everyone. */
export function crmSettingsRoutes(ctx: AppContext): Router {
  const r = Router();

  r.get('/stages', async (_req, res) => { res.json(await listStages(ctx)); });
  r.put('/stages/:key', requireAdmin, async (req, res) => {
    if (!/^[a-z][a-z0-9_]{0,49}$/.test(String(req.params.key))) throw badRequest('Invalid stage key', { key: 'lowercase letters, digits and _' });
    res.json(await upsertStage(ctx, { key: String(req.params.key), ...parseBody(stageSchema, req) }));
  });
  r.delete('/stages/:key', requireAdmin, async (req, res) => { await deleteStage(ctx, String(req.params.key)); res.status(204).end(); });

  r.get('/fields', async (req, res) => {
    const entity = req.query.entity === 'contact' || req.query.entity === 'conversation' ? req.query.entity : undefined;
    res.json(await listFields(ctx, entity));
  });
  r.post('/fields', requireAdmin, async (req, res) => {
    const body = parseBody(fieldSchema, req);
    const [row] = await ctx.db.insert(schema.crmCustomFields).values({ ...body, options: body.options ?? [] }).onConflictDoNothing().returning();
    if (!row) throw conflict(`A ${body.entity} field with key ${body.key} exists`);
    res.status(201).json(row);
  });
  r.patch('/fields/:id', requireAdmin, async (req, res) => {
    const [row] = await ctx.db.update(schema.crmCustomFields).set(parseBody(fieldPatch, req)).where(eq(schema.crmCustomFields.id, param(String(req.params.id)))).returning();
    if (!row) throw notFound('Field');
    res.json(row);
  });
  r.delete('/fields/:id', requireAdmin, async (req, res) => {
    // Values stay in the attributes (nothing is lost); they are just no longer validated or shown as a field.
    await ctx.db.delete(schema.crmCustomFields).where(eq(schema.crmCustomFields.id, param(String(req.params.id))));
    res.status(204).end();
  });

  r.get('/scoring/rules', async (_req, res) => { res.json(await listRules(ctx)); });
  r.post('/scoring/rules', requireAdmin, async (req, res) => {
    const body = parseBody(ruleSchema, req) as z.infer<typeof ruleBase> & { kind: keyof typeof ruleConfigSchemas; config: Record<string, unknown> };
    const [row] = await ctx.db.insert(schema.crmScoringRules).values({ ...body, decayHalfLifeDays: body.decayHalfLifeDays ?? null }).returning();
    forget(ctx, 'crm:rules');
    recomputeLater(ctx);
    res.status(201).json(row);
  });
  r.patch('/scoring/rules/:id', requireAdmin, async (req, res) => {
    const body = parseBody(rulePatch, req);
    const [current] = await ctx.db.select().from(schema.crmScoringRules).where(eq(schema.crmScoringRules.id, param(String(req.params.id))));
    if (!current) throw notFound('Rule');
    if (body.config) {
      const parsed = ruleConfigSchemas[current.kind].safeParse(body.config);
      if (!parsed.success) throw badRequest('Invalid rule config', { config: parsed.error.issues[0].message });
      body.config = parsed.data as Record<string, unknown>;
    }
    const [row] = await ctx.db.update(schema.crmScoringRules).set(body).where(eq(schema.crmScoringRules.id, current.id)).returning();
    forget(ctx, 'crm:rules');
    recomputeLater(ctx);
    res.json(row);
  });
  r.delete('/scoring/rules/:id', requireAdmin, async (req, res) => {
    await ctx.db.delete(schema.crmScoringRules).where(eq(schema.crmScoringRules.id, param(String(req.params.id))));
    forget(ctx, 'crm:rules');
    recomputeLater(ctx);
    res.status(204).end();
  });
  r.post('/scoring/recompute', requireAdmin, async (_req, res) => { res.json({ recomputed: await recomputeAll(ctx) }); });

  // Counted over the contacts the viewer may see; an agent sees the companies their inboxes' contacts work at.
  r.get('/companies', async (req, res) => {
    const scope = await crmScope(ctx, req);
    const visible = contactInScope(sql`${schema.crmContactState.contactId}`, scope);
    const rows = await ctx.db.select({ c: schema.crmCompanies, contacts: sql<number>`count(${schema.crmContactState.contactId}) filter (where ${visible})::int` })
      .from(schema.crmCompanies).leftJoin(schema.crmContactState, eq(schema.crmContactState.companyId, schema.crmCompanies.id))
      .groupBy(schema.crmCompanies.id).orderBy(asc(schema.crmCompanies.name)).limit(500);
    res.json(rows.filter((x) => scope === 'all' || x.contacts > 0).map((x) => ({ ...x.c, contacts: x.contacts })));
  });
  return r;
}
