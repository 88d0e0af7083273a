import { checkProviders } from '../doctor/providers.js';
import { checkDatabase, checkPublicUrl, checkRedis, checkSmtp } from '../doctor/services.js';
import { errorText, fail, type CheckResult } from '../doctor/types.js';
import { withDatabase } from '../tool-context.js';

const MARK = { ok: 'ok  ', warn: 'WARN', fail: 'FAIL' } as const;

/** Checks the deployment from this host; exit code 1 when anything must be fixed (warnings do not fail). */
export async function doctor(): Promise<number> {
  const results: CheckResult[] = await withDatabase(async ({ config, database }) => {
    const [publicUrl, db, redis, smtp, providers] = await Promise.all([
      checkPublicUrl(config), checkDatabase(database), checkRedis(config), checkSmtp(config),
      checkProviders(database.db, config),
    ]);
    return [...publicUrl, ...db, ...redis, smtp, ...providers];
  }).catch((err) => [fail('database', `cannot open the database: ${errorText(err)}`, 'check DATABASE_URL (or DATA_DIR for the embedded database; stop the server first, PGlite allows one process)')]);
  for (const r of results) {
    console.log(`${MARK[r.status]}  ${r.name}: ${r.detail}`);
    if (r.fix && r.status !== 'ok') console.log(`      fix: ${r.fix}`);
  }
  const failed = results.filter((r) => r.status === 'fail').length;
  const warned = results.filter((r) => r.status === 'warn').length;
  console.log(failed ? `\n${failed} problem(s) to fix, ${warned} warning(s).` : `\nAll checks passed${warned ? ` (${warned} warning(s))` : ''}.`);
  return failed ? 1 : 0;
}
