import type { ErrorRequestHandler } from 'express';
import { ZodError } from 'zod';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields?: Record<string, string>,
  ) {
    super(message);
  }
}

export const badRequest = (message: string, fields?: Record<string, string>) => new HttpError(400, 'bad_request', message, fields);
export const unauthorized = (message = 'Sign in first') => new HttpError(401, 'unauthorized', message);
export const forbidden = (message = 'You may not do that') => new HttpError(403, 'forbidden', message);
export const notFound = (what = 'Resource') => new HttpError(404, 'not_found', `${what} not found`);
export const conflict = (message: string) => new HttpError(409, 'conflict', message);
export const unprocessable = (code: string, message: string) => new HttpError(422, code, message);

export function zodFields(err: ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of err.issues) fields[issue.path.join('.') || '_'] = issue.message;
  return fields;
}

/** One error shape for every client: {error:{code,message,fields?}}; never a stack trace. */
export function errorHandler(log: { error(o: unknown, m?: string): void }): ErrorRequestHandler {
  return (err, req, res, _next) => {
    if (res.headersSent) return;
    if (err instanceof HttpError) {
      res.status(err.status).json({ error: { code: err.code, message: err.message, ...(err.fields ? { fields: err.fields } : {}) } });
      return;
    }
    if (err instanceof ZodError) {
      const fields = zodFields(err);
      res.status(400).json({ error: { code: 'invalid', message: `Invalid input: ${Object.entries(fields).map(([k, v]) => `${k}: ${v}`).join('; ')}`, fields } });
      return;
    }
    // body-parser and friends signal client errors with a status (malformed JSON 400, too large 413 ...).
    const status = typeof err?.status === 'number' ? err.status : typeof err?.statusCode === 'number' ? err.statusCode : 500;
    if (status >= 400 && status < 500) {
      const code = err.type === 'entity.too.large' ? 'too_large' : err.type === 'entity.parse.failed' ? 'malformed_json' : 'bad_request';
      const message = code === 'too_large' ? 'Request body too large' : code === 'malformed_json' ? 'Malformed JSON body' : String(err.message ?? 'Bad request');
      res.status(status).json({ error: { code, message } });
      return;
    }
    log.error({ err, path: req.path }, 'unhandled error');
    res.status(500).json({ error: { code: 'internal', message: 'Something went wrong on our side' } });
  };
}
