import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { api, eventually } from '../support/server.js';
import { startSmsWorld, type SmsWorld } from '../sms/setup.js';
import { enableBot } from './harness.js';

const fixtures = JSON.parse(readFileSync(new URL('./fixtures/kb.json', import.meta.url), 'utf8')) as { title: string; body: string }[];

let world: SmsWorld;

beforeAll(async () => {
  world = await startSmsWorld();
  const imported = await api(world.server.url, 'POST', '/api/kb/import', { token: world.admin, body: { articles: fixtures } });
  expect(imported.status).toBe(201);
});

afterAll(async () => {
  await world?.close();
});

test('over SMS, options degrade to numbered text and a number reply picks one', async () => {
  // The SMS inbox's own config schema is strict; the bot settings must still be kept.
  const saved = await enableBot(world.server, world.admin, world.inboxId, { handoff: { button: false } });
  expect(saved.settings.handoff.button).toBe(false);
  const from = '+14155550123';
  const first = await world.inbound(from, 'What does a plan cost?');
  expect(first.status).toBe(200);
  const menu = await eventually(async () => world.standIn.sent.find((m) => m.To === from && m.Body.includes('1. ')), 30_000, 'numbered options sent');
  const lines = menu.Body.split('\n');
  expect(lines).toEqual(expect.arrayContaining(['Reply with a number:', '3. None of these']));
  const second = /^2\. (.+)$/.exec(lines.find((l) => l.startsWith('2. '))!)![1];
  await world.inbound(from, '2');
  const answer = fixtures.find((a) => a.title === second)!.body;
  await eventually(async () => world.standIn.sent.some((m) => m.To === from && m.Body === answer), 30_000, 'chosen article sent');
  // "Did this help?" is numbered too, and "1" means yes.
  await eventually(async () => world.standIn.sent.some((m) => m.To === from && m.Body.includes('Did this help?\nReply with a number:\n1. Yes\n2. No')), 30_000, 'feedback question');
});
