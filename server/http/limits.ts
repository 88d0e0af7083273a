import type { Request, RequestHandler } from 'express';
import { ipKeyGenerator, MemoryStore, rateLimit } from 'express-rate-limit';
import { slot } from '../app-memory.js';
import type { AppContext } from '../context.js';
import type { Principal } from '../auth/principal.js';
import { DomainError } from '../errors.js';

const WINDOW_MS = 60_000;

/**
 * The key a limit counts under: the verified principal when there is one, else the client's address. A
 * header the server has not verified (any "Bearer junk") never becomes a key, or every request could pick
 * a fresh one and escape the limit.
 */
export function limitKey(principal: Principal | undefined, address: string): string {
  if (principal?.kind === 'visitor') return `visitor:${principal.visitor.visitorId}`;
  if (principal?.kind === 'session' || principal?.kind === 'token') return `agent:${principal.agent.id}`;
  return `ip:${ipKeyGenerator(address)}`;
}

interface PublicLimit { middleware: RequestHandler; consume(key: string): Promise<void> }
const PUBLIC_LIMIT = slot<{ current?: PublicLimit }>('public rate limit', () => ({}));

/** Whole seconds until a limit window ends (at least 1), for messages that say how long to wait. */
export const secondsUntil = (reset: Date | undefined, windowMs = WINDOW_MS) =>
  Math.max(1, Math.ceil(((reset?.getTime() ?? Date.now() + windowMs) - Date.now()) / 1000));

const tooMany = (seconds: number) => new DomainError('rate_limited', 'rate_limited', `Too many requests; try again in ${seconds} s`);

/**
 * The widget's limit, one counter per visitor or address, shared by REST (middleware) and the widget socket
 * (consume), so sending over the socket is limited exactly like POST /api/widget/messages.
 */
export function publicLimit(ctx: AppContext): PublicLimit {
  const holder = ctx.memory.get(PUBLIC_LIMIT);
  if (holder.current) return holder.current;
  const store = new MemoryStore();
  const limit = ctx.config.RATE_LIMIT_PUBLIC;
  const middleware = rateLimit({
    windowMs: WINDOW_MS, limit, store, standardHeaders: 'draft-8', legacyHeaders: false,
    keyGenerator: (req: Request) => limitKey(req.principal, req.ip ?? ''),
    // limitKey already runs addresses through ipKeyGenerator (IPv6 grouped by /56).
    validate: { keyGeneratorIpFallback: false },
    handler: (req, res) => {
      const err = tooMany(secondsUntil((req as Request & { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime));
      res.status(429).json({ error: { code: err.code, message: err.message } });
    },
  });
  const consume = async (key: string) => {
    const { totalHits, resetTime } = await store.increment(key);
    if (totalHits > limit) throw tooMany(secondsUntil(resetTime));
  };
  holder.current = { middleware, consume };
  return holder.current;
}

const TRANSCRIPT_LIMIT = slot('transcript rate limit', () => {
  const store = new MemoryStore();
  store.init({ windowMs: 3_600_000 } as Parameters<MemoryStore['init']>[0]);
  return store;
});
/** Transcript mails a visitor may ask for per hour: enough to retry a typo, too few to mail-bomb an address. */
export const TRANSCRIPTS_PER_HOUR = 3;

/** Counts one visitor transcript request; throws 429 past the hourly allowance. */
export async function consumeTranscriptLimit(ctx: AppContext, key: string): Promise<void> {
  const { totalHits, resetTime } = await ctx.memory.get(TRANSCRIPT_LIMIT).increment(key);
  if (totalHits > TRANSCRIPTS_PER_HOUR) throw new DomainError('rate_limited', 'rate_limited', `Too many transcript requests; try again in ${Math.ceil(secondsUntil(resetTime, 3_600_000) / 60)} min`);
}
