import { ChannelRefusal, type InboundMessage, type IngestResult, type RefusedAttachment } from '../../channels/types.js';
import type { AppContext } from '../context.js';
import { checkAttachment } from '../messages/attachments.js';
import { DomainError, type ErrorKind } from '../errors.js';
import { ingest } from './ingest.js';

/** The channel edge's one mapping of a domain error: the status a provider hears (an SMTP or webhook answer). */
const REFUSAL_STATUS: Partial<Record<ErrorKind, ChannelRefusal['status']>> = {
  invalid: 400, unauthenticated: 401, forbidden: 403, not_found: 404, conflict: 409, too_large: 413, unsupported_type: 415,
  unprocessable: 422, rate_limited: 429,
};

/**
 * What every channel adapter calls. It applies the one attachment policy of the pipeline: a file the service will
 * not store (type or size) never costs the customer's words. The message is stored without it, with a note in the
 * body the agent reads and the reason in `meta.mediaErrors`, and the adapter learns what was refused.
 */
export async function ingestFromChannel(ctx: AppContext, message: InboundMessage): Promise<IngestResult> {
  try {
    return await ingestKeepingText(ctx, message);
  } catch (err) {
    // The core refusing the input itself (too long, an inbox that is gone): the adapter's edge answers it once.
    if (err instanceof DomainError) {
      const status = REFUSAL_STATUS[err.kind];
      if (status) throw new ChannelRefusal(status, err.code, err.message);
    }
    throw err;
  }
}

async function ingestKeepingText(ctx: AppContext, message: InboundMessage): Promise<IngestResult> {
  const kept: NonNullable<InboundMessage['attachments']> = [];
  const refused: RefusedAttachment[] = [];
  for (const a of message.attachments ?? []) {
    const reason = checkAttachment({ contentType: a.contentType, size: a.data.length });
    if (reason) refused.push({ name: a.name, reason });
    else kept.push(a);
  }
  if (!refused.length) return { ...(await ingest(ctx, message)), refusedAttachments: [] };
  const notes = refused.map((r) => `[attachment "${r.name}" not stored: ${r.reason}]`);
  const earlier = Array.isArray(message.meta?.mediaErrors) ? message.meta.mediaErrors : [];
  const result = await ingest(ctx, {
    ...message,
    attachments: kept,
    body: [message.body, ...notes].filter(Boolean).join('\n\n'),
    meta: { ...message.meta, mediaErrors: [...earlier, ...refused.map((r) => ({ media: r.name, reason: r.reason }))] },
  });
  return { ...result, refusedAttachments: refused };
}
