import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

export type IngestOutcome = 'created' | 'duplicate' | 'ignored' | 'rejected';
export type DeliveryOutcome = 'sent' | 'retry' | 'failed';

/**
 * One Prometheus registry per app (tests run several apps in one process, so nothing is global). Counters are
 * recorded where the work happens; gauges that describe current state are read at scrape time (collectors.ts).
 */
export class Metrics {
  readonly registry = new Registry();

  readonly httpRequests = new Counter({
    name: 'switchboard_http_requests_total', help: 'HTTP requests by route, method and status code',
    labelNames: ['method', 'route', 'status_code'] as const, registers: [this.registry],
  });
  readonly httpDuration = new Histogram({
    name: 'switchboard_http_request_duration_seconds', help: 'HTTP request duration by route, method and status code',
    labelNames: ['method', 'route', 'status_code'] as const, registers: [this.registry],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  });
  readonly messagesIngested = new Counter({
    name: 'switchboard_messages_ingested_total', help: 'Inbound messages by channel and outcome (created, duplicate, ignored, rejected)',
    labelNames: ['channel', 'outcome'] as const, registers: [this.registry],
  });
  readonly ingestBatchSize = new Histogram({
    name: 'switchboard_ingest_batch_messages', help: 'Messages stored per group-commit transaction of ingest (1 when there is no load)',
    registers: [this.registry], buckets: [1, 2, 4, 8, 16, 32, 64],
  });
  readonly deliveries = new Counter({
    name: 'switchboard_message_deliveries_total', help: 'Outbound delivery attempts by channel and outcome (sent, retry, failed)',
    labelNames: ['channel', 'outcome'] as const, registers: [this.registry],
  });
  readonly deliveryRetries = new Counter({
    name: 'switchboard_delivery_retries_total', help: 'Outbound deliveries scheduled again after a transient error, by channel',
    labelNames: ['channel'] as const, registers: [this.registry],
  });
  readonly deadLetters = new Counter({
    name: 'switchboard_delivery_dead_letters_total', help: 'Outbound messages given up on (permanent error or retries exhausted), by channel',
    labelNames: ['channel'] as const, registers: [this.registry],
  });

  constructor() {
    // Event-loop lag, heap and resident memory, GC, handles: prom-client's standard process metrics.
    collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: 20 });
  }

  messageIngested(channel: string, outcome: IngestOutcome): void {
    this.messagesIngested.inc({ channel, outcome });
  }

  deliveryAttempted(channel: string, outcome: DeliveryOutcome): void {
    this.deliveries.inc({ channel, outcome });
    if (outcome === 'retry') this.deliveryRetries.inc({ channel });
    if (outcome === 'failed') this.deadLetters.inc({ channel });
  }
}
