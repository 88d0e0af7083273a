// The transcripts consumer of the event log: renders the conversation as the customer saw it and mails it.
// At most once per request (the effects ledger); a relay failure throws, so the runner retries the event.
import { lazyTransport } from '../../../channels/kit/mailer.js';
import type { AppContext } from '../../context.js';
import { onceFor } from '../../events/effects.js';
import { renderTranscript } from './render.js';

export function transcriptListener(ctx: AppContext): void {
  const smtpUrl = ctx.config.SMTP_URL;
  if (!smtpUrl) return; // requests are refused without outbound mail, so there is nothing to consume
  const transport = lazyTransport(smtpUrl);
  const from = `Switchboard <no-reply@${new URL(ctx.config.publicUrl).hostname}>`;
  ctx.bus.consumer('transcripts').on('transcript.requested', ({ conversation, to }, meta) =>
    onceFor(ctx.db, 'transcripts', meta, async () => {
      const transcript = await renderTranscript(ctx, conversation.id);
      if (!transcript) return; // the conversation was erased since: nothing left to send
      await transport.sendMail({ from, to, subject: transcript.subject, text: transcript.text, html: transcript.html });
    }));
}
