import { parseArgs } from 'node:util';
import { ConfigError } from '../config.js';
import { CliError } from './tool-context.js';

import type { Flags } from './tool-context.js';

type Run = (flags: Flags) => Promise<number | void>;

// Each command loads its module only when run: `seed-demo` needs the whole app, `reset-password` does not.
const commands: Record<string, { usage: string; run: Run }> = {
  migrate: { usage: 'migrate                                  apply database migrations', run: async () => (await import('./commands/migrate.js')).migrate() },
  'create-admin': { usage: 'create-admin --email E [--name N] [--password P]   add an admin (password generated when not given)', run: async (f) => (await import('./commands/accounts.js')).createAdmin(f) },
  'reset-password': { usage: 'reset-password --email E [--password P]  set a new password and sign the agent out everywhere', run: async (f) => (await import('./commands/accounts.js')).resetPassword(f) },
  export: { usage: 'export [--out FILE] [--status S] [--inbox ID]   conversations as JSON Lines (stdout by default)', run: async (f) => (await import('./commands/transfer.js')).exportConversations(f) },
  import: { usage: 'import --in FILE [--inbox ID] [--dry-run]   conversations from JSON Lines, idempotent', run: async (f) => (await import('./commands/transfer.js')).importConversations(f) },
  doctor: { usage: 'doctor                                   check the deployment and say what to fix', run: async () => (await import('./commands/doctor.js')).doctor() },
  'seed-demo': { usage: 'seed-demo                                demo agents, contacts and conversations', run: async () => (await import('./commands/seed-demo.js')).seedDemo() },
};

function usage(): string {
  return `Usage: switchboard <command> [options]\n\n${Object.values(commands).map((c) => `  ${c.usage}`).join('\n')}\n\nConfiguration comes from the environment (and .env), as for the server.`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const command = name ? commands[name] : undefined;
  if (!command) {
    console.error(name && name !== 'help' && name !== '--help' ? `Unknown command: ${name}\n\n${usage()}` : usage());
    return name && name !== 'help' && name !== '--help' ? 2 : 0;
  }
  const { values } = parseArgs({
    args: rest, strict: true,
    options: {
      email: { type: 'string' }, name: { type: 'string' }, password: { type: 'string' }, out: { type: 'string' },
      in: { type: 'string' }, status: { type: 'string' }, inbox: { type: 'string' }, 'dry-run': { type: 'boolean' },
    },
  });
  return (await command.run(values)) ?? 0;
}

main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (err) => {
  const known = err instanceof CliError || err instanceof ConfigError || (err as { code?: string })?.code?.startsWith?.('ERR_PARSE_ARGS');
  console.error(known ? err.message : `switchboard: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
  process.exitCode = known ? 2 : 1;
});
