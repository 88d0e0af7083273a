// The public `window.Switchboard` object. Pure (no DOM) so the queueing rules can be unit tested.
import type { Call, SdkEvent } from './types.js';

export const SDK_METHODS = ['open', 'close', 'toggle', 'setUser', 'setAttributes', 'setLocale', 'reset', 'newConversation'] as const;

type Listener = (payload?: unknown) => void;

export interface Sdk {
  open(): void;
  close(): void;
  toggle(): void;
  setUser(identifier: string, attributes?: Record<string, unknown>, identifierHash?: string): void;
  setAttributes(attributes: Record<string, unknown>): void;
  setLocale(locale: string): void;
  reset(): void;
  /** Starts a new conversation (on a topic the admin defined, if given) and opens the messenger on it. */
  newConversation(opts?: { topicId?: string }): void;
  on(event: SdkEvent, fn: Listener): () => void;
}

/**
 * Host pages may install a stub before the loader arrives (`Switchboard.q = [[method, args]]`);
 * those calls, and every call made before `attach`, are replayed in order once a handler exists.
 */
export function createSdk(existing?: { q?: Call[] } | null) {
  const queue: Call[] = Array.isArray(existing?.q) ? existing!.q!.slice() : [];
  const listeners: Record<string, Listener[]> = {};
  // 'ready' is sticky: a page that subscribes late still hears it.
  const fired: Record<string, unknown[]> = {};
  let handler: ((method: string, args: unknown[]) => void) | null = null;

  const emit = (event: SdkEvent, payload?: unknown) => {
    if (event === 'ready') fired.ready = [payload];
    for (const fn of listeners[event] || []) {
      try {
        fn(payload);
      } catch (err) {
        console.error('[Switchboard] listener failed', err);
      }
    }
  };

  const on = (event: SdkEvent, fn: Listener) => {
    (listeners[event] ||= []).push(fn);
    if (fired[event]) fn(fired[event][0]);
    return () => {
      listeners[event] = (listeners[event] || []).filter((f) => f !== fn);
    };
  };

  const api = { on } as Sdk & Record<string, unknown>;
  for (const m of SDK_METHODS) {
    api[m] = (...args: unknown[]) => {
      if (handler) handler(m, args);
      else queue.push([m, args]);
    };
  }
  // Stub-installed `on` calls are registered at once rather than routed through the handler.
  const early = queue.filter(([m]) => m === 'on');
  for (const [, args] of early) on(args[0] as SdkEvent, args[1] as Listener);

  return {
    api: api as Sdk,
    emit,
    attach(fn: (method: string, args: unknown[]) => void) {
      handler = fn;
      for (const [m, args] of queue.splice(0)) if (m !== 'on') fn(m, args);
    },
  };
}

/** Buffers calls meant for the UI bundle until it has loaded, then replays them in order. */
export function createPending() {
  let target: ((method: string, args: unknown[]) => void) | null = null;
  const calls: Call[] = [];
  return {
    push(method: string, args: unknown[]) {
      if (target) target(method, args);
      else calls.push([method, args]);
    },
    flush(fn: (method: string, args: unknown[]) => void) {
      target = fn;
      for (const [m, a] of calls.splice(0)) fn(m, a);
    },
    size: () => calls.length,
  };
}
