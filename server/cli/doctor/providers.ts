import { TargetRefused } from '../../../channels/kit/ssrf.js';
import { channelAdapters } from '../../../channels/registry.js';
import type { Db } from '../../db/client.js';
import { schema } from '../../db/client.js';
import { SecretBox } from '../../domain/secrets.js';
import { checkImap, checkInboxSmtp } from './mail.js';
import { probes, Unreachable } from './probes.js';
import { errorText, fail, ok, warn, type CheckResult } from './types.js';

/**
 * Asks each provider whether the stored credentials are accepted, with a read-only call (probes.ts), and logs in
 * to an e-mail inbox's own IMAP and SMTP servers (mail.ts). Stored URLs and hosts are admin-set, so every call
 * goes through the same SSRF guard as the channel itself (allowPrivate beside the URL or host).
 */
async function checkInbox(inbox: { name: string; channel: string }, config: Record<string, any>): Promise<CheckResult[]> {
  const name = `inbox "${inbox.name}" (${inbox.channel})`;
  if (inbox.channel === 'email') {
    if (!config.imap && !config.smtp) return [ok(name, 'no own IMAP or SMTP server (mail comes in through the SMTP receiver and goes out through SMTP_URL)')];
    return Promise.all([
      ...(config.imap ? [checkImap(`${name} IMAP`, inbox.name, config.imap)] : []),
      ...(config.smtp ? [checkInboxSmtp(`${name} SMTP`, inbox.name, config.smtp)] : []),
    ]);
  }
  const probe = probes[inbox.channel];
  if (!probe) return [ok(name, inbox.channel === 'web' ? 'no provider credentials needed' : 'credentials stored (this provider has no read-only check)')];
  try {
    const { good, detail, refused } = await probe(config);
    if (good) return [ok(name, detail)];
    return [fail(name, detail, refused ? `replace it in Settings → Inboxes → ${inbox.name}` : `update the credentials in Settings → Inboxes → ${inbox.name}`)];
  } catch (err) {
    if (err instanceof TargetRefused) return [warn(name, `provider not called: ${err.message}`, `set allowPrivate on the inbox or WEBHOOK_ALLOW_PRIVATE=1 only for a local stand-in; otherwise fix the API address in Settings → Inboxes → ${inbox.name}`)];
    if (err instanceof Unreachable) return [fail(name, err.message, 'check outbound network access from this host to the provider (DNS, firewall, proxy)')];
    return [fail(name, `the check failed: ${errorText(err)}`, 'check outbound network access from this host to the provider')];
  }
}

export async function checkProviders(db: Db, secretKey: string | undefined): Promise<CheckResult[]> {
  const adapters = channelAdapters();
  const secrets = new SecretBox(secretKey);
  const checks: Promise<CheckResult[]>[] = [];
  for (const inbox of await db.select().from(schema.inboxes)) {
    let config: Record<string, any>;
    try {
      config = secrets.mapFields(inbox.config, adapters.get(inbox.channel as any)?.secretFields ?? [], (v) => secrets.open(v));
    } catch (err) {
      checks.push(Promise.resolve([fail(`inbox "${inbox.name}" (${inbox.channel})`, `its secrets cannot be read: ${errorText(err)}`, 'set SECRET_KEY to the value it had when the inbox was saved (the same on every node)')]));
      continue;
    }
    checks.push(checkInbox(inbox, config));
  }
  return (await Promise.all(checks)).flat();
}
