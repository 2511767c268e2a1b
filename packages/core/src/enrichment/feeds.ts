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
    if (typeof v.cveID !== 'string') continue;
    entries.set(v.cveID.toUpperCase(), {
      date_added: String(v.dateAdded ?? ''),
      due_date: String(v.dueDate ?? ''),
      known_ransomware: v.knownRansomwareCampaignUse === 'Known',
      name: String(v.vulnerabilityName ?? ''),
    });
  }
  return { version: doc.catalogVersion ?? null, entries };
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
      scoreDate = /score_date:([^,\s]+)/.exec(line)?.[1] ?? scoreDate;
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
    if (!cve || !Number.isFinite(e) || !Number.isFinite(p)) throw feedError(file, `line ${i + 1} is not "CVE,score,percentile"`);
    entries.set(cve.toUpperCase(), { epss: e, percentile: p });
  }
  if (!header) throw feedError(file, 'no "cve,epss,percentile" header: not an EPSS file');
  return { scoreDate, entries };
}
