// Throws wrong types, missing fields, huge and odd strings, malformed JSON and unknown or malformed ids at
// every route the router stack lists. Whatever the route, the answer is a 4xx in the error shape or a
// success: never a 500, never a stack trace.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, connectSocket, createAgent, loginAdmin, newVisitor, startServer, websiteInbox, type TestServer } from '../support/server.js';
import { listRoutes, type RouteInfo } from './routes.js';

const FIELDS = ['body', 'name', 'email', 'phone', 'status', 'inboxId', 'contactId', 'conversationId', 'assigneeId', 'teamId', 'config',
  'ids', 'labels', 'private', 'attributes', 'memberIds', 'rating', 'widgetKey', 'clientId', 'password', 'title', 'locale', 'questions',
  'channel', 'query', 'filter', 'conditions', 'actions', 'url', 'events', 'key', 'label', 'type', 'options', 'subject', 'content',
  'shortCode', 'color', 'description', 'role', 'otherContactId', 'identifier', 'context', 'settings', 'segmentId', 'template',
  'dueAt', 'snoozedUntil', 'timeZone', 'weekly', 'holidays', 'enabled', 'scopes', 'botToken', 'signingSecret', 'channelId', 'priority'];
const fill = (value: (i: number) => unknown) => Object.fromEntries(FIELDS.map((f, i) => [f, value(i)]));
const WRONG_TYPES = [42, true, [], {}, ['x', 1], { nested: { deep: [null] } }, -1.5, 'not-a-uuid'];
const ODD_STRINGS = ['a\u0000b', '-'.repeat(36), '\ud800', '<script>alert(1)</script>', '1e309', '../../etc/passwd', '%00', 'x'.repeat(300_000)];

const BODIES: { label: string; raw: string }[] = [
  { label: 'empty object', raw: '{}' },
  { label: 'array', raw: '[]' },
  { label: 'bare string', raw: '"x"' },
  { label: 'null', raw: 'null' },
  { label: 'malformed', raw: '{"body": "x", ' },
  { label: 'wrong types', raw: JSON.stringify(fill((i) => WRONG_TYPES[i % WRONG_TYPES.length])) },
  { label: 'odd strings', raw: JSON.stringify(fill((i) => ODD_STRINGS[i % (ODD_STRINGS.length - 1)])) },
  { label: 'huge strings', raw: JSON.stringify(fill(() => 'x'.repeat(15_000))) },
  { label: 'prototype keys', raw: '{"__proto__": {"role": "admin"}, "constructor": {"prototype": {"x": 1}}}' },
];
/** JSON text nesting `depth` arrays (or objects) around `inner`, built as text: no recursion anywhere. */
const nestedArrays = (depth: number, inner = '1') => `${'['.repeat(depth)}${inner}${']'.repeat(depth)}`;
const nestedObjects = (depth: number, inner = '1') => `${'{"a":'.repeat(depth)}${inner}${'}'.repeat(depth)}`;
const DEEP_BODIES: { label: string; raw: string }[] = [
  { label: 'arrays 10 000 deep', raw: `{"email":${nestedArrays(10_000)},"body":${nestedArrays(10_000)},"content":${nestedArrays(10_000)}}` },
  { label: 'objects 10 000 deep', raw: `{"conditions":${nestedObjects(10_000)},"content":${nestedObjects(10_000)},"filter":${nestedObjects(10_000)}}` },
  { label: 'NUL 30 deep', raw: `{"body":"x","name":"x","content":${nestedObjects(30, '"a\\u0000b"')},"attributes":${nestedObjects(30, '"a\\u0000b"')}}` },
  { label: 'NUL key 30 deep', raw: `{"content":${nestedObjects(30, '{"k\\u0000":1}')}}` },
];
const QUERY = `?limit=-1&cursor=%00${'-'.repeat(36)}&q=${'x'.repeat(4000)}&inboxId=nope&status[]=a&before=${'-'.repeat(36)}&from=never&to=2020-13-45&widgetKey=%00`;
const BAD_IDS = ['00000000-0000-4000-8000-000000000000', 'not-a-uuid', '-'.repeat(36), '%00', 'x'.repeat(2000)];

describe('bad input never gets a 500', () => {
  let s: TestServer;
  let routes: RouteInfo[];
  let admin: string;
  let visitor: string;
  const real: Record<string, string> = {};

  beforeAll(async () => {
    s = await startServer();
    admin = await loginAdmin(s.url);
    const inbox = await websiteInbox(s.url, admin);
    const v = await newVisitor(s.url, inbox.widgetKey, { name: 'Fuzz' });
    visitor = v.visitorToken;
    const sent = await api(s.url, 'POST', '/api/widget/messages', { token: visitor, body: { body: 'seed', clientId: 'seed' } });
    Object.assign(real, { inbox: inbox.id, conversation: sent.body.conversationId, contact: v.contactId, message: sent.body.message.id });
    const made = async (path: string, body: unknown) => (await api(s.url, 'POST', path, { token: admin, body })).body.id as string;
    Object.assign(real, {
      labels: await made('/api/labels', { name: 'fuzz' }),
      'canned-responses': await made('/api/canned-responses', { shortCode: 'fuzz', content: 'hello' }),
      teams: await made('/api/teams', { name: 'Fuzzers' }),
      agents: (await createAgent(s, 'fuzzed@example.com', [])).id,
      fields: await made('/api/crm/fields', { entity: 'contact', key: 'fuzz', label: 'Fuzz', type: 'text' }),
      segments: await made('/api/crm/segments', { name: 'Fuzz', filter: { match: 'all', conditions: [] } }),
      policies: await made('/api/sla/policies', { name: 'Fuzz', firstResponseMinutes: 5 }),
      // Keyed by the whole path where the last segment is ambiguous (automation rules and scoring rules).
      '/api/rules/': await made('/api/rules', { name: 'Fuzz', event: 'conversation.created', actions: [{ type: 'add_label', label: 'fuzz' }] }),
      '/api/crm/scoring/rules/': await made('/api/crm/scoring/rules', { name: 'Fuzz', kind: 'message_count', points: 1, config: { min: 2 } }),
    });
    for (const [key, id] of Object.entries(real)) expect(id, key).toMatch(/^[0-9a-f-]{36}$/);
    // Signing out would end the admin session the rest of the run uses.
    routes = listRoutes(s).filter((r) => r.path !== '/api/auth/logout');
  });
  afterAll(() => s?.close());

  const tokenFor = (path: string) => (path.startsWith('/api/widget/') ? visitor : admin);

  function withIds(path: string, bad: string | null): string {
    return path.replace(/\{\/:(\w+)\}/g, '/$1').replace(/:(\w+)/g, (_m, name: string, offset: number) => {
      if (bad !== null) return encodeURIComponent(bad);
      const before = path.slice(0, offset);
      if (name === 'inboxId' || /\/inboxes\/$/.test(before)) return real.inbox;
      if (name === 'messageId') return real.message;
      if (/\/conversations\/$/.test(before)) return real.conversation;
      if (/\/contacts\/$/.test(before)) return real.contact;
      if (real[before]) return real[before];
      const collection = /\/([\w-]+)\/$/.exec(before)?.[1];
      if (collection && real[collection]) return real[collection];
      return '00000000-0000-4000-8000-000000000000';
    });
  }

  async function check(r: RouteInfo, path: string, raw: string | undefined, problems: string[], label: string) {
    const res = await api(s.url, r.method, path, { token: tokenFor(r.path), ...(raw === undefined ? {} : { raw }) });
    const text = typeof res.body === 'string' ? res.body : JSON.stringify(res.body);
    const where = `${r.method} ${r.path} [${label}] -> ${res.status}`;
    if (res.status >= 500) problems.push(`${where} ${text.slice(0, 160)}`);
    else if (/\bat .+\.(ts|js):\d+/.test(text)) problems.push(`${where} shows a stack trace`);
    else if (res.status >= 400 && path.startsWith('/api/') && (typeof res.body?.error?.code !== 'string' || typeof res.body?.error?.message !== 'string')) {
      problems.push(`${where} not in the error shape: ${text.slice(0, 120)}`);
    }
  }

  it('unknown ids inside otherwise valid bodies are 4xx, not foreign-key errors', async () => {
    const U = '00000000-0000-4000-8000-000000000000';
    const cases: [string, string, unknown][] = [
      ['PATCH', `/api/conversations/${real.conversation}`, { assigneeId: U }],
      ['PATCH', `/api/conversations/${real.conversation}`, { teamId: U }],
      ['POST', '/api/conversations/bulk', { ids: [real.conversation], assigneeId: U }],
      ['POST', '/api/conversations/bulk', { ids: [real.conversation], teamId: U }],
      ['POST', '/api/conversations', { inboxId: real.inbox, contactId: U, body: 'hello' }],
      ['PATCH', `/api/inboxes/${real.inbox}`, { memberIds: [U] }],
      ['PATCH', `/api/inboxes/${real.inbox}`, { teamId: U }],
      ['POST', '/api/inboxes', { name: 'Teamless', channel: 'web', teamId: U }],
      ['POST', '/api/teams', { name: 'Ghosts', memberIds: [U] }],
      ['POST', '/api/invites', { email: 'new@example.com', inboxIds: [U] }],
    ];
    const problems: string[] = [];
    for (const [method, path, body] of cases) {
      const res = await api(s.url, method, path, { token: admin, body });
      if (res.status >= 500) problems.push(`${method} ${path} ${JSON.stringify(body)} -> ${res.status}`);
    }
    expect(problems).toEqual([]);
  });

  it('NUL characters are refused as bad input on the API and dropped from what channels bring in', async () => {
    const nul = 'a\u0000b';
    for (const [method, path, token, body] of [
      ['POST', '/api/widget/messages', visitor, { body: nul, clientId: 'nul-1' }],
      ['POST', `/api/conversations/${real.conversation}/messages`, admin, { body: nul }],
      ['PATCH', `/api/contacts/${real.contact}`, admin, { name: nul }],
      ['POST', '/api/labels', admin, { name: 'x', description: nul }],
      ['GET', '/api/widget/config?widgetKey=%00', visitor, undefined],
    ] as const) {
      const res = await api(s.url, method, path, { token, ...(body ? { body } : {}) });
      expect(res.status, `${method} ${path}`).toBe(400);
      expect(res.body.error.code).toBe('bad_request');
    }
    const { ingest } = await import('../../server/ingest/ingest.js');
    const stored = await ingest(s.app.ctx, {
      inboxId: real.inbox, externalId: 'nul-in', sender: { address: 'nul-visitor', name: 'N\u0000ame' }, body: 'he\u0000llo',
      meta: { note: 'x\u0000y' }, attachments: [{ name: 'a\u0000.txt', contentType: 'text/plain', data: Buffer.from('a\u0000b') }],
    });
    const { getMessage } = await import('../../server/messages/messages.js');
    const m = await getMessage(s.app.ctx, stored.messageId);
    expect(m?.body).toBe('hello');
    expect(m?.attachments?.[0]?.name).toBe('a.txt');
    // Agent uploads store their files before the pipeline; an RFC 5987 file name can still carry control
    // characters, percent-encoded, which busboy decodes. They are replaced in the stored name.
    const raw = '------b\r\nContent-Disposition: form-data; name="attachments"; filename*=UTF-8\'\'notes%00%01.txt\r\n'
      + 'Content-Type: text/plain\r\n\r\ndata\r\n------b--\r\n';
    const up = await api(s.url, 'POST', `/api/conversations/${real.conversation}/messages/upload`, { token: admin, raw, headers: { 'content-type': 'multipart/form-data; boundary=----b' } });
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    expect(up.body.message.attachments[0].name).toBe('notes__.txt');
  });

  it('broken multipart bodies on the upload routes are 400', async () => {
    const broken = [
      '------b\r\nContent-Disposition: form-data; name="attachments"; filename="a\u0000.txt"\r\nContent-Type: text/plain\r\n\r\nx\r\n------b--\r\n',
      '------b\r\nContent-Disposition: form-data; name="attachments"; filename="a.txt"\r\n\r\nnever ends',
      'no boundary anywhere',
    ];
    for (const [path, token] of [[`/api/conversations/${real.conversation}/messages/upload`, admin], ['/api/widget/attachments', visitor]]) {
      for (const raw of broken) {
        const res = await api(s.url, 'POST', path, { token, raw, headers: { 'content-type': 'multipart/form-data; boundary=----b' } });
        expect(res.status, `${path} ${raw.slice(0, 40)}`).toBe(400);
        expect(res.body.error.code).toBe('bad_request');
      }
    }
  });

  it('unknown and malformed ids in the path', async () => {
    const problems: string[] = [];
    for (const r of routes.filter((x) => x.path.includes(':'))) {
      for (const bad of BAD_IDS) await check(r, withIds(r.path, bad), r.method === 'GET' ? undefined : '{}', problems, `id ${bad.slice(0, 12)}`);
    }
    expect(problems).toEqual([]);
  });

  it('deep nesting and NUL characters at any depth are 400 on every route that takes a body', async () => {
    const problems: string[] = [];
    for (const r of routes.filter((x) => x.method !== 'GET' && x.method !== 'DELETE')) {
      for (const b of DEEP_BODIES) {
        const res = await api(s.url, r.method, withIds(r.path, null), { token: tokenFor(r.path), raw: b.raw });
        if (res.status >= 500 || (r.path.startsWith('/api/') && res.status !== 400 && res.status !== 404 && res.status !== 401 && res.status !== 403)) {
          problems.push(`${r.method} ${r.path} [${b.label}] -> ${res.status} ${JSON.stringify(res.body).slice(0, 120)}`);
        }
      }
    }
    expect(problems).toEqual([]);
    // The holes found from outside, one by one: sign-in (unauthenticated), widget content, rules.
    const login = await api(s.url, 'POST', '/api/auth/login', { raw: `{"email":${nestedArrays(10_000)},"password":"x"}` });
    expect(login.body.error).toMatchObject({ code: 'too_deep' });
    const content = await api(s.url, 'POST', '/api/widget/messages', { token: visitor, raw: `{"body":"x","clientId":"deep","content":${nestedObjects(10_000)}}` });
    expect([content.status, content.body.error.code]).toEqual([400, 'too_deep']);
    const rule = await api(s.url, 'POST', '/api/rules', { token: admin, raw: `{"name":"deep","event":"conversation.created","conditions":${nestedObjects(10_000)},"actions":[]}` });
    expect([rule.status, rule.body.error.code]).toEqual([400, 'too_deep']);
    const nul = await api(s.url, 'POST', '/api/widget/messages', { token: visitor, raw: `{"body":"x","clientId":"nul-deep","content":${nestedObjects(30, '"a\\u0000b"')}}` });
    expect([nul.status, nul.body.error.code]).toEqual([400, 'bad_request']);
    expect(nul.body.error.message).toMatch(/NUL/);
    // Sockets: the same limits on event payloads, answered through the ack.
    const socket = await connectSocket(s.url, '/widget', visitor);
    try {
      let deep: unknown = 'x';
      for (let i = 0; i < 100; i++) deep = { a: deep };
      expect(await socket.timeout(10_000).emitWithAck('message.send', { body: 'x', clientId: 'sock-deep', content: deep })).toMatchObject({ error: { code: 'too_deep' } });
      expect(await socket.timeout(10_000).emitWithAck('message.send', { body: 'x', clientId: 'sock-nul', content: { a: { b: { c: 'x\u0000' } } } })).toMatchObject({ error: { code: 'bad_request' } });
      expect(await socket.timeout(10_000).emitWithAck('no.such.event', {})).toMatchObject({ error: { code: 'unknown_event' } });
    } finally {
      socket.close();
    }
    expect((await api(s.url, 'GET', '/healthz')).status).toBe(200);
  }, 300_000);

  it('garbage bodies and query strings on real ids', async () => {
    const problems: string[] = [];
    for (const r of routes) {
      const path = withIds(r.path, null);
      if (r.method === 'GET' || r.method === 'DELETE') {
        await check(r, path + QUERY, undefined, problems, 'query');
        continue;
      }
      for (const b of BODIES) await check(r, path, b.raw, problems, b.label);
    }
    expect(problems).toEqual([]);
    // Some 150 routes times nine bodies: minutes on a busy machine.
  }, 600_000);
});
