// Idle widget sockets on one node: resident memory per connection and the time to connect them all, beside a bare
// Socket.IO server holding the same number of idle sockets.
import type { Socket } from 'socket.io-client';
import { type Proc, rssBytes } from '../lib/processes.js';
import { connect } from '../lib/sockets.js';

export interface SocketFigure { sockets: number; rssPerConnectionKB: number; connectSeconds: number; rssBeforeMB: number; rssAfterMB: number }

const settle = () => new Promise((r) => setTimeout(r, 3000));
const MB = (b: number) => Math.round(b / 1024 / 1024);

async function hold(proc: Proc, count: number, auth: (i: number) => Record<string, string>, path: string): Promise<{ figure: SocketFigure; close: () => void }> {
  await settle();
  const before = rssBytes(proc.child.pid!);
  const sockets: Socket[] = [];
  const at = performance.now();
  const BATCH = 250;
  for (let i = 0; i < count; i += BATCH) {
    const batch = await Promise.all(Array.from({ length: Math.min(BATCH, count - i) }, (_, k) => connect(`${proc.url}${path}`, auth(i + k))));
    sockets.push(...batch);
  }
  const connectSeconds = +((performance.now() - at) / 1000).toFixed(1);
  await settle();
  const after = rssBytes(proc.child.pid!);
  return {
    figure: { sockets: count, rssPerConnectionKB: +((after - before) / count / 1024).toFixed(1), connectSeconds, rssBeforeMB: MB(before), rssAfterMB: MB(after) },
    close: () => { for (const s of sockets) s.close(); },
  };
}

/** `tokens` are visitor tokens; with fewer tokens than sockets a visitor holds several tabs, as visitors do. */
export async function benchIdleSockets(service: Proc, tokens: string[], ceiling: Proc, count: number) {
  const svc = await hold(service, count, (i) => ({ token: tokens[i % tokens.length] }), '/widget');
  svc.close();
  const bare = await hold(ceiling, count, () => ({}), '');
  bare.close();
  return { service: svc.figure, ceiling: bare.figure, visitors: Math.min(tokens.length, count) };
}
