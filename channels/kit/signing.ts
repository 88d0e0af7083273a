import { createHmac } from 'node:crypto';

/** Headers for a signed outbound request: HMAC-SHA256 over `${timestamp}.${body}` (see webhook-verify-snippet.ts). */
export function signedHeaders(secret: string, body: string, nowMs = Date.now()): Record<string, string> {
  const timestamp = String(Math.floor(nowMs / 1000));
  const signature = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  return { 'x-switchboard-timestamp': timestamp, 'x-switchboard-signature': `v1=${signature}` };
}
