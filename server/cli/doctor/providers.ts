import { channelAdapters } from '../../../channels/registry.js';
import type { ChannelAdapter, ChannelKind, ConnectionCheck, InboxRecord } from '../../../channels/types.js';
import type { Config } from '../../config.js';
import type { Db } from '../../db/client.js';
import { schema } from '../../db/client.js';
import { SecretBox } from '../../shared/secrets.js';
import { errorText, fail, ok, type CheckResult } from './types.js';

/**
 * Each inbox's own connection test (the adapter's testConnection, the same one Settings runs): a read-only call
 * to the provider, or a login to an e-mail inbox's own IMAP and SMTP servers, through the channel's SSRF guard.
 */
async function checkInbox(adapter: ChannelAdapter | undefined, inbox: InboxRecord, config: Config): Promise<CheckResult[]> {
  const name = `inbox "${inbox.name}" (${inbox.channel})`;
  if (!adapter?.testConnection) return [ok(name, 'credentials stored (this channel has no read-only check)')];
  let checks: ConnectionCheck[];
  try {
    checks = await adapter.testConnection(inbox, { publicUrl: config.publicUrl, config: { SMTP_URL: config.SMTP_URL, INBOUND_SMTP_PORT: config.INBOUND_SMTP_PORT } });
  } catch (err) {
    return [fail(name, `the check failed: ${errorText(err)}`, 'check outbound network access from this host to the provider')];
  }
  return checks.map((c) => ({ name: c.part ? `${name} ${c.name}` : name, status: c.status, detail: c.detail, ...(c.fix ? { fix: c.fix } : {}) }));
}

export async function checkProviders(db: Db, config: Config): Promise<CheckResult[]> {
  const adapters = channelAdapters();
  const secrets = new SecretBox(config.SECRET_KEY);
  const checks: Promise<CheckResult[]>[] = [];
  for (const row of await db.select().from(schema.inboxes)) {
    const adapter = adapters.get(row.channel as ChannelKind);
    let inbox: InboxRecord;
    try {
      inbox = { id: row.id, name: row.name, channel: row.channel as ChannelKind, widgetKey: row.widgetKey, botEnabled: row.botEnabled, teamId: row.teamId,
        config: secrets.mapFields(row.config, adapter?.secretFields ?? [], (v) => secrets.open(v)) };
    } catch (err) {
      checks.push(Promise.resolve([fail(`inbox "${row.name}" (${row.channel})`, `its secrets cannot be read: ${errorText(err)}`, 'set SECRET_KEY to the value it had when the inbox was saved (the same on every node)')]));
      continue;
    }
    checks.push(checkInbox(adapter, inbox, config));
  }
  return (await Promise.all(checks)).flat();
}
