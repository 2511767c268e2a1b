import { Args } from '@oclif/core';
import { NotFoundError, ValidationError } from '@secai/core/errors';
import { SecaiCommand } from '../../lib/base-command.js';
import { EXIT } from '../../lib/exit-codes.js';
import { MIN_ID_PREFIX } from '../../lib/resolve.js';
import { findRule } from '../../lib/rule-id.js';

export default class RulesUnexcept extends SecaiCommand<typeof RulesUnexcept> {
  static override strict = false;
  static override summary = 'remove exceptions from a detection rule';
  static override usage = '<%= command.id %> <rule-id> <exception-id>...';
  static override args = {
    rule: Args.string({ description: 'rule id, its first 6+ characters, or its Sigma id', required: true }),
  };
  static override examples = ['<%= config.bin %> <%= command.id %> 0b5b4f3e 7c1d9e2a-5b3f-4a8e-9d6c-0e1f2a3b4c5d'];

  async run(): Promise<{ removed: string[] }> {
    const [, ...given] = this.argList.filter(Boolean);
    if (given.length === 0) {
      this.error('Give the ids of the exceptions to remove.', {
        exit: EXIT.USAGE,
        code: 'USAGE',
        suggestions: ['`secai rules show <rule-id>` lists them.'],
      });
    }
    const client = this.client();
    const rule = await findRule(client, this.argList[0] as string);
    // Exception ids as shown, or the start of them: the rule's own are few, so they are matched here.
    const ids = given.map((value) => {
      const matches = rule.exceptions.filter(
        (e) => e.id === value || (value.length >= MIN_ID_PREFIX && e.id.startsWith(value.toLowerCase())),
      );
      if (matches.length === 1) return (matches[0] as { id: string }).id;
      if (matches.length > 1) {
        throw new ValidationError(
          `"${value}" matches ${matches.length} exceptions of the rule; give more of the id`,
          [{ code: 'ambiguous', path: [], message: `matches ${matches.length} exceptions` }],
          'ID_AMBIGUOUS',
        );
      }
      throw new NotFoundError('RULE_EXCEPTION_NOT_FOUND', `${rule.title} has no exception ${value}`, { rule_id: rule.id, id: value });
    });
    for (const id of ids) {
      await client.rules.deleteException(rule.id, id);
      this.notice(`Removed exception ${id} from ${rule.title}`);
    }
    return { removed: ids };
  }
}
