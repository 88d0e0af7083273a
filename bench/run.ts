// `npm run bench`: the service as deployed (its own process, the entry `npm start` runs) against the bare stack
// (bench/ceiling-server.ts, its own process), both loaded from this process in the same run, on a PostgreSQL server
// (DATABASE_URL, else TEST_DATABASE_URL) and on embedded PGlite; then the scale figures. The last line printed is
// one JSON object (the PostgreSQL figures at the top level when a server is there, else PGlite's).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { createFreshDatabase } from './fresh-database.js';
import { type Admin, BENCH_ADMIN, signIn } from './lib/api.js';
import { type Proc, root, rssBytes, startCeiling, startService } from './lib/processes.js';
import { ratio } from './lib/stats.js';
import { benchExport } from './scale/export.js';
import { benchListSearch, seedScale } from './scale/list-search.js';
import { benchSessions } from './scale/sessions.js';
import { benchIdleSockets } from './scale/sockets.js';
import { benchStartup } from './startup.js';
import { loadCeiling, loadService } from './webchat.js';

const num = (name: string, dflt: number) => Number(process.env[name] ?? dflt);
const VISITORS = num('BENCH_VISITORS', 200);
const SECONDS = num('BENCH_SECONDS', 10);
const SESSIONS = num('BENCH_SESSIONS', 3000);
const SOCKETS = num('BENCH_SOCKETS', 10_000);
const SCALE_CONVERSATIONS = num('BENCH_SCALE_CONVERSATIONS', 100_000);
const PARTS = new Set((process.env.BENCH_PARTS ?? 'webchat,sessions,sockets,list,startup').split(','));
// The load parts need the service and the ceiling side by side on both databases; the others do not.
const LOAD_PARTS = ['webchat', 'sessions', 'sockets'].some((p) => PARTS.has(p));
const DATABASES = new Set((process.env.BENCH_DATABASES ?? 'postgres,pglite').split(','));
const serverUrl = DATABASES.has('postgres') ? process.env.DATABASE_URL ?? process.env.TEST_DATABASE_URL : undefined;

const MB = (b: number) => Math.round(b / 1024 / 1024);
const idle = () => new Promise((r) => setTimeout(r, 5000));
const serviceEnv = { ...BENCH_ADMIN, LOG_LEVEL: 'warn', RATE_LIMIT_PUBLIC: '100000000', RATE_LIMIT_LOGIN: '1000' };

interface Target { kind: 'postgres' | 'pglite'; service: Record<string, string>; ceiling: Record<string, string>; cleanup: () => Promise<void> }

async function target(kind: Target['kind']): Promise<Target> {
  if (kind === 'postgres') {
    const fresh = await createFreshDatabase(serverUrl!);
    return { kind, service: { DATABASE_URL: fresh.url }, ceiling: { DATABASE_URL: fresh.url }, cleanup: fresh.drop };
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'sb-bench-'));
  const data = path.join(dir, 'service');
  const bare = path.join(dir, 'ceiling');
  return { kind, service: { DATA_DIR: data }, ceiling: { PGLITE_DIR: bare }, cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
}

async function withProcs<T>(t: Target, fn: (service: Proc, ceiling: Proc) => Promise<T>): Promise<T> {
  const ceiling = await startCeiling(t.ceiling);
  const service = await startService({ ...serviceEnv, ...t.service });
  try { return await fn(service, ceiling); } finally { await service.stop(); await ceiling.stop(); }
}

async function benchDatabase(kind: Target['kind']) {
  const t = await target(kind);
  try {
    return await withProcs(t, async (service, ceiling) => {
      await idle();
      const figures: Record<string, unknown> = { database: kind, idleRssMB: MB(rssBytes(service.child.pid!)), ceilingIdleRssMB: MB(rssBytes(ceiling.child.pid!)) };
      const opts = { senders: VISITORS, seconds: SECONDS, warmupSeconds: 2 };
      if (PARTS.has('webchat')) {
        const bare = await loadCeiling(ceiling, opts);
        console.log(`[${kind}] ceiling  (bare Socket.IO relay + 1 INSERT/msg, own process): ${bare.msgsPerSec} msgs/s  p50 ${bare.p50ms} ms  p99 ${bare.p99ms} ms`);
        const { result, webhooksReceived, webhooksSent, webhookDrainSeconds, transactionsPerMessage, cpuMsPerMessage, syscallsPerMessage } = await loadService(service, { ...opts, databaseUrl: t.service.DATABASE_URL });
        console.log(`[${kind}] service  (widget socket → ingest → agent socket, own process): ${result.msgsPerSec} msgs/s  p50 ${result.p50ms} ms  p99 ${result.p99ms} ms  ratio ${ratio(result.msgsPerSec, bare.msgsPerSec)}  ${webhooksReceived === 0 && webhookDrainSeconds === null ? '(no webhook subscription)' : `(webhooks received ${webhooksReceived} of ${webhooksSent} 2 s after the loop; all delivered ${webhookDrainSeconds === null ? 'not within 2 min' : `${webhookDrainSeconds} s after the loop`})`}`);
        console.log(`[${kind}] per message sent, everything until the webhooks drained: service CPU ${cpuMsPerMessage} ms, read/write system calls ${syscallsPerMessage}${transactionsPerMessage === null ? '' : `, database transactions ${transactionsPerMessage} (PostgreSQL's statistics)`}; the ceiling in its loop: CPU ${bare.cpuMsPerMessage} ms, system calls ${bare.syscallsPerMessage}`);
        Object.assign(figures, {
          msgsPerSec: result.msgsPerSec, p50ms: result.p50ms, p99ms: result.p99ms, messages: result.messages,
          ceilingMsgsPerSec: bare.msgsPerSec, ceilingP50ms: bare.p50ms, ceilingP99ms: bare.p99ms, ratio: ratio(result.msgsPerSec, bare.msgsPerSec),
          webhooksReceived, webhooksSent, webhookDrainSeconds, transactionsPerMessage, cpuMsPerMessage, syscallsPerMessage,
          ceilingCpuMsPerMessage: bare.cpuMsPerMessage, ceilingSyscallsPerMessage: bare.syscallsPerMessage, serviceRssAfterLoadMB: MB(rssBytes(service.child.pid!)),
        });
      }
      let tokens: string[] = [];
      const admin = await signIn(service.url);
      if (PARTS.has('sessions') || PARTS.has('sockets')) {
        const s = await benchSessions(service, admin.widgetKey, ceiling, SESSIONS);
        tokens = s.tokens;
        console.log(`[${kind}] widget sessions: ${s.service.perSec}/s (p95 ${s.service.p95ms} ms) for ${s.service.count} new visitors; bare HTTP + 1 INSERT ${s.ceiling.perSec}/s  ratio ${ratio(s.service.perSec, s.ceiling.perSec)}`);
        figures.sessions = { ...s.service, ceilingPerSec: s.ceiling.perSec, ceilingP95ms: s.ceiling.p95ms, ratio: ratio(s.service.perSec, s.ceiling.perSec) };
      }
      if (PARTS.has('sockets')) {
        const k = await benchIdleSockets(service, tokens, ceiling, SOCKETS);
        console.log(`[${kind}] ${k.service.sockets} idle widget sockets (${k.visitors} visitors): ${k.service.rssPerConnectionKB} KB RSS each, connected in ${k.service.connectSeconds} s; bare Socket.IO ${k.ceiling.rssPerConnectionKB} KB each, ${k.ceiling.connectSeconds} s`);
        figures.idleSockets = { ...k.service, visitors: k.visitors, ceilingRssPerConnectionKB: k.ceiling.rssPerConnectionKB, ceilingConnectSeconds: k.ceiling.connectSeconds };
      }
      return figures;
    });
  } finally {
    await t.cleanup();
  }
}

/** The service on a PostgreSQL database seeded with the scale data set (10 messages per conversation). */
async function withScaleService<T>(run: (s: { service: Proc; admin: Admin; seeded: number }) => Promise<T>): Promise<T> {
  const t = await target('postgres');
  try {
    const service = await startService({ ...serviceEnv, ...t.service });
    try {
      const admin = await signIn(service.url);
      const seeded = await seedScale(t.service.DATABASE_URL, admin.inboxId, SCALE_CONVERSATIONS, 10);
      return await run({ service, admin, seeded });
    } finally { await service.stop(); }
  } finally { await t.cleanup(); }
}

function benchScale() {
  return withScaleService(async ({ admin, seeded }) => {
    const views = await benchListSearch(admin);
    console.log(`[postgres] ${SCALE_CONVERSATIONS} conversations / ${SCALE_CONVERSATIONS * 10} messages (seeded in ${seeded} s), first page p95 over HTTP: ${Object.entries(views).map(([k, v]) => `${k.replace('P95ms', '')} ${v} ms`).join(', ')}  (goal ≤ 50 ms each)`);
    return { conversations: SCALE_CONVERSATIONS, messages: SCALE_CONVERSATIONS * 10, goalP95ms: 50, ...views };
  });
}

/** BENCH_PARTS=export: the JSON Lines export of the scale data set, with the service's peak memory. */
function benchExportScale() {
  return withScaleService(async ({ service, admin, seeded }) => {
    await idle();
    const e = await benchExport(admin, service.child.pid!, rssBytes(service.child.pid!));
    console.log(`[postgres] JSONL export of ${e.conversations} conversations / ${SCALE_CONVERSATIONS * 10} messages (seeded in ${seeded} s): ${e.fileMB} MB in ${e.jobSeconds} s, download ${e.downloadSeconds} s; service RSS idle ${e.idleRssMB} MB, peak ${e.peakRssDuringJobMB} MB during the job, ${e.peakRssDuringDownloadMB} MB during the download`);
    const figures = { messages: SCALE_CONVERSATIONS * 10, seededSeconds: seeded, ...e, node: process.version, cpus: cpus().length, at: new Date().toISOString() };
    const dir = path.join(root, 'bench/results');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'export-postgres.json'), `${JSON.stringify(figures, null, 2)}\n`);
    return figures;
  });
}

async function main() {
  console.log(`Switchboard bench: ${VISITORS} visitors, closed loop, ${SECONDS} s per phase; service and ceiling each in their own process; ${cpus().length} CPUs`);
  const results: Record<string, any> = {};
  if (!serverUrl) console.log('no PostgreSQL server (DATABASE_URL or TEST_DATABASE_URL) or not in BENCH_DATABASES: PostgreSQL figures skipped');
  if (LOAD_PARTS) {
    if (serverUrl) results.postgres = await benchDatabase('postgres');
    if (DATABASES.has('pglite')) results.pglite = await benchDatabase('pglite');
  }
  if (serverUrl && PARTS.has('list')) results.listSearch = await benchScale();
  if (serverUrl && PARTS.has('export')) results.export = await benchExportScale();
  if (PARTS.has('startup')) results.startup = await benchStartup(serviceEnv, serverUrl, [...DATABASES].filter((d): d is 'postgres' | 'pglite' => d === 'postgres' || d === 'pglite'), num('BENCH_STARTUP_RUNS', 3));

  const top = results.postgres ?? results.pglite;
  // A run of single parts records only its own file; the suite summary needs the load figures.
  if (!top) {
    console.log(JSON.stringify(results));
    process.exit(0);
  }
  const summary = {
    bench: 'webchat-external', database: top.database, visitors: VISITORS, seconds: SECONDS,
    msgsPerSec: top.msgsPerSec, p50ms: top.p50ms, p99ms: top.p99ms, ceilingMsgsPerSec: top.ceilingMsgsPerSec, ratio: top.ratio,
    ...results, node: process.version, cpus: cpus().length, at: new Date().toISOString(),
  };
  const dir = path.join(root, 'bench/results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, process.env.BENCH_RESULT ?? 'suite.json'), `${JSON.stringify(summary, null, 2)}\n`);
  console.log(JSON.stringify(summary));
  process.exit(0);
}

main().catch((err) => { console.error(err); process.exit(1); });
