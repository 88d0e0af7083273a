import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { api, newVisitor } from '../support/server.js';
import { databaseDrivers, serverOn } from '../support/databases.js';

// Many new visitors at once (a campaign's landing page): their sessions share transactions, and each is exactly
// the visitor it says, on the embedded database and on a PostgreSQL server.
const drivers = databaseDrivers();

describe.each(drivers)('a burst of new widget sessions on $name', (driver) => {
  const server = serverOn(driver);
  const rows = async (q: string, params: unknown[] = []) => ((await server.s.app.ctx.database.raw.query(q, params)) as { rows: any[] }).rows;

  it('every visitor gets its own contact, identity and contact.created event, and its token works', async () => {
    const people = Array.from({ length: 40 }, (_, i) => ({ name: `Burst ${i} สมชาย`, email: `Burst.${i}@Example.com` }));
    // The burst meets a busy database: a transaction holds the contacts table while the visitors arrive, so the
    // first sessions wait and the rest gather behind them, as on a loaded node (on an idle one each request can
    // finish before the next is read, and then there is nothing to share).
    let locked!: () => void;
    const isLocked = new Promise<void>((r) => { locked = r; });
    const held = server.s.app.ctx.db.transaction(async (tx) => {
      await tx.execute(sql`lock table contacts in exclusive mode`);
      locked();
      await new Promise((r) => setTimeout(r, 300));
    });
    await isLocked;
    const burst = Promise.all(people.map((p) => newVisitor(server.s.url, server.inbox.widgetKey, p)));
    await held;
    const sessions = await burst;
    expect(new Set(sessions.map((v) => v.contactId)).size).toBe(40);
    expect(new Set(sessions.map((v) => v.visitorToken)).size).toBe(40);

    const contacts = await rows(`select id, name, email, created_at from contacts where id = any($1::uuid[])`, [sessions.map((v) => v.contactId)]);
    const byId = new Map(contacts.map((c) => [c.id, c]));
    sessions.forEach((v, i) => {
      expect(byId.get(v.contactId)).toMatchObject({ name: people[i].name, email: people[i].email.toLowerCase() });
    });
    // Contacts made in one transaction share its start time: the burst was stored in fewer transactions than visitors.
    expect(new Set(contacts.map((c) => new Date(c.created_at).getTime())).size).toBeLessThan(40);

    const identities = await rows(`select contact_id, channel from contact_identities where contact_id = any($1::uuid[])`, [sessions.map((v) => v.contactId)]);
    expect(identities).toHaveLength(40);
    expect(identities.every((i) => i.channel === 'web')).toBe(true);
    const events = await rows(`select payload->'contact'->>'id' as id from events where type = 'contact.created' and contact_id = any($1::uuid[])`, [sessions.map((v) => v.contactId)]);
    expect(new Set(events.map((e) => e.id))).toEqual(new Set(sessions.map((v) => v.contactId)));
    expect(events).toHaveLength(40);

    // Each token is that visitor: its message lands on its own contact.
    const sent = await Promise.all(sessions.slice(0, 10).map((v, i) => api(server.s.url, 'POST', '/api/widget/messages', { token: v.visitorToken, body: { body: `hello ${i}`, clientId: `burst-${i}` } })));
    for (const [i, r] of sent.entries()) {
      expect(r.status).toBe(200);
      const [c] = await rows(`select contact_id from conversations where id = $1`, [r.body.conversationId]);
      expect(c.contact_id).toBe(sessions[i].contactId);
    }
  });
});
