// `export` / `import`: the conversation transfer format of the API (`server/conversations/transfer/`), through
// the same generators, so a file written by either side imports through either side. The CLI differs from the
// API only where a command line must: it sees every inbox (no agent signs in), and its export carries
// attachments inline, because the file must stand alone when no server is running.
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import { exportFilter } from '../../conversations/list-query.js';
import { exportConversations, type ExportProgress } from '../../conversations/transfer/export-lines.js';
import { importConversations, type ImportLineReport } from '../../conversations/transfer/import-lines.js';
import { schema } from '../../db/client.js';
import { loadAppSecret } from '../../shared/app-secret.js';
import type { Flags } from '../tool-context.js';
import { CliError, withDatabase } from '../tool-context.js';

const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
// The filters' "me" needs a signed-in agent; on the command line nobody is, so no conversation is "mine".
const NOBODY = '00000000-0000-0000-0000-000000000000';

const exportFlags = exportFilter.extend({ format: z.enum(['jsonl', 'csv']) });
const FLAG_OF: Record<string, string> = { inboxId: '--inbox', assigneeId: '--assignee', teamId: '--team', contactId: '--contact' };

function parseFlags<T>(schema: z.ZodType<T>, values: Record<string, unknown>): T {
  const parsed = schema.safeParse(values);
  if (parsed.success) return parsed.data;
  throw new CliError(parsed.error.issues.map((i) => `${FLAG_OF[String(i.path[0])] ?? `--${String(i.path[0])}`}: ${i.message}`).join('; '));
}

export async function exportCommand(flags: Flags): Promise<void> {
  const { format, ...filter } = parseFlags(exportFlags, {
    format: text(flags.format) ?? 'jsonl', status: text(flags.status) ?? 'all', inboxId: text(flags.inbox), assigneeId: text(flags.assignee),
    teamId: text(flags.team), label: text(flags.label), contactId: text(flags.contact), q: text(flags.q), sort: text(flags.sort),
  });
  if (filter.assigneeId === 'me') throw new CliError('--assignee: "me" needs a signed-in agent; give an agent id or none');
  const out = flags.out ? createWriteStream(String(flags.out)) : process.stdout;
  const progress: ExportProgress = { conversations: 0, messages: 0 };
  await withDatabase(async ({ config, database }) => {
    const ctx = { db: database.db, config, appSecret: await loadAppSecret(database, config.SECRET_KEY) };
    const inboxIds = (await database.db.select({ id: schema.inboxes.id }).from(schema.inboxes)).map((i) => i.id);
    const scope = { format, inboxIds, agentId: NOBODY, filter, attachments: flags['attachment-links'] ? 'links' as const : 'inline' as const };
    for await (const piece of exportConversations(ctx, scope, progress)) {
      // Respect back-pressure: a slow disk or pipe must not make the export hold everything in memory.
      if (!out.write(piece)) await once(out, 'drain');
    }
  });
  if (out !== process.stdout) {
    out.end();
    await once(out, 'finish');
  }
  console.error(`Exported ${progress.conversations} conversation(s), ${progress.messages} message(s) and note(s)${flags.out ? ` to ${flags.out}` : ''}.`);
}

function describeLine(r: ImportLineReport): string {
  if (r.status === 'error') return `line ${r.line}: error${r.externalId ? ` (${r.externalId})` : ''}: ${(r.errors ?? []).map((e) => (e.path ? `${e.path}: ${e.message}` : e.message)).join('; ')}`;
  return `line ${r.line}: ${r.status} ${r.externalId} → ${r.conversationId} (${r.messages?.created ?? 0} new, ${r.messages?.skipped ?? 0} already there)`;
}

export async function importCommand(flags: Flags): Promise<number> {
  const file = text(flags.in);
  if (!file) throw new CliError('import needs --in FILE (JSON Lines, as written by export; - for standard input)');
  if (file !== '-' && !existsSync(file)) throw new CliError(`No such file: ${file}`);
  const inboxId = text(flags.inbox);
  if (inboxId !== undefined) parseFlags(z.object({ inboxId: z.uuid() }), { inboxId });
  const dryRun = Boolean(flags['dry-run']);
  const counts = { lines: 0, created: 0, updated: 0, unchanged: 0, error: 0 };
  await withDatabase(async ({ database }) => {
    const lines = createInterface({ input: file === '-' ? process.stdin : createReadStream(file), crlfDelay: Infinity });
    const opts = { dryRun, inboxId, allowPrivateUrls: Boolean(flags['allow-private-urls']) };
    for await (const report of importConversations({ db: database.db }, lines, opts)) {
      counts.lines++;
      counts[report.status]++;
      if (report.status === 'error') console.error(describeLine(report));
      else console.log(describeLine(report));
    }
  });
  console.log(`${dryRun ? 'Dry run, nothing stored: ' : ''}${counts.lines} line(s): ${counts.created} created, ${counts.updated} updated, ${counts.unchanged} unchanged, ${counts.error} with errors.`);
  return counts.error ? 1 : 0;
}
