// The SSRF guard: every address form that reaches the server's own network is refused when a URL is saved
// (a clear 400 naming the reason) and again at connect time, on the address really connected to, so a name
// that resolves to loopback later (DNS rebinding) fails too. Private targets are allowed only on purpose.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addressProblem, fetchPublic, guardedLookup, postPublic, refuseTarget, TargetRefused } from '../../channels/kit/ssrf.js';
import { api, loginAdmin, startServer, type TestServer } from '../support/server.js';

// Each form with the reason it must be refused.
const REFUSED: [string, RegExp][] = [
  ['127.0.0.1', /loopback/], ['10.1.2.3', /private/], ['172.20.0.1', /private/], ['192.168.1.1', /private/],
  ['169.254.169.254', /linkLocal/], ['100.64.0.1', /carrierGradeNat/], ['224.0.0.1', /multicast/], ['0.0.0.0', /unspecified/],
  ['255.255.255.255', /broadcast/], ['::1', /loopback/], ['::', /unspecified/], ['fe80::1', /linkLocal/], ['fd00::1', /uniqueLocal/],
  ['ff02::1', /multicast/],
  ['::ffff:127.0.0.1', /carries 127\.0\.0\.1: .*loopback/], // IPv4-mapped
  ['::127.0.0.1', /carries 127\.0\.0\.1: .*loopback/], // IPv4-compatible
  ['64:ff9b::7f00:1', /carries 127\.0\.0\.1: .*loopback/], // NAT64 of loopback
  ['64:ff9b::a00:1', /carries 10\.0\.0\.1: .*private/], // NAT64 of a private address
  ['2002:c0a8:101::1', /carries 192\.168\.1\.1: .*private/], // 6to4 of a private address
  ['2001:0:4136:e378:8000:63bf:80ff:fffe', /carries 127\.0\.0\.1: .*loopback/], // Teredo client 127.0.0.1
];

describe('SSRF guard', () => {
  let s: TestServer;
  let admin: string;
  let target: Server;
  let port = 0;
  const hits: string[] = [];

  beforeAll(async () => {
    s = await startServer();
    admin = await loginAdmin(s.url);
    target = createServer((req, res) => { hits.push(req.url ?? ''); res.end('reached'); });
    await new Promise<void>((r) => target.listen(0, '127.0.0.1', () => r()));
    port = (target.address() as AddressInfo).port;
  });
  afterAll(async () => {
    target?.close();
    await s?.close();
  });

  it('classifies every private form, including those hidden in IPv6, and lets public addresses through', () => {
    for (const [address, why] of REFUSED) expect(addressProblem(address), address).toMatch(why);
    for (const address of ['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946', '64:ff9b::5db8:d822', '::ffff:93.184.216.34']) expect(addressProblem(address), address).toBeNull();
  });

  it('refuses the host\'s own addresses, not only loopback', () => {
    const own = Object.values(networkInterfaces()).flat().filter((a) => a && !a.internal).map((a) => a!.address.split('%')[0]);
    expect(own.length).toBeGreaterThan(0);
    for (const a of own) expect(addressProblem(a), a).toMatch(/this server's own address/);
  });

  it('a webhook to any such form is refused with a 400 that says why', async () => {
    for (const [address, why] of REFUSED) {
      const host = address.includes(':') ? `[${address}]` : address;
      const r = await api(s.url, 'POST', '/api/webhooks', { token: admin, body: { url: `http://${host}:${port}/hook`, events: ['message.created'] } });
      expect(r.status, address).toBe(400);
      expect(r.body.error.message, address).toMatch(/^Webhook target refused: .* is not a public address/);
      expect(r.body.error.message, address).toMatch(why);
    }
    // Host names are resolved first, and odd spellings of 127.0.0.1 are the same address.
    for (const url of [`http://localhost:${port}/`, `http://2130706433:${port}/`, `http://0x7f.1:${port}/`]) {
      const r = await api(s.url, 'POST', '/api/webhooks', { token: admin, body: { url, events: ['message.created'] } });
      expect([r.status, r.body.error.message], url).toEqual([400, expect.stringMatching(/loopback/)]);
    }
    // On purpose, for a local stand-in, it is accepted.
    const allowed = await api(s.url, 'POST', '/api/webhooks', { token: admin, body: { url: `http://127.0.0.1:${port}/hook`, events: ['message.created'], allowPrivate: true } });
    expect(allowed.status).toBe(201);
    expect((await api(s.url, 'GET', '/api/webhooks', { token: admin })).body.items.map((w: { url: string }) => w.url)).toEqual([`http://127.0.0.1:${port}/hook`]);
    expect(hits).toEqual([]);
  });

  it('refuses at connect time the address a name resolves to, whatever it resolved to when saved', async () => {
    // A name that resolves to loopback at connect time: no request reaches the server behind it.
    await expect(fetchPublic(`http://localhost:${port}/rebound`, { method: 'POST', body: 'x' }, false)).rejects.toThrow(TargetRefused);
    await expect(fetchPublic(`http://[::ffff:127.0.0.1]:${port}/literal`, {}, false)).rejects.toThrow(/carries 127\.0\.0\.1/);
    expect(hits).toEqual([]);
    // The same call with private targets allowed reaches it.
    const ok = await fetchPublic(`http://localhost:${port}/allowed`, {}, true);
    expect([ok.status, await ok.text()]).toEqual([200, 'reached']);
    expect(hits).toEqual(['/allowed']);

    // DNS rebinding: a resolver that answered a public address when the URL was checked answers loopback now.
    const answers = ['93.184.216.34', '127.0.0.1'];
    const rebinding = guardedLookup((_host, _opts, cb) => cb(null, [{ address: answers.shift()!, family: 4 }]));
    const first = await new Promise<unknown>((resolve) => rebinding('rebind.test', {}, (err, address) => resolve(err ?? address)));
    expect(first).toBe('93.184.216.34');
    const second = await new Promise<unknown>((resolve) => rebinding('rebind.test', {}, (err, address) => resolve(err ?? address)));
    expect(second).toBeInstanceOf(TargetRefused);
    expect((second as Error).message).toMatch(/^rebind\.test is not a public address \(127\.0\.0\.1 is a loopback address\)/);
  });

  it('the webhook POST path refuses the same way at connect time, and follows no redirect', async () => {
    const post = (url: string, allowPrivate: boolean) => postPublic(url, { headers: { 'content-type': 'application/json' }, body: '{"a":1}', timeoutMs: 5_000 }, allowPrivate);
    const before = hits.length;
    await expect(post(`http://localhost:${port}/post-rebound`, false)).rejects.toThrow(TargetRefused);
    await expect(post(`http://[::ffff:127.0.0.1]:${port}/post-literal`, false)).rejects.toThrow(/carries 127\.0\.0\.1/);
    expect(hits.slice(before)).toEqual([]);
    expect(await post(`http://localhost:${port}/post-allowed`, true)).toEqual({ status: 200 });
    expect(hits.slice(before)).toEqual(['/post-allowed']);
    // A redirect is the answer, not followed.
    const redirecting = createServer((req, res) => { res.writeHead(302, { location: `http://127.0.0.1:${port}/post-redirected` }); res.end(); });
    await new Promise<void>((r) => redirecting.listen(0, '127.0.0.1', () => r()));
    try {
      expect(await post(`http://127.0.0.1:${(redirecting.address() as AddressInfo).port}/hook`, true)).toEqual({ status: 302 });
      expect(hits.slice(before)).toEqual(['/post-allowed']);
    } finally {
      redirecting.close();
    }
  });

  it('refuses non-http schemes and credentials in the URL', async () => {
    expect(await refuseTarget('file:///etc/passwd', false)).toMatch(/only http and https/);
    expect(await refuseTarget('http://user:pw@example.com/', false)).toMatch(/credentials/);
  });
});
