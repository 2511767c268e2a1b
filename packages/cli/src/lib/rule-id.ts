import { NotFoundError, ValidationError } from '@secai/core/errors';
import type { DetectionRuleDetail, Secai } from '@secai/sdk';
import { isFullId, isIdPrefix } from './resolve.js';

/** Candidates named in an "ambiguous" error. */
const MAX_CANDIDATES = 10;
/**
 * A rule by its id, its Sigma id, or the short id `rules list` shows (an id prefix).
 * @example await findRule(client, '0b5b4f3e') // the rule whose id starts with 0b5b4f3e
 */
export async function findRule(client: Secai, value: string): Promise<DetectionRuleDetail> {
  try {
    return await client.rules.get(value);
  } catch (err) {
    if (!(err instanceof Error && (err as { code?: string }).code === 'RULE_NOT_FOUND') || isFullId(value) || !isIdPrefix(value)) throw err;
    const prefix = value.toLowerCase();
    const matches = (await client.rules.list({ id_prefix: prefix, limit: MAX_CANDIDATES + 1 })).data;
    if (matches.length === 0) throw new NotFoundError('RULE_NOT_FOUND', `No rule with id, Sigma id or short id ${value}`, { id: value });
    if (matches.length > 1) {
      const shown = matches.slice(0, MAX_CANDIDATES).map((m) => `${m.id}  ${m.rule_set}  ${m.title}`);
      const count = matches.length > MAX_CANDIDATES ? `more than ${MAX_CANDIDATES}` : String(matches.length);
      throw new ValidationError(
        `"${value}" matches ${count} rules; give more of the id:\n  ${shown.join('\n  ')}`,
        [{ code: 'ambiguous', path: [], message: `matches ${count} rules` }],
        'ID_AMBIGUOUS',
      );
    }
    return client.rules.get((matches[0] as { id: string }).id);
  }
}
