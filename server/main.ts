import 'dotenv/config';
import { ConfigError, loadConfig, publicUrlProblem, publicUrlProblemMessage } from './config.js';
import { StartupClock } from './observability/startup.js';

async function main() {
  const clock = new StartupClock();
  clock.mark('process and entry');
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  // Tracing first, then the app: its modules must load after the instrumentations' hook is in place.
  const stopTracing = config.OTEL_EXPORTER_OTLP_ENDPOINT
    ? await (await import('./observability/tracing.js')).startTracing(config.OTEL_EXPORTER_OTLP_ENDPOINT, config.OTEL_SERVICE_NAME)
    : async () => {};
  clock.mark('config and tracing');
  const [{ createApp }, { createLogger }] = await Promise.all([import('./app.js'), import('./log.js')]);
  clock.mark('app modules');
  const log = createLogger(config.LOG_LEVEL);
  const app = await createApp(config, { log, clock });
  if (app.adminSetup?.generatedPassword) {
    // Printed once, on the first start only; it is not stored anywhere in clear.
    console.log(`\n  Admin account created: ${app.adminSetup.email} / ${app.adminSetup.generatedPassword}\n  (set ADMIN_PASSWORD to choose it yourself)\n`);
  }
  log.info({ url: config.publicUrl, port: app.port, database: app.ctx.database.kind, readyMs: clock.total(), phasesMs: clock.phases }, 'Switchboard is running');
  console.log(`Switchboard on ${config.publicUrl}  (inbox at /, demo site at /demo)`);
  const problem = publicUrlProblem(config);
  if (problem) log.warn({ publicUrl: config.publicUrl, problem }, publicUrlProblemMessage(problem, config.publicUrl));

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down: draining sockets and jobs');
    const timer = setTimeout(() => process.exit(1), 20_000);
    timer.unref();
    await app.close().catch((err) => log.error({ err }, 'shutdown error'));
    await stopTracing().catch((err) => log.error({ err }, 'trace export failed at shutdown'));
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((err) => {
  console.error(`Switchboard failed to start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
