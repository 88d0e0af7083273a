// How a receiver verifies a Switchboard webhook (the README shows this file; the tests run it).
// Needs only Node's crypto. `rawBody` is the request body exactly as received, before any JSON parsing.
import { createHmac, timingSafeEqual } from 'node:crypto';

export function verifySwitchboardWebhook(
  secret: string,
  headers: { 'x-switchboard-timestamp'?: string; 'x-switchboard-signature'?: string },
  rawBody: string,
  toleranceSeconds = 300,
  nowSeconds = Math.floor(Date.now() / 1000),
): boolean {
  const timestamp = headers['x-switchboard-timestamp'] ?? '';
  const header = headers['x-switchboard-signature'] ?? '';
  // Old or future timestamps are replays (or a badly wrong clock): refuse them.
  if (!/^\d+$/.test(timestamp) || Math.abs(nowSeconds - Number(timestamp)) > toleranceSeconds) return false;
  const expected = createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex');
  // The header may carry several signatures (during a secret rotation): "v1=<hex>,v1=<hex>".
  return header.split(',').some((part) => {
    const [version, hex] = part.trim().split('=');
    if (version !== 'v1' || !hex || hex.length !== expected.length) return false;
    return timingSafeEqual(Buffer.from(hex, 'utf8'), Buffer.from(expected, 'utf8'));
  });
}
