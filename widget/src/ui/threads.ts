// The visitor's several conversations: which one is on screen (remembered per widget key), the list with its
// unread counts kept live from socket messages for the threads not on screen, starting and switching, and the
// transcript request. Every switch or start tells the host page through the SDK's `conversation` event.
import type { VisitorConversation, WidgetMessage } from '../types.js';
import { ApiError } from './client.js';
import type { Messenger } from './store.js';

/** Open first, then the most recent; the server lists them the same way. */
const order = (a: VisitorConversation, b: VisitorConversation) =>
  Number(a.status === 'resolved') - Number(b.status === 'resolved') || (b.lastMessageAt || '').localeCompare(a.lastMessageAt || '');

export class Threads {
  constructor(private readonly m: Messenger) {}

  private get list() {
    return this.m.state.list;
  }

  private patch(id: string, fn: (c: VisitorConversation) => Partial<VisitorConversation>) {
    this.m.update({ list: this.list.map((c) => (c.id === id ? { ...c, ...fn(c) } : c)).sort(order) });
  }

  /** Loads the list and settles which conversation is on screen: the remembered one, else the first listed. */
  async load(): Promise<string | null> {
    const { items } = await this.m.client.request<{ items: VisitorConversation[] }>('GET', 'api/widget/conversations');
    const remembered = this.m.state.current || this.m.client.get<string>('current');
    const current = items.some((c) => c.id === remembered) ? remembered : items[0]?.id || null;
    this.m.update({ list: items, current });
    return current;
  }

  private tell(id: string) {
    const c = this.list.find((x) => x.id === id);
    this.m.ctx.emit('conversation', { id, status: c?.status || 'open', topic: c?.topic || null, subject: c?.subject || null });
  }

  async switchTo(id: string) {
    this.m.client.set('current', id);
    this.m.update({ current: id, screen: 'thread' });
    this.tell(id);
    if (!this.m.state.messages.some((x) => x.conversationId === id)) await this.m.loadHistory(id);
    this.read();
  }

  /**
   * A merge (or its undo) moved messages between two of the visitor's threads: the list is reloaded, a visitor
   * looking at the merged-away thread follows it into the one it now lives in, and both threads are re-read so
   * every message carries the conversation it now belongs to (one after the other: each read merges into state).
   */
  async moved(e: { primaryId: string; secondaryId: string }, merged: boolean) {
    const follow = merged && this.m.state.current === e.secondaryId;
    await this.load();
    await this.m.loadHistory(e.secondaryId);
    await this.m.loadHistory(e.primaryId);
    if (follow) await this.switchTo(e.primaryId);
  }

  /** A new conversation (on a topic when given), then on screen. */
  async start(topicId?: string) {
    await this.m.ensureSession();
    const c = await this.m.client.request<VisitorConversation>('POST', 'api/widget/conversations', topicId ? { topicId } : {});
    this.m.update({ list: [c, ...this.list.filter((x) => x.id !== c.id)].sort(order) });
    await this.switchTo(c.id);
    return c;
  }

  /** "Start a new conversation": the topic list first when the admin defined topics. */
  startOrPick() {
    if (this.m.state.settings.topics?.length) this.m.update({ screen: 'topics' });
    else this.start().catch((err) => this.m.fail(err));
  }

  /** Every message that arrives or is sent: the list's preview, and unread for what the visitor is not looking at. */
  seen(msg: WidgetMessage, isNew: boolean) {
    const id = msg.conversationId;
    if (!id) return;
    if (!this.m.state.current) {
      // The first message made the visitor's first conversation: it is now the one on screen.
      this.m.client.set('current', id);
      this.m.update({ current: id });
      this.tell(id);
    }
    if (!this.list.some((c) => c.id === id)) {
      this.load().catch(() => {});
      return;
    }
    // Updates (delivery status) of a message already counted count nothing.
    const fromTeam = isNew && msg.direction === 'outgoing' && msg.senderType !== 'contact';
    this.patch(id, (c) => ({
      lastMessage: { id: msg.id, body: msg.body, direction: msg.direction, senderType: msg.senderType, createdAt: msg.createdAt },
      lastMessageAt: msg.createdAt,
      unreadCount: c.unreadCount + (fromTeam && !this.watching(id) ? 1 : 0),
    }));
    if (fromTeam && this.watching(id)) this.read(true);
  }

  private watching(id: string) {
    const s = this.m.state;
    return s.open && s.screen === 'thread' && s.current === id && !document.hidden;
  }

  /** The thread on screen is read: its count drops here and on the server (told only when something was unread). */
  read(arrived = false) {
    const id = this.m.state.current;
    const c = id && this.list.find((x) => x.id === id);
    if (!c || !this.watching(c.id) || !(arrived || c.unreadCount)) return;
    if (c.unreadCount) this.patch(c.id, () => ({ unreadCount: 0 }));
    this.m.client.request('POST', `api/widget/conversations/${c.id}/read`).catch(() => {});
  }

  statusChanged(id: string, status: VisitorConversation['status']) {
    if (this.list.some((c) => c.id === id)) this.patch(id, () => ({ status }));
  }

  /** Mails the conversation on screen to the visitor: the address on file, or `email` when there is none. */
  async transcript(email?: string) {
    const id = this.m.state.current;
    if (!id) return;
    try {
      const out = await this.m.client.request<{ to: string }>('POST', `api/widget/conversations/${id}/transcript`, email ? { email } : {});
      this.m.update({ transcriptSentTo: out.to, hasEmail: true });
    } catch (err) {
      if (err instanceof ApiError && err.code === 'rate_limited') this.m.update({ notice: this.m.t('transcript.limited') });
      else throw err;
    }
  }
}
