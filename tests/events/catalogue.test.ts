import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { WEBHOOK_EVENTS } from '../../server/automation/webhooks.js';
import { ACCOUNT_ONLY_EVENTS, EVENT_NAMES } from '../../server/events/catalogue.js';
import { api, type ServerFixture, type TestServer, useServer } from '../support/server.js';

// One event catalogue: every name the log carries is declared once, with its payload, in server/events/catalogue.ts;
// the constants, the webhook list and the API's validation of subscriptions all come from it.
describe('the event catalogue', () => {
  let s: TestServer;
  let token: string;
  useServer((f: ServerFixture) => ({ s, token } = f));

  it('names every payload once, and the constants list exactly those names', () => {
    const source = readFileSync(new URL('../../server/events/catalogue.ts', import.meta.url), 'utf8');
    const block = source.slice(source.indexOf('export interface EventPayloads'), source.indexOf('export type EventName'));
    const declared = [...block.matchAll(/^\s*'([a-z_.]+)':/gm)].map((m) => m[1]);
    expect(declared.length).toBeGreaterThan(10);
    expect(new Set(declared).size).toBe(declared.length);
    expect([...EVENT_NAMES].sort()).toEqual([...declared].sort());
    for (const name of ['conversation.resolved', 'sla.breached', 'csat.received']) expect(EVENT_NAMES).toContain(name);
  });

  it('offers webhook subscribers the catalogue minus account-only events, and refuses a name outside it', async () => {
    expect([...WEBHOOK_EVENTS].sort()).toEqual([...EVENT_NAMES.filter((e) => !ACCOUNT_ONLY_EVENTS.includes(e)), 'automation.rule'].sort());
    expect(WEBHOOK_EVENTS).not.toContain('agent.password_reset_requested');
    const refused = await api(s.url, 'POST', '/api/webhooks', { token, body: { url: 'https://hooks.example.com/in', events: ['conversation.exploded'] } });
    expect(refused.status).toBe(400);
    const secret = await api(s.url, 'POST', '/api/webhooks', { token, body: { url: 'https://hooks.example.com/in', events: ['agent.password_reset_requested'] } });
    expect(secret.status).toBe(400);
  });
});
