// New widget sessions per second (a campaign landing page bringing visitors at once) against the bare ceiling: an
// HTTP endpoint doing one INSERT per request, loaded with the same concurrency.
import { call, newVisitor } from '../lib/api.js';
import type { Proc } from '../lib/processes.js';
import { percentile, pooled, round1 } from '../lib/stats.js';

export interface RateFigure { perSec: number; p95ms: number; count: number }

const rate = (r: { latencies: number[]; seconds: number }): RateFigure => {
  const sorted = [...r.latencies].sort((a, b) => a - b);
  return { perSec: Math.round(sorted.length / r.seconds), p95ms: round1(percentile(sorted, 95)), count: sorted.length };
};

export async function benchSessions(service: Proc, widgetKey: string, ceiling: Proc, count: number, concurrency = 50) {
  const tokens: string[] = [];
  const svc = await pooled(count, concurrency, async (i) => { tokens[i] = await newVisitor(service.url, widgetKey); });
  const bare = await pooled(count, concurrency, async () => { await call(ceiling.url, 'POST', '/session', undefined, { widgetKey }); });
  return { service: rate(svc), ceiling: rate(bare), tokens };
}
