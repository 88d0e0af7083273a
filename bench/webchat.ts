// Web-chat throughput: the service (its own process) against the bare ceiling (its own process), both loaded by
// this process in the same closed loop over real sockets. The service runs with every feature a customer would
// have on: an SLA policy applied by a rule, a keyword rule evaluated on every message, and a webhook subscription
// whose receiver counts what arrives; the bot stays off, as in a throughput run of a staffed inbox.
import { createServer } from 'node:http';
import pg from 'pg';
import type { Socket } from 'socket.io-client';
import { type Admin, call, newVisitor, signIn } from './lib/api.js';
import { closedLoop, type LoopOptions } from './lib/loop.js';
import { cpuSeconds, ioSyscalls, type Proc } from './lib/processes.js';
import { connect } from './lib/sockets.js';
import type { Throughput } from './lib/stats.js';

export async function webhookReceiver(): Promise<{ url: string; count: () => number; close: () => void }> {
  let count = 0;
  const srv = createServer((req, res) => { req.resume(); req.on('end', () => { count++; res.end('ok'); }); });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  return { url: `http://127.0.0.1:${(srv.address() as { port: number }).port}/hook`, count: () => count, close: () => srv.close() };
}

/** The features a throughput run switches on; `BENCH_FEATURES` (comma-separated) picks some, to see what each costs. */
export const benchFeatures = ['sla', 'rules', 'webhook'] as const;
function featuresWanted(): Set<string> {
  const named = process.env.BENCH_FEATURES;
  if (named === undefined) return new Set(benchFeatures);
  const wanted = new Set(named.split(',').map((f) => f.trim()).filter(Boolean));
  for (const f of wanted) if (!(benchFeatures as readonly string[]).includes(f)) throw new Error(`BENCH_FEATURES: unknown feature ${f} (known: ${benchFeatures.join(', ')})`);
  return wanted;
}

/** Switches the wanted features on; true when the webhook subscription is one of them. */
export async function switchFeaturesOn(admin: Admin, hookUrl: string): Promise<boolean> {
  const { url, token } = admin;
  const wanted = featuresWanted();
  if (wanted.has('sla')) {
    const policy = await call<{ id: string }>(url, 'POST', '/api/sla/policies', token, { name: 'Bench SLA', firstResponseMinutes: 60, resolutionMinutes: 480 });
    await call(url, 'POST', '/api/rules', token, { name: 'SLA on every conversation', event: 'conversation.created', actions: [{ type: 'apply_sla', policyId: policy.id }] });
  }
  if (wanted.has('rules')) {
    await call(url, 'POST', '/api/rules', token, {
      name: 'Refunds to billing', event: 'message.created',
      conditions: { all: [{ field: 'text', op: 'contains', value: 'refund' }] }, actions: [{ type: 'add_label', label: 'refund' }],
    });
  }
  if (wanted.has('webhook')) await call(url, 'POST', '/api/webhooks', token, { url: hookUrl, events: ['message.created'], allowPrivate: true });
  return wanted.has('webhook');
}

export interface WebchatFigures { pipeline: Throughput; ceiling: Throughput; webhooksReceived: number }

/** Polls until every sent message's webhook arrived; seconds after the loop ended, or null past `capSeconds`. */
async function webhookDrain(count: () => number, sent: number, capSeconds = 120): Promise<number | null> {
  const start = Date.now();
  while (count() < sent) {
    if (Date.now() - start > capSeconds * 1000) return null;
    await new Promise((r) => setTimeout(r, 100));
  }
  return Math.round((Date.now() - start) / 100) / 10;
}

/**
 * Transactions committed or rolled back in the database so far, by PostgreSQL's own statistics: each statement
 * outside a transaction counts one, a transaction of several statements one. Counted for the whole database, so
 * everything the service does (request path, consumers, job workers, polling) is in it, whatever the machine's load.
 */
async function databaseTransactions(url: string): Promise<number> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    // Backends report their counts at most once a second; the snapshot must not be an older, cached one.
    await c.query('select pg_stat_clear_snapshot()');
    const { rows } = await c.query<{ n: string }>('select xact_commit + xact_rollback as n from pg_stat_database where datname = current_database()');
    return Number(rows[0].n);
  } finally {
    await c.end();
  }
}

export async function loadService(service: Proc, opts: LoopOptions & { databaseUrl?: string }): Promise<{ result: Throughput; webhooksReceived: number; webhooksSent: number; webhookDrainSeconds: number | null; transactionsPerMessage: number | null; cpuMsPerMessage: number; syscallsPerMessage: number }> {
  const admin = await signIn(service.url);
  const hooks = await webhookReceiver();
  const webhookOn = await switchFeaturesOn(admin, hooks.url);
  const agent = await connect(`${service.url}/agent`, { token: admin.token });
  const visitors: Socket[] = [];
  let sent = 0;
  for (let i = 0; i < opts.senders; i++) visitors.push(await connect(`${service.url}/widget`, { token: await newVisitor(service.url, admin.widgetKey) }));
  await new Promise((r) => setTimeout(r, 1500)); // the sessions' own consumers settle, and their counts are reported
  const transactionsBefore = opts.databaseUrl ? await databaseTransactions(opts.databaseUrl) : 0;
  const cpuBefore = cpuSeconds(service.child.pid!);
  const syscallsBefore = ioSyscalls(service.child.pid!);
  const result = await closedLoop(
    opts,
    (i, n) => { sent++; visitors[i].emit('message.send', { body: `bench message ${n} from visitor ${i}`, clientId: `b-${i}-${n}` }); },
    (received) => agent.on('message.created', (p: { message: { clientId?: string | null } }) => {
      const m = /^b-(\d+)-(\d+)$/.exec(p.message.clientId ?? '');
      if (m) received(`${m[1]}:${m[2]}`);
    }),
  );
  await new Promise((r) => setTimeout(r, 2000)); // webhooks still in flight are counted, not judged
  const webhooksReceived = hooks.count();
  // Then how long the webhook consumer needs to deliver every message sent (the event log's lag, end to end).
  const webhookDrainSeconds = webhookOn ? await webhookDrain(hooks.count, sent) : null;
  // CPU the service spent per message, on the loop and on what it left to do after it (the consumers' backlog).
  const cpuMsPerMessage = Math.round((cpuSeconds(service.child.pid!) - cpuBefore) / sent * 10_000) / 10;
  const syscallsPerMessage = Math.round((ioSyscalls(service.child.pid!) - syscallsBefore) / sent * 10) / 10;
  let transactionsPerMessage: number | null = null;
  if (opts.databaseUrl) {
    await new Promise((r) => setTimeout(r, 1500)); // the last consumers' writes, and the backends' reports
    transactionsPerMessage = Math.round(((await databaseTransactions(opts.databaseUrl)) - transactionsBefore) / sent * 10) / 10;
  }
  agent.close();
  for (const v of visitors) v.close();
  hooks.close();
  return { result, webhooksReceived, webhooksSent: sent, webhookDrainSeconds: webhookDrainSeconds === null ? null : webhookDrainSeconds + 2, transactionsPerMessage, cpuMsPerMessage, syscallsPerMessage };
}

/** The bare ceiling loaded like the service; with its CPU and system calls per message, counted the same way. */
export async function loadCeiling(ceiling: Proc, opts: LoopOptions): Promise<Throughput & { cpuMsPerMessage: number; syscallsPerMessage: number }> {
  const listener = await connect(ceiling.url, {});
  listener.emit('listen');
  await new Promise((r) => setTimeout(r, 100));
  const clients: Socket[] = [];
  for (let i = 0; i < opts.senders; i++) clients.push(await connect(ceiling.url, {}));
  let sent = 0;
  const cpuBefore = cpuSeconds(ceiling.child.pid!);
  const syscallsBefore = ioSyscalls(ceiling.child.pid!);
  const result = await closedLoop(
    opts,
    (i, n) => { sent++; clients[i].emit('msg', { key: `${i}:${n}`, body: `bench message ${n} from visitor ${i}` }); },
    (received) => listener.on('relayed', received),
  );
  await new Promise((r) => setTimeout(r, 500)); // the last inserts of the loop
  const cpuMsPerMessage = Math.round((cpuSeconds(ceiling.child.pid!) - cpuBefore) / sent * 10_000) / 10;
  const syscallsPerMessage = Math.round((ioSyscalls(ceiling.child.pid!) - syscallsBefore) / sent * 10) / 10;
  listener.close();
  for (const c of clients) c.close();
  return { ...result, cpuMsPerMessage, syscallsPerMessage };
}
