import { timingSafeEqual } from 'node:crypto';
import { Router } from 'express';
import type { Metrics } from './metrics.js';
import { notFound, unauthorized } from '../errors.js';

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * `GET /metrics` in the Prometheus text format. Off (404) unless METRICS_TOKEN is set, and then only for a
 * scraper that sends it as a bearer token: the figures name routes, queues and channels.
 */
export function metricsRoutes(metrics: Metrics, token: string | undefined): Router {
  const r = Router();
  r.get('/metrics', async (req, res) => {
    if (!token) throw notFound('Route');
    const given = /^Bearer (.+)$/i.exec(req.get('authorization') ?? '')?.[1] ?? '';
    if (!sameToken(given, token)) throw unauthorized('Send METRICS_TOKEN as a bearer token');
    res.set('Content-Type', metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  return r;
}
