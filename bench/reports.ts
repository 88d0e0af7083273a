// Report latency at scale: seeds 100 000 conversations and 1 000 000 messages with generate_series, rebuilds
// the report tables through the same code the server uses, then times every report against a bare
// COUNT(*) over the messages table in the same database (the ceiling: the cheapest query that touches the data).
// PGlite by default (a temporary directory); DATABASE_URL=postgres://... runs on a fresh database created on that
// server and dropped at the end. Not part of npm test.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { rebuildReports } from '../server/automation/report-store.js';
import { GROUPS, runReport } from '../server/automation/reports.js';
import type { AppContext } from '../server/context.js';
import { openDatabase } from '../server/db/client.js';
import { createFreshDatabase } from './fresh-database.js';

const CONVERSATIONS = Number(process.env.BENCH_CONVERSATIONS ?? 100_000);
const MESSAGES_PER_CONVERSATION = 10;
const BATCH = 10_000;
const RUNS = 5;
const BUDGET_MS = 500;
const START = '2025-01-01T00:00:00Z';

const time = async <T>(fn: () => Promise<T>) => { const t = performance.now(); const v = await fn(); return { ms: performance.now() - t, v }; };
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  // BENCH_DATA_DIR keeps a seeded PGlite directory between runs (seeding and rebuilding take minutes).
  const kept = process.env.BENCH_DATA_DIR;
  const fresh = process.env.DATABASE_URL ? await createFreshDatabase(process.env.DATABASE_URL) : null;
  const dataDir = fresh ? null : kept ?? mkdtempSync(path.join(tmpdir(), 'sb-bench-reports-'));
  const database = await openDatabase({ databaseUrl: fresh?.url, dataDir: dataDir ?? '' });
  const q = database.raw.query;
  const ctx = { db: database.db, database } as unknown as AppContext;
  try {
    const seeded = Number((await q('select count(*)::int as n from report_conversation_facts')).rows[0].n) >= CONVERSATIONS;
    const seedStart = performance.now();
    if (!seeded) await database.raw.exec(`
      insert into inboxes (id, name, channel) select md5('inbox' || g)::uuid, 'Inbox ' || g, (array['web','sms','email','api'])[g] from generate_series(1, 4) g;
      insert into teams (id, name) select md5('team' || g)::uuid, 'Team ' || g from generate_series(1, 5) g;
      insert into agents (id, email, name) select md5('agent' || g)::uuid, 'agent' || g || '@bench.test', 'Agent ' || g from generate_series(1, 50) g;
      insert into inbox_schedules (inbox_id, time_zone, weekly) values (md5('inbox1')::uuid, 'Europe/Berlin',
        '[{"day":1,"open":"09:00","close":"17:00"},{"day":2,"open":"09:00","close":"17:00"},{"day":3,"open":"09:00","close":"17:00"},{"day":4,"open":"09:00","close":"17:00"},{"day":5,"open":"09:00","close":"17:00"}]');`);
    for (let from = 1; !seeded && from <= CONVERSATIONS; from += BATCH) {
      const to = Math.min(CONVERSATIONS, from + BATCH - 1);
      await q(`insert into contacts (id, name) select md5('contact' || g)::uuid, 'Contact ' || g from generate_series($1::int, $2::int) g`, [from, to]);
      // One conversation every ~5 minutes over a year; 60 % resolved; labels from a small set.
      await q(`insert into conversations (id, inbox_id, contact_id, status, assignee_id, team_id, labels, created_at, last_message_at, first_reply_at, resolved_at)
        select md5('conv' || g)::uuid, md5('inbox' || (g % 4 + 1))::uuid, md5('contact' || g)::uuid,
          case when g % 5 < 3 then 'resolved' else 'open' end, md5('agent' || (g % 50 + 1))::uuid, md5('team' || (g % 5 + 1))::uuid,
          array[(array['billing','bug','sales','vip'])[g % 4 + 1]], $3::timestamptz + g * interval '5 minutes',
          $3::timestamptz + g * interval '5 minutes' + interval '45 minutes', $3::timestamptz + g * interval '5 minutes' + interval '5 minutes',
          case when g % 5 < 3 then $3::timestamptz + g * interval '5 minutes' + interval '50 minutes' end
        from generate_series($1::int, $2::int) g`, [from, to, START]);
      // Ten messages each, customer and agent alternating five minutes apart.
      await q(`insert into messages (conversation_id, inbox_id, direction, sender_type, sender_id, body, status, created_at)
        select md5('conv' || g)::uuid, md5('inbox' || (g % 4 + 1))::uuid,
          case when k % 2 = 0 then 'incoming' else 'outgoing' end, case when k % 2 = 0 then 'contact' else 'agent' end,
          case when k % 2 = 0 then md5('contact' || g)::uuid else md5('agent' || (g % 50 + 1))::uuid end,
          'message ' || k, case when k % 2 = 0 then 'received' else 'sent' end, $3::timestamptz + g * interval '5 minutes' + k * interval '5 minutes'
        from generate_series($1::int, $2::int) g, generate_series(0, ${MESSAGES_PER_CONVERSATION - 1}) k`, [from, to, START]);
      process.stdout.write(`seeded ${to} conversations\r`);
    }
    await database.raw.exec('analyze');
    const seedMs = performance.now() - seedStart;
    const rebuild = seeded ? { ms: 0, v: { conversations: CONVERSATIONS } } : await time(() => rebuildReports(ctx, 2000));
    await database.raw.exec('analyze');
    console.log(`\nseed ${(seedMs / 1000).toFixed(1)} s, rebuild of report tables ${(rebuild.ms / 1000).toFixed(1)} s (${rebuild.v.conversations} conversations)`);

    const ceilingRuns: number[] = [];
    for (let i = 0; i < RUNS; i++) ceilingRuns.push((await time(() => q('select count(*) from messages'))).ms);
    const ceilingMs = median(ceilingRuns);
    const inboxIds = (await q('select id from inboxes')).rows.map((r: any) => r.id as string);
    const from = new Date(START);
    const to = new Date(from.getTime() + 366 * 86_400_000);
    const reports: { groupBy: string; businessHours: boolean; medianMs: number; maxMs: number; rows: number }[] = [];
    for (const groupBy of GROUPS) {
      for (const businessHours of [false, true]) {
        const runs: number[] = [];
        let rows = 0;
        for (let i = 0; i < RUNS; i++) {
          const r = await time(() => runReport(ctx, { from, to, groupBy, businessHours, inboxIds }));
          runs.push(r.ms);
          rows = r.v.length;
        }
        reports.push({ groupBy, businessHours, medianMs: Math.round(median(runs)), maxMs: Math.round(Math.max(...runs)), rows });
        console.log(`report groupBy=${groupBy.padEnd(7)} businessHours=${String(businessHours).padEnd(5)} median ${median(runs).toFixed(0).padStart(5)} ms  max ${Math.max(...runs).toFixed(0).padStart(5)} ms  (${rows} rows; ceiling COUNT(*) ${ceilingMs.toFixed(0)} ms)`);
      }
    }
    const worst = Math.max(...reports.map((r) => r.maxMs));
    const summary = {
      db: database.kind, reusedSeededData: seeded, conversations: CONVERSATIONS, messages: CONVERSATIONS * MESSAGES_PER_CONVERSATION,
      seedSeconds: Math.round(seedMs / 100) / 10, rebuildSeconds: Math.round(rebuild.ms / 100) / 10,
      ceilingCountMs: Math.round(ceilingMs), worstReportMs: worst, worstRatioToCeiling: Math.round((worst / ceilingMs) * 100) / 100,
      budgetMs: BUDGET_MS, withinBudget: worst <= BUDGET_MS, reports,
    };
    const dir = path.join(path.dirname(new URL(import.meta.url).pathname), 'results');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, `reports-${database.kind}.json`), JSON.stringify(summary, null, 2));
    console.log(JSON.stringify({ ...summary, reports: undefined }));
  } finally {
    await database.close();
    await fresh?.drop();
    if (dataDir && !kept) rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
