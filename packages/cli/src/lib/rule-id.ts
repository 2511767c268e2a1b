import { NotFoundError, ValidationError } from '@secai/core/errors';
import type { DetectionRuleDetail, Secai } from '@secai/sdk';
import { isFullId, isIdPrefix } from './resolve.js';

/** Candidates named in an "ambiguous" error. */
const MAX_CANDIDATES = 10;
/** Rules asked for per page when a short id is looked for among them all (a SigmaHQ set has ~3,000). */
const SCAN_PAGE = 1000;

/**
 * A rule by its id, its Sigma id, or the short id `rules list` shows. The server takes the first
 * two; a short id is looked for among all the rules, as the rules API has no id-prefix filter
 * (a few pages of 1,000, only when the value is not an id or Sigma id the server knows).
 * @example await findRule(client, '0b5b4f3e') // the rule whose id starts with 0b5b4f3e
 */
export async function findRule(client: Secai, value: string): Promise<DetectionRuleDetail> {
  try {
    return await client.rules.get(value);
  } catch (err) {
    if (!(err instanceof Error && (err as { code?: string }).code === 'RULE_NOT_FOUND') || isFullId(value) || !isIdPrefix(value)) throw err;
    const prefix = value.toLowerCase();
    const matches: { id: string; title: string; rule_set: string }[] = [];
    for await (const rule of client.rules.list({ limit: SCAN_PAGE })) if (rule.id.startsWith(prefix)) matches.push(rule);
    if (matches.length === 0) throw new NotFoundError('RULE_NOT_FOUND', `No rule with id, Sigma id or short id ${value}`, { id: value });
    if (matches.length > 1) {
      const shown = matches.slice(0, MAX_CANDIDATES).map((m) => `${m.id}  ${m.rule_set}  ${m.title}`);
      throw new ValidationError(
        `"${value}" matches ${matches.length} rules; give more of the id:\n  ${shown.join('\n  ')}`,
        [{ code: 'ambiguous', path: [], message: `matches ${matches.length} rules` }],
        'ID_AMBIGUOUS',
      );
    }
    return client.rules.get((matches[0] as { id: string }).id);
  }
}
