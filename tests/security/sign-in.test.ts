// Password reset by e-mail (no account enumeration, hashed single-use short-lived token, sessions and their
// sockets ended, audited) and the per-address cap on failed sign-ins across accounts.
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSink } from '../email/mail-kit.js';
import { ADMIN, api, connectSocket, createAgent, loginAdmin, nextEvent, startServer, type TestServer } from '../support/server.js';

describe('password reset and the sign-in caps', () => {
  let s: TestServer;
  let sink: Awaited<ReturnType<typeof startSink>>;
  let admin: string;

  beforeAll(async () => {
    sink = await startSink();
    // TRUST_PROXY=loopback: the tests speak for other client addresses through X-Forwarded-For.
    s = await startServer({ SMTP_URL: sink.url, TRUST_PROXY: 'loopback', RATE_LIMIT_LOGIN: '4', RATE_LIMIT_LOGIN_ADDRESS: '6' });
    admin = await loginAdmin(s.url);
  });
  afterAll(async () => {
    await s?.close();
    await sink?.stop();
  });

  const from = (address: string) => ({ 'x-forwarded-for': address });
  const linkIn = (text: string) => new URL(text.match(/https?:\/\/\S+\/reset\?token=\S+/)![0]);

  it('mails a single-use link, sets the password, ends the old sessions and their sockets', async () => {
    const agent = await createAgent(s, 'Forgetful@example.com', []);
    const socket = await connectSocket(s.url, '/agent', agent.token);
    const ended = nextEvent(socket, 'session.ended');

    // Known and unknown addresses get the same answer; only the known one gets a mail.
    const unknown = await api(s.url, 'POST', '/api/auth/password-reset', { body: { email: 'nobody@example.com' }, headers: from('198.51.100.1') });
    const known = await api(s.url, 'POST', '/api/auth/password-reset', { body: { email: 'forgetful@EXAMPLE.com' }, headers: from('198.51.100.1') });
    expect([unknown.status, unknown.body, known.status, known.body]).toEqual([202, { ok: true }, 202, { ok: true }]);
    const mail = (await sink.next((m) => m.subject === 'Reset your Switchboard password')).parsed;
    expect(sink.mails.map((m) => m.rcptTo)).toEqual([['Forgetful@example.com']]);
    const link = linkIn(mail.text!);
    expect(link.origin + link.pathname).toBe(`${s.url}/reset`);
    const token = link.searchParams.get('token')!;
    expect(token.length).toBeGreaterThanOrEqual(40);

    // Only the hash is stored, with a 30-minute life.
    const { rows } = (await s.app.ctx.db.execute(sql`select token_hash, expires_at, created_at, used_at from password_resets`)) as any;
    expect(rows).toHaveLength(1);
    expect(rows[0].token_hash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(new Date(rows[0].expires_at).getTime() - new Date(rows[0].created_at).getTime()).toBe(30 * 60_000);
    expect(rows[0].used_at).toBeNull();
    // The request is an event in the log (its mail is that event's consumer's effect); the token is in neither.
    const logged = ((await s.app.ctx.db.execute(sql`select payload from events where type = 'agent.password_reset_requested'`)) as any).rows;
    expect(logged.map((r: any) => r.payload.reset.email)).toEqual(['Forgetful@example.com']);
    expect(JSON.stringify(logged)).not.toContain(token);

    const weak = await api(s.url, 'POST', '/api/auth/password-reset/confirm', { body: { token, password: 'short' } });
    expect(weak.status).toBe(400);
    expect(weak.body.error.fields.password).toMatch(/8 characters/);
    expect((await api(s.url, 'POST', '/api/auth/password-reset/confirm', { body: { token, password: 'brand-new-password' } })).status).toBe(204);
    expect((await ended).reason).toMatch(/sign in again/);
    expect((await api(s.url, 'GET', '/api/auth/me', { token: agent.token })).status).toBe(401);

    // Used once: the same link is refused, and the old password no longer works.
    const again = await api(s.url, 'POST', '/api/auth/password-reset/confirm', { body: { token, password: 'another-password-2' } });
    expect(again.status).toBe(400);
    expect(again.body.error.message).toMatch(/invalid, used or expired/);
    expect((await api(s.url, 'POST', '/api/auth/login', { body: { email: 'forgetful@example.com', password: 'agent-password-1' } })).status).toBe(401);
    const signedIn = await api(s.url, 'POST', '/api/auth/login', { body: { email: 'forgetful@example.com', password: 'brand-new-password' } });
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.agent.id).toBe(agent.id);

    const audit = await api(s.url, 'GET', '/api/audit?action=agent.password_reset', { token: admin });
    expect(audit.body.items.map((e: any) => [e.action, e.actorId, e.targetId])).toEqual([['agent.password_reset', agent.id, agent.id]]);
    socket.close();
  });

  it('an expired link is refused and leaves the password alone', async () => {
    await createAgent(s, 'late@example.com', []);
    expect((await api(s.url, 'POST', '/api/auth/password-reset', { body: { email: 'late@example.com' }, headers: from('198.51.100.2') })).status).toBe(202);
    const mail = (await sink.next((m) => JSON.stringify(m.to).includes('late@example.com'))).parsed;
    const token = linkIn(mail.text!).searchParams.get('token')!;
    await s.app.ctx.db.execute(sql`update password_resets set expires_at = now() - interval '1 second' where token_hash = ${createHash('sha256').update(token).digest('hex')}`);
    expect((await api(s.url, 'POST', '/api/auth/password-reset/confirm', { body: { token, password: 'too-late-password' } })).status).toBe(400);
    expect((await api(s.url, 'POST', '/api/auth/login', { body: { email: 'late@example.com', password: 'agent-password-1' } })).status).toBe(200);
  });

  it('reset requests are limited per address, with the wait in minutes', async () => {
    const statuses: number[] = [];
    let last: Awaited<ReturnType<typeof api>> | undefined;
    for (let i = 0; i < 5; i++) {
      last = await api(s.url, 'POST', '/api/auth/password-reset', { body: { email: `spray-${i}@example.com` }, headers: from('198.51.100.3') });
      statuses.push(last.status);
    }
    expect(statuses).toEqual([202, 202, 202, 202, 429]);
    expect(last!.body.error.message).toBe('Too many password reset requests; try again in 15 minutes');
  });

  it('failed sign-ins from one address are capped across accounts; other addresses are not affected', async () => {
    const attacker = from('203.0.113.9');
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await api(s.url, 'POST', '/api/auth/login', { body: { email: `victim-${i}@example.com`, password: 'guess' }, headers: attacker })).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 401]);
    // The seventh, even with the right password of a real account, is refused, saying for how long.
    const locked = await api(s.url, 'POST', '/api/auth/login', { body: ADMIN, headers: attacker });
    expect(locked.status).toBe(429);
    expect(locked.body.error.message).toBe('Too many failed sign-ins from this address; try again in 15 minutes');
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(14 * 60);
    // Guessing reset tokens spends the same counter.
    expect((await api(s.url, 'POST', '/api/auth/password-reset/confirm', { body: { token: 'guess', password: 'whatever-password' }, headers: attacker })).status).toBe(429);
    // Another address signs in as usual.
    expect((await api(s.url, 'POST', '/api/auth/login', { body: ADMIN, headers: from('203.0.113.10') })).status).toBe(200);
  });
});
