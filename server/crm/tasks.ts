import { and, asc, eq, gte, isNull, lt, lte, sql, type SQL } from 'drizzle-orm';
import type { AppContext } from '../context.js';
import { schema } from '../db/client.js';
import { badRequest, notFound } from '../errors.js';
import { now } from '../clock.js';
import { contactInScope, conversationInScope, type Scope } from './scope.js';
import { recordTimeline, type CrmActor } from './timeline.js';
import { localDayBounds } from './zoned-time.js';
import type { WireCrmTask } from '../contract/admin.js';

export const REMINDER_QUEUE = 'crm-task-reminder';
export type TaskRow = typeof schema.crmTasks.$inferSelect;

export interface TaskInput {
  contactId?: string | null;
  conversationId?: string | null;
  title: string;
  note?: string | null;
  dueAt: string | Date;
  assigneeId?: string | null;
  kind?: 'task' | 'snooze';
}

export const serializeTask = (t: TaskRow, contact?: { id: string; name: string | null; email: string | null } | null): WireCrmTask => ({
  id: t.id, contactId: t.contactId, conversationId: t.conversationId, kind: t.kind, title: t.title, note: t.note,
  dueAt: t.dueAt.toISOString(), assigneeId: t.assigneeId, createdById: t.createdById, status: t.status,
  remindedAt: t.remindedAt?.toISOString() ?? null, completedAt: t.completedAt?.toISOString() ?? null, createdAt: t.createdAt.toISOString(),
  contact: contact ?? null,
});

/** The due-time job; the worker re-checks the task, so a stale job (task moved or done) does nothing. */
async function scheduleReminder(ctx: AppContext, task: TaskRow): Promise<void> {
  if (task.status !== 'open' || task.remindedAt) return;
  await ctx.jobs.enqueue(REMINDER_QUEUE, { taskId: task.id }, { startAfterMs: Math.max(0, task.dueAt.getTime() - now(ctx).getTime()), retryLimit: 3 });
}

async function contactOf(ctx: AppContext, input: { contactId?: string | null; conversationId?: string | null }): Promise<string | null> {
  if (input.contactId) return input.contactId;
  if (!input.conversationId) return null;
  const [c] = await ctx.db.select({ contactId: schema.conversations.contactId }).from(schema.conversations).where(eq(schema.conversations.id, input.conversationId));
  if (!c) throw badRequest('Unknown conversation', { conversationId: 'no such conversation' });
  return c.contactId;
}

export async function createTask(ctx: AppContext, input: TaskInput, actor: CrmActor): Promise<TaskRow> {
  const contactId = await contactOf(ctx, input);
  const [task] = await ctx.db.insert(schema.crmTasks).values({
    contactId, conversationId: input.conversationId ?? null, kind: input.kind ?? 'task', title: input.title, note: input.note ?? null,
    dueAt: new Date(input.dueAt), assigneeId: input.assigneeId ?? (actor.type === 'agent' ? actor.id ?? null : null),
    createdById: actor.type === 'agent' ? actor.id ?? null : null,
  }).returning();
  if (contactId) await recordTimeline(ctx, contactId, 'task', `Task: ${task.title}`,
    { key: 'task.created', params: { title: task.title, dueAt: task.dueAt.toISOString() } }, { taskId: task.id, dueAt: task.dueAt.toISOString(), event: 'created' }, actor);
  await scheduleReminder(ctx, task);
  return task;
}

export async function updateTask(ctx: AppContext, id: string, patch: Partial<Pick<TaskInput, 'title' | 'note' | 'dueAt' | 'assigneeId'>> & { status?: 'open' | 'done' | 'cancelled' }, actor: CrmActor): Promise<TaskRow> {
  const [current] = await ctx.db.select().from(schema.crmTasks).where(eq(schema.crmTasks.id, id));
  if (!current) throw notFound('Task');
  const set: Partial<TaskRow> = {};
  if (patch.title !== undefined) set.title = patch.title;
  if (patch.note !== undefined) set.note = patch.note;
  if (patch.assigneeId !== undefined) set.assigneeId = patch.assigneeId;
  if (patch.dueAt !== undefined) { set.dueAt = new Date(patch.dueAt); set.remindedAt = null; }
  if (patch.status && patch.status !== current.status) {
    set.status = patch.status;
    set.completedAt = patch.status === 'open' ? null : now(ctx);
  }
  const [task] = await ctx.db.update(schema.crmTasks).set(set).where(eq(schema.crmTasks.id, id)).returning();
  if (task.contactId && set.status && set.status !== 'open') {
    await recordTimeline(ctx, task.contactId, 'task', `Task ${set.status}: ${task.title}`,
      { key: set.status === 'done' ? 'task.done' : 'task.cancelled', params: { title: task.title } }, { taskId: task.id, event: set.status }, actor);
  }
  if (set.dueAt || set.status === 'open') await scheduleReminder(ctx, task);
  return task;
}

export type TaskView = 'today' | 'overdue' | 'open' | 'all';

/**
 * A task is in scope through what it is about: its conversation's inbox, or (for a task on a contact alone)
 * the contact's conversations. Whoever it is assigned to, it shows nothing from inboxes out of scope.
 */
export function taskInScope(scope: Scope): SQL {
  if (scope === 'all') return sql`true`;
  return sql`(case when ${schema.crmTasks.conversationId} is not null then ${conversationInScope(sql`${schema.crmTasks.conversationId}`, scope)}
    else ${contactInScope(sql`${schema.crmTasks.contactId}`, scope)} end)`;
}

export async function listTasks(ctx: AppContext, f: { scope: Scope; assigneeId?: string; contactId?: string; conversationId?: string; view?: TaskView; timeZone?: string }) {
  const at = now(ctx);
  const where: SQL[] = [taskInScope(f.scope)];
  if (f.assigneeId) where.push(eq(schema.crmTasks.assigneeId, f.assigneeId));
  if (f.contactId) where.push(eq(schema.crmTasks.contactId, f.contactId));
  if (f.conversationId) where.push(eq(schema.crmTasks.conversationId, f.conversationId));
  const view = f.view ?? 'open';
  if (view !== 'all') where.push(eq(schema.crmTasks.status, 'open'));
  if (view === 'overdue') where.push(lt(schema.crmTasks.dueAt, at));
  if (view === 'today') {
    const { start, end } = localDayBounds(at, f.timeZone ?? 'UTC');
    where.push(gte(schema.crmTasks.dueAt, start), lt(schema.crmTasks.dueAt, end));
  }
  const rows = await ctx.db.select({ t: schema.crmTasks, contact: { id: schema.contacts.id, name: schema.contacts.name, email: schema.contacts.email } })
    .from(schema.crmTasks).leftJoin(schema.contacts, eq(schema.contacts.id, schema.crmTasks.contactId))
    .where(and(...where)).orderBy(asc(schema.crmTasks.dueAt)).limit(500);
  return rows.map((r) => serializeTask(r.t, r.contact?.id ? r.contact : null));
}

/**
 * Claims every open task that is due and not yet reminded (one conditional update, so two nodes never remind
 * twice) and hands each to `remind`. Runs from the due-time job and the periodic sweep.
 */
export async function fireDueReminders(ctx: AppContext, remind: (task: TaskRow) => Promise<void>, taskId?: string): Promise<TaskRow[]> {
  const at = now(ctx);
  const claimed = await ctx.db.update(schema.crmTasks).set({ remindedAt: at }).where(and(
    eq(schema.crmTasks.status, 'open'), isNull(schema.crmTasks.remindedAt), lte(schema.crmTasks.dueAt, at),
    taskId ? eq(schema.crmTasks.id, taskId) : sql`true`,
  )).returning();
  for (const task of claimed) await remind(task);
  return claimed;
}

/** A job that woke before its task is due (the due time moved, or the clock is not the wall clock) waits again. */
export async function rescheduleIfEarly(ctx: AppContext, taskId: string): Promise<void> {
  const [task] = await ctx.db.select().from(schema.crmTasks).where(eq(schema.crmTasks.id, taskId));
  if (task && task.status === 'open' && !task.remindedAt && task.dueAt > now(ctx)) await scheduleReminder(ctx, task);
}
