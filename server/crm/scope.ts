import { sql, type SQL } from 'drizzle-orm';

/**
 * Which inboxes a CRM read may draw on: 'all' for admins, the agent's inbox ids otherwise. A contact is in
 * scope when they have a conversation in one of those inboxes, the same rule as /api/contacts.
 */
export type Scope = string[] | 'all';

const ids = (inboxIds: string[]) => sql.join(inboxIds.map((i) => sql`${i}::uuid`), sql`, `);

/** `column` (an inbox id) is one of the scope's inboxes. */
export function inboxInScope(column: SQL, scope: Scope): SQL {
  if (scope === 'all') return sql`true`;
  return scope.length ? sql`${column} in (${ids(scope)})` : sql`false`;
}

/** The contact `column` names has a conversation in the scope's inboxes. */
export function contactInScope(column: SQL, scope: Scope): SQL {
  if (scope === 'all') return sql`true`;
  return scope.length
    ? sql`exists (select 1 from conversations sc where sc.contact_id = ${column} and sc.inbox_id in (${ids(scope)}))`
    : sql`false`;
}

/** The conversation `column` names belongs to one of the scope's inboxes. */
export function conversationInScope(column: SQL, scope: Scope): SQL {
  if (scope === 'all') return sql`true`;
  return scope.length
    ? sql`exists (select 1 from conversations scv where scv.id = ${column} and scv.inbox_id in (${ids(scope)}))`
    : sql`false`;
}
