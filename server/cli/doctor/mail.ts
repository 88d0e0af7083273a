import nodemailer from 'nodemailer';
import { pinnedHost, TargetRefused } from '../../../channels/kit/ssrf.js';
import { errorText, fail, ok, timed, warn, type CheckResult } from './types.js';

// An e-mail inbox with its own IMAP or SMTP server: log in as the poller and the sender do, guarded the same way
// (the host is admin-set: resolvePublicHost checks it and the connection goes to the checked address).

interface MailServer { host: string; port: number; secure?: boolean; user?: string; password?: string; mailbox?: string; allowPrivate?: boolean }

const refusedHint = (name: string) => `fix the host, or set allowPrivate on it in Settings → Inboxes → ${name} if the server is on the local network`;
const where = (s: MailServer) => `${s.host}:${s.port}`;

/** The checked address to connect to, or the result to report when the host is refused or does not resolve. */
async function checkedTarget(name: string, inboxName: string, server: MailServer, kind: 'IMAP' | 'SMTP'): Promise<{ address: string; servername?: string } | CheckResult> {
  try {
    return await pinnedHost(server.host, server.allowPrivate === true);
  } catch (err) {
    return err instanceof TargetRefused ? warn(name, err.message, refusedHint(inboxName)) : fail(name, `cannot resolve ${server.host}: ${errorText(err)}`, `check the ${kind} host name`);
  }
}

export async function checkImap(name: string, inboxName: string, imap: MailServer): Promise<CheckResult> {
  const target = await checkedTarget(name, inboxName, imap, 'IMAP');
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
    return ok(name, `${where(imap)} accepts ${imap.user}; ${mailbox} holds ${box.exists} message(s)`);
  } catch (err) {
    const e = err as { authenticationFailed?: boolean; responseText?: string; code?: string };
    if (e.authenticationFailed) {
      return fail(name, `the IMAP server ${where(imap)} refused the login for ${imap.user}${e.responseText ? `: ${e.responseText}` : ''}`, `correct the IMAP user and password in Settings → Inboxes → ${inboxName}`);
    }
    if (client.authenticated) return fail(name, `${where(imap)}: cannot open ${mailbox}: ${e.responseText ?? errorText(err)}`, `set the mailbox to one the user has (usually INBOX) in Settings → Inboxes → ${inboxName}`);
    return fail(name, `cannot reach IMAP ${where(imap)}: ${e.code ?? errorText(err)}`, 'check the IMAP host, port and TLS setting, and outbound network access from this host');
  } finally {
    client.close();
  }
}

export async function checkInboxSmtp(name: string, inboxName: string, smtp: MailServer): Promise<CheckResult> {
  const target = await checkedTarget(name, inboxName, smtp, 'SMTP');
  if ('status' in target) return target;
  const { address, servername } = target;
  const transport = nodemailer.createTransport({
    host: address, ...(servername ? { tls: { servername } } : {}), port: smtp.port, secure: smtp.secure === true,
    connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 15_000,
    ...(smtp.user ? { auth: { user: smtp.user, pass: smtp.password ?? '' } } : {}),
  });
  try {
    await timed(() => transport.verify(), 20_000);
    return ok(name, `${where(smtp)} accepts a connection${smtp.user ? ` and the login of ${smtp.user}` : ''}`);
  } catch (err) {
    const e = err as { code?: string; response?: string };
    if (e.code === 'EAUTH') return fail(name, `the SMTP server ${where(smtp)} refused the login for ${smtp.user}: ${e.response ?? errorText(err)}`, `correct the SMTP user and password in Settings → Inboxes → ${inboxName}`);
    return fail(name, `SMTP ${where(smtp)}: ${e.response ?? errorText(err)}`, 'check the SMTP host, port and TLS setting (secure for port 465), and outbound network access from this host');
  } finally {
    transport.close();
  }
}
