import { z } from 'zod';
import { asArray, cvesIn, cweIds, type Finding, finding, parseJson, reportError, scannerSeverity } from './finding.js';
import { checkReport, idLike, optionalRecord, record, text } from './report-shape.js';

type Json = Record<string, unknown>;

const NucleiRecord = record({
  'template-id': text,
  templateID: text,
  'matcher-name': text,
  matcher_name: text,
  'matched-at': text,
  matched: text,
  host: text,
  info: optionalRecord({
    name: text,
    description: text,
    severity: text,
    classification: optionalRecord({ 'cvss-metrics': text, 'cvss-score': idLike.nullish() }),
  }),
}).refine((r) => typeof (r['template-id'] ?? r.templateID) === 'string', {
  message: 'a nuclei result names its template (template-id)',
});

/** nuclei output: JSON Lines (`-jsonl`, old and new key names) or the `-json-export` array. */
export function parseNuclei(text: string, file: string): Finding[] {
  const trimmed = text.trim();
  if (trimmed === '') return [];
  let records: Json[];
  if (trimmed.startsWith('[')) {
    records = checkReport(z.array(NucleiRecord), parseJson(trimmed, file), file, 'nuclei') as Json[];
  } else {
    records = trimmed.split(/\r?\n/).map((line, i) => {
      let record: unknown;
      try {
        record = JSON.parse(line);
      } catch {
        throw reportError(file, `line ${i + 1} is not valid JSON`, { line: i + 1 });
      }
      return checkReport(NucleiRecord, record, file, 'nuclei', [`line ${i + 1}`]) as Json;
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
      severity: scannerSeverity(info.severity),
      cve_ids: cvesIn(...asArray(classification['cve-id'] as string[]), template),
      cwe_ids: cweIds(classification['cwe-id']),
      cvss_vector: cvss?.startsWith('CVSS:') ? cvss : null,
      cvss_score: Number(classification['cvss-score']) || null,
      location: String(r['matched-at'] ?? r.matched ?? r.host ?? '') || null,
      asset: (r.host as string | undefined) ?? null,
    });
  });
}
