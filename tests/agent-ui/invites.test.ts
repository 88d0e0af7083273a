// Invitations: one pending invitation per address (a second is refused with 409, as Chatwoot refuses an e-mail
// it already has), none left pending once the person joined, and without SMTP the answer says nothing was mailed.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentInvites } from '../../server/agents/schema.js';
import { api, createAgent, loginAdmin, startServer, type TestServer } from '../support/server.js';

describe('invitations', () => {
  let server: TestServer;
  let url: string;
  let admin: string;
  const invite = (email: string) => api(url, 'POST', '/api/invites', { token: admin, body: { email, role: 'agent', inboxIds: [] } });
  const pending = async () => (await api(url, 'GET', '/api/invites', { token: admin })).body as { id: string; email: string; url: string }[];
  const accept = (link: string, name: string) =>
    api(url, 'POST', `/api/invites/accept/${new URL(link).pathname.split('/').pop()}`, { body: { name, password: 'long-enough-1' } });

  beforeAll(async () => {
    server = await startServer();
    url = server.url;
    admin = await loginAdmin(url);
  });
  afterAll(async () => server?.close());

  it('without SMTP the answer says no e-mail was sent and carries the link to copy', async () => {
    const r = await invite('nomail@example.com');
    expect(r.status).toBe(201);
    expect(r.body.emailed).toBe(false);
    expect(r.body.url).toMatch(/\/invite\/[\w-]+$/);
    expect((await pending()).find((i) => i.email === 'nomail@example.com')?.url).toBe(r.body.url);
  });

  it('refuses a second invitation to an address with one pending, whatever its spelling', async () => {
    const first = await invite('twice@example.com');
    expect(first.status).toBe(201);
    const again = await invite('Twice@Example.COM');
    expect(again.status).toBe(409);
    expect(again.body.error.message).toMatch(/^twice@example\.com already has a pending invitation \(expires \d{4}-\d\d-\d\d\)\. Copy its link from Pending invitations, or revoke it to invite again\.$/);
    expect((await pending()).filter((i) => i.email === 'twice@example.com')).toHaveLength(1);

    // Two admins at once: still one.
    const racing = await Promise.all([invite('race@example.com'), invite('race@example.com')]);
    expect(racing.map((r) => r.status).sort()).toEqual([201, 409]);

    // Revoked, the address may be invited again.
    expect((await api(url, 'DELETE', `/api/invites/${first.body.id}`, { token: admin })).status).toBe(204);
    expect((await invite('twice@example.com')).status).toBe(201);
  });

  it('an expired invitation does not block a new one, and neither stays pending once the person joined', async () => {
    const old = await invite('late@example.com');
    await server.app.ctx.db.update(agentInvites).set({ expiresAt: new Date(Date.now() - 60_000) }).where(eq(agentInvites.id, old.body.id));
    const fresh = await invite('late@example.com');
    expect(fresh.status).toBe(201);
    expect((await pending()).filter((i) => i.email === 'late@example.com').map((i) => i.id).sort()).toEqual([old.body.id, fresh.body.id].sort());

    expect((await accept(fresh.body.url, 'Late Joiner')).status).toBe(201);
    expect((await pending()).filter((i) => i.email === 'late@example.com')).toEqual([]);
    const [row] = await server.app.ctx.db.select().from(agentInvites).where(eq(agentInvites.id, old.body.id));
    expect(row.acceptedAt).not.toBeNull();
    // Joined: a new invitation is refused as for any agent.
    expect((await invite('late@example.com')).status).toBe(409);
  });

  it('an address that became an agent another way is no longer pending', async () => {
    expect((await invite('elsewhere@example.com')).status).toBe(201);
    await createAgent(server, 'elsewhere@example.com', []);
    expect((await pending()).map((i) => i.email)).not.toContain('elsewhere@example.com');
  });
});
