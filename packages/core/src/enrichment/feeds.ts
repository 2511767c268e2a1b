import { ValidationError } from '../errors/secai-error.js';

export interface KevEntry {
  date_added: string;
  due_date: string;
  known_ransomware: boolean;
  name: string;
}

export interface EpssEntry {
  epss: number;
  percentile: number;
}

function feedError(file: string, message: string): ValidationError {
  return new ValidationError(`${file}: ${message}`, [{ code: 'invalid_feed', path: ['file'], message }], 'FEED_INVALID');
}

const CVE_ID = /^CVE-\d{4}-\d{4,}$/i;
/** A feed's `YYYY-MM-DD`, or '' for anything else (the value reaches a 10-character column). */
const isoDate = (v: unknown): string => (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : '');

/** CISA's Known Exploited Vulnerabilities catalog (its JSON feed), by CVE id. */
export function parseKev(text: string, file = 'kev.json'): { version: string | null; entries: Map<string, KevEntry> } {
  let doc: { catalogVersion?: string; vulnerabilities?: Record<string, unknown>[] };
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw feedError(file, `not valid JSON (${(err as Error).message})`);
  }
  if (!Array.isArray(doc?.vulnerabilities)) throw feedError(file, 'a KEV catalog has a "vulnerabilities" array');
  const entries = new Map<string, KevEntry>();
  for (const [i, v] of doc.vulnerabilities.entries()) {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw feedError(file, `vulnerabilities[${i}] is not an object`);
    if (typeof v.cveID !== 'string' || !CVE_ID.test(v.cveID)) continue;
    entries.set(v.cveID.toUpperCase(), {
      date_added: isoDate(v.dateAdded),
      due_date: isoDate(v.dueDate),
      known_ransomware: v.knownRansomwareCampaignUse === 'Known',
      name: String(v.vulnerabilityName ?? '').replaceAll('\0', ''),
    });
  }
  const version = typeof doc.catalogVersion === 'string' ? doc.catalogVersion.replaceAll('\0', '').slice(0, 64) : null;
  return { version, entries };
}

/** FIRST's daily EPSS CSV (`#model_version:…,score_date:…`, then `cve,epss,percentile`). */
export function parseEpss(text: string, file = 'epss.csv'): { scoreDate: string | null; entries: Map<string, EpssEntry> } {
  const entries = new Map<string, EpssEntry>();
  let scoreDate: string | null = null;
  let header = false;
  for (const [i, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (line === '') continue;
    if (line.startsWith('#')) {
      scoreDate = /score_date:([\w:.+-]{1,40})/.exec(line)?.[1] ?? scoreDate;
      continue;
    }
    if (!header) {
      if (!/^cve,epss,percentile$/i.test(line)) throw feedError(file, `line ${i + 1}: expected the header "cve,epss,percentile"`);
      header = true;
      continue;
    }
    const [cve, epss, percentile] = line.split(',');
    const e = Number(epss);
    const p = Number(percentile);
    if (!cve || !CVE_ID.test(cve) || !Number.isFinite(e) || !Number.isFinite(p))
      throw feedError(file, `line ${i + 1} is not "CVE,score,percentile"`);
    entries.set(cve.toUpperCase(), { epss: e, percentile: p });
  }
  if (!header) throw feedError(file, 'no "cve,epss,percentile" header: not an EPSS file');
  return { scoreDate, entries };
}
