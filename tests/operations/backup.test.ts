import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { serviceAvailable } from '../support/requirements.js';
import { api, createServerDatabase, loginAdmin, newVisitor, startServer, websiteInbox, type TestServer } from '../support/server.js';

/** Conversations with their messages as the API shows them, sorted so two databases compare equal. */
async function everyConversation(server: TestServer) {
  const token = await loginAdmin(server.url);
  const out = [];
  const items = [];
  for (const status of ['open', 'pending', 'snoozed', 'resolved']) items.push(...(await api(server.url, 'GET', `/api/conversations?status=${status}&limit=100`, { token })).body.items);
  for (const c of items) {
    const messages = await api(server.url, 'GET', `/api/conversations/${c.id}/messages`, { token });
    out.push({ id: c.id, status: c.status, labels: c.labels, contactId: c.contactId, messages: messages.body.items.map((m: any) => ({ id: m.id, body: m.body, private: m.private, createdAt: m.createdAt })) });
  }
  return out.sort((a, b) => a.id.localeCompare(b.id));
}

/** A few real conversations through the API: visitor messages, an agent reply, a note, a resolved one. */
async function fill(server: TestServer) {
  const token = await loginAdmin(server.url);
  const web = await websiteInbox(server.url, token);
  for (const [i, name] of ['Backup Ana', 'Backup Bo', 'Backup สมชาย'].entries()) {
    const visitor = await newVisitor(server.url, web.widgetKey, { name });
    const sent = await api(server.url, 'POST', '/api/widget/messages', { token: visitor.visitorToken, body: { body: `question ${i} from ${name}`, clientId: `backup-${i}` } });
    await api(server.url, 'POST', `/api/conversations/${sent.body.conversationId}/messages`, { token, body: { body: `answer ${i}` } });
    if (i === 1) await api(server.url, 'POST', `/api/conversations/${sent.body.conversationId}/messages`, { token, body: { body: 'note', private: true } });
    if (i === 2) await api(server.url, 'PATCH', `/api/conversations/${sent.body.conversationId}`, { token, body: { status: 'resolved', labels: ['vip'] } });
  }
  await server.app.ctx.bus.drain();
}

describe('backups as the README documents them', () => {
  it('PGlite: an archive of DATA_DIR, restored into a fresh directory, has every conversation', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'sb-backup-src-'));
    const restored = mkdtempSync(path.join(tmpdir(), 'sb-backup-dst-'));
    const archive = path.join(tmpdir(), `sb-backup-${Date.now()}.tar.gz`);
    try {
      const source = await startServer({}, dataDir);
      await fill(source);
      const before = await everyConversation(source);
      await source.close({ keepData: true }); // the server is stopped for the copy: PGlite's files are then consistent
      execFileSync('tar', ['-czf', archive, '-C', dataDir, '.']);
      execFileSync('tar', ['-xzf', archive, '-C', restored]);
      const back = await startServer({}, restored);
      try {
        expect(before).toHaveLength(3);
        expect(await everyConversation(back)).toEqual(before);
      } finally {
        await back.close({ keepData: true });
      }
    } finally {
      for (const p of [dataDir, restored, archive]) rmSync(p, { recursive: true, force: true });
    }
  });

  it.runIf(serviceAvailable('TEST_DATABASE_URL', 'pg_dump / pg_restore of a PostgreSQL deployment'))('PostgreSQL: pg_dump restored with pg_restore into an empty database has every conversation', async () => {
    const [from, to] = [(await createServerDatabase())!, (await createServerDatabase())!];
    const dump = path.join(tmpdir(), `sb-backup-${Date.now()}.dump`);
    try {
      const source = await startServer({ DATABASE_URL: from.url });
      await fill(source);
      const before = await everyConversation(source);
      // pg_dump takes a consistent snapshot while the server keeps running.
      execFileSync('pg_dump', ['--format=custom', `--file=${dump}`, from.url]);
      await source.close();
      execFileSync('pg_restore', ['--no-owner', `--dbname=${to.url}`, dump]);
      const back = await startServer({ DATABASE_URL: to.url });
      try {
        expect(before).toHaveLength(3);
        expect(await everyConversation(back)).toEqual(before);
      } finally {
        await back.close();
      }
    } finally {
      rmSync(dump, { force: true });
      await from.drop();
      await to.drop();
    }
  });
});
