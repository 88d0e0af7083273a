import { describe, expect, test } from 'vitest';
import { loadConfig } from '../../server/config.js';
import { LlmError } from '../../server/bot/llm/chat.js';
import { llmEndpoint } from '../../server/bot/llm/endpoint.js';
import { parseGroundedReply } from '../../server/bot/llm/grounded.js';
import { botSettingsSchema } from '../../server/bot/settings.js';

const settings = (llm: Record<string, unknown> = {}) => botSettingsSchema.parse({ llm });
const open = (v: string) => `opened:${v}`;

describe('which endpoint an inbox uses', () => {
  const bare = loadConfig({});
  const installed = loadConfig({ LLM_BASE_URL: 'http://127.0.0.1:11434/v1', LLM_MODEL: 'llama3', LLM_API_KEY: 'env-key', LLM_TIMEOUT_MS: '3000' });

  test('nothing configured: built-in answers only', () => {
    expect(llmEndpoint(bare, settings(), open)).toBeNull();
    expect(llmEndpoint(bare, settings({ enabled: true }), open)).toBeNull();
  });

  test('the installation endpoint serves every inbox unless the inbox opts out', () => {
    expect(llmEndpoint(installed, settings(), open)).toEqual({ baseUrl: 'http://127.0.0.1:11434/v1', model: 'llama3', apiKey: 'env-key', apiVersion: undefined, timeoutMs: 3000, allowPrivate: true });
    expect(llmEndpoint(installed, settings({ enabled: false }), open)).toBeNull();
  });

  test('an inbox with its own endpoint never sends the installation key there', () => {
    const own = llmEndpoint(installed, settings({ enabled: true, baseUrl: 'https://res.openai.azure.com/openai/deployments/gpt', apiVersion: '2024-06-01' }), open);
    expect(own).toMatchObject({ baseUrl: 'https://res.openai.azure.com/openai/deployments/gpt', model: 'llama3', apiKey: undefined, apiVersion: '2024-06-01' });
    expect(llmEndpoint(bare, settings({ enabled: true, baseUrl: 'https://api.openai.com/v1', model: 'gpt-4o-mini', apiKey: 'sealed' }), open))
      .toMatchObject({ apiKey: 'opened:sealed', model: 'gpt-4o-mini', timeoutMs: 8000 });
  });
});

describe('checking a model reply before a visitor sees it', () => {
  const passages = [{ id: 'P1', title: 'ساعات کاری پشتیبانی', text: 'از ساعت ۹ صبح تا ۵ عصر پاسخگو هستیم.' }];

  test('an answer citing a passage, with its figures in any digit script, is accepted', () => {
    expect(parseGroundedReply('Sure! {"answer": "از 9 صبح تا 5 عصر.", "source": "P1"}', passages))
      .toEqual({ kind: 'answer', text: 'از 9 صبح تا 5 عصر.', passage: passages[0] });
  });

  test('a null answer is a refusal', () => {
    expect(parseGroundedReply('{"answer": null, "source": null}', passages)).toEqual({ kind: 'refuse' });
  });

  test.each([
    ['{"answer": "از ۸ صبح", "source": "P1"}', 'figures its source does not'],
    ['{"answer": "yes", "source": "P7"}', 'does not cite'],
    ['{"answer": 42}', 'wrong shape'],
    ['no json here', 'did not reply with JSON'],
  ])('%s is rejected', (content, reason) => {
    expect(() => parseGroundedReply(content, passages)).toThrow(LlmError);
    expect(() => parseGroundedReply(content, passages)).toThrow(reason);
  });
});
