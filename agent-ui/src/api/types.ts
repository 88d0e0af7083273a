// Shapes returned by the Switchboard REST API (see the fixed public contract).
// Optional fields are ones the server may omit on older records or other audiences.

export type ChannelKind = 'web' | 'email' | 'sms' | 'telegram' | 'messenger' | 'whatsapp' | 'line';
export const CHANNELS: ChannelKind[] = ['web', 'email', 'sms', 'telegram', 'messenger', 'whatsapp', 'line'];

export type ConversationStatus = 'open' | 'pending' | 'snoozed' | 'resolved';
export const STATUSES: ConversationStatus[] = ['open', 'pending', 'snoozed', 'resolved'];

export type Priority = 'none' | 'low' | 'medium' | 'high' | 'urgent';
export const PRIORITIES: Priority[] = ['none', 'low', 'medium', 'high', 'urgent'];

export type Role = 'admin' | 'agent';

export interface Agent {
  id: string;
  name: string;
  email: string;
  role: Role;
  avatarUrl?: string | null;
  online?: boolean;
  /** What the agent chose; only online agents get new conversations from auto-assignment. */
  availability?: Availability;
  locale?: string | null;
}

export const AVAILABILITIES = ['online', 'away', 'busy'] as const;
export type Availability = (typeof AVAILABILITIES)[number];

export interface Inbox {
  id: string;
  name: string;
  channel: ChannelKind;
  widgetKey?: string | null;
  /** The embed code, built by the server from PUBLIC_URL. */
  widgetSnippet?: string;
  config?: Record<string, unknown>;
  botEnabled?: boolean;
  createdAt?: string;
  memberIds?: string[];
  webhooks?: Record<string, string>;
  /** Set while archived: conversations readable, nothing new accepted. */
  archivedAt?: string | null;
}

export interface Team {
  id: string;
  name: string;
  description?: string | null;
  memberIds?: string[];
}

export interface Label {
  id: string;
  name: string;
  color: string;
  description?: string | null;
}

export interface CannedResponse {
  id: string;
  shortCode: string;
  content: string;
}

export interface ContactSummary {
  id: string;
  name: string | null;
  email?: string | null;
  phone?: string | null;
  avatarUrl?: string | null;
}

export interface MessagePreview {
  id: string;
  body: string;
  direction: MessageDirection;
  senderType: SenderType;
  private: boolean;
  createdAt: string;
  /** Names of the message's files, for a preview of a message that is only an attachment. */
  attachmentNames?: string[];
}

export interface Conversation {
  id: string;
  inboxId: string;
  contactId: string;
  channel?: ChannelKind;
  status: ConversationStatus;
  assigneeId: string | null;
  teamId?: string | null;
  priority: Priority | null;
  labels: string[];
  lastMessageAt: string | null;
  createdAt?: string;
  updatedAt?: string;
  unreadCount?: number;
  waitingSince?: string | null;
  snoozedUntil?: string | null;
  contact?: ContactSummary;
  lastMessage?: MessagePreview | null;
  subject?: string | null;
  /** Set when this conversation was merged into another one: the thread lives there now. */
  mergedIntoId?: string | null;
}

/** What a merge returns besides the primary: the undo handle and its deadline. */
export interface MergeInfo {
  id: string;
  secondaryId: string;
  undoUntil: string;
  contactMerged?: boolean;
}

/** A background export of the conversation list; downloadUrl appears once status is done. */
export interface ConversationExport {
  id: string;
  format: 'csv' | 'jsonl';
  status: 'queued' | 'running' | 'done' | 'failed';
  total: number | null;
  processed: number;
  bytes: number;
  error: string | null;
  statusUrl: string;
  downloadUrl: string | null;
}

export interface ImportLine {
  line: number;
  status: 'created' | 'updated' | 'unchanged' | 'error';
  externalId?: string;
  conversationId?: string;
  errors?: { path: string; message: string }[];
}

export interface ImportReport {
  dryRun: boolean;
  summary: { lines: number; created: number; updated: number; unchanged: number; errors: number };
  lines: ImportLine[];
}

export type MessageDirection = 'incoming' | 'outgoing' | 'activity';
export type SenderType = 'contact' | 'agent' | 'bot' | 'system';
export type MessageStatus = 'received' | 'queued' | 'sent' | 'delivered' | 'read' | 'failed';

export interface Attachment {
  id: string;
  name: string;
  contentType: string;
  size: number;
  url: string;
}

export interface Message {
  id: string;
  conversationId: string;
  direction: MessageDirection;
  senderType: SenderType;
  senderId?: string | null;
  sender?: { id: string; name: string; avatarUrl?: string | null } | null;
  body: string;
  html?: string | null;
  contentType?: string;
  content?: Record<string, unknown> | null;
  private: boolean;
  status: MessageStatus;
  error?: string | null;
  attachments?: Attachment[];
  clientId?: string | null;
  meta?: Record<string, unknown> | null;
  createdAt: string;
  /** Only on a reply still being sent from this tab: how much of its files has gone up (0..1). */
  uploadProgress?: number;
  /** Only on a reply this tab failed to send: false when the server refused it, so trying again cannot help. */
  retryable?: boolean;
}

export interface Identity {
  channel: string;
  address: string;
}

/** The widget's visit record summarised by the server (null when the contact never used the widget). */
export interface VisitSummary {
  browser: string | null;
  os: string | null;
  deviceType: string | null;
  pageUrl: string | null;
  pageTitle: string | null;
  referrer: string | null;
  timeZone: string | null;
  country: string | null;
  language: string | null;
  visits: number | null;
  pageViews: number;
  lastSeenAt: string | null;
}

export interface Contact extends ContactSummary {
  attributes?: Record<string, unknown>;
  visit?: VisitSummary | null;
  identities: Identity[];
  conversations: Conversation[];
  createdAt?: string;
  lastSeenAt?: string | null;
}

export interface Page<T> {
  items: T[];
  nextCursor?: string | null;
}

export interface Invite {
  id: string;
  email: string;
  role: Role;
  expiresAt: string;
  acceptedAt?: string | null;
  url?: string;
  /** False when no mail server is configured: the invitation exists but only its link reaches the person. */
  emailed?: boolean;
}

export interface MentionNotification {
  id: string;
  conversationId: string;
  messageId: string;
  authorName: string;
  body: string;
  createdAt: string;
  readAt: string | null;
}
