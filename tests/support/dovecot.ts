import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ImapFlow } from 'imapflow';

const DOVECOT = '/usr/sbin/dovecot';
const MAIL_UID = 8; // Debian's `mail` user: Dovecot refuses root as the mail user

/** Dovecot is installed (Debian's dovecot-imapd, see .ci/dovecot-setup.sh) and we may start it. */
export function dovecotAvailable(): boolean {
  const problem = !existsSync(DOVECOT) ? 'install dovecot-imapd (apt-get install dovecot-imapd)'
    : process.getuid?.() !== 0 ? 'run as root (Dovecot switches to the mail user)' : null;
  if (!problem) return true;
  if (process.env.REQUIRE_SERVICES === '1') throw new Error(`Dovecot is required (REQUIRE_SERVICES=1): ${problem}`);
  console.warn(`skipping IMAP tests: ${problem}`);
  return false;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, up: boolean): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const open = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1');
      s.once('connect', () => { s.destroy(); resolve(true); });
      s.once('error', () => resolve(false));
    });
    if (open === up) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Dovecot port ${port} did not go ${up ? 'up' : 'down'}`);
}

export interface Dovecot {
  port: number;
  user: string;
  password: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Delivers a raw mail into the user's INBOX over IMAP, as a mail server would. */
  append(raw: string | Buffer): Promise<void>;
  dispose(): Promise<void>;
}

/** A private Dovecot IMAP server on a loopback port, with one mailbox user, in a temporary directory. */
export async function createDovecot(): Promise<Dovecot> {
  const dir = mkdtempSync(path.join(tmpdir(), 'sb-dovecot-'));
  chmodSync(dir, 0o755);
  const port = await freePort();
  const user = 'support';
  const password = 'imap-password-1';
  const mailRoot = path.join(dir, 'mail');
  mkdirSync(mailRoot);
  chownSync(mailRoot, MAIL_UID, MAIL_UID);
  writeFileSync(path.join(dir, 'users'), `${user}:{PLAIN}${password}::::::\n`, { mode: 0o644 });
  writeFileSync(path.join(dir, 'dovecot.conf'), `
instance_name = sb-test-${port}
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
first_valid_uid = ${MAIL_UID}
mail_uid = mail
mail_gid = mail
mail_location = maildir:${mailRoot}/%u
default_internal_user = dovecot
default_login_user = dovenull
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/users
}
userdb {
  driver = static
  args = uid=mail gid=mail home=${mailRoot}/%u
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
`);
  let proc: ChildProcess | null = null;

  const dovecot: Dovecot = {
    port, user, password,
    async start() {
      if (proc) return;
      proc = spawn(DOVECOT, ['-F', '-c', path.join(dir, 'dovecot.conf')], { stdio: 'ignore' });
      await waitForPort(port, true);
    },
    async stop() {
      if (!proc) return;
      const exited = new Promise((r) => proc!.once('exit', r));
      proc.kill('SIGTERM');
      await exited;
      proc = null;
      await waitForPort(port, false);
    },
    async append(raw) {
      const client = new ImapFlow({ host: '127.0.0.1', port, secure: false, auth: { user, pass: password }, logger: false });
      await client.connect();
      try {
        await client.append('INBOX', raw);
      } finally {
        await client.logout();
      }
    },
    async dispose() {
      await dovecot.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await dovecot.start();
  return dovecot;
}
