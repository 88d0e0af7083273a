// Typed calls for the knowledge base (/api/kb) and the bot (/api/bot), shaped as the server returns them.
import { http, qs, request } from '../../api/http';

export const ARTICLE_LOCALES = ['en', 'th', 'zh-CN', 'fa'] as const;
/** The bot speaks these; its greeting and questions are written per bot locale. */
export const BOT_LOCALES = ['en', 'th', 'zh', 'fa'] as const;
export type BotLocale = (typeof BOT_LOCALES)[number];

export interface Article {
  id: string;
  title: string;
  body: string;
  locale: string;
  questions: string[];
  tags: string[];
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
}
export type ArticleInput = Pick<Article, 'title' | 'body' | 'locale' | 'questions' | 'tags'> & { enabled?: boolean };

export interface SynonymGroup { id: string; terms: string[]; createdAt: string; updatedAt: string }

export interface SearchResult {
  decision: 'answer' | 'suggest' | 'none';
  items: { article: Article; score: number; confidence: number }[];
}

export interface BotMetrics {
  conversations: {
    handled: number; botResolved: number; resolved: number; resolutionRate: number | null;
    handedOver: number; handoverRate: number | null; deflected: number; deflectionRate: number | null;
  };
  suggestions: { shown: number; used: number; useRate: number | null; learned: number };
  questions: { answered: number; suggested: number; unanswered: number };
  handoffs: { total: number; byReason: Record<string, number> };
  feedback: { helpful: number; unhelpful: number; helpfulRate: number | null };
  leads: number;
  unansweredQuestions: { question: string; count: number; lastAskedAt: string; variants: string[] }[];
}

export type LocalizedText = string | Partial<Record<BotLocale, string>>;
export interface TimeRange { open: string; close: string }
export type Day = 'sun' | 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat';
export interface BusinessHours { enabled: boolean; timeZone: string; days: Partial<Record<Day, TimeRange[]>> }
export interface QualificationQuestion { attribute: string; question: LocalizedText; options?: string[] }

/** The fields this screen edits; everything else the server holds is sent back unchanged. */
export interface BotSettings {
  locale: BotLocale;
  greeting?: LocalizedText;
  kb: { answerThreshold: number; [k: string]: unknown };
  handoff: { keywords: string[]; maxUnanswered: number; onNegativeFeedback: boolean; [k: string]: unknown };
  leadCapture: { enabled: boolean; fields: ('name' | 'email' | 'phone')[]; defaultCountry?: string };
  qualification: QualificationQuestion[];
  businessHours?: BusinessHours;
  [k: string]: unknown;
}

export const kb = {
  list: (q: string, locale: string) => http.get<{ items: Article[]; nextCursor: string | null }>(`/api/kb/articles${qs({ q, locale, limit: 200 })}`),
  create: (body: ArticleInput) => http.post<Article>('/api/kb/articles', body),
  update: (id: string, body: Partial<ArticleInput>) => http.patch<Article>(`/api/kb/articles/${id}`, body),
  remove: (id: string) => http.del<void>(`/api/kb/articles/${id}`),
  /** CSV goes as text/csv, JSON as parsed JSON: the server validates every row before storing any. */
  importFile: (text: string, csv: boolean) =>
    request<{ imported: number }>('POST', '/api/kb/import', { body: csv ? new Blob([text], { type: 'text/csv' }) : JSON.parse(text) }),
  search: (q: string) => http.get<SearchResult>(`/api/kb/search${qs({ q })}`),
  synonyms: () => http.get<{ items: SynonymGroup[]; builtIn: string[][] }>('/api/kb/synonyms'),
  createSynonym: (terms: string[]) => http.post<SynonymGroup>('/api/kb/synonyms', { terms }),
  updateSynonym: (id: string, terms: string[]) => http.put<SynonymGroup>(`/api/kb/synonyms/${id}`, { terms }),
  removeSynonym: (id: string) => http.del<void>(`/api/kb/synonyms/${id}`),
};

export const bot = {
  metrics: () => http.get<BotMetrics>('/api/bot/metrics'),
  settings: (inboxId: string) => http.get<{ enabled: boolean; settings: BotSettings }>(`/api/bot/settings/${inboxId}`),
  saveSettings: (inboxId: string, settings: BotSettings) =>
    http.put<{ enabled: boolean; settings: BotSettings }>(`/api/bot/settings/${inboxId}`, settings),
};
