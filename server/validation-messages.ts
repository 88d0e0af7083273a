import { z } from 'zod';
import type { $ZodRawIssue } from 'zod/v4/core';

// What a person reads when a form or API call is refused: plain words per field ("required", "at least 8
// characters", "a valid e-mail address"), not the validator's own wording ("Invalid input: expected string,
// received undefined"). A schema's own message still wins; this only replaces zod's defaults, once per process.

const KINDS: Record<string, string> = {
  string: 'text', number: 'a number', int: 'a whole number', bigint: 'a whole number', boolean: 'true or false',
  array: 'a list', object: 'a group of fields', date: 'a date', null: 'empty',
};
const FORMATS: Record<string, string> = {
  email: 'a valid e-mail address', url: 'a web address such as https://example.com', uuid: 'an id (a UUID)', guid: 'an id (a UUID)',
  datetime: 'a date and time such as 2026-01-31T09:00:00Z', date: 'a date such as 2026-01-31', time: 'a time such as 09:30',
  ipv4: 'an IP address', ipv6: 'an IP address', e164: 'a phone number with its country code, such as +14155550100',
};

type Issue = $ZodRawIssue;

function size(issue: { origin?: unknown; minimum?: unknown; maximum?: unknown }, bound: 'at least' | 'at most'): string {
  const n = Number(bound === 'at least' ? issue.minimum : issue.maximum);
  if (issue.origin === 'string') return bound === 'at least' && n === 1 ? 'required' : `${bound} ${n} character${n === 1 ? '' : 's'}`;
  if (issue.origin === 'array' || issue.origin === 'set') return bound === 'at least' && n === 1 ? 'at least one is required' : `${bound} ${n} item${n === 1 ? '' : 's'}`;
  if (issue.origin === 'file') return `${bound} ${n} bytes`;
  return `${bound} ${n}`;
}

export function plainMessage(issue: Issue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'required';
      return `must be ${KINDS[String(issue.expected)] ?? String(issue.expected)}`;
    case 'too_small':
      return size(issue, 'at least');
    case 'too_big':
      return size(issue, 'at most');
    case 'invalid_format':
      if (issue.format === 'regex') return 'not in the expected format';
      if (issue.format === 'starts_with' || issue.format === 'ends_with' || issue.format === 'includes') return undefined;
      return FORMATS[String(issue.format)] ?? 'not in the expected format';
    case 'invalid_value':
      return `one of: ${(issue.values as unknown[]).map((v) => String(v)).join(', ')}`;
    case 'unrecognized_keys':
      return `unknown field${issue.keys.length === 1 ? '' : 's'}: ${issue.keys.join(', ')}`;
    case 'not_multiple_of':
      return `a multiple of ${String(issue.divisor)}`;
    default:
      return undefined;
  }
}

z.config({ customError: plainMessage });
