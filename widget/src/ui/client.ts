// Talks to /api/widget/* and the /widget socket namespace. Owns the visitor token (localStorage, scoped per
// widget key) and the offline outbox: messages typed without a connection are kept with their clientId and
// sent once the connection is back; the server deduplicates by clientId so a retry never doubles a message.
import { io, type Socket } from 'socket.io-client';
import type { VisitorConversation, WidgetMessage } from '../types.js';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export interface OutboxItem extends StructuredReply {
  clientId: string;
  /** The conversation on screen when it was typed; none for the visitor's first message. */
  conversationId?: string;
  body: string;
  createdAt: string;
}

/** An answer to a bot's options or form: the bot acts on the value, people read the body. */
export interface StructuredReply {
  contentType?: 'option_reply' | 'form_response';
  content?: Record<string, string>;
}

export interface ClientEvents {
  message(m: WidgetMessage): void;
  conversation(c: Pick<VisitorConversation, 'id' | 'status'>): void;
  typing(t: { on: boolean; conversationId?: string | null; sender?: { name?: string | null } | null }): void;
  connection(connected: boolean): void;
  /** A merge or its undo moved messages between two of the visitor's conversations. */
  moved(e: { primaryId: string; secondaryId: string }, merged: boolean): void;
}

export const newClientId = () =>
  (crypto as Crypto & { randomUUID?: () => string }).randomUUID?.() ||
  Date.now().toString(36) + Math.random().toString(36).slice(2);

export class WidgetClient {
  private socket: Socket | null = null;
  private readonly prefix: string;

  constructor(
    private readonly base: string,
    private readonly widgetKey: string,
    private readonly storage: Storage | null,
  ) {
    this.prefix = 'switchboard:' + widgetKey + ':';
  }

  get<T>(key: string): T | null {
    try {
      return JSON.parse(this.storage?.getItem(this.prefix + key) || 'null');
    } catch {
      return null;
    }
  }

  set(key: string, value: unknown) {
    try {
      if (value == null) this.storage?.removeItem(this.prefix + key);
      else this.storage?.setItem(this.prefix + key, JSON.stringify(value));
    } catch {
      /* storage full or blocked: the session simply won't survive a reload */
    }
  }

  get token(): string | null {
    return this.get<string>('token');
  }

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = {};
    if (this.token) headers.authorization = 'Bearer ' + this.token;
    const isForm = typeof FormData !== 'undefined' && body instanceof FormData;
    if (body !== undefined && !isForm) headers['content-type'] = 'application/json';
    const res = await fetch(this.base + path.replace(/^\//, ''), {
      method,
      headers,
      body: body === undefined ? undefined : isForm ? (body as FormData) : JSON.stringify(body),
    });
    const text = await res.text();
    const json = text ? JSON.parse(text) : null;
    if (!res.ok) {
      const e = (json && json.error) || {};
      throw new ApiError(res.status, e.code || 'http_' + res.status, e.message || res.statusText, e.fields);
    }
    return json as T;
  }

  /** Resumes the stored session when there is one; otherwise creates a visitor. */
  async session(visitor?: { name?: string; email?: string }): Promise<{ visitorToken: string; contactId: string }> {
    const out = await this.request<{ visitorToken: string; contactId: string }>('POST', 'api/widget/sessions', {
      widgetKey: this.widgetKey,
      visitor,
      visitorToken: this.token || undefined,
    });
    if (out.visitorToken !== this.token) {
      this.set('token', out.visitorToken);
      this.reconnect();
    }
    this.set('contact', out.contactId);
    return out;
  }

  adoptToken(token: string) {
    if (token === this.token) return;
    this.set('token', token);
    this.reconnect();
  }

  history(conversationId: string | null) {
    return this.request<{ items: WidgetMessage[]; conversations?: Array<{ id: string; status: string }> }>('GET', 'api/widget/messages' + (conversationId ? '?conversationId=' + conversationId : ''));
  }

  async send(item: OutboxItem): Promise<{ message: WidgetMessage; conversationId: string }> {
    const payload = { body: item.body, clientId: item.clientId, conversationId: item.conversationId, contentType: item.contentType, content: item.content };
    const s = this.socket;
    if (s && s.connected) {
      try {
        const ack = await s.timeout(8000).emitWithAck('message.send', payload);
        if (ack && ack.message) return ack;
        if (ack && ack.error) throw new ApiError(400, ack.error.code || 'rejected', ack.error.message || 'rejected');
      } catch (err) {
        if (err instanceof ApiError) throw err;
        // ack timed out: fall through to REST; the clientId keeps it a single message
      }
    }
    return this.request('POST', 'api/widget/messages', payload);
  }

  outbox(): OutboxItem[] {
    return this.get<OutboxItem[]>('outbox') || [];
  }

  setOutbox(items: OutboxItem[]) {
    this.set('outbox', items.length ? items : null);
  }

  typing(on: boolean, conversationId: string | null) {
    if (this.socket?.connected) this.socket.emit('typing', { on, conversationId });
  }

  private handlers: ClientEvents | null = null;

  connect(handlers: ClientEvents) {
    this.handlers = handlers;
    if (!this.token || this.socket) return;
    const url = new URL(this.base);
    const s = (this.socket = io(url.origin + '/widget', {
      path: url.pathname.replace(/\/?$/, '/') + 'socket.io',
      auth: (cb) => cb({ token: this.token }),
      transports: ['websocket', 'polling'],
    }));
    s.on('connect', () => handlers.connection(true));
    s.on('disconnect', () => handlers.connection(false));
    s.on('message', (m: WidgetMessage) => handlers.message(m));
    s.on('message.updated', (m: WidgetMessage) => handlers.message(m));
    s.on('conversation.updated', (c: Pick<VisitorConversation, 'id' | 'status'>) => handlers.conversation(c));
    s.on('typing', (t: { on: boolean; conversationId?: string | null; sender?: { name?: string } }) => handlers.typing(t));
    s.on('conversation.merged', (e: { primaryId: string; secondaryId: string }) => handlers.moved(e, true));
    s.on('conversation.unmerged', (e: { primaryId: string; secondaryId: string }) => handlers.moved(e, false));
  }

  private reconnect() {
    this.disconnect();
    if (this.handlers) this.connect(this.handlers);
  }

  disconnect() {
    this.socket?.disconnect();
    this.socket = null;
  }

  clear() {
    this.disconnect();
    for (const k of ['token', 'outbox', 'contact', 'user', 'state', 'current']) this.set(k, null);
  }
}
