// Typed calls for every endpoint the agent UI uses. Names follow the REST nouns.
import { http, qs, request, uploadWithProgress } from './http';
import type {
  Agent, Availability, CannedResponse, Contact, Conversation, ConversationExport, ConversationStatus, ImportReport, Inbox, Invite, Label,
  MentionNotification, MergeInfo, Message, Page, Priority, Role, Team,
} from './types';

/** Messages a conversation opens with; older ones load on request, OLDER_PAGE at a time. */
export const MESSAGE_PAGE = 100;
export const OLDER_PAGE = 50;

export interface ListQuery {
  status?: ConversationStatus | 'all';
  inboxId?: string;
  assigneeId?: string; // agent id | 'me' | 'none'
  teamId?: string;
  label?: string;
  q?: string;
  sort?: 'newest' | 'oldest' | 'priority';
  cursor?: string | null;
  limit?: number;
}

export interface ConversationPatch {
  status?: ConversationStatus;
  assigneeId?: string | null;
  teamId?: string | null;
  priority?: Priority;
  labels?: string[];
  snoozedUntil?: string | null;
}

export const auth = {
  login: (email: string, password: string) =>
    request<{ token: string; agent: Agent }>('POST', '/api/auth/login', { body: { email, password }, ignoreExpiry: true }),
  me: () => http.get<{ agent: Agent }>('/api/auth/me'),
  logout: () => request<void>('POST', '/api/auth/logout', { body: {}, ignoreExpiry: true }),
  requestReset: (email: string) => request<{ ok: true }>('POST', '/api/auth/password-reset', { body: { email }, ignoreExpiry: true }),
  confirmReset: (token: string, password: string) =>
    request<void>('POST', '/api/auth/password-reset/confirm', { body: { token, password }, ignoreExpiry: true }),
};

export const conversations = {
  list: (query: ListQuery, signal?: AbortSignal) =>
    http.get<Page<Conversation>>(`/api/conversations${qs({ ...query })}`, signal),
  /** Conversations per status tab for the same filters (status, sort and cursor ignored). */
  counts: (query: ListQuery, signal?: AbortSignal) =>
    http.get<Record<ConversationStatus | 'all', number>>(`/api/conversations/counts${qs({ ...query, status: undefined, sort: undefined, limit: undefined })}`, signal),
  get: (id: string) => http.get<Conversation>(`/api/conversations/${id}`),
  /** The agent writes first on an e-mail or SMS inbox, to a contact on file or a new address. */
  start: (body: { inboxId: string; contactId?: string; address?: string; name?: string; subject?: string; body: string }) =>
    http.post<{ conversation: Conversation; message: Message }>('/api/conversations', body),
  update: (id: string, patch: ConversationPatch) => http.patch<Conversation>(`/api/conversations/${id}`, patch),
  markRead: (id: string) => http.post<void>(`/api/conversations/${id}/read`),
  /** Mails the customer-visible transcript to the contact, or to `to` when given. */
  sendTranscript: (id: string, to?: string) => http.post<{ queued: true; to: string }>(`/api/conversations/${id}/transcript`, to ? { to } : {}),
  /** A canned response with its placeholders filled in for this conversation's contact. */
  renderCanned: (id: string, cannedId: string) =>
    http.get<{ rendered: string; missing: string[] }>(`/api/conversations/${id}/canned-responses/${cannedId}`),
  messages: (id: string, before?: string, limit = MESSAGE_PAGE) =>
    http.get<Page<Message>>(`/api/conversations/${id}/messages${qs({ before, limit })}`),
  send: (id: string, body: Record<string, unknown>) => http.post<{ message: Message }>(`/api/conversations/${id}/messages`, body),
  /** Replies with files go multipart to the upload route. */
  upload: (id: string, form: FormData, onProgress?: (fraction: number) => void) =>
    uploadWithProgress<{ message: Message }>(`/api/conversations/${id}/messages/upload`, form, onProgress),
  retry: (id: string, messageId: string) =>
    http.post<{ message: Message }>(`/api/conversations/${id}/messages/${messageId}/retry`),
  /** addLabels adds to each conversation's labels instead of replacing them. */
  bulk: (ids: string[], patch: Omit<ConversationPatch, 'labels'> & { addLabels?: string[] }) =>
    http.post<{ updated: number }>('/api/conversations/bulk', { ids, ...patch }),
  /** Moves `otherId`'s thread into `primaryId`; the other one is closed with a pointer here. */
  merge: (primaryId: string, otherId: string) =>
    http.post<Conversation & { merge: MergeInfo }>(`/api/conversations/${primaryId}/merge`, { conversationId: otherId }),
  /** Merges into this conversation that can still be undone, newest first. */
  merges: (primaryId: string) => http.get<{ items: MergeInfo[] }>(`/api/conversations/${primaryId}/merges`),
  undoMerge: (primaryId: string, mergeId: string) =>
    http.post<{ primary: Conversation; secondary: Conversation }>(`/api/conversations/${primaryId}/merges/${mergeId}/undo`),
  /** Starts a background export of the list as filtered; poll `exportStatus` until it is done. */
  startExport: (format: 'csv' | 'jsonl', query: ListQuery) =>
    http.get<ConversationExport>(`/api/conversations/export${qs({ ...query, format, cursor: undefined, limit: undefined })}`),
  exportStatus: (statusUrl: string) => http.get<ConversationExport>(statusUrl),
  /** JSON Lines as they are; the report says per line what happened (or would, on a dry run). */
  importLines: (file: Blob, opts: { dryRun: boolean; inboxId?: string }) =>
    http.post<ImportReport>(`/api/conversations/import${qs({ dryRun: String(opts.dryRun), inboxId: opts.inboxId })}`, new Blob([file], { type: 'application/x-ndjson' })),
};

export const contacts = {
  get: (id: string) => http.get<Contact>(`/api/contacts/${id}`),
  search: (q: string) => http.get<Page<Contact>>(`/api/contacts${qs({ q })}`),
  update: (id: string, patch: Partial<Pick<Contact, 'name' | 'email' | 'phone' | 'attributes'>>) =>
    http.patch<Contact>(`/api/contacts/${id}`, patch),
  /** Moves the other contact's identities and conversations into `id`; the other record is removed. */
  merge: (id: string, otherContactId: string) =>
    http.post<Contact>(`/api/contacts/${id}/merge`, { otherContactId }),
};

export interface ArchiveState { unresolved: number; archivedAt: string | null; resolved?: number }

export const inboxes = {
  list: () => http.get<Inbox[]>('/api/inboxes'),
  /** What archiving would do (how many conversations it resolves), then doing it, and undoing it. */
  archivePreview: (id: string) => http.get<ArchiveState>(`/api/inboxes/${id}/archive`),
  archive: (id: string) => http.post<ArchiveState>(`/api/inboxes/${id}/archive`),
  restore: (id: string) => http.post<ArchiveState>(`/api/inboxes/${id}/restore`),
  create: (body: { name: string; channel: string; config: Record<string, unknown> }) =>
    http.post<Inbox>('/api/inboxes', body),
  update: (id: string, body: { name?: string; config?: Record<string, unknown>; bot?: { enabled: boolean } }) =>
    http.patch<Inbox>(`/api/inboxes/${id}`, body),
  get: (id: string) => http.get<Inbox>(`/api/inboxes/${id}`),
  setMembers: (id: string, memberIds: string[]) => http.patch<Inbox>(`/api/inboxes/${id}`, { memberIds }),
};

/** The address every public link is built from, and why visitors or providers may not reach it. */
export const setup = {
  publicUrl: () => http.get<{ url: string; problem: 'unset' | 'loopback' | null }>('/api/setup/public-url'),
  attachments: () => http.get<{ maxBytes: number; typePattern: string }>('/api/setup/attachments'),
};

export const agents = {
  list: () => http.get<Agent[]>('/api/agents'),
  update: (id: string, body: { role?: Role; name?: string }) => http.patch<Agent>(`/api/agents/${id}`, body),
};

/** The signed-in agent's own account. */
export const me = {
  update: (body: { availability?: Availability; name?: string; locale?: string | null }) => http.patch<Agent>('/api/agents/me', body),
  uploadAvatar: (file: File) => {
    const form = new FormData();
    form.append('avatar', file);
    return request<Agent>('PUT', '/api/agents/me/avatar', { body: form });
  },
  changePassword: (currentPassword: string, newPassword: string) =>
    http.post<void>('/api/agents/me/password', { currentPassword, newPassword }),
};

export const invites = {
  list: () => http.get<Invite[]>('/api/invites'),
  create: (body: { email: string; role: Role; inboxIds: string[] }) => http.post<Invite>('/api/invites', body),
  revoke: (id: string) => http.del<void>(`/api/invites/${id}`),
  lookup: (token: string) =>
    request<{ email: string; expiresAt: string }>('GET', `/api/invites/accept/${encodeURIComponent(token)}`, { ignoreExpiry: true }),
  accept: (token: string, name: string, password: string) =>
    request<{ token: string; agent: Agent }>('POST', `/api/invites/accept/${encodeURIComponent(token)}`, {
      body: { name, password },
      ignoreExpiry: true,
    }),
};

function crud<T extends { id: string }>(base: string) {
  return {
    list: () => http.get<T[]>(base),
    create: (body: Omit<T, 'id'>) => http.post<T>(base, body),
    update: (id: string, body: Partial<Omit<T, 'id'>>) => http.patch<T>(`${base}/${id}`, body),
    remove: (id: string) => http.del<void>(`${base}/${id}`),
  };
}

/** Teams for every picker; admins also read them with their members (GET /api/teams/detailed). */
export const teams = { ...crud<Team>('/api/teams'), detailed: () => http.get<Team[]>('/api/teams/detailed') };
export const labels = crud<Label>('/api/labels');
export const canned = crud<CannedResponse>('/api/canned-responses');

export const notifications = {
  list: () => http.get<{ items: MentionNotification[]; unread: number }>('/api/notifications'),
  markRead: (ids?: string[]) => http.post<void>('/api/notifications/read', { ids }),
};

export interface ViewCount {
  open: number;
  unread: number;
}
export interface ViewCounts {
  views: Record<'mine' | 'unassigned' | 'all', ViewCount>;
  inboxes: Record<string, ViewCount>;
  teams: Record<string, ViewCount>;
  labels: Record<string, ViewCount>;
}
export const views = {
  counts: () => http.get<ViewCounts>('/api/views/counts'),
};
