import type { ZodError } from 'zod';

/**
 * What went wrong, in the domain's words. Services throw these; each edge maps the kind once: HTTP to a status
 * (`server/http/errors.ts`), a socket event to its ack (`server/realtime/socket-guard.ts`), a channel to its
 * provider's answer through `ChannelRefusal` (`server/ingest/channel-ingest.ts`, then e.g. an SMTP reply code).
 */
export type ErrorKind =
  | 'invalid' // the input itself is wrong
  | 'unauthenticated' // nobody signed in, or the credentials are not valid
  | 'forbidden' // signed in, but not allowed
  | 'not_found' // unknown, or not the caller's to see
  | 'conflict' // clashes with the current state
  | 'unprocessable' // well-formed, but cannot be done now
  | 'too_large'
  | 'unsupported_type'
  | 'rate_limited'
  | 'upstream'; // a provider the request depends on refused or failed

export class DomainError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
    readonly fields?: Record<string, string>,
  ) {
    super(message);
  }
}

export const badRequest = (message: string, fields?: Record<string, string>) => new DomainError('invalid', 'bad_request', message, fields);
export const unauthorized = (message = 'Sign in first') => new DomainError('unauthenticated', 'unauthorized', message);
export const forbidden = (message = 'You may not do that') => new DomainError('forbidden', 'forbidden', message);
export const notFound = (what = 'Resource') => new DomainError('not_found', 'not_found', `${what} not found`);
export const conflict = (message: string) => new DomainError('conflict', 'conflict', message);
export const unprocessable = (code: string, message: string) => new DomainError('unprocessable', code, message);

/** Zod issues as `{ "path.to.field": "message" }`, the `fields` of an error. */
export function zodFields(err: ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of err.issues) fields[issue.path.join('.') || '_'] = issue.message;
  return fields;
}

/** One sentence naming every field that needs attention: "Please check imap.host: required; port: must be a number". */
export function fieldsMessage(fields: Record<string, string>): string {
  return `Please check ${Object.entries(fields).map(([k, v]) => (k === '_' ? v : `${k}: ${v}`)).join('; ')}`;
}
