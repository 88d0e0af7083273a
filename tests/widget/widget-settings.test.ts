// Editing one widget setting through PATCH /api/inboxes/:id changes that setting only: every other widget
// setting, the rest of the inbox's config, its name and its bot switch come back exactly as they were.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { api, useServer, type ServerFixture } from '../support/server.js';

let f: ServerFixture;
useServer((x) => (f = x));

const FULL_WIDGET = {
  color: '#0f766e',
  position: 'left',
  greeting: 'Hello from the roastery',
  teamName: 'Fernleaf crew',
  avatars: ['https://cdn.example.com/a.png', 'https://cdn.example.com/b.png'],
  replyTime: 'hours',
  locale: 'th',
  preChat: { enabled: true, message: 'Tell us who you are', fields: [{ name: 'company', label: 'Company', type: 'text', required: true }] },
  askEmailAfterMinutes: 5,
  csat: true,
  attachments: { enabled: true, maxBytes: 2 * 1024 * 1024, types: ['image/*', 'application/pdf'] },
  identity: { requireVerified: false },
  proactive: [{ id: 'pricing', message: 'Questions about plans?', urlPattern: '/pricing*', delaySeconds: 5, audience: 'all' }],
  topics: [{ id: 'billing', label: 'Billing' }],
  businessHours: { enabled: true, timeZone: 'Asia/Bangkok', days: { mon: [{ open: '09:00', close: '17:00' }] } },
  offlineWhenNoAgents: false,
};

/** One new value per setting, each different from FULL_WIDGET's. */
const EDITS: Record<string, unknown> = {
  color: '#b91c1c',
  position: 'right',
  greeting: 'สวัสดีครับ',
  teamName: 'Night shift',
  avatars: ['https://cdn.example.com/c.png'],
  replyTime: 'minutes',
  locale: 'fa',
  preChat: { enabled: false, fields: [{ name: 'order', label: 'Order number', type: 'number', required: false }] },
  askEmailAfterMinutes: 30,
  csat: false,
  attachments: { enabled: false, maxBytes: 5 * 1024 * 1024, types: ['text/csv'] },
  identity: { requireVerified: true },
  proactive: [{ id: 'cart', message: 'Need help checking out?', delaySeconds: 0, audience: 'returning' }],
  topics: [{ id: 'shipping', label: 'Shipping' }],
  businessHours: { enabled: false, timeZone: 'Europe/Berlin', days: { fri: [{ open: '10:00', close: '14:00' }] } },
  offlineWhenNoAgents: true,
};

async function newWebInbox() {
  const created = await api(f.s.url, 'POST', '/api/inboxes', {
    token: f.token,
    body: { name: `Shop ${randomUUID().slice(0, 8)}`, channel: 'web', config: { allowedOrigins: ['https://shop.example.com'], widget: FULL_WIDGET } },
  });
  expect(created.status).toBe(201);
  const bot = await api(f.s.url, 'PATCH', `/api/inboxes/${created.body.id}`, { token: f.token, body: { bot: { enabled: true } } });
  expect(bot.status).toBe(200);
  return bot.body;
}

const read = async (id: string) => (await api(f.s.url, 'GET', `/api/inboxes/${id}`, { token: f.token })).body;
const patch = (id: string, body: unknown) => api(f.s.url, 'PATCH', `/api/inboxes/${id}`, { token: f.token, body });

describe('PATCH /api/inboxes/:id config.widget', () => {
  it('stores the settings given at creation as sent', async () => {
    const inbox = await newWebInbox();
    expect(inbox.config.widget).toEqual(FULL_WIDGET);
    expect(inbox.config.allowedOrigins).toEqual(['https://shop.example.com']);
  });

  it('sets each setting in turn and leaves every other setting, the rest of config, name and bot unchanged', async () => {
    const inbox = await newWebInbox();
    let before = await read(inbox.id);
    for (const [key, value] of Object.entries(EDITS)) {
      const res = await patch(inbox.id, { config: { widget: { [key]: value } } });
      expect(res.status, key).toBe(200);
      const after = await read(inbox.id);
      expect(after.config.widget[key], key).toEqual(value);
      const { [key]: _was, ...otherBefore } = before.config.widget;
      const { [key]: _now, ...otherAfter } = after.config.widget;
      expect(otherAfter, `settings other than ${key}`).toEqual(otherBefore);
      const { widget: _w1, ...restBefore } = before.config;
      const { widget: _w2, ...restAfter } = after.config;
      expect(restAfter, `config beside widget after ${key}`).toEqual(restBefore);
      expect([after.name, after.botEnabled, after.widgetKey, after.memberIds]).toEqual([before.name, before.botEnabled, before.widgetKey, before.memberIds]);
      before = after;
    }
    expect(before.config.widget).toEqual(EDITS);
    // The public read the widget uses returns the stored settings as they are.
    const pub = await api(f.s.url, 'GET', `/api/widget/config?widgetKey=${inbox.widgetKey}`);
    expect(pub.status).toBe(200);
    expect(pub.body.settings).toEqual(EDITS);
  });

  it('keeps the widget settings whole when another config key or the name is edited', async () => {
    const inbox = await newWebInbox();
    const res = await patch(inbox.id, { name: 'Renamed shop', config: { allowedOrigins: ['https://www.example.com'] } });
    expect(res.status).toBe(200);
    const after = await read(inbox.id);
    expect(after.name).toBe('Renamed shop');
    expect(after.config.allowedOrigins).toEqual(['https://www.example.com']);
    expect(after.config.widget).toEqual(FULL_WIDGET);
  });

  it('keeps stored settings byte for byte even where validation would fill in defaults', async () => {
    const inbox = await newWebInbox();
    // A pre-chat field stored without `type`/`required` (as older versions allowed) must not gain them.
    const legacyFields = { enabled: true, fields: [{ name: 'company', label: 'Company' }] };
    await patch(inbox.id, { config: { widget: { preChat: legacyFields } } });
    const db = f.s.app.ctx.db;
    const { schema } = await import('../../server/db/client.js');
    const { eq } = await import('drizzle-orm');
    const [row] = await db.select().from(schema.inboxes).where(eq(schema.inboxes.id, inbox.id));
    const stored = { ...(row.config as any).widget, preChat: legacyFields };
    await db.update(schema.inboxes).set({ config: { ...(row.config as any), widget: stored } }).where(eq(schema.inboxes.id, inbox.id));
    const { forget } = await import('../../server/shared/memo.js');
    forget(f.s.app.ctx, `inbox:${inbox.id}`); // the row was written behind the inbox cache's back
    const res = await patch(inbox.id, { config: { widget: { greeting: 'Changed greeting' } } });
    expect(res.status).toBe(200);
    const [after] = await db.select().from(schema.inboxes).where(eq(schema.inboxes.id, inbox.id));
    expect((after.config as any).widget).toEqual({ ...stored, greeting: 'Changed greeting' });
  });

  it('clears a setting sent as null and nothing else', async () => {
    const inbox = await newWebInbox();
    const res = await patch(inbox.id, { config: { widget: { greeting: null, attachments: null } } });
    expect(res.status).toBe(200);
    const after = await read(inbox.id);
    const { greeting: _g, attachments: _a, ...rest } = FULL_WIDGET;
    expect(after.config.widget).toEqual(rest);
  });

  it('refuses invalid values with 400 naming the field, and stores nothing', async () => {
    const inbox = await newWebInbox();
    const cases: Array<[unknown, string, RegExp]> = [
      [{ attachments: { enabled: true, maxBytes: 30 * 1024 * 1024, types: ['image/*'] } }, 'config.widget.attachments.maxBytes', /at most 20 MB/],
      [{ attachments: { enabled: true, maxBytes: 10, types: ['image/*'] } }, 'config.widget.attachments.maxBytes', /at least 1 KB/],
      [{ attachments: { enabled: true, maxBytes: 2048, types: ['images'] } }, 'config.widget.attachments.types.0', /file type/],
      [{ color: 'red' }, 'config.widget.color', /#4f46e5/],
      [{ position: 'middle' }, 'config.widget.position', /right or left/],
      [{ avatars: ['not a url'] }, 'config.widget.avatars.0', /web address/],
      [{ preChat: { enabled: true, fields: [{ name: '1bad', label: 'Bad' }] } }, 'config.widget.preChat.fields.0.name', /starts with a letter/],
      [{ businessHours: { enabled: true, timeZone: 'Mars/Olympus', days: {} } }, 'config.widget.businessHours.timeZone', /time zone/],
      [{ businessHours: { enabled: true, timeZone: 'UTC', days: { mon: [{ open: '9am', close: '17:00' }] } } }, 'config.widget.businessHours.days.mon.0.open', /09:00/],
    ];
    for (const [widget, field, message] of cases) {
      const res = await patch(inbox.id, { config: { widget } });
      expect(res.status, field).toBe(400);
      expect(res.body.error.code).toBe('bad_request');
      expect(Object.keys(res.body.error.fields), field).toContain(field);
      expect(res.body.error.fields[field]).toMatch(message);
      expect(res.body.error.message).toMatch(message);
    }
    const notObject = await patch(inbox.id, { config: { widget: 'blue' } });
    expect(notObject.status).toBe(400);
    expect(Object.keys(notObject.body.error.fields)).toContain('config.widget');
    expect((await read(inbox.id)).config.widget).toEqual(FULL_WIDGET);
  });

  it('PUT /api/widget/settings/:inboxId still replaces the settings as a whole', async () => {
    const inbox = await newWebInbox();
    const res = await api(f.s.url, 'PUT', `/api/widget/settings/${inbox.id}`, { token: f.token, body: { color: '#123456' } });
    expect(res.status).toBe(200);
    expect((await read(inbox.id)).config.widget).toEqual({ color: '#123456' });
  });

  it('an upload the inbox refuses is told what the inbox takes (413 size, 415 type)', async () => {
    const inbox = await newWebInbox();
    await patch(inbox.id, { config: { widget: { attachments: { enabled: true, maxBytes: 2048, types: ['image/*'] }, identity: null } } });
    const session = await api(f.s.url, 'POST', '/api/widget/sessions', { body: { widgetKey: inbox.widgetKey } });
    const send = async (name: string, type: string, bytes: number) => {
      const form = new FormData();
      form.append('clientId', `c-${randomUUID()}`);
      form.append('file', new Blob([Buffer.alloc(bytes, 1)], { type }), name);
      const res = await fetch(`${f.s.url}/api/widget/attachments`, { method: 'POST', headers: { authorization: `Bearer ${session.body.visitorToken}` }, body: form });
      return { status: res.status, body: await res.json() };
    };
    const big = await send('big.png', 'image/png', 3000);
    expect(big.status).toBe(413);
    expect(big.body.error.message).toBe('File is larger than 2 KB; accepted here: image/*, up to 2 KB');
    const text = await send('notes.txt', 'text/plain', 10);
    expect(text.status).toBe(415);
    expect(text.body.error.message).toBe('File type text/plain is not accepted; accepted here: image/*, up to 2 KB');
    const ok = await send('dot.png', 'image/png', 100);
    expect(ok.status).toBe(200);
    expect(ok.body.message.attachments.map((a: any) => [a.name, a.contentType, a.size])).toEqual([['dot.png', 'image/png', 100]]);
  });
});
