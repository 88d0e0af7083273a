// The CRM API (/api/crm/*) as typed calls; the records are the server's wire contract (server/contract/admin.ts).
import type { WireCrmCampaign, WireCrmField, WireCrmSegment, WireCrmStage, WireCrmTask } from '../../../../server/contract/admin.js';
import { http, qs } from '../../api/http';

export type Stage = WireCrmStage;
export interface ScoreReason { ruleId: string; name: string; points: number; basePoints: number; at?: string }
export interface CrmContact {
  id: string; name: string | null; email: string | null; phone: string | null; attributes: Record<string, unknown>;
  stage: string; score: number; scoreReasons: ScoreReason[]; country: string | null; timeZone: string | null;
  company: { id: string; name: string; domain: string } | null; lastSeenAt: string | null; createdAt: string;
}
export type Field = WireCrmField;
export interface Condition { field: string; op: string; value?: unknown }
export interface Filter { match: 'all' | 'any'; conditions: Condition[] }
export type Segment = WireCrmSegment;
export type Task = WireCrmTask;
export type Campaign = WireCrmCampaign;
export interface CampaignReport { campaign: Campaign; counts: Record<string, number>; recipients: { contactId: string; name: string | null; email: string | null; phone: string | null; status: string; reason: string | null; conversationId: string | null }[] }
export interface TimelineItem { id: string; kind: string; summary: string; data: Record<string, unknown>; actor: { type: string; name?: string | null }; at: string }
export interface Rule { id: string; name: string; kind: string; config: Record<string, unknown>; points: number; decayHalfLifeDays: number | null; enabled: boolean }
export interface Dashboard {
  stages: { key: string; label: string; count: number }[];
  stageEntries: { day: string; stage: string; count: number }[];
  scoreBuckets: { from: number; to: number | null; count: number }[];
  tasks: { overdue: number; today: number; myOverdue: number; myToday: number; open: number };
  campaigns: { id: string; name: string; status: string; counts: Record<string, number> }[];
  days: number;
}
export interface ImportReport { dryRun: boolean; total: number; valid: number; invalid: number; created: number; updated: number; errors: { row: number; errors: Record<string, string> }[] }

const tz = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

export const crm = {
  stages: () => http.get<Stage[]>('/api/crm/stages'),
  saveStage: (key: string, body: { label: string; minScore?: number | null }) => http.put<Stage>(`/api/crm/stages/${key}`, body),
  fields: () => http.get<Field[]>('/api/crm/fields'),
  addField: (body: Omit<Field, 'id' | 'required'>) => http.post<Field>('/api/crm/fields', body),
  rules: () => http.get<Rule[]>('/api/crm/scoring/rules'),
  addRule: (body: Omit<Rule, 'id' | 'enabled'>) => http.post<Rule>('/api/crm/scoring/rules', body),
  deleteRule: (id: string) => http.del<void>(`/api/crm/scoring/rules/${id}`),
  query: (filter: Filter, sort = 'score', limit = 50, offset = 0) => http.post<{ items: CrmContact[]; total: number }>('/api/crm/contacts/query', { filter, sort, limit, offset }),
  contact: (id: string) => http.get<CrmContact & { fields: Record<string, unknown>; tasks: Task[]; stages: Stage[] }>(`/api/crm/contacts/${id}`),
  patchContact: (id: string, body: { stage?: string; fields?: Record<string, unknown> }) => http.patch<unknown>(`/api/crm/contacts/${id}`, body),
  timeline: (id: string) => http.get<{ items: TimelineItem[] }>(`/api/crm/contacts/${id}/timeline`),
  note: (id: string, body: string) => http.post<unknown>(`/api/crm/contacts/${id}/notes`, { body }),
  tasks: (view: string, mine: boolean) => http.get<{ items: Task[] }>(`/api/crm/tasks${qs({ view, mine: mine ? '1' : undefined, tz: tz() })}`),
  addTask: (body: { contactId?: string; title: string; note?: string; dueAt: string; assigneeId?: string }) => http.post<Task>('/api/crm/tasks', body),
  patchTask: (id: string, body: { status?: string; dueAt?: string }) => http.patch<Task>(`/api/crm/tasks/${id}`, body),
  segments: () => http.get<Segment[]>('/api/crm/segments'),
  preview: (filter: Filter) => http.post<{ items: CrmContact[]; total: number }>('/api/crm/segments/preview', { filter }),
  saveSegment: (name: string, filter: Filter) => http.post<Segment>('/api/crm/segments', { name, filter }),
  deleteSegment: (id: string) => http.del<void>(`/api/crm/segments/${id}`),
  importCsv: (csv: string, mapping: Record<string, string>, dryRun: boolean) => http.post<ImportReport>('/api/crm/import', { csv, mapping, dryRun }),
  campaigns: () => http.get<Campaign[]>('/api/crm/campaigns'),
  createCampaign: (body: Record<string, unknown>) => http.post<Campaign>('/api/crm/campaigns', body),
  report: (id: string) => http.get<CampaignReport>(`/api/crm/campaigns/${id}`),
  launch: (id: string) => http.post<Campaign>(`/api/crm/campaigns/${id}/launch`),
  dashboard: () => http.get<Dashboard>(`/api/crm/dashboard${qs({ tz: tz() })}`),
};
