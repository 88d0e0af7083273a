// Business-hours arithmetic in an inbox's own time zone. Pure functions: a schedule and instants in, instants
// or seconds out. An empty weekly schedule means "always open", so SLAs fall back to wall-clock time.

export interface Schedule {
  timeZone: string;
  /** day 0 = Sunday; "HH:MM" local; close "24:00" allowed. */
  weekly: { day: number; open: string; close: string }[];
  /** Local dates "YYYY-MM-DD" closed all day. */
  holidays: string[];
}

const DAY_MS = 86_400_000;
/** A target further than this many days of calendar time is treated as unreachable (misconfigured schedule). */
const HORIZON_DAYS = 400;

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formatters.set(timeZone, f);
  }
  return f;
}

export function isValidTimeZone(timeZone: string): boolean {
  try { formatter(timeZone); return true; } catch { return false; }
}

/** Local wall-clock parts of an instant in a zone. */
function localParts(at: number, timeZone: string) {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(at))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return { year: parts.year, month: parts.month, day: parts.day, hour: parts.hour, minute: parts.minute, second: parts.second };
}

function offsetMs(at: number, timeZone: string): number {
  const p = localParts(at, timeZone);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(at / 1000) * 1000;
}

/** The instant at which the zone's clocks show this local date and minute of day (DST-safe to the hour). */
function zonedInstant(dayUtc: number, minuteOfDay: number, timeZone: string): number {
  const guess = dayUtc + minuteOfDay * 60_000;
  const first = guess - offsetMs(guess, timeZone);
  return guess - offsetMs(first, timeZone);
}

const toMinutes = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
};

/** Open intervals [start, end) in epoch ms for one local calendar day (given as its UTC midnight). */
function intervalsOn(schedule: Schedule, dayUtc: number): [number, number][] {
  const d = new Date(dayUtc);
  const iso = d.toISOString().slice(0, 10);
  if (schedule.holidays.includes(iso)) return [];
  return schedule.weekly
    .filter((w) => w.day === d.getUTCDay())
    .map((w) => [zonedInstant(dayUtc, toMinutes(w.open), schedule.timeZone), zonedInstant(dayUtc, toMinutes(w.close), schedule.timeZone)] as [number, number])
    .filter(([s, e]) => e > s)
    .sort((a, b) => a[0] - b[0]);
}

function localDayUtc(at: number, timeZone: string): number {
  const p = localParts(at, timeZone);
  return Date.UTC(p.year, p.month - 1, p.day);
}

const alwaysOpen = (s: Schedule | null | undefined): s is null | undefined => !s || s.weekly.length === 0;

export function isOpen(schedule: Schedule | null | undefined, at: Date): boolean {
  if (alwaysOpen(schedule)) return true;
  const t = at.getTime();
  return intervalsOn(schedule, localDayUtc(t, schedule.timeZone)).some(([s, e]) => t >= s && t < e);
}

/** Seconds of open time between two instants (0 when b <= a). */
export function businessSecondsBetween(schedule: Schedule | null | undefined, a: Date, b: Date): number {
  const from = a.getTime();
  const to = b.getTime();
  if (to <= from) return 0;
  if (alwaysOpen(schedule)) return (to - from) / 1000;
  let total = 0;
  const lastDay = localDayUtc(to, schedule.timeZone);
  for (let day = localDayUtc(from, schedule.timeZone) - DAY_MS, n = 0; day <= lastDay && n < HORIZON_DAYS; day += DAY_MS, n++) {
    for (const [s, e] of intervalsOn(schedule, day)) total += Math.max(0, Math.min(e, to) - Math.max(s, from));
  }
  return total / 1000;
}

/** The instant when `minutes` of open time have passed after `start`; null if the schedule never gets there. */
export function addBusinessMinutes(schedule: Schedule | null | undefined, start: Date, minutes: number): Date | null {
  const from = start.getTime();
  if (alwaysOpen(schedule)) return new Date(from + minutes * 60_000);
  let left = minutes * 60_000;
  for (let day = localDayUtc(from, schedule.timeZone) - DAY_MS, n = 0; n < HORIZON_DAYS; day += DAY_MS, n++) {
    for (const [s, e] of intervalsOn(schedule, day)) {
      const begin = Math.max(s, from);
      if (e <= begin) continue;
      if (e - begin >= left) return new Date(begin + left);
      left -= e - begin;
    }
  }
  return null;
}
