import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

// Outbound requests to URLs chosen by users (webhooks, API-channel callbacks) must not reach the server's own
// network: loopback, private ranges, link-local (cloud metadata), CGNAT, multicast and the like.
const blocked = new BlockList();
for (const [net, bits] of [['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 3]] as const) blocked.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8]] as const) blocked.addSubnet(net, bits, 'ipv6');

export function isPrivateAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return blocked.check(mapped[1], 'ipv4');
  const family = isIP(address);
  if (!family) return true;
  return blocked.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** Private targets are allowed only with WEBHOOK_ALLOW_PRIVATE=1 (whole node) or an admin's per-target flag. */
export const privateTargetsAllowed = (perTarget: boolean) => perTarget || process.env.WEBHOOK_ALLOW_PRIVATE === '1';

/** Why this URL may not be called, or null when it may. Resolves the host so a DNS name cannot hide 127.0.0.1. */
export async function refuseTarget(rawUrl: string, allowPrivate: boolean): Promise<string | null> {
  let url: URL;
  try { url = new URL(rawUrl); } catch { return 'not a valid URL'; }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'only http and https URLs are allowed';
  if (url.username || url.password) return 'credentials in the URL are not allowed';
  if (privateTargetsAllowed(allowPrivate)) return null;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  try {
    addresses = isIP(host) ? [host] : (await lookup(host, { all: true })).map((a) => a.address);
  } catch {
    return `cannot resolve ${host}`;
  }
  const bad = addresses.find(isPrivateAddress);
  return bad ? `${host} resolves to a private or loopback address (${bad}); allow private targets to use it` : null;
}
