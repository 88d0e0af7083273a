import { messagingAdapters } from './messaging/index.js';
import type { ChannelAdapter, ChannelKind } from './types.js';
import { smsAdapter } from './sms/index.js';
import { createEmailAdapter } from './email/index.js';
import { apiChannelAdapter } from './api/index.js';
import { webChatAdapter } from './webchat/index.js';

/** Every channel the server knows. A channel is added here and nowhere else in the server. */
export function channelAdapters(): Map<ChannelKind, ChannelAdapter> {
  const list: ChannelAdapter[] = [
    webChatAdapter,
    createEmailAdapter(),
    // channel adapters: one line each
    apiChannelAdapter,
    ...messagingAdapters,
    smsAdapter,
  ];
  return new Map(list.map((a) => [a.kind, a]));
}

/** The web widget's settings (`config.widget` of a web inbox), read by the widget routes and the bot. */
export { WIDGET_DAYS, widgetSettingsSchema, type WidgetSettings } from './webchat/widget-settings.js';
