// Typed calls for what the bot offers agents in a conversation: suggested replies and questions it missed.
import { http } from '../../api/http';

export interface ReplySuggestions {
  question: string;
  kb: { articleId: string; title: string; body: string; confidence: number }[];
  replies: { messageId: string; conversationId: string; question: string; body: string; confidence: number }[];
}

export interface BotMiss {
  question: string;
  askedAt: string;
  learned: boolean;
  reply: { messageId: string; body: string; createdAt: string } | null;
  candidates: { id: string; title: string; confidence: number }[];
}

export const botAssist = {
  suggestions: (conversationId: string) => http.get<ReplySuggestions>(`/api/conversations/${conversationId}/reply-suggestions`),
  suggestionEvent: (conversationId: string, event: { kind: 'shown'; count: number } | { kind: 'used'; source: 'kb' | 'reply'; articleId?: string }) =>
    http.post<void>(`/api/conversations/${conversationId}/reply-suggestions/events`, event),
  misses: (conversationId: string) => http.get<{ items: BotMiss[] }>(`/api/conversations/${conversationId}/bot-misses`),
  learn: (body: { conversationId: string; question: string; answer?: string; articleId?: string }) =>
    http.post<{ mode: 'article' | 'phrasing'; article: { id: string; title: string } }>('/api/kb/learn', body),
};
