// The inbox list and search at scale (default 100 000 conversations, 1 000 000 messages) on a PostgreSQL server,
// measured over HTTP as an agent's browser asks: p95 of the first page of each view and of searches in English,
// Thai and Chinese. Rows are generated inside PostgreSQL from a pool of real sentences, pre-segmented here the
// same way the service segments what it indexes, so the search index holds what ingest would have written.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { searchDocument } from '../../server/shared/search.js';
import type { Admin } from '../lib/api.js';
import { call } from '../lib/api.js';
import { root } from '../lib/processes.js';
import { percentile, round1 } from '../lib/stats.js';

const ENGLISH = [
  'Where is my order NUMX? It was supposed to arrive yesterday',
  'Hi, I would like a refund for order NUMX please',
  'Can I change the delivery address of order NUMX',
  'The espresso machine from order NUMX makes a strange noise',
  'Do you ship to Canada? I want to place a large order',
  'Thanks, that solved it. Have a great day',
  'My invoice NUMX shows the wrong tax amount',
  'Is there a discount for regular customers',
];

function seedSentences(file: string, count: number): string[] {
  const text = readFileSync(path.join(root, '../shared/seeds', file), 'utf8');
  return text.split(/\n+/).map((l) => l.trim()).filter((l) => l.length > 20 && l.length < 400).slice(5, 5 + count);
}

/** Sentences with their pre-segmented search documents; NUMX becomes a number per message inside PostgreSQL. */
function corpus(): { body: string; doc: string }[] {
  const rows = [...ENGLISH, ...ENGLISH, ...seedSentences('crm-process-th-1.txt', 12), ...seedSentences('crm-process-zh.txt', 12)];
  return rows.map((body) => ({ body, doc: searchDocument(body) }));
}

export async function seedScale(databaseUrl: string, inboxId: string, conversations: number, perConversation: number): Promise<number> {
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  const at = performance.now();
  try {
    const docs = corpus();
    await c.query('CREATE TEMP TABLE bench_docs (i int, body text, doc text)');
    await c.query(`INSERT INTO bench_docs SELECT * FROM unnest($1::int[], $2::text[], $3::text[])`, [docs.map((_, i) => i), docs.map((d) => d.body), docs.map((d) => d.doc)]);
    const contacts = Math.max(1, Math.floor(conversations / 5));
    await c.query(`INSERT INTO contacts (name, email) SELECT 'Customer ' || g, 'customer' || g || '@example.com' FROM generate_series(1, $1) g`, [contacts]);
    await c.query('CREATE TEMP TABLE bench_contacts AS SELECT id, row_number() OVER () AS rn FROM contacts');
    await c.query(`INSERT INTO conversations (inbox_id, contact_id, status, last_message_at, created_at)
      SELECT $1, bc.id, (ARRAY['open','open','pending','resolved','resolved','resolved','resolved','resolved','resolved','snoozed'])[1 + g % 10],
             now() - g * interval '30 seconds', now() - g * interval '30 seconds' - interval '1 hour'
      FROM generate_series(1, $2) g JOIN bench_contacts bc ON bc.rn = 1 + g % $3`, [inboxId, conversations, contacts]);
    await c.query('DROP INDEX IF EXISTS messages_search_idx');
    await c.query(`INSERT INTO messages (conversation_id, inbox_id, direction, sender_type, body, status, search_vector, created_at)
      SELECT cv.id, cv.inbox_id, CASE WHEN k % 2 = 0 THEN 'incoming' ELSE 'outgoing' END, CASE WHEN k % 2 = 0 THEN 'contact' ELSE 'agent' END,
             replace(d.body, 'NUMX', n::text), CASE WHEN k % 2 = 0 THEN 'received' ELSE 'delivered' END,
             to_tsvector('simple', replace(d.doc, 'numx', n::text)), cv.last_message_at - (${perConversation} - k) * interval '1 minute'
      FROM conversations cv
      CROSS JOIN generate_series(1, $1) k
      CROSS JOIN LATERAL (SELECT (abs(hashtext(cv.id::text || k)) % 10000) AS n) num
      JOIN bench_docs d ON d.i = abs(hashtext(cv.id::text || k || 'd')) % ${docs.length}`, [perConversation]);
    await c.query('CREATE INDEX messages_search_idx ON messages USING gin (search_vector)');
    await c.query('ANALYZE');
  } finally {
    await c.end();
  }
  return Math.round((performance.now() - at) / 1000);
}

async function p95(admin: Admin, query: string, runs: number): Promise<number> {
  const times: number[] = [];
  await call(admin.url, 'GET', `/api/conversations?${query}`, admin.token); // warm the plan cache once
  for (let i = 0; i < runs; i++) {
    const at = performance.now();
    await call(admin.url, 'GET', `/api/conversations?${query}`, admin.token);
    times.push(performance.now() - at);
  }
  return round1(percentile(times.sort((a, b) => a - b), 95));
}

export async function benchListSearch(admin: Admin, runs = 40): Promise<Record<string, number>> {
  const thai = seedSentences('crm-process-th-1.txt', 12)[3];
  const chinese = seedSentences('crm-process-zh.txt', 12)[3];
  const views: Record<string, string> = {
    openList: 'status=open',
    allStatuses: 'status=all',
    mine: 'status=open&assigneeId=me',
    englishWord: `status=all&q=${encodeURIComponent('espresso')}`,
    englishOrder: `status=all&q=${encodeURIComponent('order 4242')}`,
    thai: `status=all&q=${encodeURIComponent(thai.slice(0, 12))}`,
    chinese: `status=all&q=${encodeURIComponent(chinese.slice(0, 6))}`,
  };
  const out: Record<string, number> = {};
  for (const [name, q] of Object.entries(views)) out[`${name}P95ms`] = await p95(admin, q, runs);
  return out;
}
