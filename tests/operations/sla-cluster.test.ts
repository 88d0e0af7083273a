// Two nodes refreshing the same conversation's SLA at the same moment (a timer on one, a reply or a second
// timer on the other) record a missed target once: one sla.breached event, one entry in `breached`.
import type pg from 'pg';
import PgBoss from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type NodeCluster } from '../support/nodes.js';
import type { ServerProcess } from '../support/process.js';
import { serviceAvailable } from '../support/requirements.js';
import { api, eventually, newVisitor } from '../support/server.js';

const enabled = serviceAvailable('TEST_DATABASE_URL', 'a PostgreSQL server') && serviceAvailable('REDIS_URL', 'a Redis server, e.g. redis://127.0.0.1:6379');
const CONVERSATIONS = 40;
const CHECKS_EACH = 3;

describe.runIf(enabled)('an SLA breach is recorded once when two nodes refresh at once', () => {
  let cluster: NodeCluster;
  let nodes: ServerProcess[];
  let pool: pg.Pool;
  let boss: PgBoss;
  let stopping = false;
  let admin: string;
  let inbox: { id: string; widgetKey: string };

  beforeAll(async () => {
    cluster = await startCluster(2, 'SLA race');
    ({ nodes, pool, admin, inbox } = cluster);
    // The nodes' own queue, reached as one more client: it fires the SLA timers the way due jobs would.
    boss = new PgBoss({ connectionString: cluster.databaseUrl, schema: 'pgboss', supervise: false, schedule: false, migrate: false, max: 2 });
    boss.on('error', (err) => { if (!stopping) throw err; });
    await boss.start();
  }, 240_000);

  afterAll(async () => {
    stopping = true;
    await boss?.stop({ graceful: false, close: true, wait: true }).catch(() => {});
    await cluster?.stop();
  });

  it('several timer checks per conversation, run by both nodes at once, give one breach each', { timeout: 150_000 }, async () => {
    const tag = `race-${Date.now().toString(36)}`;
    const policy = await api(nodes[0].url, 'POST', '/api/sla/policies', { token: admin, body: { name: `One hour ${tag}`, firstResponseMinutes: 60, businessHours: false } });
    expect(policy.status, JSON.stringify(policy.body)).toBe(201);
    const ids: string[] = [];
    for (let i = 0; i < CONVERSATIONS; i++) {
      const node = nodes[i % 2].url;
      const v = await newVisitor(node, inbox.widgetKey);
      const r = await api(node, 'POST', '/api/widget/messages', { token: v.visitorToken, body: { body: `waiting ${i}`, clientId: `${tag}-${i}` } });
      expect(r.status).toBe(200);
      const applied = await api(node, 'PUT', `/api/sla/conversations/${r.body.conversationId}`, { token: admin, body: { policyId: policy.body.id } });
      expect(applied.status, JSON.stringify(applied.body)).toBe(200);
      ids.push(r.body.conversationId);
    }
    const breaches = async () => Object.fromEntries((await pool.query(
      "select c.id, (select count(*)::int from events e where e.conversation_id = c.id and e.type = 'sla.breached') as n from conversations c where c.id = any($1)", [ids],
    )).rows.map((r) => [r.id as string, r.n as number]));
    // Applied with an hour to go: nothing missed yet (its own timer waits an hour). Then the conversations turn
    // out to have waited two hours.
    expect(Object.values(await breaches()).every((n) => n === 0)).toBe(true);
    await pool.query("update conversations set created_at = now() - interval '2 hours' where id = any($1)", [ids]);

    // The checks of one conversation follow each other in the queue, so the two nodes fetch them side by side.
    const checks: string[] = [];
    for (const id of ids) for (let k = 0; k < CHECKS_EACH; k++) checks.push((await boss.send('sla-check', { conversationId: id }))!);
    await eventually(async () => Number((await pool.query("select count(*) as n from pgboss.job where id = any($1::uuid[]) and state <> 'completed'", [checks])).rows[0].n) === 0, 60_000, 'every check ran');
    // The breach events' own consumers have caught up too (nothing of this test is still in flight).
    await eventually(async () => (await api(nodes[0].url, 'GET', '/readyz?detail=1')).body.consumers.every((c: { behind: number }) => c.behind === 0), 30_000, 'consumers caught up');

    expect(await breaches()).toEqual(Object.fromEntries(ids.map((id) => [id, 1])));
    const rows = (await pool.query('select conversation_id, breached from conversation_slas where conversation_id = any($1)', [ids])).rows;
    expect(rows.map((r) => r.breached)).toEqual(ids.map(() => ['first_response']));
    const shown = await api(nodes[1].url, 'GET', `/api/sla/conversations/${ids[0]}`, { token: admin });
    expect(shown.body.sla).toMatchObject({ policyId: policy.body.id, breached: ['first_response'], state: 'breached' });
  });
});
