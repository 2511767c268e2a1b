import { ValidationError } from '../errors/secai-error.js';
import { baseMetrics, type CvssVersion, METRICS } from './metrics.js';

export interface ParsedCvss {
  version: CvssVersion;
  /** Metric → value, in the order given. */
  metrics: Map<string, string>;
}

function invalid(vector: string, message: string, details: { metric?: string; value?: string; position?: number } = {}): ValidationError {
  const error = new ValidationError(
    `Invalid CVSS vector "${vector}": ${message}`,
    [{ code: 'invalid_cvss', path: details.metric ? ['vector', details.metric] : ['vector'], message }],
    'CVSS_VECTOR_INVALID',
  );
  Object.assign(error.details ?? {}, details);
  return error;
}

const PREFIX = /^CVSS:(3\.0|3\.1|4\.0)\//;

/**
 * Parses a vector strictly: a known version prefix (v2 vectors have none, possibly in
 * parentheses), known metrics with allowed values, no repeats, every base metric present.
 * Metric order is free, as FIRST's calculators accept.
 *
 * @example parseCvss('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H').version // '3.1'
 */
export function parseCvss(input: string): ParsedCvss {
  const vector = input.trim();
  if (vector === '') throw invalid(input, 'the vector is empty');
  const prefix = PREFIX.exec(vector);
  let version: CvssVersion;
  let body: string;
  if (prefix) {
    version = prefix[1] as CvssVersion;
    body = vector.slice(prefix[0].length);
  } else if (/^CVSS:/i.test(vector)) {
    throw invalid(input, `unknown version ${vector.split('/')[0]}; secai scores CVSS:3.0, CVSS:3.1, CVSS:4.0 and v2 vectors`);
  } else {
    version = '2.0';
    body = vector.replace(/^\((.*)\)$/, '$1');
  }
  const defs = METRICS[version];
  const metrics = new Map<string, string>();
  let position = (prefix?.[0].length ?? 0) + 1;
  for (const part of body.split('/')) {
    const [name, value, extra] = part.split(':');
    if (!name || value === undefined || value === '' || extra !== undefined) {
      throw invalid(input, `"${part}" at position ${position} is not METRIC:VALUE`, { position });
    }
    const def = defs[name];
    if (!def) throw invalid(input, `unknown metric ${name} for CVSS ${version}`, { metric: name, value, position });
    if (!def.values.includes(value)) {
      throw invalid(input, `${name}:${value} is not allowed; ${name} takes ${def.values.join(', ')}`, { metric: name, value, position });
    }
    if (metrics.has(name)) throw invalid(input, `metric ${name} appears twice`, { metric: name, value, position });
    metrics.set(name, value);
    position += part.length + 1;
  }
  const missing = baseMetrics(version).filter((m) => !metrics.has(m));
  if (missing.length > 0) {
    throw invalid(input, `missing base metric${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`, { metric: missing[0] as string });
  }
  return { version, metrics };
}
