import { sql, type SQL } from 'drizzle-orm';
import type { AppContext } from '../context.js';

export const GROUPS = ['none', 'day', 'inbox', 'channel', 'agent', 'team', 'label'] as const;
export type GroupBy = (typeof GROUPS)[number];

export interface ReportQuery { from: Date; to: Date; groupBy: GroupBy; businessHours: boolean; inboxIds: string[] }

export interface ReportRow {
  key: string;
  conversationsCreated: number;
  handoffs: number;
  firstResponse: { count: number; avgSeconds: number | null; medianSeconds: number | null };
  resolution: { count: number; avgSeconds: number | null; medianSeconds: number | null };
  botResolutions: number;
  reply: { count: number; avgSeconds: number | null } | null;
  messagesReceived: number | null;
  messagesSent: number | null;
  csat: { surveys: number; responses: number; average: number | null; satisfactionRate: number | null };
  sla: { measured: number; met: number; attainment: number | null };
}

const rowsOf = async (ctx: AppContext, q: SQL) => ((await ctx.db.execute(q)) as any).rows as Record<string, any>[];
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/** The grouping key over a table alias, bucketing days on `ts` (UTC). Label grouping unnests the label array. */
function keyOf(groupBy: GroupBy, ts: SQL, alias: string): SQL {
  const a = sql.raw(alias);
  switch (groupBy) {
    case 'none': return sql`'all'`;
    case 'day': return sql`to_char(${ts} at time zone 'UTC', 'YYYY-MM-DD')`;
    case 'inbox': return sql`${a}.inbox_id::text`;
    case 'channel': return sql`${a}.channel`;
    case 'agent': return sql`coalesce(${a}.assignee_id::text, 'none')`;
    case 'team': return sql`coalesce(${a}.team_id::text, 'none')`;
    case 'label': return sql`lbl`;
  }
}

const labelJoin = (groupBy: GroupBy, alias: string) => (groupBy === 'label' ? sql.raw(`cross join lateral unnest(${alias}.labels) as lbl`) : sql``);

/**
 * Every metric for a date range [from, to), grouped. Each metric is attributed to the moment it happened:
 * created → created_at, first response → first reply, resolution/bot resolution/SLA → resolved_at, messages and
 * replies → their day, CSAT → when answered. Definitions are in the README.
 */
export async function runReport(ctx: AppContext, q: ReportQuery): Promise<ReportRow[]> {
  const inboxes = sql`(${sql.join(q.inboxIds.map((id) => sql`${id}::uuid`), sql`, `)})`;
  if (!q.inboxIds.length) return [];
  const { from, to, groupBy: g } = q;
  const frs = sql.raw(q.businessHours ? 'f.first_response_bh_seconds' : 'f.first_response_seconds');
  const res = sql.raw(q.businessHours ? 'f.resolution_bh_seconds' : 'f.resolution_seconds');
  const range = (col: string) => sql`${sql.raw(col)} >= ${from} and ${sql.raw(col)} < ${to} and f.inbox_id in ${inboxes}`;

  const created = await rowsOf(ctx, sql`select ${keyOf(g, sql.raw('f.created_at'), 'f')} as k, count(*)::int as n, count(*) filter (where f.handed_off)::int as handoffs
    from report_conversation_facts f ${labelJoin(g, 'f')} where ${range('f.created_at')} group by 1`);
  const first = await rowsOf(ctx, sql`select ${keyOf(g, sql.raw('f.first_response_at'), 'f')} as k, count(*)::int as n, avg(${frs}) as avg,
    percentile_cont(0.5) within group (order by ${frs}) as median
    from report_conversation_facts f ${labelJoin(g, 'f')} where ${range('f.first_response_at')} group by 1`);
  const resolved = await rowsOf(ctx, sql`select ${keyOf(g, sql.raw('f.resolved_at'), 'f')} as k, count(*)::int as n, avg(${res}) as avg,
    percentile_cont(0.5) within group (order by ${res}) as median, count(*) filter (where f.bot_resolved)::int as bot,
    count(f.sla_met)::int as sla_measured, count(*) filter (where f.sla_met)::int as sla_met
    from report_conversation_facts f ${labelJoin(g, 'f')} where ${range('f.resolved_at')} group by 1`);
  const replyCol = sql.raw(q.businessHours ? 'd.reply_bh_seconds' : 'd.reply_seconds');
  const dayKey = g === 'agent' ? sql`case when d.agent_id = '00000000-0000-0000-0000-000000000000' then 'none' else d.agent_id::text end`
    : g === 'team' ? sql`case when d.team_id = '00000000-0000-0000-0000-000000000000' then 'none' else d.team_id::text end`
      : g === 'day' ? sql`to_char(d.day, 'YYYY-MM-DD')` : keyOf(g, sql`d.day`, 'd');
  const messages = g === 'label' ? [] : await rowsOf(ctx, sql`select ${dayKey} as k, sum(d.received)::int as received, sum(d.sent)::int as sent,
    sum(d.replies)::int as replies, sum(${replyCol}) as reply_seconds
    from report_message_daily d where d.day >= ${from.toISOString().slice(0, 10)}::date and d.day < ${to.toISOString().slice(0, 10)}::date
    and d.inbox_id in ${inboxes} group by 1`);
  const csatKey = g === 'agent' ? sql`coalesce(r.agent_id::text, 'none')` : g === 'channel' ? sql`r.channel` : g === 'inbox' ? sql`r.inbox_id::text` : keyOf(g, sql.raw('coalesce(r.answered_at, r.created_at)'), 'c');
  const csat = await rowsOf(ctx, sql`select ${csatKey} as k, count(*)::int as surveys, count(r.rating)::int as responses, avg(r.rating) as avg,
    count(*) filter (where r.rating >= 4)::int as satisfied
    from csat_responses r join conversations c on c.id = r.conversation_id ${labelJoin(g, 'c')}
    where coalesce(r.answered_at, r.created_at) >= ${from} and coalesce(r.answered_at, r.created_at) < ${to} and r.inbox_id in ${inboxes} group by 1`);

  const rows = new Map<string, ReportRow>();
  const row = (k: string): ReportRow => {
    let r = rows.get(k);
    if (!r) {
      r = {
        key: k, conversationsCreated: 0, handoffs: 0, firstResponse: { count: 0, avgSeconds: null, medianSeconds: null },
        resolution: { count: 0, avgSeconds: null, medianSeconds: null }, botResolutions: 0,
        reply: g === 'label' ? null : { count: 0, avgSeconds: null }, messagesReceived: g === 'label' ? null : 0, messagesSent: g === 'label' ? null : 0,
        csat: { surveys: 0, responses: 0, average: null, satisfactionRate: null }, sla: { measured: 0, met: 0, attainment: null },
      };
      rows.set(k, r);
    }
    return r;
  };
  for (const c of created) Object.assign(row(c.k), { conversationsCreated: c.n, handoffs: c.handoffs });
  for (const f of first) row(f.k).firstResponse = { count: f.n, avgSeconds: num(f.avg), medianSeconds: num(f.median) };
  for (const r of resolved) {
    const target = row(r.k);
    target.resolution = { count: r.n, avgSeconds: num(r.avg), medianSeconds: num(r.median) };
    target.botResolutions = r.bot;
    target.sla = { measured: r.sla_measured, met: r.sla_met, attainment: r.sla_measured ? r.sla_met / r.sla_measured : null };
  }
  for (const m of messages) {
    Object.assign(row(m.k), { messagesReceived: m.received, messagesSent: m.sent, reply: { count: m.replies, avgSeconds: m.replies ? Number(m.reply_seconds) / m.replies : null } });
  }
  for (const c of csat) {
    row(c.k).csat = { surveys: c.surveys, responses: c.responses, average: num(c.avg), satisfactionRate: c.responses ? c.satisfied / c.responses : null };
  }
  return [...rows.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

const CSV_COLUMNS: [string, (r: ReportRow) => unknown][] = [
  ['key', (r) => r.key], ['conversations_created', (r) => r.conversationsCreated],
  ['first_response_count', (r) => r.firstResponse.count], ['first_response_avg_s', (r) => r.firstResponse.avgSeconds], ['first_response_median_s', (r) => r.firstResponse.medianSeconds],
  ['resolution_count', (r) => r.resolution.count], ['resolution_avg_s', (r) => r.resolution.avgSeconds], ['resolution_median_s', (r) => r.resolution.medianSeconds],
  ['reply_count', (r) => r.reply?.count], ['reply_avg_s', (r) => r.reply?.avgSeconds], ['messages_received', (r) => r.messagesReceived], ['messages_sent', (r) => r.messagesSent],
  ['bot_resolutions', (r) => r.botResolutions], ['handoffs', (r) => r.handoffs],
  ['csat_surveys', (r) => r.csat.surveys], ['csat_responses', (r) => r.csat.responses], ['csat_average', (r) => r.csat.average], ['csat_satisfaction_rate', (r) => r.csat.satisfactionRate],
  ['sla_measured', (r) => r.sla.measured], ['sla_met', (r) => r.sla.met], ['sla_attainment', (r) => r.sla.attainment],
];

export function reportCsv(rows: ReportRow[]): string {
  const cell = (v: unknown) => {
    if (v === null || v === undefined) return '';
    const s = typeof v === 'number' ? String(Math.round(v * 1000) / 1000) : String(v);
    // Neutralise spreadsheet formulas and quote separators.
    const safe = /^[=+\-@]/.test(s) && typeof v !== 'number' ? `'${s}` : s;
    return /[",\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  return [CSV_COLUMNS.map(([h]) => h).join(','), ...rows.map((r) => CSV_COLUMNS.map(([, f]) => cell(f(r))).join(','))].join('\n') + '\n';
}
