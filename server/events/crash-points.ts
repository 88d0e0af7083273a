/**
 * Fault injection for the crash tests. SWITCHBOARD_CRASH_AT lists `<point>:<consumer>` pairs (comma-separated;
 * point `before-effect` or `after-effect`). A listed consumer stops dead at that point in every lane: after the
 * change committed but before its side effect ran, or after the effect but before its position was saved. It
 * writes `crash point reached: <point>:<consumer>` to stderr once, and the test then kills the process with
 * SIGKILL while every listed consumer stands there. Unset in production: the check is one Set lookup.
 */
const targets = new Set((process.env.SWITCHBOARD_CRASH_AT ?? '').split(',').map((t) => t.trim()).filter(Boolean));
const reached = new Set<string>();
const never = new Promise<never>(() => {});

/** Undefined, or (for a listed consumer) a promise that never settles: the caller awaits it and goes no further. */
export function crashPoint(point: 'before-effect' | 'after-effect', consumer: string): Promise<never> | undefined {
  if (!targets.size) return undefined;
  const target = `${point}:${consumer}`;
  if (!targets.has(target)) return undefined;
  if (!reached.has(target)) {
    reached.add(target);
    process.stderr.write(`crash point reached: ${target}\n`);
  }
  return never;
}
