import type { Server } from 'socket.io';
import { slackMirrorListener } from '../../integrations/slack/mirror.js';
import type { AppContext } from '../../context.js';
import { crmListener } from '../../crm/listener.js';
import { mentionListener } from '../../messages/mention-listener.js';
import { inviteMailListener } from '../../agents/invite-mail-listener.js';
import { passwordResetMailListener } from '../../agents/password-reset-listener.js';
import { botListener } from '../../bot/listener.js';
import { opsListener } from '../../automation/listener.js';
import { realtimeListener } from '../../realtime/listener.js';
import { conversationMergeListener } from '../../conversations/merge/listener.js';
import { exportWorker } from '../../conversations/transfer/export-job.js';
import { transcriptListener } from '../../conversations/transcripts/listener.js';

/** One listener per concern; add a concern here with one line. */
export function registerListeners(ctx: AppContext, deps: { io: Server }): void {
  realtimeListener(ctx, deps.io);
  // feature listeners: one line each
  crmListener(ctx, deps.io);
  opsListener(ctx, deps.io);
  slackMirrorListener(ctx);
  botListener(ctx);
  mentionListener(ctx, deps.io);
  inviteMailListener(ctx);
  passwordResetMailListener(ctx);
  conversationMergeListener(ctx, deps.io);
  exportWorker(ctx);
  transcriptListener(ctx);
}
