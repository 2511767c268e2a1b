import { Collector, IngestQuery, IngestResult, LogEventDocument, LogSearchQuery, LogStats, LogStatsQuery, pageOf } from '@secai/core';
import type { Services } from '../../services/index.js';
import type { ApiRouter } from '../api-router.js';

/** The largest ingest body, after gzip is undone: a batch, not a file (`secai logs send` batches). */
const INGEST_LIMIT = '32mb';

/** Log ingest, search and statistics, and the collectors' counters. */
export function logsRoutes(api: ApiRouter, services: Services): void {
  api.route(
    {
      method: 'post',
      path: '/v1/ingest',
      tag: 'logs',
      summary: 'send log lines or JSON events',
      description: `The body is NDJSON (\`application/x-ndjson\`: one JSON object or string per line), a JSON array of them (\`application/json\`), or plain text, one line per record; \`Content-Encoding: gzip\` is accepted. A JSON object is an event already in JSON (Windows, Suricata EVE, Zeek, ECS); its \`event.id\` makes a retried batch store once. Every line is kept: one no parser recognises is stored as an unparsed event. The answer comes once the accepted lines are on disk: \`accepted\` counts them, \`rejected\` names the lines that could not be records (not JSON in NDJSON, over 1 MiB). When the pipeline is full the answer is 503 INGEST_SATURATED with \`Retry-After\` and nothing of the batch was accepted. Up to ${INGEST_LIMIT} per request.`,
      permission: 'logs:ingest',
      query: IngestQuery,
      rawBody: { limit: INGEST_LIMIT, description: 'NDJSON, a JSON array, or text lines' },
      response: IngestResult,
    },
    // The sender's address is not the events' host (a shipper sends for many): it is not added.
    ({ query, body, req }) => services.logs.ingest(body as string, req.get('content-type'), query),
  );
  api.route(
    {
      method: 'get',
      path: '/v1/logs',
      tag: 'logs',
      summary: 'search stored events, newest first',
      description:
        '`q` is a query (docs/query.md): `user.name:root AND NOT source.ip:10.*`, `"failed password"`, `http.response.status_code>=500`. `from` (inclusive) and `to` (exclusive) bound `@timestamp`, as ISO-8601 or relative to now (`now-1h`). A malformed query is QUERY_INVALID with the position.',
      permission: 'logs:read',
      query: LogSearchQuery,
      response: pageOf(LogEventDocument),
    },
    ({ query }) => services.logs.search(query),
  );
  api.route(
    {
      method: 'get',
      path: '/v1/logs/stats',
      tag: 'logs',
      summary: 'top values of a field, or a histogram, over matching events',
      description:
        'With `by=FIELD`: the `limit` most frequent values (default 10). With `interval=1m` (s, m, h, d): counts per interval, buckets aligned to the epoch, at most 10,000 of them; without `from` the last 24 hours. `total` counts every matching event in the range.',
      permission: 'logs:read',
      query: LogStatsQuery,
      response: LogStats,
    },
    ({ query }) => services.logs.stats(query),
  );
  api.route(
    {
      method: 'get',
      path: '/v1/collectors',
      tag: 'logs',
      summary: "this server's collectors and their counters",
      description:
        'received (accepted by the collector), parsed, unparsed (kept, tagged unparsed), dropped (UDP under load, counted, not stored), stored (new to the log store), duplicates (an id the store already held, as when a batch is sent again or the spool replayed: kept once, not stored again), bytes. Counters are per process and start at zero.',
      permission: 'logs:read',
      response: pageOf(Collector),
    },
    async () => services.logs.listCollectors(),
  );
}
