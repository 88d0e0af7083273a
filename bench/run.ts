// Web-chat throughput through the full pipeline vs the bare stack, measured in the same run.
// Closed loop: N visitors each send a message over the /widget socket and wait until the agent's /agent socket
// has received it; latency is send → agent receipt. The ceiling does the same with a bare Socket.IO relay that
// performs one bare INSERT per message into the same database.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { Server } from 'socket.io';
import { io as ioClient, type Socket } from 'socket.io-client';
import { createApp } from '../server/app.js';
import { loadConfig } from '../server/config.js';
import { createFreshDatabase } from './fresh-database.js';

const VISITORS = Number(process.env.BENCH_VISITORS ?? 200);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WARMUP_SECONDS = 2;

interface Result { msgsPerSec: number; p50ms: number; p99ms: number; messages: number }

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

function connect(url: string, auth: Record<string, string>): Promise<Socket> {
  const s = ioClient(url, { auth, transports: ['websocket'], reconnection: false, forceNew: true });
  return new Promise((resolve, reject) => { s.once('connect', () => resolve(s)); s.once('connect_error', reject); });
}

/**
 * Runs the closed loop. `send(i, n)` emits visitor i's n-th message; `onReceipt` is wired so that the
 * receiver calls `received(key)`; keys are `${i}:${n}`.
 */
async function closedLoop(send: (i: number, n: number) => void, wire: (received: (key: string) => void) => void): Promise<Result> {
  const pending = new Map<string, { at: number; i: number; n: number }>();
  const latencies: number[] = [];
  let measuring = false;
  let running = true;
  let count = 0;
  const fire = (i: number, n: number) => {
    pending.set(`${i}:${n}`, { at: performance.now(), i, n });
    send(i, n);
  };
  wire((key) => {
    const p = pending.get(key);
    if (!p) return;
    pending.delete(key);
    if (measuring) { latencies.push(performance.now() - p.at); count++; }
    if (running) fire(p.i, p.n + 1);
  });
  for (let i = 0; i < VISITORS; i++) fire(i, 0);
  await new Promise((r) => setTimeout(r, WARMUP_SECONDS * 1000));
  measuring = true;
  const started = performance.now();
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  measuring = false;
  const elapsed = (performance.now() - started) / 1000;
  running = false;
  await new Promise((r) => setTimeout(r, 500)); // let in-flight messages land before the next phase
  latencies.sort((a, b) => a - b);
  return { msgsPerSec: Math.round(count / elapsed), p50ms: +percentile(latencies, 50).toFixed(1), p99ms: +percentile(latencies, 99).toFixed(1), messages: count };
}

async function benchPipeline(url: string, token: string, widgetKey: string): Promise<Result> {
  const agent = await connect(`${url}/agent`, { token });
  const visitors: { socket: Socket; i: number }[] = [];
  for (let i = 0; i < VISITORS; i++) {
    const r = await fetch(`${url}/api/widget/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ widgetKey }) });
    const { visitorToken } = await r.json() as { visitorToken: string };
    visitors.push({ socket: await connect(`${url}/widget`, { token: visitorToken }), i });
  }
  const result = await closedLoop(
    (i, n) => visitors[i].socket.emit('message.send', { body: `bench message ${n} from visitor ${i}`, clientId: `b-${i}-${n}` }),
    (received) => agent.on('message.created', (p: { message: { clientId: string | null } }) => {
      const m = /^b-(\d+)-(\d+)$/.exec(p.message.clientId ?? '');
      if (m) received(`${m[1]}:${m[2]}`);
    }),
  );
  agent.close();
  for (const v of visitors) v.socket.close();
  return result;
}

async function benchCeiling(insert: (body: string) => Promise<void>): Promise<Result> {
  const http = createServer();
  const io = new Server(http, { serveClient: false });
  io.on('connection', (socket) => {
    socket.on('msg', async (m: { key: string; body: string }) => {
      await insert(m.body);
      io.to('listener').emit('relayed', m.key);
    });
    socket.on('listen', () => socket.join('listener'));
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(http.address() as { port: number }).port}`;
  const listener = await connect(url, {});
  listener.emit('listen');
  await new Promise((r) => setTimeout(r, 100));
  const clients: Socket[] = [];
  for (let i = 0; i < VISITORS; i++) clients.push(await connect(url, {}));
  const result = await closedLoop(
    (i, n) => clients[i].emit('msg', { key: `${i}:${n}`, body: `bench message ${n} from visitor ${i}` }),
    (received) => listener.on('relayed', received),
  );
  listener.close();
  for (const c of clients) c.close();
  io.close();
  return result;
}

async function main() {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'sb-bench-'));
  let databaseUrl: string | undefined;
  let dropDb: (() => Promise<void>) | undefined;
  if (process.env.DATABASE_URL) {
    const fresh = await createFreshDatabase(process.env.DATABASE_URL);
    databaseUrl = fresh.url;
    dropDb = fresh.drop;
  }
  const config = loadConfig({
    PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'silent', ADMIN_EMAIL: 'bench@example.com',
    ADMIN_PASSWORD: 'bench-password', RATE_LIMIT_PUBLIC: '1000000', ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  });
  const app = await createApp(config);
  const url = `http://127.0.0.1:${app.port}`;
  const login = await (await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'bench@example.com', password: 'bench-password' }) })).json() as { token: string };
  const inboxes = await (await fetch(`${url}/api/inboxes`, { headers: { authorization: `Bearer ${login.token}` } })).json() as { widgetKey: string }[];
  const dbKind = app.ctx.database.kind;
  console.log(`Switchboard bench: ${VISITORS} visitors, closed loop, ${SECONDS} s per phase, database ${dbKind}`);

  // Ceiling first on the same database: a bare table, one INSERT per message.
  await app.ctx.database.raw.exec('CREATE TABLE IF NOT EXISTS bench_bare (id bigserial primary key, body text not null, created_at timestamptz not null default now())');
  let pool: pg.Pool | undefined;
  let insert: (body: string) => Promise<void>;
  if (databaseUrl) {
    pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
    insert = async (body) => { await pool!.query('INSERT INTO bench_bare (body) VALUES ($1)', [body]); };
  } else {
    insert = async (body) => { await app.ctx.database.raw.query('INSERT INTO bench_bare (body) VALUES ($1)', [body]); };
  }
  // BENCH_PIPELINE_ONLY=1 skips the ceiling (for profiling the pipeline alone; the ratio is then meaningless).
  const ceiling = process.env.BENCH_PIPELINE_ONLY === '1' ? { msgsPerSec: 0, p50ms: 0, p99ms: 0, messages: 0 } : await benchCeiling(insert);
  console.log(`ceiling  (bare Socket.IO relay + 1 INSERT/msg): ${ceiling.msgsPerSec} msgs/s  p50 ${ceiling.p50ms} ms  p99 ${ceiling.p99ms} ms`);
  const pipeline = await benchPipeline(url, login.token, inboxes[0].widgetKey);
  console.log(`pipeline (widget socket → ingest → agent socket): ${pipeline.msgsPerSec} msgs/s  p50 ${pipeline.p50ms} ms  p99 ${pipeline.p99ms} ms`);
  await pool?.end();
  await app.close();
  rmSync(dataDir, { recursive: true, force: true });
  await dropDb?.();

  const summary = {
    bench: 'webchat-pipeline', database: dbKind, visitors: VISITORS, seconds: SECONDS,
    msgsPerSec: pipeline.msgsPerSec, p50ms: pipeline.p50ms, p99ms: pipeline.p99ms,
    ceilingMsgsPerSec: ceiling.msgsPerSec, ceilingP50ms: ceiling.p50ms, ceilingP99ms: ceiling.p99ms,
    ratio: +(pipeline.msgsPerSec / Math.max(1, ceiling.msgsPerSec)).toFixed(3),
    node: process.version, cpus: (await import('node:os')).cpus().length, at: new Date().toISOString(),
  };
  const dir = path.join(path.dirname(new URL(import.meta.url).pathname), 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, `webchat-${dbKind}.json`), `${JSON.stringify(summary, null, 2)}\n`);
  console.log(JSON.stringify(summary));
  process.exit(0);
}

main().catch((err) => { console.error(err); process.exit(1); });
