import type { Request, RequestHandler } from 'express';
import type { Metrics } from './metrics.js';

/**
 * Remembers the route template (`/api/conversations/:id`) at the moment the router matches it. Read later it
 * would be wrong: a route that fails hands its error back up the router stack, which resets `req.baseUrl`.
 * Templates, never raw paths, so ids do not make one time series per conversation.
 */
function captureRoute(req: Request): () => string | undefined {
  let route: Request['route'];
  let template: string | undefined;
  Object.defineProperty(req, 'route', {
    configurable: true,
    enumerable: true,
    get: () => route,
    set(value: Request['route']) {
      route = value;
      if (value?.path !== undefined) template = `${req.baseUrl}${String(value.path)}`;
    },
  });
  return () => template;
}

export function httpMetrics(metrics: Metrics): RequestHandler {
  return (req, res, next) => {
    const stop = metrics.httpDuration.startTimer();
    const template = captureRoute(req);
    res.once('finish', () => {
      // Requests no route answered (static files, unknown paths) share one label each.
      const route = template() ?? (res.statusCode === 404 ? 'not_found' : 'static');
      const labels = { method: req.method, route, status_code: String(res.statusCode) };
      stop(labels);
      metrics.httpRequests.inc(labels);
    });
    next();
  };
}
