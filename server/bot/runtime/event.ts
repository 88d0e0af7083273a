// The bottender event for one incoming contact message, whatever channel it came from.

/** Plain JSON only: bottender camel-cases the request body's keys before mapping it to events. */
export type SwitchboardRawEvent = {
  conversationId: string;
  messageId: string;
  inboxId: string;
  contactId: string;
  channel: string;
  text: string;
  contentType: string;
  /** A structured reply (the widget's option_reply / form_response), when the channel sends one. */
  content: { [key: string]: string | number | boolean | null } | null;
};

export class SwitchboardEvent {
  constructor(readonly rawEvent: SwitchboardRawEvent) {}

  get isMessage(): boolean {
    return true;
  }

  get isText(): boolean {
    return this.rawEvent.text.trim().length > 0;
  }

  get text(): string {
    return this.rawEvent.text.trim();
  }

  get message() {
    return { text: this.text };
  }

  /** The option value a button reply carries, so bottender's payload() routes work too. */
  get payload(): string | null {
    const value = this.rawEvent.content?.value;
    return typeof value === 'string' ? value : null;
  }

  get isPayload(): boolean {
    return this.payload !== null;
  }
}
