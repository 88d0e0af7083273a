// `switchboard export` / `import` speak the API's conversation format: a CLI export of one data directory, imported
// by the CLI into a fresh one, gives the same API export (messages, notes, attachment bytes); a file exported
// through the API imports through the CLI; a dry run stores nothing; bad lines are reported by line number.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, loginAdmin, newVisitor, startServer, websiteInbox, type TestServer } from '../support/server.js';
import { attachmentBytes, byExternalId, exportFile, parseLines } from '../support/transfer.js';
import { cli, ensureServerBuilt } from './cli-kit.js';

// Each test runs the CLI as a process several times, and each run opens the embedded database.
const CLI_TIMEOUT = 600_000;
const temp: string[] = [];
const freshDir = (name: string) => { const d = mkdtempSync(path.join(tmpdir(), `sb-cli-${name}-`)); temp.push(d); return d; };

/** Runs `fn` against a server on `dir`, then stops it (a PGlite directory has one user at a time: the CLI next). */
async function withServer<T>(dir: string, fn: (s: TestServer, token: string) => Promise<T>): Promise<T> {
  const s = await startServer({}, dir);
  try {
    return await fn(s, await loginAdmin(s.url));
  } finally {
    await s.close({ keepData: true });
  }
}

/** Conversations through the API: messages, an attachment, an agent reply, a note, labels, a resolved one. */
async function fill(s: TestServer, token: string) {
  const web = await websiteInbox(s.url, token);
  const v = await newVisitor(s.url, web.widgetKey, { name: 'Rita Export', email: 'rita@example.com' });
  const first = await api(s.url, 'POST', '/api/widget/messages', { token: v.visitorToken, body: { body: 'Please cancel my order 1042', clientId: 'r1' } });
  const form = new FormData();
  form.append('clientId', 'r2');
  form.append('body', 'the invoice');
  form.append('file', new Blob([Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0xff, 0x10, 0x80])], { type: 'application/pdf' }), 'invoice.pdf');
  const up = await fetch(`${s.url}/api/widget/attachments`, { method: 'POST', headers: { authorization: `Bearer ${v.visitorToken}` }, body: form });
  expect(up.status, await up.text()).toBe(200);
  const conv = first.body.conversationId;
  await api(s.url, 'POST', `/api/conversations/${conv}/messages`, { token, body: { body: 'Cancelled, refund on its way' } });
  await api(s.url, 'POST', `/api/conversations/${conv}/messages`, { token, body: { body: 'Refund approved by finance', private: true } });
  await api(s.url, 'PATCH', `/api/conversations/${conv}`, { token, body: { status: 'resolved', labels: ['billing'], priority: 'high' } });
  const other = await newVisitor(s.url, web.widgetKey, { name: 'สมชาย' });
  await api(s.url, 'POST', '/api/widget/messages', { token: other.visitorToken, body: { body: 'สวัสดีครับ', clientId: 's1' } });
  await s.app.ctx.bus.drain();
}

/** The API's JSON Lines export of every conversation, and the bytes of every attachment it links to. */
async function apiExport(s: TestServer, token: string) {
  const lines = parseLines((await exportFile(s, token, 'format=jsonl&status=all')).text);
  return { lines, bytes: await attachmentBytes(lines) };
}

describe('CLI export and import in the API format', () => {
  let source: string;
  let before: Awaited<ReturnType<typeof apiExport>>;
  let file: string;

  beforeAll(async () => {
    await ensureServerBuilt();
    source = freshDir('source');
    before = await withServer(source, async (s, token) => { await fill(s, token); return apiExport(s, token); });
    file = path.join(freshDir('files'), 'conversations.jsonl');
  }, 600_000);
  afterAll(() => { for (const d of temp) rmSync(d, { recursive: true, force: true }); });

  it('CLI export, CLI import into a fresh data directory: both API exports are the same, bytes included', async () => {
    expect(before.lines).toHaveLength(2);
    expect(before.bytes).toHaveLength(1);
    const exported = await cli(['export', '--out', file], { DATA_DIR: source });
    expect(exported.stderr).toContain('Exported 2 conversation(s)');
    expect(exported.code).toBe(0);
    const lines = parseLines(readFileSync(file, 'utf8'));
    // The CLI's file is the API's format, links aside: its attachments travel inline.
    expect(byExternalId(lines)).toEqual(byExternalId(before.lines));
    expect(await attachmentBytes(lines)).toEqual(before.bytes);
    expect(lines.flatMap((l) => l.messages.flatMap((m: any) => m.attachments.map((a: any) => a.url.slice(0, 28))))).toEqual(['data:application/pdf;base64,']);

    const target = freshDir('target');
    await withServer(target, async () => {}); // a first start: the Website inbox and the admin, as on any new installation
    const dry = await cli(['import', '--in', file, '--dry-run'], { DATA_DIR: target });
    expect(dry.stdout).toContain('Dry run, nothing stored: 2 line(s): 2 created, 0 updated, 0 unchanged, 0 with errors.');
    expect(dry.code).toBe(0);
    const afterDry = await cli(['export'], { DATA_DIR: target });
    expect(afterDry.stdout).toBe('');
    expect(afterDry.stderr).toContain('Exported 0 conversation(s)');

    const imported = await cli(['import', '--in', file], { DATA_DIR: target });
    expect(imported.stdout).toMatch(/^line 1: created \S+ → \S+ \(\d+ new, 0 already there\)$/m);
    expect(imported.stdout).toContain('2 line(s): 2 created, 0 updated, 0 unchanged, 0 with errors.');
    const again = await cli(['import', '--in', file], { DATA_DIR: target });
    expect(again.stdout).toContain('2 line(s): 0 created, 0 updated, 2 unchanged, 0 with errors.');

    const after = await withServer(target, apiExport);
    expect(byExternalId(after.lines)).toEqual(byExternalId(before.lines));
    expect(after.bytes).toEqual(before.bytes);
  }, CLI_TIMEOUT);

  it('imports a file exported through the API (attachments fetched from its links), filters by flags', async () => {
    const target = freshDir('from-api');
    await withServer(target, async () => {});
    const apiFile = path.join(freshDir('api-file'), 'api.jsonl');
    // The source runs while the CLI imports: the file's attachment links point at it.
    await withServer(source, async (s, token) => {
      writeFileSync(apiFile, (await exportFile(s, token, 'format=jsonl&status=all')).text);
      const refused = await cli(['import', '--in', apiFile], { DATA_DIR: target });
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/^line \d+: error \(\S+\): attachment http:\/\/127\.0\.0\.1:\d+\/attachments\/.*not a public address \(127\.0\.0\.1 is a loopback address\)/m);
      // The line without attachments landed; the one whose link was refused did not, and lands now.
      expect(refused.stdout).toContain('2 line(s): 1 created, 0 updated, 0 unchanged, 1 with errors.');
      const imported = await cli(['import', '--in', apiFile, '--allow-private-urls'], { DATA_DIR: target });
      expect(imported.stdout).toContain('2 line(s): 1 created, 0 updated, 1 unchanged, 0 with errors.');
      expect(imported.code).toBe(0);
    });
    const after = await withServer(target, apiExport);
    expect(byExternalId(after.lines)).toEqual(byExternalId(before.lines));
    expect(after.bytes).toEqual(before.bytes);

    const resolved = await cli(['export', '--status', 'resolved', '--label', 'billing'], { DATA_DIR: target });
    expect(parseLines(resolved.stdout).map((l) => l.contact.name)).toEqual(['Rita Export']);
    const csv = await cli(['export', '--format', 'csv', '--status', 'open'], { DATA_DIR: target });
    expect(csv.stdout.trim().split('\r\n').map((row) => row.split(',')[7])).toEqual(['contact_name', 'สมชาย']);
  }, CLI_TIMEOUT);

  it('reports bad lines by number, imports the good ones, and refuses bad flags', async () => {
    // Its own ids and address on every attempt: the source directory keeps what an earlier attempt imported.
    const id = `old-${randomUUID()}`;
    const good = { externalId: id, inbox: { name: 'Website', channel: 'web' }, createdAt: '2025-03-01T10:00:00Z', contact: { email: `${id}@example.com` },
      messages: [{ externalId: `${id}-m1`, direction: 'incoming', senderType: 'contact', body: 'from the old tool', createdAt: '2025-03-01T10:00:00Z' }] };
    const bad = path.join(freshDir('bad'), 'bad.jsonl');
    writeFileSync(bad, [JSON.stringify(good), '{"version":1}', 'not json', '', JSON.stringify({ ...good, externalId: `${id}-2`, inbox: { name: 'Nowhere' } })].join('\n'));
    const r = await cli(['import', '--in', bad], { DATA_DIR: source });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(new RegExp(`^line 1: created ${id} → \\S+ \\(1 new, 0 already there\\)$`, 'm'));
    expect(r.stderr).toMatch(/^line 2: error: externalId: .*$/m);
    expect(r.stderr).toMatch(/^line 3: error: not JSON: .*$/m);
    expect(r.stderr).toMatch(new RegExp(`^line 5: error \\(${id}-2\\): inbox: no inbox here matches`, 'm'));
    expect(r.stdout).toContain('4 line(s): 1 created, 0 updated, 0 unchanged, 3 with errors.');
    expect(parseLines((await cli(['export', '--q', `${id}@example.com`], { DATA_DIR: source })).stdout).map((l) => l.externalId)).toEqual([id]);

    for (const [args, message] of [
      [['export', '--status', 'closed'], '--status: one of: open, pending, snoozed, resolved, all'],
      [['export', '--assignee', 'me'], '--assignee: "me" needs a signed-in agent'],
      [['import', '--in', bad, '--inbox', 'website'], '--inbox: an id (a UUID)'],
      [['import', '--in', '/nowhere.jsonl'], 'No such file: /nowhere.jsonl'],
    ] as const) {
      const refused = await cli([...args], { DATA_DIR: source });
      expect(refused.stderr, args.join(' ')).toContain(message);
      expect(refused.code).toBe(2);
    }
  }, CLI_TIMEOUT);
});
