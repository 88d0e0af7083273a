import type { ErrorRequestHandler } from 'express';
import { ZodError } from 'zod';
import { ChannelRefusal } from '../../channels/types.js';
import { DomainError, type ErrorKind, fieldsMessage, zodFields } from '../errors.js';

/** The one place a domain error's kind becomes an HTTP status. */
export const HTTP_STATUS: Record<ErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  unprocessable: 422,
  too_large: 413,
  unsupported_type: 415,
  rate_limited: 429,
  upstream: 502,
};

/**
 * Database errors that can only come from what the client sent: an id that names no row, a value of the
 * wrong shape for its column, a duplicate. Routes should catch these themselves with a better message;
 * this keeps a route that does not from answering 500 for bad input.
 */
const CLIENT_SQLSTATES: Record<string, DomainError> = {
  '23503': new DomainError('invalid', 'unknown_reference', 'A record this refers to does not exist'),
  '23505': new DomainError('conflict', 'conflict', 'That already exists'),
  '22P02': new DomainError('invalid', 'bad_request', 'A value has the wrong format'),
  '22001': new DomainError('invalid', 'bad_request', 'A value is too long'),
  '22003': new DomainError('invalid', 'bad_request', 'A number is out of range'),
  '22007': new DomainError('invalid', 'bad_request', 'A date has the wrong format'),
  '22008': new DomainError('invalid', 'bad_request', 'A date is out of range'),
};

function sqlState(err: unknown): string | undefined {
  const e = err as { code?: unknown; cause?: { code?: unknown } } | null;
  const code = typeof e?.code === 'string' ? e.code : typeof e?.cause?.code === 'string' ? e.cause.code : undefined;
  return code && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/** One error shape for every client: {error:{code,message,fields?}}; never a stack trace. */
export function errorHandler(log: { error(o: unknown, m?: string): void; warn?(o: unknown, m?: string): void }): ErrorRequestHandler {
  return (err, req, res, _next) => {
    if (res.headersSent) return;
    if (err instanceof DomainError) {
      res.status(HTTP_STATUS[err.kind]).json({ error: { code: err.code, message: err.message, ...(err.fields ? { fields: err.fields } : {}) } });
      return;
    }
    if (err instanceof ChannelRefusal) {
      res.status(err.status).json({ error: { code: err.code, message: err.message } });
      return;
    }
    if (err instanceof ZodError) {
      const fields = zodFields(err);
      res.status(400).json({ error: { code: 'invalid', message: fieldsMessage(fields), fields } });
      return;
    }
    const fromDb = CLIENT_SQLSTATES[sqlState(err) ?? ''];
    if (fromDb) {
      log.warn?.({ err, path: req.path }, 'database refused client input');
      res.status(HTTP_STATUS[fromDb.kind]).json({ error: { code: fromDb.code, message: fromDb.message } });
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
