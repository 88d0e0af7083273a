// Attachment URLs are capabilities (signed per id), and a stored file can never run in our origin:
// anything that is not a plain image, PDF, audio or video is a download with a sandboxing CSP. The agent UI is
// told the very rules the upload route applies.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachmentSignature, attachmentUrl, storeAttachments } from '../../server/messages/attachments.js';
import { api, loginAdmin, newVisitor, startServer, websiteInbox, type TestServer } from '../support/server.js';

describe('attachment downloads', () => {
  let s: TestServer;
  let admin: string;
  beforeAll(async () => {
    s = await startServer();
    admin = await loginAdmin(s.url);
  });
  afterAll(() => s?.close());

  const store = async (contentType: string, body = '<script>alert(1)</script>') =>
    (await storeAttachments(s.app.ctx.db, [{ name: 'file', contentType, data: Buffer.from(body) }]))[0];

  it('only a valid signature for that very id opens a file', async () => {
    const a = await store('text/plain', 'hello');
    const b = await store('text/plain', 'other');
    const secret = s.app.ctx.appSecret;
    expect((await fetch(s.url + attachmentUrl(secret, a))).status).toBe(200);
    for (const path of [
      `/attachments/${a.id}/${attachmentSignature(secret, b.id)}/file`,
      `/attachments/${a.id}/${attachmentSignature(secret, a.id).slice(0, 31)}/file`,
      `/attachments/${a.id}/${'A'.repeat(32)}/file`,
      `/attachments/${'-'.repeat(36)}/${attachmentSignature(secret, a.id)}/file`,
    ]) {
      expect((await fetch(s.url + path)).status, path).toBe(404);
    }
  });

  it('types that could script are downloads under a sandboxing CSP; safe images stay inline', async () => {
    for (const type of ['text/html', 'image/svg+xml', 'application/xhtml+xml', 'text/xml', 'image/pngx', 'application/javascript']) {
      const res = await fetch(s.url + attachmentUrl(s.app.ctx.appSecret, await store(type)));
      expect(res.headers.get('content-disposition'), type).toMatch(/^attachment;/);
      expect(res.headers.get('content-security-policy')).toContain('sandbox');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    }
    const png = await fetch(s.url + attachmentUrl(s.app.ctx.appSecret, await store('image/png', 'png')));
    expect(png.headers.get('content-disposition')).toMatch(/^inline;/);
    expect(png.headers.get('content-security-policy')).toContain('sandbox');
  });

  it('HTML and SVG uploads are refused by the agent and widget upload routes', async () => {
    const inbox = await websiteInbox(s.url, admin);
    const visitor = await newVisitor(s.url, inbox.widgetKey);
    const sent = await api(s.url, 'POST', '/api/widget/messages', { token: visitor.visitorToken, body: { body: 'hi', clientId: 'c1' } });
    for (const type of ['text/html', 'image/svg+xml']) {
      const agentForm = new FormData();
      agentForm.append('attachments', new Blob(['<svg onload="alert(1)"/>'], { type }), 'x.svg');
      const agentUp = await fetch(`${s.url}/api/conversations/${sent.body.conversationId}/messages/upload`, { method: 'POST', headers: { authorization: `Bearer ${admin}` }, body: agentForm });
      expect(agentUp.status, type).toBe(400);
      const widgetForm = new FormData();
      widgetForm.append('clientId', `up-${type.length}`);
      widgetForm.append('file', new Blob(['<svg onload="alert(1)"/>'], { type }), 'x.svg');
      const widgetUp = await fetch(`${s.url}/api/widget/attachments`, { method: 'POST', headers: { authorization: `Bearer ${visitor.visitorToken}` }, body: widgetForm });
      expect(widgetUp.status, type).toBe(415);
    }
  });

  it('the agent UI is told the same rules the upload route applies, and eleven files are refused by count', async () => {
    const rules = (await api(s.url, 'GET', '/api/setup/attachments', { token: admin })).body;
    expect(rules.maxBytes).toBe(20 * 1024 * 1024);
    const types = new RegExp(rules.typePattern, 'i');
    expect(['image/png', 'application/pdf', 'text/plain'].every((t) => types.test(t))).toBe(true);
    expect(['text/html', 'image/svg+xml', 'application/javascript'].some((t) => types.test(t))).toBe(false);

    const inbox = await websiteInbox(s.url, admin);
    const visitor = await newVisitor(s.url, inbox.widgetKey);
    const sent = await api(s.url, 'POST', '/api/widget/messages', { token: visitor.visitorToken, body: { body: 'photos?', clientId: 'c-count' } });
    const form = new FormData();
    for (let i = 0; i < 11; i++) form.append('attachments', new Blob(['x'], { type: 'text/plain' }), `n${i}.txt`);
    const up = await fetch(`${s.url}/api/conversations/${sent.body.conversationId}/messages/upload`, { method: 'POST', headers: { authorization: `Bearer ${admin}` }, body: form });
    expect(up.status).toBe(400);
    expect((await up.json()).error.message).toBe('At most 10 files per message');
  });
});
