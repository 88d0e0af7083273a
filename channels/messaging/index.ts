import { messagingAdapter } from './adapter.js';
import { line } from './line.js';
import { messenger } from './messenger.js';
import { telegram } from './telegram.js';
import { whatsapp } from './whatsapp.js';

/** Telegram, Messenger, WhatsApp and LINE: one adapter implementation, four platform parts. */
export const messagingAdapters = [messagingAdapter(telegram), messagingAdapter(messenger), messagingAdapter(whatsapp), messagingAdapter(line)];
