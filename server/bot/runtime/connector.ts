import type { AppContext } from '../../context.js';
import { ConversationClient } from './client.js';
import { SwitchboardContext } from './context.js';
import { SwitchboardEvent, type SwitchboardRawEvent } from './event.js';

export type SwitchboardRequestBody = { event: SwitchboardRawEvent };

/**
 * bottender Connector over the core's domain events instead of a provider webhook: one incoming contact
 * message becomes one event; the session is the conversation's; replies go out through ConversationClient.
 */
export class SwitchboardConnector {
  readonly platform = 'switchboard';

  constructor(private app: AppContext) {}

  private rawOf(bodyOrEvent: SwitchboardRequestBody | { rawEvent: unknown }): SwitchboardRawEvent {
    return ('rawEvent' in bodyOrEvent ? bodyOrEvent.rawEvent : bodyOrEvent.event) as SwitchboardRawEvent;
  }

  getUniqueSessionKey(bodyOrEvent: SwitchboardRequestBody | { rawEvent: unknown }): string | null {
    return this.rawOf(bodyOrEvent).conversationId ?? null;
  }

  async updateSession(session: Record<string, any>, bodyOrEvent: SwitchboardRequestBody | { rawEvent: unknown }): Promise<void> {
    const raw = this.rawOf(bodyOrEvent);
    session.user = { id: raw.contactId, _updatedAt: this.app.clock.now().toISOString() };
    session.conversationId = raw.conversationId;
  }

  mapRequestToEvents(body: SwitchboardRequestBody): SwitchboardEvent[] {
    return [new SwitchboardEvent(body.event)];
  }

  createContext(params: { event: SwitchboardEvent; session?: Record<string, any> | null; initialState?: Record<string, any> | null }) {
    const raw = params.event.rawEvent;
    const client = new ConversationClient(this.app, raw.conversationId, raw.channel, raw.messageId);
    return new SwitchboardContext({ ...params, client }, this.app);
  }
}
