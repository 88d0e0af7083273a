import { fetchPublic } from '../../../channels/kit/ssrf.js';
import { channelAdapters } from '../../../channels/registry.js';
import type { Db } from '../../db/client.js';
import { schema } from '../../db/client.js';
import { SecretBox } from '../../domain/secrets.js';
import { errorText, fail, ok, timed, warn, type CheckResult } from './types.js';

type Probe = (config: Record<string, any>) => Promise<{ good: boolean; detail: string }>;

/**
 * Asks each provider whether the stored credentials are accepted, with a read-only call. The stored URLs are
 * admin-set, so the call goes through the same SSRF guard as the channel itself (allowPrivate beside the URL).
 */
const probes: Record<string, Probe> = {
  async sms(config) {
    const base = (config.apiBaseUrl as string | undefined) ?? 'https://api.twilio.com';
    const res = await timed(() => fetchPublic(`${base}/2010-04-01/Accounts/${encodeURIComponent(config.accountSid)}.json`, {
      headers: { authorization: `Basic ${Buffer.from(`${config.accountSid}:${config.authToken}`).toString('base64')}` },
    }, config.allowPrivate === true));
    const body = await res.json().catch(() => ({})) as { status?: string; message?: string };
    if (res.ok) return { good: body.status === undefined || body.status === 'active', detail: `Twilio account ${body.status ?? 'found'}` };
    return { good: false, detail: `Twilio answered ${res.status}: ${body.message ?? 'credentials refused'}` };
  },
  async telegram(config) {
    const base = (config.apiOrigin as string | undefined) ?? 'https://api.telegram.org';
    const res = await timed(() => fetchPublic(`${base}/bot${config.botToken}/getMe`, {}, config.allowPrivate === true));
    const body = await res.json().catch(() => ({})) as { ok?: boolean; result?: { username?: string }; description?: string };
    return body.ok ? { good: true, detail: `bot @${body.result?.username ?? '?'}` } : { good: false, detail: `Telegram answered ${res.status}: ${body.description ?? 'token refused'}` };
  },
};

export async function checkProviders(db: Db, secretKey: string | undefined): Promise<CheckResult[]> {
  const adapters = channelAdapters();
  const secrets = new SecretBox(secretKey);
  const results: CheckResult[] = [];
  for (const inbox of await db.select().from(schema.inboxes)) {
    const name = `inbox "${inbox.name}" (${inbox.channel})`;
    let config: Record<string, any>;
    try {
      config = secrets.mapFields(inbox.config, adapters.get(inbox.channel as any)?.secretFields ?? [], (v) => secrets.open(v));
    } catch (err) {
      results.push(fail(name, `its secrets cannot be read: ${errorText(err)}`, 'set SECRET_KEY to the value it had when the inbox was saved (the same on every node)'));
      continue;
    }
    const probe = probes[inbox.channel];
    if (!probe) {
      results.push(ok(name, inbox.channel === 'web' ? 'no provider credentials needed' : 'credentials stored (this provider has no read-only check)'));
      continue;
    }
    try {
      const { good, detail } = await probe(config);
      results.push(good ? ok(name, detail) : fail(name, detail, `update the credentials in Settings → Inboxes → ${inbox.name}`));
    } catch (err) {
      results.push(warn(name, `provider not reachable: ${errorText(err)}`, 'check outbound network access from this host to the provider'));
    }
  }
  return results;
}
