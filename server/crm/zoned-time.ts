// Wall-clock arithmetic in a named time zone with Intl only (no tz database dependency).

function parts(at: Date, timeZone: string) {
  const f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
  const p = Object.fromEntries(f.formatToParts(at).map((x) => [x.type, x.value]));
  return { y: +p.year, mo: +p.month, d: +p.day, h: +p.hour, mi: +p.minute, s: +p.second };
}

/** Minutes east of UTC that `timeZone` is at `at`. */
function offsetMinutes(at: Date, timeZone: string): number {
  const p = parts(at, timeZone);
  return Math.round((Date.UTC(p.y, p.mo - 1, p.d, p.h, p.mi, p.s) - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
}

/** Start and end (exclusive) of the local calendar day containing `at`. */
export function localDayBounds(at: Date, timeZone: string): { start: Date; end: Date } {
  const p = parts(at, timeZone);
  const start = new Date(Date.UTC(p.y, p.mo - 1, p.d) - offsetMinutes(at, timeZone) * 60_000);
  const end = new Date(Date.UTC(p.y, p.mo - 1, p.d + 1) - offsetMinutes(at, timeZone) * 60_000);
  return { start, end };
}

/** Minutes since local midnight. */
export function localMinuteOfDay(at: Date, timeZone: string): number {
  const p = parts(at, timeZone);
  return p.h * 60 + p.mi;
}

const hhmm = (s: string) => Number(s.slice(0, 2)) * 60 + Number(s.slice(3, 5));

/**
 * When a window like 21:00–08:00 (may span midnight) covers `at` locally, the instant it ends; otherwise null.
 */
export function quietUntil(at: Date, timeZone: string, window: { start: string; end: string }): Date | null {
  const m = localMinuteOfDay(at, timeZone);
  const start = hhmm(window.start);
  const end = hhmm(window.end);
  const inside = start <= end ? m >= start && m < end : m >= start || m < end;
  if (!inside) return null;
  const wait = (end - m + 1440) % 1440 || 1440;
  return new Date(at.getTime() + wait * 60_000 - (at.getTime() % 60_000));
}
