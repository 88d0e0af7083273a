import { createHmac } from 'node:crypto';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { Router } from 'express';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import { channelAdapters } from '../channels/registry.js';
import { slackWebhookRouter } from './integrations/slack/runtime.js';
import type { ChannelContext } from '../channels/types.js';
import type { Config } from './config.js';
import type { AppContext } from './context.js';
import { openDatabase } from './db/client.js';
import { ensureAdmin } from './agents/agents.js';
import { loadAppSecret } from './shared/app-secret.js';
import { channelState, loadChannelAttachment } from './inboxes/channel-state.js';
import { setOptOut } from './contacts/identities.js';
import { ensureDefaultInbox, findInbox, listInboxRecords } from './inboxes/inboxes.js';
import { forgetHere } from './shared/memo.js';
import { SecretBox } from './shared/secrets.js';
import { EventBus } from './events/bus.js';
import { Cluster } from './events/cluster.js';
import { deliverAccessChange } from './auth/access-changes.js';
import { ConsumerRunner } from './events/runner.js';
import { registerListeners } from './events/listeners/index.js';
import { errorHandler } from './http/errors.js';
import { notFound } from './errors.js';
import { apiRouter } from './http/router.js';
import { attachmentRoutes } from './messages/attachment-routes.js';
import { healthRoutes } from './observability/health-routes.js';
import { csatPageRoutes } from './automation/csat-routes.js';
import { helpRoutes } from './bot/help-routes.js';
import { staticRoutes } from './http/static.js';
import { refuseIfArchived } from './inboxes/archive.js';
import { ingestFromChannel } from './ingest/channel-ingest.js';
import { DELIVERY_QUEUE, updateDeliveryStatus } from './ingest/outbound.js';
import { startDeliveryWorker } from './jobs/delivery.js';
import { JobQueue } from './jobs/queue.js';
import { SNOOZE_QUEUE, startSnoozeWorker } from './conversations/snooze-wake.js';
import { createLogger, loggableUrl, type Logger } from './log.js';
import { registerStateCollectors } from './observability/collectors.js';
import { httpMetrics } from './observability/http-metrics.js';
import { Metrics } from './observability/metrics.js';
import { StartupClock } from './observability/startup.js';
import { metricsRoutes } from './observability/metrics-routes.js';
import { Presence } from './realtime/presence.js';
import { createRealtime } from './realtime/io.js';
import { AppMemory } from './app-memory.js';
import { systemClock } from './clock.js';

export interface App {
  ctx: AppContext;
  http: HttpServer;
  /** The Express app behind `http`, for tools that inspect its routes. */
  express: express.Express;
  /** The Socket.IO server, for tools that inspect its namespaces. */
  io: import('socket.io').Server;
  url: string;
  port: number;
  adminSetup: { email: string; generatedPassword?: string } | null;
  close(): Promise<void>;
}

export async function createApp(config: Config, opts: { log?: Logger; clock?: StartupClock } = {}): Promise<App> {
  const log = opts.log ?? createLogger(config.LOG_LEVEL);
  const clock = opts.clock ?? new StartupClock();
  const database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
  clock.mark('database and migrations');
  const jobs = new JobQueue(database, log, config.DATABASE_URL);
  await jobs.start([DELIVERY_QUEUE, SNOOZE_QUEUE]);
  clock.mark('job queue');
  const cluster = new Cluster({ databaseUrl: database.kind === 'postgres' ? config.DATABASE_URL : undefined, log });
  let runner: ConsumerRunner | undefined;
  const bus = new EventBus({
    db: database.db, server: database.kind === 'postgres',
    onError: (err, event) => log.error({ err, event }, 'event listener failed'),
    onAppended: (recorded) => runner?.wake(recorded),
  });
  runner = new ConsumerRunner(bus, { db: database.db, log });
  const ctx: AppContext = {
    config, log, database, db: database.db, bus, jobs, cluster,
    secrets: new SecretBox(config.SECRET_KEY),
    appSecret: await loadAppSecret(database, config.SECRET_KEY),
    adapters: channelAdapters(),
    metrics: new Metrics(),
    clock: systemClock,
    memory: new AppMemory(),
  };
  const adminSetup = await ensureAdmin(ctx);
  await ensureDefaultInbox(ctx);
  clock.mark('secrets, admin and default inbox');

  const app = express();
  app.disable('x-powered-by');
  app.use(httpMetrics(ctx.metrics));
  if (config.TRUST_PROXY) app.set('trust proxy', /^\d+$/.test(config.TRUST_PROXY) ? Number(config.TRUST_PROXY) : config.TRUST_PROXY);
  app.use(helmet({
    // The widget loader and its assets are embedded by other sites.
    crossOriginResourcePolicy: { policy: 'cross-origin' },
    contentSecurityPolicy: {
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:', 'blob:'],
        'connect-src': ["'self'", 'ws:', 'wss:'],
        'frame-src': ["'self'"],
        // Served over plain HTTP on localhost too; upgrading would break that.
        'upgrade-insecure-requests': null,
      },
    },
  }));
  app.use(pinoHttp({ logger: log,
    // The URL is logged with its credentials masked (see loggableUrl); query and params would repeat them.
    serializers: { req: (req: { url: string }) => ({ ...req, url: loggableUrl(req.url), query: undefined, params: undefined }) },
    autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/readyz' || req.url === '/metrics' }, customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'info' : 'debug') }));
  app.use(healthRoutes(ctx));
  app.use(metricsRoutes(ctx.metrics, config.METRICS_TOKEN));

  const http = createServer(app);
  const realtime = await createRealtime(ctx, http);
  const presence = new Presence(realtime.io);
  registerListeners(ctx, { io: realtime.io });
  registerStateCollectors(ctx.metrics, { io: realtime.io, database });
  clock.mark('http and realtime');
  await runner.start();
  await cluster.start({
    acquired: (p) => runner.acquired(p),
    releasing: (p) => runner.releasing(p),
    appended: (events) => runner.wake(events),
    settingsChanged: (prefix) => forgetHere(ctx, prefix),
    accessChanged: (agentId) => deliverAccessChange(ctx, agentId),
  });
  clock.mark('event consumers and cluster');

  // Channel webhooks come first: they verify signatures over the raw body, before any JSON parser.
  const channelCtx: ChannelContext = {
    // An archived inbox refuses at the provider's edge; every other message goes down the one pipeline.
    ingest: async (m) => {
      await refuseIfArchived(ctx, m.inboxId);
      return ingestFromChannel(ctx, m);
    },
    updateDeliveryStatus: (inboxId, externalId, status, error) => updateDeliveryStatus(ctx, inboxId, externalId, status, error),
    setOptOut: (channel, address, optedOut) => setOptOut(ctx, channel, address, optedOut),
    findInbox: (id) => findInbox(ctx, id),
    listInboxes: (channel) => listInboxRecords(ctx, channel),
    publicUrl: config.publicUrl,
    config: { SMTP_URL: config.SMTP_URL, INBOUND_SMTP_PORT: config.INBOUND_SMTP_PORT },
    deriveKey: (purpose) => createHmac('sha256', ctx.appSecret).update(`channel:${purpose}`).digest(),
    state: channelState(ctx),
    loadAttachment: (id) => loadChannelAttachment(ctx, id),
    lead: (job) => cluster.lead(job),
    resign: (job) => cluster.resign(job),
    log,
  };
  const webhooks = Router();
  for (const adapter of ctx.adapters.values()) adapter.mount?.(webhooks, channelCtx);
  app.use('/webhooks/slack', slackWebhookRouter(ctx));
  app.use('/webhooks', webhooks);
  app.use('/api', apiRouter(ctx, { presence }));
  app.use('/api', (_req, _res, next) => next(notFound('Route')));
  app.use('/attachments', attachmentRoutes(ctx));
  app.use('/csat', csatPageRoutes(ctx));
  app.use('/help', helpRoutes(ctx));
  app.use(staticRoutes(ctx));
  app.use(errorHandler(log));
  clock.mark('routes and UI serving');

  const stops: (() => Promise<void>)[] = [];
  for (const adapter of ctx.adapters.values()) {
    if (adapter.startChannel) stops.push(await adapter.startChannel(channelCtx));
  }
  await startDeliveryWorker(ctx, channelCtx);
  await startSnoozeWorker(ctx);
  for (const adapter of ctx.adapters.values()) {
    if (!adapter.start) continue;
    for (const inbox of await listInboxRecords(ctx, adapter.kind)) {
      try { stops.push(await adapter.start(inbox, channelCtx)); } catch (err) { log.error({ err, inboxId: inbox.id }, 'channel failed to start'); }
    }
  }

  clock.mark('channels and delivery worker');
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(config.PORT, config.HOST, () => resolve());
  });
  const port = (http.address() as AddressInfo).port;
  clock.mark('listen');

  let closing: Promise<void> | null = null;
  const close = () => (closing ??= (async () => {
    // Order matters: stop taking work, let in-flight work finish, then close the database under it.
    await realtime.close();
    await new Promise<void>((resolve) => http.close(() => resolve()));
    http.closeAllConnections?.();
    await Promise.allSettled(stops.map((s) => s()));
    await cluster.stop();
    await jobs.stop();
    await bus.drain();
    await database.close();
  })());

  return { ctx, http, express: app, io: realtime.io, port, url: `http://127.0.0.1:${port}`, adminSetup, close };
}
