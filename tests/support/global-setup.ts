import { ensureTemplate } from './pglite-template.js';

/** Once per run, before any test file: the migrated embedded database every test server starts from. */
export default async function setup(): Promise<void> {
  await ensureTemplate();
}
