import { createClient } from 'redis';
import { loadNodemailer } from '../../../channels/kit/mailer.js';
import type { Config } from '../../config.js';
import type { Database } from '../../db/client.js';
import { errorText, fail, ok, skewResult, timed, warn, type CheckResult } from './types.js';

export async function checkPublicUrl(config: Config): Promise<CheckResult[]> {
  if (!config.PUBLIC_URL) {
    return [warn('PUBLIC_URL', `not set; links and webhook URLs use ${config.publicUrl}`, 'set PUBLIC_URL to the https:// address customers and providers reach (Twilio signatures are checked against it)')];
  }
  const url = new URL(config.publicUrl);
  const results: CheckResult[] = [];
  if (url.protocol !== 'https:' && !['localhost', '127.0.0.1'].includes(url.hostname)) {
    results.push(warn('PUBLIC_URL', `${config.publicUrl} is not https`, 'serve Switchboard over https (the reverse proxy in deploy/ terminates TLS); browsers and providers expect it'));
  }
  try {
    const sentAt = Date.now();
    const res = await timed(() => fetch(`${config.publicUrl}/healthz`, { redirect: 'manual' }));
    const body = await res.json().catch(() => null) as { ok?: boolean } | null;
    if (res.status !== 200 || body?.ok !== true) {
      results.push(fail('PUBLIC_URL', `${config.publicUrl}/healthz answered ${res.status}, not Switchboard's {"ok":true}`, 'point PUBLIC_URL (and the proxy in front) at a running Switchboard'));
    } else {
      results.push(ok('PUBLIC_URL', `${config.publicUrl} reaches a running Switchboard`));
      const date = res.headers.get('date');
      // HTTP dates have one-second resolution: allow for it and for the round trip.
      if (date) results.push(skewResult('clock (PUBLIC_URL)', 'the server behind PUBLIC_URL', sentAt + (Date.now() - sentAt) / 2 - Date.parse(date) - 500));
    }
  } catch (err) {
    results.push(fail('PUBLIC_URL', `${config.publicUrl}/healthz did not answer: ${errorText(err)}`, 'start the server, or fix DNS / the reverse proxy so PUBLIC_URL reaches it'));
  }
  return results;
}

export async function checkDatabase(database: Database): Promise<CheckResult[]> {
  const sentAt = Date.now();
  const { rows } = await database.raw.query("select now() as now, current_setting('server_version') as version");
  const local = sentAt + (Date.now() - sentAt) / 2;
  const results = [ok('database', `${database.kind === 'postgres' ? 'PostgreSQL' : 'PGlite (embedded)'} ${rows[0].version}, migrations applied`)];
  if (database.kind === 'postgres') results.push(skewResult('clock (database)', 'PostgreSQL', local - new Date(rows[0].now).getTime()));
  return results;
}

export async function checkRedis(config: Config): Promise<CheckResult[]> {
  if (!config.REDIS_URL) return [ok('Redis', 'not configured (fine for one node; several nodes need REDIS_URL to share sockets)')];
  const client = createClient({ url: config.REDIS_URL, socket: { reconnectStrategy: false, connectTimeout: 5_000 } });
  client.on('error', () => {});
  try {
    await timed(() => client.connect());
    const sentAt = Date.now();
    const [seconds, micros] = (await client.sendCommand(['TIME'])) as string[];
    const local = sentAt + (Date.now() - sentAt) / 2;
    return [ok('Redis', `${config.REDIS_URL.replace(/\/\/[^@/]*@/, '//')} answers`), skewResult('clock (Redis)', 'Redis', local - (Number(seconds) * 1000 + Number(micros) / 1000))];
  } catch (err) {
    return [fail('Redis', `cannot reach REDIS_URL: ${errorText(err)}`, 'start Redis or fix REDIS_URL (redis://host:6379); without it nodes do not see each other\'s sockets')];
  } finally {
    if (client.isOpen) await client.quit().catch(() => {});
  }
}

export async function checkSmtp(config: Config): Promise<CheckResult> {
  if (!config.SMTP_URL) return warn('SMTP', 'SMTP_URL not set: invitations, reminders and replies of e-mail inboxes without their own SMTP cannot be sent', 'set SMTP_URL=smtp://user:pass@mail.example.com:587');
  const transport = (await loadNodemailer()).createTransport(config.SMTP_URL);
  try {
    await timed(() => transport.verify(), 10_000);
    return ok('SMTP', 'SMTP_URL accepts a connection and the credentials');
  } catch (err) {
    return fail('SMTP', `SMTP_URL: ${errorText(err)}`, 'check the host, port, TLS (smtps:// for port 465) and the user and password in SMTP_URL');
  } finally {
    transport.close();
  }
}
