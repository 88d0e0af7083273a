// Statements per web-chat message, counted at the driver: `npx tsx bench/statements.ts` (PostgreSQL from
// DATABASE_URL / TEST_DATABASE_URL on a fresh database, and PGlite; STATEMENTS_DATABASES=postgres,pglite picks).
// The service runs in this process with the bench's features on (SLA rule, keyword rule, webhook subscription);
// one visitor sends STATEMENTS_MESSAGES messages (100) on its existing conversation, one at a time, each followed by
// a full settle (agent socket has it, webhook received, then no statement but timers for 150 ms). Every
// statement is filed under who ran it: the request path (socket auth, ingest transaction, realtime fan-out), a
// consumer's handler, the consumers' log reads and position writes, a job worker, or timer-driven polling (pg-boss
// fetches and maintenance, cluster rebalancing), which is shown but not in the total.
// Unlike the throughput bench this is deterministic and does not depend on the machine's load.
import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { createApp } from '../server/app.js';
import { loadConfig } from '../server/config.js';
import { Consumer } from '../server/events/consumer.js';
import { JobQueue } from '../server/jobs/queue.js';
import { createFreshDatabase } from './fresh-database.js';
import { BENCH_ADMIN, newVisitor, signIn } from './lib/api.js';
import { root } from './lib/processes.js';
import { connect } from './lib/sockets.js';
import { switchFeaturesOn, webhookReceiver } from './webchat.js';

const MESSAGES = Number(process.env.STATEMENTS_MESSAGES ?? 100);
const DATABASES = (process.env.STATEMENTS_DATABASES ?? 'postgres,pglite').split(',');
// With several visitors they write at once, each its next message as soon as the agent has the last: the count
// under load, where the consumers take their backlog in batches.
const VISITORS = Number(process.env.STATEMENTS_VISITORS ?? 1);

const who = new AsyncLocalStorage<string>();
const counts = new Map<string, number>();
/** STATEMENTS_DETAIL=1: also the statements themselves, per category (what to cut next). */
const texts = process.env.STATEMENTS_DETAIL ? new Map<string, number>() : undefined;
let counting = false;
let lastStatementAt = 0;

/** Statements outside any handler are filed by what they are: the log's bookkeeping, timers, or the request. */
function classify(text: string): string {
  const context = who.getStore();
  if (context) return context;
  const t = text.toLowerCase();
  if (t.includes('pgboss.')) return 'timers';
  if (/pg_stat_activity|pg_try_advisory_lock\(\$1, \$2\)/.test(t)) return 'timers';
  if (t.includes('event_offsets')) return t.trimStart().startsWith('select') ? 'log: reads' : 'log: positions';
  if (/from "?events"?\b/.test(t)) return 'log: reads';
  return 'request';
}

function count(text: unknown): void {
  if (!counting) return;
  const sqlText = typeof text === 'string' ? text : (text as { text?: string })?.text ?? '';
  const key = classify(sqlText);
  counts.set(key, (counts.get(key) ?? 0) + 1);
  if (texts) { const k = `${key} | ${sqlText.replace(/\s+/g, ' ').slice(0, 160)}`; texts.set(k, (texts.get(k) ?? 0) + 1); }
  if (key !== 'timers') lastStatementAt = Date.now();
}

function instrument(): void {
  const clientQuery = pg.Client.prototype.query as (...a: unknown[]) => unknown;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) { count(args[0]); return clientQuery.apply(this, args); } as never;

  // PGlite: every query and exec is one round trip; a transaction adds its BEGIN and COMMIT / ROLLBACK.
  const proto = PGlite.prototype as unknown as Record<string, (...a: any[]) => Promise<any>>;
  for (const name of ['query', 'exec'] as const) {
    const original = proto[name];
    proto[name] = function (this: unknown, ...args: any[]) { count(args[0]); return original.apply(this, args); };
  }
  const transaction = proto.transaction;
  proto.transaction = function (this: unknown, fn: (tx: any) => Promise<any>) {
    count('begin');
    return transaction.call(this, (tx: any) => {
      const wrapped = Object.create(tx);
      wrapped.query = (text: string, ...rest: any[]) => { count(text); return tx.query(text, ...rest); };
      wrapped.exec = (text: string, ...rest: any[]) => { count(text); return tx.exec(text, ...rest); };
      return fn(wrapped);
    }).finally(() => count('commit'));
  };

  const handle = Consumer.prototype.handle;
  Consumer.prototype.handle = function (this: Consumer, ...args: Parameters<Consumer['handle']>) {
    return who.run(`consumer ${this.name}`, () => handle.apply(this, args));
  };
  const handleBatch = Consumer.prototype.handleBatch;
  Consumer.prototype.handleBatch = function (this: Consumer, ...args: Parameters<Consumer['handleBatch']>) {
    return who.run(`consumer ${this.name}`, () => handleBatch.apply(this, args));
  };
  const workBatch = JobQueue.prototype.workBatch;
  JobQueue.prototype.workBatch = function (this: JobQueue, name, concurrency, size, handler) {
    return workBatch.call(this, name, concurrency, size, (jobs) => who.run(`job ${name}`, () => handler(jobs as never)));
  };
  const work = JobQueue.prototype.work;
  JobQueue.prototype.work = function (this: JobQueue, name, concurrency, handler) {
    return work.call(this, name, concurrency, (data, job) => who.run(`job ${name}`, () => handler(data as never, job)));
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(check: () => boolean, what: string): Promise<void> {
  for (const start = Date.now(); !check(); await sleep(5)) if (Date.now() - start > 30_000) throw new Error(`timed out waiting for ${what}`);
}

async function measure(kind: string): Promise<Record<string, number>> {
  const dir = mkdtempSync(path.join(tmpdir(), 'sb-statements-'));
  const fresh = kind === 'postgres' ? await createFreshDatabase(process.env.DATABASE_URL ?? process.env.TEST_DATABASE_URL!) : undefined;
  const config = loadConfig({
    PORT: '0', HOST: '127.0.0.1', DATA_DIR: dir, LOG_LEVEL: 'warn', RATE_LIMIT_PUBLIC: '100000000', ...BENCH_ADMIN,
    ...(fresh ? { DATABASE_URL: fresh.url } : {}),
  });
  const app = await createApp(config);
  try {
    const url = `http://127.0.0.1:${app.port}`;
    const admin = await signIn(url);
    const hooks = await webhookReceiver();
    const webhookOn = await switchFeaturesOn(admin, hooks.url);
    const hooksAtLeast = (n: number) => !webhookOn || hooks.count() >= n;
    const agent = await connect(`${url}/agent`, { token: admin.token });
    const visitor = await connect(`${url}/widget`, { token: await newVisitor(url, admin.widgetKey) });
    const seen = new Set<string>();
    agent.on('message.created', (p: { message: { clientId?: string | null } }) => { if (p.message.clientId) seen.add(p.message.clientId); });
    const send = async (n: number) => {
      visitor.emit('message.send', { body: `bench message ${n} from visitor 0`, clientId: `s-${n}` });
      await until(() => seen.has(`s-${n}`), `message ${n} on the agent socket`);
      await until(() => hooksAtLeast(n + 1), `webhook ${n}`);
      // Quiet, not bus.drain(): the drain's own polling would wake readers that are busy anyway.
      await until(() => Date.now() - lastStatementAt > 150, 'a quiet database');
    };
    await send(0); // opens the conversation: the count is of messages on an existing one
    const others = await Promise.all(Array.from({ length: VISITORS - 1 }, async (_, i) => {
      const socket = await connect(`${url}/widget`, { token: await newVisitor(url, admin.widgetKey) });
      socket.emit('message.send', { body: `bench message 0 from visitor ${i + 1}`, clientId: `v${i + 1}-0` });
      await until(() => seen.has(`v${i + 1}-0`), 'a first message on the agent socket');
      return socket;
    }));
    await until(() => hooksAtLeast(VISITORS) && Date.now() - lastStatementAt > 1_000, 'a quiet database');
    counts.clear();
    texts?.clear();
    counting = true;
    if (VISITORS === 1) for (let n = 1; n <= MESSAGES; n++) await send(n);
    else {
      await Promise.all([visitor, ...others].map(async (socket, i) => {
        for (let n = 1; n <= MESSAGES; n++) {
          const clientId = i === 0 ? `s-${n}` : `v${i}-${n}`;
          socket.emit('message.send', { body: `bench message ${n} from visitor ${i}`, clientId });
          await until(() => seen.has(clientId), `message ${clientId} on the agent socket`);
        }
      }));
      await until(() => hooksAtLeast(VISITORS * (MESSAGES + 1)), 'every webhook');
    }
    await until(() => Date.now() - lastStatementAt > 1_000, 'a quiet database');
    counting = false;
    const total = MESSAGES * VISITORS;
    if (texts) for (const [k, v] of [...texts.entries()].sort((a, b) => a[0].localeCompare(b[0]))) console.log(`${(v / total).toFixed(2).padStart(6)}  ${k}`);
    agent.close();
    visitor.close();
    for (const o of others) o.close();
    hooks.close();
    return Object.fromEntries([...counts.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, Math.round((v / total) * 10) / 10]));
  } finally {
    counting = false;
    await app.close();
    await fresh?.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

instrument();
const results: Record<string, Record<string, number>> = {};
for (const kind of DATABASES) {
  if (kind === 'postgres' && !(process.env.DATABASE_URL ?? process.env.TEST_DATABASE_URL)) continue;
  const perMessage = await measure(kind);
  const total = Object.entries(perMessage).filter(([k]) => k !== 'timers').reduce((s, [, v]) => s + v, 0);
  results[kind] = { ...perMessage, total: Math.round(total * 10) / 10 };
  console.log(`[${kind}] statements per web-chat message over ${MESSAGES * VISITORS} messages from ${VISITORS} visitor(s) at once (timers not in the total):`);
  for (const [k, v] of Object.entries(results[kind])) console.log(`  ${k.padEnd(28)} ${v}`);
}
const summary = { bench: 'statements', messages: MESSAGES, statementsPerMessage: results, at: new Date().toISOString() };
// BENCH_RESULT=<file> names the file in bench/results/ (default statements.json).
writeFileSync(path.join(root, 'bench/results', process.env.BENCH_RESULT ?? 'statements.json'), `${JSON.stringify(summary, null, 2)}\n`);
console.log(JSON.stringify(summary));
process.exit(0);
