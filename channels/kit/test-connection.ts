import { fetchPublic, TargetRefused } from './ssrf.js';
import type { ConnectionCheck } from '../types.js';

// What every channel's connection test shares: the result shapes, a time limit, and one read-only GET through the
// same SSRF guard as delivery (stored API origins are admin-set; allowPrivate beside them).

export const passed = (name: string, detail: string, part?: boolean): ConnectionCheck => ({ name, status: 'ok', detail, ...(part ? { part } : {}) });
export const warned = (name: string, detail: string, fix: string, part?: boolean): ConnectionCheck => ({ name, status: 'warn', detail, fix, ...(part ? { part } : {}) });
export const failedCheck = (name: string, detail: string, fix: string, part?: boolean): ConnectionCheck => ({ name, status: 'fail', detail, fix, ...(part ? { part } : {}) });

export const errorText = (err: unknown) => (err instanceof Error ? err.message || err.name : String(err));

/** undici reports "fetch failed" with the reason (ECONNREFUSED, ENOTFOUND ...) as its cause: say the reason. */
export function causeText(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  return cause ? cause.code ?? cause.message ?? errorText(err) : errorText(err);
}

/** A provider that never answers must not hold an admin's click (or the doctor) forever. */
export async function timed<T>(fn: () => Promise<T>, ms = 5_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([fn(), new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`no answer within ${ms / 1000} s`)), ms); })]);
  } finally {
    clearTimeout(timer);
  }
}

/** The provider could not be reached at all; names the origin only (paths and queries carry tokens). */
export class Unreachable extends Error {}

/** One read-only GET: a refused target stays a TargetRefused; anything else that keeps the answer away is Unreachable. */
export async function probeGet(url: string, headers: Record<string, string>, allowPrivate: unknown): Promise<{ status: number; body: any }> {
  try {
    const res = await timed(() => fetchPublic(url, { headers }, allowPrivate === true));
    return { status: res.status, body: await res.json().catch(() => ({})) };
  } catch (err) {
    if (err instanceof TargetRefused) throw err;
    throw new Unreachable(`cannot reach ${new URL(url).origin}: ${causeText(err)}`);
  }
}

export const refusedStatus = (status: number) => status === 401 || status === 403;

/** What a provider said about the stored credentials: `refused` when it turned them down. */
export interface Verdict { good: boolean; detail: string; refused?: boolean }

/**
 * Runs one provider probe and turns its verdict, a refused target or an unreachable provider into the check an
 * admin reads, each with what to do about it.
 */
export async function providerCheck(name: string, inboxName: string, probe: () => Promise<Verdict>): Promise<ConnectionCheck> {
  try {
    const { good, detail, refused } = await probe();
    if (good) return passed(name, detail);
    return failedCheck(name, detail, refused ? `replace it in Settings → Inboxes → ${inboxName}` : `update the credentials in Settings → Inboxes → ${inboxName}`);
  } catch (err) {
    if (err instanceof TargetRefused) return warned(name, `provider not called: ${err.message}`, `set allowPrivate on the inbox or WEBHOOK_ALLOW_PRIVATE=1 only for a local stand-in; otherwise fix the API address in Settings → Inboxes → ${inboxName}`);
    if (err instanceof Unreachable) return failedCheck(name, err.message, 'check outbound network access from this host to the provider (DNS, firewall, proxy)');
    return failedCheck(name, `the check failed: ${errorText(err)}`, 'check outbound network access from this host to the provider');
  }
}
