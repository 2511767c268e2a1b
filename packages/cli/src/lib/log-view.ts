import { type LogEvent as CoreLogEvent, getField } from '@secai/core/events';
import type { Collector, LogEvent } from '@secai/sdk';
import type { Column } from './output.js';

/** A field of an event by its dotted path (`event.id`, `host.hostname`). */
export const field = (event: LogEvent, path: string): unknown => getField(event as unknown as CoreLogEvent, path);

/** The host an event is about, by the first name it has. */
const hostOf = (e: LogEvent) => field(e, 'host.name') ?? field(e, 'host.hostname') ?? (field(e, 'host.ip') as string[] | undefined)?.[0];

export const logColumns: Column<LogEvent>[] = [
  { key: 'time', header: 'TIME', get: (e) => e['@timestamp'] },
  { key: 'host', header: 'HOST', get: hostOf, fit: 'keep' },
  {
    key: 'source',
    header: 'SOURCE',
    get: (e) => field(e, 'event.dataset') ?? field(e, 'secai.source') ?? field(e, 'secai.format'),
    optional: true,
  },
  { key: 'message', header: 'MESSAGE', get: (e) => field(e, 'message') ?? field(e, 'log.original'), fit: 'text' },
  { key: 'id', header: 'ID', get: (e) => field(e, 'event.id'), optional: true },
];

/** A column for any event field: `--fields user.name,source.ip`. */
const fieldColumn = (path: string): Column<LogEvent> => ({
  key: path,
  header: path.toUpperCase(),
  get: (e) => {
    const value = field(e, path);
    return Array.isArray(value) ? value.join(',') : value;
  },
});

/** Fields the fixed columns of `logs search` show already, by path or by column name. */
const SHOWN_BY_FIXED_COLUMN = new Set(['@timestamp', 'time', 'host', 'message']);

/**
 * The columns of `logs search --fields`: time and host, each field asked for once, then the
 * message. A field a fixed column shows (`message`, `@timestamp`, `host`) is that column, not a
 * second one.
 * @example searchColumns(['message', 'user.name', 'user.name']).map((c) => c.key) // ['time', 'host', 'user.name', 'message']
 */
export function searchColumns(fields: readonly string[]): Column<LogEvent>[] {
  const [time, host, , message] = logColumns as [Column<LogEvent>, Column<LogEvent>, Column<LogEvent>, Column<LogEvent>];
  const extra = [...new Set(fields)].filter((f) => !SHOWN_BY_FIXED_COLUMN.has(f)).map(fieldColumn);
  return [time, host, ...extra, message];
}

export const collectorColumns: Column<Collector>[] = [
  { key: 'name', header: 'NAME', get: (c) => c.name, fit: 'keep' },
  { key: 'kind', header: 'KIND', get: (c) => c.kind },
  { key: 'listen', header: 'LISTEN', get: (c) => c.listen },
  { key: 'received', header: 'RECEIVED', get: (c) => c.counters.received },
  { key: 'parsed', header: 'PARSED', get: (c) => c.counters.parsed },
  { key: 'unparsed', header: 'UNPARSED', get: (c) => c.counters.unparsed },
  { key: 'dropped', header: 'DROPPED', get: (c) => c.counters.dropped },
  { key: 'stored', header: 'STORED', get: (c) => c.counters.stored },
  { key: 'duplicates', header: 'DUPLICATES', get: (c) => c.counters.duplicates, optional: true },
  { key: 'bytes', header: 'BYTES', get: (c) => c.counters.bytes, optional: true },
];

/** One line for `secai logs tail`: time, host, message. */
export function tailLine(event: LogEvent): string {
  const message = String(field(event, 'message') ?? field(event, 'log.original') ?? '');
  return `${event['@timestamp']} ${hostOf(event) ?? '-'} ${message}\n`;
}

const BLOCKS = ' ▁▂▃▄▅▆▇█';

/** A bar of `width` characters for count / max, for histograms in the terminal. */
export function bar(count: number, max: number, width = 30): string {
  if (max <= 0 || count <= 0) return '';
  const eighths = Math.max(1, Math.round((count / max) * width * 8));
  return '█'.repeat(Math.floor(eighths / 8)) + (eighths % 8 ? (BLOCKS[eighths % 8] as string) : '');
}
