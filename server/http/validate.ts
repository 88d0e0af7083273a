import type { Request, RequestHandler } from 'express';
import { z, type ZodType } from 'zod';
import { badRequest, fieldsMessage, zodFields } from '../errors.js';
import { valueProblem } from './json-limits.js';

export function parseBody<T>(schema: ZodType<T>, req: Request): T {
  const parsed = schema.safeParse(req.body ?? {});
  if (!parsed.success) {
    const fields = zodFields(parsed.error);
    throw badRequest(fieldsMessage(fields), fields);
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

export { UUID as uuidParam } from '../shared/ids.js';

/** The id a sender makes for one message (widget and agent UI alike), echoed back on the stored message. */
export const clientIdField = z.string().min(1).max(100).regex(/^[\w.:-]+$/, 'letters, digits, . _ : - only');

/**
 * A PATCH body must change something: an empty update is not a valid statement, so `{}` is refused as bad input.
 * Build patch schemas without `.default()`s: a default inside a patch would overwrite the stored value.
 */
export const nonEmptyPatch = <T extends object>(patch: ZodType<T>) =>
  patch.refine((body) => Object.keys(body).length > 0, { message: 'Give at least one field to change' });

/**
 * PostgreSQL text cannot hold NUL characters and answers them with an error; no field of ours means
 * anything by one. Refuse them up front, in the URL (path or query) and the JSON body, as bad input.
 */
export const rejectNulCharacters: RequestHandler = (req, _res, next) => {
  if (/%00/i.test(req.originalUrl)) return next(badRequest('The address contains a NUL character', { _: 'NUL characters are not allowed' }));
  next(valueProblem(req.body) ?? undefined);
};
