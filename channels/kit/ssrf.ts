import type { LookupAddress, LookupAllOptions, LookupOptions } from 'node:dns';
import { lookup as dnsLookup } from 'node:dns';
import { isIP } from 'node:net';
import { networkInterfaces } from 'node:os';
import ipaddr from 'ipaddr.js';
import type { Agent, RequestInit as UndiciInit, Response as UndiciResponse } from 'undici';

// Outbound requests to URLs chosen by users (webhooks, API-channel callbacks, imported attachments, a bot's
// own LLM endpoint) must not reach the server's own network: loopback, private ranges, link-local (cloud
// metadata), CGNAT, multicast, unspecified, the host's own addresses, and any of these hidden inside an IPv6
// form (IPv4-mapped, IPv4-compatible, NAT64, 6to4, Teredo). The address is checked when the URL is saved and
// again on the address actually connected to, so a name that resolves elsewhere later (DNS rebinding) fails.
//
// The escape hatch, for local stand-ins in development and tests: WEBHOOK_ALLOW_PRIVATE=1 allows private
// targets for the whole node; an admin's per-target flag (`allowPrivate` on a webhook or API inbox,
// `allowPrivateUrls` on an import) allows them for that target only.

/** The IPv4 address an IPv6 form carries, when it carries one that a network may route to. */
function embeddedIPv4(v6: ipaddr.IPv6): ipaddr.IPv4 | null {
  const range = v6.range();
  const b = v6.toByteArray();
  const v4 = (bytes: number[]) => new ipaddr.IPv4(bytes);
  if (range === 'ipv4Mapped' || range === 'rfc6145' || range === 'rfc6052') return v4(b.slice(12, 16)); // ::ffff:a.b.c.d, NAT64 64:ff9b::/96
  if (range === '6to4') return v4(b.slice(2, 6)); // 2002:AABB:CCDD::/48
  if (range === 'teredo') return v4(b.slice(12, 16).map((x) => x ^ 0xff)); // client address, bit-inverted
  if (b.slice(0, 12).every((x) => x === 0)) return v4(b.slice(12, 16)); // deprecated IPv4-compatible ::a.b.c.d
  return null;
}

/** The host's addresses other than loopback: a public one of these reaches this server as surely as 127.0.0.1. */
function ownAddresses(): Set<string> {
  const own = new Set<string>();
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (!a.internal && ipaddr.isValid(a.address.split('%')[0])) own.add(ipaddr.parse(a.address.split('%')[0]).toNormalizedString());
  }
  return own;
}

/** Why this IP address may not be called (private, loopback, the host's own, ...), or null for a public one. */
export function addressProblem(address: string): string | null {
  const bare = address.replace(/^\[|\]$/g, '').split('%')[0];
  if (!ipaddr.isValid(bare)) return `${address} is not an IP address`;
  const parsed = ipaddr.parse(bare);
  if (ownAddresses().has(parsed.toNormalizedString())) return `${address} is this server's own address`;
  const range = parsed.range();
  if (parsed.kind() === 'ipv6' && range !== 'loopback' && range !== 'unspecified') {
    const inner = embeddedIPv4(parsed as ipaddr.IPv6);
    if (inner) {
      const why = addressProblem(inner.toString());
      return why ? `${address} carries ${inner.toString()}: ${why}` : null;
    }
  }
  return range === 'unicast' ? null : `${address} is a ${range} address`;
}

export const isPrivateAddress = (address: string): boolean => addressProblem(address) !== null;

/** Private targets are allowed only with WEBHOOK_ALLOW_PRIVATE=1 (whole node) or an admin's per-target flag. */
export const privateTargetsAllowed = (perTarget: boolean) => perTarget || process.env.WEBHOOK_ALLOW_PRIVATE === '1';

const ALLOW_HINT = 'turn on "Allow a private or local address" for it if it really is inside your network';

/** Why this URL may not be called, or null when it may. Resolves the host so a DNS name cannot hide 127.0.0.1. */
export async function refuseTarget(rawUrl: string, allowPrivate: boolean): Promise<string | null> {
  let url: URL;
  try { url = new URL(rawUrl); } catch { return 'not a valid URL'; }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'only http and https URLs are allowed';
  if (url.username || url.password) return 'credentials in the URL are not allowed';
  return refuseHost(url.hostname, allowPrivate);
}

/** Why this host (a name or an IP, also for IMAP or SMTP) may not be reached, or null when it may. */
export async function refuseHost(rawHost: string, allowPrivate: boolean): Promise<string | null> {
  if (privateTargetsAllowed(allowPrivate)) return null;
  const host = rawHost.replace(/^\[|\]$/g, '');
  let addresses: string[];
  try {
    addresses = isIP(host) ? [host] : (await resolveAll(host)).map((a) => a.address);
  } catch {
    return `cannot resolve ${host}`;
  }
  for (const a of addresses) {
    const why = addressProblem(a);
    if (why) return `${host} is not a public address (${why}); ${ALLOW_HINT}`;
  }
  return null;
}

/**
 * Where a raw connection (IMAP, SMTP) to an admin-set host goes: the checked address, and the name to keep for TLS
 * (SNI and the certificate check) unless the host was an IP already.
 */
export async function pinnedHost(host: string, allowPrivate: boolean): Promise<{ address: string; servername?: string }> {
  const address = await resolvePublicHost(host, allowPrivate);
  return isIP(host) ? { address } : { address, servername: host };
}

/**
 * The address to open a raw connection to (IMAP, SMTP): the name is resolved once and every answer checked, and
 * the caller connects to the checked IP (with the name kept for TLS), so a later answer (DNS rebinding) cannot
 * send the connection elsewhere. When private targets are allowed the name is returned as it is.
 */
export async function resolvePublicHost(rawHost: string, allowPrivate: boolean): Promise<string> {
  const host = rawHost.replace(/^\[|\]$/g, '');
  if (privateTargetsAllowed(allowPrivate)) return host;
  const list = isIP(host) ? [{ address: host }] : await resolveAll(host);
  for (const a of list) {
    const why = addressProblem(a.address);
    if (why) throw new TargetRefused(`${host} is not a public address (${why}); ${ALLOW_HINT}`);
  }
  return list[0].address;
}

const resolveAll = (host: string) => new Promise<LookupAddress[]>((resolve, reject) =>
  dnsLookup(host, { all: true }, (err, list) => (err ? reject(err) : resolve(list))));

/** A connection was refused because of where it would have gone. */
export class TargetRefused extends Error {
  readonly code = 'ETARGETREFUSED';
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;
type Resolver = (host: string, opts: LookupAllOptions, cb: (err: NodeJS.ErrnoException | null, list: LookupAddress[]) => void) => void;

/**
 * A `lookup` for net.connect (through the undici dispatcher) that refuses the connection when any address
 * the name resolves to is not public: this is the address actually connected to, checked at connect time.
 */
export function guardedLookup(resolver: Resolver = dnsLookup as unknown as Resolver) {
  return (host: string, options: LookupOptions, cb: LookupCallback) => {
    resolver(host, { ...options, all: true } as LookupAllOptions, (err, list) => {
      if (err) return cb(err, []);
      for (const a of list) {
        const why = addressProblem(a.address);
        if (why) return cb(new TargetRefused(`${host} is not a public address (${why}); ${ALLOW_HINT}`), []);
      }
      if (options.all) return cb(null, list);
      cb(null, list[0].address, list[0].family);
    });
  };
}

/** An IP literal never reaches a lookup, so it is checked before connecting: the refusal, or null. */
export function literalRefusal(rawHost: unknown): TargetRefused | null {
  const host = typeof rawHost === 'string' ? rawHost.replace(/^\[|\]$/g, '') : '';
  const why = isIP(host) ? addressProblem(host) : null;
  return why ? new TargetRefused(`${host} is not a public address (${why}); ${ALLOW_HINT}`) : null;
}

/** undici reports "fetch failed" (or a connect error) with the guard's refusal as its cause: say the refusal. */
function refusalOrSelf(err: unknown): unknown {
  const cause = (err as { cause?: unknown }).cause;
  return cause instanceof TargetRefused ? cause : err;
}

let guardedAgent: Agent | undefined;

/**
 * fetch() for a user-chosen URL. Unless private targets are allowed, the host is checked and every connection
 * goes through guardedLookup (an IP literal never reaches a lookup, so it is checked here first).
 */
export async function fetchPublic(rawUrl: string, init: UndiciInit, allowPrivate: boolean): Promise<UndiciResponse> {
  // Allowed on purpose: the platform's own fetch, exactly as before the guard.
  if (privateTargetsAllowed(allowPrivate)) return (await fetch(rawUrl, init as RequestInit)) as unknown as UndiciResponse;
  const refused = literalRefusal(new URL(rawUrl).hostname);
  if (refused) throw refused;
  // undici (about a hundred files) is loaded with the first guarded fetch, not at start-up.
  const { Agent: GuardedAgent, fetch: undiciFetch } = await import('undici');
  guardedAgent ??= new GuardedAgent({ connect: { lookup: guardedLookup() } });
  try {
    return await undiciFetch(rawUrl, { ...init, dispatcher: guardedAgent });
  } catch (err) {
    throw refusalOrSelf(err);
  }
}

let plainAgent: Agent | undefined;

/**
 * A POST to a user-chosen URL, for the hot path (a webhook per event): undici's request() rather than fetch(),
 * which costs several times the CPU per call, behind the same guard as fetchPublic. Redirects are not followed
 * (a 3xx is the answer), and the response body is read and dropped. Answers the status code.
 */
export async function postPublic(
  rawUrl: string, init: { headers: Record<string, string>; body: string; timeoutMs: number }, allowPrivate: boolean,
): Promise<{ status: number }> {
  const open = privateTargetsAllowed(allowPrivate);
  const refused = open ? null : literalRefusal(new URL(rawUrl).hostname);
  if (refused) throw refused;
  const { Agent: UndiciAgent, request } = await import('undici');
  const dispatcher = open
    ? (plainAgent ??= new UndiciAgent())
    : (guardedAgent ??= new UndiciAgent({ connect: { lookup: guardedLookup() } }));
  try {
    const res = await request(rawUrl, {
      method: 'POST', headers: init.headers, body: init.body, dispatcher, signal: AbortSignal.timeout(init.timeoutMs),
    });
    await res.body.dump();
    return { status: res.statusCode };
  } catch (err) {
    throw refusalOrSelf(err);
  }
}
