// Messages, conversations and files are the server's wire contract for the visitor (`server/contract/wire.ts`,
// imported as types only, so nothing of it reaches the bundle).
import type { WireAttachment, WireVisitorConversation, WireVisitorMessage } from '../../server/contract/wire.js';
// Shapes shared by the loader and the lazily loaded UI. The loader must stay tiny, so only types live here.

export type SdkEvent = 'ready' | 'open' | 'close' | 'message' | 'unread' | 'conversation';
export type SdkMethod = 'open' | 'close' | 'toggle' | 'setUser' | 'setAttributes' | 'setLocale' | 'reset' | 'newConversation' | 'on';
export type Call = [method: string, args: unknown[]];

export interface ProactiveRule {
  id: string;
  message: string;
  /** `*` wildcard; a leading `/` matches path + query, otherwise the full URL. */
  urlPattern?: string;
  delaySeconds?: number;
  audience?: 'all' | 'first' | 'returning';
}

export interface FormField {
  name: string;
  label: string;
  type: 'text' | 'email' | 'tel' | 'textarea' | 'select' | 'number';
  required?: boolean;
  options?: string[];
}

export interface WidgetSettings {
  color?: string;
  position?: 'right' | 'left';
  greeting?: string;
  teamName?: string;
  avatars?: string[];
  replyTime?: 'minutes' | 'hours' | 'day';
  locale?: string;
  preChat?: { enabled: boolean; message?: string; fields: FormField[] };
  askEmailAfterMinutes?: number;
  csat?: boolean;
  attachments?: { enabled: boolean; maxBytes: number; types: string[] };
  identity?: { enforced: boolean; requireVerified: boolean };
  proactive?: ProactiveRule[];
  /** Offered when the visitor starts a conversation; a topic may route to a team (server side). */
  topics?: Array<{ id: string; label: string }>;
  /** Computed by the server from business hours and agent presence. */
  availability?: { online: boolean; withinBusinessHours: boolean; nextOpenAt?: string | null };
}

export interface WidgetConfig {
  inboxId?: string;
  name?: string;
  /** The inbox's bot answers first and sends its own greeting into the conversation. */
  botEnabled?: boolean;
  /** Outbound mail is set up, so visitors may ask for a transcript. */
  transcripts?: boolean;
  settings: WidgetSettings;
}

export type Attachment = WireAttachment;

/** A visitor message; `sending` only on this tab's own message until the server has it. */
export type WidgetMessage = Omit<WireVisitorMessage, 'status'> & { status: WireVisitorMessage['status'] | 'sending' };

/** One of the visitor's conversations, as GET /api/widget/conversations lists it. */
export type VisitorConversation = WireVisitorConversation;

export interface PageView {
  url: string;
  title: string;
  at: number;
}

/** What the loader hands to the UI bundle when it mounts. */
export interface LoaderContext {
  widgetKey: string;
  base: string;
  root: ShadowRoot;
  panel: HTMLElement;
  bubble: HTMLButtonElement;
  config: WidgetConfig;
  locale: string | null;
  pageViews: PageView[];
  /** Browser sessions on this site so far, counted by the loader. */
  visits: number;
  emit(event: SdkEvent, payload?: unknown): void;
  setUnread(count: number): void;
  setOpen(open: boolean): void;
  storage: Storage | null;
}

/** What the UI bundle returns to the loader. */
export interface UiHandle {
  call(method: string, args: unknown[]): void;
  setOpen(open: boolean): void;
  proactive(rule: ProactiveRule): void;
}
