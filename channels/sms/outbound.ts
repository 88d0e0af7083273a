import type RequestClient from 'twilio/lib/base/RequestClient.js';
import { guardAxios } from '../kit/ssrf-agents.js';
import { delivered, failed, retryLater, type Delivery, type OutboundMessage } from '../types.js';
import type { SmsConfig } from './config.js';
import { describeTwilioError } from './errors.js';
import { loadTwilio, type Twilio } from './sdk.js';
import { countSegments } from './segments.js';

/** Twilio refuses longer bodies; below this it splits into concatenated segments itself. */
export const MAX_SMS_BODY = 1600;
const MAX_RETRY_AFTER_MS = 60 * 60 * 1000;
const UNSUBSCRIBED = 21610;

/**
 * The SDK builds absolute https://api.twilio.com/... URLs; this client moves them onto the inbox's
 * apiBaseUrl (regional endpoint, egress proxy, or a stand-in in tests) keeping path and query.
 */
function rebasedRequestClient(twilio: Twilio, base: URL, allowPrivate: boolean): RequestClient {
  class RebasedRequestClient extends twilio.RequestClient {
    constructor() {
      super();
      // An admin chose this address: connect only where the SSRF guard allows (checked again on every connection).
      guardAxios(this.axios, allowPrivate);
    }

    override request<TData>(opts: RequestClient.RequestOptions<TData>) {
      const original = new URL(opts.uri);
      const target = new URL(base.href);
      target.pathname = `${base.pathname.replace(/\/$/, '')}${original.pathname}`;
      target.search = original.search;
      return super.request<TData>({ ...opts, uri: target.href });
    }
  }
  return new RebasedRequestClient();
}

export interface SendContext {
  publicUrl: string;
  inboxId: string;
  /** Twilio already knows the customer unsubscribed (21610): record it so agents see why. */
  markOptedOut(address: string): Promise<void>;
}

export async function sendSms(message: OutboundMessage, config: SmsConfig, send: SendContext): Promise<Delivery> {
  const to = message.recipient.address;
  if (!to) return failed('This conversation has no phone number to text');
  if (!message.body.trim()) return failed('SMS cannot carry an empty message');
  if (message.body.length > MAX_SMS_BODY) return failed(`SMS bodies are limited to ${MAX_SMS_BODY} characters; shorten the reply or split it`);

  // A fresh client per send: RequestClient remembers only the last response, which is where Retry-After is.
  const twilio = await loadTwilio();
  const http: RequestClient = config.apiBaseUrl ? rebasedRequestClient(twilio, new URL(config.apiBaseUrl), Boolean(config.allowPrivate)) : new twilio.RequestClient();
  const client = twilio(config.accountSid, config.authToken, { httpClient: http });
  try {
    const sent = await client.messages.create({
      to,
      body: message.body,
      ...(config.messagingServiceSid ? { messagingServiceSid: config.messagingServiceSid } : { from: config.fromNumber }),
      statusCallback: `${send.publicUrl}/webhooks/twilio/${send.inboxId}/status`,
    });
    return delivered(sent.sid, { sms: { segments: Number(sent.numSegments) || countSegments(message.body).segments } });
  } catch (err) {
    if (!(err instanceof twilio.RestException)) {
      // Connection refused, DNS, timeouts: the network, not the message, so try again later.
      return retryLater(err instanceof Error ? err.message : String(err));
    }
    const reason = describeTwilioError(err.code, err.message, `HTTP ${err.status}`);
    if (err.status === 429 || err.status >= 500) return retryLater(reason, retryAfterMs(http.lastResponse?.headers));
    if (err.code === UNSUBSCRIBED) await send.markOptedOut(to);
    return failed(reason);
  }
}

/** Retry-After in seconds or as an HTTP date; undefined lets the queue use its own backoff. */
function retryAfterMs(headers: Record<string, unknown> | undefined): number | undefined {
  const raw = headers?.['retry-after'];
  if (typeof raw !== 'string' || !raw.trim()) return undefined;
  const ms = /^\d+$/.test(raw.trim()) ? Number(raw) * 1000 : Date.parse(raw) - Date.now();
  return Number.isFinite(ms) && ms > 0 ? Math.min(ms, MAX_RETRY_AFTER_MS) : undefined;
}
