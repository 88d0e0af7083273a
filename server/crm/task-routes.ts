import { and, eq } from 'drizzle-orm';
import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { isValidTimeZone } from './enrichment.js';
import { reminderSenderFor } from './runtime.js';
import { createTask, fireDueReminders, listTasks, serializeTask, taskInScope, updateTask } from './tasks.js';
import { schema } from '../db/client.js';
import { getConversationView } from '../conversations/conversations.js';
import { agentInboxIds, requireAdmin } from '../http/auth.js';
import { badRequest, notFound } from '../errors.js';
import { parseBody, parseQuery, uuidParam } from '../http/validate.js';
import { agentActor, crmScope, visibleContact } from './route-helpers.js';

const when = z.iso.datetime({ offset: true });
const createSchema = z.object({
  contactId: z.uuid().optional(), conversationId: z.uuid().optional(),
  title: z.string().trim().min(1).max(200), note: z.string().max(5000).nullable().optional(),
  dueAt: when, assigneeId: z.uuid().nullable().optional(),
}).strict().refine((t) => t.contactId || t.conversationId, { message: 'a task belongs to a contact or a conversation', path: ['contactId'] });
const patchSchema = z.object({
  title: z.string().trim().min(1).max(200).optional(), note: z.string().max(5000).nullable().optional(), dueAt: when.optional(),
  assigneeId: z.uuid().nullable().optional(), status: z.enum(['open', 'done', 'cancelled']).optional(),
}).strict();
const listSchema = z.object({
  view: z.enum(['today', 'overdue', 'open', 'all']).optional(), mine: z.enum(['1', '0']).optional(), assigneeId: z.uuid().optional(),
  contactId: z.uuid().optional(), conversationId: z.uuid().optional(),
  tz: z.string().max(64).refine(isValidTimeZone, 'an IANA time zone').optional(),
});

/** Follow-up tasks with due-time reminders; "my tasks today / overdue" is view=today|overdue&mine=1. */
export function crmTaskRoutes(ctx: AppContext): Router {
  const r = Router();

  r.get('/tasks', async (req, res) => {
    const q = parseQuery(listSchema, req);
    if (q.contactId) await visibleContact(ctx, req, q.contactId);
    const assigneeId = q.mine === '1' ? req.agent!.id : q.assigneeId;
    res.json({ items: await listTasks(ctx, { ...q, scope: await crmScope(ctx, req), assigneeId, timeZone: q.tz }) });
  });

  r.post('/tasks', async (req, res) => {
    const body = parseBody(createSchema, req);
    if (body.contactId) await visibleContact(ctx, req, body.contactId);
    if (body.conversationId && !(await getConversationView(ctx, body.conversationId, await agentInboxIds(ctx, req)))) throw notFound('Conversation');
    if (body.assigneeId) {
      const [agent] = await ctx.db.select({ id: schema.agents.id }).from(schema.agents).where(eq(schema.agents.id, body.assigneeId));
      if (!agent) throw badRequest('Unknown assignee', { assigneeId: 'no such agent' });
    }
    res.status(201).json(serializeTask(await createTask(ctx, body, agentActor(req))));
  });

  r.patch('/tasks/:id', async (req, res) => {
    if (!uuidParam.test(String(req.params.id))) throw notFound('Task');
    const [task] = await ctx.db.select().from(schema.crmTasks)
      .where(and(eq(schema.crmTasks.id, String(req.params.id)), taskInScope(await crmScope(ctx, req))));
    if (!task) throw notFound('Task');
    res.json(serializeTask(await updateTask(ctx, task.id, parseBody(patchSchema, req), agentActor(req))));
  });

  // Delivers every reminder that is due now without waiting for the next sweep (operations, clock changes).
  r.post('/tasks/run-due', requireAdmin, async (_req, res) => {
    const fired = await fireDueReminders(ctx, reminderSenderFor(ctx));
    res.json({ reminded: fired.map((t) => t.id) });
  });
  return r;
}
