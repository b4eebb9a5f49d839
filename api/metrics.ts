import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** The API's Prometheus metrics; one registry per app, so tests can build several. */
export function createApiMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    requests: new Counter({
      name: 'http_requests_total',
      help: 'HTTP requests by route pattern, method and status code',
      labelNames: ['method', 'route', 'status_code'] as const,
      registers: [registry],
    }),
    latency: new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request latency by route pattern and method',
      labelNames: ['method', 'route'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    casesStarted: new Counter({ name: 'cases_started_total', help: 'case workflows started by submissions', registers: [registry] }),
    updatesRejected: new Counter({
      name: 'case_updates_rejected_total',
      help: 'actions the case refused, by reason (invalid_state, forbidden, invalid_input, closed)',
      labelNames: ['code'] as const,
      registers: [registry],
    }),
    projectionLag: new Histogram({
      name: 'projection_lag_seconds',
      help: 'time from an event being written to its asynchronous projection',
      labelNames: ['projection'] as const,
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers: [registry],
    }),
    projectionErrors: new Counter({ name: 'projection_errors_total', help: 'failed projection batches (retried)', labelNames: ['projection'] as const, registers: [registry] }),
  };
}

/**
 * Gauges read from the database at each scrape, so they are right whichever instance holds the
 * projection: events not yet projected and the age of the oldest of them.
 */
export function registerProjectionGauges(metrics: ApiMetrics, name: string, read: () => Promise<{ eventsBehind: number; lagSeconds: number }>): void {
  // One read per scrape serves both gauges; prom-client collects them one after the other.
  let pending: Promise<{ eventsBehind: number; lagSeconds: number }> | null = null;
  const shared = () => (pending ??= read().finally(() => setTimeout(() => (pending = null), 0)));
  new Gauge({
    name: 'projection_events_behind',
    help: 'events written but not yet projected',
    labelNames: ['projection'] as const,
    registers: [metrics.registry],
    async collect() {
      this.set({ projection: name }, (await shared()).eventsBehind);
    },
  });
  new Gauge({
    name: 'projection_oldest_unprojected_seconds',
    help: 'age of the oldest event not yet projected (0 when caught up)',
    labelNames: ['projection'] as const,
    registers: [metrics.registry],
    async collect() {
      this.set({ projection: name }, (await shared()).lagSeconds);
    },
  });
}

export type ApiMetrics = ReturnType<typeof createApiMetrics>;

export function recordRequestMetrics(app: FastifyInstance, metrics: ApiMetrics): void {
  app.addHook('onResponse', async (request, reply) => {
    // The route pattern, not the URL, so case ids do not explode the label set.
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.requests.inc({ method: request.method, route, status_code: reply.statusCode });
    metrics.latency.observe({ method: request.method, route }, reply.elapsedTime / 1000);
  });
}
