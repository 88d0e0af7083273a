// Segment query speed: a saved filter over a custom attribute and conversation history ("10+ seats and
// resolved a conversation labelled billing in the last 30 days"), compiled to one SQL statement, on a seeded
// data set, against the ceiling of a bare single-table SELECT of every contact id in the same database.
// Usage: tsx bench/segments.ts   (PGlite in a temp dir; DATABASE_URL=postgres://... for a server)
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { compileFilter, segmentFrom } from '../server/crm/segments/compile.js';
import { filterSchema } from '../server/crm/segments/filter.js';
import { openDatabase, schema } from '../server/db/client.js';

const CONTACTS = Number(process.env.BENCH_CONTACTS ?? 10_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const DAY = 86_400_000;

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
const seatsOf = (i: number) => (i * 7919) % 100;

async function main() {
  const dir = process.env.DATABASE_URL ? null : mkdtempSync(path.join(tmpdir(), 'sb-bench-segments-'));
  const database = await openDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir: dir ?? '' });
  const kind = database.kind;
  const db = database.db;
  try {
    // Seed: contacts with a numeric custom field, one conversation each with a status, labels and resolution age.
    const now = new Date();
    const [inbox] = await db.insert(schema.inboxes).values({ name: 'Bench', channel: 'web' }).returning();
    await db.insert(schema.crmCustomFields).values({ entity: 'contact', key: 'seats', label: 'Seats', type: 'number' }).onConflictDoNothing();
    const t0 = performance.now();
    await db.execute(sql`insert into contacts (name, email, attributes, last_seen_at)
      select 'Contact ' || i, 'c' || i || '@bench.test', jsonb_build_object('seats', (i * 7919) % 100, 'plan', case when i % 2 = 0 then 'pro' else 'free' end), ${now}
      from generate_series(1, ${CONTACTS}) i`);
    await db.execute(sql`insert into crm_contact_state (contact_id, stage, score)
      select id, 'lead', (row_number() over (order by email))::int % 100 from contacts`);
    // Contact i: i%3=0 resolved "billing" (i%60 days ago), i%3=1 open "billing", i%3=2 resolved "shipping".
    await db.execute(sql`insert into conversations (inbox_id, contact_id, status, labels, resolved_at, last_message_at)
      select ${inbox.id}::uuid, c.id,
        case when n % 3 = 1 then 'open' else 'resolved' end,
        case when n % 3 = 2 then array['shipping'] else array['billing'] end,
        case when n % 3 = 1 then null else ${now}::timestamptz - ((n % 60) || ' days')::interval - interval '1 hour' end,
        ${now}
      from (select id, substring(name from 9)::int as n from contacts where email like '%@bench.test') c`);
    await db.execute(sql`analyze`);
    const seedMs = performance.now() - t0;

    const filter = filterSchema.parse({ match: 'all', conditions: [
      { field: 'attr.seats', op: 'gte', value: 10 },
      { field: 'conversation', op: 'exists', value: { status: 'resolved', label: 'billing', withinDays: 30 } },
    ] });
    const fields = await db.select().from(schema.crmCustomFields);
    const segmentSql = sql`select c.id from ${segmentFrom} where ${compileFilter(filter, fields, now)}`;
    const ceilingSql = sql`select c.id from contacts c`;

    let expected = 0;
    for (let i = 1; i <= CONTACTS; i++) if (seatsOf(i) >= 10 && i % 3 === 0 && (i % 60) < 30) expected++;

    const time = async (q: typeof segmentSql) => {
      const samples: number[] = [];
      let rows = 0;
      for (let r = 0; r < RUNS + 3; r++) {
        const start = performance.now();
        rows = ((await db.execute(q)) as any).rows.length;
        if (r >= 3) samples.push(performance.now() - start); // the first runs warm caches and plans
      }
      samples.sort((a, b) => a - b);
      return { rows, p50ms: +percentile(samples, 50).toFixed(2), p95ms: +percentile(samples, 95).toFixed(2) };
    };
    const segment = await time(segmentSql);
    const ceiling = await time(ceilingSql);
    if (segment.rows !== expected) throw new Error(`segment returned ${segment.rows} contacts, expected ${expected}`);

    const result = {
      db: kind, contacts: CONTACTS, runs: RUNS, seedMs: Math.round(seedMs),
      segmentRows: segment.rows, expectedRows: expected, segmentP50ms: segment.p50ms, segmentP95ms: segment.p95ms,
      ceilingRows: ceiling.rows, ceilingP50ms: ceiling.p50ms, ceilingP95ms: ceiling.p95ms,
      ratio: +(segment.p50ms / Math.max(ceiling.p50ms, 0.01)).toFixed(2), budgetMs: 200, withinBudget: segment.p95ms <= 200,
    };
    const out = path.join(path.dirname(new URL(import.meta.url).pathname), 'results');
    mkdirSync(out, { recursive: true });
    writeFileSync(path.join(out, `segments-${kind}.json`), `${JSON.stringify(result, null, 2)}\n`);
    console.log(`segment over ${CONTACTS} contacts (${kind}): p50 ${segment.p50ms} ms, p95 ${segment.p95ms} ms, ${segment.rows} rows (expected ${expected})`);
    console.log(`ceiling (bare SELECT of every contact id): p50 ${ceiling.p50ms} ms, p95 ${ceiling.p95ms} ms, ${ceiling.rows} rows`);
    console.log(JSON.stringify(result));
  } finally {
    await database.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => { console.error(err); process.exit(1); });
