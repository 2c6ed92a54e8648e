/**
 * Prometheus metrics through prom-client, one registry per instance (tests
 * run several in one process). Served at `GET /metrics` in the text format.
 */
import {Counter, Gauge, Histogram, Registry, collectDefaultMetrics} from 'prom-client';

export interface MetricsSources {
  /** Messages waiting (or leased) per durable queue. */
  queueDepths(): Promise<Record<string, number>>;
}

export class Metrics {
  readonly registry = new Registry();
  readonly requests: Counter<'method' | 'route' | 'status'>;
  readonly requestSeconds: Histogram<'method' | 'route'>;
  readonly verifications: Counter<'status'>;
  readonly statusListPublications: Counter;
  readonly limited: Counter<'limit'>;

  constructor(sources: MetricsSources, options: {processMetrics?: boolean} = {}) {
    const registers = [this.registry];
    this.requests = new Counter({name: 'hallmark_http_requests_total', help: 'HTTP requests answered, by route template and status', labelNames: ['method', 'route', 'status'], registers});
    this.requestSeconds = new Histogram({
      name: 'hallmark_http_request_duration_seconds',
      help: 'Time to answer HTTP requests, by route template',
      labelNames: ['method', 'route'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    this.verifications = new Counter({name: 'hallmark_verifications_total', help: 'Credential verifications, by outcome (valid, revoked, suspended, expired, not-yet-valid, invalid)', labelNames: ['status'], registers});
    this.statusListPublications = new Counter({name: 'hallmark_status_list_publications_total', help: 'Status lists signed and published after a change', registers});
    this.limited = new Counter({name: 'hallmark_rate_limited_total', help: 'Requests refused by a rate limit', labelNames: ['limit'], registers});
    new Gauge({
      name: 'hallmark_queue_depth',
      help: 'Messages in each durable queue, due or leased',
      labelNames: ['queue'],
      registers,
      async collect() {
        this.reset();
        for (const [queue, depth] of Object.entries(await sources.queueDepths())) this.set({queue}, depth);
      },
    });
    if (options.processMetrics !== false) collectDefaultMetrics({register: this.registry, prefix: 'hallmark_'});
  }

  async text(): Promise<{contentType: string; body: string}> {
    return {contentType: this.registry.contentType, body: await this.registry.metrics()};
  }
}
