// Visitor context shown to agents beside the conversation (page, source, device). Collected in the browser
// because only the browser knows the page title, time zone and screen.
import type { PageView } from '../types.js';

const UTM = ['utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content'];

function device() {
  const ua = navigator.userAgent;
  const type = /iPad|Tablet/i.test(ua) ? 'tablet' : /Mobi|Android|iPhone/i.test(ua) ? 'mobile' : 'desktop';
  const browser = (/(Edg|OPR|Firefox|Chrome|Safari)\/[\d.]+/.exec(ua) || [''])[0].replace('OPR', 'Opera').replace('Edg', 'Edge');
  const os = (/(Windows NT [\d.]+|Mac OS X [\d_]+|Android [\d.]+|iPhone OS [\d_]+|Linux|CrOS)/.exec(ua) || [''])[0];
  return { type, browser, os, screen: screen.width + 'x' + screen.height };
}

export function visitorContext(pageViews: PageView[], visits: number) {
  const params = new URLSearchParams(location.search);
  const utm: Record<string, string> = {};
  for (const k of UTM) {
    const v = params.get(k);
    if (v) utm[k.slice(4)] = v;
  }
  return {
    pageUrl: location.href,
    pageTitle: document.title,
    referrer: document.referrer || null,
    utm,
    language: navigator.language,
    timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    device: device(),
    visits,
    pageViews: pageViews.slice(-20).map((v) => ({ url: v.url, title: v.title, at: new Date(v.at).toISOString() })),
  };
}
