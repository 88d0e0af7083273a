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
      ],
      censor: '[redacted]',
    },
  });
}
