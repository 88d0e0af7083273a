import { createHmac } from 'node:crypto';
import { fetchPublic, TargetRefused } from '../../../channels/kit/ssrf.js';
import { META_GRAPH_VERSION as GRAPH_VERSION } from '../../../channels/registry.js';
import { errorText, timed } from './types.js';

/** What a provider said about the stored credentials: `refused` when it turned the token down (401/403). */
export interface Verdict { good: boolean; detail: string; refused?: boolean }
export type Probe = (config: Record<string, any>) => Promise<Verdict>;

/** The provider could not be reached at all; names the origin only (paths and queries carry tokens). */
export class Unreachable extends Error {}

/** undici reports "fetch failed" with the reason (ECONNREFUSED, ENOTFOUND ...) as its cause: say the reason. */
export function causeText(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  return cause ? cause.code ?? cause.message ?? errorText(err) : errorText(err);
}

/**
 * One read-only GET through the same SSRF guard as the channel (the stored origin is admin-set; allowPrivate
 * beside it). A refused target stays a TargetRefused; anything else that keeps the answer away is Unreachable.
 */
async function get(url: string, headers: Record<string, string>, allowPrivate: unknown): Promise<{ status: number; body: any }> {
  try {
    const res = await timed(() => fetchPublic(url, { headers }, allowPrivate === true));
    return { status: res.status, body: await res.json().catch(() => ({})) };
  } catch (err) {
    if (err instanceof TargetRefused) throw err;
    throw new Unreachable(`cannot reach ${new URL(url).origin}: ${causeText(err)}`);
  }
}

const refusedStatus = (status: number) => status === 401 || status === 403;

// Graph API: the same origin and version as the adapters' client (channels/messaging/meta.ts), and the
// appsecret_proof it adds to every call, so an app that requires the proof answers the check as it answers them.
const graphUrl = (config: Record<string, any>, path: string, query: Record<string, string> = {}) => {
  const url = new URL(`${config.apiOrigin ?? 'https://graph.facebook.com'}/v${GRAPH_VERSION}/${path}`);
  for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
  url.searchParams.set('appsecret_proof', createHmac('sha256', String(config.appSecret ?? '')).update(String(config.accessToken)).digest('hex'));
  return url.toString();
};

/** Graph answers a bad or expired token with an OAuthException (code 190), often as a 400 rather than a 401. */
function graphVerdict(status: number, body: any): Verdict | null {
  const error = body?.error as { message?: string; code?: number } | undefined;
  if (refusedStatus(status) || error?.code === 190) return { good: false, refused: true, detail: `token refused: Graph API answered ${status}: ${error?.message ?? 'invalid token'}` };
  if (status >= 400) return { good: false, detail: `Graph API answered ${status}: ${error?.message ?? 'error'}` };
  return null;
}

export const probes: Record<string, Probe> = {
  async sms(config) {
    const base = (config.apiBaseUrl as string | undefined) ?? 'https://api.twilio.com';
    const { status, body } = await get(`${base}/2010-04-01/Accounts/${encodeURIComponent(config.accountSid)}.json`,
      { authorization: `Basic ${Buffer.from(`${config.accountSid}:${config.authToken}`).toString('base64')}` }, config.allowPrivate);
    if (status < 300) return { good: body.status === undefined || body.status === 'active', detail: `Twilio account ${body.status ?? 'found'}` };
    return { good: false, refused: refusedStatus(status), detail: `${refusedStatus(status) ? 'token refused: ' : ''}Twilio answered ${status}: ${body.message ?? 'credentials refused'}` };
  },
  async telegram(config) {
    const base = (config.apiOrigin as string | undefined) ?? 'https://api.telegram.org';
    const { status, body } = await get(`${base}/bot${config.botToken}/getMe`, {}, config.allowPrivate);
    if (body.ok) return { good: true, detail: `bot @${body.result?.username ?? '?'}` };
    return { good: false, refused: refusedStatus(status), detail: `${refusedStatus(status) ? 'token refused: ' : ''}Telegram answered ${status}: ${body.description ?? 'token refused'}` };
  },
  async messenger(config) {
    // With a Page access token, /me is the Page itself.
    const { status, body } = await get(graphUrl(config, 'me', { access_token: config.accessToken, fields: 'id,name' }), {}, config.allowPrivate);
    const bad = graphVerdict(status, body);
    if (bad) return bad;
    if (String(body.id) !== String(config.pageId)) return { good: false, detail: `the token is for page "${body.name}" (${body.id}), not page ${config.pageId}` };
    return { good: true, detail: `Facebook Page "${body.name}" (${body.id})` };
  },
  async whatsapp(config) {
    const { status, body } = await get(graphUrl(config, encodeURIComponent(config.phoneNumberId)), { authorization: `Bearer ${config.accessToken}` }, config.allowPrivate);
    const bad = graphVerdict(status, body);
    if (bad) return bad;
    return { good: true, detail: `WhatsApp number ${body.display_phone_number ?? config.phoneNumberId}${body.verified_name ? ` ("${body.verified_name}")` : ''}` };
  },
  async line(config) {
    const base = (config.apiOrigin as string | undefined) ?? 'https://api.line.me';
    const { status, body } = await get(`${base}/v2/bot/info`, { authorization: `Bearer ${config.accessToken}` }, config.allowPrivate);
    if (status < 300) return { good: true, detail: `LINE bot "${body.displayName ?? '?'}"${body.basicId ? ` (${body.basicId})` : ''}` };
    return { good: false, refused: refusedStatus(status), detail: `${refusedStatus(status) ? 'token refused: ' : ''}LINE answered ${status}: ${body.message ?? 'error'}` };
  },
};
