import type { ResultOf } from '../types.js';
import { type CallOptions, Resource } from './resource.js';

export type EnrichmentStatus = ResultOf<'/v1/enrichment', 'get'>;

/** Threat-intelligence feeds: the server downloads nothing, you upload the files. */
export class Enrichment extends Resource {
  /** Loads CISA's KEV catalog (known_exploited_vulnerabilities.json) and re-prioritises. */
  kev(catalog: string | Uint8Array, options: CallOptions = {}): Promise<EnrichmentStatus> {
    return this.http.request<EnrichmentStatus>('POST', 'v1/enrichment/kev', { rawBody: catalog, ...options });
  }
  /** Loads FIRST's EPSS scores (the daily CSV, decompressed) and re-prioritises. */
  epss(scores: string | Uint8Array, options: CallOptions = {}): Promise<EnrichmentStatus> {
    return this.http.request<EnrichmentStatus>('POST', 'v1/enrichment/epss', { rawBody: scores, ...options });
  }
  status(options?: CallOptions): Promise<EnrichmentStatus> {
    return this.http.request<EnrichmentStatus>('GET', 'v1/enrichment', options);
  }
}
