import type { Config } from '../../config.js';
import { MASK } from '../../shared/secrets.js';
import type { BotSettings } from '../settings.js';

// Which OpenAI-compatible chat-completions endpoint an inbox's bot uses, if any. The installation sets one
// through LLM_BASE_URL / LLM_MODEL / LLM_API_KEY (then every bot inbox uses it unless it says llm.enabled:
// false); an inbox may name its own base URL, model and key (OpenAI, Azure OpenAI, a local Ollama or vLLM).

export interface LlmEndpoint {
  baseUrl: string;
  model: string;
  apiKey?: string;
  /** Azure OpenAI wants ?api-version= on every call. */
  apiVersion?: string;
  timeoutMs: number;
  /**
   * Whether the endpoint may be a private address. The installation's LLM_BASE_URL is the operator's own
   * choice (often a local Ollama) and always may; an inbox's own baseUrl only with its llm.allowPrivate.
   */
  allowPrivate: boolean;
}

export function llmEndpoint(config: Config, settings: BotSettings, openSecret: (v: string) => string): LlmEndpoint | null {
  const own = settings.llm;
  if (own.enabled === false) return null;
  const baseUrl = own.baseUrl ?? config.LLM_BASE_URL;
  const model = own.model ?? config.LLM_MODEL;
  if (!baseUrl || !model || (own.enabled === undefined && !config.LLM_BASE_URL)) return null;
  const storedKey = own.apiKey && own.apiKey !== MASK ? openSecret(own.apiKey) : undefined;
  return {
    baseUrl, model,
    apiKey: own.baseUrl ? storedKey : storedKey ?? config.LLM_API_KEY,
    apiVersion: own.apiVersion,
    timeoutMs: own.timeoutMs ?? config.LLM_TIMEOUT_MS,
    allowPrivate: own.baseUrl ? Boolean(own.allowPrivate) : true,
  };
}
