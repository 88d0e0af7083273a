import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../../server/db/client.js';
import { startSink } from '../email/mail-kit.js';
import { startSmsWorld, type SmsWorld } from '../sms/setup.js';
import { postWebhook } from '../sms/twilio-stand-in.js';
import { api, eventually } from '../support/server.js';

let w: SmsWorld;
let sink: Awaited<ReturnType<typeof startSink>>;
let emailInboxId: string;
let segmentId: string;
const contactIds: Record<string, string> = {};

const call = (method: string, path: string, body?: unknown) => api(w.server.url, method, path, { token: w.admin, body });

beforeAll(async () => {
  w = await startSmsWorld();
  sink = await startSink();
  const inbox = await call('POST', '/api/inboxes', { name: 'Newsletter', channel: 'email', config: { address: 'news@shop.test', smtp: { host: '127.0.0.1', port: sink.port, allowPrivate: true } } });
  emailInboxId = inbox.body.id;
  await call('POST', '/api/crm/fields', { entity: 'contact', key: 'plan', label: 'Plan', type: 'select', options: ['free', 'pro'] });
  await call('POST', '/api/crm/fields', { entity: 'contact', key: 'seats', label: 'Seats', type: 'number' });
  const imported = await call('POST', '/api/crm/import', {
    dryRun: false,
    mapping: { Name: 'name', Email: 'email', Mobile: 'phone', Plan: 'attr.plan', Seats: 'attr.seats' },
    csv: 'Name,Email,Mobile,Plan,Seats\nAna Souza,ana@acme.test,+14155550301,pro,25\n,bo@initech.test,+14155550302,pro,\nChen Li,chen@globex.test,+14155550303,pro,3\nDee,dee@acme.test,+14155550304,free,1\n',
  });
  expect(imported.body).toMatchObject({ created: 4, invalid: 0 });
  const db = w.server.app.ctx.db;
  for (const c of await db.select().from(schema.contacts)) if (c.email) contactIds[c.email] = c.id;
  // Chen texted STOP from his number (before any campaign) and unsubscribed from our mail.
  await w.inbound('+14155550303', 'STOP');
  await db.insert(schema.contactIdentities).values({ contactId: contactIds['chen@globex.test'], channel: 'email', address: 'chen@globex.test', optedOutAt: new Date() });
  const segment = await call('POST', '/api/crm/segments', { name: 'Pro plan', filter: { conditions: [{ field: 'attr.plan', op: 'eq', value: 'pro' }] } });
  expect(segment.body.count).toBe(3);
  segmentId = segment.body.id;
});
afterAll(async () => { await w?.close(); await sink?.stop(); });

const report = (id: string) => call('GET', `/api/crm/campaigns/${id}`).then((r) => r.body);
const statusOf = (r: any, email: string) => r.recipients.find((x: any) => x.email === email);

describe('campaigns', () => {
  it('texts everyone in the segment but the opted-out contact, personalised with fallbacks, and reports delivery and replies', async () => {
    const created = await call('POST', '/api/crm/campaigns', {
      name: 'Pro seats', segmentId, inboxId: w.inboxId, launch: true,
      template: 'Hi {{contact.first_name | "there"}}, your {{contact.seats | "team\'s"}} Pro seats now include call recording. Reply YES to try it.',
    });
    expect(created.status).toBe(201);
    const sent = await eventually(async () => { const r = await report(created.body.id); return r.campaign.status === 'sent' && (r.counts.sent ?? 0) + (r.counts.delivered ?? 0) === 2 ? r : null; }, 30_000, 'campaign sent');
    expect(statusOf(sent, 'chen@globex.test')).toMatchObject({ status: 'skipped', reason: 'opted out' });
    expect(w.standIn.sent.map((m) => [m.To, m.Body]).sort()).toEqual([
      ['+14155550301', 'Hi Ana, your 25 Pro seats now include call recording. Reply YES to try it.'],
      ['+14155550302', "Hi there, your team's Pro seats now include call recording. Reply YES to try it."],
    ]);

    // Twilio reports Ana's text delivered; Bo answers, and the answer lands in the campaign's conversation.
    const ana = statusOf(sent, 'ana@acme.test');
    const [anaMessage] = await w.server.app.ctx.db.select().from(schema.messages).where(and(eq(schema.messages.conversationId, ana.conversationId), eq(schema.messages.direction, 'outgoing')));
    await postWebhook(w.server.url, `/webhooks/twilio/${w.inboxId}/status`, { MessageSid: anaMessage.externalId!, MessageStatus: 'delivered' });
    await w.inbound('+14155550302', 'YES please');
    const final = await eventually(async () => { const r = await report(created.body.id); return r.counts.delivered === 1 && r.counts.replied === 1 ? r : null; }, 15_000, 'delivered and replied');
    const bo = statusOf(final, 'bo@initech.test');
    const conversation = (await call('GET', `/api/conversations/${bo.conversationId}`)).body;
    expect(conversation.attributes).toMatchObject({ campaignId: created.body.id });
    const messages = (await call('GET', `/api/conversations/${bo.conversationId}/messages`)).body.items;
    expect(messages.map((m: any) => [m.direction, m.body.slice(0, 9)])).toEqual([['outgoing', 'Hi there,'], ['incoming', 'YES pleas']]);

    const timeline = (await call('GET', `/api/crm/contacts/${contactIds['ana@acme.test']}/timeline`)).body.items;
    const entry = timeline.find((t: any) => t.kind === 'campaign' && t.data.campaignId === created.body.id);
    expect(entry.summary).toBe('Campaign "Pro seats" sent');
    expect(entry.data).toEqual({ campaignId: created.body.id, conversationId: ana.conversationId, channel: 'sms', key: 'campaign.sent', params: { name: 'Pro seats', channel: 'sms' } });
  });

  it('mails the same segment through the e-mail channel, skipping the unsubscribed address', async () => {
    const created = await call('POST', '/api/crm/campaigns', {
      name: 'Pro news', segmentId, inboxId: emailInboxId, launch: true,
      subject: 'News for {{contact.company | "you"}}', template: 'Dear {{contact.name | "customer"}},\n\nPro got better.',
    });
    expect(created.status).toBe(201);
    const mails = await eventually(async () => (sink.mails.length >= 2 ? sink.mails : null), 30_000, 'two mails');
    const r = await eventually(async () => { const x = await report(created.body.id); return x.campaign.status === 'sent' && x.counts.sent === 2 ? x : null; }, 15_000, 'email report');
    expect(statusOf(r, 'chen@globex.test')).toMatchObject({ status: 'skipped', reason: 'opted out' });
    expect(mails.map((m) => [m.rcptTo[0], m.parsed.subject, m.parsed.text?.split('\n')[0]]).sort()).toEqual([
      ['ana@acme.test', 'News for Acme', 'Dear Ana Souza,'],
      ['bo@initech.test', 'News for Initech', 'Dear customer,'],
    ]);
  });
});
