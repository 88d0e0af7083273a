// Text in both directions: our messages rendered as Slack mrkdwn, and Slack's markup read back as plain text.

/** Slack requires &, < and > escaped in message text; everything else is literal. */
export const escapeMrkdwn = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Slack sends links and mentions as <url|label> and entities escaped; agents' replies go to customers as plain text. */
export function slackToPlain(text: string): string {
  return text
    .replace(/<(?:mailto:)?([^|>]+)\|([^>]+)>/g, (_m, url: string, label: string) => (url.endsWith(label) ? label : `${label} (${url})`))
    .replace(/<(?:mailto:)?([^>]+)>/g, '$1')
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

const CHANNEL_NAMES: Record<string, string> = { web: 'Web chat', email: 'E-mail', sms: 'SMS', telegram: 'Telegram', messenger: 'Messenger', whatsapp: 'WhatsApp', line: 'LINE', api: 'API' };

export function threadRootText(p: { contact: { name: string | null; email: string | null; phone: string | null }; channel: string; inboxName: string; url: string }): string {
  const who = [p.contact.name, p.contact.email, p.contact.phone].filter(Boolean).map((s) => escapeMrkdwn(s!)).join(' · ') || 'Unknown contact';
  return `New conversation from *${who}* on ${CHANNEL_NAMES[p.channel] ?? p.channel} (${escapeMrkdwn(p.inboxName)})\n<${p.url}|Open in Switchboard> · reply in this thread to answer, start with \`note:\` for a private note`;
}

export function mirroredText(p: { author: string; kind: 'contact' | 'agent' | 'bot' | 'system'; isPrivate: boolean; body: string; attachments: { name: string; url: string }[] }): string {
  const files = p.attachments.map((a) => `<${a.url}|${escapeMrkdwn(a.name)}>`).join(' ');
  const body = [escapeMrkdwn(p.body), files].filter(Boolean).join('\n');
  if (p.kind === 'system') return `_${body}_`;
  if (p.isPrivate) return `:lock: *Note by ${escapeMrkdwn(p.author)}*: ${body}`;
  const label = p.kind === 'bot' ? ':robot_face: *Bot*' : p.kind === 'agent' ? `*${escapeMrkdwn(p.author)}* (agent)` : `*${escapeMrkdwn(p.author)}*`;
  return `${label}: ${body}`;
}
