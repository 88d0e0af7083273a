import { existsSync } from 'node:fs';

/**
 * Tests that need an outside service run when it is configured. On a user's machine without it they skip
 * with one line saying what to install; under REQUIRE_SERVICES / REQUIRE_BROWSER (CI) its absence fails.
 */
export function serviceAvailable(name: 'TEST_DATABASE_URL' | 'REDIS_URL', hint: string): boolean {
  if (process.env[name]) return true;
  if (process.env.REQUIRE_SERVICES === '1') throw new Error(`${name} is required (REQUIRE_SERVICES=1) but not set`);
  console.warn(`skipping: set ${name} to run these tests (${hint})`);
  return false;
}

export const CHROMIUM = '/usr/bin/chromium';

export function browserAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.env.REQUIRE_BROWSER === '1') throw new Error(`${CHROMIUM} is required (REQUIRE_BROWSER=1) but missing`);
  console.warn('skipping browser tests: install Debian chromium (apt-get install chromium)');
  return false;
}

export const chromiumLaunchOptions = {
  executablePath: CHROMIUM,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
};
