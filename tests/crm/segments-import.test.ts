import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toE164 } from '../../channels/kit/phone.js';
import { schema } from '../../server/db/client.js';
import { api, loginAdmin, newVisitor, startServer, websiteInbox, type TestServer } from '../support/server.js';

let server: TestServer;
let admin: string;
let widgetKey: string;
const call = (method: string, path: string, body?: unknown) => api(server.url, method, path, { token: admin, body });
const DAY = 86_400_000;

beforeAll(async () => {
  server = await startServer();
  admin = await loginAdmin(server.url);
  ({ widgetKey } = await websiteInbox(server.url, admin));
  await call('POST', '/api/crm/fields', { entity: 'contact', key: 'seats', label: 'Seats', type: 'number' });
  await call('POST', '/api/crm/fields', { entity: 'contact', key: 'vip', label: 'VIP', type: 'boolean' });
});
afterAll(async () => { await server?.close(); });

const countContacts = async () => (await server.app.ctx.db.select().from(schema.contacts)).length;

describe('contact CSV import', () => {
  it('reports every bad row on a dry run and writes nothing', async () => {
    const before = await countContacts();
    const csv = [
      'First,Last,E-mail,Phone,Seats,Stage,Notes',
      'Ana,Souza,ana@acme.test,+1 415 555 0101,10,lead,ok',
      'Bo,,not-an-email,,3,,bad email',
      'Chen,Li,chen@globex.test,555-0101,many,,bad phone and seats',
      'Dee,,ana@acme.test,,,,duplicate e-mail',
      ',,,,,customer,nothing to identify',
      '"Eve, Jr.",,eve@acme.test,,,martian,unknown stage',
      'Fay,,"fay@acme.test",+442071838750,7,qualified,"multi\nline note"',
    ].join('\n');
    const mapping = { First: 'first_name', Last: 'last_name', 'E-mail': 'email', Phone: 'phone', Seats: 'attr.seats', Stage: 'stage', Notes: 'ignore' };
    const dry = await call('POST', '/api/crm/import', { csv, mapping, dryRun: true });
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ dryRun: true, total: 7, valid: 2, invalid: 5, created: 0, updated: 0 });
    expect(dry.body.errors.map((e: any) => [e.row, Object.keys(e.errors).sort()])).toEqual([
      [3, ['email']], [4, ['attr.seats', 'phone']], [5, ['email']], [6, ['_']], [7, ['stage']],
    ]);
    expect(await countContacts()).toBe(before);

    const badMapping = await call('POST', '/api/crm/import', { csv, mapping: { ...mapping, Notes: 'attr.nope' }, dryRun: true });
    expect(badMapping.status).toBe(400);

    const real = await call('POST', '/api/crm/import', { csv, mapping, dryRun: false });
    expect(real.body).toMatchObject({ dryRun: false, valid: 2, created: 2 });
    expect(await countContacts()).toBe(before + 2);
    const fay = (await call('POST', '/api/crm/contacts/query', { filter: { conditions: [{ field: 'email', op: 'eq', value: 'fay@acme.test' }] } })).body.items[0];
    expect(fay).toMatchObject({ name: 'Fay', phone: '+442071838750', stage: 'qualified', attributes: { seats: 7 }, company: { domain: 'acme.test' } });
  });

  it('spells an imported phone number exactly as the SMS channel does, trunk prefix and all', async () => {
    const spellings = ['+44 (0)20 7183 8751', '+1 (415) 555-0177', '+66 81-234-5679'];
    const csv = ['Name,Phone', ...spellings.map((p, i) => `Phone ${i},"${p}"`)].join('\n');
    const r = await call('POST', '/api/crm/import', { csv, mapping: { Name: 'name', Phone: 'phone' }, dryRun: false });
    expect(r.body).toMatchObject({ created: 3, invalid: 0 });
    const rows = await server.app.ctx.db.select().from(schema.contacts);
    const stored = spellings.map((_, i) => rows.find((c) => c.name === `Phone ${i}`)?.phone);
    expect(stored).toEqual(['+442071838751', '+14155550177', '+66812345679']);
    expect(stored).toEqual(spellings.map((p) => toE164(p)));
  });
});

describe('segments', () => {
  it('selects exactly the contacts matching custom attributes and conversation history, counts them live and exports CSV', async () => {
    const db = server.app.ctx.db;
    const { id: inboxId } = await websiteInbox(server.url, admin);
    const make = async (name: string, seats: number, history?: { status: 'resolved' | 'open'; labels: string[]; resolvedDaysAgo?: number }) => {
      const v = await newVisitor(server.url, widgetKey, { name, email: `${name.toLowerCase()}@segments.test` });
      await call('PATCH', `/api/contacts/${v.contactId}`, { attributes: { seats, vip: seats > 40 } });
      if (history) {
        await db.insert(schema.conversations).values({
          inboxId, contactId: v.contactId, status: history.status, labels: history.labels,
          resolvedAt: history.resolvedDaysAgo !== undefined ? new Date(Date.now() - history.resolvedDaysAgo * DAY) : null,
        });
      }
      return v.contactId;
    };
    const hit1 = await make('Hana', 50, { status: 'resolved', labels: ['billing'], resolvedDaysAgo: 3 });
    const hit2 = await make('Ivan', 20, { status: 'resolved', labels: ['billing', 'vip'], resolvedDaysAgo: 29 });
    await make('Jon', 5, { status: 'resolved', labels: ['billing'], resolvedDaysAgo: 3 }); // too few seats
    await make('Kim', 30, { status: 'resolved', labels: ['billing'], resolvedDaysAgo: 45 }); // too long ago
    await make('Lee', 30, { status: 'open', labels: ['billing'] }); // not resolved
    await make('Max', 30, { status: 'resolved', labels: ['shipping'], resolvedDaysAgo: 2 }); // other label
    await make('Noa', 30); // no history

    const filter = { match: 'all', conditions: [
      { field: 'attr.seats', op: 'gte', value: 10 },
      { field: 'conversation', op: 'exists', value: { status: 'resolved', label: 'billing', withinDays: 30 } },
    ] };
    const preview = await call('POST', '/api/crm/segments/preview', { filter });
    expect(preview.body.total).toBe(2);
    const created = await call('POST', '/api/crm/segments', { name: 'Billing fixed, 10+ seats', filter });
    expect(created.body.count).toBe(2);
    const members = (await call('GET', `/api/crm/segments/${created.body.id}/contacts?sort=name`)).body.items;
    expect(members.map((m: any) => m.id)).toEqual([hit1, hit2]);

    const any = await call('POST', '/api/crm/segments/preview', { filter: { match: 'any', conditions: [{ field: 'attr.vip', op: 'eq', value: true }, { field: 'name', op: 'eq', value: 'noa' }] } });
    expect(any.body.items.map((m: any) => m.name).sort()).toEqual(['Hana', 'Noa']);
    const invalid = await call('POST', '/api/crm/segments/preview', { filter: { conditions: [{ field: 'attr.seats; drop table contacts', op: 'eq', value: 1 }] } });
    expect(invalid.status).toBe(400);

    await make('Ola', 90, { status: 'resolved', labels: ['billing'], resolvedDaysAgo: 1 });
    expect((await call('GET', `/api/crm/segments/${created.body.id}`)).body.count).toBe(3);

    const csv = await fetch(`${server.url}/api/crm/segments/${created.body.id}/export.csv`, { headers: { authorization: `Bearer ${admin}` } });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines[0]).toBe('id,name,email,phone,stage,score,company,country,last_seen_at,created_at,seats,vip');
    expect(lines.slice(1).map((l) => l.split(',')[1]).sort()).toEqual(['Hana', 'Ivan', 'Ola']);
  });
});

describe('segment and campaign ids', () => {
  it('answers 400 for a malformed id and 404 for an unknown one on every segment and campaign route', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    const routes: [string, string][] = [
      ['GET', '/api/crm/segments/:id'], ['PATCH', '/api/crm/segments/:id'], ['DELETE', '/api/crm/segments/:id'],
      ['GET', '/api/crm/segments/:id/contacts'], ['GET', '/api/crm/segments/:id/export.csv'],
      ['GET', '/api/crm/campaigns/:id'], ['POST', '/api/crm/campaigns/:id/launch'], ['POST', '/api/crm/campaigns/:id/cancel'],
    ];
    const seen: string[] = [];
    for (const [method, path] of routes) {
      for (const [id, expected] of [['-'.repeat(36), 400], ['not-a-uuid', 400], [unknown, 404]] as const) {
        const res = await call(method, path.replace(':id', id), method === 'PATCH' ? { name: 'x' } : undefined);
        seen.push(`${method} ${path} ${id.slice(0, 8)} -> ${res.status} ${res.body?.error?.code}`);
        expect(res.status, seen.at(-1)).toBe(expected);
        expect(res.body.error.code).toBe(expected === 400 ? 'bad_request' : 'not_found');
      }
    }
  });

  it('refuses an empty segment patch and keeps the filter when only the name changes', async () => {
    const filter = { match: 'all', conditions: [{ field: 'attr.seats', op: 'gte', value: 10 }] };
    const created = await call('POST', '/api/crm/segments', { name: 'Big teams', filter });
    expect((await call('PATCH', `/api/crm/segments/${created.body.id}`, {})).status).toBe(400);
    const renamed = await call('PATCH', `/api/crm/segments/${created.body.id}`, { name: 'Large teams' });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: 'Large teams', filter });
  });
});
