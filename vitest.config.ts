import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['./tests/support/global-setup.ts'],
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    // Test files share their fork's module cache: importing the server graph through the transformer cost about
    // 3.5 s per file (a third of the suite's time). Nothing in the tests relies on fresh module state: servers,
    // databases and ports are made per test file, and every test closes what it opened.
    isolate: false,
    testTimeout: 60_000,
    // expect.poll waits for the page or the server to get there; its 1 s default is a deadline a loaded 2-core
    // machine misses, not a measure of anything (no test asserts timing).
    expect: { poll: { timeout: 10_000 } },
    // Browser tests on a loaded 2-core machine occasionally miss a deadline; one retry keeps CI honest about real
    // failures (a test must fail twice in a row) without failing a run on a single slow frame.
    retry: 1,
    hookTimeout: 120_000,
    reporters: ['default', './tests/support/summary-reporter.ts'],
  },
});
