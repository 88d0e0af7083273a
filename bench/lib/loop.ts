// The closed loop both the service and the bare ceiling are loaded with: each of N senders emits a message, waits
// until the receiving side has seen it, then emits the next. Latency is send → receipt.
import type { Throughput } from './stats.js';
import { summarise } from './stats.js';

export interface LoopOptions { senders: number; seconds: number; warmupSeconds: number }

/**
 * `send(i, n)` emits sender i's n-th message; `wire(received)` hooks the receiver so it calls `received("i:n")`.
 */
export async function closedLoop(
  opts: LoopOptions,
  send: (i: number, n: number) => void,
  wire: (received: (key: string) => void) => void,
): Promise<Throughput> {
  const pending = new Map<string, { at: number; i: number; n: number }>();
  const latencies: number[] = [];
  let measuring = false;
  let running = true;
  const fire = (i: number, n: number) => {
    pending.set(`${i}:${n}`, { at: performance.now(), i, n });
    send(i, n);
  };
  wire((key) => {
    const p = pending.get(key);
    if (!p) return;
    pending.delete(key);
    if (measuring) latencies.push(performance.now() - p.at);
    if (running) fire(p.i, p.n + 1);
  });
  for (let i = 0; i < opts.senders; i++) fire(i, 0);
  await new Promise((r) => setTimeout(r, opts.warmupSeconds * 1000));
  measuring = true;
  const started = performance.now();
  await new Promise((r) => setTimeout(r, opts.seconds * 1000));
  measuring = false;
  const elapsed = (performance.now() - started) / 1000;
  running = false;
  await new Promise((r) => setTimeout(r, 500)); // let in-flight messages land before the next phase
  return summarise(latencies, elapsed);
}
