import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

// A local stand-in for an OpenAI-compatible chat-completions server (POST {base}/chat/completions), speaking
// the real wire format: JSON request with model and messages, JSON response with choices[0].message.content,
// OpenAI-style error bodies. It is not a language model. In `reader` mode it behaves like a cautious reader:
// it answers from the first passage that shares a real word with the question (a Latin word of 4+ letters,
// compared on its first five so "order" meets "orders"; a Thai, Chinese or Persian word of 2+ characters),
// quoting the passage's first sentence, and declines otherwise.

export type StandInMode = 'reader' | 'refuse' | 'slow' | 'error' | 'invent' | 'garbage';

export interface RecordedRequest { path: string; query: string; headers: IncomingMessage['headers']; body: any }

interface Passage { id: string; title: string; text: string }

const segmenter = new Intl.Segmenter('en', { granularity: 'word' });
const realWords = (text: string) => new Set([...segmenter.segment(text.toLowerCase())]
  .filter((s) => s.isWordLike && (/^\p{Script=Latin}+$/u.test(s.segment) ? s.segment.length >= 4 : s.segment.length >= 2 && !/^\d+$/.test(s.segment)))
  .map((s) => (/^\p{Script=Latin}+$/u.test(s.segment) ? s.segment.slice(0, 5) : s.segment)));

function read(question: string, passages: Passage[]): { answer: string | null; source: string | null } {
  const asked = realWords(question);
  const hit = passages.find((p) => [...realWords(`${p.title} ${p.text}`)].some((w) => asked.has(w)));
  if (!hit) return { answer: null, source: null };
  const firstSentence = hit.text.split(/(?<=[.!?。！？])\s*/u)[0] ?? hit.text;
  return { answer: firstSentence, source: hit.id };
}

export async function startLlmStandIn(opts: { slowMs?: number } = {}) {
  const requests: RecordedRequest[] = [];
  let mode: StandInMode = 'reader';
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => { raw += c; });
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://stand-in');
      let body: any = null;
      try { body = JSON.parse(raw); } catch { /* recorded as null */ }
      requests.push({ path: url.pathname, query: url.search, headers: req.headers, body });
      const send = (status: number, payload: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(payload));
      };
      if (req.method !== 'POST' || !url.pathname.endsWith('/chat/completions')) return send(404, { error: { message: 'Not found', type: 'invalid_request_error' } });
      if (!body?.model || !Array.isArray(body.messages)) return send(400, { error: { message: 'model and messages are required', type: 'invalid_request_error' } });
      if (mode === 'error') return send(500, { error: { message: 'The server had an error while processing your request.', type: 'server_error' } });
      const user = JSON.parse(body.messages.at(-1).content) as { question: string; passages: Passage[] };
      const content = mode === 'refuse' ? JSON.stringify({ answer: null, source: null })
        : mode === 'invent' ? JSON.stringify({ answer: 'It always arrives within 99 days, guaranteed.', source: user.passages[0]?.id ?? null })
          : mode === 'garbage' ? 'I think the answer is probably yes.'
            : JSON.stringify(read(user.question, user.passages));
      const reply = {
        id: `chatcmpl-${requests.length}`, object: 'chat.completion', created: Math.floor(Date.now() / 1000), model: body.model,
        choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
        usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 },
      };
      if (mode === 'slow') setTimeout(() => { if (!res.destroyed) send(200, reply); }, opts.slowMs ?? 5_000);
      else send(200, reply);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    setMode(next: StandInMode) { mode = next; },
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
