// Proactive rule matching runs in the loader, before any UI code is fetched, so it must stay small.
import type { ProactiveRule } from './types.js';

export function urlMatches(pattern: string | undefined, href: string): boolean {
  if (!pattern || pattern === '*') return true;
  const url = new URL(href);
  const subject = pattern.startsWith('/') ? url.pathname + url.search : url.href;
  const escaped = pattern.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp('^' + escaped.join('.*') + '$').test(subject);
}

export function eligibleRules(
  rules: ProactiveRule[] | undefined,
  href: string,
  visits: number,
  shown: string[],
): ProactiveRule[] {
  return (rules || []).filter(
    (r) =>
      r && r.id && r.message && !shown.includes(r.id) &&
      urlMatches(r.urlPattern, href) &&
      (r.audience === 'first' ? visits <= 1 : r.audience === 'returning' ? visits > 1 : true),
  );
}
