import pg from 'pg';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webInbox } from '../support/nodes.js';
import { freePort, spawnServer, stopProcess, type ServerProcess } from '../support/process.js';
import { serviceAvailable } from '../support/requirements.js';
import { ADMIN, api, createServerDatabase, eventually, loginAdmin, newVisitor, testPool } from '../support/server.js';

const enabled = serviceAvailable('TEST_DATABASE_URL', 'a PostgreSQL server') && serviceAvailable('REDIS_URL', 'a Redis server, e.g. redis://127.0.0.1:6379');

/**
 * Timed work with three nodes up on one PostgreSQL + Redis: every node runs the job workers, yet each due time
 * is acted on once. Conversations are written through all three nodes, so their timers are scheduled from all.
 */
describe.runIf(enabled)('timed work runs once per due time across three nodes', () => {
  const nodes: ServerProcess[] = [];
  let pool: pg.Pool;
  let drop: () => Promise<void>;
  let admin: string;
  let inbox: { id: string; widgetKey: string };
  let relay: SMTPServer;
  const mails: ParsedMail[] = [];

  beforeAll(async () => {
    const db = (await createServerDatabase())!;
    drop = db.drop;
    pool = testPool(db.url);
    relay = new SMTPServer({
      authOptional: true, hideSTARTTLS: true, disableReverseLookup: true, logger: false,
      onData(stream, _session, cb) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', async () => { mails.push(await simpleParser(Buffer.concat(chunks))); cb(); });
      },
    });
    const smtpPort = await freePort();
    await new Promise<void>((r) => relay.listen(smtpPort, '127.0.0.1', () => r()));
    const env = {
      DATABASE_URL: db.url, REDIS_URL: process.env.REDIS_URL!, ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password,
      SECRET_KEY: 'timed-work-secret-shared-by-all', RATE_LIMIT_PUBLIC: '100000', SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    };
    nodes.push(await spawnServer(env));
    nodes.push(...await Promise.all([spawnServer(env), spawnServer(env)]));
    admin = await loginAdmin(nodes[0].url);
    inbox = await webInbox(nodes[0].url, admin, 'Timers');
  }, 240_000);

  afterAll(async () => {
    await Promise.all(nodes.map((n) => stopProcess(n)));
    await new Promise<void>((r) => (relay ? relay.close(() => r()) : r()));
    await pool?.end();
    await drop?.();
  });

  /** One visitor conversation per node, written through that node. */
  async function conversations(tag: string): Promise<string[]> {
    return Promise.all(nodes.map(async (n, i) => {
      const v = await newVisitor(n.url, inbox.widgetKey);
      const r = await api(n.url, 'POST', '/api/widget/messages', { token: v.visitorToken, body: { body: `${tag} ${i}`, clientId: `${tag}-${i}` } });
      expect(r.status).toBe(200);
      return r.body.conversationId as string;
    }));
  }

  const countBy = async (sql: string, ids: string[]) => Object.fromEntries((await pool.query(sql, [ids])).rows.map((r) => [r.id as string, Number(r.n)]));

  it('an SLA deadline passing is recorded as one breach per conversation', { timeout: 90_000 }, async () => {
    const policy = await api(nodes[0].url, 'POST', '/api/sla/policies', { token: admin, body: { name: 'One minute', firstResponseMinutes: 1, businessHours: false } });
    expect(policy.status).toBe(201);
    const ids = await conversations('sla');
    // Started 50 s ago under a one-minute policy: the first response falls due about 10 s from now.
    await pool.query("update conversations set created_at = now() - interval '50 seconds' where id = any($1)", [ids]);
    for (const [i, id] of ids.entries()) {
      const r = await api(nodes[i].url, 'PUT', `/api/sla/conversations/${id}`, { token: admin, body: { policyId: policy.body.id } });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    }
    const breaches = (list: string[]) => countBy("select c.id, (select count(*) from events e where e.conversation_id = c.id and e.type = 'sla.breached') as n from conversations c where c.id = any($1)", list);
    // Not yet due: the breach must come from the timer, not from the refresh on applying the policy.
    expect(Object.values(await breaches(ids))).toEqual([0, 0, 0]);
    await eventually(async () => Object.values(await breaches(ids)).every((n) => n > 0), 45_000, 'every deadline passed');
    // A few more seconds for a second timer or a refresh on another node to show up, if there were one.
    await eventually(async () => (await pool.query("select count(*)::int as n from pgboss.job where name = 'sla-check' and state in ('created', 'retry', 'active') and data->>'conversationId' = any($1)", [ids])).rows[0].n === 0, 30_000, 'no SLA timer left');
    expect(await breaches(ids)).toEqual(Object.fromEntries(ids.map((id) => [id, 1])));
    const rows = (await pool.query('select conversation_id, breached from conversation_slas where conversation_id = any($1)', [ids])).rows;
    expect(rows.map((r) => r.breached)).toEqual([['first_response'], ['first_response'], ['first_response']]);
  });

  it('a snoozed conversation’s follow-up reminder goes out once when its time comes', { timeout: 90_000 }, async () => {
    const ids = await conversations('snooze');
    const until = new Date(Date.now() + 8_000).toISOString();
    for (const [i, id] of ids.entries()) {
      const r = await api(nodes[i].url, 'PATCH', `/api/conversations/${id}`, { token: admin, body: { status: 'snoozed', snoozedUntil: until } });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    }
    const tasksOf = async () => (await pool.query("select id, conversation_id, reminded_at from crm_tasks where kind = 'snooze' and status = 'open' and conversation_id = any($1)", [ids])).rows as { id: string; reminded_at: Date | null }[];
    const tasks = await eventually(async () => { const t = await tasksOf(); return t.length === 3 ? t : null; }, 20_000, 'a follow-up task per snoozed conversation');
    expect(tasks.every((t) => !t.reminded_at)).toBe(true);
    const mailsFor = (taskId: string) => mails.filter((m) => String(m.text).includes(`task=${taskId}`)).length;
    await eventually(async () => tasks.every((t) => mailsFor(t.id) > 0), 45_000, 'every reminder sent');
    await eventually(async () => (await pool.query("select count(*)::int as n from pgboss.job where name = 'crm-task-reminder' and state in ('created', 'retry', 'active') and data->>'taskId' = any($1)", [tasks.map((t) => t.id)])).rows[0].n === 0, 30_000, 'no reminder job left');
    expect(Object.fromEntries(tasks.map((t) => [t.id, mailsFor(t.id)]))).toEqual(Object.fromEntries(tasks.map((t) => [t.id, 1])));
    expect((await tasksOf()).every((t) => t.reminded_at)).toBe(true);
  });

  it('a snooze ends once at its time; one re-snoozed later stays snoozed', { timeout: 90_000 }, async () => {
    const ids = await conversations('wake');
    const mark = Number((await pool.query('select coalesce(max(position), 0) as p from events')).rows[0].p);
    const until = new Date(Date.now() + 8_000).toISOString();
    for (const [i, id] of ids.entries()) {
      const r = await api(nodes[i].url, 'PATCH', `/api/conversations/${id}`, { token: admin, body: { status: 'snoozed', snoozedUntil: until } });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    }
    // The third is snoozed again, through another node, to a later time before the first one comes.
    const later = new Date(Date.now() + 10 * 60_000).toISOString();
    const again = await api(nodes[0].url, 'PATCH', `/api/conversations/${ids[2]}`, { token: admin, body: { status: 'snoozed', snoozedUntil: later } });
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    const statusOf = async () => Object.fromEntries((await pool.query('select id, status from conversations where id = any($1)', [ids])).rows.map((r) => [r.id, r.status]));
    expect(Object.values(await statusOf())).toEqual(['snoozed', 'snoozed', 'snoozed']);
    await eventually(async () => { const s = await statusOf(); return s[ids[0]] === 'open' && s[ids[1]] === 'open'; }, 45_000, 'both snoozes ended');
    // Every wake-up job of the first due time has run (on whichever node fetched it), the re-snoozed one's too.
    await eventually(async () => (await pool.query("select count(*)::int as n from pgboss.job where name = 'snooze-wake' and state in ('created', 'retry', 'active') and data->>'until' = $1 and data->>'conversationId' = any($2)", [until, ids])).rows[0].n === 0, 30_000, 'no wake-up job of the first time left');
    const statusChanges = await countBy(`select c.id, (select count(*) from events e where e.conversation_id = c.id and e.type = 'conversation.updated' and e.position > ${mark} and e.payload->'changed' ? 'status' and e.payload->'conversation'->>'status' = 'open') as n from conversations c where c.id = any($1)`, ids);
    const lines = await countBy("select c.id, (select count(*) from messages m where m.conversation_id = c.id and m.direction = 'activity' and m.body = 'Snooze ended') as n from conversations c where c.id = any($1)", ids);
    expect(statusChanges).toEqual({ [ids[0]]: 1, [ids[1]]: 1, [ids[2]]: 0 });
    expect(lines).toEqual({ [ids[0]]: 1, [ids[1]]: 1, [ids[2]]: 0 });
    const third = await api(nodes[1].url, 'GET', `/api/conversations/${ids[2]}`, { token: admin });
    expect(third.status).toBe(200);
    expect(third.body.status).toBe('snoozed');
    expect(third.body.snoozedUntil).toBe(later);
    const woken = await api(nodes[2].url, 'GET', `/api/conversations/${ids[0]}`, { token: admin });
    expect([woken.body.status, woken.body.snoozedUntil]).toEqual(['open', null]);
  });
});
