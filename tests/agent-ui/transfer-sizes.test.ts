// What a browser actually downloads: every front-end asset is sent precompressed (brotli, else gzip) with
// `Vary: Accept-Encoding`, hashed files are cached for a year, and the size budgets hold for the bytes on the
// wire as counted here from the raw HTTP responses.
import { request } from 'node:http';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../support/server.js';
import { ensureUiBuilt, ROOT } from './harness.js';

interface Sent { status: number; bytes: number; encoding: string | undefined; vary: string; cache: string }

/** The response body as it crossed the network: no decompression on the way. */
function fetchRaw(base: string, p: string, acceptEncoding?: string): Promise<Sent> {
  return new Promise((resolve, reject) => {
    const req = request(base + p, { headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {} }, (res) => {
      let bytes = 0;
      res.on('data', (c: Buffer) => { bytes += c.length; });
      res.on('end', () => resolve({
        status: res.statusCode ?? 0, bytes, encoding: res.headers['content-encoding'],
        vary: String(res.headers.vary ?? ''), cache: String(res.headers['cache-control'] ?? ''),
      }));
    });
    req.on('error', reject);
    req.end();
  });
}

const CHROME = 'gzip, deflate, br, zstd';
const kb = (n: number) => `${(n / 1024).toFixed(2)} KB`;

describe('front-end transfer sizes', () => {
  let server: TestServer;
  let agentJs: string[];
  let widget: { files: { ui: string; css: string } };

  beforeAll(async () => {
    ensureUiBuilt();
    server = await startServer();
    const index = readFileSync(path.join(ROOT, 'agent-ui/dist/index.html'), 'utf8');
    // The initial JavaScript: the entry script and the chunks it preloads.
    agentJs = [...index.matchAll(/(?:src|href)="(\/assets\/[^"]+\.js)"/g)].map((m) => m[1]);
    widget = JSON.parse(readFileSync(path.join(ROOT, 'widget/dist/manifest.json'), 'utf8'));
  });
  afterAll(async () => server?.close());

  it('sends brotli to browsers that take it, gzip to those that take only gzip, the plain file otherwise', async () => {
    const p = `/widget/${widget.files.ui}`;
    const br = await fetchRaw(server.url, p, CHROME);
    const gz = await fetchRaw(server.url, p, 'gzip');
    const plain = await fetchRaw(server.url, p);
    expect([br.encoding, gz.encoding, plain.encoding]).toEqual(['br', 'gzip', undefined]);
    expect(br.bytes).toBeLessThan(gz.bytes);
    expect(gz.bytes).toBeLessThan(plain.bytes / 2);
    for (const r of [br, gz, plain]) expect(r.vary.toLowerCase()).toContain('accept-encoding');
  });

  it('caches hashed files for a year and the rest briefly', async () => {
    expect((await fetchRaw(server.url, `/widget/${widget.files.ui}`, CHROME)).cache).toBe('public, max-age=31536000, immutable');
    expect((await fetchRaw(server.url, agentJs[0], CHROME)).cache).toBe('public, max-age=31536000, immutable');
    expect((await fetchRaw(server.url, '/widget.js', CHROME)).cache).toBe('public, max-age=300');
    expect((await fetchRaw(server.url, '/widget/locales/fa.js', CHROME)).cache).toBe('public, max-age=3600');
    expect((await fetchRaw(server.url, '/', CHROME)).cache).toBe('no-cache');
  });

  it('keeps the budgets in bytes on the wire', async () => {
    const sent = async (p: string, enc: string) => {
      const r = await fetchRaw(server.url, p, enc);
      expect(r.status, p).toBe(200);
      return r.bytes;
    };
    const figures: Record<string, Record<string, number>> = {};
    for (const [name, enc] of [['br', CHROME], ['gzip', 'gzip'], ['none', '']] as const) {
      const loader = await sent('/widget.js', enc);
      let locale = 0;
      for (const l of ['en', 'th', 'zh-CN', 'fa']) locale = Math.max(locale, await sent(`/widget/locales/${l}.js`, enc));
      const messenger = loader + (await sent(`/widget/${widget.files.ui}`, enc)) + (await sent(`/widget/${widget.files.css}`, enc)) + locale;
      let agent = 0;
      for (const js of agentJs) agent += await sent(js, enc);
      figures[name] = { loader, messenger, agent };
    }
    console.log(`transferred: ${Object.entries(figures).map(([e, f]) => `${e}: loader ${kb(f.loader)}, messenger ${kb(f.messenger)}, agent UI initial JS ${kb(f.agent)}`).join(' | ')}`);
    // The budgets hold for the larger of the two encodings a browser may get.
    expect(figures.gzip.loader).toBeLessThanOrEqual(3 * 1024);
    expect(figures.gzip.messenger).toBeLessThanOrEqual(40 * 1024);
    expect(figures.gzip.agent).toBeLessThanOrEqual(140 * 1024);
    expect(figures.br.agent).toBeLessThan(figures.none.agent / 3);
  });
});
