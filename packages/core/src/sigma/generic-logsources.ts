// Logsources other than Windows: which product, service and category an event is, and how a
// rule's field names are read from it. An event says so itself in `secai.logsource` (set from a
// source's configuration, or by `secai detect test --logsource`); otherwise it is known from
// what the parsers made of it: Zeek logs, web access logs, Linux syslog programs and auditd, AWS
// CloudTrail.
import type { LogEvent } from '../events/event.js';

export interface Logsource {
  product?: string;
  service?: string;
  category?: string;
}

/** A rule's or an event's logsource as a key: `ls:product|service|category`, lower case, empty where unset. */
export const logsourceKey = (ls: Logsource): string =>
  `ls:${(ls.product ?? '').toLowerCase()}|${(ls.service ?? '').toLowerCase()}|${(ls.category ?? '').toLowerCase()}`;

type Doc = Record<string, unknown>;
const part = (e: LogEvent, name: string): Doc | undefined => (e as unknown as Doc)[name] as Doc | undefined;

/** What the event is, as Sigma's taxonomy names it (several for a syslog line: its program, and auth or syslog). */
export function eventLogsources(event: LogEvent): Logsource[] {
  const declared = event.secai?.logsource;
  if (declared && typeof declared === 'object') return [declared];
  const module = event.event?.module;
  if (module === 'zeek') return [{ product: 'zeek', service: String(event.event?.dataset ?? '').replace(/^zeek\./, '') }];
  const format = part(event, 'secai')?.format;
  if (format === 'access') return [{ category: 'webserver' }];
  // JSON that is not ECS is kept under `json` (json.ts); ECS-like JSON at the top.
  const doc = (part(event, 'json') ?? event) as Doc;
  if (typeof doc.eventSource === 'string' && doc.eventSource.endsWith('.amazonaws.com') && typeof doc.eventName === 'string')
    return [{ product: 'aws', service: 'cloudtrail' }];
  const kv = part(event, 'kv');
  if (format === 'kv' && typeof kv?.type === 'string' && String(kv.msg ?? '').startsWith('audit('))
    return [{ product: 'linux', service: 'auditd' }];
  if (format === 'syslog') {
    const facility = ((event.log as Doc | undefined)?.syslog as Doc | undefined)?.facility as Doc | undefined;
    const program = event.process?.name;
    const out: Logsource[] = [{ product: 'linux', service: 'syslog' }, { product: 'linux' }];
    if (program) out.push({ product: 'linux', service: program.toLowerCase() });
    if (facility?.name === 'auth' || facility?.name === 'authpriv') out.push({ product: 'linux', service: 'auth' });
    return out;
  }
  return [];
}

/** Sigma's web log fields (W3C extended log names) as the access log parser sets them. */
const WEB_FIELDS: Readonly<Record<string, string>> = {
  'c-uri': 'url.original',
  'c-uri-query': 'url.query',
  'c-uri-stem': 'url.path',
  'c-uri-extension': 'url.extension',
  'cs-uri-query': 'url.query',
  'cs-uri-stem': 'url.path',
  'cs-method': 'http.request.method',
  'sc-status': 'http.response.status_code',
  'c-useragent': 'user_agent.original',
  'cs-user-agent': 'user_agent.original',
  'cs-referrer': 'http.request.referrer',
  'cs-referer': 'http.request.referrer',
  'c-ip': 'source.ip',
  'cs-host': 'url.domain',
  'cs-version': 'http.version',
  'sc-bytes': 'http.response.body.bytes',
};
const WEB_CATEGORIES = new Set(['webserver', 'proxy']);

/**
 * A field as a path into the event (`userIdentity.type`), or a key holding dots; web categories
 * name W3C fields; auditd's (`type`, `a0`, `exe`) are the record's key=value pairs.
 */
export function genericAccess(ls: Logsource): (field: string) => (event: LogEvent) => unknown {
  const web = WEB_CATEGORIES.has((ls.category ?? '').toLowerCase());
  const auditd = ls.service?.toLowerCase() === 'auditd';
  return (field) => {
    const path = (web ? WEB_FIELDS[field.toLowerCase()] : undefined) ?? (auditd ? `kv.${field}` : field);
    const steps = path.split('.');
    const find = (root: unknown): unknown => {
      const whole = (root as Doc)[path];
      if (whole !== undefined) return whole;
      let at: unknown = root;
      for (const step of steps) {
        if (typeof at !== 'object' || at === null) return undefined;
        at = (at as Doc)[step];
      }
      return at;
    };
    // The field as the event has it, or in the JSON it was parsed from when that is kept apart.
    return (event) => find(event) ?? (part(event, 'json') ? find(part(event, 'json')) : undefined);
  };
}

/** Every leaf value of the event, lower-cased, one per line: where anchors of rules on it are looked for. */
export function leafText(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) leafText(v, out);
  else if (typeof value === 'object' && value !== null) for (const key in value as Doc) leafText((value as Doc)[key], out);
  else if (value !== undefined && value !== null) out.push(String(value).toLowerCase());
  return out;
}
