import { asArray, cvesIn, cweIds, type Finding, finding, normalizeSeverity, reportError } from './finding.js';

type Json = Record<string, unknown>;

/** nuclei output: JSON Lines (`-jsonl`, old and new key names) or the `-json-export` array. */
export function parseNuclei(text: string, file: string): Finding[] {
  const trimmed = text.trim();
  if (trimmed === '') return [];
  let records: Json[];
  if (trimmed.startsWith('[')) {
    records = JSON.parse(trimmed) as Json[];
  } else {
    records = trimmed.split(/\r?\n/).map((line, i) => {
      try {
        return JSON.parse(line) as Json;
      } catch {
        throw reportError(file, `line ${i + 1} is not valid JSON`, { line: i + 1 });
      }
    });
  }
  return records.map((r) => {
    const info = (r.info ?? {}) as Json;
    const classification = (info.classification ?? {}) as Json;
    const template = String(r['template-id'] ?? r.templateID ?? 'unknown');
    const matcher = (r['matcher-name'] ?? r.matcher_name) as string | undefined;
    const cvss = classification['cvss-metrics'] as string | undefined;
    return finding({
      scanner: 'nuclei',
      rule_id: matcher ? `${template}:${matcher}` : template,
      title: String(info.name ?? template),
      description: (info.description as string | undefined)?.trim() || null,
      severity: normalizeSeverity(info.severity as string),
      cve_ids: cvesIn(...asArray(classification['cve-id'] as string[]), template),
      cwe_ids: cweIds(classification['cwe-id']),
      cvss_vector: cvss?.startsWith('CVSS:') ? cvss : null,
      cvss_score: Number(classification['cvss-score']) || null,
      location: String(r['matched-at'] ?? r.matched ?? r.host ?? '') || null,
      asset: (r.host as string | undefined) ?? null,
    });
  });
}
