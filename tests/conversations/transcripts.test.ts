// Transcripts by e-mail over the real SMTP path: a visitor asks from the widget API (address asked for when the
// contact has none, only their own address, limited per hour), an agent sends one to a typed address (audited).
// The mail at the loopback relay is compared message by message with what the visitor sees; notes are absent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSink } from '../email/mail-kit.js';
import { api, loginAdmin, newVisitor, startServer, websiteInbox, type TestServer } from '../support/server.js';

describe('conversation transcripts by e-mail', () => {
  let s: TestServer;
  let sink: Awaited<ReturnType<typeof startSink>>;
  let token: string;
  let widgetKey: string;
  let seq = 0;
  beforeAll(async () => {
    sink = await startSink();
    s = await startServer({ SMTP_URL: sink.url });
    token = await loginAdmin(s.url);
    widgetKey = (await websiteInbox(s.url, token)).widgetKey;
  });
  afterAll(async () => {
    await s?.close();
    await sink?.stop();
  });

  const say = async (visitorToken: string, body: string, conversationId?: string) => {
    const r = await api(s.url, 'POST', '/api/widget/messages', { token: visitorToken, body: { body, clientId: `t-${++seq}`, conversationId } });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body.conversationId as string;
  };
  const transcript = (visitorToken: string, id: string, body: Record<string, unknown> = {}) =>
    api(s.url, 'POST', `/api/widget/conversations/${id}/transcript`, { token: visitorToken, body });

  it('mails the visitor exactly the messages they can see, in order, with attachments as links and no notes', async () => {
    const v = await newVisitor(s.url, widgetKey, { name: 'Ines' });
    const id = await say(v.visitorToken, 'My parcel never arrived');
    await say(v.visitorToken, 'Order <b>#4471</b> & <script>alert(1)</script>', id);
    const form = new FormData();
    form.append('clientId', `t-${++seq}`);
    form.append('file', new Blob([Buffer.from('label bytes 0123')], { type: 'application/pdf' }), 'label.pdf');
    const upload = await fetch(`${s.url}/api/widget/attachments`, { method: 'POST', headers: { authorization: `Bearer ${v.visitorToken}` }, body: form });
    expect(upload.status).toBe(200);
    expect((await api(s.url, 'POST', `/api/conversations/${id}/messages`, { token, body: { body: 'Sorry! A new one ships today.' } })).status).toBe(201);
    expect((await api(s.url, 'POST', `/api/conversations/${id}/messages`, { token, body: { body: 'NOTE: courier lost it again', private: true } })).status).toBe(201);

    // No address on file: the widget must ask for one.
    const missing = await transcript(v.visitorToken, id);
    expect(missing.status).toBe(400);
    expect(missing.body.error.fields.email).toBeTruthy();
    const queued = await transcript(v.visitorToken, id, { email: 'Ines@Example.test' });
    expect(queued.status, JSON.stringify(queued.body)).toBe(202);
    expect(queued.body).toEqual({ queued: true, to: 'ines@example.test' });
    // The entered address is now the contact's, and another one is refused.
    expect((await api(s.url, 'GET', `/api/contacts/${v.contactId}`, { token })).body.email).toBe('ines@example.test');
    const other = await transcript(v.visitorToken, id, { email: 'someone.else@example.test' });
    expect(other.status).toBe(400);

    const mail = await sink.next((m) => (m.to && 'text' in m.to ? m.to.text : '') === 'ines@example.test');
    const seen = (await api(s.url, 'GET', `/api/widget/messages?conversationId=${id}`, { token: v.visitorToken })).body.items as any[];
    expect(seen.map((m) => m.body)).toEqual(['My parcel never arrived', 'Order <b>#4471</b> & <script>alert(1)</script>', '', 'Sorry! A new one ships today.']);
    // The text part, message by message: sender line, then body, then attachment links.
    const blocks = mail.parsed.text!.trim().split(/\n\n/).slice(1);
    const expected = seen.map((m) => [
      `[${m.createdAt.replace('T', ' ').slice(0, 16)} UTC] ${m.senderType === 'contact' ? 'You' : m.sender.name}:`,
      ...(m.body ? [m.body] : []),
      ...m.attachments.map((a: any) => `Attachment: ${a.name} <${new URL(a.url, s.url).href}>`),
    ].join('\n'));
    expect(blocks).toEqual(expected);
    expect(mail.parsed.subject).toBe('Your conversation with Website');
    const html = String(mail.parsed.html);
    for (const text of [mail.parsed.text!, html]) expect(text).not.toContain('courier lost it');
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<b>#4471');
    expect(html).toContain('Order &#60;b&#62;#4471&#60;/b&#62; &#38; &#60;script&#62;');
    expect(html.match(/class="message"/g)).toHaveLength(4);
    // The attachment link in the mail downloads the uploaded bytes.
    const link = html.match(/href="([^"]+label\.pdf)"/)![1].replace(/&#38;/g, '&');
    expect(Buffer.from(await (await fetch(link)).arrayBuffer()).toString()).toBe('label bytes 0123');

    // Three an hour per visitor: one went, two more may, the fourth is refused.
    expect((await transcript(v.visitorToken, id)).status).toBe(202);
    expect((await transcript(v.visitorToken, id)).status).toBe(202);
    const limited = await transcript(v.visitorToken, id);
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('rate_limited');
  });

  it("refuses someone else's conversation and bad input", async () => {
    const a = await newVisitor(s.url, widgetKey, { email: 'a@example.test' });
    const b = await newVisitor(s.url, widgetKey);
    const id = await say(a.visitorToken, 'hello');
    expect((await transcript(b.visitorToken, id, { email: 'b@example.test' })).status).toBe(404);
    expect((await transcript(a.visitorToken, id, { email: 'not an address' })).status).toBe(400);
    expect((await transcript(a.visitorToken, id, { cc: 'x@example.test' })).status).toBe(400);
    expect((await api(s.url, 'POST', `/api/widget/conversations/${id}/transcript`, { body: {} })).status).toBe(401);
  });

  it('lets an agent send it to a typed address, audit-logged without the address', async () => {
    const v = await newVisitor(s.url, widgetKey);
    const id = await say(v.visitorToken, 'Can you send this to my accountant?');
    await api(s.url, 'POST', `/api/conversations/${id}/messages`, { token, body: { body: 'internal: VIP', private: true } });
    // No contact address and none typed: a clear 400, not a silent drop.
    const none = await api(s.url, 'POST', `/api/conversations/${id}/transcript`, { token, body: {} });
    expect(none.status).toBe(400);
    expect(none.body.error.fields.to).toBeTruthy();
    const sent = await api(s.url, 'POST', `/api/conversations/${id}/transcript`, { token, body: { to: 'books@accountant.test' } });
    expect(sent.status).toBe(202);
    const mail = await sink.next((m) => (m.to && 'text' in m.to ? m.to.text : '') === 'books@accountant.test');
    expect(mail.parsed.text).toContain('Can you send this to my accountant?');
    expect(mail.parsed.text).not.toContain('VIP');
    const audit = await api(s.url, 'GET', '/api/audit?action=conversation.transcript_sent', { token });
    const entry = audit.body.items.find((e: any) => e.targetId === id);
    expect(entry).toMatchObject({ action: 'conversation.transcript_sent', targetType: 'conversation', actorEmail: 'admin@example.com', details: { recipient: 'other' } });
    expect(JSON.stringify(entry)).not.toContain('accountant.test');
    // An agent who cannot see the conversation is told it does not exist.
    expect((await api(s.url, 'POST', '/api/conversations/00000000-0000-4000-8000-000000000000/transcript', { token, body: {} })).status).toBe(404);
  });
});
