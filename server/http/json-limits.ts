import express, { type RequestHandler } from 'express';
import { badRequest, DomainError } from '../errors.js';

/**
 * One limit for every JSON document we accept, REST body, socket payload or webhook: no real request of ours
 * nests deeper than a handful of levels, and deep nesting is what overflows recursive code further on
 * (validators, key functions, serializers). The depth is measured on the raw text before anything parses it.
 */
export const MAX_JSON_DEPTH = 32;
export const MAX_JSON_BYTES = 1024 * 1024;

/** The deepest nesting of arrays/objects in JSON text, stopping early once past `stopAt`. */
export function jsonTextDepth(text: string | Buffer, stopAt = MAX_JSON_DEPTH): number {
  const s = typeof text === 'string' ? text : text.toString('utf8');
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 /* [ */ || c === 123 /* { */) {
      if (++depth > max && (max = depth) > stopAt) return max;
    } else if (c === 93 || c === 125) depth--;
  }
  return max;
}

const tooDeep = () => new DomainError('invalid', 'too_deep', `JSON nested deeper than ${MAX_JSON_DEPTH} levels`);

/** Parses JSON text from a raw body within the one depth limit; bad text or too deep → 400. */
export function parseLimitedJson(text: string): unknown {
  if (jsonTextDepth(text) > MAX_JSON_DEPTH) throw tooDeep();
  try { return JSON.parse(text); } catch { throw new DomainError('invalid', 'malformed_json', 'Malformed JSON body'); }
}

/** The JSON body parser for the API edge: size and depth limits before the document is parsed. */
export function jsonBody(): RequestHandler {
  return express.json({
    limit: MAX_JSON_BYTES,
    verify: (_req, _res, buf) => { if (jsonTextDepth(buf) > MAX_JSON_DEPTH) throw tooDeep(); },
  });
}

/**
 * Where in an already parsed value (a socket payload) a limit is broken: too deep, or a NUL character in a
 * string or key at any depth. Walks with its own stack, so no input can overflow it. Null when all is well.
 */
export function valueProblem(value: unknown): DomainError | null {
  const stack: { v: unknown; path: string; depth: number }[] = [{ v: value, path: '', depth: 0 }];
  while (stack.length) {
    const { v, path, depth } = stack.pop()!;
    if (typeof v === 'string') {
      if (v.includes('\u0000')) return nulAt(path);
      continue;
    }
    if (!v || typeof v !== 'object') continue;
    if (depth >= MAX_JSON_DEPTH) return tooDeep();
    for (const [k, child] of Object.entries(v)) {
      const at = path ? `${path}.${k}` : k;
      if (k.includes('\u0000')) return nulAt(at);
      stack.push({ v: child, path: at, depth: depth + 1 });
    }
  }
  return null;
}

const nulAt = (at: string) => badRequest(`Invalid input: ${at || 'body'}: NUL characters are not allowed`, { [at || '_']: 'NUL characters are not allowed' });
