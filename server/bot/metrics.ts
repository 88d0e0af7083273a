import { sql, type SQL } from 'drizzle-orm';
import type { AppContext } from '../context.js';

export interface MetricsRange { inboxIds: string[]; since: Date; until: Date }

const rows = (r: unknown) => (r as { rows: Record<string, unknown>[] }).rows;
const rate = (part: number, whole: number) => (whole ? Math.round((part / whole) * 1000) / 1000 : null);

/**
 * Bot metrics for the conversations the bot took part in within the range: how many it handled, how many
 * ended resolved with no human reply, handoffs by reason, answer feedback, and the questions it could not
 * answer (grouped, most asked first) so the team knows which articles to write next.
 */
export async function botMetrics(ctx: AppContext, range: MetricsRange) {
  if (!range.inboxIds.length) return emptyMetrics(range);
  const scope: SQL = sql`e.inbox_id in (${sql.join(range.inboxIds.map((id) => sql`${id}::uuid`), sql`, `)})
    and e.created_at >= ${range.since.toISOString()}::timestamptz and e.created_at < ${range.until.toISOString()}::timestamptz`;

  const [counts] = rows(await ctx.db.execute(sql`
    select
      count(distinct e.conversation_id) filter (where e.kind = 'handled')::int as handled,
      count(*) filter (where e.kind = 'answered')::int as answered,
      count(*) filter (where e.kind = 'suggested')::int as suggested,
      count(*) filter (where e.kind = 'unanswered')::int as unanswered,
      count(*) filter (where e.kind = 'handoff')::int as handoffs,
      count(*) filter (where e.kind = 'feedback' and e.helpful)::int as helpful,
      count(*) filter (where e.kind = 'feedback' and not e.helpful)::int as unhelpful,
      count(*) filter (where e.kind = 'lead')::int as leads
    from bot_events e where ${scope}`));

  const [resolved] = rows(await ctx.db.execute(sql`
    select count(*)::int as n from conversations c
    where c.status = 'resolved'
      and exists (select 1 from bot_events e where e.conversation_id = c.id and e.kind = 'handled' and ${scope})
      and not exists (select 1 from messages m where m.conversation_id = c.id and m.sender_type = 'agent'
                      and m.direction = 'outgoing' and not m.private)`));

  const reasons = rows(await ctx.db.execute(sql`
    select e.reason, count(*)::int as n from bot_events e where e.kind = 'handoff' and ${scope}
    group by e.reason order by n desc`));

  const articles = rows(await ctx.db.execute(sql`
    select a.id, a.title,
      count(*) filter (where e.kind = 'answered')::int as answered,
      count(*) filter (where e.kind = 'feedback' and e.helpful)::int as helpful,
      count(*) filter (where e.kind = 'feedback' and not e.helpful)::int as unhelpful
    from bot_events e join kb_articles a on a.id = e.article_id
    where ${scope} group by a.id, a.title order by answered desc limit 50`));

  const unanswered = rows(await ctx.db.execute(sql`
    select min(e.query) as question, count(*)::int as count, max(e.created_at) as "lastAskedAt"
    from bot_events e where e.kind = 'unanswered' and e.query is not null and ${scope}
    group by lower(trim(e.query)) order by count desc, max(e.created_at) desc limit 100`));

  const n = (k: string) => Number(counts?.[k] ?? 0);
  return {
    range: { since: range.since.toISOString(), until: range.until.toISOString() },
    conversations: { handled: n('handled'), botResolved: Number(resolved?.n ?? 0), resolutionRate: rate(Number(resolved?.n ?? 0), n('handled')) },
    questions: { answered: n('answered'), suggested: n('suggested'), unanswered: n('unanswered') },
    handoffs: { total: n('handoffs'), byReason: Object.fromEntries(reasons.map((r) => [String(r.reason ?? 'unknown'), Number(r.n)])) },
    feedback: { helpful: n('helpful'), unhelpful: n('unhelpful'), helpfulRate: rate(n('helpful'), n('helpful') + n('unhelpful')) },
    leads: n('leads'),
    articles: articles.map((a) => ({ id: a.id, title: a.title, answered: a.answered, helpful: a.helpful, unhelpful: a.unhelpful })),
    unansweredQuestions: unanswered.map((u) => ({ question: u.question, count: u.count, lastAskedAt: new Date(String(u.lastAskedAt)).toISOString() })),
  };
}

function emptyMetrics(range: MetricsRange) {
  return {
    range: { since: range.since.toISOString(), until: range.until.toISOString() },
    conversations: { handled: 0, botResolved: 0, resolutionRate: null },
    questions: { answered: 0, suggested: 0, unanswered: 0 },
    handoffs: { total: 0, byReason: {} },
    feedback: { helpful: 0, unhelpful: 0, helpfulRate: null },
    leads: 0, articles: [], unansweredQuestions: [],
  };
}
