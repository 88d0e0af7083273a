import { sql } from 'drizzle-orm';
import type { AppContext } from '../context.js';
import { now } from '../clock.js';
import { contactInScope, inboxInScope, type Scope } from './scope.js';
import { listStages } from './stages.js';
import { taskInScope } from './tasks.js';
import { localDayBounds } from './zoned-time.js';

const rows = async (ctx: AppContext, q: ReturnType<typeof sql>) => ((await ctx.db.execute(q)) as any).rows as any[];

/** The figures behind the sales dashboard's charts, each one aggregate query over the viewer's inboxes. */
export async function salesDashboard(ctx: AppContext, opts: { days?: number; timeZone?: string; agentId: string; scope: Scope }) {
  const contactOk = (column: ReturnType<typeof sql>) => contactInScope(column, opts.scope);
  const at = now(ctx);
  const days = Math.min(Math.max(opts.days ?? 30, 7), 180);
  const since = new Date(at.getTime() - days * 86_400_000);
  const { start, end } = localDayBounds(at, opts.timeZone ?? 'UTC');
  const [stages, current, entries, scores, tasks, campaigns] = await Promise.all([
    listStages(ctx),
    rows(ctx, sql`select stage, count(*)::int as n from crm_contact_state where ${contactOk(sql`crm_contact_state.contact_id`)} group by stage`),
    rows(ctx, sql`select to_char(date_trunc('day', at at time zone 'UTC'), 'YYYY-MM-DD') as day, data ->> 'to' as stage, count(*)::int as n
      from crm_timeline where kind = 'stage' and at >= ${since} and ${contactOk(sql`crm_timeline.contact_id`)} group by 1, 2 order by 1`),
    rows(ctx, sql`select least(greatest(floor(score / 10.0), 0), 10)::int as bucket, count(*)::int as n from crm_contact_state
      where ${contactOk(sql`crm_contact_state.contact_id`)} group by 1 order by 1`),
    rows(ctx, sql`select
        count(*) filter (where due_at < ${at})::int as overdue,
        count(*) filter (where due_at >= ${start} and due_at < ${end})::int as today,
        count(*) filter (where due_at < ${at} and assignee_id = ${opts.agentId}::uuid)::int as my_overdue,
        count(*) filter (where due_at >= ${start} and due_at < ${end} and assignee_id = ${opts.agentId}::uuid)::int as my_today,
        count(*)::int as open
      from crm_tasks where status = 'open' and ${taskInScope(opts.scope)}`),
    rows(ctx, sql`select cp.id, cp.name, cp.status, cp.created_at, r.status as rstatus, count(r.id)::int as n
      from (select * from crm_campaigns where ${inboxInScope(sql`crm_campaigns.inbox_id`, opts.scope)} order by created_at desc limit 8) cp
      left join crm_campaign_recipients r on r.campaign_id = cp.id group by 1, 2, 3, 4, 5 order by cp.created_at desc`),
  ]);
  const byCampaign = new Map<string, { id: string; name: string; status: string; counts: Record<string, number> }>();
  for (const r of campaigns) {
    const c = byCampaign.get(r.id) ?? { id: r.id, name: r.name, status: r.status, counts: {} as Record<string, number> };
    if (r.rstatus) c.counts[r.rstatus] = r.n;
    byCampaign.set(r.id, c);
  }
  return {
    stages: stages.map((s) => ({ key: s.key, label: s.label, count: current.find((c) => c.stage === s.key)?.n ?? 0 })),
    stageEntries: entries.map((e) => ({ day: e.day, stage: e.stage, count: e.n })),
    scoreBuckets: Array.from({ length: 11 }, (_, b) => ({ from: b * 10, to: b === 10 ? null : b * 10 + 9, count: scores.find((s) => s.bucket === b)?.n ?? 0 })),
    tasks: { overdue: tasks[0].overdue, today: tasks[0].today, myOverdue: tasks[0].my_overdue, myToday: tasks[0].my_today, open: tasks[0].open },
    campaigns: [...byCampaign.values()],
    days,
  };
}
