import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, eventually, loginAdmin, startServer, websiteInbox, type TestServer } from '../support/server.js';
import { startSmsWorld } from '../sms/setup.js';
import { conversationRow, rawRows, visitorWrites } from './helpers.js';

let server: TestServer;
let admin: string;

beforeAll(async () => {
  server = await startServer();
  admin = await loginAdmin(server.url);
});
afterAll(async () => { await server?.close(); });

const reply = (conversationId: string, body: string) => api(server.url, 'POST', `/api/conversations/${conversationId}/messages`, { token: admin, body: { body } });
const visitorAgain = (token: string, conversationId: string, body: string) =>
  api(server.url, 'POST', '/api/widget/messages', { token, body: { body, conversationId, clientId: `c-${Math.random().toString(36).slice(2)}` } });

describe('reports on a hand-computed fixture', () => {
  it('computes every metric, grouped, in business hours, and as CSV', async () => {
    const created = await api(server.url, 'POST', '/api/inboxes', { token: admin, body: { name: 'Reports', channel: 'web', config: {} } });
    const inboxId: string = created.body.id;
    const key: string = created.body.widgetKey;
    // A: customer 10:00, reply 10:10, customer 10:20, reply 10:50, resolved 11:00.  B: customer 12:00, reply 12:30.
    // C (next day): customer 09:00, no reply.
    const a = await visitorWrites(server, key, 'A1');
    await reply(a.conversationId, 'A2');
    await visitorAgain(a.visitorToken, a.conversationId, 'A3');
    await reply(a.conversationId, 'A4');
    await api(server.url, 'PATCH', `/api/conversations/${a.conversationId}`, { token: admin, body: { status: 'resolved' } });
    const b = await visitorWrites(server, key, 'B1');
    await reply(b.conversationId, 'B2');
    const c = await visitorWrites(server, key, 'C1');
    await server.app.ctx.bus.drain();
    const at = (t: string) => new Date(`2024-01-0${t}Z`);
    const times: Record<string, string> = { A1: '1T10:00:00', A2: '1T10:10:00', A3: '1T10:20:00', A4: '1T10:50:00', B1: '1T12:00:00', B2: '1T12:30:00', C1: '2T09:00:00' };
    for (const [body, t] of Object.entries(times)) await rawRows(server, 'update messages set created_at = $2 where body = $1 and inbox_id = $3', [body, at(t), inboxId]);
    await rawRows(server, 'update conversations set created_at = $2, resolved_at = $3 where id = $1', [a.conversationId, at('1T10:00:00'), at('1T11:00:00')]);
    await rawRows(server, 'update conversations set created_at = $2 where id = $1', [b.conversationId, at('1T12:00:00')]);
    await rawRows(server, 'update conversations set created_at = $2 where id = $1', [c.conversationId, at('2T09:00:00')]);
    // Business hours Monday–Friday 10:30–17:00 UTC (2024-01-01 is a Monday).
    await api(server.url, 'PUT', `/api/inbox-schedules/${inboxId}`, { token: admin, body: { timeZone: 'UTC', weekly: [1, 2, 3, 4, 5].map((day) => ({ day, open: '10:30', close: '17:00' })) } });
    expect((await api(server.url, 'POST', '/api/reports/rebuild', { token: admin })).status).toBe(200);

    const range = `from=2024-01-01T00:00:00Z&to=2024-01-03T00:00:00Z&inboxId=${inboxId}`;
    const total = (await api(server.url, 'GET', `/api/reports?${range}`, { token: admin })).body.rows;
    expect(total).toHaveLength(1);
    expect(total[0]).toMatchObject({
      key: 'all', conversationsCreated: 3, handoffs: 0, botResolutions: 0,
      firstResponse: { count: 2, avgSeconds: 1200, medianSeconds: 1200 },
      resolution: { count: 1, avgSeconds: 3600, medianSeconds: 3600 },
      reply: { count: 3, avgSeconds: 1400 }, messagesReceived: 4, messagesSent: 3,
    });
    const bh = (await api(server.url, 'GET', `/api/reports?${range}&businessHours=true`, { token: admin })).body.rows[0];
    // First responses: A 10:00→10:10 has no open time, B 12:00→12:30 has 1800 s; A's resolution 10:30→11:00 = 1800 s;
    // replies 0 + (10:30→10:50) 1200 + 1800 = 3000 / 3.
    expect(bh).toMatchObject({ firstResponse: { avgSeconds: 900 }, resolution: { avgSeconds: 1800 }, reply: { avgSeconds: 1000 } });
    const byDay = (await api(server.url, 'GET', `/api/reports?${range}&groupBy=day`, { token: admin })).body.rows;
    expect(byDay.map((r: any) => [r.key, r.conversationsCreated, r.messagesReceived, r.messagesSent])).toEqual([['2024-01-01', 2, 3, 3], ['2024-01-02', 1, 1, 0]]);
    const me = (await api(server.url, 'GET', '/api/auth/me', { token: admin })).body.agent.id;
    const byAgent = (await api(server.url, 'GET', `/api/reports?${range}&groupBy=agent`, { token: admin })).body.rows;
    expect(byAgent.find((r: any) => r.key === me)).toMatchObject({ messagesSent: 3, reply: { count: 3 } });
    const csv = await fetch(`${server.url}/api/reports?${range}&format=csv`, { headers: { authorization: `Bearer ${admin}` } });
    const [header, row] = (await csv.text()).trim().split('\n');
    expect(header.split(',').slice(0, 3)).toEqual(['key', 'conversations_created', 'first_response_count']);
    expect(row.split(',').slice(0, 5)).toEqual(['all', '3', '2', '1200', '1200']);
  });
});

describe('live daily rollup', () => {
  it('matches a rebuild from scratch after a burst of concurrent messages and replies', async () => {
    const created = await api(server.url, 'POST', '/api/inboxes', { token: admin, body: { name: 'Burst', channel: 'web', config: {} } });
    const inboxId: string = created.body.id;
    const visitors = await Promise.all([1, 2, 3, 4, 5].map((i) => visitorWrites(server, created.body.widgetKey, `burst ${i}`)));
    await Promise.all(visitors.map((v) => reply(v.conversationId, 'on it')));
    await Promise.all(visitors.flatMap((v) => [visitorAgain(v.visitorToken, v.conversationId, 'more'), visitorAgain(v.visitorToken, v.conversationId, 'and more')]));
    await Promise.all(visitors.map((v) => reply(v.conversationId, 'done')));
    await server.app.ctx.bus.drain();
    const rollup = async () => (await rawRows(server, `select day::text, agent_id, team_id, received, sent, replies, reply_seconds from report_message_daily
      where inbox_id = $1 order by day, agent_id, team_id`, [inboxId])) as { received: number; sent: number; replies: number; reply_seconds: number }[];
    const live = await rollup();
    expect(live.reduce((n, r) => n + r.received, 0)).toBe(15);
    expect(live.reduce((n, r) => n + r.sent, 0)).toBe(10);
    expect(live.reduce((n, r) => n + r.replies, 0)).toBe(10);
    expect((await api(server.url, 'POST', '/api/reports/rebuild', { token: admin })).status).toBe(200);
    const rebuilt = await rollup();
    expect(live.map(({ reply_seconds: _, ...r }) => r)).toEqual(rebuilt.map(({ reply_seconds: _, ...r }) => r));
    // reply_seconds is a real (float4) column: the same sum, rounded at a different step.
    live.forEach((r, i) => expect(r.reply_seconds).toBeCloseTo(rebuilt[i].reply_seconds, 2));
  });
});

describe('live conversation facts', () => {
  it('match a rebuild from scratch: customer messages, replies, a resolve and a reopen by the customer', async () => {
    const created = await api(server.url, 'POST', '/api/inboxes', { token: admin, body: { name: 'Facts', channel: 'web', config: {} } });
    const key: string = created.body.widgetKey;
    // unanswered: customer messages only; answered: a reply between customer messages; reopened: resolved, then
    // the customer writes again (its status change comes with the message); resolved: answered and closed.
    const [unanswered, answered, reopened, resolved] = await Promise.all(['u', 'a', 'r', 's'].map((k) => visitorWrites(server, key, `facts ${k} 1`)));
    await Promise.all([
      visitorAgain(unanswered.visitorToken, unanswered.conversationId, 'facts u 2'),
      reply(answered.conversationId, 'facts a reply'), reply(reopened.conversationId, 'facts r reply'), reply(resolved.conversationId, 'facts s reply'),
    ]);
    await visitorAgain(answered.visitorToken, answered.conversationId, 'facts a 2');
    for (const c of [reopened, resolved]) await api(server.url, 'PATCH', `/api/conversations/${c.conversationId}`, { token: admin, body: { status: 'resolved' } });
    await server.app.ctx.bus.drain();
    expect((await visitorAgain(reopened.visitorToken, reopened.conversationId, 'facts r 2')).status).toBe(200);
    await server.app.ctx.bus.drain();
    const ids = [unanswered, answered, reopened, resolved].map((c) => c.conversationId);
    const facts = async () => await rawRows(server, `select conversation_id, first_response_at, first_response_seconds, resolved_at, resolution_seconds,
      bot_resolved, handed_off, sla_met, labels, assignee_id from report_conversation_facts where conversation_id = any($1::uuid[])`, [ids]) as Record<string, unknown>[];
    const byId = (rows: Record<string, unknown>[]) => ids.map((id) => rows.find((r) => r.conversation_id === id));
    const live = byId(await eventually(async () => { const rows = await facts(); return rows.length === 4 && rows; }));
    expect(live.map((r) => r?.first_response_at !== null)).toEqual([false, true, true, true]);
    expect(live.map((r) => r?.resolved_at !== null)).toEqual([false, false, false, true]);
    expect((await api(server.url, 'POST', '/api/reports/rebuild', { token: admin })).status).toBe(200);
    expect(byId(await facts())).toEqual(live);
  });
});

describe('CSAT and the feedback loop', () => {
  it('on the widget: thanks and a survey on resolve, a low rating reopens by rule, all feedback in one place', async () => {
    expect((await api(server.url, 'PUT', '/api/csat/settings', { token: admin, body: { enabled: true } })).body.enabled).toBe(true);
    const rule = await api(server.url, 'POST', '/api/rules', { token: admin, body: {
      name: 'Unhappy customers', event: 'csat.received', conditions: { all: [{ field: 'csat.rating', op: 'lte', value: 2 }] },
      actions: [{ type: 'set_status', status: 'open' }, { type: 'add_label', label: 'follow-up' }],
    } });
    expect(rule.status).toBe(201);
    const inbox = await websiteInbox(server.url, admin);
    const v = await visitorWrites(server, inbox.widgetKey, 'My order never came');
    await reply(v.conversationId, 'Sorry, resending now');
    await api(server.url, 'PATCH', `/api/conversations/${v.conversationId}`, { token: admin, body: { status: 'resolved' } });
    const widget = async () => (await api(server.url, 'GET', '/api/widget/messages', { token: v.visitorToken })).body.items as any[];
    const survey = await eventually(async () => (await widget()).find((m) => m.contentType === 'csat'));
    expect((await widget()).some((m) => /Thank you for contacting us/.test(m.body))).toBe(true);
    expect(survey.content.url).toMatch(/\/csat\//);

    const rated = await api(server.url, 'POST', `/api/csat/${survey.content.token}`, { body: { rating: 2, comment: 'Too slow' } });
    expect(rated.status).toBe(200);
    const reopened = await eventually(async () => { const c = await conversationRow(server, v.conversationId); return c.status === 'open' && c.labels.includes('follow-up') && c; });
    expect(reopened.labels).toContain('follow-up');
    const feedback = (await api(server.url, 'GET', '/api/csat/feedback', { token: admin })).body.items;
    expect(feedback.find((f: any) => f.conversationId === v.conversationId)).toMatchObject({ rating: 2, comment: 'Too slow', channel: 'web' });
    const notes = (await api(server.url, 'GET', `/api/conversations/${v.conversationId}/messages`, { token: admin })).body.items;
    const rating = notes.find((m: any) => m.direction === 'activity' && m.body === 'Customer rated 2/5: Too slow');
    // The agent UI renders the line in the agent's language from the key and its values.
    expect(rating?.meta).toMatchObject({ event: 'csat.received', params: { rating: 2, comment: 'Too slow' } });

    // The same survey as a page (e-mail/SMS link): a form, and a corrected rating.
    const page = await fetch(`${server.url}/csat/${survey.content.token}`);
    expect(await page.text()).toMatch(/<form method="post">[\s\S]*name="rating" value="5"/);
    const form = await fetch(`${server.url}/csat/${survey.content.token}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'rating=4&comment=Sorted+in+the+end' });
    expect(await form.text()).toMatch(/Thank you for your feedback/);
    expect((await fetch(`${server.url}/csat/${survey.content.token.slice(0, -2)}xx`)).status).toBe(404);
    const after = (await api(server.url, 'GET', '/api/csat/feedback', { token: admin })).body.items.find((f: any) => f.conversationId === v.conversationId);
    expect(after).toMatchObject({ rating: 4, comment: 'Sorted in the end' });
  });

  it('on SMS: the survey goes out as a text with the link, and the page records the rating', async () => {
    const w = await startSmsWorld();
    try {
      await api(w.server.url, 'PUT', '/api/csat/settings', { token: w.admin, body: { enabled: true } });
      const { sid } = await w.inbound('+14155550199', 'Is the shop open on Sunday?');
      const conversationId = (await eventually(() => w.stored(sid))).message.conversationId;
      await api(w.server.url, 'PATCH', `/api/conversations/${conversationId}`, { token: w.admin, body: { status: 'resolved' } });
      const text = await eventually(async () => w.standIn.sent.find((m) => /\/csat\//.test(m.Body)));
      expect(text.To).toBe('+14155550199');
      const token = /\/csat\/([\w.-]+)/.exec(text.Body)![1];
      const form = await fetch(`${w.server.url}/csat/${token}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'rating=5' });
      expect(form.status).toBe(200);
      const feedback = (await api(w.server.url, 'GET', '/api/csat/feedback', { token: w.admin })).body.items;
      expect(feedback[0]).toMatchObject({ conversationId, rating: 5, channel: 'sms' });
    } finally {
      await w.close();
    }
  });
});
