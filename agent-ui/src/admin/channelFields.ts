// Settings each channel needs when an inbox is created or edited (what to paste
// where comes from the server's channel guide). Secrets are write-only: the
// API never returns them, so an empty secret field means "keep the current one".
import type { ChannelKind } from '../api/types';
import type { MessageKey } from '../i18n/i18n';

export interface ConfigField {
  path: string; // dotted path into config, e.g. "imap.host"
  label: MessageKey;
  type?: 'text' | 'number' | 'password' | 'checkbox' | 'email';
  required?: boolean;
  /** Required once any other field of this group (the part before the dot, e.g. "imap") is filled in. */
  requiredInGroup?: boolean;
  secret?: boolean;
}

export const CHANNEL_FIELDS: Record<ChannelKind, ConfigField[]> = {
  web: [],
  email: [
    { path: 'address', label: 'inboxForm.address', type: 'email', required: true },
    { path: 'imap.host', label: 'inboxForm.imapHost', requiredInGroup: true },
    { path: 'imap.port', label: 'inboxForm.imapPort', type: 'number', requiredInGroup: true },
    { path: 'imap.secure', label: 'inboxForm.imapSecure', type: 'checkbox' },
    { path: 'imap.user', label: 'inboxForm.imapUser', requiredInGroup: true },
    { path: 'imap.password', label: 'inboxForm.imapPassword', type: 'password', requiredInGroup: true, secret: true },
    { path: 'imap.allowPrivate', label: 'inboxForm.imapAllowPrivate', type: 'checkbox' },
    { path: 'smtp.host', label: 'inboxForm.smtpHost', requiredInGroup: true },
    { path: 'smtp.port', label: 'inboxForm.smtpPort', type: 'number', requiredInGroup: true },
    { path: 'smtp.secure', label: 'inboxForm.smtpSecure', type: 'checkbox' },
    { path: 'smtp.user', label: 'inboxForm.smtpUser' },
    { path: 'smtp.password', label: 'inboxForm.smtpPassword', type: 'password', secret: true },
    { path: 'smtp.allowPrivate', label: 'inboxForm.smtpAllowPrivate', type: 'checkbox' },
  ],
  sms: [
    { path: 'accountSid', label: 'inboxForm.accountSid', required: true },
    { path: 'authToken', label: 'inboxForm.authToken', type: 'password', required: true, secret: true },
    { path: 'fromNumber', label: 'inboxForm.fromNumber', required: true },
  ],
  telegram: [
    { path: 'botToken', label: 'inboxForm.botToken', type: 'password', required: true, secret: true },
    { path: 'secretToken', label: 'inboxForm.secretToken', type: 'password', required: true, secret: true },
  ],
  messenger: [
    { path: 'pageAccessToken', label: 'inboxForm.accessToken', type: 'password', required: true, secret: true },
    { path: 'appSecret', label: 'inboxForm.appSecret', type: 'password', required: true, secret: true },
    { path: 'verifyToken', label: 'inboxForm.verifyToken', required: true },
  ],
  whatsapp: [
    { path: 'accessToken', label: 'inboxForm.accessToken', type: 'password', required: true, secret: true },
    { path: 'phoneNumberId', label: 'inboxForm.phoneNumberId', required: true },
    { path: 'appSecret', label: 'inboxForm.appSecret', type: 'password', required: true, secret: true },
    { path: 'verifyToken', label: 'inboxForm.verifyToken', required: true },
  ],
  line: [
    { path: 'channelAccessToken', label: 'inboxForm.accessToken', type: 'password', required: true, secret: true },
    { path: 'channelSecret', label: 'inboxForm.appSecret', type: 'password', required: true, secret: true },
  ],
};

/** Flat form values -> nested config; drops empty optional values and blank secrets. */
export function buildConfig(fields: ConfigField[], values: Record<string, string | boolean>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  // A switch alone (TLS, private address) does not bring an optional group such as IMAP into use.
  const groupUsed = (group: string) => fields.some((o) => o.type !== 'checkbox' && o.path.startsWith(`${group}.`) && String(values[o.path] ?? '') !== '');
  for (const f of fields) {
    const v = values[f.path];
    if (v === undefined || v === '') continue;
    const parts = f.path.split('.');
    if (f.type === 'checkbox' && parts.length > 1 && !groupUsed(parts[0])) continue;
    let node = out;
    for (const p of parts.slice(0, -1)) node = (node[p] ??= {}) as Record<string, unknown>;
    node[parts[parts.length - 1]] = f.type === 'number' ? Number(v) : v;
  }
  return out;
}

/** Nested config -> flat form values (secrets are never echoed back, so they start empty). */
export function flattenConfig(fields: ConfigField[], config: Record<string, unknown> | undefined): Record<string, string | boolean> {
  const out: Record<string, string | boolean> = {};
  for (const f of fields) {
    if (f.secret) continue;
    let node: unknown = config;
    for (const p of f.path.split('.')) node = node && typeof node === 'object' ? (node as Record<string, unknown>)[p] : undefined;
    if (node !== undefined && node !== null) out[f.path] = typeof node === 'boolean' ? node : String(node);
  }
  return out;
}
