// Snooze presets resolved to absolute times in the agent's own timezone.
export type SnoozePreset = 'hour' | 'tonight' | 'tomorrow' | 'nextWeek';

export function snoozeUntil(preset: SnoozePreset, now = new Date()): Date {
  const d = new Date(now);
  switch (preset) {
    case 'hour':
      return new Date(now.getTime() + 3600_000);
    case 'tonight':
      d.setHours(18, 0, 0, 0);
      return d > now ? d : new Date(d.getTime() + 86400_000);
    case 'tomorrow':
      d.setDate(d.getDate() + 1);
      d.setHours(9, 0, 0, 0);
      return d;
    case 'nextWeek': {
      // Next Monday 09:00.
      const days = ((8 - d.getDay()) % 7) || 7;
      d.setDate(d.getDate() + days);
      d.setHours(9, 0, 0, 0);
      return d;
    }
  }
}

/** Value for <input type="datetime-local"> in local time. */
export function toLocalInput(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}
