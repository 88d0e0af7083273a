import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Recorded { method: string; path: string; headers: IncomingMessage['headers']; body: any; answer?: unknown }

/** An answer with a status other than 200, as providers refuse a bad token (Telegram: 401 Unauthorized). */
export class StatusAnswer {
  constructor(readonly status: number, readonly body: unknown) {}
}

/**
 * A provider stand-in on 127.0.0.1: records every request and answers from `reply` (path → JSON body), like the
 * Telegram Bot API, Graph API, LINE API or Slack Web API would.
 */
export async function standIn(reply: (r: Recorded) => unknown = () => ({})): Promise<{ url: string; requests: Recorded[]; close(): Promise<void> }> {
  const requests: Recorded[] = [];
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    let body: any = raw;
    try { body = raw && (req.headers['content-type'] ?? '').includes('json') ? JSON.parse(raw) : Object.fromEntries(new URLSearchParams(raw)); } catch { /* keep raw */ }
    const recorded: Recorded = { method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers, body };
    requests.push(recorded);
    const answer = reply(recorded);
    recorded.answer = answer;
    if (Buffer.isBuffer(answer)) { res.writeHead(200, { 'content-type': 'image/png' }); res.end(answer); return; }
    if (answer instanceof StatusAnswer) { res.writeHead(answer.status, { 'content-type': 'application/json' }); res.end(JSON.stringify(answer.body)); return; }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(answer ?? {}));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, requests, close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }) };
}

export const hmac = (secret: string, raw: string, encoding: 'hex' | 'base64') => createHmac('sha256', secret).update(raw).digest(encoding);
