// Shapes returned by the Switchboard REST API. Messages, conversations, contacts, visit facts, inboxes, teams and
// the catalogue are the server's wire contract itself (`server/contract/wire.ts` and `admin.ts`, imported as types
// only); the rest are this app's own views.
import type {
  ConversationStatus, MessageDirection, MessageStatus, Priority, SenderType, WireAttachment, WireContactSummary, WireConversation,
  WireMessage, WireMessagePreview, WireVisitSummary,
} from '../../../server/contract/wire.js';
import type { WireCannedResponse, WireInbox, WireLabel, WireTeam } from '../../../server/contract/admin.js';

export type { ConversationStatus, MessageDirection, MessageStatus, Priority, SenderType };

export type ChannelKind = 'web' | 'email' | 'sms' | 'telegram' | 'messenger' | 'whatsapp' | 'line';
export const CHANNELS: ChannelKind[] = ['web', 'email', 'sms', 'telegram', 'messenger', 'whatsapp', 'line'];

export const STATUSES: ConversationStatus[] = ['open', 'pending', 'snoozed', 'resolved'];

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

/** The wire inbox; this app knows the channels it has icons, fields and guides for. */
export type Inbox = Omit<WireInbox, 'channel'> & { channel: ChannelKind };

export type Team = WireTeam;

export type Label = WireLabel;

export type CannedResponse = WireCannedResponse;

export type ContactSummary = WireContactSummary;

export type MessagePreview = WireMessagePreview;

/** The wire conversation; this app shows the channels it has icons and names for (an inbox's kind). */
export type Conversation = Omit<WireConversation, 'channel'> & { channel: ChannelKind | null };

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


export type Attachment = WireAttachment;

export type Message = WireMessage & {
  /** Only on a reply still being sent from this tab: how much of its files has gone up (0..1). */
  uploadProgress?: number;
  /** Only on a reply this tab failed to send: false when the server refused it, so trying again cannot help. */
  retryable?: boolean;
};

export interface Identity {
  channel: string;
  address: string;
}

/** The widget's visit record summarised by the server (null when the contact never used the widget). */
export type VisitSummary = WireVisitSummary;

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
