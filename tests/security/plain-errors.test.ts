import { describe, expect, it } from 'vitest';
import { api, type ServerFixture, type TestServer, useServer } from '../support/server.js';

// What a person reads when a form is refused: each field named with plain words, never the validator's own
// wording ("Invalid input: expected string, received undefined", "Too small: expected string to have >=1").
const VALIDATOR_WORDING = /Invalid input|expected \w+, received|Too small|Too big|Invalid option|Unrecognized key|>=|<=/;

describe('validation errors in plain words', () => {
  let s: TestServer;
  let token: string;
  useServer((f: ServerFixture) => ({ s, token } = f));

  it('names each missing or wrong field of a half-filled e-mail inbox', async () => {
    const r = await api(s.url, 'POST', '/api/inboxes', {
      token, body: { name: 'Support mail', channel: 'email', config: { address: 'not-an-address', imap: { host: 'imap.example.com', port: 'nine' } } },
    });
    expect(r.status).toBe(400);
    expect(r.body.error.fields).toMatchObject({
      'config.address': 'a valid e-mail address',
      'config.imap.port': 'must be a number',
      'config.imap.user': 'required',
      'config.imap.password': 'required',
    });
    expect(r.body.error.message).toBe('Invalid email inbox configuration: config.address: a valid e-mail address; config.imap.port: must be a number; config.imap.user: required; config.imap.password: required');
    expect(JSON.stringify(r.body.error)).not.toMatch(VALIDATOR_WORDING);
  });

  it('says what a value may be: lengths, choices, unknown fields', async () => {
    const short = await api(s.url, 'POST', '/api/auth/password-reset/confirm', { body: { token: 'x', password: 'short' } });
    expect(short.status).toBe(400);
    expect(Object.values(short.body.error.fields ?? {}).join(' ')).toMatch(/at least 8 characters/);

    const choice = await api(s.url, 'GET', '/api/conversations?status=later', { token });
    expect(choice.status).toBe(400);
    expect(choice.body.error.fields.status).toBe('one of: open, pending, snoozed, resolved, all');
    for (const body of [short.body, choice.body]) expect(JSON.stringify(body.error)).not.toMatch(VALIDATOR_WORDING);
  });
});
