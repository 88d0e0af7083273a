import { afterAll, beforeAll } from 'vitest';
import { createServerDatabase, loginAdmin, startServer, websiteInbox, type TestServer } from './server.js';
import { serviceAvailable } from './requirements.js';

export interface DatabaseDriver {
  name: string;
  /** The server environment for a fresh database of this kind, and how to drop it afterwards. */
  env: () => Promise<{ env: Record<string, string>; cleanup(): Promise<void> }>;
}

/**
 * The embedded database and, when configured, a fresh database on the PostgreSQL server: for suites that must
 * hold on both (`describe.each(databaseDrivers())`).
 */
export function databaseDrivers(): DatabaseDriver[] {
  const drivers: DatabaseDriver[] = [{ name: 'PGlite', env: async () => ({ env: {}, cleanup: async () => {} }) }];
  if (serviceAvailable('TEST_DATABASE_URL', 'a PostgreSQL server, e.g. postgres://postgres@127.0.0.1:5432/test')) {
    drivers.push({
      name: 'PostgreSQL server',
      env: async () => {
        const db = (await createServerDatabase())!;
        return { env: { DATABASE_URL: db.url }, cleanup: db.drop };
      },
    });
  }
  return drivers;
}

export interface DatabaseServer { s: TestServer; admin: string; inbox: { id: string; widgetKey: string } }

/**
 * A server on a fresh database of the driver's kind, with a website inbox: started before the suite, stopped and
 * its database dropped after it. Read the fields inside tests (they are set in beforeAll).
 */
export function serverOn(driver: DatabaseDriver): DatabaseServer {
  const fixture = {} as DatabaseServer;
  let cleanup: () => Promise<void> = async () => {};
  beforeAll(async () => {
    const e = await driver.env();
    cleanup = e.cleanup;
    fixture.s = await startServer(e.env);
    fixture.admin = await loginAdmin(fixture.s.url);
    fixture.inbox = await websiteInbox(fixture.s.url, fixture.admin);
  });
  afterAll(async () => {
    await fixture.s?.close();
    await cleanup();
  });
  return fixture;
}
