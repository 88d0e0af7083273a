// Every event about one contact (its own changes, its conversations, their messages and message updates) is filed
// in one partition of the log, so one node handles them in the order they were written: a CRM score recomputed
// for a contact change can never run beside the one for that contact's new message, and contact rules act on the
// conversation in order with its messages.
import { describe, expect, it } from 'vitest';
import { partitionOf } from '../../server/events/partitions.js';
import { api, eventually, type ServerFixture, useServer } from '../support/server.js';
import { rawRows, visitorWrites } from '../automation/helpers.js';

describe('partitions of the event log', () => {
  let f: ServerFixture;
  useServer((x) => { f = x; });

  it('files a contact\'s own events and its conversation\'s events in the contact\'s partition, in order', async () => {
    const { conversationId, contactId } = await visitorWrites(f.s, f.inbox.widgetKey, 'Hello, order 12 is late');
    expect((await api(f.s.url, 'PATCH', `/api/contacts/${contactId}`, { token: f.token, body: { name: 'Petra Partition' } })).status).toBe(200);
    expect((await api(f.s.url, 'POST', `/api/conversations/${conversationId}/read`, { token: f.token })).status).toBe(204);

    const rows = await eventually(async () => {
      const r = await rawRows(f.s, 'select type, partition, contact_id from events where contact_id = $1 or conversation_id = $2 order by position', [contactId, conversationId]) as { type: string; partition: number; contact_id: string | null }[];
      return r.some((e) => e.type === 'message.updated') ? r : null;
    });
    expect(rows.map((e) => e.type)).toEqual(expect.arrayContaining(['contact.created', 'conversation.created', 'message.created', 'contact.updated', 'conversation.updated', 'message.updated']));
    // A message update carries only the message: its contact is looked up when it is appended.
    expect(rows.every((e) => e.contact_id === contactId)).toBe(true);
    expect(new Set(rows.map((e) => e.partition))).toEqual(new Set([partitionOf(contactId)]));
  });
});
