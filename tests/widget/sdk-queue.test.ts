import { describe, expect, it, vi } from 'vitest';
import { createPending, createSdk } from '../../widget/src/sdk.js';
import { eligibleRules, urlMatches } from '../../widget/src/proactive.js';

describe('window.Switchboard call queue', () => {
  it('queues calls made before the loader attaches and replays them in order', () => {
    const sdk = createSdk();
    sdk.api.setUser('u-1', { name: 'Ann' }, 'hash');
    sdk.api.setLocale('fa');
    sdk.api.open();
    const seen: Array<[string, unknown[]]> = [];
    sdk.attach((m, a) => seen.push([m, a]));
    expect(seen).toEqual([
      ['setUser', ['u-1', { name: 'Ann' }, 'hash']],
      ['setLocale', ['fa']],
      ['open', []],
    ]);
    sdk.api.close();
    expect(seen.at(-1)).toEqual(['close', []]);
  });

  it('queues newConversation() with its options like the other calls, and delivers conversation events', () => {
    const sdk = createSdk();
    sdk.api.newConversation({ topicId: 'billing' });
    const onConversation = vi.fn();
    sdk.api.on('conversation', onConversation);
    const seen: Array<[string, unknown[]]> = [];
    sdk.attach((m, a) => seen.push([m, a]));
    expect(seen).toEqual([['newConversation', [{ topicId: 'billing' }]]]);
    sdk.emit('conversation', { id: 'c-1', status: 'open' });
    expect(onConversation).toHaveBeenCalledWith({ id: 'c-1', status: 'open' });
  });

  it('replays calls a host page stub recorded before widget.js arrived', () => {
    const onReady = vi.fn();
    const stub = { q: [['setAttributes', [{ plan: 'pro' }]], ['on', ['ready', onReady]], ['toggle', []]] as Array<[string, unknown[]]> };
    const sdk = createSdk(stub);
    const seen: string[] = [];
    sdk.attach((m) => seen.push(m));
    expect(seen).toEqual(['setAttributes', 'toggle']);
    sdk.emit('ready');
    expect(onReady).toHaveBeenCalledTimes(1);
  });

  it("delivers 'ready' to listeners that subscribe after it fired, and unsubscribes", () => {
    const sdk = createSdk();
    sdk.emit('ready', { ui: false });
    const late = vi.fn();
    sdk.api.on('ready', late);
    expect(late).toHaveBeenCalledWith({ ui: false });
    const onMessage = vi.fn();
    const off = sdk.api.on('message', onMessage);
    sdk.emit('message', { id: 'm1' });
    off();
    sdk.emit('message', { id: 'm2' });
    expect(onMessage).toHaveBeenCalledTimes(1);
  });

  it('a throwing listener does not stop the others', () => {
    const sdk = createSdk();
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    const second = vi.fn();
    sdk.api.on('unread', () => {
      throw new Error('host bug');
    });
    sdk.api.on('unread', second);
    sdk.emit('unread', 2);
    expect(second).toHaveBeenCalledWith(2);
    spy.mockRestore();
  });

  it('buffers UI-bound calls until the UI bundle mounts, then passes them straight through', () => {
    const pending = createPending();
    pending.push('setUser', ['a']);
    pending.push('setAttributes', [{ x: 1 }]);
    expect(pending.size()).toBe(2);
    const seen: string[] = [];
    pending.flush((m) => seen.push(m));
    pending.push('reset', []);
    expect(seen).toEqual(['setUser', 'setAttributes', 'reset']);
    expect(pending.size()).toBe(0);
  });
});

describe('proactive rules', () => {
  it('matches path patterns with wildcards and full URLs', () => {
    expect(urlMatches('/pricing*', 'https://shop.test/pricing?plan=pro')).toBe(true);
    expect(urlMatches('/pricing', 'https://shop.test/pricing/extra')).toBe(false);
    expect(urlMatches('https://shop.test/*', 'https://shop.test/a')).toBe(true);
    expect(urlMatches('/a.b', 'https://shop.test/axb')).toBe(false); // dots are literal
    expect(urlMatches(undefined, 'https://shop.test/')).toBe(true);
  });

  it('filters by audience and never repeats a rule already shown', () => {
    const rules = [
      { id: 'first', message: 'Welcome!', audience: 'first' as const },
      { id: 'back', message: 'Welcome back', audience: 'returning' as const },
      { id: 'price', message: 'Questions?', urlPattern: '/pricing' },
    ];
    expect(eligibleRules(rules, 'https://s.test/', 1, []).map((r) => r.id)).toEqual(['first']);
    expect(eligibleRules(rules, 'https://s.test/pricing', 3, []).map((r) => r.id)).toEqual(['back', 'price']);
    expect(eligibleRules(rules, 'https://s.test/pricing', 3, ['back']).map((r) => r.id)).toEqual(['price']);
  });
});
