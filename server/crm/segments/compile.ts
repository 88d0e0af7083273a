import { sql, type SQL } from 'drizzle-orm';
import type { FieldRow } from '../fields.js';
import { contactInScope, inboxInScope, type Scope } from '../scope.js';
import type { AttributeCondition, BuiltInCondition, Condition, SegmentFilter } from './filter.js';

// Columns of the base query: contacts c, crm_contact_state s, crm_companies co (see segmentFrom).
export const segmentFrom = sql`contacts c left join crm_contact_state s on s.contact_id = c.id left join crm_companies co on co.id = s.company_id`;

const DAY = 86_400_000;
const like = (v: string) => `%${v.replace(/[%_\\]/g, (m) => `\\${m}`)}%`;

const TEXT_COLUMNS: Record<string, SQL> = {
  name: sql`c.name`, email: sql`c.email`, phone: sql`c.phone`, company: sql`coalesce(co.name || ' ' || co.domain, '')`,
  country: sql`s.country`, locale: sql`s.locale`, timeZone: sql`s.time_zone`,
};

function compare(column: SQL, op: string, value: unknown): SQL {
  switch (op) {
    case 'eq': return sql`lower(${column}::text) = lower(${String(value)})`;
    case 'neq': return sql`(${column} is null or lower(${column}::text) <> lower(${String(value)}))`;
    case 'contains': return sql`${column}::text ilike ${like(String(value ?? ''))}`;
    case 'exists': return sql`nullif(${column}::text, '') is not null`;
    case 'not_exists': return sql`nullif(${column}::text, '') is null`;
    default: throw new Error(`unsupported text op ${op}`);
  }
}

const NUMERIC_OPS: Record<string, SQL> = { eq: sql`=`, gt: sql`>`, gte: sql`>=`, lt: sql`<`, lte: sql`<=` };

/** Custom attributes compare by their declared type; ISO dates compare as text, which orders correctly. */
function attributeCondition(c: AttributeCondition, fields: Map<string, FieldRow>): SQL {
  const key = c.field.slice(5);
  const def = fields.get(key);
  const raw = sql`(c.attributes ->> ${key})`;
  if (c.op === 'exists' || c.op === 'not_exists') return compare(raw, c.op, null);
  if (c.op === 'in') return sql`${raw} in (${sql.join((c.value as string[] ?? []).map((v) => sql`${v}`), sql`, `)})`;
  if (def?.type === 'number' && NUMERIC_OPS[c.op]) {
    return sql`(case when jsonb_typeof(c.attributes -> ${key}) = 'number' then (c.attributes ->> ${key})::numeric end) ${NUMERIC_OPS[c.op]} ${Number(c.value)}`;
  }
  if (def?.type === 'boolean') return sql`(c.attributes -> ${key}) = ${JSON.stringify(c.value === true || c.value === 'true')}::jsonb`;
  if (NUMERIC_OPS[c.op] && c.op !== 'eq') return sql`${raw} ${NUMERIC_OPS[c.op]} ${String(c.value)}`;
  return compare(raw, c.op, c.value);
}

const isAttribute = (c: Condition): c is AttributeCondition => c.field.startsWith('attr.');

// Conditions on conversations and campaigns look only at the inboxes in scope: otherwise a label used in
// another inbox would show through as "this contact matches".
function conditionSql(cond: Condition, fields: Map<string, FieldRow>, now: Date, scope: Scope): SQL {
  if (isAttribute(cond)) return attributeCondition(cond, fields);
  const c = cond as BuiltInCondition;
  switch (c.field) {
    case 'stage': {
      const list = sql.join(c.value.map((v) => sql`${v}`), sql`, `);
      return c.op === 'in' ? sql`coalesce(s.stage, 'visitor') in (${list})` : sql`coalesce(s.stage, 'visitor') not in (${list})`;
    }
    case 'score': return sql`coalesce(s.score, 0) ${NUMERIC_OPS[c.op]} ${c.value}`;
    case 'label': {
      const q = sql`exists (select 1 from conversations cv where cv.contact_id = c.id and ${c.value} = any(cv.labels) and ${inboxInScope(sql`cv.inbox_id`, scope)})`;
      return c.op === 'has' ? q : sql`not ${q}`;
    }
    case 'channel': {
      const q = sql`exists (select 1 from contact_identities ci where ci.contact_id = c.id and ci.channel = ${c.value})`;
      return c.op === 'has' ? q : sql`not ${q}`;
    }
    case 'lastSeen':
    case 'createdAt': {
      const column = c.field === 'lastSeen' ? sql`c.last_seen_at` : sql`c.created_at`;
      const cutoff = new Date(now.getTime() - c.value * DAY);
      return c.op === 'within_days' ? sql`${column} >= ${cutoff}` : sql`(${column} is null or ${column} < ${cutoff})`;
    }
    case 'conversation': {
      const v = c.value;
      const parts: SQL[] = [sql`cv.contact_id = c.id`, inboxInScope(sql`cv.inbox_id`, scope)];
      if (v.status) parts.push(sql`cv.status = ${v.status}`);
      if (v.label) parts.push(sql`${v.label} = any(cv.labels)`);
      if (v.channel) parts.push(sql`exists (select 1 from inboxes ib where ib.id = cv.inbox_id and ib.channel = ${v.channel})`);
      if (v.withinDays) {
        // "resolved ... in the last 30 days" means the resolution happened then; otherwise any activity counts.
        const when = v.status === 'resolved' ? sql`cv.resolved_at` : sql`cv.last_message_at`;
        parts.push(sql`${when} >= ${new Date(now.getTime() - v.withinDays * DAY)}`);
      }
      const q = sql`exists (select 1 from conversations cv where ${sql.join(parts, sql` and `)})`;
      return c.op === 'exists' ? q : sql`not ${q}`;
    }
    case 'campaign': {
      const status = c.op === 'replied' ? sql`and r.status = 'replied'` : sql`and r.status in ('sent', 'delivered', 'replied')`;
      const q = sql`exists (select 1 from crm_campaign_recipients r join crm_campaigns rc on rc.id = r.campaign_id
        where r.contact_id = c.id and r.campaign_id = ${c.value}::uuid ${status} and ${inboxInScope(sql`rc.inbox_id`, scope)})`;
      return c.op === 'not_received' ? sql`not ${q}` : q;
    }
    default:
      return compare(TEXT_COLUMNS[c.field], c.op, c.value);
  }
}

/**
 * Compiles a filter into one WHERE clause over `segmentFrom`. Every value is a bound parameter; field names
 * come from a closed list or are looked up as jsonb keys, so nothing from the request is spliced into SQL.
 */
export function compileFilter(filter: SegmentFilter, fields: FieldRow[], now: Date, scope: Scope = 'all'): SQL {
  const defs = new Map(fields.filter((f) => f.entity === 'contact').map((f) => [f.key, f]));
  const conds = filter.conditions.map((c) => sql`(${conditionSql(c, defs, now, scope)})`);
  const joined = conds.length ? sql.join(conds, filter.match === 'any' ? sql` or ` : sql` and `) : sql`true`;
  if (scope === 'all') return sql`(${joined})`;
  return sql`(${joined}) and ${contactInScope(sql`c.id`, scope)}`;
}
