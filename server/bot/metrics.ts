import { sql, type SQL } from 'drizzle-orm';
import type { AppContext } from '../context.js';
import { groupQuestions } from './missed-questions.js';

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

  // Per handled conversation, from the visitor's side: resolved = the bot answered, nobody was handed the
  // conversation, and the visitor never said an answer did not help; deflected = no agent ever replied.
  const [outcomes] = rows(await ctx.db.execute(sql`
    with handled as (
      select e.conversation_id as id,
        bool_or(e.kind = 'answered') as answered,
        bool_or(e.kind = 'handoff') as handed,
        bool_or(e.kind = 'feedback' and not e.helpful) as unhelpful
      from bot_events e where ${scope} group by e.conversation_id
      having bool_or(e.kind = 'handled')
    )
    select
      count(*) filter (where answered and not handed and not coalesce(unhelpful, false))::int as resolved,
      count(*) filter (where handed)::int as handed,
      count(*) filter (where not exists (select 1 from messages m where m.conversation_id = h.id and m.sender_type = 'agent'
                                         and m.direction = 'outgoing' and not m.private))::int as deflected
    from handled h`));

  const [suggestions] = rows(await ctx.db.execute(sql`
    select coalesce(sum(case when e.kind = 'suggestions_shown' then 1 else 0 end), 0)::int as shown,
           count(*) filter (where e.kind = 'suggestion_used')::int as used,
           count(*) filter (where e.kind = 'suggestion_used' and e.reason = 'kb')::int as "usedKb",
           count(*) filter (where e.kind = 'suggestion_used' and e.reason = 'reply')::int as "usedReply",
           count(*) filter (where e.kind = 'learned')::int as learned
    from bot_events e where e.kind in ('suggestions_shown', 'suggestion_used', 'learned') and ${scope}`));

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
    group by lower(trim(e.query)) order by count desc, max(e.created_at) desc limit 500`));

  const n = (k: string) => Number(counts?.[k] ?? 0);
  return {
    range: { since: range.since.toISOString(), until: range.until.toISOString() },
    conversations: {
      handled: n('handled'), botResolved: Number(resolved?.n ?? 0), botResolvedRate: rate(Number(resolved?.n ?? 0), n('handled')),
      resolved: Number(outcomes?.resolved ?? 0), resolutionRate: rate(Number(outcomes?.resolved ?? 0), n('handled')),
      handedOver: Number(outcomes?.handed ?? 0), handoverRate: rate(Number(outcomes?.handed ?? 0), n('handled')),
      deflected: Number(outcomes?.deflected ?? 0), deflectionRate: rate(Number(outcomes?.deflected ?? 0), n('handled')),
    },
    suggestions: {
      shown: Number(suggestions?.shown ?? 0), used: Number(suggestions?.used ?? 0),
      usedKb: Number(suggestions?.usedKb ?? 0), usedReply: Number(suggestions?.usedReply ?? 0),
      useRate: rate(Number(suggestions?.used ?? 0), Number(suggestions?.shown ?? 0)), learned: Number(suggestions?.learned ?? 0),
    },
    questions: { answered: n('answered'), suggested: n('suggested'), unanswered: n('unanswered') },
    handoffs: { total: n('handoffs'), byReason: Object.fromEntries(reasons.map((r) => [String(r.reason ?? 'unknown'), Number(r.n)])) },
    feedback: { helpful: n('helpful'), unhelpful: n('unhelpful'), helpfulRate: rate(n('helpful'), n('helpful') + n('unhelpful')) },
    leads: n('leads'),
    articles: articles.map((a) => ({ id: a.id, title: a.title, answered: a.answered, helpful: a.helpful, unhelpful: a.unhelpful })),
    unansweredQuestions: groupQuestions(unanswered.map((u) => ({ question: String(u.question), count: Number(u.count), lastAskedAt: new Date(String(u.lastAskedAt)) }))),
  };
}

function emptyMetrics(range: MetricsRange) {
  return {
    range: { since: range.since.toISOString(), until: range.until.toISOString() },
    conversations: {
      handled: 0, botResolved: 0, botResolvedRate: null, resolved: 0, resolutionRate: null,
      handedOver: 0, handoverRate: null, deflected: 0, deflectionRate: null,
    },
    suggestions: { shown: 0, used: 0, usedKb: 0, usedReply: 0, useRate: null, learned: 0 },
    questions: { answered: 0, suggested: 0, unanswered: 0 },
    handoffs: { total: 0, byReason: {} },
    feedback: { helpful: 0, unhelpful: 0, helpfulRate: null },
    leads: 0, articles: [], unansweredQuestions: [],
  };
}
