import { z } from 'zod';
import type { Services } from '../../services/index.js';
import type { ApiRouter } from '../api-router.js';

const EnrichmentStatus = z.object({
  kev_cves: z.number().int(),
  epss_cves: z.number().int(),
  vulnerabilities_updated: z.number().int().optional(),
  source: z.string().nullable().optional(),
});

/** Threat-intelligence feeds, uploaded as files (the server downloads nothing). */
export function enrichmentRoutes(api: ApiRouter, services: Services): void {
  api.route(
    {
      method: 'post',
      path: '/v1/enrichment/kev',
      tag: 'enrichment',
      summary: 'load the CISA KEV catalog (its JSON feed) and re-prioritise',
      permission: 'vulns:write',
      rawBody: { limit: '50mb', description: 'known_exploited_vulnerabilities.json' },
      response: EnrichmentStatus,
    },
    ({ body, ctx }) => services.enrichment.loadKev(ctx, body as string),
  );
  api.route(
    {
      method: 'post',
      path: '/v1/enrichment/epss',
      tag: 'enrichment',
      summary: 'load FIRST EPSS scores (the daily CSV, decompressed) and re-prioritise',
      permission: 'vulns:write',
      rawBody: { limit: '100mb', description: 'epss_scores-current.csv' },
      response: EnrichmentStatus,
    },
    ({ body, ctx }) => services.enrichment.loadEpss(ctx, body as string),
  );
  api.route(
    {
      method: 'get',
      path: '/v1/enrichment',
      tag: 'enrichment',
      summary: 'how many CVEs the loaded feeds cover',
      permission: 'vulns:read',
      response: EnrichmentStatus,
    },
    () => services.enrichment.status(),
  );
}
