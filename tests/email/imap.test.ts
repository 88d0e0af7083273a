import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../../server/db/client.js';
import { createDovecot, dovecotAvailable, type Dovecot } from '../support/dovecot.js';
import { eventually, type TestServer } from '../support/server.js';
import { SUPPORT, createEmailInbox, listConversations, listMessages, startMailServer } from './mail-kit.js';

function mail(subject: string, messageId?: string): string {
  return [`From: Kim <kim@customer.test>`, `To: ${SUPPORT}`, `Subject: ${subject}`, ...(messageId ? [`Message-ID: ${messageId}`] : []),
    `Date: ${new Date().toUTCString()}`, 'Content-Type: text/plain; charset=utf-8', '', `Body of ${subject}`, ''].join('\r\n');
}

async function storedBodies(server: TestServer, token: string, inboxId: string): Promise<string[]> {
  const bodies: string[] = [];
  for (const c of await listConversations(server, token, inboxId)) bodies.push(...(await listMessages(server, token, c.id)).map((m) => m.body));
  return bodies.sort();
}

// Against a real Dovecot on loopback: the server is stopped, mail arrives, the server comes back.
describe.runIf(dovecotAvailable())('IMAP polling', () => {
  let dovecot: Dovecot;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'sb-imap-'));

  beforeAll(async () => { dovecot = await createDovecot(); });
  afterAll(async () => {
    await dovecot?.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('imports mail that arrived while the service was down exactly once, and survives an IMAP restart', { timeout: 240_000 }, async () => {
    await dovecot.append(mail('one', '<one@customer.test>'));
    let env = await startMailServer({}, dataDir);
    const inbox = await createEmailInbox(env.server, env.token, {
      address: SUPPORT, imap: { host: '127.0.0.1', port: dovecot.port, secure: false, user: dovecot.user, password: dovecot.password, allowPrivate: true },
    });
    await eventually(async () => (await storedBodies(env.server, env.token, inbox.id)).length === 1, 30_000, 'first mail imported');
    await env.server.close({ keepData: true });

    // Down time: three mails arrive, one of them without a Message-ID.
    await dovecot.append(mail('two', '<two@customer.test>'));
    await dovecot.append(mail('three'));
    await dovecot.append(mail('four', '<four@customer.test>'));

    env = await startMailServer({}, dataDir);
    const expected = ['Body of four', 'Body of one', 'Body of three', 'Body of two'];
    await eventually(async () => (await storedBodies(env.server, env.token, inbox.id)).length >= 4, 30_000, 'catch-up');
    expect(await storedBodies(env.server, env.token, inbox.id)).toEqual(expected);
    const [cursor] = await env.server.app.ctx.db.select().from(schema.settings).where(like(schema.settings.key, `%email:imap:${inbox.id}`));
    expect(JSON.parse(cursor.value).lastUid).toBe(4);

    // The IMAP server restarts under a running poller: it reconnects and goes on.
    await dovecot.stop();
    await dovecot.start();
    await dovecot.append(mail('five', '<five@customer.test>'));
    await eventually(async () => (await storedBodies(env.server, env.token, inbox.id)).length >= 5, 30_000, 'mail after reconnect');
    expect(await storedBodies(env.server, env.token, inbox.id)).toEqual([...expected, 'Body of five'].sort());
    await env.server.close({ keepData: true });
  });
});
