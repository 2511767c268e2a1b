import { ValidationError } from '@secai/core';
import type { LogFormat } from '@secai/core/events';
import type { RawRecord } from './intake.js';

/** A line longer than this is refused with its number: beyond any real log record, and memory. */
export const MAX_LINE_CHARS = 1024 * 1024;
const MAX_ID_CHARS = 128;

export interface IngestOrigin {
  collector: string;
  receivedAt: number;
  source?: string;
  format?: LogFormat;
  peer?: string;
}

export interface IngestBatch {
  records: RawRecord[];
  rejected: { line: number; error: string }[];
}

/**
 * The body of `POST /v1/ingest` as records, by its content type: NDJSON (`application/x-ndjson`,
 * `application/jsonl`) one JSON value per line; `application/json` an array of them, or one
 * object; anything else plain text, one record per line. A JSON value is a string (a line as a
 * system wrote it) or an object (an event already in JSON: Windows, EVE, ECS…), parsed by the
 * JSON formats; an object's `event.id` becomes the record's id, so a retried batch is stored once.
 * Empty lines are skipped; anything else that cannot be a record is rejected by its number, and
 * the rest is accepted.
 */
export function ingestBatch(body: string, contentType: string | undefined, origin: IngestOrigin): IngestBatch {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const batch: IngestBatch = { records: [], rejected: [] };
  if (type === 'application/json') {
    let value: unknown;
    try {
      value = JSON.parse(body);
    } catch (err) {
      throw new ValidationError(`The body is not JSON: ${(err as Error).message}`, [
        { code: 'invalid_json', path: [], message: 'send a JSON array, or NDJSON as application/x-ndjson' },
      ]);
    }
    const items = Array.isArray(value) ? value : [value];
    for (const [i, item] of items.entries()) add(batch, item, i + 1, undefined, origin);
    return batch;
  }
  const ndjson = type === 'application/x-ndjson' || type === 'application/jsonl' || type === 'application/ndjson';
  let number = 0;
  for (const line of body.split('\n')) {
    number++;
    const text = line.endsWith('\r') ? line.slice(0, -1) : line;
    if (text.trim() === '') continue;
    if (!ndjson) {
      add(batch, text, number, text, origin);
      continue;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      batch.rejected.push({ line: number, error: `not JSON: ${(err as Error).message}` });
      continue;
    }
    add(batch, value, number, typeof value === 'string' ? value : text, origin);
  }
  return batch;
}

function add(batch: IngestBatch, item: unknown, number: number, text: string | undefined, origin: IngestOrigin): void {
  let line: string;
  let id: string | undefined;
  if (typeof item === 'string') {
    line = item;
  } else if (item !== null && typeof item === 'object' && !Array.isArray(item)) {
    line = text ?? JSON.stringify(item);
    const eventId = (item as { event?: { id?: unknown } }).event?.id;
    if (eventId !== undefined) {
      if (typeof eventId !== 'string' || eventId.length === 0 || eventId.length > MAX_ID_CHARS) {
        batch.rejected.push({ line: number, error: `event.id must be a string of 1-${MAX_ID_CHARS} characters` });
        return;
      }
      id = eventId;
    }
  } else {
    batch.rejected.push({ line: number, error: 'not an event: send a JSON object or a string' });
    return;
  }
  if (line.trim() === '') {
    batch.rejected.push({ line: number, error: 'an empty line' });
    return;
  }
  if (line.length > MAX_LINE_CHARS) {
    batch.rejected.push({ line: number, error: `longer than ${MAX_LINE_CHARS.toLocaleString('en')} characters` });
    return;
  }
  batch.records.push({
    line,
    receivedAt: origin.receivedAt,
    collector: origin.collector,
    ...(origin.source && { source: origin.source }),
    ...(origin.format && { format: origin.format }),
    ...(origin.peer && { peer: origin.peer }),
    ...(id && { id }),
  });
}
