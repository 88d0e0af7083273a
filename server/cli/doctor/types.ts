export type CheckStatus = 'ok' | 'warn' | 'fail';
/** One line of the doctor's report; `fix` says what to do when it is not ok. */
export interface CheckResult { name: string; status: CheckStatus; detail: string; fix?: string }

export const ok = (name: string, detail: string): CheckResult => ({ name, status: 'ok', detail });
export const warn = (name: string, detail: string, fix: string): CheckResult => ({ name, status: 'warn', detail, fix });
export const fail = (name: string, detail: string, fix: string): CheckResult => ({ name, status: 'fail', detail, fix });

// The same time limit and error wording as the channels' connection tests.
export { errorText, timed } from '../../../channels/kit/test-connection.js';

/** A clock difference this large breaks token expiry, SLA timers and provider signature windows. */
export const MAX_SKEW_MS = 5_000;

export function skewResult(name: string, source: string, skewMs: number): CheckResult {
  const seconds = (skewMs / 1000).toFixed(1);
  return Math.abs(skewMs) <= MAX_SKEW_MS
    ? ok(name, `this machine and ${source} agree within ${seconds} s`)
    : fail(name, `this machine's clock is ${seconds} s off ${source}`, 'run NTP on every host (timedatectl set-ntp true, or chrony) so clocks agree within 5 s');
}
