import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createAgent, websiteInbox } from '../support/server.js';
import { startSmsWorld, type SmsWorld } from '../sms/setup.js';
import { ACCOUNT_SID, PUBLIC_URL, messageSid, postWebhook } from '../sms/twilio-stand-in.js';

describe('channel setup guide', () => {
  let world: SmsWorld;
  beforeAll(async () => { world = await startSmsWorld(); });
  afterAll(() => world?.close());

  it('gives the Twilio URLs the server routes: a text signed over the shown URL lands in the inbox', async () => {
    const r = await api(world.server.url, 'GET', `/api/inboxes/${world.inboxId}/setup`, { token: world.admin });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      inboxId: world.inboxId, channel: 'sms', canRegisterWebhook: false,
      publicUrl: { url: PUBLIC_URL, problem: null, message: null },
      items: [
        { key: 'twilioIncoming', value: `${PUBLIC_URL}/webhooks/twilio/${world.inboxId}/sms` },
        { key: 'twilioStatus', value: `${PUBLIC_URL}/webhooks/twilio/${world.inboxId}/status` },
      ],
    });
    const shown = new URL(r.body.items[0].value);
    const sid = messageSid();
    const posted = await postWebhook(world.server.url, shown.pathname, { AccountSid: ACCOUNT_SID, MessageSid: sid, SmsSid: sid, From: '+14155550123', To: '+14155550000', Body: 'Hi from the guide', NumMedia: '0' }, { signedUrl: shown.toString() });
    expect(posted.status).toBe(200);
    const stored = await world.stored(sid);
    expect(stored?.message.body).toBe('Hi from the guide');
  });

  it('gives the web inbox its snippet with the widget key; admins only; 404 for an unknown inbox', async () => {
    const web = await websiteInbox(world.server.url, world.admin);
    const r = await api(world.server.url, 'GET', `/api/inboxes/${web.id}/setup`, { token: world.admin });
    expect(r.body.items).toEqual([
      { key: 'snippet', value: `<script async src="${PUBLIC_URL}/widget.js" data-widget-key="${web.widgetKey}"></script>` },
      { key: 'widgetKey', value: web.widgetKey },
    ]);
    const agent = await createAgent(world.server, 'guide-agent@acme.test', [web.id]);
    expect((await api(world.server.url, 'GET', `/api/inboxes/${web.id}/setup`, { token: agent.token })).status).toBe(403);
    expect((await api(world.server.url, 'GET', '/api/inboxes/00000000-0000-4000-8000-000000000000/setup', { token: world.admin })).status).toBe(404);
  });
});
