import { loadNodemailer } from '../kit/mailer.js';
import { pinnedHost, TargetRefused } from '../kit/ssrf.js';
import { errorText, failedCheck, passed, timed, warned } from '../kit/test-connection.js';
import type { ConnectionCheck, ConnectionTestContext, InboxRecord } from '../types.js';
import type { EmailConfig } from './config.js';

// An e-mail inbox with its own IMAP or SMTP server: log in as the poller and the sender do, guarded the same way
// (the host is admin-set: pinnedHost checks it and the connection goes to the checked address).

interface MailServer { host: string; port: number; secure?: boolean; user?: string; password?: string; mailbox?: string; allowPrivate?: boolean }

const refusedHint = (inboxName: string) => `fix the host, or set allowPrivate on it in Settings → Inboxes → ${inboxName} if the server is on the local network`;
const where = (s: MailServer) => `${s.host}:${s.port}`;

/** A TLS handshake against a plain-text port (or the reverse) fails with OpenSSL's words: say what they mean. */
function tlsMismatch(server: MailServer, err: unknown): string | null {
  const text = `${(err as { code?: string }).code ?? ''} ${errorText(err)}`;
  if (!/wrong version number|ssl3_get_record|packet length too long|unknown protocol|Greeting never received|ETLS/i.test(text)) return null;
  return server.secure
    ? `${where(server)} does not speak TLS on connect (secure is on): ${errorText(err)}`
    : `${where(server)} expects TLS from the start (secure is off): ${errorText(err)}`;
}

/** The checked address to connect to, or the result to report when the host is refused or does not resolve. */
async function checkedTarget(name: string, inboxName: string, server: MailServer): Promise<{ address: string; servername?: string } | ConnectionCheck> {
  try {
    return await pinnedHost(server.host, server.allowPrivate === true);
  } catch (err) {
    return err instanceof TargetRefused ? warned(name, err.message, refusedHint(inboxName), true) : failedCheck(name, `cannot resolve ${server.host}: ${errorText(err)}`, `check the ${name} host name`, true);
  }
}

async function checkImap(inboxName: string, imap: MailServer): Promise<ConnectionCheck> {
  const name = 'IMAP';
  const target = await checkedTarget(name, inboxName, imap);
  if ('status' in target) return target;
  const { address, servername } = target;
  const { ImapFlow } = await import('imapflow');
  const client = new ImapFlow({
    host: address, servername, port: imap.port, secure: imap.secure === true,
    auth: { user: imap.user ?? '', pass: imap.password ?? '' }, logger: false, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 15_000,
  });
  client.on('error', () => { /* reported through the rejected call below */ });
  const mailbox = imap.mailbox ?? 'INBOX';
  try {
    await timed(() => client.connect(), 15_000);
    // Read-only: EXAMINE, so the check changes no \Recent flags.
    const box = await timed(() => client.mailboxOpen(mailbox, { readOnly: true }), 15_000);
    await client.logout();
    return passed(name, `${where(imap)} accepts ${imap.user}; ${mailbox} holds ${box.exists} message(s)`, true);
  } catch (err) {
    const e = err as { authenticationFailed?: boolean; responseText?: string; code?: string };
    if (e.authenticationFailed) {
      return failedCheck(name, `the IMAP server ${where(imap)} refused the login for ${imap.user}${e.responseText ? `: ${e.responseText}` : ''}`, `correct the IMAP user and password in Settings → Inboxes → ${inboxName}`, true);
    }
    if (client.authenticated) return failedCheck(name, `${where(imap)}: cannot open ${mailbox}: ${e.responseText ?? errorText(err)}`, `set the mailbox to one the user has (usually INBOX) in Settings → Inboxes → ${inboxName}`, true);
    const tls = tlsMismatch(imap, err);
    if (tls) return failedCheck(name, tls, 'switch secure to match the port (on for 993, off for 143)', true);
    return failedCheck(name, `cannot reach IMAP ${where(imap)}: ${e.code ?? errorText(err)}`, 'check the IMAP host, port and TLS setting, and outbound network access from this host', true);
  } finally {
    client.close();
  }
}

async function checkSmtp(inboxName: string, smtp: MailServer): Promise<ConnectionCheck> {
  const name = 'SMTP';
  const target = await checkedTarget(name, inboxName, smtp);
  if ('status' in target) return target;
  const { address, servername } = target;
  const transport = (await loadNodemailer()).createTransport({
    host: address, ...(servername ? { tls: { servername } } : {}), port: smtp.port, secure: smtp.secure === true,
    connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 15_000,
    ...(smtp.user ? { auth: { user: smtp.user, pass: smtp.password ?? '' } } : {}),
  });
  try {
    await timed(() => transport.verify(), 20_000);
    return passed(name, `${where(smtp)} accepts a connection${smtp.user ? ` and the login of ${smtp.user}` : ''}`, true);
  } catch (err) {
    const e = err as { code?: string; response?: string };
    if (e.code === 'EAUTH') return failedCheck(name, `the SMTP server ${where(smtp)} refused the login for ${smtp.user}: ${e.response ?? errorText(err)}`, `correct the SMTP user and password in Settings → Inboxes → ${inboxName}`, true);
    const tls = tlsMismatch(smtp, err);
    if (tls) return failedCheck(name, tls, 'switch secure to match the port (on for 465, off for 587 and 25)', true);
    if (['ECONNECTION', 'ETIMEDOUT', 'EDNS'].includes(e.code ?? '') || /ECONNREFUSED|EHOSTUNREACH|ENETUNREACH|ENOTFOUND/.test(errorText(err))) return failedCheck(name, `cannot reach SMTP ${where(smtp)}: ${errorText(err)}`, 'check the SMTP host and port, and outbound network access from this host', true);
    return failedCheck(name, `SMTP ${where(smtp)}: ${e.response ?? errorText(err)}`, 'check the SMTP host, port and TLS setting (secure for port 465), and outbound network access from this host', true);
  } finally {
    transport.close();
  }
}

/** Logs in to the inbox's own IMAP and SMTP servers; without them, says how mail comes in and goes out. */
export async function testEmailConnection(inbox: InboxRecord<EmailConfig>, ctx: ConnectionTestContext): Promise<ConnectionCheck[]> {
  const { imap, smtp } = inbox.config;
  if (!imap && !smtp) {
    const inbound = ctx.config.INBOUND_SMTP_PORT ? `the SMTP receiver on port ${ctx.config.INBOUND_SMTP_PORT}` : 'the SMTP receiver';
    return [passed('mail', `no own IMAP or SMTP server (mail comes in through ${inbound} and goes out through SMTP_URL)`)];
  }
  return Promise.all([...(imap ? [checkImap(inbox.name, imap)] : []), ...(smtp ? [checkSmtp(inbox.name, smtp)] : [])]);
}
