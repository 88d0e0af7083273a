import { inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { toE164 } from '../../channels/kit/phone.js';
import type { AppContext } from '../context.js';
import { schema } from '../db/client.js';
import type { ContactRow } from '../events/bus.js';
import { parseCsv } from '../http/csv.js';
import { badRequest } from '../errors.js';
import { now } from '../clock.js';
import { coerceFieldValue, listFields } from './fields.js';
import { listStages } from './stages.js';
import { timelineData } from './timeline.js';

export const MAX_IMPORT_ROWS = 20_000;
const email = z.email();

export interface ImportRequest { csv: string; mapping: Record<string, string>; dryRun: boolean }
export interface ImportReport {
  dryRun: boolean; total: number; valid: number; invalid: number; created: number; updated: number;
  errors: { row: number; errors: Record<string, string> }[];
}

interface Parsed { line: number; name: string | null; email: string | null; phone: string | null; stage: string | null; attributes: Record<string, unknown> }

/**
 * Contact CSV import: columns are mapped to name / first_name / last_name / email / phone / stage / attr.<key>
 * (or ignored). Every row is validated first; a dry run only reports, and a real run writes the valid rows in
 * one transaction (existing contacts matched by e-mail are updated, never duplicated).
 */
export async function importContacts(ctx: AppContext, req: ImportRequest): Promise<ImportReport> {
  const rows = parseCsv(req.csv);
  if (rows.length < 2) throw badRequest('The file needs a header row and at least one contact', { csv: 'empty' });
  if (rows.length - 1 > MAX_IMPORT_ROWS) throw badRequest(`At most ${MAX_IMPORT_ROWS} rows per import`, { csv: 'too many rows' });
  const header = rows[0].map((h) => h.trim());
  const fields = new Map((await listFields(ctx, 'contact')).map((f) => [f.key, f]));
  const stages = new Set((await listStages(ctx)).map((s) => s.key));
  const targets = header.map((h) => req.mapping[h] ?? 'ignore');
  const mappingErrors: Record<string, string> = {};
  targets.forEach((t, i) => {
    const known = ['ignore', 'name', 'first_name', 'last_name', 'email', 'phone', 'stage'].includes(t) || (t.startsWith('attr.') && fields.has(t.slice(5)));
    if (!known) mappingErrors[`mapping.${header[i]}`] = `cannot map to ${t}`;
  });
  if (!targets.some((t) => t === 'email' || t === 'phone' || t === 'name' || t === 'first_name')) mappingErrors.mapping = 'map at least one of name, e-mail or phone';
  if (Object.keys(mappingErrors).length) throw badRequest('Invalid column mapping', mappingErrors);

  const report: ImportReport = { dryRun: req.dryRun, total: rows.length - 1, valid: 0, invalid: 0, created: 0, updated: 0, errors: [] };
  const good: Parsed[] = [];
  const seenEmails = new Set<string>();
  rows.slice(1).forEach((cells, i) => {
    const line = i + 2; // 1-based, the header is line 1
    const errors: Record<string, string> = {};
    const p: Parsed = { line, name: null, email: null, phone: null, stage: null, attributes: {} };
    let first = '';
    let last = '';
    targets.forEach((t, col) => {
      const value = (cells[col] ?? '').trim();
      if (t === 'ignore' || value === '') return;
      if (t === 'name') p.name = value;
      else if (t === 'first_name') first = value;
      else if (t === 'last_name') last = value;
      else if (t === 'email') {
        if (!email.safeParse(value).success) errors.email = `"${value}" is not an e-mail address`;
        else if (seenEmails.has(value.toLowerCase())) errors.email = `${value} appears earlier in the file`;
        else { p.email = value.toLowerCase(); seenEmails.add(p.email); }
      } else if (t === 'phone') {
        const e164 = toE164(value);
        if (!e164) errors.phone = `"${value}" is not an international phone number (+14155550100)`;
        else p.phone = e164;
      } else if (t === 'stage') {
        if (!stages.has(value.toLowerCase())) errors.stage = `unknown stage "${value}"`;
        else p.stage = value.toLowerCase();
      } else {
        const def = fields.get(t.slice(5))!;
        const r = coerceFieldValue(def, value);
        if ('error' in r) errors[t] = `${def.label} must be ${r.error}`;
        else p.attributes[def.key] = r.value;
      }
    });
    if (!p.name && (first || last)) p.name = `${first} ${last}`.trim();
    if (!p.name && !p.email && !p.phone) errors._ = 'no name, e-mail or phone';
    if (Object.keys(errors).length) { report.invalid++; report.errors.push({ row: line, errors }); }
    else { report.valid++; good.push(p); }
  });
  if (req.dryRun || !good.length) return report;

  const { created, updated } = await writeRows(ctx, good);
  report.created = created.length;
  report.updated = updated.length;
  return report;
}

async function writeRows(ctx: AppContext, good: Parsed[]): Promise<{ created: ContactRow[]; updated: ContactRow[] }> {
  return ctx.bus.transaction(async (tx, emit) => {
    const emails = good.map((g) => g.email).filter((e): e is string => Boolean(e));
    const existing = emails.length
      ? await tx.select().from(schema.contacts).where(inArray(sql`lower(${schema.contacts.email})`, emails))
      : [];
    const byEmail = new Map(existing.map((c) => [c.email!.toLowerCase(), c]));
    const created: ContactRow[] = [];
    const updated: ContactRow[] = [];
    for (const g of good) {
      const match = g.email ? byEmail.get(g.email) : undefined;
      if (match) {
        const [row] = await tx.update(schema.contacts).set({
          name: g.name ?? match.name, phone: g.phone ?? match.phone, attributes: { ...match.attributes, ...g.attributes }, updatedAt: now(ctx),
        }).where(sql`${schema.contacts.id} = ${match.id}`).returning();
        updated.push(row);
      } else {
        const [row] = await tx.insert(schema.contacts).values({ name: g.name, email: g.email, phone: g.phone, attributes: g.attributes }).returning();
        created.push(row);
      }
      const contactId = (match ?? created[created.length - 1]).id;
      if (g.stage) {
        await tx.insert(schema.crmContactState).values({ contactId, stage: g.stage })
          .onConflictDoUpdate({ target: schema.crmContactState.contactId, set: { stage: g.stage, stageChangedAt: now(ctx) } });
        await tx.insert(schema.crmTimeline).values({ contactId, kind: 'stage', summary: `Imported as ${g.stage}`, data: timelineData({ key: 'stage.imported', params: { to: g.stage } }, { to: g.stage }), actorType: 'import', at: now(ctx) });
      }
    }
    for (const contact of created) emit('contact.created', { contact });
    for (const contact of updated) emit('contact.updated', { contact });
    return { created, updated };
  });
}
