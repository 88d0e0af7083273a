// Figures the bench prints: percentiles over sorted samples and a ratio against the ceiling of the same run.
export const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

export const round1 = (n: number): number => Math.round(n * 10) / 10;

export const ratio = (value: number, ceiling: number): number => +(value / Math.max(1, ceiling)).toFixed(3);

export interface Throughput { msgsPerSec: number; p50ms: number; p99ms: number; messages: number }

export function summarise(latencies: number[], seconds: number): Throughput {
  const sorted = [...latencies].sort((a, b) => a - b);
  return { msgsPerSec: Math.round(sorted.length / seconds), p50ms: round1(percentile(sorted, 50)), p99ms: round1(percentile(sorted, 99)), messages: sorted.length };
}

/** Runs `task` `count` times with at most `concurrency` in flight; returns each call's latency in ms. */
export async function pooled(count: number, concurrency: number, task: (i: number) => Promise<void>): Promise<{ latencies: number[]; seconds: number }> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < count) {
      const i = next++;
      const at = performance.now();
      await task(i);
      latencies.push(performance.now() - at);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return { latencies, seconds: (performance.now() - started) / 1000 };
}
