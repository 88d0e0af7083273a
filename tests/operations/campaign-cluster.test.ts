// A scheduled e-mail campaign on a cluster: every node runs the campaign and send workers on one PostgreSQL +
// Redis, yet each recipient gets one mail. Then nodes die in the middle of sending (before a recipient's message
// is written, and after it is written but before the recipient is linked to it) and the others finish the job.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSink } from '../email/mail-kit.js';
import { spawnServer, stopProcess, type ServerProcess } from '../support/process.js';
import { serviceAvailable } from '../support/requirements.js';
import { ADMIN, api, createServerDatabase, eventually, loginAdmin, testPool } from '../support/server.js';

const enabled = serviceAvailable('TEST_DATABASE_URL', 'a PostgreSQL server') && serviceAvailable('REDIS_URL', 'a Redis server, e.g. redis://127.0.0.1:6379');
const AUDIENCE = 30;

describe.runIf(enabled)('scheduled campaigns across three nodes', () => {
  let nodes: ServerProcess[] = [];
  let pool: pg.Pool;
  let drop: () => Promise<void>;
  let env: Record<string, string>;
  let sink: Awaited<ReturnType<typeof startSink>>;
  let admin: string;
  let inboxId: string;

  beforeAll(async () => {
    const db = (await createServerDatabase())!;
    drop = db.drop;
    pool = testPool(db.url);
    sink = await startSink();
    env = {
      DATABASE_URL: db.url, REDIS_URL: process.env.REDIS_URL!, ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password,
      SECRET_KEY: 'campaign-cluster-secret-shared-by-all', RATE_LIMIT_PUBLIC: '100000',
    };
    nodes.push(await spawnServer(env));
    nodes.push(...await Promise.all([spawnServer(env), spawnServer(env)]));
    admin = await loginAdmin(nodes[0].url);
    const inbox = await api(nodes[0].url, 'POST', '/api/inboxes', { token: admin, body: {
      name: 'Newsletter', channel: 'email', config: { address: 'news@shop.test', smtp: { host: '127.0.0.1', port: sink.port, allowPrivate: true } },
    } });
    expect(inbox.status, JSON.stringify(inbox.body)).toBe(201);
    inboxId = inbox.body.id;
    const field = await api(nodes[0].url, 'POST', '/api/crm/fields', { token: admin, body: { entity: 'contact', key: 'wave', label: 'Wave', type: 'text' } });
    expect(field.status, JSON.stringify(field.body)).toBe(201);
  }, 240_000);

  afterAll(async () => {
    await Promise.all(nodes.map((n) => stopProcess(n)));
    await sink?.stop();
    await pool?.end();
    await drop?.();
  });

  /** AUDIENCE contacts imported through the API under a tag of their own, and a segment of exactly them. */
  async function audience(base: string) {
    const tag = `w${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
    const people = Array.from({ length: AUDIENCE }, (_, i) => ({ first: `Guest${i}`, email: `guest${i}-${tag}@example.test` }));
    const csv = `Name,Email,Wave\n${people.map((p) => `${p.first} Tester,${p.email},${tag}`).join('\n')}\n`;
    const imported = await api(base, 'POST', '/api/crm/import', { token: admin, body: { dryRun: false, csv, mapping: { Name: 'name', Email: 'email', Wave: 'attr.wave' } } });
    expect(imported.body, JSON.stringify(imported.body)).toMatchObject({ created: AUDIENCE, invalid: 0 });
    const segment = await api(base, 'POST', '/api/crm/segments', { token: admin, body: { name: `Wave ${tag}`, filter: { conditions: [{ field: 'attr.wave', op: 'eq', value: tag }] } } });
    expect(segment.status, JSON.stringify(segment.body)).toBe(201);
    expect(segment.body.count).toBe(AUDIENCE);
    return { tag, people, segmentId: segment.body.id as string };
  }

  /** A campaign scheduled a few seconds ahead, created and launched through the API. */
  async function schedule(base: string, tag: string, segmentId: string) {
    const scheduledAt = new Date(Date.now() + 4_000).toISOString();
    const created = await api(base, 'POST', '/api/crm/campaigns', { token: admin, body: {
      name: `Spring ${tag}`, segmentId, inboxId, subject: `Spring news ${tag}`, template: 'Hello {{contact.first_name}}, spring is here.',
      scheduledAt, throttlePerMinute: 100, launch: true,
    } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ status: 'scheduled', scheduledAt });
    return created.body.id as string;
  }

  const report = async (base: string, id: string) => (await api(base, 'GET', `/api/crm/campaigns/${id}`, { token: admin })).body;
  const leftover = async () => (await pool.query(
    "select name, state, data, started_on, expire_in::text as expire_in from pgboss.job where name in ('crm-campaign', 'crm-campaign-send', 'deliver-message') and state in ('created', 'retry', 'active')",
  )).rows;
  const jobsLeft = async () => {
    const rows = await leftover();
    if (rows.length) lastLeftover = JSON.stringify(rows);
    return rows.length;
  };
  let lastLeftover = '';

  /** Every recipient's mail, counted per address, with what it said. */
  function mailsTo(people: { first: string; email: string }[]) {
    const wanted = new Set(people.map((p) => p.email));
    const got = sink.mails.filter((m) => m.rcptTo.some((a) => wanted.has(a)));
    return {
      perAddress: Object.fromEntries(people.map((p) => [p.email, got.filter((m) => m.rcptTo.includes(p.email)).length])),
      texts: Object.fromEntries(got.map((m) => [m.rcptTo[0], [m.parsed.subject, m.parsed.text?.trim()]])),
    };
  }
  const oncePerAddress = (people: { email: string }[]) => Object.fromEntries(people.map((p) => [p.email, 1]));
  const expectedTexts = (tag: string, people: { first: string; email: string }[]) =>
    Object.fromEntries(people.map((p) => [p.email, [`Spring news ${tag}`, `Hello ${p.first}, spring is here.`]]));

  /** One conversation and one outgoing message per recipient, all linked from the recipient rows. */
  async function expectOneMessageEach(campaignId: string) {
    const rows = (await pool.query(`select r.status, r.message_id, r.conversation_id,
        (select count(*)::int from conversations c where c.attributes->>'campaignId' = $1::text and c.contact_id = r.contact_id) as conversations,
        (select count(*)::int from messages m join conversations c on c.id = m.conversation_id where c.attributes->>'campaignId' = $1::text and c.contact_id = r.contact_id and m.direction = 'outgoing') as messages
      from crm_campaign_recipients r where r.campaign_id = $1::uuid`, [campaignId])).rows;
    expect(rows).toHaveLength(AUDIENCE);
    expect(rows.filter((r) => r.status === 'sent' && r.message_id && r.conversation_id && r.conversations === 1 && r.messages === 1)).toHaveLength(AUDIENCE);
  }

  it('a campaign scheduled through one node mails every recipient exactly once', { timeout: 120_000 }, async () => {
    const { tag, people, segmentId } = await audience(nodes[1].url);
    const id = await schedule(nodes[1].url, tag, segmentId);
    const done = await eventually(async () => { const r = await report(nodes[2].url, id); return r.campaign.status === 'sent' && r.counts.sent === AUDIENCE ? r : null; }, 60_000, 'all sent');
    expect(new Date(done.campaign.startedAt).getTime()).toBeGreaterThanOrEqual(new Date(done.campaign.scheduledAt).getTime());
    await eventually(async () => (await jobsLeft()) === 0, 30_000, 'no campaign or delivery job left');
    expect(mailsTo(people).perAddress).toEqual(oncePerAddress(people));
    expect(mailsTo(people).texts).toEqual(expectedTexts(tag, people));
    expect((await report(nodes[0].url, id)).counts).toEqual({ sent: AUDIENCE });
    await expectOneMessageEach(id);
  });

  it('nodes killed in the middle of sending hand their recipients on; each still gets one mail', { timeout: 240_000 }, async () => {
    // Only the two nodes that will die are up when the campaign falls due, so both are certain to be sending:
    // one stops before writing a recipient's message, the other after writing it but before linking it.
    await Promise.all(nodes.map((n) => stopProcess(n)));
    const points = ['before-effect:campaign-send', 'after-effect:campaign-send'];
    nodes = await Promise.all(points.map((p) => spawnServer({ ...env, SWITCHBOARD_CRASH_AT: p }, { startTimeoutMs: 120_000 })));
    const { tag, people, segmentId } = await audience(nodes[0].url);
    const id = await schedule(nodes[1].url, tag, segmentId);
    await eventually(async () => nodes.every((n, i) => n.output().includes(`crash point reached: ${points[i]}`)), 60_000, 'both nodes at their crash point');

    // Each node holds two sends (its two send workers); the two messages written before the crash go out first,
    // so the kill does not fall between a mail's acceptance and its status (the one case that can repeat a mail).
    const held = async () => (await pool.query(`select r.id, r.conversation_id, m.id as message_id, m.status as message_status
      from crm_campaign_recipients r left join messages m on m.origin_key = 'campaign:' || r.id::text
      where r.campaign_id = $1 and r.status = 'queued' and r.message_id is null order by r.id`, [id])).rows;
    const before = await eventually(async () => {
      const rows = await held();
      const written = rows.filter((r) => r.message_id);
      const active = Number((await pool.query("select count(*) as n from pgboss.job where name = 'crm-campaign-send' and state = 'active'")).rows[0].n);
      return active === 4 && written.length === 2 && written.every((r) => r.message_status === 'sent') ? rows : null;
    }, 30_000, 'two sends held on each node, the written ones delivered');
    // Every recipient is claimed and none linked yet: the two written ones have their conversation, no other has.
    expect(before).toHaveLength(AUDIENCE);
    expect(before.filter((r) => r.conversation_id).map((r) => r.id)).toEqual(before.filter((r) => r.message_id).map((r) => r.id));
    const mailedBefore = mailsTo(people).perAddress;
    expect(Object.values(mailedBefore).reduce((a, b) => a + b, 0)).toBe(2);

    await Promise.all(nodes.map((n) => stopProcess(n, 'SIGKILL')));
    const killedAt = Date.now();
    nodes = await Promise.all([spawnServer(env), spawnServer(env), spawnServer(env)]);
    const done = await eventually(async () => { const r = await report(nodes[0].url, id); return r.campaign.status === 'sent' && r.counts.sent === AUDIENCE ? r : null; }, 120_000, 'all sent after the kill');
    console.log(`campaign-cluster: all ${AUDIENCE} sent ${((Date.now() - killedAt) / 1000).toFixed(1)} s after the kill`);
    // A step that was running on a killed node is handed on when it expires (a minute), then finds nothing to do.
    await eventually(async () => (await jobsLeft()) === 0, 100_000, 'no campaign or delivery job left').catch((err) => { throw new Error(`${err.message}: ${lastLeftover}`); });

    expect(mailsTo(people).perAddress).toEqual(oncePerAddress(people));
    expect(mailsTo(people).texts).toEqual(expectedTexts(tag, people));
    expect(done.counts).toEqual({ sent: AUDIENCE });
    await expectOneMessageEach(id);
    // The messages written before the crash are the ones the recipients now point at, not second copies.
    const linked = (await pool.query('select id, message_id, conversation_id from crm_campaign_recipients where id = any($1)', [before.map((r) => r.id)])).rows;
    const written = before.filter((r) => r.message_id);
    expect(written.map((r) => [r.id, r.message_id, r.conversation_id]).sort())
      .toEqual(linked.filter((l) => written.some((r) => r.id === l.id)).map((l) => [l.id, l.message_id, l.conversation_id]).sort());
  });
});
