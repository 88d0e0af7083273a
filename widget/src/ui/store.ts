// The messenger's state and every visitor action. Components only render this state and call these methods.
import type { LoaderContext, ProactiveRule, VisitorConversation, WidgetMessage, WidgetSettings } from '../types.js';
import { ApiError, WidgetClient, newClientId, type OutboxItem, type StructuredReply } from './client.js';
import { visitorContext } from './context.js';
import { isRtl, loadStrings, pickLocale, translate, type Strings } from './i18n.js';
import { describeLimits, refusal } from './file-limits.js';
import { Threads } from './threads.js';
import { titleBlinker } from './title.js';

export interface State {
  open: boolean;
  locale: string;
  dir: 'ltr' | 'rtl';
  strings: Strings;
  settings: WidgetSettings;
  loaded: boolean;
  messages: WidgetMessage[];
  conversations: Record<string, { status: string; csatRating?: number | null }>;
  connected: boolean;
  typing: string | null;
  unread: number;
  proactive: ProactiveRule | null;
  preview: string | null;
  announce: string;
  notice: string | null;
  uploading: string | null;
  answered: Record<string, string>;
  verified: boolean | null;
  /** The contact already has an e-mail address on file (so the widget does not ask for one). */
  hasEmail: boolean;
  /** The visitor's conversations, and the one on screen (null until the first exists). */
  list: VisitorConversation[];
  current: string | null;
  screen: 'thread' | 'list' | 'topics' | 'transcript';
  transcriptSentTo: string | null;
  /** Persisted per widget key so the visitor is not asked twice. */
  saved: { prechatDone?: boolean; email?: string | null; emailPrompt?: 'dismissed' | 'saved'; csat?: Record<string, number> };
}

interface VisitorState {
  conversations: Array<{ id: string; status: string; csatRating: number | null }>;
  contact: { hasEmail: boolean; verified: boolean };
}

const byTime = (a: WidgetMessage, b: WidgetMessage) => a.createdAt.localeCompare(b.createdAt);

export class Messenger {
  state: State;
  readonly client: WidgetClient;
  private listeners = new Set<() => void>();
  private blinker = titleBlinker();
  private typingTimer: ReturnType<typeof setTimeout> | undefined;
  private flushing = false;
  private contextSent = false;
  private engagedRule: string | null = null;
  private attributes: Record<string, unknown> = {};
  /** Messages wait for an identity check in flight, so they land on the identified contact. */
  private identifying: Promise<unknown> = Promise.resolve();
  readonly threads = new Threads(this);
  localeReady: Promise<void> = Promise.resolve();

  /** The bot greets inside the conversation, so the widget's own greeting gives way once the thread starts. */
  get botGreets(): boolean {
    return this.ctx.config.botEnabled === true && this.shown().length > 0;
  }

  /** The messages of the conversation on screen (optimistic ones not yet filed belong to it too). */
  shown(): WidgetMessage[] {
    const { messages, current } = this.state;
    return current ? messages.filter((x) => !x.conversationId || x.conversationId === current) : messages;
  }

  constructor(readonly ctx: LoaderContext) {
    this.client = new WidgetClient(ctx.base, ctx.widgetKey, ctx.storage);
    const locale = this.resolveLocale(ctx.locale);
    this.state = {
      open: false, locale, dir: isRtl(locale) ? 'rtl' : 'ltr', strings: {}, settings: ctx.config.settings || {},
      loaded: false, messages: [], conversations: {}, connected: false, typing: null, unread: 0, proactive: null,
      preview: null, announce: '', notice: null, uploading: null, answered: {}, verified: null, hasEmail: false,
      list: [], current: null, screen: 'thread', transcriptSentTo: null,
      saved: this.client.get('state') || {},
    };
    addEventListener('online', () => this.flush());
  }

  t = (key: string, vars?: Record<string, string | number>) => translate(this.state.strings, key, vars);

  /** Attachment links are relative to our server, not to the page that embeds the widget. */
  serverUrl = (url: string) => new URL(url, this.ctx.base).href;

  subscribe(fn: () => void) {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private notify() {
    for (const fn of this.listeners) fn();
  }

  update(patch: Partial<State>) {
    this.state = { ...this.state, ...patch };
    if (patch.saved) this.client.set('state', this.state.saved);
    this.notify();
  }

  private resolveLocale(wanted: string | null) {
    return pickLocale([wanted, this.ctx.config.settings?.locale, document.documentElement.lang, ...navigator.languages]);
  }

  /** Resolves once a stored session is resumed; sending waits for it so SDK calls replayed at load go first. */
  private initialized: Promise<void> = Promise.resolve();

  init() {
    return (this.initialized = this.boot());
  }

  private async boot() {
    this.localeReady = this.setLocale(this.state.locale);
    await Promise.all([this.localeReady, this.loadAvailability()]);
    if (this.client.token) {
      try {
        await this.client.session();
        await this.afterSession();
      } catch (err) {
        this.fail(err);
      }
    }
    this.update({ loaded: true });
    this.ctx.emit('ready', { ui: true });
  }

  async setLocale(wanted: string) {
    const locale = this.resolveLocale(wanted);
    let strings = this.state.strings;
    try {
      strings = await loadStrings(this.ctx.base, locale);
    } catch {
      return; // keep the current language rather than show keys
    }
    this.update({ locale, strings, dir: isRtl(locale) ? 'rtl' : 'ltr' });
    this.ctx.bubble.setAttribute('aria-label', this.t(this.state.open ? 'closeChat' : 'openChat'));
  }

  private async afterSession() {
    this.client.connect({
      message: (m) => this.receive(m),
      conversation: (c) => {
        this.update({ conversations: { ...this.state.conversations, [c.id]: { ...this.state.conversations[c.id], status: c.status } } });
        this.threads.statusChanged(c.id, c.status);
      },
      typing: (t) => {
        if (t.conversationId && this.state.current && t.conversationId !== this.state.current) return;
        clearTimeout(this.typingTimer);
        this.update({ typing: t.on ? t.sender?.name || this.t('someone') : null });
        if (t.on) this.typingTimer = setTimeout(() => this.update({ typing: null }), 8000);
      },
      moved: (e, merged) => this.threads.moved(e, merged).catch(() => {}),
      connection: (connected) => {
        this.update({ connected });
        if (connected) this.refresh().then(() => this.flush());
      },
    });
    await this.refresh();
    await this.sendContext();
    this.flush();
  }

  private async refresh() {
    const current = await this.threads.load();
    const [, extra] = await Promise.all([
      this.loadHistory(current),
      this.client.request<VisitorState>('GET', 'api/widget/state').catch(() => null),
    ]);
    const conversations = { ...this.state.conversations };
    for (const c of extra?.conversations || []) conversations[c.id] = { status: c.status, csatRating: c.csatRating };
    const patch: Partial<State> = { conversations };
    if (extra) {
      patch.verified = extra.contact.verified || this.state.verified;
      patch.hasEmail = extra.contact.hasEmail;
    }
    this.update(patch);
  }

  /** One conversation's history (the latest when null), merged into what is already known. */
  async loadHistory(conversationId: string | null) {
    const history = await this.client.history(conversationId);
    const items = history.items;
    // Union, not replace: a message received over the socket while this request was in flight must survive.
    const known = (m: WidgetMessage) => items.some((x) => x.id === m.id || (!!m.clientId && x.clientId === m.clientId));
    const messages = items.concat(this.state.messages.filter((m) => !known(m)));
    const conversations = { ...this.state.conversations };
    for (const c of history.conversations || []) conversations[c.id] = { ...conversations[c.id], status: c.status };
    this.update({ messages: messages.sort(byTime), conversations });
  }

  private async loadAvailability() {
    try {
      const a = await this.client.request<NonNullable<WidgetSettings['availability']>>(
        'GET', 'api/widget/availability?widgetKey=' + encodeURIComponent(this.ctx.widgetKey));
      this.update({ settings: { ...this.state.settings, availability: a } });
    } catch {
      /* unknown availability: assume someone will answer */
    }
  }

  private async sendContext() {
    if (this.contextSent && !this.engagedRule && !Object.keys(this.attributes).length) return;
    const body: Record<string, unknown> = { context: visitorContext(this.ctx.pageViews, this.ctx.visits) };
    if (Object.keys(this.attributes).length) body.attributes = this.attributes;
    if (this.engagedRule && this.conversationId()) body.proactiveRuleId = this.engagedRule;
    try {
      await this.client.request('POST', 'api/widget/context', body);
      this.contextSent = true;
      if (body.proactiveRuleId) this.engagedRule = null;
      if (body.attributes) this.attributes = {};
    } catch {
      /* context is best effort; the conversation matters more */
    }
  }

  private receive(m: WidgetMessage) {
    const list = this.state.messages;
    const i = list.findIndex((x) => x.id === m.id || (!!m.clientId && x.clientId === m.clientId));
    const isNew = i < 0;
    const messages = isNew ? list.concat(m).sort(byTime) : list.map((x, j) => (j === i ? { ...x, ...m } : x));
    const fromTeam = m.direction === 'outgoing' && (m.senderType === 'agent' || m.senderType === 'bot');
    const patch: Partial<State> = { messages };
    if (isNew && fromTeam) {
      const name = m.sender?.name || this.state.settings.teamName || this.t('team');
      patch.typing = null;
      patch.announce = this.t('newMessage', { name }) + ': ' + m.body;
      if (!this.state.open || document.hidden) {
        patch.unread = this.state.unread + 1;
        patch.preview = this.state.open ? null : m.body;
      }
      this.ctx.emit('message', m);
    }
    this.update(patch);
    if (patch.unread) this.syncUnread();
    this.threads.seen(m, isNew);
  }

  private syncUnread() {
    const n = this.state.unread;
    this.ctx.setUnread(n);
    if (n && !this.state.open) this.blinker.start(this.t('titleBlink', { count: n }));
    else this.blinker.stop();
  }

  setOpen(open: boolean) {
    if (open === this.state.open) return;
    this.update({ open, unread: open ? 0 : this.state.unread, preview: null });
    this.syncUnread();
    this.threads.read();
    this.ctx.setOpen(open);
    this.ctx.bubble.setAttribute('aria-label', this.t(open ? 'closeChat' : 'openChat'));
    if (open && this.client.token && !this.contextSent) this.sendContext();
  }

  showProactive(rule: ProactiveRule) {
    this.engagedRule = rule.id;
    this.update({ proactive: rule, preview: this.state.open ? null : rule.message });
    this.ctx.setUnread(1);
  }

  conversationId(): string | null {
    if (this.state.current) return this.state.current;
    const last = [...this.state.messages].reverse().find((m) => m.conversationId);
    return last ? last.conversationId : null;
  }

  /** The visitor needs a session before anything is stored; it is created on first use, not on page load. */
  async ensureSession(visitor?: { name?: string; email?: string }) {
    if (this.client.token && !visitor) return;
    await this.client.session(visitor);
    await this.afterSession();
  }

  send(body: string, reply: StructuredReply = {}) {
    const text = body.trim();
    if (!text) return;
    const clientId = newClientId();
    const item: OutboxItem = { clientId, body: text, createdAt: new Date().toISOString(), conversationId: this.state.current || undefined, ...reply };
    this.client.setOutbox(this.client.outbox().concat(item));
    this.update({ messages: this.state.messages.concat(this.optimistic(item)) });
    this.typing(false); // also re-arms the throttle, so typing right after sending is announced at once
    return this.flush();
  }

  private optimistic(item: OutboxItem): WidgetMessage {
    return {
      id: 'local-' + item.clientId, clientId: item.clientId, conversationId: item.conversationId || '', direction: 'incoming',
      senderType: 'contact', sender: null, body: item.body, private: false, status: 'sending', createdAt: item.createdAt, attachments: [],
      contentType: item.contentType ?? 'text', content: item.content ?? null,
    };
  }

  retry(clientId: string) {
    const m = this.state.messages.find((x) => x.clientId === clientId);
    if (!m) return;
    this.update({ messages: this.state.messages.filter((x) => x !== m) });
    return this.send(m.body, { contentType: m.contentType as StructuredReply['contentType'], content: m.content as StructuredReply['content'] });
  }

  /** Sends queued messages in order; stops at the first network failure and resumes on reconnect. */
  async flush() {
    if (this.flushing) return;
    this.flushing = true;
    try {
      for (const item of this.client.outbox()) {
        if (!this.state.messages.some((m) => m.clientId === item.clientId)) {
          this.update({ messages: this.state.messages.concat(this.optimistic(item)) });
        }
        try {
          await this.initialized;
          await this.identifying;
          await this.ensureSession();
          const { message } = await this.client.send(item);
          this.client.setOutbox(this.client.outbox().filter((o) => o.clientId !== item.clientId));
          this.receive(message);
          if (this.engagedRule) this.sendContext();
        } catch (err) {
          if (!(err instanceof ApiError)) {
            this.update({ notice: this.t('error.offline') });
            return;
          }
          this.client.setOutbox(this.client.outbox().filter((o) => o.clientId !== item.clientId));
          this.update({ messages: this.state.messages.map((m) => (m.clientId === item.clientId ? { ...m, status: 'failed' } : m)) });
          this.fail(err);
        }
      }
      if (this.state.notice === this.t('error.offline')) this.update({ notice: null });
    } finally {
      this.flushing = false;
    }
  }

  fail(err: unknown) {
    const code = err instanceof ApiError ? err.code : '';
    const message = code === 'identity_unverified' || code === 'identity_required' ? this.t('verifyRequired') : this.t('error.generic');
    this.update({ notice: message });
    if (!(err instanceof ApiError)) console.warn('[Switchboard]', err);
  }

  private lastTyping = 0;
  typing(on: boolean) {
    const now = Date.now();
    if (on && now - this.lastTyping < 2000) return;
    this.lastTyping = on ? now : 0;
    this.client.typing(on, this.conversationId());
  }

  answer(message: WidgetMessage, text: string, reply: StructuredReply) {
    this.update({ answered: { ...this.state.answered, [message.id]: text } });
    return this.send(text, reply);
  }

  async updateContact(fields: Record<string, unknown>) {
    await this.ensureSession();
    await this.client.request('PATCH', 'api/widget/contact', fields);
    if (typeof fields.email === 'string') this.update({ saved: { ...this.state.saved, email: fields.email } });
  }

  setAttributes(attrs: Record<string, unknown>) {
    this.attributes = { ...this.attributes, ...attrs };
    if (this.client.token) this.sendContext();
  }

  setUser(identifier: string, attributes: Record<string, unknown> = {}, identifierHash?: string) {
    const run = this.identify(identifier, attributes, identifierHash);
    this.identifying = run;
    return run;
  }

  private async identify(identifier: string, attributes: Record<string, unknown>, identifierHash?: string) {
    try {
      const out = await this.client.request<{ visitorToken: string; verified: boolean }>('POST', 'api/widget/identify', {
        widgetKey: this.ctx.widgetKey, identifier: String(identifier), identifierHash, attributes,
      });
      const switched = out.visitorToken !== this.client.token;
      this.client.adoptToken(out.visitorToken);
      this.update({ verified: out.verified, notice: null });
      if (typeof attributes.email === 'string') this.update({ saved: { ...this.state.saved, email: attributes.email } });
      if (switched) await this.afterSession();
    } catch (err) {
      this.update({ verified: false });
      this.fail(err);
    }
  }

  reset() {
    this.client.clear();
    this.blinker.stop();
    this.ctx.setUnread(0);
    this.update({ messages: [], conversations: {}, unread: 0, saved: {}, verified: null, answered: {}, notice: null, proactive: null, list: [], current: null, screen: 'thread' });
  }

  async submitCsat(conversationId: string, rating: number, comment: string) {
    await this.client.request('POST', 'api/widget/csat', { conversationId, rating, comment: comment || undefined });
    this.update({ saved: { ...this.state.saved, csat: { ...this.state.saved.csat, [conversationId]: rating } } });
  }

  /** The visitor is told which files this inbox takes, before uploading and again if the server refuses one. */
  private refuseFile(name: string, why: 'size' | 'type') {
    const limits = this.state.settings.attachments;
    const rule = limits ? describeLimits(limits, this.state.locale, this.t) : '';
    this.update({ notice: this.t(why === 'size' ? 'file.tooBig' : 'file.type', { name, limits: rule }) });
  }

  async upload(file: File) {
    const limits = this.state.settings.attachments;
    const why = limits ? refusal(file, limits) : null;
    if (why) return this.refuseFile(file.name, why);
    this.update({ uploading: file.name, notice: null });
    try {
      await this.ensureSession();
      const form = new FormData();
      form.append('clientId', newClientId());
      if (this.state.current) form.append('conversationId', this.state.current);
      form.append('file', file);
      const { message } = await this.client.request<{ message: WidgetMessage }>('POST', 'api/widget/attachments', form);
      this.receive(message);
    } catch (err) {
      if (err instanceof ApiError && err.status === 413) this.refuseFile(file.name, 'size');
      else if (err instanceof ApiError && (err.status === 415 || err.code === 'unsupported_type')) this.refuseFile(file.name, 'type');
      else this.fail(err);
    } finally {
      this.update({ uploading: null });
    }
  }
}
