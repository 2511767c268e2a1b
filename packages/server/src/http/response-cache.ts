import { entityTagOf } from '../_lib/entity-tag.js';

export interface CachedResponse {
  body: Buffer;
  etag: string;
}

/**
 * Serialized answers of GET lists, each kept with the version of the data it was read at and
 * served again only while that version holds (a dashboard or a team polling the same alert
 * queue costs one query per change, not one per poll). Least recently used answers go first
 * once `maxBytes` is reached.
 */
export class ResponseCache {
  private readonly entries = new Map<string, CachedResponse & { version: number }>();
  private bytes = 0;

  constructor(private readonly maxBytes: number) {}

  get(key: string, version: number): CachedResponse | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    this.entries.delete(key);
    if (entry.version !== version) {
      this.bytes -= entry.body.length;
      return undefined;
    }
    this.entries.set(key, entry);
    return entry;
  }

  /** Serializes `value` once; `version` must have been read before the data was. */
  set(key: string, version: number, value: unknown): CachedResponse {
    const body = Buffer.from(JSON.stringify(value));
    const entry = { body, etag: entityTagOf(body), version };
    if (body.length > this.maxBytes / 16) return entry;
    const previous = this.entries.get(key);
    if (previous) {
      this.entries.delete(key);
      this.bytes -= previous.body.length;
    }
    this.entries.set(key, entry);
    this.bytes += body.length;
    for (const [oldest, old] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.bytes -= old.body.length;
    }
    return entry;
  }
}
