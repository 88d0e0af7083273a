// Who holds a conversation, as activity lines in its thread: assigned, reassigned or unassigned, and moved between
// teams, with who did it (an agent, a rule, auto-assignment, the bot). A durable consumer of the event log writes
// them; each line's origin key is the event id and the part it tells, so an event delivered again writes nothing.
// The English body is for exports and webhooks; agents read `meta.event` + `meta.params` in their own language.
import { eq, inArray } from 'drizzle-orm';
import type { AppContext } from '../context.js';
import { schema } from '../db/client.js';
import type { Actor, ConversationRow, EventMeta } from '../events/bus.js';
import { createOutgoingMessage } from '../ingest/outbound.js';
import { originFromActor } from './rules-origin.js';

export type AssignedBy = 'agent' | 'rule' | 'auto' | 'bot' | 'system';
interface ByParams { by: AssignedBy; byId: string | null; byName: string | null }

const AUTO_ASSIGNER = 'assignment';

async function names(ctx: AppContext, table: typeof schema.agents | typeof schema.teams | typeof schema.automationRules, ids: (string | null)[]) {
  const wanted = [...new Set(ids.filter((id): id is string => Boolean(id)))];
  if (!wanted.length) return new Map<string, string>();
  const rows = await ctx.db.select({ id: table.id, name: table.name }).from(table).where(inArray(table.id, wanted));
  return new Map(rows.map((r) => [r.id, r.name]));
}

async function whoDidIt(ctx: AppContext, actor: Actor | undefined): Promise<ByParams> {
  if (actor?.type === 'agent' && actor.id) return { by: 'agent', byId: actor.id, byName: (await names(ctx, schema.agents, [actor.id])).get(actor.id) ?? null };
  const rule = originFromActor(actor)?.chain.at(-1);
  if (rule) return { by: 'rule', byId: rule, byName: (await names(ctx, schema.automationRules, [rule])).get(rule) ?? null };
  if (actor?.type === 'system' && actor.id === AUTO_ASSIGNER) return { by: 'auto', byId: null, byName: null };
  return { by: actor?.type === 'bot' ? 'bot' : 'system', byId: null, byName: null };
}

function byText(p: ByParams): string {
  if (p.by === 'agent' && p.byName) return ` by ${p.byName}`;
  if (p.by === 'rule' && p.byName) return ` by rule “${p.byName}”`;
  if (p.by === 'auto') return ' automatically';
  if (p.by === 'bot') return ' by the bot';
  return '';
}

function moveText(kind: 'agent' | 'team', from: string | null, to: string | null): string {
  if (kind === 'agent') return from && to ? `Reassigned from ${from} to ${to}` : to ? `Assigned to ${to}` : `Unassigned from ${from}`;
  return from && to ? `Moved from team ${from} to ${to}` : to ? `Moved to team ${to}` : `Removed from team ${from}`;
}

/** The lines one conversation.updated event asks for: none unless it moved the assignee or the team. */
export async function writeAssignmentLines(
  ctx: AppContext, e: { conversation: ConversationRow; changed: string[]; actor?: Actor; previous?: { assigneeId: string | null; teamId: string | null } }, meta: EventMeta,
): Promise<void> {
  const agentMoved = e.changed.includes('assigneeId');
  const teamMoved = e.changed.includes('teamId');
  if (!agentMoved && !teamMoved) return;
  // A merge (and its undo) carries the assignee over as part of its own line; undoing must leave the thread as it
  // was, so neither writes assignment lines of its own.
  if (e.changed.includes('merged') || e.changed.includes('unmerged')) return;
  const [exists] = await ctx.db.select({ id: schema.conversations.id }).from(schema.conversations).where(eq(schema.conversations.id, e.conversation.id));
  if (!exists) return; // erased since: nothing to tell
  const by = await whoDidIt(ctx, e.actor);
  const before = e.previous ?? { assigneeId: null, teamId: null };
  const write = (part: string, body: string, event: string, params: Record<string, unknown>) => createOutgoingMessage(ctx, {
    conversationId: e.conversation.id, senderType: 'system', activity: true, originKey: `assignment:${meta.id}:${part}`,
    body: `${body}${byText(by)}`, meta: { event, params: { ...params, ...by } },
  });
  // One line per part that moved; agents and teams differ only in their table, words and param names.
  const parts = [
    { moved: agentMoved, part: 'agent', table: schema.agents, from: before.assigneeId, to: e.conversation.assigneeId, gone: 'a removed agent',
      event: 'conversation.assigned', keys: ['assigneeId', 'assigneeName', 'previousAssigneeId', 'previousAssigneeName'] },
    { moved: teamMoved, part: 'team', table: schema.teams, from: before.teamId, to: e.conversation.teamId, gone: 'a removed team',
      event: 'conversation.team_assigned', keys: ['teamId', 'teamName', 'previousTeamId', 'previousTeamName'] },
  ] as const;
  for (const p of parts) {
    if (!p.moved) continue;
    const known = await names(ctx, p.table, [p.from, p.to]);
    const fromName = p.from ? known.get(p.from) ?? null : null;
    const toName = p.to ? known.get(p.to) ?? null : null;
    const [id, name, previousId, previousName] = p.keys;
    await write(p.part, moveText(p.part, p.from && (fromName ?? p.gone), p.to && (toName ?? p.gone)), p.event,
      { [id]: p.to, [name]: toName, [previousId]: p.from, [previousName]: fromName });
  }
}

export const ASSIGNMENT_LINES_CONSUMER = 'assignment-lines';

export function assignmentLinesConsumer(ctx: AppContext): void {
  ctx.bus.consumer(ASSIGNMENT_LINES_CONSUMER).on('conversation.updated', (e, meta) => writeAssignmentLines(ctx, e, meta));
}
