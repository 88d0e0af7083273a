import { execFileSync } from 'node:child_process';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDovecot, dovecotAvailable, type Dovecot } from '../support/dovecot.js';
import { spawnServer, stopProcess, type ServerProcess } from '../support/process.js';
import { serviceAvailable } from '../support/requirements.js';
import { ADMIN, api, createServerDatabase, eventually, loginAdmin, testPool } from '../support/server.js';

const enabled = serviceAvailable('TEST_DATABASE_URL', 'a PostgreSQL server') && serviceAvailable('REDIS_URL', 'a Redis server, e.g. redis://127.0.0.1:6379') && dovecotAvailable();

function mail(n: number): string {
  return [`From: Kim <kim@customer.test>`, 'To: support@shop.test', `Subject: Question ${n}`, `Message-ID: <q-${n}@customer.test>`,
    `Date: ${new Date().toUTCString()}`, 'Content-Type: text/plain; charset=utf-8', '', `Body of question ${n}`, ''].join('\r\n');
}

/**
 * The processes that hold an open TCP connection to the IMAP server right now, by pid: a poller keeps its
 * connection open (IDLE), so this is who polls the mailbox, seen from the operating system rather than from
 * the server's own account of it.
 */
function imapClients(port: number): Set<number> {
  const out = execFileSync('ss', ['-Htnp', 'state', 'established', `( dport = :${port} )`], { encoding: 'utf8' });
  return new Set([...out.matchAll(/pid=(\d+)/g)].map((m) => Number(m[1])));
}

/** Three server processes on one PostgreSQL + Redis and one e-mail inbox whose mail comes from a local Dovecot. */
describe.runIf(enabled)('one IMAP poller per mailbox across three nodes', () => {
  const nodes: ServerProcess[] = [];
  let dovecot: Dovecot;
  let pool: pg.Pool;
  let drop: () => Promise<void>;
  let env: Record<string, string>;

  beforeAll(async () => {
    dovecot = await createDovecot();
    const db = (await createServerDatabase())!;
    drop = db.drop;
    pool = testPool(db.url);
    env = { DATABASE_URL: db.url, REDIS_URL: process.env.REDIS_URL!, ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, SECRET_KEY: 'imap-cluster-secret-shared-by-all' };
    // The first node migrates the database; the other two boot at once on it.
    nodes.push(await spawnServer(env));
    nodes.push(...await Promise.all([spawnServer(env), spawnServer(env)]));
  }, 240_000);

  afterAll(async () => {
    await Promise.all(nodes.map((n) => stopProcess(n)));
    await pool?.end();
    await drop?.();
    await dovecot?.dispose();
  });

  const pids = (list: ServerProcess[]) => new Set(list.map((n) => n.child.pid!));
  const pollersAmong = (list: ServerProcess[]) => [...imapClients(dovecot.port)].filter((pid) => pids(list).has(pid));
  const stored = async (inboxId: string) => (await pool.query("select external_id from messages where inbox_id = $1 and direction = 'incoming'", [inboxId])).rows.map((r) => r.external_id as string).sort();

  // One run over one mailbox: a retry would find the first run's mail.
  it('mail is ingested once by the one node that polls, and another node takes over when it is killed', { retry: 0, timeout: 120_000 }, async () => {
    // The inbox is created after all three nodes are up: each must notice it without a restart.
    const admin = await loginAdmin(nodes[1].url);
    const created = await api(nodes[1].url, 'POST', '/api/inboxes', { token: admin, body: { name: 'Support mail', channel: 'email', config: {
      address: 'support@shop.test', imap: { host: '127.0.0.1', port: dovecot.port, secure: false, user: dovecot.user, password: dovecot.password, allowPrivate: true },
    } } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const inboxId = created.body.id as string;

    for (let n = 1; n <= 5; n++) await dovecot.append(mail(n));
    const firstFive = Array.from({ length: 5 }, (_, i) => `<q-${i + 1}@customer.test>`).sort();
    // Every node reconciles its pollers at least once while we wait (a pass every 10 s): count who polls on each look.
    const seen = new Set<number>();
    await eventually(async () => {
      pollersAmong(nodes).forEach((p) => seen.add(p));
      return (await stored(inboxId)).length >= 5;
    }, 40_000, 'the first five mails ingested');
    const polling = await eventually(async () => {
      const now = pollersAmong(nodes);
      now.forEach((p) => seen.add(p));
      return now.length ? now : null;
    }, 10_000, 'a node polling');
    expect(polling).toHaveLength(1);
    expect([...seen]).toEqual(polling);
    expect(await stored(inboxId)).toEqual(firstFive);

    const victim = nodes.find((n) => n.child.pid === polling[0])!;
    await stopProcess(victim, 'SIGKILL');
    nodes.splice(nodes.indexOf(victim), 1);
    for (let n = 6; n <= 8; n++) await dovecot.append(mail(n));
    // Taken over within 30 s of the kill: the survivors' next reconcile wins the mailbox's lock.
    await eventually(async () => (await stored(inboxId)).length >= 8, 30_000, 'mail after the poller was killed');
    const successor = await eventually(async () => { const p = pollersAmong(nodes); return p.length ? p : null; }, 10_000, 'a new poller');
    expect(successor).toHaveLength(1);
    expect(successor[0]).not.toBe(victim.child.pid);
    expect(await stored(inboxId)).toEqual(Array.from({ length: 8 }, (_, i) => `<q-${i + 1}@customer.test>`).sort());

    // The whole cluster dies; two fresh nodes boot on a database where the inbox already exists. Their poller
    // is connected before the mail arrives, so it must hear of it through IDLE, not wait for the minute poll.
    await Promise.all(nodes.splice(0).map((n) => stopProcess(n, 'SIGKILL')));
    nodes.push(...await Promise.all([spawnServer(env), spawnServer(env)]));
    for (let n = 9; n <= 10; n++) await dovecot.append(mail(n));
    await eventually(async () => (await stored(inboxId)).length >= 10, 30_000, 'mail after a cold start');
    const afterRestart = await eventually(async () => { const p = pollersAmong(nodes); return p.length ? p : null; }, 10_000, 'a poller after the restart');
    expect(afterRestart).toHaveLength(1);
    expect(await stored(inboxId)).toEqual(Array.from({ length: 10 }, (_, i) => `<q-${i + 1}@customer.test>`).sort());
  });
});
