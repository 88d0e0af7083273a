import { pino, type Logger } from 'pino';

export type { Logger };

// Secrets must never reach the log: redact credentials wherever they appear in logged objects.
export function createLogger(level: string): Logger {
  return pino({
    level,
    redact: {
      paths: [
        'password', '*.password', 'token', '*.token', 'authToken', '*.authToken', 'config.*', '*.config.*',
        'req.headers.authorization', 'req.headers.cookie', 'headers.authorization', 'secret', '*.secret',
        // The session cookie set at sign-in, and webhook secrets that providers send as headers.
        'res.headers["set-cookie"]', 'req.headers["x-telegram-bot-api-secret-token"]', 'req.headers["x-api-key"]',
      ],
      censor: '[redacted]',
    },
  });
}

// Links that carry a credential in the path: invitation acceptance and CSAT survey tokens.
const TOKEN_IN_PATH = /^((?:\/api)?\/(?:invites\/accept|csat)\/)[^/?#]+/;

/** The request URL as it may be logged: tokens in the path and every query value masked. */
export function loggableUrl(url: string): string {
  const [pathPart, query] = url.split('?', 2);
  const masked = pathPart.replace(TOKEN_IN_PATH, '$1[redacted]');
  if (query === undefined) return masked;
  return `${masked}?${query.split('&').map((pair) => `${pair.split('=')[0]}=[redacted]`).join('&')}`;
}
