import { fetchPublic, TargetRefused } from '../../../channels/kit/ssrf.js';
import type { LlmEndpoint } from './endpoint.js';

export interface ChatMessage { role: 'system' | 'user' | 'assistant'; content: string }

/** A provider failure (timeout, HTTP error, empty reply): the caller falls back to the built-in answer. */
export class LlmError extends Error {}

/**
 * One chat completion through the official SDK pointed at the endpoint. No retries: a visitor is waiting, and
 * the built-in answer is a good fallback. Temperature 0: the same passages should give the same answer.
 */
export async function completeChat(endpoint: LlmEndpoint, messages: ChatMessage[]): Promise<string> {
  // Loaded at the first completion: most inboxes have no model configured, and the SDK is slow to load.
  const { default: OpenAI } = await import('openai');
  const client = new OpenAI({
    baseURL: endpoint.baseUrl,
    apiKey: endpoint.apiKey ?? 'none', // local servers (Ollama, vLLM) accept any key; the SDK insists on one
    timeout: endpoint.timeoutMs,
    maxRetries: 0,
    // An admin may set this URL: connect only where the SSRF guard allows, checked on the address connected to.
    fetch: ((url: string | URL | Request, init?: RequestInit) =>
      fetchPublic(String(url instanceof Request ? url.url : url), init as never, endpoint.allowPrivate)) as unknown as typeof fetch,
    ...(endpoint.apiVersion ? { defaultQuery: { 'api-version': endpoint.apiVersion } } : {}),
    ...(endpoint.apiKey ? { defaultHeaders: { 'api-key': endpoint.apiKey } } : {}),
  });
  try {
    const reply = await client.chat.completions.create({ model: endpoint.model, messages, temperature: 0 });
    const content = reply.choices?.[0]?.message?.content;
    if (!content?.trim()) throw new LlmError('the model returned no text');
    return content;
  } catch (err) {
    if (err instanceof LlmError) throw err;
    // The SDK reports a refused connection as "Connection error."; the guard's reason is what an admin needs.
    const cause = (err as { cause?: unknown }).cause;
    if (cause instanceof TargetRefused) throw new LlmError(cause.message);
    throw new LlmError(err instanceof Error ? err.message : String(err));
  }
}
