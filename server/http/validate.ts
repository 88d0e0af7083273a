import type { Request } from 'express';
import type { ZodType } from 'zod';
import { badRequest, zodFields } from './errors.js';

export function parseBody<T>(schema: ZodType<T>, req: Request): T {
  const parsed = schema.safeParse(req.body ?? {});
  if (!parsed.success) {
    const fields = zodFields(parsed.error);
    throw badRequest(`Invalid input: ${Object.entries(fields).map(([k, v]) => `${k}: ${v}`).join('; ')}`, fields);
  }
  return parsed.data;
}

export function parseQuery<T>(schema: ZodType<T>, req: Request): T {
  const parsed = schema.safeParse(req.query ?? {});
  if (!parsed.success) {
    const fields = zodFields(parsed.error);
    throw badRequest(`Invalid query: ${Object.entries(fields).map(([k, v]) => `${k}: ${v}`).join('; ')}`, fields);
  }
  return parsed.data;
}

export const uuidParam = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
