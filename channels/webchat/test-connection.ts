import { passed, warned } from '../kit/test-connection.js';
import type { ConnectionCheck, InboxRecord } from '../types.js';

/** Nothing to call: the widget talks to this server. Reports what a site needs: the key, and which sites may embed it. */
export async function testWebChatConnection(inbox: InboxRecord<{ allowedOrigins?: string[] }>): Promise<ConnectionCheck[]> {
  const origins = inbox.config.allowedOrigins ?? [];
  const sites = origins.length ? `only ${origins.join(', ')} may embed it` : 'any site may embed it';
  if (!inbox.widgetKey) return [warned('widget', `no widget key; ${sites}`, `save Settings → Inboxes → ${inbox.name} once to give it one`)];
  return [passed('widget', `widget key ${inbox.widgetKey}; ${sites}`)];
}
