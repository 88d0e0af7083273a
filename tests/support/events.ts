import type { Socket } from 'socket.io-client';

/** Resolves with the first event payload matching `pred`, or rejects after `ms`. */
export function nextEvent<T = any>(socket: Socket, event: string, pred: (p: T) => boolean = () => true, ms = 10_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { socket.off(event, handler); reject(new Error(`no ${event} within ${ms} ms`)); }, ms);
    const handler = (p: T) => {
      if (!pred(p)) return;
      clearTimeout(timer);
      socket.off(event, handler);
      resolve(p);
    };
    socket.on(event, handler);
  });
}
