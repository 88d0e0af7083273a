import { isIP } from 'node:net';
import { z } from 'zod';
import './validation-messages.js';

// Every setting comes from the environment (a `.env` file is loaded by main.ts). Invalid values stop the
// process with one line naming the variable, before anything else starts.
const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  PUBLIC_URL: z.url().optional(),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must start with postgres://').optional(),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must start with redis://').optional(),
  ADMIN_EMAIL: z.email().default('admin@example.com'),
  ADMIN_PASSWORD: z.string().min(8, 'must be at least 8 characters').optional(),
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://').optional(),
  INBOUND_SMTP_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  SECRET_KEY: z.string().min(16, 'must be at least 16 characters').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  CORS_ORIGINS: z.string().optional(),
  TRUST_PROXY: z.string().optional(),
  RATE_LIMIT_LOGIN: z.coerce.number().int().positive().default(10),
  RATE_LIMIT_LOGIN_ADDRESS: z.coerce.number().int().positive().default(30),
  RATE_LIMIT_PUBLIC: z.coerce.number().int().positive().default(120),
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),
  OTEL_SERVICE_NAME: z.string().default('switchboard'),
  LLM_BASE_URL: z.url().optional(),
  LLM_MODEL: z.string().min(1).optional(),
  LLM_API_KEY: z.string().min(1).optional(),
  LLM_TIMEOUT_MS: z.coerce.number().int().min(500).max(60_000).default(8000),
});

export type Config = z.infer<typeof schema> & { publicUrl: string };

/** Every environment variable the service reads. */
export const configVariables = Object.keys(schema.shape) as (keyof typeof schema.shape)[];

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`Invalid configuration: ${issue.path.join('.')} ${issue.message}`);
  }
  const c = parsed.data;
  return { ...c, publicUrl: (c.PUBLIC_URL ?? `http://localhost:${c.PORT}`).replace(/\/$/, '') };
}

/**
 * Every link that leaves the server (widget snippet, provider webhooks, invitations, resets, survey and help
 * links) is built here from the one PUBLIC_URL, so they can never disagree about the host.
 */
export function publicLink(config: Pick<Config, 'publicUrl'>, path: string): string {
  return `${config.publicUrl}${path.startsWith('/') ? path : `/${path}`}`;
}

export type PublicUrlProblem = 'unset' | 'loopback';

function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIP(host) === 4) return host.startsWith('127.') || host === '0.0.0.0';
  if (isIP(host) === 6) return host === '::1' || host === '::' || host.startsWith('::ffff:127.');
  return false;
}

/** Why customers and providers cannot reach the links we hand out, or null when PUBLIC_URL looks right. */
export function publicUrlProblem(config: Pick<Config, 'PUBLIC_URL' | 'publicUrl'>): PublicUrlProblem | null {
  if (!config.PUBLIC_URL) return 'unset';
  return isLoopbackHost(new URL(config.publicUrl).hostname) ? 'loopback' : null;
}

/** The one-line explanation of a PUBLIC_URL problem, for the start-up log and the API. */
export function publicUrlProblemMessage(problem: PublicUrlProblem, publicUrl: string): string {
  const why = problem === 'unset' ? 'PUBLIC_URL is not set' : `PUBLIC_URL ${publicUrl} is a loopback address`;
  return `${why}: the widget snippet, webhook URLs, invitation and reset links all point at ${publicUrl}, which visitors and providers cannot reach. Set PUBLIC_URL to the address they use (https://support.example.com).`;
}
