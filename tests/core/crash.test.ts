import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ADMIN, api, loginAdmin, newVisitor, websiteInbox } from '../support/server.js';
import { spawnServer, stopProcess, type ServerProcess } from '../support/process.js';

describe('an accepted message survives a crash', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'sb-crash-'));
  let proc: ServerProcess | undefined;
  afterAll(async () => {
    if (proc) await stopProcess(proc, 'SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('every message acknowledged before kill -9 is there after restart', async () => {
    const env = { DATA_DIR: dataDir, ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, RATE_LIMIT_PUBLIC: '100000' };
    proc = await spawnServer(env);
    const token = await loginAdmin(proc.url);
    const inbox = await websiteInbox(proc.url, token);
    const visitors = await Promise.all(Array.from({ length: 5 }, () => newVisitor(proc!.url, inbox.widgetKey)));

    // Visitors keep writing while the process is killed mid-stream; only acknowledged messages count.
    const acked: string[] = [];
    let stop = false;
    const writers = visitors.map(async (v, vi) => {
      for (let i = 0; !stop; i++) {
        try {
          const r = await api(proc!.url, 'POST', '/api/widget/messages', { token: v.visitorToken, body: { body: `v${vi} m${i}`, clientId: `v${vi}-${i}` } });
          if (r.status === 200) acked.push(r.body.message.id);
        } catch { return; } // connection cut by the kill
      }
    });
    // Kill mid-stream once a fair number are acknowledged (however busy the machine is).
    const until = Date.now() + 60_000;
    while (acked.length < 30 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    proc.child.kill('SIGKILL');
    stop = true;
    await Promise.all(writers);
    await stopProcess(proc, 'SIGKILL');
    expect(acked.length).toBeGreaterThanOrEqual(30);

    proc = await spawnServer(env);
    const token2 = await loginAdmin(proc.url);
    const stored = new Set<string>();
    const list = await api(proc.url, 'GET', '/api/conversations?status=all&limit=100', { token: token2 });
    for (const c of list.body.items) {
      const msgs = await api(proc.url, 'GET', `/api/conversations/${c.id}/messages?limit=500`, { token: token2 });
      for (const m of msgs.body.items) stored.add(m.id);
    }
    const missing = acked.filter((id) => !stored.has(id));
    expect(missing).toEqual([]);
  });
});
