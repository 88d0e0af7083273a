import { and, asc, eq } from 'drizzle-orm';
import type { AppContext } from '../context.js';
import { schema } from '../db/client.js';
import { badRequest } from '../errors.js';

export type FieldEntity = 'contact' | 'conversation';
export type FieldRow = typeof schema.crmCustomFields.$inferSelect;
export type FieldType = FieldRow['type'];

export const FIELD_KEY = /^[a-z][a-z0-9_]{0,49}$/;

export async function listFields(ctx: AppContext, entity?: FieldEntity): Promise<FieldRow[]> {
  return ctx.db.select().from(schema.crmCustomFields)
    .where(entity ? eq(schema.crmCustomFields.entity, entity) : undefined)
    .orderBy(asc(schema.crmCustomFields.position), asc(schema.crmCustomFields.createdAt));
}

export async function findField(ctx: AppContext, entity: FieldEntity, key: string): Promise<FieldRow | null> {
  const [row] = await ctx.db.select().from(schema.crmCustomFields).where(and(eq(schema.crmCustomFields.entity, entity), eq(schema.crmCustomFields.key, key)));
  return row ?? null;
}

/** Checks one value against its definition; returns the stored form or an error message. */
export function coerceFieldValue(field: Pick<FieldRow, 'type' | 'options'>, value: unknown): { value: unknown } | { error: string } {
  if (value === null || value === '') return { value: null };
  switch (field.type) {
    case 'text':
      return typeof value === 'string' && value.length <= 2000 ? { value } : { error: 'text up to 2000 characters' };
    case 'number': {
      const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
      return Number.isFinite(n) ? { value: n } : { error: 'a number' };
    }
    case 'date': {
      if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) return { error: 'a date like 2024-05-31' };
      return { value };
    }
    case 'select':
      return typeof value === 'string' && field.options.includes(value) ? { value } : { error: `one of ${field.options.join(', ')}` };
    case 'boolean':
      if (typeof value === 'boolean') return { value };
      if (value === 'true' || value === 'false') return { value: value === 'true' };
      return { error: 'true or false' };
    case 'url':
      try {
        const u = new URL(String(value));
        return u.protocol === 'http:' || u.protocol === 'https:' ? { value: u.toString() } : { error: 'an http(s) URL' };
      } catch { return { error: 'an http(s) URL' }; }
  }
}

/**
 * Validates the defined custom fields among `attributes` (other keys — widget context, bot data — pass
 * through untouched) and returns them in stored form. Throws 400 naming every bad field.
 */
export async function validateCustomAttributes(ctx: AppContext, entity: FieldEntity, attributes: Record<string, unknown> | undefined): Promise<Record<string, unknown> | undefined> {
  if (!attributes) return attributes;
  const defs = new Map((await listFields(ctx, entity)).map((f) => [f.key, f]));
  const out: Record<string, unknown> = { ...attributes };
  const errors: Record<string, string> = {};
  for (const [key, value] of Object.entries(attributes)) {
    const def = defs.get(key);
    if (!def) continue;
    const r = coerceFieldValue(def, value);
    if ('error' in r) errors[`attributes.${key}`] = `${def.label} must be ${r.error}`;
    else if (r.value === null && def.required) errors[`attributes.${key}`] = `${def.label} is required`;
    else out[key] = r.value;
  }
  if (Object.keys(errors).length) throw badRequest(`Invalid custom fields: ${Object.values(errors).join('; ')}`, errors);
  return out;
}
