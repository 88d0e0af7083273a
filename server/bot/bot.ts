import { Bot } from 'bottender';
import type { AppContext } from '../context.js';
import { entry } from './flows/index.js';
import { ConversationClient } from './runtime/client.js';
import { SwitchboardConnector, type SwitchboardRequestBody } from './runtime/connector.js';
import type { SwitchboardContext } from './runtime/context.js';
import type { SwitchboardEvent, SwitchboardRawEvent } from './runtime/event.js';
import { PostgresSessionStore } from './runtime/session-store.js';
import { initialBotState } from './state.js';

/**
 * The bottender Bot for one app: our connector, sessions in PostgreSQL, and `sync` so that running an event
 * resolves only after the handler finished and the session was written (the caller serialises per
 * conversation on that).
 */
export function createBot(ctx: AppContext): (event: SwitchboardRawEvent) => Promise<void> {
  const bot = new Bot<SwitchboardRequestBody, ConversationClient, SwitchboardEvent, SwitchboardContext>({
    connector: new SwitchboardConnector(ctx),
    sessionStore: new PostgresSessionStore(ctx.db, ctx.clock),
    sync: true,
  });
  bot.setInitialState(initialBotState as unknown as Parameters<typeof bot.setInitialState>[0]);
  bot.onEvent(entry);
  bot.onError((context: SwitchboardContext, props: { error?: Error }) => {
    ctx.log.error({ err: props.error, conversationId: context.raw.conversationId }, 'bot failed to handle a message');
  });
  bot.emitter.on('error', (err: unknown) => ctx.log.error({ err }, 'bot error'));
  const handle = bot.createRequestHandler();
  return async (event) => { await handle({ event }); };
}
