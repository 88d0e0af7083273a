// bottender's index loads every platform it supports with its server and HTTP clients: seconds of start-up for a
// node that may have no Messenger, Telegram or LINE inbox at all. The event classes (which parse webhooks) come
// from their own modules; the API clients load on first use.
import LineEventModule from 'bottender/dist/line/LineEvent.js';
import MessengerEventModule from 'bottender/dist/messenger/MessengerEvent.js';
import TelegramEventModule from 'bottender/dist/telegram/TelegramEvent.js';

export const LineEvent = LineEventModule.default;
export const MessengerEvent = MessengerEventModule.default;
export type MessengerEvent = InstanceType<typeof MessengerEvent>;
export const TelegramEvent = TelegramEventModule.default;

let clients: Promise<typeof import('bottender')> | undefined;
/** bottender's API clients (LineClient, MessengerClient, TelegramClient), loaded once, when first needed. */
export const bottenderClients = () => (clients ??= import('bottender'));
