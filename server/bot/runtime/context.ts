import { Context } from 'bottender';
import { eq } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { schema } from '../../db/client.js';
import { findInboxRow, type InboxRow } from '../../inboxes/inboxes.js';
import type { ContactRow } from '../../events/bus.js';
import { detectLocale, type BotLocale } from '../locale.js';
import { recordBotEvent, type BotEventInput } from '../record.js';
import { readBotSettings, type BotSettings } from '../settings.js';
import type { BotState } from '../state.js';
import { say, type StringKey } from '../strings.js';
import type { BotFormField, BotOption, ConversationClient } from './client.js';
import type { SwitchboardEvent } from './event.js';

type ContextOptions = ConstructorParameters<typeof Context<ConversationClient, SwitchboardEvent>>[0];
type JsonState = Parameters<Context['setState']>[0];

/** bottender's context for our platform, with the conversation's inbox settings and the visitor's language. */
export class SwitchboardContext extends Context<ConversationClient, SwitchboardEvent> {
  inbox!: InboxRow;
  settings!: BotSettings;

  constructor(options: ContextOptions, readonly app: AppContext) {
    super(options);
  }

  get platform(): string {
    return 'switchboard';
  }

  get raw() {
    return this._event.rawEvent;
  }

  get text(): string {
    return this._event.text;
  }

  get botState(): BotState {
    return this.state as unknown as BotState;
  }

  private facts = 0;

  /** A fact for the bot metrics, keyed by this turn and its place in it (see ConversationClient). */
  record(event: BotEventInput): Promise<void> {
    return recordBotEvent(this.app, { ...event, originKey: `bot:${this.raw.messageId}:fact:${this.facts++}` });
  }

  setBotState(patch: Partial<BotState>): void {
    this.setState(patch as unknown as JsonState);
  }

  /** Loads what every flow needs; run once before routing. */
  async load(): Promise<boolean> {
    const inbox = await findInboxRow(this.app, this.raw.inboxId);
    if (!inbox) return false;
    this.inbox = inbox;
    this.settings = readBotSettings(inbox.config);
    const written = detectLocale(this.text);
    if (written && written !== this.botState.locale) this.setBotState({ locale: written });
    return true;
  }

  get locale(): BotLocale {
    return this.botState.locale ?? this.settings.locale;
  }

  say(key: StringKey, vars: Record<string, string> = {}): string {
    return say(key, this.locale, this.settings.messages, vars);
  }

  async contact(): Promise<ContactRow> {
    const [row] = await this.app.db.select().from(schema.contacts).where(eq(schema.contacts.id, this.raw.contactId));
    return row;
  }

  sendText(text: string) {
    return this._client.sendText(text);
  }

  sendOptions(prompt: string, options: BotOption[]) {
    return this._client.sendOptions(prompt, options, this.say('replyWithNumber'));
  }

  sendForm(prompt: string, fields: BotFormField[]) {
    return this._client.sendForm(prompt, fields);
  }
}
