/**
 * Group commit: items that concurrent callers submit are stored together, one transaction for many.
 *
 * A batch starts at the end of the event loop's turn while fewer than `inFlight` batches run, so a lone item
 * waits for next to nothing; under load
 * the items that arrive while the batches run wait for the next one, which takes everything queued (up to
 * `max`). The batch size therefore follows the load with no timer. Items with the same key never share a batch
 * or run in two at once, so one sender's items are stored in the order they came.
 *
 * `run` answers each item with its result, or with a promise of it for an item it handed on to slower work: the
 * batch's slot is free as soon as `run` answers, but the item's key stays taken until its own promise settles.
 * If `run` throws, every item of the batch gets that error.
 */
export class GroupCommit<I, O> {
  private queue: Waiting<I, O>[] = [];
  private running = 0;
  private busy = new Set<string>();
  private scheduled = false;

  constructor(
    private run: (items: I[]) => Promise<(O | Promise<O>)[]>,
    private limits: { max: number; inFlight: number },
  ) {}

  submit(key: string, item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ key, item, resolve, reject });
      // Not at once but at the end of this turn of the event loop: whatever else has arrived by then (the other
      // requests read in the same turn) joins. Without it, an embedded database whose statements complete
      // without real I/O would run each transaction before the next request is even read: batches of one.
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => {
          this.scheduled = false;
          this.pump();
        });
      }
    });
  }

  /** Items waiting for a batch (for tests and metrics). */
  get waiting(): number {
    return this.queue.length;
  }

  private pump(): void {
    while (this.running < this.limits.inFlight && this.queue.length) {
      const taken: Waiting<I, O>[] = [];
      const keys = new Set<string>();
      const rest: Waiting<I, O>[] = [];
      for (const w of this.queue) {
        if (taken.length < this.limits.max && !this.busy.has(w.key) && !keys.has(w.key)) {
          taken.push(w);
          keys.add(w.key);
        } else rest.push(w);
      }
      if (!taken.length) return; // everything queued waits on a key that is still taken
      this.queue = rest;
      for (const k of keys) this.busy.add(k);
      this.running++;
      this.start(taken);
    }
  }

  private start(taken: Waiting<I, O>[]): void {
    const release = (w: Waiting<I, O>) => {
      this.busy.delete(w.key);
      this.pump();
    };
    let answers: Promise<(O | Promise<O>)[]>;
    try {
      answers = this.run(taken.map((w) => w.item));
    } catch (err) {
      answers = Promise.reject(err);
    }
    answers.then(
      (results) => {
        this.running--;
        taken.forEach((w, i) => {
          const result = results[i];
          if (result instanceof Promise) result.then(w.resolve, w.reject).finally(() => release(w));
          else {
            w.resolve(result);
            this.busy.delete(w.key); // before the pump below, so the key's next item can go in the next batch
          }
        });
        this.pump();
      },
      (err) => {
        this.running--;
        for (const w of taken) {
          w.reject(err);
          this.busy.delete(w.key);
        }
        this.pump();
      },
    );
  }
}

interface Waiting<I, O> {
  key: string;
  item: I;
  resolve: (value: O) => void;
  reject: (err: unknown) => void;
}
