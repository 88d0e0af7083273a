// The /agent socket. One connection per signed-in tab. Consumers subscribe to
// typed events; on every reconnect (not the first connect) "resync" fires so
// lists and the open thread refetch what they missed while offline.
import { io, type Socket } from 'socket.io-client';
import type { Agent, Conversation, MentionNotification, Message } from '../api/types';

export interface PresenceAgent {
  id: string;
  name: string;
  typing: boolean;
}

/** A follow-up task that just fell due (sent to the assignee's room only). */
export interface TaskReminder {
  id: string;
  title: string;
  dueAt: string;
  contactId: string | null;
}

export interface RealtimeEvents {
  'message.created': { message: Message; conversation?: Conversation };
  'message.updated': { message: Message };
  'conversation.created': { conversation: Conversation };
  'conversation.updated': { conversation: Conversation };
  'presence.state': { conversationId: string; agents: PresenceAgent[] };
  /** The customer is typing in the widget (conversationId is null before their first message). */
  typing: { contactId: string; conversationId: string | null; on: boolean; visitor: true };
  'notification.created': { notification: MentionNotification };
  'task.reminder': { task: TaskReminder };
  /** A colleague changed their name, face or availability. */
  'agent.updated': { agent: Pick<Agent, 'id' | 'name' | 'avatarUrl' | 'availability' | 'online'> };
  /** A merge or its undo: both conversations as they are now (also sent as conversation.updated). */
  'conversation.merged': MergeEvent;
  'conversation.unmerged': MergeEvent;
  resync: void;
}
export interface MergeEvent {
  mergeId: string;
  primary: Conversation;
  secondary: Conversation;
  contactMerged: boolean;
}

export type ConnectionState = 'connecting' | 'online' | 'offline';

type Handler<K extends keyof RealtimeEvents> = (payload: RealtimeEvents[K]) => void;

class Realtime {
  private socket: Socket | null = null;
  private handlers = new Map<keyof RealtimeEvents, Set<Handler<never>>>();
  private stateListeners = new Set<() => void>();
  private hasConnected = false;
  /** Said before the socket exists (a screen that mounts first): sent once it does. */
  private early: [string, unknown][] = [];
  state: ConnectionState = 'offline';

  connect(token: string, onAuthRejected: () => void): void {
    this.disconnect();
    this.hasConnected = false;
    this.setState('connecting');
    const socket = io('/agent', { auth: { token }, transports: ['websocket', 'polling'] });
    this.socket = socket;
    socket.on('connect', () => {
      this.setState('online');
      if (this.hasConnected) this.emitLocal('resync', undefined);
      this.hasConnected = true;
    });
    socket.on('disconnect', () => this.setState('offline'));
    socket.on('connect_error', (err: Error) => {
      this.setState('offline');
      // A rejected token will not get better by retrying; let the session decide.
      if (/unauth|token|forbidden/i.test(err.message)) onAuthRejected();
    });
    // The server ends the session (signed out elsewhere, revoked, disabled): the session confirms it and says so.
    socket.on('session.ended', () => onAuthRejected());
    const forward = ['message.created', 'message.updated', 'conversation.created', 'conversation.updated', 'presence.state', 'typing', 'notification.created', 'task.reminder', 'conversation.merged', 'conversation.unmerged', 'agent.updated'] as const;
    for (const name of forward) socket.on(name, (payload: unknown) => this.emitLocal(name, payload as never));
    // Socket.IO itself buffers these until the connection is up.
    for (const [event, payload] of this.early.splice(0)) socket.emit(event, payload);
  }

  disconnect(): void {
    this.socket?.removeAllListeners();
    this.socket?.disconnect();
    this.socket = null;
    this.setState('offline');
  }

  /** Drops the connection without giving up the session (used to exercise the catch-up path). */
  pause(): void {
    this.socket?.disconnect();
  }

  resume(): void {
    this.socket?.connect();
  }

  emit(event: string, payload: unknown): void {
    if (this.socket) this.socket.emit(event, payload);
    else this.early.push([event, payload]);
  }

  on<K extends keyof RealtimeEvents>(name: K, handler: Handler<K>): () => void {
    let set = this.handlers.get(name);
    if (!set) this.handlers.set(name, (set = new Set()));
    set.add(handler as Handler<never>);
    return () => set.delete(handler as Handler<never>);
  }

  onState(l: () => void): () => void {
    this.stateListeners.add(l);
    return () => this.stateListeners.delete(l);
  }

  private emitLocal<K extends keyof RealtimeEvents>(name: K, payload: RealtimeEvents[K]): void {
    this.handlers.get(name)?.forEach((h) => (h as Handler<K>)(payload));
  }

  private setState(s: ConnectionState): void {
    if (this.state === s) return;
    this.state = s;
    this.stateListeners.forEach((l) => l());
  }
}

export const realtime = new Realtime();
if (typeof window !== 'undefined') (window as unknown as { __sbRealtime: Realtime }).__sbRealtime = realtime;
