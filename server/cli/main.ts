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
  export: { usage: 'export [--out FILE] [--format jsonl|csv] [--status S] [--inbox ID] [--assignee ID|none] [--team ID] [--label L] [--contact ID] [--q TEXT] [--sort S] [--attachment-links]\n        conversations in the export format of the API (stdout by default; every status unless --status)', run: async (f) => (await import('./commands/transfer.js')).exportCommand(f) },
  import: { usage: 'import --in FILE|- [--inbox ID] [--dry-run] [--allow-private-urls]\n        conversations from the export format, idempotent, one report line per input line', run: async (f) => (await import('./commands/transfer.js')).importCommand(f) },
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
      format: { type: 'string' }, assignee: { type: 'string' }, team: { type: 'string' }, label: { type: 'string' }, contact: { type: 'string' },
      q: { type: 'string' }, sort: { type: 'string' }, 'attachment-links': { type: 'boolean' }, 'allow-private-urls': { type: 'boolean' },
    },
  });
  return (await command.run(values)) ?? 0;
}

main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (err) => {
  const known = err instanceof CliError || err instanceof ConfigError || (err as { code?: string })?.code?.startsWith?.('ERR_PARSE_ARGS');
  console.error(known ? err.message : `switchboard: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
  process.exitCode = known ? 2 : 1;
});
