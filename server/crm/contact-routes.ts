import { eq } from 'drizzle-orm';
import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { listFields, validateCustomAttributes } from './fields.js';
import { recomputeScore } from './scoring.js';
import { filterSchema } from './segments/filter.js';
import { queryContacts } from './segments/service.js';
import { listStages, setStage } from './stages.js';
import { ensureState } from './state.js';
import { listTasks } from './tasks.js';
import { contactTimeline, recordTimeline } from './timeline.js';
import { schema } from '../db/client.js';
import { updateContact } from '../contacts/contacts.js';
import { updateConversation, getConversationView } from '../conversations/conversations.js';
import { agentInboxIds } from '../http/auth.js';
import { notFound } from '../errors.js';
import { parseBody, parseQuery } from '../http/validate.js';
import { agentActor, crmScope, visibleContact } from './route-helpers.js';

const querySchema = z.object({
  filter: filterSchema.default({ match: 'all', conditions: [] }),
  sort: z.enum(['score', 'lastSeen', 'name', 'created']).optional(),
  limit: z.number().int().min(1).max(200).optional(),
  offset: z.number().int().min(0).max(1_000_000).optional(),
});
const listQuery = z.object({
  stage: z.string().max(50).optional(), minScore: z.coerce.number().optional(), q: z.string().max(200).optional(),
  sort: z.enum(['score', 'lastSeen', 'name', 'created']).optional(), limit: z.coerce.number().int().min(1).max(200).optional(), offset: z.coerce.number().int().min(0).optional(),
});
const patchSchema = z.object({ stage: z.string().max(50).optional(), fields: z.record(z.string(), z.unknown()).optional() }).strict();
const fieldsSchema = z.object({ fields: z.record(z.string(), z.unknown()) }).strict();

/** Contacts as the CRM sees them: lifecycle stage, score with reasons, company, custom fields, timeline. */
export function crmContactRoutes(ctx: AppContext): Router {
  const r = Router();

  r.post('/contacts/query', async (req, res) => {
    const body = parseBody(querySchema, req);
    res.json(await queryContacts(ctx, body.filter, await crmScope(ctx, req), body));
  });

  // The simple list filters (stage, minimum score, text) as query parameters, for links and the UI's list.
  r.get('/contacts', async (req, res) => {
    const q = parseQuery(listQuery, req);
    const conditions: z.infer<typeof filterSchema>['conditions'] = [];
    if (q.stage) conditions.push({ field: 'stage', op: 'in', value: [q.stage] });
    if (q.minScore !== undefined) conditions.push({ field: 'score', op: 'gte', value: q.minScore });
    if (q.q) conditions.push({ field: 'name', op: 'contains', value: q.q });
    res.json(await queryContacts(ctx, { match: 'all', conditions }, await crmScope(ctx, req), q));
  });

  r.get('/contacts/:id', async (req, res) => {
    await visibleContact(ctx, req, req.params.id);
    const [contact] = await ctx.db.select().from(schema.contacts).where(eq(schema.contacts.id, req.params.id));
    const state = await ensureState(ctx, contact.id);
    const [company] = state.companyId ? await ctx.db.select().from(schema.crmCompanies).where(eq(schema.crmCompanies.id, state.companyId)) : [];
    const fields = await listFields(ctx, 'contact');
    res.json({
      id: contact.id, name: contact.name, email: contact.email, phone: contact.phone,
      stage: state.stage, stageChangedAt: state.stageChangedAt.toISOString(), score: state.score, scoreReasons: state.scoreReasons,
      company: company ? { id: company.id, name: company.name, domain: company.domain } : null,
      country: state.country, locale: state.locale, timeZone: state.timeZone,
      fields: Object.fromEntries(fields.map((f) => [f.key, contact.attributes[f.key] ?? null])),
      tasks: await listTasks(ctx, { contactId: contact.id, view: 'open', scope: await crmScope(ctx, req) }),
      stages: await listStages(ctx),
    });
  });

  r.patch('/contacts/:id', async (req, res) => {
    await visibleContact(ctx, req, req.params.id);
    const body = parseBody(patchSchema, req);
    if (body.fields) await updateContact(ctx, req.params.id, { attributes: await validateCustomAttributes(ctx, 'contact', body.fields) });
    if (body.stage) await setStage(ctx, req.params.id, body.stage, agentActor(req));
    if (body.fields) await recomputeScore(ctx, req.params.id);
    res.json({ ok: true, ...(await ensureState(ctx, req.params.id)) });
  });

  r.get('/contacts/:id/timeline', async (req, res) => {
    await visibleContact(ctx, req, req.params.id);
    const q = parseQuery(z.object({ before: z.iso.datetime({ offset: true }).optional(), limit: z.coerce.number().int().min(1).max(200).optional() }), req);
    res.json({ items: await contactTimeline(ctx, req.params.id, q) });
  });

  r.post('/contacts/:id/notes', async (req, res) => {
    await visibleContact(ctx, req, req.params.id);
    const { body } = parseBody(z.object({ body: z.string().trim().min(1).max(5000) }), req);
    await recordTimeline(ctx, req.params.id, 'note', body, { key: 'note.added', params: {} }, {}, agentActor(req));
    res.status(201).json({ ok: true });
  });

  // Conversation custom fields, validated against their definitions like contact fields.
  r.patch('/conversations/:id/fields', async (req, res) => {
    const found = await getConversationView(ctx, req.params.id, await agentInboxIds(ctx, req));
    if (!found) throw notFound('Conversation');
    const { fields } = parseBody(fieldsSchema, req);
    const attributes = await validateCustomAttributes(ctx, 'conversation', fields);
    const conversation = await updateConversation(ctx, found.conversation.id, { attributes }, agentActor(req) as { type: 'agent'; id: string });
    res.json({ id: conversation.id, attributes: conversation.attributes });
  });
  return r;
}
