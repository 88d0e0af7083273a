import { describe, expect, it } from 'vitest';
import {
  contactSchema, conversationSchema, messageSchema, visitorConversationSchema, visitorMessageSchema,
} from '../../server/contract/wire.js';
import {
  cannedResponseSchema, crmCampaignSchema, crmFieldSchema, crmScoringRuleSchema, crmSegmentSchema, crmStageSchema, crmTaskSchema,
  directoryAgentSchema, inboxSchema, labelSchema, ruleSchema, slaPolicySchema, teamSchema,
} from '../../server/contract/admin.js';
import { api, connectSocket, newVisitor, nextEvent, type ServerFixture, type TestServer, useServer } from '../support/server.js';

// What the API really sends, read back over HTTP and the sockets, against the one wire contract the serializers,
// the OpenAPI document and both UIs are typed by. Strict: a field sent and not in the contract fails, and so does
// one in the contract and not sent.
describe('the wire contract is what the API sends', () => {
  let s: TestServer;
  let token: string;
  let inbox: ServerFixture['inbox'];
  useServer((f) => ({ s, token, inbox } = f));

  it('agent audience: messages, conversations and contacts over REST and the /agent socket', async () => {
    const agentSocket = await connectSocket(s.url, '/agent', token);
    try {
      const v = await newVisitor(s.url, inbox.widgetKey, { name: 'Wire Test', email: `wire-${Date.now()}@example.com` });
      const pushed = nextEvent<any>(agentSocket, 'message.created', (p) => p.message?.body === 'What does the wire say?');
      const sent = await api(s.url, 'POST', '/api/widget/messages', { token: v.visitorToken, body: { body: 'What does the wire say?', clientId: `w-${Date.now()}` } });
      expect(sent.status).toBe(200);
      const conversationId: string = sent.body.conversationId;
      messageSchema.strict().parse((await pushed).message);

      const reply = await api(s.url, 'POST', `/api/conversations/${conversationId}/messages`, { token, body: { body: 'It says **this**.' } });
      expect(reply.status).toBe(201);
      const stored = messageSchema.strict().parse(reply.body.message);
      expect(stored).toMatchObject({ conversationId, direction: 'outgoing', senderType: 'agent', body: 'It says **this**.', private: false });

      const thread = await api(s.url, 'GET', `/api/conversations/${conversationId}/messages`, { token });
      const messages = thread.body.items.map((m: unknown) => messageSchema.strict().parse(m));
      expect(messages.map((m: { body: string }) => m.body)).toEqual(expect.arrayContaining(['What does the wire say?', 'It says **this**.']));

      const one = conversationSchema.strict().parse((await api(s.url, 'GET', `/api/conversations/${conversationId}`, { token })).body);
      expect(one).toMatchObject({ id: conversationId, inboxId: inbox.id, contactId: v.contactId });
      const list = await api(s.url, 'GET', '/api/conversations?status=all', { token });
      const row = list.body.items.map((c: unknown) => conversationSchema.strict().parse(c)).find((c: { id: string }) => c.id === conversationId);
      expect(row.lastMessage).toMatchObject({ body: 'It says **this**.', direction: 'outgoing' });
      expect(row.contact).toMatchObject({ id: v.contactId, name: 'Wire Test' });

      const contact = (await api(s.url, 'GET', `/api/contacts/${v.contactId}`, { token })).body;
      // The contact page adds identities, conversations and the visit to the contact itself.
      const { identities, conversations, visit, ...own } = contact;
      contactSchema.strict().parse(own);
      expect(identities).toEqual(expect.any(Array));
      expect(conversations.map((c: unknown) => conversationSchema.strict().parse(c)).map((c: { id: string }) => c.id)).toContain(conversationId);
      expect(visit === null || typeof visit === 'object').toBe(true);
    } finally {
      agentSocket.close();
    }
  });

  it('visitor audience: messages and conversations over REST and the /widget socket, without agent-only fields', async () => {
    const v = await newVisitor(s.url, inbox.widgetKey, { name: 'Wire Visitor' });
    const first = await api(s.url, 'POST', '/api/widget/messages', { token: v.visitorToken, body: { body: 'Hello from the widget', clientId: `v-${Date.now()}` } });
    expect(visitorMessageSchema.strict().parse(first.body.message)).toMatchObject({ body: 'Hello from the widget', senderType: 'contact', private: false });
    const widgetSocket = await connectSocket(s.url, '/widget', v.visitorToken);
    try {
      const pushed = nextEvent<any>(widgetSocket, 'message', (m) => m.body === 'An agent answers');
      await api(s.url, 'POST', `/api/conversations/${first.body.conversationId}/messages`, { token, body: { body: 'An agent answers' } });
      await api(s.url, 'POST', `/api/conversations/${first.body.conversationId}/messages`, { token, body: { body: 'A note the visitor never sees', private: true } });
      expect(visitorMessageSchema.strict().parse(await pushed)).toMatchObject({ senderType: 'agent', body: 'An agent answers' });
    } finally {
      widgetSocket.close();
    }
    const read = await api(s.url, 'GET', '/api/widget/messages', { token: v.visitorToken });
    const bodies = read.body.items.map((m: unknown) => visitorMessageSchema.strict().parse(m)).map((m: { body: string }) => m.body);
    expect(bodies).toEqual(['Hello from the widget', 'An agent answers']);
    const convs = await api(s.url, 'GET', '/api/widget/conversations', { token: v.visitorToken });
    const parsed = convs.body.items.map((c: unknown) => visitorConversationSchema.strict().parse(c));
    expect(parsed.map((c: { id: string }) => c.id)).toEqual([first.body.conversationId]);
  });

  it('admin audience: inboxes, teams, the directory, the catalogue, rules, SLA and the CRM records, written and read back', async () => {
    const call = async (method: string, path: string, body?: unknown) => {
      const r = await api(s.url, method, path, { token, ...(body === undefined ? {} : { body }) });
      expect(r.status, `${method} ${path}: ${JSON.stringify(r.body)}`).toBeLessThan(300);
      return r.body;
    };
    const list = <T>(shape: { strict(): { parse(v: unknown): T } }, body: unknown): T[] =>
      (Array.isArray(body) ? body : (body as { items: unknown[] }).items).map((x) => shape.strict().parse(x));

    const one = inboxSchema.strict().parse(await call('GET', `/api/inboxes/${inbox.id}`));
    expect(one).toMatchObject({ id: inbox.id, channel: 'web', widgetKey: inbox.widgetKey, archivedAt: null, memberIds: [] });
    expect(list(inboxSchema, await call('GET', '/api/inboxes')).map((i) => i.id)).toContain(inbox.id);

    const team = teamSchema.strict().parse(await call('POST', '/api/teams', { name: 'ฝ่ายบัญชี', description: '账单 · صورتحساب' }));
    expect(team).toMatchObject({ name: 'ฝ่ายบัญชี', description: '账单 · صورتحساب' });
    expect(list(teamSchema, await call('GET', '/api/teams'))).toContainEqual({ id: team.id, name: 'ฝ่ายบัญชี', description: '账单 · صورتحساب' });
    expect(list(teamSchema, await call('GET', '/api/teams/detailed')).find((t) => t.id === team.id)).toMatchObject({ memberIds: [] });
    expect(list(directoryAgentSchema, await call('GET', '/api/agents')).map((a) => a.email)).toContain('admin@example.com');

    const label = labelSchema.strict().parse(await call('POST', '/api/labels', { name: 'wire-vip', color: '#aa0000' }));
    expect(list(labelSchema, await call('GET', '/api/labels'))).toContainEqual(label);
    const canned = cannedResponseSchema.strict().parse(await call('POST', '/api/canned-responses', { shortCode: 'wire-hi', content: 'สวัสดีค่ะ' }));
    expect(list(cannedResponseSchema, await call('GET', '/api/canned-responses'))).toContainEqual(canned);

    const rule = ruleSchema.strict().parse(await call('POST', '/api/rules', {
      name: 'Unhappy', event: 'csat.received', conditions: { all: [{ field: 'csat.rating', op: 'lte', value: 2 }] },
      actions: [{ type: 'add_label', label: 'wire-vip' }],
    }));
    expect(rule).toMatchObject({ event: 'csat.received', actions: [{ type: 'add_label', label: 'wire-vip' }], enabled: true });
    expect(list(ruleSchema, await call('GET', '/api/rules'))).toContainEqual(rule);
    const sla = slaPolicySchema.strict().parse(await call('POST', '/api/sla/policies', { name: 'Gold', firstResponseMinutes: 60, businessHours: true }));
    expect(list(slaPolicySchema, await call('GET', '/api/sla/policies'))).toContainEqual(sla);

    expect(list(crmStageSchema, await call('GET', '/api/crm/stages')).map((x) => x.key)).toContain('lead');
    const field = crmFieldSchema.strict().parse(await call('POST', '/api/crm/fields', { entity: 'contact', key: 'wire_plan', label: 'Plan', type: 'select', options: ['free', 'pro'] }));
    expect(list(crmFieldSchema, await call('GET', '/api/crm/fields'))).toContainEqual(field);
    const scoring = crmScoringRuleSchema.strict().parse(await call('POST', '/api/crm/scoring/rules', { name: 'Pricing', kind: 'page_visit', config: { pathContains: '/pricing' }, points: 20, decayHalfLifeDays: 7 }));
    expect(list(crmScoringRuleSchema, await call('GET', '/api/crm/scoring/rules'))).toContainEqual(scoring);
    const segment = crmSegmentSchema.strict().parse(await call('POST', '/api/crm/segments', { name: 'Everyone', filter: { match: 'all', conditions: [] } }));
    expect(list(crmSegmentSchema, await call('GET', '/api/crm/segments')).find((x) => x.id === segment.id)).toMatchObject({ name: 'Everyone', filter: segment.filter });
    const campaign = crmCampaignSchema.strict().parse(await call('POST', '/api/crm/campaigns', { name: 'Hello', segmentId: segment.id, inboxId: inbox.id, template: 'Hi {{contact.first_name}}' }));
    expect(list(crmCampaignSchema, await call('GET', '/api/crm/campaigns'))).toContainEqual(campaign);

    const v = await newVisitor(s.url, inbox.widgetKey, { name: 'Task Person', email: `task-${Date.now()}@example.com` });
    const dueAt = new Date(Date.now() + 86_400_000).toISOString();
    const task = crmTaskSchema.strict().parse(await call('POST', '/api/crm/tasks', { contactId: v.contactId, title: 'Call back', dueAt }));
    expect(task).toMatchObject({ contactId: v.contactId, title: 'Call back', dueAt, status: 'open' });
    expect(list(crmTaskSchema, await call('GET', '/api/crm/tasks?status=open')).find((x) => x.id === task.id)).toMatchObject({ title: 'Call back', contact: { id: v.contactId } });
  });
});
