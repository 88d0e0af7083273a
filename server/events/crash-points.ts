/**
 * Fault injection for the crash tests: with SWITCHBOARD_CRASH_AT=<point>:<consumer> (point `before-effect` or
 * `after-effect`) the process kills itself with SIGKILL the first time that consumer reaches that point, i.e.
 * after the change committed but before its side effect ran, or after the effect but before the consumer's
 * position was saved. Unset in production; reading one variable is all it costs.
 */
const target = process.env.SWITCHBOARD_CRASH_AT;

export function crashPoint(point: 'before-effect' | 'after-effect', consumer: string): void {
  if (target && target === `${point}:${consumer}`) process.kill(process.pid, 'SIGKILL');
}
