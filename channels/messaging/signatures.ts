import { createHmac, timingSafeEqual } from 'node:crypto';

/** Constant-time comparison of two strings of possibly different length. */
export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** HMAC-SHA256 of the exact bytes received, as hex (Meta) or base64 (LINE). */
export function hmacSha256(secret: string, rawBody: Buffer, encoding: 'hex' | 'base64'): string {
  return createHmac('sha256', secret).update(rawBody).digest(encoding);
}

export function headerValue(value: string | string[] | undefined): string {
  return Array.isArray(value) ? value[0] ?? '' : value ?? '';
}
