import { sql, type SQL } from 'drizzle-orm';
import type { AppContext } from '../context.js';
import { csvLine } from '../http/csv.js';

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
/** Grouped by day, `k` is a timestamp: format it as YYYY-MM-DD once per group, not once per row. */
const grouped = (g: GroupBy, q: SQL) => (g === 'day' ? sql`select to_char(t.k, 'YYYY-MM-DD') as day_key, t.* from (${q}) t` : q);
const keyed = (rows: Record<string, any>[]) => rows.map((r) => ('day_key' in r ? { ...r, k: r.day_key } : r));
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/** The grouping key over a table alias, bucketing days on `ts` (UTC). Label grouping unnests the label array. */
function keyOf(groupBy: GroupBy, ts: SQL, alias: string): SQL {
  const a = sql.raw(alias);
  switch (groupBy) {
    case 'none': return sql`'all'`;
    // Truncation per row is cheap; formatting happens once per group (see dayKeys).
    case 'day': return sql`date_trunc('day', ${ts} at time zone 'UTC')`;
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

  const inRange = (col: string) => sql`(${sql.raw(col)} >= ${from} and ${sql.raw(col)} < ${to})`;
  // Each conversation contributes to the metrics whose moment falls in the range. Grouped by anything but day,
  // one pass over the facts computes all of them; by day each moment has its own day, so each metric is its own
  // (index range) query over its timestamp, merged by key below.
  const factsQuery = (key: SQL, isC: SQL, isF: SQL, isR: SQL, where: SQL) => grouped(g, sql`select ${key} as k,
    count(*) filter (where ${isC})::int as created, count(*) filter (where ${isC} and f.handed_off)::int as handoffs,
    count(*) filter (where ${isF})::int as fr_n, avg(${frs}) filter (where ${isF}) as fr_avg,
    percentile_cont(0.5) within group (order by ${frs}) filter (where ${isF}) as fr_median,
    count(*) filter (where ${isR})::int as res_n, avg(${res}) filter (where ${isR}) as res_avg,
    percentile_cont(0.5) within group (order by ${res}) filter (where ${isR}) as res_median,
    count(*) filter (where ${isR} and f.bot_resolved)::int as bot,
    count(f.sla_met) filter (where ${isR})::int as sla_measured, count(*) filter (where ${isR} and f.sla_met)::int as sla_met
    from report_conversation_facts f ${labelJoin(g, 'f')} where f.inbox_id in ${inboxes} and ${where} group by 1`);
  const no = sql`false`;
  const yes = sql`true`;
  const factQueries = g === 'day'
    ? [['f.created_at', 'c'], ['f.first_response_at', 'f'], ['f.resolved_at', 'r']].map(([col, m]) =>
      factsQuery(keyOf(g, sql.raw(col), 'f'), m === 'c' ? yes : no, m === 'f' ? yes : no, m === 'r' ? yes : no, inRange(col)))
    : [factsQuery(keyOf(g, sql``, 'f'), inRange('f.created_at'), inRange('f.first_response_at'), inRange('f.resolved_at'),
      sql`(${inRange('f.created_at')} or ${inRange('f.first_response_at')} or ${inRange('f.resolved_at')})`)];
  const facts: Record<string, any>[] = [];
  for (const q of factQueries) facts.push(...keyed(await rowsOf(ctx, q)));
  const replyCol = sql.raw(q.businessHours ? 'd.reply_bh_seconds' : 'd.reply_seconds');
  const dayKey = g === 'agent' ? sql`case when d.agent_id = '00000000-0000-0000-0000-000000000000' then 'none' else d.agent_id::text end`
    : g === 'team' ? sql`case when d.team_id = '00000000-0000-0000-0000-000000000000' then 'none' else d.team_id::text end`
      : g === 'day' ? sql`d.day` : keyOf(g, sql`d.day`, 'd');
  const messages = g === 'label' ? [] : keyed(await rowsOf(ctx, grouped(g, sql`select ${dayKey} as k, sum(d.received)::int as received, sum(d.sent)::int as sent,
    sum(d.replies)::int as replies, sum(${replyCol}) as reply_seconds
    from report_message_daily d where d.day >= ${from.toISOString().slice(0, 10)}::date and d.day < ${to.toISOString().slice(0, 10)}::date
    and d.inbox_id in ${inboxes} group by 1`)));
  const csatKey = g === 'agent' ? sql`coalesce(r.agent_id::text, 'none')` : g === 'channel' ? sql`r.channel` : g === 'inbox' ? sql`r.inbox_id::text` : keyOf(g, sql.raw('coalesce(r.answered_at, r.created_at)'), 'c');
  const csat = keyed(await rowsOf(ctx, grouped(g, sql`select ${csatKey} as k, count(*)::int as surveys, count(r.rating)::int as responses, avg(r.rating) as avg,
    count(*) filter (where r.rating >= 4)::int as satisfied
    from csat_responses r join conversations c on c.id = r.conversation_id ${labelJoin(g, 'c')}
    where coalesce(r.answered_at, r.created_at) >= ${from} and coalesce(r.answered_at, r.created_at) < ${to} and r.inbox_id in ${inboxes} group by 1`)));

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
  for (const f of facts) {
    // By day a key appears once per metric query; each query fills only its own metric.
    const target = row(f.k);
    if (f.created) Object.assign(target, { conversationsCreated: f.created, handoffs: f.handoffs });
    if (f.fr_n) target.firstResponse = { count: f.fr_n, avgSeconds: num(f.fr_avg), medianSeconds: num(f.fr_median) };
    if (f.res_n) {
      target.resolution = { count: f.res_n, avgSeconds: num(f.res_avg), medianSeconds: num(f.res_median) };
      target.botResolutions = f.bot;
      target.sla = { measured: f.sla_measured, met: f.sla_met, attainment: f.sla_measured ? f.sla_met / f.sla_measured : null };
    }
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
  // Averages and rates to three decimals; labels and keys are neutralised against spreadsheet formulas by csvLine.
  const cell = (v: unknown) => (typeof v === 'number' ? Math.round(v * 1000) / 1000 : v);
  return csvLine(CSV_COLUMNS.map(([h]) => h)) + rows.map((r) => csvLine(CSV_COLUMNS.map(([, f]) => cell(f(r))))).join('');
}
