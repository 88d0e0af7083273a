// Export and import over the real API between two real servers: a JSON Lines export (messages, notes, an
// attachment by signed link) imported into a fresh database gives the same content, a second import changes
// nothing, a dry run stores nothing, bad lines are reported one by one, and the CSV has one row per conversation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byExternalId, exportFile } from '../support/transfer.js';
import { api, loginAdmin, newVisitor, startServer, websiteInbox, type TestServer } from '../support/server.js';

let a: TestServer;
let b: TestServer;
let tokenA: string;
let tokenB: string;

beforeAll(async () => {
  [a, b] = await Promise.all([startServer(), startServer()]);
  [tokenA, tokenB] = await Promise.all([loginAdmin(a.url), loginAdmin(b.url)]);
});
afterAll(async () => { await Promise.all([a?.close(), b?.close()]); });

const importFile = (s: TestServer, token: string, body: string, query = '') =>
  api(s.url, 'POST', `/api/conversations/import${query}`, { token, raw: body, headers: { 'content-type': 'application/x-ndjson' } });

describe('conversation export and import', () => {
  it('round-trips JSON Lines into a fresh database with the same content, idempotently', async () => {
    const inbox = await websiteInbox(a.url, tokenA);
    const v = await newVisitor(a.url, inbox.widgetKey, { name: 'Lena', email: 'lena@example.com' });
    const first = await api(a.url, 'POST', '/api/widget/messages', { token: v.visitorToken, body: { body: 'Hallo, ich brauche Hilfe', clientId: 'x1' } });
    const form = new FormData();
    form.append('clientId', 'x2');
    form.append('body', 'the receipt');
    form.append('file', new Blob([Buffer.from('receipt 42, total 10.00')], { type: 'text/plain' }), 'receipt.txt');
    const up = await fetch(`${a.url}/api/widget/attachments`, { method: 'POST', headers: { authorization: `Bearer ${v.visitorToken}` }, body: form });
    expect(up.status).toBe(200);
    const conv = first.body.conversationId;
    await api(a.url, 'POST', `/api/conversations/${conv}/messages`, { token: tokenA, body: { body: 'Gerne! 🙂' } });
    await api(a.url, 'POST', `/api/conversations/${conv}/messages`, { token: tokenA, body: { body: 'customer since 2019', private: true } });
    await api(a.url, 'PATCH', `/api/conversations/${conv}`, { token: tokenA, body: { labels: ['german'], priority: 'medium', status: 'resolved' } });
    const other = await newVisitor(a.url, inbox.widgetKey, { name: 'Tom' });
    await api(a.url, 'POST', '/api/widget/messages', { token: other.visitorToken, body: { body: 'second person', clientId: 'y1' } });
    await a.app.ctx.bus.drain();

    const exported = await exportFile(a, tokenA, 'format=jsonl&status=all');
    expect(exported.headers.get('content-type')).toMatch(/ndjson/);
    const lines = exported.text.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2);
    const lena = lines.find((l) => l.contact.name === 'Lena');
    expect(lena.messages.map((m: any) => m.body)).toEqual(['Hallo, ich brauche Hilfe', 'the receipt', 'Gerne! 🙂']);
    expect(lena.notes.map((n: any) => [n.body, n.author.email])).toEqual([['customer since 2019', 'admin@example.com']]);
    const attachment = lena.messages[1].attachments[0];
    expect(attachment).toMatchObject({ name: 'receipt.txt', contentType: 'text/plain', size: 23 });
    expect(await (await fetch(attachment.url)).text()).toBe('receipt 42, total 10.00');

    const dry = await importFile(b, tokenB, exported.text, '?dryRun=true&allowPrivateUrls=true');
    expect(dry.status, JSON.stringify(dry.body)).toBe(200);
    expect(dry.body.summary).toEqual({ lines: 2, created: 2, updated: 0, unchanged: 0, errors: 0 });
    expect((await api(b.url, 'GET', '/api/conversations?status=all', { token: tokenB })).body.items).toHaveLength(0);

    const imported = await importFile(b, tokenB, exported.text, '?allowPrivateUrls=true');
    expect(imported.body.summary, JSON.stringify(imported.body)).toEqual({ lines: 2, created: 2, updated: 0, unchanged: 0, errors: 0 });
    const again = await importFile(b, tokenB, exported.text, '?allowPrivateUrls=true');
    expect(again.body.summary).toEqual({ lines: 2, created: 0, updated: 0, unchanged: 2, errors: 0 });
    expect(again.body.lines.map((l: any) => l.conversationId).sort()).toEqual(imported.body.lines.map((l: any) => l.conversationId).sort());

    const reexported = (await exportFile(b, tokenB, 'format=jsonl&status=all')).text.trim().split('\n').map((l) => JSON.parse(l));
    expect(byExternalId(reexported)).toEqual(byExternalId(lines));
    const copied = reexported.find((l) => l.contact.name === 'Lena').messages[1].attachments[0];
    expect(copied.url.startsWith(b.url)).toBe(true);
    expect(await (await fetch(copied.url)).text()).toBe('receipt 42, total 10.00');
  });

  it('reports bad lines one by one and imports the good ones', async () => {
    const good = { externalId: 'ext-1', inbox: { name: 'Website', channel: 'web' }, createdAt: '2025-03-01T10:00:00Z', contact: { email: 'old@example.com', name: 'Old Tool' },
      messages: [{ externalId: 'm-1', direction: 'incoming', senderType: 'contact', body: 'from the old tool', createdAt: '2025-03-01T10:00:00Z' }] };
    const body = [JSON.stringify(good), '{not json', JSON.stringify({ ...good, externalId: 'ext-2', createdAt: 'yesterday' }),
      JSON.stringify({ ...good, externalId: 'ext-3', inbox: { name: 'Nowhere' } }), ''].join('\n');
    const r = await importFile(b, tokenB, body);
    expect(r.status).toBe(200);
    expect(r.body.lines.map((l: any) => [l.line, l.status])).toEqual([[1, 'created'], [2, 'error'], [3, 'error'], [4, 'error']]);
    expect(r.body.lines[2].errors[0].path).toBe('createdAt');
    expect(r.body.lines[3].errors[0].path).toBe('inbox');
    const list = await api(b.url, 'GET', '/api/conversations?status=all&q=old@example.com', { token: tokenB });
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0].externalId).toBe('ext-1');
    expect((await api(b.url, 'POST', '/api/conversations/import', { token: tokenB, body: good })).status).toBe(415);
    expect((await api(b.url, 'GET', '/api/conversations/export?format=xml', { token: tokenB })).status).toBe(400);
  });

  it('exports CSV with one row per conversation, filtered like the inbox list', async () => {
    const csv = (await exportFile(a, tokenA, 'format=csv&status=resolved')).text.trim().split('\r\n');
    expect(csv[0].split(',').slice(0, 5)).toEqual(['id', 'external_id', 'inbox', 'channel', 'status']);
    expect(csv).toHaveLength(2);
    expect(csv[1]).toContain('Lena');
    expect(csv[1]).toContain('resolved');
    expect(csv[1]).toContain('german');
  });
});
