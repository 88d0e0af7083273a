import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { once } from 'node:events';
import { writeConversationLines } from '../../transfer/export.js';
import { importConversationLines } from '../../transfer/import.js';
import type { Flags } from '../tool-context.js';
import { CliError, withDatabase } from '../tool-context.js';

const text = (v: unknown) => (typeof v === 'string' ? v : undefined);

export async function exportConversations(flags: Flags): Promise<void> {
  const out = flags.out ? createWriteStream(String(flags.out)) : process.stdout;
  const count = await withDatabase(({ database }) => writeConversationLines(database.db, { status: text(flags.status), inboxId: text(flags.inbox) }, async (line) => {
    // Respect back-pressure: a slow disk or pipe must not make the export hold everything in memory.
    if (!out.write(line)) await once(out, 'drain');
  }));
  if (out !== process.stdout) {
    out.end();
    await once(out, 'finish');
  }
  console.error(`Exported ${count} conversation(s)${flags.out ? ` to ${flags.out}` : ''}.`);
}

export async function importConversations(flags: Flags): Promise<number> {
  const file = text(flags.in);
  if (!file) throw new CliError('import needs --in FILE (JSON Lines, as written by export)');
  if (!existsSync(file)) throw new CliError(`No such file: ${file}`);
  const dryRun = Boolean(flags['dry-run']);
  const reports = await withDatabase(({ database }) => importConversationLines(database.db, createReadStream(file), { dryRun, inboxId: text(flags.inbox) }));
  for (const r of reports) if (!r.ok) console.error(`line ${r.line}: ${r.error}`);
  const ok = reports.filter((r) => r.ok);
  const created = ok.reduce((n, r) => n + (r.created ?? 0), 0);
  const skipped = ok.reduce((n, r) => n + (r.skipped ?? 0), 0);
  console.log(`${dryRun ? 'Dry run: would import' : 'Imported'} ${ok.length} conversation(s): ${created} new message(s), ${skipped} already there; ${reports.length - ok.length} line(s) with errors.`);
  return reports.length === ok.length ? 0 : 1;
}
