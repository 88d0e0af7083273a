import { rmSync } from 'node:fs';
import { afterAll, expect, test } from 'vitest';
import { api, loginAdmin, startServer, websiteInbox, type TestServer } from '../support/server.js';
import { enableBot, visitor } from './harness.js';

let server: TestServer | null = null;
let dataDir = '';

afterAll(async () => {
  await server?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

test('a conversation mid-flow continues where it was after a server restart', { timeout: 180_000 }, async () => {
  server = await startServer();
  dataDir = server.dataDir;
  const admin = await loginAdmin(server.url);
  const inbox = await websiteInbox(server.url, admin);
  await enableBot(server, admin, inbox.id, { leadCapture: { enabled: true, fields: ['name', 'email'] } });
  const before = await visitor(server, inbox.widgetKey);
  const asked = await before.say('hello');
  expect(asked.map((m) => m.content?.fields?.[0]?.name ?? null)).toEqual([null, 'name']);

  await server.close({ keepData: true });
  server = await startServer({}, dataDir);

  // Same visitor, new process: the session (flow step) comes back from PostgreSQL, so no second greeting.
  const after = await visitor(server, inbox.widgetKey, before.visitorToken);
  const next = await after.say('Ana');
  expect(next).toHaveLength(1);
  expect(next[0].content?.fields?.[0]?.name).toBe('email');
  const contact = await api(server.url, 'GET', `/api/contacts/${before.contactId}`, { token: await loginAdmin(server.url) });
  expect(contact.body.name).toBe('Ana');
});
