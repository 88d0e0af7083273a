import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const migrations = path.join(root, 'server/db/migrations');

/**
 * An embedded database with every migration applied, made once per migration set: a fresh PGlite costs initdb
 * plus all migrations in WASM (6–9 s on a loaded 2-core machine), and most test files start one or more servers
 * on a new data directory. They start from a copy of this instead; what the server does at start (admin,
 * default inbox, job schema) still runs on each copy, so no test sees another's rows.
 */
export function templateDir(): string {
  const hash = createHash('sha256');
  for (const f of readdirSync(migrations, { recursive: true }).map(String).sort()) {
    const file = path.join(migrations, f);
    if (f.endsWith('.sql') || f.endsWith('.json')) hash.update(f).update(readFileSync(file));
  }
  hash.update(JSON.parse(readFileSync(path.join(root, 'node_modules/@electric-sql/pglite/package.json'), 'utf8')).version);
  return path.join(tmpdir(), `sb-pglite-template-${hash.digest('hex').slice(0, 16)}`);
}

/** Builds the template when it is missing (in a scratch directory, then renamed: a half-made one is never used). */
export async function ensureTemplate(): Promise<string> {
  const dir = templateDir();
  if (existsSync(path.join(dir, 'pg', 'PG_VERSION'))) return dir;
  const scratch = mkdtempSync(path.join(tmpdir(), 'sb-pglite-template-build-'));
  const { openDatabase } = await import('../../server/db/client.js');
  const database = await openDatabase({ dataDir: scratch });
  await database.close();
  try {
    renameSync(scratch, dir);
  } catch {
    // Another run made it first.
    rmSync(scratch, { recursive: true, force: true });
  }
  return dir;
}

/** Gives `dataDir` the migrated template's database unless it already has one (a restart keeps its data). */
export function seedDataDir(dataDir: string): void {
  const template = path.join(templateDir(), 'pg');
  if (existsSync(path.join(dataDir, 'pg')) || !existsSync(path.join(template, 'PG_VERSION'))) return;
  cpSync(template, path.join(dataDir, 'pg'), { recursive: true });
}
