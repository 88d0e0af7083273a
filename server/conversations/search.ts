import { sql, type SQL } from 'drizzle-orm';
import type { AppContext } from '../context.js';
import { toSearchQuery } from '../shared/search.js';

/**
 * Up to this many matching messages (or contacts), a search gathers the matches first and fetches just their
 * conversations by key; past it the words are common, and walking the list newest first until a page is full
 * stops early. Either plan alone is slow for the other case: walking the list for a rare word visits every
 * conversation ("order 4242": seconds at 1 M messages), gathering a common word's matches reads most of the log.
 */
const GATHER_LIMIT = 2000;

type Db = Pick<AppContext, 'db'>['db'];
const rows = (r: unknown) => (r as { rows: Record<string, unknown>[] }).rows;
const uuidArray = (ids: string[]) => sql`${`{${ids.join(',')}}`}::uuid[]`;

/**
 * The search condition on conversations `c` (joined to their contact `ct`) for the words in `q`. A `page` stops
 * at its first rows; a `count` visits every match, so for common words it joins the matches once instead.
 */
export async function searchCondition(db: Db, inboxIds: string[], q: string, use: 'page' | 'count', gatherLimit = GATHER_LIMIT): Promise<SQL> {
  const tsq = toSearchQuery(q);
  const like = `%${q.trim().replace(/[%_\\]/g, (m) => `\\${m}`)}%`;
  const contactLike = (alias: string) => sql`(${sql.raw(alias)}.name ilike ${like} or ${sql.raw(alias)}.email ilike ${like} or ${sql.raw(alias)}.phone ilike ${like})`;
  const inboxes = uuidArray(inboxIds);
  const [people, hits] = await Promise.all([
    db.execute(sql`select p.id from contacts p where ${contactLike('p')} limit ${gatherLimit + 1}`).then(rows),
    tsq
      ? db.execute(sql`select sm.conversation_id from messages sm where sm.search_vector @@ ${tsq} and sm.inbox_id = any(${inboxes}) limit ${gatherLimit + 1}`).then(rows)
      : Promise.resolve([]),
  ]);
  if (people.length <= gatherLimit && hits.length <= gatherLimit) {
    const conversationIds = [...new Set(hits.map((h) => String(h.conversation_id)))];
    return sql`(c.id = any(${uuidArray(conversationIds)}) or c.contact_id = any(${uuidArray(people.map((p) => String(p.id)))}))`;
  }
  if (!tsq) return contactLike('ct');
  if (use === 'count') {
    return sql`c.id in (select sm.conversation_id from messages sm where sm.search_vector @@ ${tsq}
      union select pc.id from conversations pc join contacts p on p.id = pc.contact_id where ${contactLike('p')})`;
  }
  return sql`(${contactLike('ct')} or exists (select 1 from messages sm where sm.conversation_id = c.id and sm.search_vector @@ ${tsq}))`;
}
