// The agent's own profile over the API: name and language, avatar upload with image checks, and a password
// change that asks for the current password and ends every other session.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, connectSocket, createAgent, startServer, type TestServer } from '../support/server.js';
import { PNG_1X1 } from './images.js';

let server: TestServer;
beforeAll(async () => { server = await startServer(); });
afterAll(async () => { await server?.close(); });

const unique = () => Math.random().toString(36).slice(2, 8);

async function upload(token: string, data: Buffer, type: string, name = 'me.png') {
  const form = new FormData();
  form.append('avatar', new Blob([new Uint8Array(data)], { type }), name);
  const res = await fetch(`${server.url}/api/agents/me/avatar`, { method: 'PUT', headers: { authorization: `Bearer ${token}` }, body: form });
  return { status: res.status, body: await res.json() as any };
}

async function signInAs(email: string, password: string) {
  return api(server.url, 'POST', '/api/auth/login', { body: { email, password } });
}

describe('profile', () => {
  it('changes name and language and keeps every other field as stored', async () => {
    const email = `profile-${unique()}@example.com`;
    const a = await createAgent(server, email, []);
    await api(server.url, 'PATCH', '/api/agents/me', { token: a.token, body: { availability: 'away' } });
    const r = await api(server.url, 'PATCH', '/api/agents/me', { token: a.token, body: { name: '  Nok Siriporn ', locale: 'th' } });
    expect(r.status).toBe(200);
    const me = (await api(server.url, 'GET', '/api/auth/me', { token: a.token })).body.agent;
    expect(me).toEqual({ id: a.id, name: 'Nok Siriporn', email, role: 'agent', avatarUrl: null, locale: 'th', availability: 'away' });
    expect((await api(server.url, 'PATCH', '/api/agents/me', { token: a.token, body: { locale: 'xx' } })).status).toBe(400);
    expect((await api(server.url, 'PATCH', '/api/agents/me', { token: a.token, body: { name: '   ' } })).status).toBe(400);
    expect((await api(server.url, 'GET', '/api/agents/me', { token: a.token })).body).toEqual(me);
  });

  it('stores an avatar image in the attachment store and refuses what is not one', async () => {
    const a = await createAgent(server, `avatar-${unique()}@example.com`, []);
    const html = await upload(a.token, Buffer.from('<script>alert(1)</script>'), 'text/html', 'x.html');
    expect(html.status).toBe(400);
    expect(html.body.error.fields).toHaveProperty('avatar');
    // Declared as PNG, but the bytes are not.
    const disguised = await upload(a.token, Buffer.from('<svg onload="alert(1)"></svg>'), 'image/png');
    expect(disguised.status).toBe(400);
    const huge = await upload(a.token, Buffer.concat([PNG_1X1, Buffer.alloc(2 * 1024 * 1024)]), 'image/png');
    expect(huge.status).toBe(413);
    expect((await api(server.url, 'GET', '/api/agents/me', { token: a.token })).body.avatarUrl).toBeNull();

    const ok = await upload(a.token, PNG_1X1, 'image/png');
    expect(ok.status).toBe(200);
    expect(ok.body.avatarUrl).toMatch(/^\/attachments\//);
    const file = await fetch(server.url + ok.body.avatarUrl);
    expect(file.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await file.arrayBuffer()).equals(PNG_1X1)).toBe(true);
    const listed = (await api(server.url, 'GET', '/api/agents', { token: a.token })).body.find((x: any) => x.id === a.id);
    expect(listed.avatarUrl).toBe(ok.body.avatarUrl);
  });

  it('changes the password only with the current one and ends the other sessions', async () => {
    const email = `password-${unique()}@example.com`;
    await createAgent(server, email, []);
    const first = (await signInAs(email, 'agent-password-1')).body.token as string;
    const second = (await signInAs(email, 'agent-password-1')).body.token as string;
    const otherSocket = await connectSocket(server.url, '/agent', second);
    try {
      const wrong = await api(server.url, 'POST', '/api/agents/me/password', { token: first, body: { currentPassword: 'not-it', newPassword: 'brand-new-pass-9' } });
      expect(wrong.status).toBe(400);
      expect(wrong.body.error).toMatchObject({ code: 'bad_request', message: 'The current password is wrong', fields: { currentPassword: 'wrong' } });
      const short = await api(server.url, 'POST', '/api/agents/me/password', { token: first, body: { currentPassword: 'agent-password-1', newPassword: 'short' } });
      expect(short.status).toBe(400);
      expect(short.body.error.fields).toHaveProperty('newPassword');
      // Nothing changed so far: both sessions still work.
      expect((await api(server.url, 'GET', '/api/auth/me', { token: second })).status).toBe(200);

      const closed = new Promise((resolve) => otherSocket.once('disconnect', resolve));
      const changed = await api(server.url, 'POST', '/api/agents/me/password', { token: first, body: { currentPassword: 'agent-password-1', newPassword: 'brand-new-pass-9' } });
      expect(changed.status).toBe(204);
      expect((await api(server.url, 'GET', '/api/auth/me', { token: first })).status).toBe(200);
      expect((await api(server.url, 'GET', '/api/auth/me', { token: second })).status).toBe(401);
      await closed;
      expect((await signInAs(email, 'agent-password-1')).status).toBe(401);
      expect((await signInAs(email, 'brand-new-pass-9')).status).toBe(200);
    } finally {
      otherSocket.close();
    }
  });
});
