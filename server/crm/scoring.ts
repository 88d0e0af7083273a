import { memo } from '../shared/memo.js';
import { asc, desc, eq, sql } from 'drizzle-orm';
import type { AppContext } from '../context.js';
import { schema } from '../db/client.js';
import { runFixed, type FixedStatement } from '../db/fixed-statement.js';
import type { ContactRow, ConversationRow, MessageRow } from '../events/bus.js';
import { now } from '../clock.js';
import { computeScore, type ContactView, type Fact } from './scoring-rules.js';
import { listStages, setStage, stageForScore } from './stages.js';
import { ensureState } from './state.js';
import { recordTimeline, timelineData } from './timeline.js';

// A decayed score drifts by fractions every hour; the timeline only notes changes worth reading.
const NOTEWORTHY_CHANGE = 5;

export function listRules(ctx: AppContext) {
  return memo(ctx, 'crm:rules', () => ctx.db.select().from(schema.crmScoringRules).orderBy(asc(schema.crmScoringRules.createdAt)));
}

type AtRow = { id: string; at_ms: string | number | null; answered: boolean | null };

/** A batch's message facts as one JSON parameter (a multi-row insert built a parameter per column and row). */
const INSERT_MESSAGE_FACTS: FixedStatement = {
  name: 'crm_contact_facts_insert_messages',
  text: `insert into crm_contact_facts (contact_id, kind, ref, data, at)
    select contact_id, kind, ref, data, at from json_to_recordset($1::json) as v(contact_id uuid, kind text, ref text, data jsonb, at timestamptz)
    on conflict do nothing returning contact_id`,
};

/**
 * Remembers incoming messages as scoring facts (their words, whether the bot had them, how fast they answered us),
 * with two statements however many: for each, our last public message before it and whether the customer already
 * wrote after that one, then one insert of all the facts. Returns the contacts that
 * got a new fact (a message handed out again after a crash adds none).
 */
export async function recordMessageFacts(ctx: AppContext, items: { message: MessageRow; conversation: ConversationRow }[]): Promise<Set<string>> {
  const incoming = items.filter(({ message }) => message.direction === 'incoming' && message.senderType === 'contact');
  if (!incoming.length) return new Set();
  const col = <T>(pick: (m: MessageRow) => T) => sql.param(incoming.map(({ message }) => pick(message)));
  // The "after it" bound is the millisecond-truncated time a Date carries, exactly as a second query would use it.
  const { rows } = await ctx.db.execute(sql`select v.id, p.at_ms, p.answered
    from unnest(${col((m) => m.id)}::uuid[], ${col((m) => m.conversationId)}::uuid[], ${col((m) => m.createdAt.toISOString())}::timestamptz[])
      as v(id, conversation_id, created_at)
    left join lateral (select (extract(epoch from date_trunc('milliseconds', m.created_at)) * 1000)::bigint as at_ms,
        exists (select 1 from messages i where i.conversation_id = v.conversation_id and i.direction = 'incoming'
          and i.id <> v.id and i.created_at > date_trunc('milliseconds', m.created_at) and i.created_at < v.created_at) as answered
      from messages m where m.conversation_id = v.conversation_id and m.direction = 'outgoing' and m.private = false
        and m.created_at < v.created_at order by m.created_at desc limit 1) p on true`) as unknown as { rows: AtRow[] };
  const previous = new Map(rows.map((r) => [r.id, r]));
  const facts = incoming.map(({ message, conversation }) => {
    const p = previous.get(message.id);
    // Only the first answer after our message counts as a reply to it.
    const replyDelayHours = p && p.at_ms !== null && !p.answered ? (message.createdAt.getTime() - Number(p.at_ms)) / 3_600_000 : null;
    return {
      contact_id: conversation.contactId, kind: 'message' as const, ref: message.id, at: message.createdAt,
      data: { text: message.body.slice(0, 2000).toLowerCase(), toBot: conversation.status === 'pending', replyDelayHours },
    };
  });
  const inserted = await runFixed(ctx.db, ctx.database.kind === 'postgres', INSERT_MESSAGE_FACTS, [JSON.stringify(facts)]) as { contact_id: string }[];
  return new Set(inserted.map((r) => r.contact_id));
}

/** Page views the widget reported (contact.attributes.visitor.pageViews) become facts and timeline entries. */
export async function recordPageVisits(ctx: AppContext, contact: ContactRow): Promise<boolean> {
  const views = ((contact.attributes.visitor as { pageViews?: unknown } | undefined)?.pageViews ?? []) as { url?: unknown; title?: unknown; at?: unknown }[];
  const rows = views.filter((v) => typeof v.url === 'string' && typeof v.at === 'string' && !Number.isNaN(Date.parse(v.at)))
    .map((v) => ({ contactId: contact.id, kind: 'page_visit' as const, ref: `${v.url}@${v.at}`, data: { url: v.url, title: typeof v.title === 'string' ? v.title : null }, at: new Date(v.at as string) }));
  if (!rows.length) return false;
  const inserted = await ctx.db.insert(schema.crmContactFacts).values(rows).onConflictDoNothing().returning();
  for (const f of inserted) {
    await ctx.db.insert(schema.crmTimeline).values({ contactId: contact.id, kind: 'page_visit', summary: String(f.data.title || f.data.url),
      data: timelineData({ key: 'page.visited', params: { url: String(f.data.url), title: typeof f.data.title === 'string' ? f.data.title : null } }, f.data), actorType: 'contact', actorId: contact.id, at: f.at });
  }
  return inserted.length > 0;
}

async function contactView(ctx: AppContext, contactId: string): Promise<ContactView | null> {
  const [row] = await ctx.db.select({ c: schema.contacts, s: schema.crmContactState, domain: schema.crmCompanies.domain }).from(schema.contacts)
    .leftJoin(schema.crmContactState, eq(schema.crmContactState.contactId, schema.contacts.id))
    .leftJoin(schema.crmCompanies, eq(schema.crmCompanies.id, schema.crmContactState.companyId))
    .where(eq(schema.contacts.id, contactId));
  if (!row) return null;
  return { name: row.c.name, email: row.c.email, phone: row.c.phone, attributes: row.c.attributes, company: row.domain,
    country: row.s?.country, locale: row.s?.locale, timeZone: row.s?.timeZone };
}

/** Recomputes one contact's score with its reasons, notes the change and lets thresholds move the stage. */
export async function recomputeScore(ctx: AppContext, contactId: string, rules?: Awaited<ReturnType<typeof listRules>>): Promise<{ score: number } | null> {
  const activeRules = rules ?? await listRules(ctx);
  // Without enabled rules nothing can score (rule edits recompute everyone through recomputeAll): skip the reads.
  if (!rules && !activeRules.some((r) => r.enabled)) return { score: 0 };
  const view = await contactView(ctx, contactId);
  if (!view) return null;
  const state = await ensureState(ctx, contactId);
  const facts: Fact[] = await ctx.db.select({ kind: schema.crmContactFacts.kind, data: schema.crmContactFacts.data, at: schema.crmContactFacts.at })
    .from(schema.crmContactFacts).where(eq(schema.crmContactFacts.contactId, contactId)).orderBy(desc(schema.crmContactFacts.at)).limit(2000);
  const { score, reasons } = computeScore(activeRules, view, facts, now(ctx));
  const sameReasons = JSON.stringify(reasons.map((r) => r.ruleId)) === JSON.stringify(state.scoreReasons.map((r) => r.ruleId));
  if (score !== state.score || !sameReasons) {
    await ctx.db.update(schema.crmContactState).set({ score, scoreReasons: reasons, updatedAt: now(ctx) }).where(eq(schema.crmContactState.contactId, contactId));
    if (Math.abs(score - state.score) >= NOTEWORTHY_CHANGE || !sameReasons) {
      await recordTimeline(ctx, contactId, 'score', `Score ${state.score} → ${score}`,
        { key: 'score.changed', params: { from: state.score, to: score } }, { from: state.score, to: score, reasons }, { type: 'rule' });
    }
  }
  const next = stageForScore(await listStages(ctx), state.stage, score);
  if (next) await setStage(ctx, contactId, next.key, { type: 'rule' }, { key: 'score', score, min: next.minScore ?? 0 });
  return { score };
}

/** Decay and rule edits touch everyone with a score or facts: recompute them in pages. */
export async function recomputeAll(ctx: AppContext): Promise<number> {
  const rules = await listRules(ctx);
  let count = 0;
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const ids = (await ctx.db.execute(sql`
      select c.id from contacts c left join crm_contact_state s on s.contact_id = c.id
      where c.id > ${after}::uuid and (coalesce(s.score, 0) <> 0 or exists (select 1 from crm_contact_facts f where f.contact_id = c.id) or ${rules.some((r) => r.kind === 'attribute')})
      order by c.id limit 500`) as any).rows.map((r: any) => r.id as string);
    if (!ids.length) return count;
    for (const id of ids) await recomputeScore(ctx, id, rules);
    count += ids.length;
    after = ids[ids.length - 1];
  }
}

