import { eq, sql } from 'drizzle-orm';
import type { AppContext } from '../context.js';
import { schema } from '../db/client.js';
import { updateConversation } from '../conversations/conversations.js';
import type { ConversationRow } from '../events/bus.js';
import { createOutgoingMessage } from '../ingest/outbound.js';
import { autoAssign } from './assignment.js';
import { originActor, type RuleOrigin } from './rules-origin.js';
import type { RuleAction } from './rules-schema.js';
import { applySla } from './sla-service.js';
import { sendToSubscription } from './webhooks.js';

async function tableColumns(ctx: AppContext, table: string): Promise<Set<string>> {
  const r = await ctx.db.execute(sql`select column_name from information_schema.columns where table_schema = 'public' and table_name = ${table}`);
  return new Set(((r as any).rows as { column_name: string }[]).map((c) => c.column_name));
}

/** Tasks belong to the CRM; when its table is there a rule creates a real task, otherwise a note says what to do. */
async function createTask(ctx: AppContext, c: ConversationRow, title: string, dueInMinutes: number | undefined, origin: RuleOrigin) {
  const cols = await tableColumns(ctx, 'tasks');
  const dueAt = dueInMinutes ? new Date(ctx.clock.now().getTime() + dueInMinutes * 60_000) : null;
  if (cols.has('title')) {
    const values: [string, unknown][] = [['title', title]];
    if (cols.has('contact_id')) values.push(['contact_id', c.contactId]);
    if (cols.has('conversation_id')) values.push(['conversation_id', c.id]);
    if (cols.has('assignee_id') && c.assigneeId) values.push(['assignee_id', c.assigneeId]);
    if (cols.has('due_at') && dueAt) values.push(['due_at', dueAt]);
    await ctx.db.execute(sql`insert into tasks (${sql.raw(values.map(([k]) => `"${k}"`).join(', '))}) values (${sql.join(values.map(([, v]) => sql`${v}`), sql`, `)})`);
    return `task created: ${title}`;
  }
  await createOutgoingMessage(ctx, {
    conversationId: c.id, private: true, senderType: 'system',
    body: `Follow-up task: ${title}${dueAt ? ` (due ${dueAt.toISOString()})` : ''}`,
    meta: { automation: origin, event: 'task.noted', params: { title, dueAt: dueAt?.toISOString() ?? null } },
  });
  return `task noted: ${title}`;
}

async function template(ctx: AppContext, shortCode: string, c: ConversationRow): Promise<string> {
  if (!(await tableColumns(ctx, 'canned_responses')).size) throw new Error('canned responses are not available');
  const r = await ctx.db.execute(sql`select content from canned_responses where lower(short_code) = lower(${shortCode}) limit 1`);
  const row = (r as any).rows[0] as { content: string } | undefined;
  if (!row) throw new Error(`no canned response "${shortCode}"`);
  const [contact] = await ctx.db.select({ name: schema.contacts.name }).from(schema.contacts).where(eq(schema.contacts.id, c.contactId));
  return row.content.replace(/\{\{\s*contact\.name\s*\}\}/g, contact?.name ?? '').replace(/\{\{\s*conversation\.id\s*\}\}/g, c.id);
}

/** Runs one action on the conversation as it is now; returns a line for the run log. */
export async function runAction(ctx: AppContext, action: RuleAction, conversationId: string, origin: RuleOrigin, originKey?: string): Promise<string> {
  const [c] = await ctx.db.select().from(schema.conversations).where(eq(schema.conversations.id, conversationId));
  if (!c) throw new Error('conversation gone');
  const actor = originActor(origin);
  const say = (body: string, isPrivate: boolean) => createOutgoingMessage(ctx, {
    conversationId, body, private: isPrivate, senderType: 'system', meta: { automation: origin }, ...(originKey ? { originKey } : {}),
  });
  switch (action.type) {
    case 'assign_agent': await updateConversation(ctx, c.id, { assigneeId: action.agentId }, actor); return `assigned ${action.agentId}`;
    case 'assign_auto': return `auto-assigned ${(await autoAssign(ctx, c.id)) ?? 'nobody (no one free)'}`;
    case 'assign_team': await updateConversation(ctx, c.id, { teamId: action.teamId }, actor); return `team ${action.teamId}`;
    // A label already there (or already gone) changes nothing: no write and no conversation.updated for every
    // message the rule matches again.
    case 'add_label': {
      if (!c.labels.includes(action.label.trim().toLowerCase())) await updateConversation(ctx, c.id, { labels: [...c.labels, action.label] }, actor);
      return `label +${action.label}`;
    }
    case 'remove_label': {
      const label = action.label.trim().toLowerCase();
      if (c.labels.includes(label)) await updateConversation(ctx, c.id, { labels: c.labels.filter((l) => l !== label) }, actor);
      return `label -${label}`;
    }
    case 'set_priority': await updateConversation(ctx, c.id, { priority: action.priority }, actor); return `priority ${action.priority}`;
    case 'set_status': await updateConversation(ctx, c.id, { status: action.status }, actor); return `status ${action.status}`;
    case 'send_message': await say(action.body, false); return 'message sent';
    case 'send_template': await say(await template(ctx, action.shortCode, c), false); return `template ${action.shortCode} sent`;
    case 'add_note': await say(action.body, true); return 'note added';
    case 'create_task': return createTask(ctx, c, action.title, action.dueInMinutes, origin);
    case 'send_webhook': await sendToSubscription(ctx, action.subscriptionId, 'automation.rule', { conversationId: c.id }); return 'webhook queued';
    case 'apply_sla': await applySla(ctx, c.id, action.policyId); return `sla ${action.policyId}`;
    case 'mute': await updateConversation(ctx, c.id, { attributes: { muted: true } }, actor); return 'muted';
  }
}
