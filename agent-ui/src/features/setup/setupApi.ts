// Typed calls for guided setup: the admin's checklist (/api/setup/checklist), each inbox's channel guide
// (/api/inboxes/:id/setup), its connection test and Telegram's setWebhook, shaped as the server returns them.
import { http } from '../../api/http';

export type ChecklistStepKey = 'install_widget' | 'invite_teammate' | 'connect_channel' | 'add_kb_articles' | 'switch_on_bot';
export interface Checklist {
  steps: { key: ChecklistStepKey; done: boolean; href: string }[];
  dismissed: boolean;
}

/** `value` null: a secret the admin saved, which the server names but never sends back. */
export interface GuideItem { key: string; value: string | null }
export interface ChannelGuide {
  inboxId: string;
  channel: string;
  publicUrl: { url: string; problem: 'unset' | 'loopback' | null; message: string | null };
  items: GuideItem[];
  canRegisterWebhook: boolean;
}

export interface ConnectionCheck { name: string; ok: boolean; status: string; detail: string; fix?: string; part?: boolean }
export interface ConnectionReport { ok: boolean; checks: ConnectionCheck[]; checkedAt: string }

export const setupApi = {
  checklist: () => http.get<Checklist>('/api/setup/checklist'),
  dismissChecklist: () => http.post<Checklist>('/api/setup/checklist/dismiss'),
  guide: (inboxId: string) => http.get<ChannelGuide>(`/api/inboxes/${inboxId}/setup`),
  testConnection: (inboxId: string) => http.post<ConnectionReport>(`/api/inboxes/${inboxId}/test-connection`),
  lastConnectionTest: (inboxId: string) => http.get<{ last: ConnectionReport | null }>(`/api/inboxes/${inboxId}/test-connection`),
  registerWebhook: (inboxId: string, channel: string) => http.post<{ ok: true; url: string }>(`/api/inboxes/${inboxId}/${channel}/set-webhook`),
};
