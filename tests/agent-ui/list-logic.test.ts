import { describe, expect, it } from 'vitest';
import type { ContactSummary, Conversation, Message } from '../../agent-ui/src/api/types.js';
import { applyUpdate, compareConversations, filterFromParams, matchesFilter, toQuery } from '../../agent-ui/src/inbox/filters.js';
import { cannedQuery, mentionedAgentIds, mentionQuery } from '../../agent-ui/src/thread/mentions.js';
import { upsertMessage } from '../../agent-ui/src/thread/useThread.js';

const conv = (id: string, over: Partial<Conversation> = {}): Conversation => ({
  id, inboxId: 'i1', contactId: `c-${id}`, channel: null, status: 'open', assigneeId: null, teamId: null, priority: 'none', labels: [],
  subject: null, attributes: {}, unreadCount: 0, lastMessageAt: '2026-01-01T10:00:00Z', waitingSince: null, firstReplyAt: null,
  snoozedUntil: null, resolvedAt: null, createdAt: null, updatedAt: null, mergedIntoId: null, externalId: null, contact: null,
  lastMessage: null, ...over,
});
const contact = (id: string, name: string): ContactSummary => ({ id, name, email: null, phone: null, avatarUrl: null });
const message = (over: Partial<Message> & Pick<Message, 'id' | 'status'>): Message => ({
  conversationId: 'c', inboxId: 'i1', direction: 'outgoing', senderType: 'agent', senderId: null, sender: null, body: 'x', html: null,
  contentType: 'text', content: null, private: false, error: null, attempts: 0, attachments: [], externalId: null, clientId: null,
  meta: null, createdAt: '2026-01-01T00:00:00Z', updatedAt: null, ...over,
});

describe('conversation list filters', () => {
  it('reads the filter from the URL with safe defaults', () => {
    expect(filterFromParams(new URLSearchParams('view=bogus&status=nope'))).toMatchObject({ view: 'all', status: 'open', sort: 'newest' });
    const f = filterFromParams(new URLSearchParams('view=mine&status=snoozed&sort=priority&label=vip&q=%20ship%20'));
    expect(toQuery(f)).toMatchObject({ assigneeId: 'me', status: 'snoozed', sort: 'priority', label: 'vip', q: 'ship' });
    expect(toQuery(filterFromParams(new URLSearchParams('view=unassigned'))).assigneeId).toBe('none');
  });

  it('decides whether a live update belongs in the current view', () => {
    const mine = filterFromParams(new URLSearchParams('view=mine'));
    expect(matchesFilter(conv('a', { assigneeId: 'me-id' }), mine, 'me-id')).toBe(true);
    expect(matchesFilter(conv('a', { assigneeId: 'other' }), mine, 'me-id')).toBe(false);
    expect(matchesFilter(conv('a', { status: 'resolved' }), mine, 'me-id')).toBe(false);
  });

  it('sorts by newest, longest waiting and priority', () => {
    const a = conv('a', { lastMessageAt: '2026-01-01T10:00:00Z', waitingSince: '2026-01-01T09:00:00Z', priority: 'low' });
    const b = conv('b', { lastMessageAt: '2026-01-01T11:00:00Z', waitingSince: null, priority: 'urgent' });
    const c = conv('c', { lastMessageAt: '2026-01-01T09:30:00Z', waitingSince: '2026-01-01T08:00:00Z', priority: 'none' });
    expect([a, b, c].sort(compareConversations('newest')).map((x) => x.id)).toEqual(['b', 'a', 'c']);
    expect([a, b, c].sort(compareConversations('oldest')).map((x) => x.id)).toEqual(['c', 'a', 'b']);
    expect([a, b, c].sort(compareConversations('priority')).map((x) => x.id)).toEqual(['b', 'a', 'c']);
  });

  it('applies updates: inserts, moves, removes, and keeps fields a slim event leaves null', () => {
    const f = filterFromParams(new URLSearchParams(''));
    let list = [conv('a', { contact: contact('c-a', 'Ann') })];
    list = applyUpdate(list, conv('b', { lastMessageAt: '2026-01-02T00:00:00Z' }), f, 'me');
    expect(list.map((x) => x.id)).toEqual(['b', 'a']);
    list = applyUpdate(list, conv('a', { lastMessageAt: '2026-01-03T00:00:00Z', contact: null }), f, 'me');
    expect(list.map((x) => x.id)).toEqual(['a', 'b']);
    expect(list[0].contact?.name).toBe('Ann');
    list = applyUpdate(list, conv('b', { status: 'resolved' }), f, 'me');
    expect(list.map((x) => x.id)).toEqual(['a']);
    // Search results only refresh rows they already show.
    const searching = filterFromParams(new URLSearchParams('q=ship'));
    expect(applyUpdate([], conv('z'), searching, 'me')).toEqual([]);
  });
});

describe('composer helpers', () => {
  it('finds the @mention being typed and the agents a note mentions', () => {
    expect(mentionQuery('hi @an', 6)).toEqual({ start: 3, query: 'an' });
    expect(mentionQuery('mail@example', 12)).toBeNull();
    const agents = [{ id: '1', name: 'Ann', email: 'a@x', role: 'agent' as const }, { id: '2', name: 'Ann Lee', email: 'b@x', role: 'agent' as const }];
    expect(mentionedAgentIds('ping @Ann Lee please', agents)).toEqual(['2']);
    expect(mentionedAgentIds('@Ann Lee and @Ann', agents).sort()).toEqual(['1', '2']);
    expect(mentionedAgentIds('ping @Ann, thanks', agents)).toEqual(['1']);
    expect(mentionedAgentIds('email ann@Ann.com', agents)).toEqual([]);
  });

  it('recognises a /shortcut only at the start of the composer', () => {
    expect(cannedQuery('/ref')).toBe('ref');
    expect(cannedQuery('see /ref')).toBeNull();
  });

  it('never duplicates a message that arrives by REST and by socket', () => {
    const m = message({ id: 'm1', status: 'queued' });
    const once = upsertMessage([], m);
    const twice = upsertMessage(once, { ...m, status: 'sent' });
    expect(twice).toHaveLength(1);
    expect(twice[0].status).toBe('sent');
  });

  it('puts the stored copy of an own send in place of its optimistic one, whichever of socket and REST comes first', () => {
    const local = message({ id: 'tmp-k1', clientId: 'k1', status: 'queued', uploadProgress: 0.5, createdAt: '2026-01-01T00:00:09Z' });
    const stored = message({ id: 'm9', clientId: 'k1', status: 'sent', createdAt: '2026-01-01T00:00:08Z' });
    const older = message({ id: 'm1', status: 'sent' });
    // The socket's echo first, then the REST answer through replaceLocal (drop the temp id, upsert the stored one).
    const echoed = upsertMessage([older, local], stored);
    expect(echoed).toEqual([older, stored]);
    const answered = upsertMessage(echoed.filter((x) => x.id !== 'tmp-k1'), stored);
    expect(answered).toEqual([older, stored]);
    // The REST answer first, then the echo.
    const rest = upsertMessage([older, local].filter((x) => x.id !== 'tmp-k1'), stored);
    expect(upsertMessage(rest, { ...stored, status: 'delivered' })).toEqual([older, { ...stored, status: 'delivered' }]);
  });
});
