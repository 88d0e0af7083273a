/**
 * How long each start-up phase took, logged once the node listens, so a slow start says where the time went.
 * The first phase counts from the process's own start (performance.timeOrigin): node, the build check of
 * `npm start` and the entry module's imports.
 */
export class StartupClock {
  readonly phases: Record<string, number> = {};
  private last = 0;

  mark(phase: string): void {
    const now = performance.now();
    this.phases[phase] = Math.round(now - this.last);
    this.last = now;
  }

  /** Milliseconds since the process started. */
  total(): number {
    return Math.round(performance.now());
  }
}
