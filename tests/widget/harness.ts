// Shared set-up for the widget's browser tests: a real server (child process, fresh DATA_DIR, free port)
// and Debian's chromium driven by playwright-core. Ports, process start/stop and the browser check come from
// tests/support, like every other suite.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { io as ioClient, type Socket } from 'socket.io-client';
import { freePort, spawnServer, stopProcess } from '../support/process.js';
import { nextEvent as waitForEvent } from '../support/events.js';
import { chromiumLaunchOptions } from '../support/requirements.js';

export { browserAvailable } from '../support/requirements.js';
export const ROOT = path.resolve(import.meta.dirname, '../..');
export const ARTIFACTS = path.join(ROOT, 'tests/artifacts');

export function launchBrowser(): Promise<Browser> {
  return chromium.launch(chromiumLaunchOptions);
}

export function ensureWidgetBuilt() {
  if (existsSync(path.join(ROOT, 'widget/dist/manifest.json'))) return;
  const out = spawnSync(process.execPath, [path.join(ROOT, 'widget/build.mjs')], { stdio: 'inherit' });
  if (out.status !== 0) throw new Error('widget build failed');
}

export interface TestServer {
  url: string;
  token: string;
  widgetKey: string;
  inboxId: string;
  api<T = any>(method: string, urlPath: string, body?: unknown, token?: string | null): Promise<{ status: number; body: T }>;
  stop(): Promise<void>;
}

export const ADMIN = { email: 'admin@example.com', password: 'correct-horse-battery' };

export async function startServer(env: Record<string, string> = {}): Promise<TestServer> {
  ensureWidgetBuilt();
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'sb-widget-'));
  const url = `http://127.0.0.1:${port}`;
  // Generous start timeout: a cold start compiles TypeScript and migrates an embedded database.
  const proc = await spawnServer({
    PORT: String(port), PUBLIC_URL: url, DATA_DIR: dataDir,
    ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, RATE_LIMIT_PUBLIC: '100000', RATE_LIMIT_LOGIN: '1000', ...env,
  }, { startTimeoutMs: 150_000 });
  const api = async (method: string, urlPath: string, body?: unknown, token?: string | null) => {
    const headers: Record<string, string> = {};
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(url + urlPath, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
  const login = await api('POST', '/api/auth/login', ADMIN);
  if (login.status !== 200) throw new Error('login failed: ' + JSON.stringify(login.body));
  const token = login.body.token as string;
  const inboxes = await api('GET', '/api/inboxes', undefined, token);
  const web = (inboxes.body as Array<{ id: string; channel: string; widgetKey: string }>).find((i) => i.channel === 'web')!;
  return {
    url, token, widgetKey: web.widgetKey, inboxId: web.id,
    api: (m, p, b, t = token) => api(m, p, b, t),
    async stop() {
      await stopProcess(proc);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Host pages are served by a separate local HTTP server, so the widget is embedded cross-origin exactly as on
 * a customer's site (CORS, script-loaded locales, socket from another origin).
 */
export async function startHostSite(): Promise<{ url: string; pages: Map<string, string>; stop(): Promise<void> }> {
  const pages = new Map<string, string>();
  const srv = createHttpServer((req, res) => {
    const html = pages.get((req.url ?? '/').split('?')[0]);
    res.writeHead(html ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
    res.end(html ?? 'not found');
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(srv.address() as { port: number }).port}`;
  return { url, pages, stop: () => new Promise((r) => srv.close(() => r())) };
}

export async function hostPage(page: Page, site: { url: string; pages: Map<string, string> }, pathname: string, html: string) {
  site.pages.set(pathname, html);
  await page.goto(site.url + pathname);
}

export function embedHtml(server: TestServer, opts: { head?: string; body?: string; settings?: Record<string, unknown>; lang?: string } = {}) {
  return `<!doctype html><html lang="${opts.lang ?? 'en'}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>Host page</title>${opts.head ?? ''}</head><body><h1>Host page</h1>${opts.body ?? ''}
${opts.settings ? `<script>window.SwitchboardSettings=${JSON.stringify(opts.settings)}</script>` : ''}
<script async src="${server.url}/widget.js" data-widget-key="${server.widgetKey}"></script></body></html>`;
}

export function artifact(name: string) {
  mkdirSync(ARTIFACTS, { recursive: true });
  return path.join(ARTIFACTS, name);
}

/** Locator scoped to the widget: Playwright's CSS engine pierces open shadow roots. */
export const w = (page: Page, selector: string) => page.locator('switchboard-widget').locator(selector);

/** An agent's realtime connection, as the inbox UI opens it. */
export function agentSocket(server: TestServer): Promise<Socket> {
  const socket = ioClient(server.url + '/agent', { auth: { token: server.token }, transports: ['websocket'], reconnection: false, forceNew: true });
  return new Promise((resolve, reject) => {
    socket.once('ready', () => resolve(socket));
    socket.once('connect_error', (err) => { socket.close(); reject(err); });
  });
}

/** The shared event waiter, with a longer default for browser round trips. */
export function nextEvent<T = any>(socket: Socket, event: string, pred: (p: T) => boolean = () => true, ms = 15_000): Promise<T> {
  return waitForEvent<T>(socket, event, pred, ms);
}

/** Opens the messenger, sends one message and returns the conversation it landed in. */
export async function visitorWrites(server: TestServer, page: Page, text: string): Promise<{ id: string; contactId: string }> {
  if (!(await w(page, '.sb-panel.sb-open').count())) await w(page, '.sb-bubble').click();
  await w(page, '#sb-input').fill(text);
  await w(page, '#sb-input').press('Enter');
  await w(page, '.sb-mine').filter({ hasText: text }).locator('.sb-ticks.sb-received').waitFor();
  const list = await server.api('GET', `/api/conversations?inboxId=${server.inboxId}&status=all&sort=newest`);
  const found = (list.body.items as Array<{ id: string; contactId: string; lastMessage?: { body: string } }>).find((c) => c.lastMessage?.body === text);
  if (!found) throw new Error('conversation for "' + text + '" not found');
  return found;
}

export type HostSite = Awaited<ReturnType<typeof startHostSite>>;
export interface WidgetEnv { server: TestServer; browser: Browser; site: HostSite }

/**
 * A describe block's server (with extra environment, read when it starts), browser and host site, started before its tests and closed after, with fresh
 * browser contexts per page and a helper that replaces the inbox's widget settings.
 */
export function useWidgetEnv(assign: (env: WidgetEnv) => void, serverEnv: () => Record<string, string> = () => ({})) {
  let env: WidgetEnv | undefined;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    const [server, browser, site] = await Promise.all([startServer(serverEnv()), launchBrowser(), startHostSite()]);
    env = { server, browser, site };
    assign(env);
  }, 180_000);
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await env?.browser.close();
    await env?.site.stop();
    await env?.server.stop();
  });
  const newContext = async (viewport = { width: 1280, height: 800 }) => {
    const c = await env!.browser.newContext({ viewport, reducedMotion: 'reduce' });
    contexts.push(c);
    return c;
  };
  return {
    newContext,
    newPage: async (viewport?: { width: number; height: number }) => (await newContext(viewport)).newPage(),
    settings: async (s: Record<string, unknown>) => {
      const res = await env!.server.api('PUT', `/api/widget/settings/${env!.server.inboxId}`, s);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    },
  };
}
