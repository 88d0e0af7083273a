// widget.js: the only code every page view pays for. It renders the bubble, exposes window.Switchboard and
// fetches the UI bundle only when the visitor opens the messenger, a proactive rule fires, or the visitor
// already has a conversation (so replies that arrive while closed can raise the unread badge).
import { createPending, createSdk } from './sdk.js';
import { eligibleRules } from './proactive.js';
import type { LoaderContext, PageView, ProactiveRule, UiHandle, WidgetConfig } from './types.js';

declare const __UI_JS__: string;
declare const __UI_CSS__: string;

const BUBBLE_CSS =
  ':host{all:initial}' +
  '.sb-bubble{position:fixed;bottom:20px;right:20px;width:60px;height:60px;border-radius:50%;border:0;margin:0;padding:0;' +
  'cursor:pointer;background:var(--sb-accent,#4f46e5);color:#fff;box-shadow:0 6px 24px rgba(15,23,42,.28);display:flex;' +
  'align-items:center;justify-content:center;z-index:2147483000;transition:transform .2s ease}' +
  '.sb-left .sb-bubble{right:auto;left:20px}.sb-bubble:hover{transform:scale(1.06)}' +
  '.sb-bubble:focus-visible{outline:3px solid #fff;box-shadow:0 0 0 6px var(--sb-accent,#4f46e5)}' +
  '.sb-bubble svg{width:28px;height:28px;fill:currentColor}' +
  '.sb-badge{position:absolute;top:-2px;right:-2px;min-width:20px;height:20px;padding:0 5px;box-sizing:border-box;' +
  'border-radius:10px;background:#ef4444;color:#fff;font:600 12px/20px system-ui,sans-serif;text-align:center}' +
  '.sb-badge[hidden]{display:none}@media (prefers-reduced-motion:reduce){.sb-bubble{transition:none}}';

const CHAT_ICON =
  '<path d="M12 3C6.5 3 2 6.9 2 11.7c0 2.4 1.1 4.6 3 6.2L4 22l4.6-2.3c1.1.3 2.2.5 3.4.5 5.5 0 10-3.9 10-8.6S17.5 3 12 3z"/>';
const CLOSE_ICON = '<path d="M6.4 5 5 6.4 10.6 12 5 17.6 6.4 19l5.6-5.6 5.6 5.6 1.4-1.4-5.6-5.6L19 6.4 17.6 5 12 10.6z"/>';

(() => {
  const w = window as unknown as Record<string, any>;
  const d = document;
  if (w.Switchboard && w.Switchboard.version) return; // loaded twice: keep the first
  const script = (d.currentScript || d.querySelector('script[data-widget-key]')) as HTMLScriptElement | null;
  const settings = (w.SwitchboardSettings || {}) as Record<string, any>;
  const key: string | undefined = (script && script.getAttribute('data-widget-key')) || settings.widgetKey;
  const sdk = createSdk(w.Switchboard);
  w.Switchboard = Object.assign(sdk.api, { version: '1' });
  if (!key) return console.warn('[Switchboard] data-widget-key is missing on the widget script tag');

  const base: string = settings.baseUrl || new URL('.', (script && script.src) || location.href).href;
  let storage: Storage | null = null;
  try {
    storage = w.localStorage;
  } catch {
    /* storage blocked (privacy mode): the widget still works for this page view */
  }
  const prefix = 'switchboard:' + key + ':';
  const read = (k: string, s: Storage | null = storage) => {
    try {
      return JSON.parse((s && s.getItem(prefix + k)) || 'null');
    } catch {
      return null;
    }
  };
  const write = (k: string, v: unknown, s: Storage | null = storage) => {
    try {
      if (s) s.setItem(prefix + k, JSON.stringify(v));
    } catch {
      /* quota or blocked storage: not worth failing over */
    }
  };

  // Page views feed the visitor context the agent sees; a visit is one browser session.
  let session: Storage | null = null;
  try {
    session = w.sessionStorage;
  } catch {
    /* ignore */
  }
  const views: PageView[] = (read('views', session) || []).concat({ url: location.href, title: d.title, at: Date.now() });
  write('views', views.slice(-30), session);
  if (!read('visit', session)) {
    write('visit', 1, session);
    write('visits', (read('visits') || 0) + 1);
  }

  const host = d.createElement('switchboard-widget');
  // Inline !important beats any author rule (even `* {display:none !important}`) on the host element.
  host.setAttribute('style', 'all:initial!important;display:block!important;position:static!important');
  const root = host.attachShadow({ mode: 'open' });
  const frame = d.createElement('div');
  const style = d.createElement('style');
  style.textContent = BUBBLE_CSS;
  const bubble = d.createElement('button');
  bubble.className = 'sb-bubble';
  bubble.type = 'button';
  bubble.setAttribute('aria-label', 'Open chat');
  bubble.setAttribute('aria-expanded', 'false');
  bubble.innerHTML = '<svg viewBox="0 0 24 24" aria-hidden="true">' + CHAT_ICON + '</svg><span class="sb-badge" hidden></span>';
  const badge = bubble.lastChild as HTMLElement;
  const panel = d.createElement('div');
  panel.className = 'sb-panel-slot';
  frame.append(bubble, panel);
  root.append(style, frame);

  let isOpen = false;
  let ui: UiHandle | null = null;
  let loading: Promise<UiHandle> | null = null;
  let locale: string | null = settings.locale || null;
  const pending = createPending();
  let config: WidgetConfig = { settings: {} };

  const ctx: LoaderContext = {
    widgetKey: key,
    base,
    root,
    panel,
    bubble,
    get config() {
      return config;
    },
    get locale() {
      return locale;
    },
    pageViews: views,
    visits: read('visits') || 1,
    emit: sdk.emit,
    storage,
    setUnread(n) {
      badge.hidden = !n;
      badge.textContent = n > 9 ? '9+' : String(n);
      sdk.emit('unread', n);
    },
    setOpen(open) {
      isOpen = open;
      bubble.setAttribute('aria-expanded', String(open));
      (bubble.firstChild as Element).innerHTML = open ? CLOSE_ICON : CHAT_ICON;
      sdk.emit(open ? 'open' : 'close');
    },
  };

  const loadUi = () =>
    (loading ||= new Promise<UiHandle>((resolve, reject) => {
      const css = d.createElement('link');
      css.rel = 'stylesheet';
      css.href = base + 'widget/' + __UI_CSS__;
      const js = d.createElement('script');
      js.src = base + 'widget/' + __UI_JS__;
      js.async = true;
      let left = 2;
      const done = () => {
        if (--left) return;
        ui = w.__SwitchboardUI.mount(ctx) as UiHandle;
        pending.flush(ui.call);
        resolve(ui);
      };
      css.onload = css.onerror = done; // unstyled beats not at all
      js.onload = done;
      js.onerror = () => {
        loading = null;
        reject(new Error('[Switchboard] could not load the messenger'));
      };
      root.append(css);
      d.head.append(js);
    }));

  const setOpen = (open: boolean) => {
    if (open === isOpen) return;
    if (!open) return ui && ui.setOpen(false);
    loadUi().then((h) => h.setOpen(true), console.error);
  };

  bubble.addEventListener('click', () => setOpen(!isOpen));
  sdk.attach((method, args) => {
    if (method === 'open') setOpen(true);
    else if (method === 'close') setOpen(false);
    else if (method === 'toggle') setOpen(!isOpen);
    else {
      if (method === 'newConversation') setOpen(true);
      if (method === 'setLocale') locale = String(args[0] || '') || null;
      if (method === 'reset') {
        for (const k of ['token', 'outbox', 'user']) storage && storage.removeItem(prefix + k);
      }
      pending.push(method, args);
    }
  });

  const armProactive = (rules: ProactiveRule[] | undefined) => {
    const shown: string[] = read('shown') || [];
    for (const rule of eligibleRules(rules, location.href, read('visits') || 1, shown)) {
      setTimeout(() => {
        const seen: string[] = read('shown') || [];
        if (isOpen || seen.includes(rule.id)) return;
        write('shown', seen.concat(rule.id));
        loadUi().then((h) => h.proactive(rule), console.error);
      }, Math.max(0, Number(rule.delaySeconds) || 0) * 1000);
      return; // one pending proactive message per page is plenty
    }
  };

  const start = () => {
    (d.body || d.documentElement).append(host);
    fetch(base + 'api/widget/config?widgetKey=' + encodeURIComponent(key))
      .then((r) => (r.ok ? r.json() : Promise.reject(new Error('config ' + r.status))))
      .then((c: WidgetConfig) => {
        config = { ...c, settings: c.settings || {} };
      })
      .catch((err) => console.warn('[Switchboard] using default settings:', err.message))
      .then(() => {
        const s = config.settings;
        if (s.color) frame.style.setProperty('--sb-accent', s.color);
        frame.className = s.position === 'left' ? 'sb-left' : '';
        sdk.emit('ready');
        if (read('token')) loadUi().catch(console.error);
        else armProactive(s.proactive);
      });
  };
  if (d.body) start();
  else d.addEventListener('DOMContentLoaded', start);
})();
