// The list's filter lives in the URL so views are linkable and survive reloads.
// These pure functions turn it into an API query, decide whether a live update
// belongs in the current list, and order the list the way the server does.
import type { ListQuery } from '../api/endpoints';
import type { Conversation, ConversationStatus, Priority } from '../api/types';

export type View = 'mine' | 'unassigned' | 'all';
export type Sort = 'newest' | 'oldest' | 'priority';

export interface ListFilter {
  view: View;
  status: ConversationStatus | 'all';
  sort: Sort;
  inboxId?: string;
  teamId?: string;
  label?: string;
  q?: string;
}

const views: View[] = ['mine', 'unassigned', 'all'];
const sorts: Sort[] = ['newest', 'oldest', 'priority'];
const statuses = ['open', 'pending', 'snoozed', 'resolved', 'all'] as const;

export function filterFromParams(p: URLSearchParams): ListFilter {
  const view = p.get('view') as View;
  const sort = p.get('sort') as Sort;
  const status = p.get('status') as ListFilter['status'];
  const q = p.get('q')?.trim() || undefined;
  return {
    view: views.includes(view) ? view : 'all',
    sort: sorts.includes(sort) ? sort : 'newest',
    // A search looks through every status unless the agent picks a tab.
    status: statuses.includes(status) ? status : q ? 'all' : 'open',
    inboxId: p.get('inbox') || undefined,
    teamId: p.get('team') || undefined,
    label: p.get('label') || undefined,
    q,
  };
}

export function toQuery(f: ListFilter): ListQuery {
  return {
    status: f.status,
    sort: f.sort,
    inboxId: f.inboxId,
    teamId: f.teamId,
    label: f.label,
    q: f.q,
    assigneeId: f.view === 'mine' ? 'me' : f.view === 'unassigned' ? 'none' : undefined,
    limit: 50,
  };
}

/** Whether a conversation pushed over the socket belongs in the list the agent is looking at. */
export function matchesFilter(c: Conversation, f: ListFilter, meId: string): boolean {
  if (f.status !== 'all' && c.status !== f.status) return false;
  if (f.inboxId && c.inboxId !== f.inboxId) return false;
  if (f.teamId && c.teamId !== f.teamId) return false;
  if (f.label && !(c.labels ?? []).includes(f.label)) return false;
  if (f.view === 'mine' && c.assigneeId !== meId) return false;
  if (f.view === 'unassigned' && c.assigneeId) return false;
  return true;
}

const priorityRank: Record<Priority, number> = { urgent: 4, high: 3, medium: 2, low: 1, none: 0 };
const time = (s: string | null | undefined) => (s ? new Date(s).getTime() : 0);

export function compareConversations(sort: Sort): (a: Conversation, b: Conversation) => number {
  switch (sort) {
    case 'oldest':
      // Longest-waiting customer first; conversations nobody waits on go last.
      return (a, b) => {
        const wa = a.waitingSince ? time(a.waitingSince) : Infinity;
        const wb = b.waitingSince ? time(b.waitingSince) : Infinity;
        return wa - wb || time(a.lastMessageAt) - time(b.lastMessageAt);
      };
    case 'priority':
      return (a, b) =>
        priorityRank[b.priority ?? 'none'] - priorityRank[a.priority ?? 'none'] || time(b.lastMessageAt) - time(a.lastMessageAt);
    default:
      return (a, b) => time(b.lastMessageAt) - time(a.lastMessageAt);
  }
}

/**
 * Realtime payloads are slimmer than list rows (no contact, channel or preview on some events); a null there
 * means "not sent", so it must not wipe what the row already shows.
 */
export function mergeConversation(prev: Conversation, next: Conversation): Conversation {
  return {
    ...prev,
    ...next,
    contact: next.contact ?? prev.contact,
    channel: next.channel ?? prev.channel,
    lastMessage: next.lastMessage ?? prev.lastMessage,
  };
}

/** Insert or replace one conversation, drop it if it no longer matches, keep order. */
export function applyUpdate(list: Conversation[], c: Conversation, f: ListFilter, meId: string): Conversation[] {
  const idx = list.findIndex((x) => x.id === c.id);
  const merged = idx >= 0 ? mergeConversation(list[idx], c) : c;
  const keep = matchesFilter(merged, f, meId);
  // A search result list only refreshes rows it already shows: we cannot
  // evaluate full-text matching on the client.
  if (f.q && idx < 0) return list;
  if (!keep) return idx >= 0 ? list.filter((x) => x.id !== c.id) : list;
  const next = idx >= 0 ? list.slice() : [...list, merged];
  if (idx >= 0) next[idx] = merged;
  return next.sort(compareConversations(f.sort));
}
