import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import twilio from 'twilio';

// A local stand-in for the parts of Twilio the SMS channel talks to: the Messages API (answers are scripted per
// test) and MMS media URLs (basic auth required, like Twilio's "HTTP Basic Auth for media"). It also signs
// webhooks exactly as Twilio does, with the SDK's own helper.

export const ACCOUNT_SID = `AC${'a1'.repeat(16)}`;
export const AUTH_TOKEN = 'b2'.repeat(16);
export const PUBLIC_URL = 'https://support.example.test';

export interface SentMessage { To: string; From?: string; MessagingServiceSid?: string; Body: string; StatusCallback?: string; authorized: boolean }
export interface ScriptedAnswer { status: number; body?: unknown; headers?: Record<string, string> }

export const messageSid = (prefix = 'SM') => `${prefix}${randomBytes(16).toString('hex')}`;

export class TwilioStandIn {
  readonly sent: SentMessage[] = [];
  readonly mediaRequests: { path: string; authorized: boolean }[] = [];
  private script: ScriptedAnswer[] = [];
  private media = new Map<string, { contentType: string; data: Buffer }>();
  private server: Server;
  url = '';

  constructor() {
    this.server = createServer((req, res) => {
      void this.handle(req).then(({ status, body, headers, raw }) => {
        res.writeHead(status, { ...(raw ? {} : { 'content-type': 'application/json' }), ...headers });
        res.end(raw ?? JSON.stringify(body ?? {}));
      });
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', () => resolve()));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  /** The next Messages API calls answer with these, in order; afterwards every call is accepted (201). */
  answerNext(...answers: ScriptedAnswer[]): void {
    this.script.push(...answers);
  }

  serveMedia(name: string, contentType: string, data: Buffer): string {
    this.media.set(name, { contentType, data });
    return `${this.url}/2010-04-01/Accounts/${ACCOUNT_SID}/Messages/MM0/Media/${name}`;
  }

  private async handle(req: IncomingMessage): Promise<{ status: number; body?: unknown; headers?: Record<string, string>; raw?: Buffer }> {
    const authorized = req.headers.authorization === `Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64')}`;
    const path = new URL(req.url ?? '/', this.url).pathname;
    const mediaMatch = /\/Media\/([^/]+)$/.exec(path);
    if (req.method === 'GET' && mediaMatch) {
      this.mediaRequests.push({ path, authorized });
      const item = this.media.get(mediaMatch[1]);
      if (!authorized) return { status: 401, body: { code: 20003, message: 'Authenticate' } };
      if (!item) return { status: 404, body: { code: 20404, message: 'not found' } };
      return { status: 200, headers: { 'content-type': item.contentType }, raw: item.data };
    }
    // The account resource: what a connection test reads to see whether the Account SID and Auth Token work.
    if (req.method === 'GET' && path === `/2010-04-01/Accounts/${ACCOUNT_SID}.json`) {
      if (!authorized) return { status: 401, body: { code: 20003, message: 'Authenticate', status: 401 } };
      return { status: 200, body: { sid: ACCOUNT_SID, friendly_name: 'Acme', status: 'active' } };
    }
    if (req.method === 'POST' && path === `/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`) {
      const form = Object.fromEntries(new URLSearchParams(await readBody(req)));
      this.sent.push({ ...(form as unknown as SentMessage), authorized });
      if (!authorized) return { status: 401, body: { code: 20003, message: 'Authenticate', status: 401 } };
      const scripted = this.script.shift();
      if (scripted) return scripted;
      return { status: 201, body: { sid: messageSid(), status: 'queued', num_segments: '1', to: form.To, from: form.From ?? null, body: form.Body } };
    }
    return { status: 404, body: { code: 20404, message: `no route ${req.method} ${path}` } };
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Posts a webhook to the server the way Twilio does: form-encoded, signed over PUBLIC_URL + path. `signedUrl`
 * and `signature` let a test sign something else or forge the header.
 */
export async function postWebhook(serverUrl: string, path: string, params: Record<string, string>, opts: { signedUrl?: string; signature?: string | null; authToken?: string } = {}) {
  const signature = opts.signature === undefined
    ? twilio.getExpectedTwilioSignature(opts.authToken ?? AUTH_TOKEN, opts.signedUrl ?? `${PUBLIC_URL}${path}`, params)
    : opts.signature;
  const res = await fetch(serverUrl + path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(signature ? { 'x-twilio-signature': signature } : {}) },
    body: new URLSearchParams(params),
  });
  return { status: res.status, text: await res.text(), contentType: res.headers.get('content-type') ?? '' };
}
