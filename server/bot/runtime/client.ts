import type { AppContext } from '../../context.js';
import type { ChannelKind } from '../../../channels/types.js';
import { createOutgoingMessage, type OutgoingInput } from '../../ingest/outbound.js';
import type { MessageRow } from '../../events/bus.js';

export interface BotOption { label: string; value: string }
export interface BotFormField { name: string; label: string; type: 'text' | 'email' | 'tel'; required?: boolean }

/**
 * The bottender "client" of our platform: what a platform API would do, done through the core's outbound
 * path, so a bot reply is a normal message on whatever channel the conversation uses. Structured content is
 * sent as such where the channel renders it, and as numbered text elsewhere (SMS, e-mail).
 */
export class ConversationClient {
  private sent = 0;

  /**
   * `turn`: the contact message this turn answers. Each message the turn writes is keyed by it and its place in
   * the turn, so a turn replayed after a crash part-way through (the session was not yet saved, so it runs the
   * same way) finds the replies it already wrote instead of sending them again.
   */
  constructor(private app: AppContext, readonly conversationId: string, readonly channel: string, private turn: string) {}

  private write(input: Omit<OutgoingInput, 'conversationId' | 'originKey'>): Promise<MessageRow> {
    return createOutgoingMessage(this.app, { ...input, conversationId: this.conversationId, originKey: `bot:${this.turn}:${this.sent++}` });
  }

  get rendersOptions(): boolean {
    return this.app.adapters.get(this.channel as ChannelKind)?.capabilities.options ?? false;
  }

  sendText(body: string): Promise<MessageRow> {
    return this.write({ body, senderType: 'bot' });
  }

  sendOptions(prompt: string, options: BotOption[], numberHint: string): Promise<MessageRow> {
    if (this.rendersOptions) {
      return this.write({
        body: prompt, senderType: 'bot', contentType: 'options', content: { options },
      });
    }
    const lines = options.map((o, i) => `${i + 1}. ${o.label}`);
    return this.sendText([prompt, numberHint, ...lines].join('\n'));
  }

  sendForm(prompt: string, fields: BotFormField[]): Promise<MessageRow> {
    if (!this.rendersOptions) return this.sendText(prompt);
    return this.write({
      body: prompt, senderType: 'bot', contentType: 'form', content: { fields },
    });
  }

  /** An activity line for the agents' timeline; never delivered to the customer. */
  note(body: string, meta: Record<string, unknown> = {}): Promise<MessageRow> {
    return this.write({ body, senderType: 'system', activity: true, meta });
  }
}
