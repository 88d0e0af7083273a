// Canned responses speak to the customer by name: their placeholders are the campaigns' own
// ({{contact.first_name | "there"}}, server/crm/template.ts), filled from the conversation's contact.
import { eq } from 'drizzle-orm';
import type { AppContext } from '../context.js';
import { schema } from '../db/client.js';
import { cannedResponses } from './schema.js';
import { listFields } from '../crm/fields.js';
import { BUILT_IN_CONTACT_KEYS, missingValues, renderTemplate, templateErrors, unknownPlaceholders, type TemplateContact } from '../crm/template.js';
import { badRequest, notFound } from '../errors.js';

export async function templateContact(ctx: AppContext, contactId: string): Promise<TemplateContact> {
  const [row] = await ctx.db.select({ c: schema.contacts, country: schema.crmContactState.country, company: schema.crmCompanies.name })
    .from(schema.contacts)
    .leftJoin(schema.crmContactState, eq(schema.crmContactState.contactId, schema.contacts.id))
    .leftJoin(schema.crmCompanies, eq(schema.crmCompanies.id, schema.crmContactState.companyId))
    .where(eq(schema.contacts.id, contactId));
  if (!row) throw notFound('Contact');
  return { ...row.c, company: row.company ?? null, country: row.country ?? null };
}

/** Refuses, with 400 on `content`, a canned response whose placeholders no contact can fill. */
export async function checkCannedContent(ctx: AppContext, content: string): Promise<void> {
  const custom = (await listFields(ctx, 'contact')).map((f) => f.key);
  const problems = [...templateErrors(content), ...unknownPlaceholders(content, custom).map((p) => `${p} is not a known placeholder`)];
  if (problems.length) {
    const known = [...BUILT_IN_CONTACT_KEYS, ...custom].map((k) => `{{contact.${k}}}`).join(', ');
    const message = `${problems[0]}. Use one of ${known}, optionally with a fallback: {{contact.first_name | "there"}}.`;
    throw badRequest(message, { content: message });
  }
}

/** The canned response as this conversation's contact will read it, and the placeholders left empty. */
export async function renderCanned(ctx: AppContext, cannedId: string, contactId: string) {
  const [canned] = await ctx.db.select().from(cannedResponses).where(eq(cannedResponses.id, cannedId));
  if (!canned) throw notFound('Canned response');
  const contact = await templateContact(ctx, contactId);
  return { id: canned.id, shortCode: canned.shortCode, content: canned.content, rendered: renderTemplate(canned.content, contact), missing: missingValues(canned.content, contact) };
}
