// How two conversations' fields combine when one is merged into the other. Pure functions, so the rules are
// unit-testable and the undo can tell which fields the merge decided.
import type { ConversationRow } from '../../events/bus.js';

const PRIORITY_RANK = { none: 0, low: 1, medium: 2, high: 3, urgent: 4 } as const;
const earliest = (a: Date | null, b: Date | null) => (!a ? b : !b ? a : a <= b ? a : b);
const latest = (a: Date, b: Date) => (a >= b ? a : b);

/** The fields of the primary after the merge; only those that differ from `primary` are returned. */
export function mergedPrimaryFields(primary: ConversationRow, secondary: ConversationRow): Partial<ConversationRow> {
  const next: Partial<ConversationRow> = {
    // The primary's people stay in charge; the secondary's only fill a gap.
    assigneeId: primary.assigneeId ?? secondary.assigneeId,
    teamId: primary.teamId ?? secondary.teamId,
    labels: [...new Set([...(primary.labels ?? []), ...(secondary.labels ?? [])])],
    priority: PRIORITY_RANK[secondary.priority] > PRIORITY_RANK[primary.priority] ? secondary.priority : primary.priority,
    // Work still open on either side keeps the merged thread open.
    status: primary.status === 'resolved' && secondary.status !== 'resolved' ? 'open' : primary.status,
    unreadCount: primary.unreadCount + secondary.unreadCount,
    lastMessageAt: latest(primary.lastMessageAt, secondary.lastMessageAt),
    waitingSince: earliest(primary.waitingSince, secondary.waitingSince),
    firstReplyAt: earliest(primary.firstReplyAt, secondary.firstReplyAt),
    // The thread begins with its oldest message: reports measure response times from here.
    createdAt: earliest(primary.createdAt, secondary.createdAt)!,
    attributes: { ...secondary.attributes, ...primary.attributes },
  };
  if (next.status !== primary.status) Object.assign(next, { resolvedAt: null, snoozedUntil: null });
  return changedOnly(primary, next);
}

/** The secondary is closed and points at the primary. */
export function closedSecondaryFields(secondary: ConversationRow, primaryId: string, now: Date): Partial<ConversationRow> {
  return { status: 'resolved', resolvedAt: secondary.status === 'resolved' ? secondary.resolvedAt : now, snoozedUntil: null, unreadCount: 0, waitingSince: null, mergedIntoId: primaryId };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

export function changedOnly<T extends object>(before: T, next: Partial<T>): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(next) as [keyof T, T[keyof T]][]) if (!same(before[k], v)) out[k] = v;
  return out;
}

/**
 * What undo writes back: for each field the merge changed, the value from before, but only where the field
 * still holds what the merge put there (a later edit by an agent is theirs and stays).
 */
export function restoredFields<T extends object>(current: T, before: Partial<T>, setByMerge: Partial<T>): Partial<T> {
  const out: Partial<T> = {};
  for (const k of Object.keys(setByMerge) as (keyof T)[]) {
    if (same(current[k], setByMerge[k])) out[k] = before[k] as T[keyof T];
  }
  return out;
}

/** Field values survive JSON (the snapshot column): dates come back as strings and are revived here. */
const DATE_FIELDS = new Set(['lastMessageAt', 'waitingSince', 'firstReplyAt', 'createdAt', 'resolvedAt', 'snoozedUntil', 'updatedAt', 'lastSeenAt', 'contactLastReadAt']);
export function reviveDates<T extends object>(o: Partial<T>): Partial<T> {
  const out: Record<string, unknown> = { ...o };
  for (const [k, v] of Object.entries(out)) if (DATE_FIELDS.has(k) && typeof v === 'string') out[k] = new Date(v);
  return out as Partial<T>;
}
